"""The GIL is released during I/O, and Ctrl-C interrupts a transfer
cleanly: no partial file, no object, no leftover upload."""

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

from newtera import Newtera
from support import Relay

SIZE = 8 * 1024 * 1024
RATE = 2 * 1024 * 1024  # bytes per second through the relay: a 4 s download


def slow_client(server, relay):
    return Newtera(relay.url, access_key=server.access_key, secret_key=server.secret_key,
                   region=server.region)


def test_gil_is_released_while_a_transfer_waits(client, bucket, server):
    client.put_object(bucket, "big", io.BytesIO(b"g" * SIZE), SIZE)
    relay = Relay(server.host, server.port, rate=RATE)
    slow = slow_client(server, relay)
    done = threading.Event()

    def download():
        try:
            slow.get_object(bucket, "big").read()
        finally:
            done.set()

    worker = threading.Thread(target=download)
    worker.start()
    time.sleep(0.2)
    spins, started = 0, time.monotonic()
    while not done.is_set() and time.monotonic() - started < 1.0:
        spins += 1
    worker.join()
    relay.close()
    # Pure-Python work went on at full speed meanwhile (millions of spins a
    # second; a held GIL would allow a few hundred switches).
    assert spins > 100_000, spins


SCRIPT = textwrap.dedent("""
    import io, os, sys, time
    from newtera import Newtera
    endpoint, access, secret, region, bucket, target, mode = sys.argv[1:8]
    c = Newtera(endpoint, access_key=access, secret_key=secret, region=region)

    class Slow:
        def __init__(self):
            self.left = 64 * 1024 * 1024
        def read(self, n):
            time.sleep(0.05)
            n = min(n, self.left, 256 * 1024)
            self.left -= n
            return b"s" * n

    print("START", flush=True)
    t = time.monotonic()
    try:
        if mode == "fget":
            c.fget_object(bucket, "big", target)
        else:
            c.put_object(bucket, "interrupted", Slow(), 64 * 1024 * 1024)
        print("FINISHED", flush=True)
    except KeyboardInterrupt:
        print("INTERRUPTED after %.1f s" % (time.monotonic() - t), flush=True)
""")


def interrupt(server, endpoint, bucket, target, mode):
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, endpoint, server.access_key, server.secret_key,
         server.region, bucket, target, mode],
        stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "START"
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    return out


def test_ctrl_c_interrupts_fget_object_and_leaves_no_file(client, bucket, server, tmp_path):
    client.put_object(bucket, "big", io.BytesIO(b"g" * SIZE), SIZE)
    relay = Relay(server.host, server.port, rate=RATE)
    target = tmp_path / "out.bin"
    out = interrupt(server, relay.url, bucket, str(target), "fget")
    relay.close()
    assert out.startswith("INTERRUPTED"), out
    assert float(out.split()[2]) < 3.0, out  # promptly, not at the end
    assert os.listdir(tmp_path) == [], os.listdir(tmp_path)


def test_ctrl_c_interrupts_put_object_and_leaves_no_object(client, bucket, server):
    out = interrupt(server, server.endpoint, bucket, "-", "put")
    assert out.startswith("INTERRUPTED"), out
    assert [o.object_name for o in client.list_objects(bucket)] == []
    if server.kind != "s3s-fs":  # s3s-fs cannot list uploads
        # Garage's upload index may follow an abort a moment later.
        for _ in range(20):
            left = list(client.list_incomplete_uploads(bucket))
            if not left:
                break
            time.sleep(0.25)
        assert left == []
