"""A bucket's replication rules, as in minio-py's ``minio.replicationconfig``
(S3 API reference: PutBucketReplication).

newtera carries, per rule: the id, the status, the priority, a key prefix
filter, the destination bucket's ARN and storage class, and whether delete
markers are replicated. The other parts of minio-py's classes (tag filters,
``DeleteReplication``, ``ExistingObjectReplication``,
``SourceSelectionCriteria``, and a destination's account, encryption,
metrics, replication time and access control translation) can be built,
but :meth:`newtera.Newtera.set_bucket_replication` refuses them with an
``InvalidArgumentError`` before sending anything.

>>> from newtera.commonconfig import ENABLED, Filter
>>> from newtera.replicationconfig import (DeleteMarkerReplication, Destination,
...                                        ReplicationConfig, Rule)
>>> config = ReplicationConfig("arn:aws:iam::123456789012:role/replication", [
...     Rule(Destination("arn:aws:s3:::backup"), ENABLED, rule_id="all", priority=1,
...          rule_filter=Filter(prefix="docs/"),
...          delete_marker_replication=DeleteMarkerReplication(ENABLED))])
"""

from typing import Any, List, Optional, Tuple

from .commonconfig import DISABLED, ENABLED, Filter
from .error import InvalidArgumentError

__all__ = ["ReplicationConfig", "Rule", "Destination", "DeleteMarkerReplication",
           "DeleteReplication", "ExistingObjectReplication", "SourceSelectionCriteria",
           "SseKmsEncryptedObjects", "AccessControlTranslation", "EncryptionConfig", "Metrics",
           "ReplicationTime", "Time", "EventThreshold"]

# A rule as the extension takes it: id, enabled, priority, prefix,
# destination bucket ARN, storage class, delete-marker replication.
_Rule = Tuple[Optional[str], bool, Optional[int], Optional[str], str, Optional[str], bool]


def _check_status(status: Any) -> None:
    if status not in (ENABLED, DISABLED):
        raise InvalidArgumentError("status must be Enabled or Disabled, got {!r}".format(status))


class Status:
    """A part that is just ``status``: ``Enabled`` or ``Disabled``."""

    def __init__(self, status: str) -> None:
        _check_status(status)
        self.status = status

    def __repr__(self) -> str:
        return "{}({!r})".format(type(self).__name__, self.status)


class DeleteMarkerReplication(Status):
    """Whether delete markers are replicated (default ``Disabled``)."""

    def __init__(self, status: str = DISABLED) -> None:
        super().__init__(status)


class DeleteReplication(Status):
    """Whether deletes of versions are replicated (MinIO's extension; not
    carried by newtera: refused)."""


class ExistingObjectReplication(Status):
    """Whether objects made before the rule are replicated (not carried by
    newtera: refused)."""


class SseKmsEncryptedObjects(Status):
    """Whether SSE-KMS objects are replicated (not carried by newtera:
    refused)."""


class SourceSelectionCriteria:
    """Which encrypted objects are replicated (not carried by newtera:
    refused)."""

    def __init__(self, sse_kms_encrypted_objects: Optional[SseKmsEncryptedObjects] = None
                 ) -> None:
        self.sse_kms_encrypted_objects = sse_kms_encrypted_objects


class AccessControlTranslation:
    """The replicas' owner (not carried by newtera: refused)."""

    def __init__(self, owner: str = "Destination") -> None:
        self.owner = owner


class EncryptionConfig:
    """The KMS key of the replicas (not carried by newtera: refused)."""

    def __init__(self, replica_kms_key_id: Optional[str] = None) -> None:
        self.replica_kms_key_id = replica_kms_key_id


class _Minutes:
    def __init__(self, minutes: Optional[int] = 15) -> None:
        self.minutes = minutes


class Time(_Minutes):
    """A replication time, in minutes."""


class EventThreshold(_Minutes):
    """A metrics event threshold, in minutes."""


class ReplicationTime:
    """S3 Replication Time Control (not carried by newtera: refused)."""

    def __init__(self, time: Time, status: str) -> None:
        _check_status(status)
        self.time = time
        self.status = status


class Metrics:
    """Replication metrics (not carried by newtera: refused)."""

    def __init__(self, event_threshold: EventThreshold, status: str) -> None:
        _check_status(status)
        self.event_threshold = event_threshold
        self.status = status


class Destination:
    """Where a rule replicates to: ``bucket_arn`` (``arn:aws:s3:::NAME``)
    and the replicas' ``storage_class``. ``access_control_translation``,
    ``account``, ``encryption_config``, ``metrics`` and
    ``replication_time`` are not carried by newtera (refused when set)."""

    def __init__(self, bucket_arn: str,
                 access_control_translation: Optional[AccessControlTranslation] = None,
                 account: Optional[str] = None,
                 encryption_config: Optional[EncryptionConfig] = None,
                 metrics: Optional[Metrics] = None,
                 replication_time: Optional[ReplicationTime] = None,
                 storage_class: Optional[str] = None) -> None:
        if not isinstance(bucket_arn, str) or not bucket_arn:
            raise InvalidArgumentError("bucket_arn must be a non-empty string")
        if storage_class is not None and not isinstance(storage_class, str):
            raise InvalidArgumentError("storage_class must be a string or None")
        self.bucket_arn = bucket_arn
        self.access_control_translation = access_control_translation
        self.account = account
        self.encryption_config = encryption_config
        self.metrics = metrics
        self.replication_time = replication_time
        self.storage_class = storage_class

    def _unsupported(self) -> List[str]:
        return [name for name in ("access_control_translation", "account", "encryption_config",
                                  "metrics", "replication_time")
                if getattr(self, name) is not None]


class Rule:
    """One replication rule: ``destination``, ``status`` (``Enabled`` or
    ``Disabled``), ``rule_id`` (at most 255 characters), ``priority`` (an
    integer >= 0; higher wins), which keys (``rule_filter`` with a prefix,
    or the older ``prefix``) and ``delete_marker_replication``.
    ``existing_object_replication``, ``source_selection_criteria``,
    ``delete_replication`` and tag filters are not carried by newtera
    (refused when set)."""

    def __init__(self, destination: Destination, status: str,
                 delete_marker_replication: Optional[DeleteMarkerReplication] = None,
                 existing_object_replication: Optional[ExistingObjectReplication] = None,
                 rule_filter: Optional[Filter] = None, rule_id: Optional[str] = None,
                 prefix: Optional[str] = None, priority: Optional[int] = None,
                 source_selection_criteria: Optional[SourceSelectionCriteria] = None,
                 delete_replication: Optional[DeleteReplication] = None) -> None:
        if not isinstance(destination, Destination):
            raise InvalidArgumentError("destination must be a Destination")
        _check_status(status)
        if rule_id is not None:
            if not isinstance(rule_id, str) or not rule_id.strip() or len(rule_id) > 255:
                raise InvalidArgumentError("rule_id must be a non-empty string of at most "
                                           "255 characters")
            rule_id = rule_id.strip()
        if priority is not None and (not isinstance(priority, int) or isinstance(priority, bool)
                                     or priority < 0):
            raise InvalidArgumentError("priority must be an integer >= 0")
        if rule_filter is not None and not isinstance(rule_filter, Filter):
            raise InvalidArgumentError("rule_filter must be a newtera.commonconfig.Filter")
        if prefix is not None and not isinstance(prefix, str):
            raise InvalidArgumentError("prefix must be a string or None")
        if delete_marker_replication is not None and not isinstance(
                delete_marker_replication, DeleteMarkerReplication):
            raise InvalidArgumentError(
                "delete_marker_replication must be a DeleteMarkerReplication")
        self.destination = destination
        self.status = status
        self.delete_marker_replication = delete_marker_replication
        self.existing_object_replication = existing_object_replication
        self.rule_filter = rule_filter
        self.rule_id = rule_id
        self.prefix = prefix
        self.priority = priority
        self.source_selection_criteria = source_selection_criteria
        self.delete_replication = delete_replication

    def _tuple(self) -> _Rule:
        """The rule for the extension; what it cannot carry is refused."""
        refused = ["destination." + n for n in self.destination._unsupported()]
        refused += [name for name in ("existing_object_replication", "source_selection_criteria",
                                      "delete_replication") if getattr(self, name) is not None]
        prefix = self.prefix
        if self.rule_filter is not None:
            filter_prefix, tags = self.rule_filter._parts()
            if tags:
                refused.append("rule_filter tags")
            if prefix is not None and filter_prefix is not None and prefix != filter_prefix:
                raise InvalidArgumentError("prefix and rule_filter's prefix differ")
            prefix = filter_prefix if filter_prefix is not None else prefix
        if refused:
            raise InvalidArgumentError(
                "newtera cannot send these parts of a replication rule: {}".format(
                    ", ".join(refused)))
        marker = self.delete_marker_replication
        return (self.rule_id, self.status == ENABLED, self.priority, prefix,
                self.destination.bucket_arn, self.destination.storage_class,
                marker is not None and marker.status == ENABLED)

    @classmethod
    def _from(cls, rule: _Rule) -> "Rule":
        """A rule as the server sent it (not checked as arguments are: an
        answer is never refused)."""
        rule_id, enabled, priority, prefix, bucket_arn, storage_class, markers = rule
        destination = Destination.__new__(Destination)
        vars(destination).update(dict.fromkeys(
            ("access_control_translation", "account", "encryption_config", "metrics",
             "replication_time")))
        destination.bucket_arn = bucket_arn
        destination.storage_class = storage_class
        made = cls.__new__(cls)
        vars(made).update(dict.fromkeys(
            ("existing_object_replication", "prefix", "source_selection_criteria",
             "delete_replication")))
        made.destination = destination
        made.status = ENABLED if enabled else DISABLED
        made.delete_marker_replication = DeleteMarkerReplication(
            ENABLED if markers else DISABLED)
        made.rule_filter = Filter(prefix=prefix)
        made.rule_id = rule_id
        made.priority = priority
        return made

    def __repr__(self) -> str:
        return "Rule(rule_id={!r}, status={!r}, destination={!r})".format(
            self.rule_id, self.status, self.destination.bucket_arn)


class ReplicationConfig:
    """A bucket's replication: ``role`` (the IAM role ARN the server
    replicates as; MinIO takes an empty one) and ``rules`` (1 to 1000)."""

    def __init__(self, role: str, rules: List[Rule]) -> None:
        if not isinstance(role, str):
            raise InvalidArgumentError("role must be a string")
        if not isinstance(rules, (list, tuple)) or not rules:
            raise InvalidArgumentError("rules must be a non-empty list of Rule")
        if len(rules) > 1000:
            raise InvalidArgumentError("at most 1000 replication rules")
        if not all(isinstance(r, Rule) for r in rules):
            raise InvalidArgumentError("rules must be newtera.replicationconfig.Rule objects")
        self.role = role
        self.rules = list(rules)

    def _tuple(self) -> Tuple[str, List[_Rule]]:
        return self.role, [r._tuple() for r in self.rules]

    @classmethod
    def _from(cls, got: Tuple[str, List[_Rule]]) -> "ReplicationConfig":
        role, rules = got
        made = cls.__new__(cls)
        made.role = role
        made.rules = [Rule._from(r) for r in rules]
        return made
