"""A bucket's lifecycle rules, as in minio-py's ``minio.lifecycleconfig``
(S3 API reference: PutBucketLifecycleConfiguration).

>>> from newtera.commonconfig import ENABLED, Filter
>>> from newtera.lifecycleconfig import Expiration, LifecycleConfig, Rule
>>> config = LifecycleConfig([Rule(ENABLED, rule_filter=Filter(prefix="logs/"),
...                                rule_id="expire-logs", expiration=Expiration(days=30))])
"""

from datetime import datetime, timezone
from typing import Any, List, Optional, Tuple

from .commonconfig import DISABLED, ENABLED, Filter, _filter
from .error import InvalidArgumentError

__all__ = ["LifecycleConfig", "Rule", "Expiration", "Transition", "NoncurrentVersionExpiration",
           "AbortIncompleteMultipartUpload"]


def _check_days(name: str, value: Optional[int]) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
        raise InvalidArgumentError("{} must be an integer > 0".format(name))


def _iso(date: Optional[datetime]) -> Optional[str]:
    if date is None:
        return None
    if not isinstance(date, datetime):
        raise InvalidArgumentError("date must be a datetime.datetime (midnight UTC)")
    if date.tzinfo is not None:
        date = date.astimezone(timezone.utc)
    # Whole seconds: Garage refuses fractional seconds in a lifecycle date.
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def _from_iso(text: Optional[str]) -> Optional[datetime]:
    if text is None:
        return None
    date = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return date if date.tzinfo is not None else date.replace(tzinfo=timezone.utc)


class Expiration:
    """Expire current versions after ``days`` or on ``date``; or, with
    ``expired_object_delete_marker=True``, remove delete markers left alone."""

    def __init__(self, date: Optional[datetime] = None, days: Optional[int] = None,
                 expired_object_delete_marker: Optional[bool] = None) -> None:
        _check_days("days", days)
        if sum(v is not None for v in (date, days, expired_object_delete_marker)) != 1:
            raise InvalidArgumentError(
                "give exactly one of date, days and expired_object_delete_marker")
        _iso(date)
        self.date = date
        self.days = days
        self.expired_object_delete_marker = expired_object_delete_marker


class Transition:
    """Move objects to ``storage_class`` after ``days`` or on ``date``."""

    def __init__(self, date: Optional[datetime] = None, days: Optional[int] = None,
                 storage_class: Optional[str] = None) -> None:
        _check_days("days", days)
        if (date is None) == (days is None):
            raise InvalidArgumentError("give exactly one of date and days")
        if not isinstance(storage_class, str) or not storage_class:
            raise InvalidArgumentError("storage_class must be a non-empty string")
        _iso(date)
        self.date = date
        self.days = days
        self.storage_class = storage_class


class NoncurrentVersionExpiration:
    """Expire noncurrent versions ``noncurrent_days`` after they became
    noncurrent, keeping the ``newer_noncurrent_versions`` newest."""

    def __init__(self, noncurrent_days: int, newer_noncurrent_versions: Optional[int] = None) -> None:
        _check_days("noncurrent_days", noncurrent_days)
        _check_days("newer_noncurrent_versions", newer_noncurrent_versions)
        self.noncurrent_days = noncurrent_days
        self.newer_noncurrent_versions = newer_noncurrent_versions


class AbortIncompleteMultipartUpload:
    """Abort multipart uploads ``days_after_initiation`` days after they began."""

    def __init__(self, days_after_initiation: int) -> None:
        _check_days("days_after_initiation", days_after_initiation)
        self.days_after_initiation = days_after_initiation


class Rule:
    """One rule: ``status`` (``ENABLED``/``DISABLED``), ``rule_filter`` (a
    :class:`newtera.commonconfig.Filter`; ``None``: every object),
    ``rule_id`` and at least one action."""

    def __init__(self, status: str, rule_filter: Optional[Filter] = None,
                 rule_id: Optional[str] = None,
                 abort_incomplete_multipart_upload: Optional[AbortIncompleteMultipartUpload] = None,
                 expiration: Optional[Expiration] = None,
                 noncurrent_version_expiration: Optional[NoncurrentVersionExpiration] = None,
                 transition: Optional[Transition] = None) -> None:
        if status not in (ENABLED, DISABLED):
            raise InvalidArgumentError("status must be Enabled or Disabled")
        if rule_filter is not None and not isinstance(rule_filter, Filter):
            raise InvalidArgumentError("rule_filter must be a newtera.commonconfig.Filter")
        if not any((abort_incomplete_multipart_upload, expiration, noncurrent_version_expiration,
                    transition)):
            raise InvalidArgumentError("a lifecycle rule needs at least one action")
        self.status = status
        self.rule_filter = rule_filter
        self.rule_id = rule_id
        self.abort_incomplete_multipart_upload = abort_incomplete_multipart_upload
        self.expiration = expiration
        self.noncurrent_version_expiration = noncurrent_version_expiration
        self.transition = transition

    def _tuple(self) -> Tuple[Any, ...]:
        prefix, tags = self.rule_filter._parts() if self.rule_filter else (None, [])
        e, n, a, t = (self.expiration, self.noncurrent_version_expiration,
                      self.abort_incomplete_multipart_upload, self.transition)
        return (self.rule_id, self.status == ENABLED, prefix, tags,
                e.days if e else None, _iso(e.date) if e else None,
                e.expired_object_delete_marker if e else None,
                n.noncurrent_days if n else None, n.newer_noncurrent_versions if n else None,
                a.days_after_initiation if a else None,
                [(t.days, _iso(t.date), t.storage_class)] if t else [])

    @classmethod
    def _from(cls, t: Tuple[Any, ...]) -> "Rule":
        (rule_id, enabled, prefix, tags, days, date, marker, noncurrent, newer, abort,
         transitions) = t
        expiration = None
        if days is not None or date is not None or marker is not None:
            expiration = Expiration.__new__(Expiration)
            expiration.days, expiration.date = days, _from_iso(date)
            expiration.expired_object_delete_marker = marker
        rule = cls.__new__(cls)
        rule.status = ENABLED if enabled else DISABLED
        rule.rule_filter = _filter(prefix, tags)
        rule.rule_id = rule_id
        rule.expiration = expiration
        rule.noncurrent_version_expiration = (
            NoncurrentVersionExpiration(noncurrent, newer) if noncurrent else None)
        rule.abort_incomplete_multipart_upload = (
            AbortIncompleteMultipartUpload(abort) if abort else None)
        rule.transition = None
        if transitions:
            t_days, t_date, t_class = transitions[0]
            rule.transition = Transition(_from_iso(t_date), t_days, t_class)
        return rule


class LifecycleConfig:
    """The bucket's lifecycle: a list of :class:`Rule` (at most 1000)."""

    def __init__(self, rules: List[Rule]) -> None:
        if not isinstance(rules, list) or not rules or not all(isinstance(r, Rule) for r in rules):
            raise InvalidArgumentError("rules must be a non-empty list of Rule")
        self.rules = rules
