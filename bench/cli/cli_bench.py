"""The CLI benchmark: the commands people time, run as a user would.

Run by `cargo xtask bench --cli` (which installs the tools, builds the
release `newtera` and starts the servers); runnable alone with the venv's
python:

    cli_bench.py --server ceph --endpoint http://127.0.0.1:PORT --access AK \
        --secret SK --region us-east-1 --newtera target/release/newtera \
        --bin ~/.cache/newtera/cli-venv/bin --out target/bench

Workloads (each run is timed from spawn to exit, content verified after):
  put_big    one file of --big-mib MiB uploaded; read back, SHA-256 compared
  get_big    that object downloaded; the file's SHA-256 compared
  put_small  --small-count files of 4 KiB uploaded recursively; every key
             listed and each ETag compared with the file's MD5 (the server's
             MD5 of what it stored: all are single PUTs)
  get_small  that prefix downloaded recursively; every file's SHA-256 compared
Tools: newtera (cp), newtera-mirror (mirror, the recursive rows only),
aws (aws-cli `aws s3 cp`), s3cmd, rclone, minio (minio-py), boto3; each with
its defaults. Runs are interleaved: every repeat runs each tool once per
workload, the order rotated from repeat to repeat.
CPU is the user+system time of the tool's whole process tree (`wait4`).
Server CPU is the user+system time the server's processes (garage;
radosgw, ceph-osd, ceph-mon, ceph-mgr) spent during the run, from
/proc/PID/stat; with the tool's CPU it shows how busy the machine's cores
were, so a run bound by the server (or by the cores both share) can be
told from one bound by the tool. Every such process on the machine counts:
run the benchmark alone.
"""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
BUCKET = "clibench"
GIB = 1 << 30
WORKLOADS = ["put_big", "get_big", "put_small", "get_small"]
TOOLS = ["newtera", "newtera-mirror", "aws", "s3cmd", "rclone", "minio", "boto3"]
NEWTERA = ("newtera", "newtera-mirror")


SERVER_PROCESSES = ("garage", "radosgw", "ceph-osd", "ceph-mon", "ceph-mgr")


def server_cpu():
    """The CPU seconds (user + system) the server processes have used."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.find("(") + 1:stat.rfind(")")]
        if name in SERVER_PROCESSES:
            fields = stat[stat.rfind(")") + 2:].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = os.path.abspath(os.path.join(a.out, "cli-work"))
        self.src_big = os.path.join(self.work, "big.bin")
        self.src_small = os.path.join(self.work, "small")
        import boto3
        from botocore.config import Config

        self.s3 = boto3.client(
            "s3",
            endpoint_url=a.endpoint,
            aws_access_key_id=a.access,
            aws_secret_access_key=a.secret,
            region_name=a.region,
            config=Config(max_pool_connections=16, s3={"addressing_style": "path"}),
        )
        self.env = dict(os.environ)
        self.env.update(
            {
                "NEWTERA_ENDPOINT": a.endpoint,
                "NEWTERA_ACCESS_KEY": a.access,
                "NEWTERA_SECRET_KEY": a.secret,
                "NEWTERA_REGION": a.region,
                "NEWTERA_BENCH_ENDPOINT": a.endpoint,
                "NEWTERA_BENCH_ACCESS_KEY": a.access,
                "NEWTERA_BENCH_SECRET_KEY": a.secret,
                "NEWTERA_BENCH_REGION": a.region,
                "AWS_ACCESS_KEY_ID": a.access,
                "AWS_SECRET_ACCESS_KEY": a.secret,
                "AWS_DEFAULT_REGION": a.region,
                "AWS_CONFIG_FILE": os.path.join(self.work, "aws-config"),
                "AWS_SHARED_CREDENTIALS_FILE": os.path.join(self.work, "aws-none"),
                "RCLONE_CONFIG": os.path.join(self.work, "rclone.conf"),
                "RCLONE_CONFIG_BENCH_TYPE": "s3",
                "RCLONE_CONFIG_BENCH_PROVIDER": "Other",
                "RCLONE_CONFIG_BENCH_ENDPOINT": a.endpoint,
                "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": a.access,
                "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": a.secret,
                "RCLONE_CONFIG_BENCH_REGION": a.region,
                "PATH": a.bin + os.pathsep + os.environ.get("PATH", ""),
            }
        )
        # A machine-wide AWS_CA_BUNDLE makes rclone 1.60's S3 backend fail
        # ("unsupported transport"); the servers here are plain HTTP.
        for name in ("AWS_PROFILE", "AWS_CA_BUNDLE"):
            self.env.pop(name, None)
        self.variants = {}
        for spec in a.newtera_variants or []:
            name, _, args = spec.partition("=")
            self.variants[name] = args.split()

    # ----- setup -----
    def prepare(self):
        os.makedirs(self.work, exist_ok=True)
        with open(self.env["AWS_CONFIG_FILE"], "w") as f:
            f.write("[default]\ns3 =\n    addressing_style = path\n")
        open(self.env["RCLONE_CONFIG"], "a").close()
        netloc = self.a.endpoint.split("://", 1)[1]
        self.s3cfg = os.path.join(self.work, "s3cfg")
        with open(self.s3cfg, "w") as f:
            f.write(
                "[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\n"
                "host_bucket = %s\nuse_https = False\nbucket_location = %s\n"
                "signature_v2 = False\n" % (self.a.access, self.a.secret, netloc, netloc, self.a.region)
            )
        size = self.a.big_mib << 20
        if not os.path.exists(self.src_big) or os.path.getsize(self.src_big) != size:
            with open(self.src_big, "wb") as f:
                for _ in range(self.a.big_mib):
                    f.write(os.urandom(1 << 20))
        self.big_sha = sha256_file(self.src_big)
        if os.path.isdir(self.src_small) and len(os.listdir(self.src_small)) != self.a.small_count:
            shutil.rmtree(self.src_small)
        if not os.path.isdir(self.src_small):
            os.makedirs(self.src_small)
            for i in range(self.a.small_count):
                with open(os.path.join(self.src_small, "f%05d" % i), "wb") as f:
                    f.write(os.urandom(4096))
        self.small = {}
        for name in sorted(os.listdir(self.src_small)):
            with open(os.path.join(self.src_small, name), "rb") as f:
                data = f.read()
            self.small[name] = (hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest())
        try:
            self.s3.create_bucket(Bucket=BUCKET)
        except self.s3.exceptions.BucketAlreadyOwnedByYou:
            pass
        except Exception as e:  # Garage answers BucketAlreadyExists
            if "BucketAlready" not in str(e):
                raise
        # The download workloads' sources, stored once.
        self.s3.upload_file(self.src_big, BUCKET, "src/big.bin")
        with ThreadPoolExecutor(16) as pool:
            list(pool.map(lambda n: self.s3.upload_file(os.path.join(self.src_small, n), BUCKET, "src/small/" + n), self.small))

    def remove_prefix(self, prefix):
        keys = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
            keys += [{"Key": o["Key"]} for o in page.get("Contents", [])]
        for i in range(0, len(keys), 1000):
            self.s3.delete_objects(Bucket=BUCKET, Delete={"Objects": keys[i : i + 1000], "Quiet": True})

    # ----- the commands -----
    def command(self, tool, workload, dest):
        """The argv that runs `workload` with `tool`; `dest` is the local
        folder (downloads) or the key prefix (uploads) of this run."""
        big, small = self.src_big, self.src_small + "/"
        peer = [sys.executable, os.path.join(HERE, "peer.py")]
        out = os.path.join(dest, "big.bin") if workload == "get_big" else dest + "/"
        base = tool.split(" ")[0]
        if base in NEWTERA:
            nt = [self.a.newtera, "--quiet"]
            extra = self.variants.get(tool.split(" ")[1], []) if " " in tool else []
            if base == "newtera-mirror":
                return {
                    "put_small": nt + ["mirror"] + extra + [self.src_small, "env/%s/%s" % (BUCKET, dest)],
                    "get_small": nt + ["mirror"] + extra + ["env/%s/src/small" % BUCKET, out],
                }.get(workload)
            return {
                "put_big": nt + ["cp"] + extra + [big, "env/%s/%sbig.bin" % (BUCKET, dest)],
                "get_big": nt + ["cp"] + extra + ["env/%s/src/big.bin" % BUCKET, out],
                "put_small": nt + ["cp", "-r"] + extra + [small, "env/%s/%s" % (BUCKET, dest)],
                "get_small": nt + ["cp", "-r"] + extra + ["env/%s/src/small/" % BUCKET, out],
            }[workload]
        if base == "aws":
            aws = ["aws", "--endpoint-url", self.a.endpoint, "--only-show-errors", "s3", "cp"]
            return {
                "put_big": aws + [big, "s3://%s/%sbig.bin" % (BUCKET, dest)],
                "get_big": aws + ["s3://%s/src/big.bin" % BUCKET, out],
                "put_small": aws + ["--recursive", small, "s3://%s/%s" % (BUCKET, dest)],
                "get_small": aws + ["--recursive", "s3://%s/src/small/" % BUCKET, out],
            }[workload]
        if base == "s3cmd":
            s3cmd = ["s3cmd", "--config", self.s3cfg, "--no-progress", "--quiet"]
            return {
                "put_big": s3cmd + ["put", big, "s3://%s/%sbig.bin" % (BUCKET, dest)],
                "get_big": s3cmd + ["get", "s3://%s/src/big.bin" % BUCKET, out],
                "put_small": s3cmd + ["put", "--recursive", small, "s3://%s/%s" % (BUCKET, dest)],
                "get_small": s3cmd + ["get", "--recursive", "s3://%s/src/small/" % BUCKET, out],
            }[workload]
        if base == "rclone":
            rc = [self.a.rclone]
            return {
                "put_big": rc + ["copyto", big, "bench:%s/%sbig.bin" % (BUCKET, dest)],
                "get_big": rc + ["copyto", "bench:%s/src/big.bin" % BUCKET, out],
                "put_small": rc + ["copy", small, "bench:%s/%s" % (BUCKET, dest)],
                "get_small": rc + ["copy", "bench:%s/src/small/" % BUCKET, out],
            }[workload]
        if base in ("minio", "boto3"):
            return {
                "put_big": peer + [base, "put", big, "%s/%sbig.bin" % (BUCKET, dest)],
                "get_big": peer + [base, "get", "%s/src/big.bin" % BUCKET, out],
                "put_small": peer + [base, "put-dir", small, "%s/%s" % (BUCKET, dest)],
                "get_small": peer + [base, "get-dir", "%s/src/small/" % BUCKET, out],
            }[workload]
        raise SystemExit("unknown tool " + tool)

    # ----- one run -----
    def run(self, tool, workload, n):
        local = os.path.join(self.work, "out")
        shutil.rmtree(local, ignore_errors=True)
        os.makedirs(local)
        prefix = "run/%s-%d/" % (tool.replace(" ", "-"), n)
        upload = workload.startswith("put")
        argv = self.command(tool, workload, prefix if upload else local)
        if argv is None:
            return None
        server_before = server_cpu()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        server = server_cpu() - server_before
        if proc.returncode != 0:
            ok, why = False, "exit %d: %s" % (proc.returncode, err.decode(errors="replace").strip()[-300:])
        else:
            ok, why = self.verify(workload, local, prefix)
        if upload:
            self.remove_prefix(prefix)
            if self.a.gc_command:
                # Ceph keeps deleted data until its garbage collector runs;
                # a memory-backed OSD would fill up.
                subprocess.run(self.a.gc_command, shell=True, check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(local, ignore_errors=True)
        return {"tool": tool, "workload": workload, "wall": wall, "cpu": cpu, "server_cpu": server, "ok": ok, "why": why,
                "maxrss_kib": usage.ru_maxrss}

    def verify(self, workload, local, prefix):
        if workload == "put_big":
            h = hashlib.sha256()
            body = self.s3.get_object(Bucket=BUCKET, Key=prefix + "big.bin")["Body"]
            for chunk in body.iter_chunks(1 << 20):
                h.update(chunk)
            return h.hexdigest() == self.big_sha, "read back"
        if workload == "get_big":
            path = os.path.join(local, "big.bin")
            return os.path.exists(path) and sha256_file(path) == self.big_sha, "file sha256"
        if workload == "put_small":
            seen = {}
            for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
                for o in page.get("Contents", []):
                    seen[o["Key"][len(prefix):]] = o["ETag"].strip('"')
            bad = [n for n, (_, md5) in self.small.items() if seen.get(n) != md5]
            return not bad and len(seen) == len(self.small), "%d keys, %d wrong" % (len(seen), len(bad))
        if workload == "get_small":
            found = {}
            for root, _, files in os.walk(local):
                for name in files:
                    found[os.path.relpath(os.path.join(root, name), local)] = sha256_file(os.path.join(root, name))
            bad = [n for n, (sha, _) in self.small.items() if found.get(n) != sha]
            return not bad and len(found) == len(self.small), "%d files, %d wrong" % (len(found), len(bad))
        return False, "unknown workload"


def table(server, workload, rows, a, loads):
    """One markdown table: a row per tool (medians of its verified runs),
    then newtera ÷ the best other tool."""
    big = workload.endswith("big")
    unit = "GiB/s" if big else "objects/s"
    amount = a.big_mib / 1024 if big else a.small_count
    cpu_unit = "CPU s/GiB" if big else "CPU ms/object"
    lines = [
        "#### %s: %s (%s)" % (server, workload, "%d MiB" % a.big_mib if big else "%d × 4 KiB" % a.small_count),
        "",
        "load average during the runs: %s" % loads,
        "",
        "| tool | wall s (median, all runs) | %s | CPU s | %s | server CPU s | cores busy | verified runs |" % (unit, cpu_unit),
        "|---|---|---|---|---|---|---|---|",
    ]
    summary = {}
    for tool in sorted({r["tool"] for r in rows}, key=lambda t: (t.split(" ")[0] not in NEWTERA, t)):
        runs = [r for r in rows if r["tool"] == tool]
        good = [r for r in runs if r["ok"]]
        if not good:
            lines.append("| %s | failed: %s | | | | | | 0/%d |" % (tool, runs[0]["why"][:120].replace("|", "/"), len(runs)))
            continue
        wall = statistics.median(r["wall"] for r in good)
        cpu = statistics.median(r["cpu"] for r in good)
        speed = amount / wall
        per = cpu / amount if big else cpu * 1000 / amount
        server = statistics.median(r.get("server_cpu", 0.0) for r in good)
        # Tool and server CPU over the wall time: 2.0 is both cores busy.
        busy = statistics.median((r["cpu"] + r.get("server_cpu", 0.0)) / r["wall"] for r in good)
        summary[tool] = (speed, cpu)
        lines.append("| %s | %.2f (%s) | %s | %.2f | %.2f | %.2f | %.2f | %d/%d |" % (
            tool, wall, ", ".join("%.2f" % r["wall"] for r in good), ("%.3f" if big else "%.0f") % speed,
            cpu, per, server, busy, len(good), len(runs)))
    others = {t: v for t, v in summary.items() if t.split(" ")[0] not in NEWTERA}
    if others:
        best = max(others, key=lambda t: others[t][0])
        cheapest = min(others, key=lambda t: others[t][1])
        lines.append("")
        for tool, (speed, cpu) in summary.items():
            if tool.split(" ")[0] in NEWTERA:
                lines.append("%s ÷ best other (%s): **%.2f×** speed, %.2f× its CPU (%.2f× the cheapest, %s)" % (
                    tool, best, speed / others[best][0], cpu / others[best][1], cpu / others[cheapest][1], cheapest))
                lines.append("")
    return "\n".join(lines) + "\n"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--server", required=True)
    p.add_argument("--endpoint", required=True)
    p.add_argument("--access", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--newtera", required=True)
    p.add_argument("--rclone", default="rclone")
    p.add_argument("--bin", required=True, help="the venv's bin folder (aws, s3cmd)")
    p.add_argument("--out", default="target/bench")
    p.add_argument("--tools", default=",".join(TOOLS))
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--newtera-variant", dest="newtera_variants", action="append",
                   help="NAME=ARGS: also run `newtera NAME` with these extra arguments")
    p.add_argument("--gc-command", help="a shell command run after each upload's objects are removed")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--big-mib", type=int, default=1024)
    p.add_argument("--small-count", type=int, default=2000)
    a = p.parse_args()
    bench = Bench(a)
    bench.prepare()
    tools = a.tools.split(",") + ["newtera " + v for v in bench.variants]
    workloads = a.workloads.split(",")
    results = {w: [] for w in workloads}
    loads = {w: [] for w in workloads}
    for n in range(a.repeat):
        for w in workloads:
            k = n % len(tools)
            for tool in tools[k:] + tools[:k]:
                loads[w].append(float(loadavg().split()[0]))
                r = bench.run(tool, w, n)
                if r is None:
                    continue
                results[w].append(r)
                print("%s %-8s %-9s %-16s %7.2f s  cpu %6.2f s  server cpu %6.2f s  %s %s" % (
                    a.server, "run %d" % n, w, tool, r["wall"], r["cpu"], r["server_cpu"], "ok" if r["ok"] else "FAILED", r["why"]),
                    flush=True)
    md = "### %s (%d run(s) per cell, interleaved; tools: %s)\n\n" % (a.server, a.repeat, ", ".join(tools))
    for w in workloads:
        md += table(a.server, w, results[w], a, "%.1f–%.1f" % (min(loads[w]), max(loads[w]))) + "\n"
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "cli-%s.md" % a.server), "w") as f:
        f.write(md)
    with open(os.path.join(a.out, "cli-%s.json" % a.server), "w") as f:
        json.dump(results, f, indent=1)
    print(md)
    failed = sum(1 for w in workloads for r in results[w] if not r["ok"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
