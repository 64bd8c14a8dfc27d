"""Bucket notification and replication configurations on the server under
test; a server lacking one: its actual answer is asserted and
``UNSUPPORTED by <server>`` printed (see docs/COMPATIBILITY.md)."""

import http.server
import io
import json
import queue
import threading

import pytest

from newtera.commonconfig import DISABLED, ENABLED, AndOperator, Filter, Tags
from newtera.error import InvalidArgumentError, ResponseError
from newtera.notificationconfig import (CloudFuncConfig, NotificationConfig, PrefixFilterRule,
                                        QueueConfig, SuffixFilterRule, TopicConfig)
from newtera.replicationconfig import (AccessControlTranslation, DeleteMarkerReplication,
                                       DeleteReplication, Destination, EncryptionConfig,
                                       ExistingObjectReplication, ReplicationConfig, Rule,
                                       SourceSelectionCriteria, SseKmsEncryptedObjects)
from newtera.versioningconfig import ENABLED as VERSIONING_ON, VersioningConfig
from support import unsupported

ROLE = "arn:aws:iam::123456789012:role/replication"


def answer(caught):
    return caught.value.status, caught.value.code


class _Sink(http.server.BaseHTTPRequestHandler):
    """Keeps every POSTed body (Ceph pushes event records here)."""

    bodies: "queue.Queue[bytes]" = queue.Queue()

    def do_POST(self):
        type(self).bodies.put(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def ceph_topic(server, name, endpoint):
    """A topic made with Ceph's SNS API (boto3's SNS client) pushing to
    ``endpoint``."""
    import boto3
    sns = boto3.client("sns", endpoint_url=server.endpoint, region_name=server.region,
                       aws_access_key_id=server.access_key,
                       aws_secret_access_key=server.secret_key)
    made = sns.create_topic(Name=name, Attributes={"push-endpoint": endpoint})
    return made["TopicArn"], lambda: sns.delete_topic(TopicArn=made["TopicArn"])


def test_notification_round_trip(client, bucket, server):
    empty = client.get_bucket_notification(bucket) if server.kind == "ceph" else None
    if server.kind != "ceph":
        config = NotificationConfig(topic_config_list=[
            TopicConfig("arn:aws:sns:us-east-1:000000000000:none", ["s3:ObjectCreated:*"])])
        with pytest.raises(ResponseError) as caught:
            client.set_bucket_notification(bucket, config)
        assert answer(caught) == (501, "NotImplemented")
        for call in (client.get_bucket_notification, client.delete_bucket_notification):
            with pytest.raises(ResponseError) as caught:
                call(bucket)
            assert answer(caught) == (501, "NotImplemented")
        unsupported(server, "bucket notifications (501)")
        return
    assert (empty.topic_config_list, empty.queue_config_list,
            empty.cloud_func_config_list) == ([], [], [])
    sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    arn, remove_topic = ceph_topic(server, "py-" + bucket,
                                   "http://127.0.0.1:{}".format(sink.server_address[1]))
    try:
        client.set_bucket_notification(bucket, NotificationConfig(topic_config_list=[
            TopicConfig(arn, ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], config_id="puts",
                        prefix_filter_rule=PrefixFilterRule("in/"),
                        suffix_filter_rule=SuffixFilterRule(".jpg"))]))
        got = client.get_bucket_notification(bucket)
        assert (got.queue_config_list, got.cloud_func_config_list) == ([], [])
        [topic] = got.topic_config_list
        assert (topic.topic, topic.config_id) == (arn, "puts")
        assert topic.prefix_filter_rule.value == "in/"
        assert topic.suffix_filter_rule.value == ".jpg"
        # Ceph names the events without the "s3:" prefix.
        assert sorted(e.replace("s3:", "") for e in topic.events) == [
            "ObjectCreated:*", "ObjectRemoved:*"]
        # A put under the filters reaches the topic's endpoint; one outside
        # them does not come first.
        client.put_object(bucket, "out/x.jpg", io.BytesIO(b"no"), 2)
        client.put_object(bucket, "in/cat.jpg", io.BytesIO(b"hello"), 5)
        record = json.loads(_Sink.bodies.get(timeout=30))["Records"][0]
        assert (record["s3"]["bucket"]["name"], record["s3"]["object"]["key"]) == (
            bucket, "in/cat.jpg")
        assert record["eventName"].replace("s3:", "") == "ObjectCreated:Put"
        client.delete_bucket_notification(bucket)
        got = client.get_bucket_notification(bucket)
        assert (got.topic_config_list, got.queue_config_list,
                got.cloud_func_config_list) == ([], [], [])
    finally:
        remove_topic()
        sink.shutdown()


def test_notification_arguments_are_checked(client):
    events = ["s3:ObjectCreated:*"]
    for bad in (lambda: QueueConfig("", events),
                lambda: TopicConfig("arn:x", []),
                lambda: TopicConfig("arn:x", "s3:ObjectCreated:*"),
                lambda: CloudFuncConfig("arn:x", [""]),
                lambda: QueueConfig("arn:x", events, prefix_filter_rule=SuffixFilterRule("x")),
                lambda: QueueConfig("arn:x", events, suffix_filter_rule=PrefixFilterRule("x")),
                lambda: NotificationConfig(queue_config_list=[TopicConfig("arn:x", events)]),
                lambda: NotificationConfig(topic_config_list="arn:x")):
        with pytest.raises(InvalidArgumentError):
            bad()
    with pytest.raises(InvalidArgumentError):
        client.set_bucket_notification("bucket", {"TopicConfigurations": []})
    with pytest.raises(InvalidArgumentError):
        client.get_bucket_notification("")
    # An answer is read as sent, even one an argument check would refuse.
    odd = NotificationConfig._from(([(" ", "", [], "", None)], [], []))
    assert (odd.topic_config_list[0].topic, odd.topic_config_list[0].events) == ("", [])
    assert odd.topic_config_list[0].prefix_filter_rule.value == ""
    config = NotificationConfig(
        [CloudFuncConfig("arn:f", events)], [QueueConfig("arn:q", events, "q")],
        [TopicConfig("arn:t", events)])
    assert config._tuple() == ([(None, "arn:t", events, None, None)],
                               [("q", "arn:q", events, None, None)],
                               [(None, "arn:f", events, None, None)])


def replication(prefix="docs/", **rule):
    return ReplicationConfig(ROLE, [
        Rule(Destination("arn:aws:s3:::py-replica", storage_class="STANDARD"), ENABLED,
             delete_marker_replication=DeleteMarkerReplication(ENABLED),
             rule_filter=Filter(prefix=prefix), rule_id="docs", priority=1, **rule)])


def test_replication_round_trip(client, bucket, server):
    if server.kind == "ceph":
        client.set_bucket_versioning(bucket, VersioningConfig(VERSIONING_ON))
    try:
        got = client.get_bucket_replication(bucket)
    except ResponseError as err:
        got = err
    if server.kind in ("s3s-fs", "garage"):
        assert isinstance(got, ResponseError) and (got.status, got.code) == (
            501, "NotImplemented"), got
        with pytest.raises(ResponseError) as caught:
            client.set_bucket_replication(bucket, replication())
        assert answer(caught) == (501, "NotImplemented")
        with pytest.raises(ResponseError) as caught:
            client.delete_bucket_replication(bucket)
        assert answer(caught) == (501, "NotImplemented")
        unsupported(server, "bucket replication (501)")
        return
    # Ceph 16.2: a bucket without replication answers a document with no
    # rules (read as none); PutBucketReplication is refused (405) on a
    # single-zone gateway; DeleteBucketReplication succeeds.
    assert got is None
    with pytest.raises(ResponseError) as caught:
        client.set_bucket_replication(bucket, replication())
    assert answer(caught) == (405, "MethodNotAllowed")
    unsupported(server, "bucket replication (PutBucketReplication: 405 MethodNotAllowed)")
    client.delete_bucket_replication(bucket)
    assert client.get_bucket_replication(bucket) is None


def test_replication_arguments_are_checked(client):
    dest = Destination("arn:aws:s3:::py-replica")
    # What newtera cannot send is refused before any request (the bucket
    # name is not even looked at).
    for extra in (dict(existing_object_replication=ExistingObjectReplication(ENABLED)),
                  dict(delete_replication=DeleteReplication(ENABLED)),
                  dict(source_selection_criteria=SourceSelectionCriteria(
                      SseKmsEncryptedObjects(ENABLED)))):
        with pytest.raises(InvalidArgumentError):
            client.set_bucket_replication("no-such-bucket-py", replication(**extra))
    tags = Tags()
    tags["k"] = "v"
    for rule in (Rule(Destination("arn:aws:s3:::r", account="1"), ENABLED),
                 Rule(Destination("arn:aws:s3:::r", encryption_config=EncryptionConfig("k")),
                      ENABLED),
                 Rule(Destination("arn:aws:s3:::r",
                                  access_control_translation=AccessControlTranslation()),
                      ENABLED),
                 Rule(dest, ENABLED, rule_filter=Filter(tag=tags)),
                 Rule(dest, ENABLED, rule_filter=Filter(and_operator=AndOperator("p", tags))),
                 Rule(dest, ENABLED, prefix="a", rule_filter=Filter(prefix="b"))):
        with pytest.raises(InvalidArgumentError):
            client.set_bucket_replication("no-such-bucket-py", ReplicationConfig(ROLE, [rule]))
    for bad in (lambda: Rule(dest, "On"),
                lambda: Rule("arn:aws:s3:::r", ENABLED),
                lambda: Rule(dest, ENABLED, priority=-1),
                lambda: Rule(dest, ENABLED, rule_id=" "),
                lambda: Rule(dest, ENABLED, rule_id="x" * 256),
                lambda: Destination(""),
                lambda: DeleteMarkerReplication("yes"),
                lambda: ReplicationConfig(ROLE, []),
                lambda: ReplicationConfig(ROLE, [dest])):
        with pytest.raises(InvalidArgumentError):
            bad()
    with pytest.raises(InvalidArgumentError):
        client.set_bucket_replication("bucket", {"Role": ROLE})
    # What is carried reaches the extension as sent.
    assert replication()._tuple() == (ROLE, [
        ("docs", True, 1, "docs/", "arn:aws:s3:::py-replica", "STANDARD", True)])
    plain = ReplicationConfig("", [Rule(dest, DISABLED, prefix="old/")])
    assert plain._tuple() == ("", [(None, False, None, "old/", "arn:aws:s3:::py-replica",
                                    None, False)])
    back = ReplicationConfig._from(replication()._tuple())
    [rule] = back.rules
    assert (rule.rule_id, rule.status, rule.priority, rule.rule_filter.prefix,
            rule.destination.bucket_arn, rule.destination.storage_class,
            rule.delete_marker_replication.status) == (
        "docs", ENABLED, 1, "docs/", "arn:aws:s3:::py-replica", "STANDARD", ENABLED)
    # An answer is read as sent, even one an argument check would refuse;
    # and what was read can be sent back.
    odd = ReplicationConfig._from(("", [(" " * 300, False, None, None, "", None, False)]))
    [rule] = odd.rules
    assert (rule.rule_id, rule.status, rule.destination.bucket_arn) == (" " * 300, DISABLED, "")
    assert back._tuple() == replication()._tuple()
