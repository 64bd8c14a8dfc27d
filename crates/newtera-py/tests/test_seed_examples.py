"""Every example block of the seed's API reference, run as written (changed
only by the rewrite table in ``seed_doc.py``) against the server under test.

Each block gets what it needs first (the bucket ``mybucket``, the objects and
local files it names) and is then checked: it printed no ``ResponseError``
(the examples catch and print errors, which would otherwise hide a failure)
and it did what it says (the file written, the object stored, the URL
working).
"""

import io
import os
import shlex
import subprocess
import urllib.request
from contextlib import redirect_stdout
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from newtera import Newtera
from newtera.error import ResponseError
import seed_doc
from support import Relay, settled, unsupported

BUCKET = "mybucket"
# The headings of the seed's blocks, in order: a changed seed fails here
# instead of running blocks against the wrong checks.
EXPECTED = [
    "MinIO", "AWS S3", "MinIO", "MinIO", "AWS S3", "list_buckets()", "bucket_exists(bucket_name)",
    "list_objects(bucket_name, prefix=None, recursive=False)",
    "get_object(bucket_name, object_name, request_headers=None)",
    "fget_object(bucket_name, object_name, file_path, request_headers=None)",
    "put_object(bucket_name, object_name, data, length, content_type='application/octet-stream', metadata=None)",
    "fput_object(bucket_name, object_name, file_path, content_type='application/octet-stream', metadata=None)",
    "stat_object(bucket_name, object_name)", "remove_object(bucket_name, object_name)",
    "remove_objects(bucket_name, objects_iter)", "remove_incomplete_upload(bucket_name, object_name)",
    "presigned_get_object(bucket_name, object_name, expiry=timedelta(days=7))",
    "presigned_put_object(bucket_name, object_name, expires=timedelta(days=7))",
    "presigned_put_object(bucket_name, object_name, expires=timedelta(days=7))",
]
BLOCKS = seed_doc.blocks()
DATA = b"newtera seed example data\n" * 40


def test_every_block_is_covered():
    assert [h for h, _ in BLOCKS] == EXPECTED


@pytest.fixture
def seed_bucket(client):
    if not client.bucket_exists(BUCKET):
        client.make_bucket(BUCKET)
    yield BUCKET
    names = [o.object_name for o in client.list_objects(BUCKET, recursive=True)]
    assert not list(client.remove_objects(BUCKET, names))


@pytest.fixture
def run_block(server, client, seed_bucket, tmp_path, monkeypatch):
    """Runs block ``i`` in ``tmp_path`` with ``minioClient`` defined (as the
    seed's first block defines it) and returns what it printed."""
    monkeypatch.chdir(tmp_path)
    relay = Relay(server.host, server.port)

    def run(i, prelude=None):
        heading, code = BLOCKS[i]
        code = seed_doc.rewrite(code, server.endpoint, server.access_key, server.secret_key,
                                str(tmp_path), relay.url)
        ns = {"minioClient": client, "Newtera": Newtera, "ResponseError": ResponseError}
        if prelude:
            ns.update(prelude)
        out = io.StringIO()
        with redirect_stdout(out):
            exec(compile(code, "seed block {} ({})".format(i, heading), "exec"), ns)
        printed = out.getvalue()
        print(printed)
        return printed, ns

    run.relay = relay
    run.tmp = tmp_path
    yield run
    relay.close()


def no_error(printed):
    assert "ResponseError" not in printed, printed


def put(client, name, data=DATA):
    client.put_object(BUCKET, name, io.BytesIO(data), len(data))


@pytest.mark.parametrize("i,name", [(0, "minioClient"), (1, "s3Client"), (2, "minioClient"),
                                    (4, "s3Client")])
def test_constructor_blocks(run_block, i, name):
    printed, ns = run_block(i)
    made = ns[name]
    assert isinstance(made, Newtera)
    assert BUCKET in [b.name for b in made.list_buckets()]


def test_proxy_manager_block(run_block):
    printed, ns = run_block(3)
    made = ns["minioClient"]
    assert made.bucket_exists(BUCKET)
    # The request went through the proxy, in absolute form.
    assert any(" http://" in line for line in run_block.relay.first_lines), run_block.relay.first_lines


def test_list_buckets_block(run_block):
    printed, _ = run_block(5)
    assert BUCKET in printed


def test_bucket_exists_block(run_block):
    printed, _ = run_block(6)
    no_error(printed)
    assert printed.strip() == "True"


def test_list_objects_block(run_block, client):
    for name in ("my-prefixname/a.txt", "my-prefixname/deep/b.txt", "my-prefixname-c", "other"):
        put(client, name)
    printed, _ = run_block(7)
    no_error(printed)
    for name in ("my-prefixname/a.txt", "my-prefixname/deep/b.txt", "my-prefixname-c"):
        assert repr(name.encode()) in printed
    assert "other" not in printed


def test_get_object_block(run_block, client):
    put(client, "myobject")
    printed, _ = run_block(8)
    no_error(printed)
    assert (run_block.tmp / "my-testfile").read_bytes() == DATA


def test_fget_object_block(run_block, client):
    put(client, "myobject")
    printed, _ = run_block(9)
    no_error(printed)
    assert (run_block.tmp / "myobject").read_bytes() == DATA
    assert "size: {}".format(len(DATA)) in printed


def test_put_object_block(run_block, client):
    (run_block.tmp / "my-testfile").write_bytes(DATA)
    (run_block.tmp / "my-testfile.csv").write_bytes(b"a,b\n1,2\n")
    printed, _ = run_block(10)
    no_error(printed)
    stat = client.stat_object(BUCKET, "myobject")
    assert stat.size == len(DATA) and stat.etag in printed
    csv = client.stat_object(BUCKET, "myobject.csv")
    assert csv.content_type == "application/csv"


def test_fput_object_block(run_block, client):
    (run_block.tmp / "otherobject").write_bytes(DATA)
    (run_block.tmp / "otherobject.csv").write_bytes(b"a,b\n1,2\n")
    printed, _ = run_block(11)
    no_error(printed)
    assert client.get_object(BUCKET, "myobject").read() == DATA
    assert client.stat_object(BUCKET, "myobject.csv").content_type == "application/csv"


def test_stat_object_block(run_block, client):
    put(client, "myobject")
    printed, _ = run_block(12)
    no_error(printed)
    assert "size: {}".format(len(DATA)) in printed


def test_remove_object_block(run_block, client):
    put(client, "myobject")
    printed, _ = run_block(13)
    no_error(printed)
    listed = lambda: [o.object_name for o in client.list_objects(BUCKET)]  # noqa: E731
    assert settled(listed, []) == []


def test_remove_objects_block(run_block, client):
    for i in (1, 2, 3):
        put(client, "myobject-{}".format(i))
    put(client, "keep")
    printed, _ = run_block(14)
    no_error(printed)
    assert "Deletion Error" not in printed
    listed = lambda: [o.object_name for o in client.list_objects(BUCKET)]  # noqa: E731
    assert settled(listed, ["keep"]) == ["keep"]


def test_remove_incomplete_upload_block(run_block, client, server):
    s3 = boto3.client("s3", endpoint_url=server.endpoint, aws_access_key_id=server.access_key,
                      aws_secret_access_key=server.secret_key, region_name=server.region,
                      config=Config(s3={"addressing_style": "path"}))
    upload = s3.create_multipart_upload(Bucket=BUCKET, Key="myobject")["UploadId"]
    printed, _ = run_block(15)
    if server.kind == "s3s-fs":
        # s3s-fs has no ListMultipartUploads: the example prints the
        # server's NotImplemented answer.
        unsupported(server, "ListMultipartUploads (remove_incomplete_upload)")
        assert "NotImplemented" in printed, printed
        s3.abort_multipart_upload(Bucket=BUCKET, Key="myobject", UploadId=upload)
        return
    no_error(printed)
    def uploads():
        return [u.upload_id for u in client.list_incomplete_uploads(BUCKET) if u.upload_id == upload]

    assert settled(uploads, []) == []


def test_presigned_get_object_block(run_block, client):
    put(client, "myobject")
    printed, _ = run_block(16)
    no_error(printed)
    url = printed.strip()
    assert "X-Amz-Expires=172800" in url
    assert urllib.request.urlopen(url).read() == DATA


def test_presigned_put_object_block(run_block, client):
    printed, _ = run_block(17)
    no_error(printed)
    url = printed.strip()
    assert "X-Amz-Expires=259200" in url
    request = urllib.request.Request(url, data=DATA, method="PUT")
    assert urllib.request.urlopen(request).status == 200
    assert client.get_object(BUCKET, "myobject").read() == DATA


def test_presigned_post_curl_block(run_block, client, server):
    # The seed's curl block continues a presigned POST example: its
    # `signed_form_data` is what presigned_post_policy returns.
    from datetime import datetime, timedelta
    from newtera import PostPolicy

    policy = PostPolicy()
    policy.set_bucket_name(BUCKET)
    policy.set_key_startswith("myobject")
    policy.set_content_length_range(10, 1024 * 1024)
    policy.set_expires(datetime.utcnow() + timedelta(days=10))
    signed_form_data = client.presigned_post_policy(policy)
    printed, _ = run_block(18, {"signed_form_data": signed_form_data})
    upload = run_block.tmp / "upload.txt"
    upload.write_bytes(DATA)
    command = printed.strip().replace("<FILE>", str(upload))
    assert command.startswith("curl -X POST http")
    argv = shlex.split(command.replace("${filename}", "-posted"))
    argv[1:1] = ["-s", "-o", "/dev/null", "-w", "%{http_code}"]
    status = int(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)
    names = [o.object_name for o in client.list_objects(BUCKET, prefix="myobject")]
    if status >= 300:
        unsupported(server, "browser POST upload (presigned POST policy): HTTP {}".format(status))
        assert status >= 400 and names == []
        return
    assert names == ["myobject-posted"]
    assert client.get_object(BUCKET, "myobject-posted").read() == DATA
