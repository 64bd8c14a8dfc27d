"""Lifecycle, CORS and default encryption documents on the server under
test; a server lacking one: its actual answer is asserted and
``UNSUPPORTED by <server>`` printed (see docs/COMPATIBILITY.md)."""

from datetime import datetime, timezone

import pytest

from newtera.commonconfig import ENABLED, AndOperator, Filter, Tags
from newtera.corsconfig import CORSConfig, CORSRule
from newtera.error import InvalidArgumentError, InvalidXMLError, ResponseError
from newtera.lifecycleconfig import (AbortIncompleteMultipartUpload, Expiration, LifecycleConfig,
                                     NoncurrentVersionExpiration, Rule)
from newtera.sseconfig import SSEConfig
from newtera.sseconfig import Rule as SSERule
from support import unsupported


def status_code(caught):
    return caught.value.status, caught.value.code


def test_lifecycle_round_trip(client, bucket, server):
    tags = Tags()
    tags["tier"] = "cold"
    config = LifecycleConfig([
        Rule(ENABLED, rule_filter=Filter(prefix="logs/"), rule_id="logs",
             expiration=Expiration(days=30),
             abort_incomplete_multipart_upload=AbortIncompleteMultipartUpload(2)),
        Rule(ENABLED, rule_filter=Filter(and_operator=AndOperator("tmp/", tags)), rule_id="tmp",
             noncurrent_version_expiration=NoncurrentVersionExpiration(7)),
        Rule(ENABLED, rule_filter=Filter(prefix="dated/"), rule_id="dated",
             expiration=Expiration(date=datetime(2030, 1, 1, tzinfo=timezone.utc))),
    ])
    if server.kind == "s3s-fs":
        with pytest.raises(ResponseError) as caught:
            client.set_bucket_lifecycle(bucket, config)
        assert status_code(caught) == (501, "NotImplemented")
        unsupported(server, "bucket lifecycle (501)")
        return
    assert client.get_bucket_lifecycle(bucket) is None
    client.set_bucket_lifecycle(bucket, config)
    got = {r.rule_id: r for r in client.get_bucket_lifecycle(bucket).rules}
    assert set(got) == {"logs", "tmp", "dated"}
    logs, tmp, dated = got["logs"], got["tmp"], got["dated"]
    assert (logs.status, logs.rule_filter.prefix, logs.expiration.days) == (ENABLED, "logs/", 30)
    assert logs.abort_incomplete_multipart_upload.days_after_initiation == 2
    if server.kind == "garage":
        # Accepted, but the tag filter and the noncurrent-version action are
        # dropped: the rule reads back as its prefix alone, with no action.
        assert (tmp.rule_filter.prefix, tmp.rule_filter.and_operator) == ("tmp/", None)
        assert tmp.noncurrent_version_expiration is None
        unsupported(server, "lifecycle tag filters and NoncurrentVersionExpiration (dropped)")
    else:
        assert tmp.rule_filter.and_operator.prefix == "tmp/"
        assert dict(tmp.rule_filter.and_operator.tags) == {"tier": "cold"}
        assert tmp.noncurrent_version_expiration.noncurrent_days == 7
    assert dated.expiration.date == datetime(2030, 1, 1, tzinfo=timezone.utc)
    client.delete_bucket_lifecycle(bucket)
    assert client.get_bucket_lifecycle(bucket) is None


def test_lifecycle_arguments_are_checked():
    with pytest.raises(InvalidArgumentError):
        Rule(ENABLED, rule_filter=Filter(prefix="x"))  # no action
    with pytest.raises(InvalidArgumentError):
        Expiration(days=0)
    with pytest.raises(InvalidArgumentError):
        Expiration(days=1, date=datetime(2030, 1, 1))
    with pytest.raises(InvalidArgumentError):
        Filter(prefix="a", tag={"k": "v"})
    with pytest.raises(InvalidArgumentError):
        LifecycleConfig([])


def test_cors_round_trip(client, bucket, server):
    config = CORSConfig([
        CORSRule(["GET", "PUT"], ["https://example.com"], allowed_headers=["*"],
                 expose_headers=["ETag"], max_age_seconds=300, rule_id="web"),
    ])
    if server.kind == "s3s-fs":
        with pytest.raises(ResponseError) as caught:
            client.set_bucket_cors(bucket, config)
        assert status_code(caught) == (501, "NotImplemented")
        unsupported(server, "bucket CORS (501)")
        return
    assert client.get_bucket_cors(bucket) is None
    client.set_bucket_cors(bucket, config)
    (rule,) = client.get_bucket_cors(bucket).rules
    assert (sorted(rule.allowed_methods), rule.allowed_origins, rule.allowed_headers,
            rule.expose_headers, rule.max_age_seconds) == (
        ["GET", "PUT"], ["https://example.com"], ["*"], ["ETag"], 300)
    client.delete_bucket_cors(bucket)
    assert client.get_bucket_cors(bucket) is None


def test_default_encryption(client, bucket, server):
    config = SSEConfig(SSERule.new_sse_s3_rule())
    with pytest.raises(ResponseError) as caught:
        client.set_bucket_encryption(bucket, config)
    if server.kind == "ceph":
        # Ceph 16.2 wants a Vault backend for a default encryption.
        assert status_code(caught) == (400, "InvalidArgument")
    else:
        assert status_code(caught) == (501, "NotImplemented")
    unsupported(server, "bucket default encryption")
    # Deleting a configuration the server cannot hold never removes the
    # bucket (Ceph 16.2 takes DELETE ?encryption for DeleteBucket).
    # newtera reads first and sends no DELETE when the read fails: Ceph's
    # answer to the read is not an encryption document.
    expected = InvalidXMLError if server.kind == "ceph" else ResponseError
    with pytest.raises(expected) as caught:
        client.delete_bucket_encryption(bucket)
    if server.kind != "ceph":
        assert status_code(caught) == (501, "NotImplemented")
    assert client.bucket_exists(bucket)
    with pytest.raises(InvalidArgumentError):
        SSERule("AES256", "a-kms-key")


def test_listen_bucket_notification_is_lazy_and_minio_only(client, bucket, server):
    events = client.listen_bucket_notification(bucket)  # nothing sent yet
    with pytest.raises(ResponseError) as caught:
        next(events)
    # s3s-fs refuses the signature of a query with a repeated parameter
    # (three `events`); Garage: 400 InvalidRequest; Ceph: 403 AccessDenied.
    expected = {"s3s-fs": (403, "SignatureDoesNotMatch"), "garage": (400, "InvalidRequest"),
                "ceph": (403, "AccessDenied")}[server.kind]
    assert status_code(caught) == expected, caught.value
    unsupported(server, "ListenBucketNotification (MinIO only)")
    # With one event type, Garage and Ceph take the request for a listing
    # and answer 200 with a ListObjects document: not an event stream.
    one = client.listen_bucket_notification(bucket, prefix="in/", events=["s3:ObjectCreated:*"])
    if server.kind == "s3s-fs":
        with pytest.raises(ResponseError) as caught:
            next(one)
        assert caught.value.status == 501
    else:
        with pytest.raises(InvalidXMLError):
            next(one)
    with pytest.raises(InvalidArgumentError):
        client.listen_bucket_notification(bucket, events=[])
