"""Every seed signature: argument names and defaults, and the attributes of
what the methods return."""

import inspect
from datetime import timedelta

import pytest

from newtera import Newtera, Object
from newtera.error import MultiDeleteError, ResponseError
from support import unsupported

SEED = {
    "__init__": "(self, endpoint, access_key=None, secret_key=None, secure=True, region=None, http_client=None)",
    "list_buckets": "(self)",
    "bucket_exists": "(self, bucket_name)",
    "list_objects": "(self, bucket_name, prefix=None, recursive=False, start_after=None)",
    "get_object": "(self, bucket_name, object_name, request_headers=None)",
    "fget_object": "(self, bucket_name, object_name, file_path, request_headers=None)",
    "put_object": "(self, bucket_name, object_name, data, length, content_type='application/octet-stream', metadata=None)",
    "fput_object": "(self, bucket_name, object_name, file_path, content_type='application/octet-stream', metadata=None)",
    "stat_object": "(self, bucket_name, object_name)",
    "remove_object": "(self, bucket_name, object_name)",
    "remove_objects": "(self, bucket_name, objects_iter)",
    "remove_incomplete_upload": "(self, bucket_name, object_name)",
    "presigned_get_object": "(self, bucket_name, object_name, expires=datetime.timedelta(days=7), response_headers=None, request_date=None)",
    "presigned_put_object": "(self, bucket_name, object_name, expires=datetime.timedelta(days=7))",
    "presigned_post_policy": "(self, post_policy)",
}


def plain(sig: inspect.Signature) -> str:
    """The positional parameters: exactly the seed's. What minio-py adds
    (``ssec``, ``version_id`` …) is keyword-only, so no seed call changes
    meaning."""
    return "({})".format(", ".join(
        p.name if p.default is inspect.Parameter.empty else "{}={!r}".format(p.name, p.default)
        for p in sig.parameters.values() if p.kind is not inspect.Parameter.KEYWORD_ONLY))


MINIO_PY_KEYWORDS = {
    "get_object": {"ssec", "version_id", "extra_query_params", "offset", "length"},
    "fget_object": {"ssec", "version_id", "extra_query_params"},
    "stat_object": {"ssec", "version_id", "extra_headers", "extra_query_params",
                    "request_headers"},
    "put_object": {"sse"},
    "fput_object": {"sse"},
    "list_objects": {"include_version"},
    "remove_object": {"version_id"},
    "remove_objects": {"bypass_governance_mode"},
}


@pytest.mark.parametrize("method", sorted(MINIO_PY_KEYWORDS))
def test_minio_py_keywords_are_keyword_only(method):
    params = inspect.signature(getattr(Newtera, method)).parameters
    extra = {n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert extra == MINIO_PY_KEYWORDS[method]


# Methods beyond the seed: minio-py 7's positional signatures.
MINIO_PY = {
    "copy_object": "(self, bucket_name, object_name, source, sse=None, metadata=None, tags=None, "
                   "retention=None, legal_hold=False, metadata_directive=None, "
                   "tagging_directive=None)",
    "compose_object": "(self, bucket_name, object_name, sources, sse=None, metadata=None, "
                      "tags=None, retention=None, legal_hold=False)",
    "get_bucket_notification": "(self, bucket_name)",
    "set_bucket_notification": "(self, bucket_name, config)",
    "delete_bucket_notification": "(self, bucket_name)",
    "get_bucket_replication": "(self, bucket_name)",
    "set_bucket_replication": "(self, bucket_name, config)",
    "delete_bucket_replication": "(self, bucket_name)",
}


@pytest.mark.parametrize("method", sorted(MINIO_PY))
def test_minio_py_signature(method):
    assert plain(inspect.signature(getattr(Newtera, method))) == MINIO_PY[method]


@pytest.mark.parametrize("method", sorted(SEED))
def test_seed_signature(method):
    assert plain(inspect.signature(getattr(Newtera, method))) == SEED[method]


def test_default_expiry_is_seven_days():
    default = inspect.signature(Newtera.presigned_get_object).parameters["expires"].default
    assert default == timedelta(days=7)


def test_listed_object_has_the_seeds_eight_attributes(client, bucket, server):
    import io

    client.put_object(bucket, "dir/a", io.BytesIO(b"abc"), 3)
    client.put_object(bucket, "top", io.BytesIO(b"abcd"), 4)
    listed = {o.object_name: o for o in client.list_objects(bucket)}
    assert set(listed) == {"dir/", "top"}
    for o in listed.values():
        for attr in ("bucket_name", "object_name", "is_dir", "size", "etag", "last_modified",
                     "content_type", "metadata"):
            assert hasattr(o, attr), attr
    top, folder = listed["top"], listed["dir/"]
    assert (top.bucket_name, top.size, top.is_dir, folder.is_dir) == (bucket, 4, False, True)
    assert top.last_modified.tzinfo is not None
    if server.kind == "s3s-fs" and top.etag is None:
        unsupported(server, "ETag in ListObjectsV2 entries")
    else:
        assert top.etag and '"' not in top.etag
    recursive = [o.object_name for o in client.list_objects(bucket, recursive=True)]
    assert recursive == ["dir/a", "top"]
    assert [o.object_name for o in client.list_objects(bucket, prefix="dir/")] == ["dir/a"]


def test_list_objects_is_lazy_and_pages(client, bucket, server):
    import io

    names = ["k{:04d}".format(i) for i in range(1005 if server.kind == "s3s-fs" else 3)]
    for n in names:
        client.put_object(bucket, n, io.BytesIO(b"x"), 1)
    listing = client.list_objects(bucket, recursive=True)
    assert [o.object_name for o in listing] == names


def test_bucket_creation_date(client, bucket):
    found = [b for b in client.list_buckets() if b.name == bucket]
    assert len(found) == 1 and found[0].creation_date.year >= 2024


def test_stat_and_fget_return_the_seed_stat(client, bucket, tmp_path):
    import io
    import time

    client.put_object(bucket, "o", io.BytesIO(b"hello"), 5, content_type="text/plain",
                      metadata={"Author": "me", "Cache-Control": "no-cache"})
    for stat in (client.stat_object(bucket, "o"),
                 client.fget_object(bucket, "o", str(tmp_path / "sub" / "o"))):
        assert isinstance(stat, Object)
        assert (stat.size, stat.content_type, stat.metadata.get("author")) == (5, "text/plain", "me")
        assert isinstance(stat.last_modified, time.struct_time)
    assert (tmp_path / "sub" / "o").read_bytes() == b"hello"


def test_get_object_streaming_response(client, bucket):
    import io

    data = bytes(range(256)) * 1000
    client.put_object(bucket, "o", io.BytesIO(data), len(data), metadata={"k": "v"})
    r = client.get_object(bucket, "o")
    assert r.status == 200
    assert r.headers["content-length"] == str(len(data))
    assert r.headers["X-Amz-Meta-K"] == "v"
    assert r.read(10) == data[:10]
    chunks = list(r.stream(4096))
    assert all(len(c) <= 4096 for c in chunks) and b"".join(chunks) == data[10:]
    assert r.read() == b""
    r.release_conn()
    ranged = client.get_object(bucket, "o", request_headers={"Range": "bytes=5-9"})
    assert ranged.status == 206 and ranged.read() == data[5:10]
    with client.get_object(bucket, "o") as r:
        assert r.read(3) == data[:3]
    assert r.closed and r.read() == b""


def test_put_object_reads_any_object_with_read(client, bucket):
    class Reader:
        def __init__(self, data):
            self.data, self.calls = data, 0

        def read(self, n):
            self.calls += 1
            piece, self.data = self.data[:n], self.data[n:]
            return piece

    size = 6 * 1024 * 1024 + 17  # above 5 MiB: multipart
    reader = Reader(b"z" * size)
    etag = client.put_object(bucket, "big", reader, size)
    assert etag and reader.calls >= 2
    assert client.stat_object(bucket, "big").size == size


def test_remove_objects_is_lazy(client, bucket):
    import io

    for n in ("a", "b"):
        client.put_object(bucket, n, io.BytesIO(b"x"), 1)
    pending = client.remove_objects(bucket, iter(["a", "b"]))
    assert sorted(o.object_name for o in client.list_objects(bucket)) == ["a", "b"]
    assert list(pending) == []
    assert list(client.list_objects(bucket)) == []


def test_multi_delete_error_shape():
    e = MultiDeleteError("k", "AccessDenied", "no")
    assert (e.object_name, e.error_code, e.error_message) == ("k", "AccessDenied", "no")
    assert "AccessDenied" in str(e)


def test_response_error_attributes(client, bucket):
    with pytest.raises(ResponseError) as caught:
        client.get_object(bucket, "missing")
    e = caught.value
    assert (e.code, e.status, e.bucket_name, e.object_name) == ("NoSuchKey", 404, bucket, "missing")
    assert (e.bucket, e.object) == (bucket, "missing")
    assert hasattr(e, "request_id") and hasattr(e, "host_id") and e.message
    assert "NoSuchKey" in str(e)


def test_copy_and_incomplete_uploads(client, bucket):
    import io

    client.put_object(bucket, "src", io.BytesIO(b"copy me"), 7)
    assert client.copy_object(bucket, "dst", "/{}/src".format(bucket))
    assert client.get_object(bucket, "dst").read() == b"copy me"
