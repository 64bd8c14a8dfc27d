"""The Python side of the newtera benchmark harness.

Runs one workload with one client (newtera-py, minio-py or boto3) and prints one JSON
line, as the Rust child processes do: wall seconds, CPU seconds, RSS before
and peak RSS during the workload, p50/p99 latency.
Invoked by `newtera-bench` with the same flags as its Rust children.
"""

import argparse
import io
import json
import os
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def status_kib(name):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(name):
                return int(line.split()[1])
    return 0


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def payload(size):
    pattern = bytes(i % 251 for i in range(251))
    whole, rest = divmod(size, 251)
    return pattern * whole + pattern[:rest]


def small_key(i):
    return "small/%d-4096" % (i % 256)


class NewteraPy:
    """newtera's Python package: the seed's API (minio-py's names) on the Rust
    client. Part size and parallel parts are the Rust defaults (8 MiB, 4),
    which are also the harness's defaults."""

    def __init__(self, a):
        from newtera import Newtera

        self.c = Newtera(a.endpoint, access_key=a.access, secret_key=a.secret, region=a.region)
        self.b = a.bucket

    def put(self, key, data):
        self.c.put_object(self.b, key, io.BytesIO(data), len(data))

    def put_file(self, key, path):
        self.c.fput_object(self.b, key, path)

    def get(self, key):
        r = self.c.get_object(self.b, key)
        try:
            return len(r.read())
        finally:
            r.release_conn()

    def get_file(self, key, path):
        return self.c.fget_object(self.b, key, path).size

    def head(self, key):
        return self.c.stat_object(self.b, key).size

    def list(self, prefix):
        return sum(1 for _ in self.c.list_objects(self.b, prefix=prefix, recursive=True))

    def delete_many(self, keys):
        errors = list(self.c.remove_objects(self.b, keys))
        if errors:
            raise RuntimeError("%d keys not deleted" % len(errors))

    def presign(self, key):
        from datetime import timedelta

        return self.c.presigned_get_object(self.b, key, expires=timedelta(hours=1))


class Minio:
    def __init__(self, a):
        from minio import Minio as M
        from urllib.parse import urlparse

        u = urlparse(a.endpoint)
        self.c = M(u.netloc, access_key=a.access, secret_key=a.secret,
                   secure=u.scheme == "https", region=a.region)
        self.b = a.bucket
        self.part = a.part
        self.par = a.par

    def put(self, key, data):
        self.c.put_object(self.b, key, io.BytesIO(data), len(data),
                          part_size=max(self.part, 5 << 20), num_parallel_uploads=self.par)

    def put_file(self, key, path):
        self.c.fput_object(self.b, key, path, part_size=max(self.part, 5 << 20),
                           num_parallel_uploads=self.par)

    def get(self, key):
        r = self.c.get_object(self.b, key)
        try:
            return len(r.read())
        finally:
            r.close()
            r.release_conn()

    def get_file(self, key, path):
        return self.c.fget_object(self.b, key, path).size

    def head(self, key):
        return self.c.stat_object(self.b, key).size

    def list(self, prefix):
        return sum(1 for _ in self.c.list_objects(self.b, prefix=prefix, recursive=True))

    def delete_many(self, keys):
        from minio.deleteobjects import DeleteObject

        errors = list(self.c.remove_objects(self.b, (DeleteObject(k) for k in keys)))
        if errors:
            raise RuntimeError("%d keys not deleted" % len(errors))

    def presign(self, key):
        from datetime import timedelta

        return self.c.presigned_get_object(self.b, key, expires=timedelta(hours=1))


class Boto3:
    def __init__(self, a):
        import boto3
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config

        self.c = boto3.client(
            "s3", endpoint_url=a.endpoint, aws_access_key_id=a.access,
            aws_secret_access_key=a.secret, region_name=a.region,
            config=Config(s3={"addressing_style": "path"}, max_pool_connections=64,
                          retries={"max_attempts": 1}))
        self.b = a.bucket
        self.t = TransferConfig(multipart_threshold=5 << 20, multipart_chunksize=a.part,
                                max_concurrency=a.par)

    def put(self, key, data):
        if len(data) <= (5 << 20):
            self.c.put_object(Bucket=self.b, Key=key, Body=data)
        else:
            self.c.upload_fileobj(io.BytesIO(data), self.b, key, Config=self.t)

    def put_file(self, key, path):
        self.c.upload_file(path, self.b, key, Config=self.t)

    def get(self, key):
        return len(self.c.get_object(Bucket=self.b, Key=key)["Body"].read())

    def get_file(self, key, path):
        self.c.download_file(self.b, key, path, Config=self.t)
        return os.path.getsize(path)

    def head(self, key):
        return self.c.head_object(Bucket=self.b, Key=key)["ContentLength"]

    def list(self, prefix):
        n = 0
        for page in self.c.get_paginator("list_objects_v2").paginate(Bucket=self.b, Prefix=prefix):
            n += len(page.get("Contents", []))
        return n

    def delete_many(self, keys):
        for i in range(0, len(keys), 1000):
            objs = [{"Key": k} for k in keys[i:i + 1000]]
            self.c.delete_objects(Bucket=self.b, Delete={"Objects": objs, "Quiet": True})

    def presign(self, key):
        return self.c.generate_presigned_url(
            "get_object", Params={"Bucket": self.b, "Key": key}, ExpiresIn=3600)


def timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def many(a, op):
    if a.conc <= 1:
        return [timed(op, i) for i in range(a.count)]
    with ThreadPoolExecutor(max_workers=a.conc) as pool:
        return list(pool.map(lambda i: timed(op, i), range(a.count)))


def expect(got, want):
    if got != want:
        raise RuntimeError("expected %d, got %d" % (want, got))


def run(a):
    client = {"newtera-py": NewteraPy, "minio-py": Minio, "boto3": Boto3}[a.client](a)
    small = payload(4096)
    big_key = "big-%d" % a.size
    big = payload(a.size) if a.workload == "put_mem" else b""
    download = os.path.join(a.dir, "download-" + a.client)
    upload = os.path.join(a.dir, "upload-%d" % a.size)
    if a.workload not in ("presign", "list", "delete"):
        try:
            client.head(small_key(0))
        except Exception:
            pass
    w = a.workload
    ops = {
        "put_small": lambda: many(a, lambda i: client.put(small_key(i), small)),
        "get_small": lambda: many(a, lambda i: client.get(small_key(i))),
        "head_small": lambda: many(a, lambda i: client.head(small_key(i))),
        "put_mem": lambda: [timed(client.put, big_key, big)],
        "put_file": lambda: [timed(client.put_file, big_key, upload)],
        "get_mem": lambda: [timed(lambda: expect(client.get(big_key), a.size))],
        "get_file": lambda: [timed(lambda: expect(client.get_file(big_key, download), a.size))],
        "list": lambda: [timed(lambda: expect(client.list("list/"), a.count))],
        "delete": lambda: [timed(client.delete_many, ["del/k%d" % i for i in range(a.count)])],
        "presign": lambda: [timed(client.presign, "photos/%d.jpg" % i) for i in range(a.count)],
    }
    reset_peak()
    base, cpu0, t0 = status_kib("VmRSS:"), cpu_seconds(), time.perf_counter()
    lat = sorted(ops[w]())
    secs, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    if os.path.exists(download):
        os.remove(download)
    q = lambda p: lat[min(len(lat) - 1, round((len(lat) - 1) * p))] * 1e6 if lat else 0
    return {"secs": secs, "cpu_s": cpu, "rss_base_kib": base, "rss_peak_kib": status_kib("VmHWM:"),
            "p50_us": q(0.5), "p90_us": q(0.9), "p99_us": q(0.99), "p999_us": q(0.999),
            "max_us": q(1.0), "ops": len(lat)}


def main():
    p = argparse.ArgumentParser()
    for name in ("client", "workload", "endpoint", "bucket", "region", "access", "secret", "dir"):
        p.add_argument("--" + name, required=True)
    for name in ("size", "count", "conc", "part", "par"):
        p.add_argument("--" + name, type=int, default=1)
    p.add_argument("--cpus", help="run on these CPUs only (the harness's --pin)")
    a = p.parse_args()
    if a.cpus:
        os.sched_setaffinity(0, {int(c) for c in a.cpus.split(",")})
    try:
        result = run(a)
    except Exception as e:  # Reported, not raised: the harness prints it.
        result = {"error": "%s: %s" % (type(e).__name__, str(e)[:300])}
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
