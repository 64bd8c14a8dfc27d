"""Versioning, versioned reads and deletes, tags, Object Lock, retention and
legal hold, on the server under test. Where a server lacks a feature the test
asserts its actual answer and prints ``UNSUPPORTED by <server>`` (see
docs/COMPATIBILITY.md)."""

import io
from datetime import datetime, timedelta, timezone

import pytest

from newtera.commonconfig import COMPLIANCE, GOVERNANCE, Tags
from newtera.deleteobjects import DeleteObject
from newtera.error import InvalidArgumentError, ResponseError
from newtera.objectlockconfig import DAYS, ObjectLockConfig
from newtera.retention import Retention
from newtera.versioningconfig import ENABLED, OFF, SUSPENDED, VersioningConfig
from support import unsupported


def put(client, bucket, name, data):
    return client.put_object(bucket, name, io.BytesIO(data), len(data))


def not_implemented(caught) -> bool:
    return caught.value.status == 501 and caught.value.code == "NotImplemented"


def test_versioning_versions_and_versioned_reads(client, bucket, server, tmp_path):
    if server.kind in ("s3s-fs", "garage"):
        if server.kind == "s3s-fs":
            with pytest.raises(ResponseError) as caught:
                client.get_bucket_versioning(bucket)
            assert not_implemented(caught)
        else:
            assert client.get_bucket_versioning(bucket).status == OFF
        with pytest.raises(ResponseError) as caught:
            client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
        assert not_implemented(caught)
        put(client, bucket, "k", b"one")
        with pytest.raises(ResponseError) as caught:
            list(client.list_objects(bucket, include_version=True))
        assert not_implemented(caught)
        unsupported(server, "bucket versioning (PutBucketVersioning, ListObjectVersions: 501)")
        return
    assert client.get_bucket_versioning(bucket).status == OFF
    client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    assert client.get_bucket_versioning(bucket).status == ENABLED
    put(client, bucket, "k", b"version one")
    first = client.stat_object(bucket, "k").version_id
    put(client, bucket, "k", b"two")
    second = client.stat_object(bucket, "k").version_id
    assert first and second and first != second
    # Reads of one version: stat, get (whole and a range), fget.
    assert client.stat_object(bucket, "k", version_id=first).size == 11
    assert client.get_object(bucket, "k", version_id=first).read() == b"version one"
    ranged = client.get_object(bucket, "k", version_id=first, offset=8, length=3)
    assert (ranged.status, ranged.read()) == (206, b"one")
    target = tmp_path / "v1"
    assert client.fget_object(bucket, "k", str(target), version_id=first).version_id == first
    assert target.read_bytes() == b"version one"
    # A delete without a version adds a marker; the versions stay.
    client.remove_object(bucket, "k")
    listed = list(client.list_objects(bucket, include_version=True))
    assert [(o.object_name, o.is_delete_marker) for o in listed] == [
        ("k", True), ("k", False), ("k", False)]
    assert [o.version_id for o in listed][1:] == [second, first]
    assert [o.is_latest for o in listed] == [True, False, False]
    marker = listed[0].version_id
    assert marker
    # Versions deleted for good: one by remove_object, two by remove_objects.
    client.remove_object(bucket, "k", version_id=first)
    errors = list(client.remove_objects(
        bucket, [DeleteObject("k", second), DeleteObject("k", marker)]))
    assert errors == []
    assert list(client.list_objects(bucket, include_version=True)) == []
    client.set_bucket_versioning(bucket, VersioningConfig(SUSPENDED))
    assert client.get_bucket_versioning(bucket).status == SUSPENDED


def test_object_and_bucket_tags(client, bucket, server):
    put(client, bucket, "t", b"x")
    tags = Tags.new_object_tags()
    tags["project"] = "newtera"
    tags["tier"] = "gold"
    if server.kind in ("s3s-fs", "garage"):
        for call in (lambda: client.set_object_tags(bucket, "t", tags),
                     lambda: client.get_object_tags(bucket, "t"),
                     lambda: client.get_bucket_tags(bucket)):
            with pytest.raises(ResponseError) as caught:
                call()
            assert not_implemented(caught)
        unsupported(server, "object and bucket tags (501)")
        return
    assert client.get_object_tags(bucket, "t") is None
    client.set_object_tags(bucket, "t", tags)
    got = client.get_object_tags(bucket, "t")
    assert isinstance(got, Tags) and dict(got) == {"project": "newtera", "tier": "gold"}
    client.delete_object_tags(bucket, "t")
    assert client.get_object_tags(bucket, "t") is None
    bucket_tags = Tags.new_bucket_tags()
    bucket_tags["owner"] = "py"
    client.set_bucket_tags(bucket, bucket_tags)
    assert dict(client.get_bucket_tags(bucket)) == {"owner": "py"}
    client.delete_bucket_tags(bucket)
    assert client.get_bucket_tags(bucket) is None


def test_tag_limits_are_checked_before_sending(client, bucket):
    tags = Tags.new_object_tags()
    for i in range(11):
        tags["k{}".format(i)] = "v"
    with pytest.raises(InvalidArgumentError):
        client.set_object_tags(bucket, "never-sent", tags)
    with pytest.raises(InvalidArgumentError):
        Tags()[""] = "empty key"


def test_object_lock_retention_and_legal_hold(client, server):
    name = server.unique("pylock")
    if server.kind in ("s3s-fs", "garage"):
        with pytest.raises(ResponseError) as caught:
            client.make_bucket(name, object_lock=True)
        assert not_implemented(caught)
        assert not client.bucket_exists(name)
        unsupported(server, "Object Lock (the lock header is ignored; lock calls 501)")
        return
    client.make_bucket(name, object_lock=True)
    try:
        assert client.get_object_lock_config(name).mode is None
        client.set_object_lock_config(name, ObjectLockConfig(GOVERNANCE, 1, DAYS))
        config = client.get_object_lock_config(name)
        assert (config.mode, config.duration) == (GOVERNANCE, (1, DAYS))
        client.delete_object_lock_config(name)
        assert client.get_object_lock_config(name).mode is None
        put(client, name, "held", b"keep me")
        version = client.stat_object(name, "held").version_id
        assert client.get_object_retention(name, "held") is None
        until = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
        client.set_object_retention(name, "held", Retention(GOVERNANCE, until),
                                    version_id=version)
        retention = client.get_object_retention(name, "held", version_id=version)
        assert (retention.mode, retention.retain_until_date) == (GOVERNANCE, until)
        # Shortening a GOVERNANCE retention needs the bypass: refused.
        with pytest.raises(ResponseError) as caught:
            client.set_object_retention(name, "held", Retention(GOVERNANCE, until - timedelta(hours=1)),
                                        version_id=version)
        assert (caught.value.status, caught.value.code) == (403, "AccessDenied")
        assert client.is_object_legal_hold_enabled(name, "held") is False
        client.enable_object_legal_hold(name, "held", version_id=version)
        assert client.is_object_legal_hold_enabled(name, "held", version_id=version) is True
        with pytest.raises(ResponseError) as caught:
            client.remove_object(name, "held", version_id=version)
        assert caught.value.code == "AccessDenied"
        client.disable_object_legal_hold(name, "held", version_id=version)
        assert client.is_object_legal_hold_enabled(name, "held") is False
        # Still under GOVERNANCE retention: the versioned delete needs the bypass.
        errors = list(client.remove_objects(name, [DeleteObject("held", version)]))
        assert [e.error_code for e in errors] == ["AccessDenied"]
        assert list(client.remove_objects(name, [DeleteObject("held", version)],
                                          bypass_governance_mode=True)) == []
    finally:
        for o in client.list_objects(name, include_version=True):
            client._client.remove_object(name, o.object_name, o.version_id, True)
        client.remove_bucket(name)


def test_lock_config_arguments_are_checked():
    with pytest.raises(InvalidArgumentError):
        ObjectLockConfig(GOVERNANCE, 1, None)
    with pytest.raises(InvalidArgumentError):
        ObjectLockConfig("FOREVER", 1, DAYS)
    with pytest.raises(InvalidArgumentError):
        Retention(COMPLIANCE, "tomorrow")
    with pytest.raises(InvalidArgumentError):
        VersioningConfig("On")
    with pytest.raises(InvalidArgumentError):
        DeleteObject("k", "")
