"""minio-py and boto3 as a user would script them, for the CLI benchmark.

    peer.py minio|boto3 put|get|put-dir|get-dir SRC DEST

Each library is used the way its documentation recommends: minio-py's
`fput_object` / `fget_object`, boto3's transfer manager (`upload_file` /
`download_file`) with its default `TransferConfig`. A folder is sent or
fetched with a `ThreadPoolExecutor` of 10 threads (boto3's default connection
pool, and aws-cli's default `max_concurrent_requests`), one object per file,
as a user would write it. Remote paths are `BUCKET/KEY` (or `BUCKET/PREFIX/`).
The server comes from NEWTERA_BENCH_ENDPOINT, _ACCESS_KEY, _SECRET_KEY,
_REGION.
"""

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

THREADS = 10


def env(name):
    return os.environ["NEWTERA_BENCH_" + name]


def split(remote):
    bucket, _, key = remote.partition("/")
    return bucket, key


class MinioPeer:
    def __init__(self):
        from minio import Minio

        url = urlparse(env("ENDPOINT"))
        self.c = Minio(
            url.netloc,
            access_key=env("ACCESS_KEY"),
            secret_key=env("SECRET_KEY"),
            region=env("REGION"),
            secure=url.scheme == "https",
        )

    def put(self, path, bucket, key):
        self.c.fput_object(bucket, key, path)

    def get(self, bucket, key, path):
        self.c.fget_object(bucket, key, path)

    def keys(self, bucket, prefix):
        return [o.object_name for o in self.c.list_objects(bucket, prefix=prefix, recursive=True)]


class Boto3Peer:
    def __init__(self):
        import boto3

        self.c = boto3.client(
            "s3",
            endpoint_url=env("ENDPOINT"),
            aws_access_key_id=env("ACCESS_KEY"),
            aws_secret_access_key=env("SECRET_KEY"),
            region_name=env("REGION"),
        )

    def put(self, path, bucket, key):
        self.c.upload_file(path, bucket, key)

    def get(self, bucket, key, path):
        self.c.download_file(bucket, key, path)

    def keys(self, bucket, prefix):
        pages = self.c.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        return [o["Key"] for page in pages for o in page.get("Contents", [])]


def run_all(calls):
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for future in [pool.submit(*call) for call in calls]:
            future.result()


def main():
    lib, op, src, dest = sys.argv[1:5]
    peer = MinioPeer() if lib == "minio" else Boto3Peer()
    if op == "put":
        peer.put(src, *split(dest))
    elif op == "get":
        peer.get(*split(src), dest)
    elif op == "put-dir":
        bucket, prefix = split(dest)
        calls = []
        for root, _, files in os.walk(src):
            for name in files:
                path = os.path.join(root, name)
                key = prefix + os.path.relpath(path, src).replace(os.sep, "/")
                calls.append((peer.put, path, bucket, key))
        run_all(calls)
    elif op == "get-dir":
        bucket, prefix = split(src)
        calls = []
        for key in peer.keys(bucket, prefix):
            path = os.path.join(dest, key[len(prefix):])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            calls.append((peer.get, bucket, key, path))
        run_all(calls)
    else:
        sys.exit("unknown operation " + op)


if __name__ == "__main__":
    main()
