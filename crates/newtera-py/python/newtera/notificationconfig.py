"""A bucket's notification configuration, as in minio-py's
``minio.notificationconfig`` (S3 API reference:
PutBucketNotificationConfiguration): where the server sends an event
(a queue, a topic or a cloud function, each named by its ARN), for which
event types, and for which keys (a prefix and a suffix filter).

>>> from newtera.notificationconfig import (NotificationConfig, PrefixFilterRule,
...                                         QueueConfig)
>>> config = NotificationConfig(queue_config_list=[
...     QueueConfig("arn:minio:sqs::1:webhook", ["s3:ObjectCreated:*"], config_id="1",
...                 prefix_filter_rule=PrefixFilterRule("photos/"))])
"""

from typing import Any, List, Optional, Tuple

from .error import InvalidArgumentError

__all__ = ["NotificationConfig", "QueueConfig", "TopicConfig", "CloudFuncConfig",
           "FilterRule", "PrefixFilterRule", "SuffixFilterRule"]

# A target as the extension takes it: id, ARN, events, prefix, suffix.
_Target = Tuple[Optional[str], str, List[str], Optional[str], Optional[str]]


class FilterRule:
    """A key filter rule: ``name`` (``prefix`` or ``suffix``) and ``value``."""

    def __init__(self, name: str, value: str) -> None:
        if not isinstance(value, str):
            raise InvalidArgumentError("a filter rule's value must be a string")
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return "{}({!r})".format(type(self).__name__, self.value)


class PrefixFilterRule(FilterRule):
    """Only keys starting with ``value``."""

    def __init__(self, value: str) -> None:
        super().__init__("prefix", value)


class SuffixFilterRule(FilterRule):
    """Only keys ending with ``value``."""

    def __init__(self, value: str) -> None:
        super().__init__("suffix", value)


class _CommonConfig:
    """One notification target: its ARN, the event types (such as
    ``s3:ObjectCreated:*``), an optional id, and optional key filters."""

    def __init__(self, arn: str, events: List[str], config_id: Optional[str],
                 prefix_filter_rule: Optional[PrefixFilterRule],
                 suffix_filter_rule: Optional[SuffixFilterRule]) -> None:
        if not isinstance(arn, str) or not arn:
            raise InvalidArgumentError("{}: the ARN must be a non-empty string".format(
                type(self).__name__))
        if isinstance(events, str) or not events or not all(
                isinstance(e, str) and e for e in events):
            raise InvalidArgumentError("events must be a non-empty list of event types")
        if config_id is not None and not isinstance(config_id, str):
            raise InvalidArgumentError("config_id must be a string or None")
        if prefix_filter_rule is not None and not isinstance(prefix_filter_rule,
                                                             PrefixFilterRule):
            raise InvalidArgumentError("prefix_filter_rule must be a PrefixFilterRule")
        if suffix_filter_rule is not None and not isinstance(suffix_filter_rule,
                                                             SuffixFilterRule):
            raise InvalidArgumentError("suffix_filter_rule must be a SuffixFilterRule")
        self._arn = arn
        self.events = list(events)
        self.config_id = config_id
        self.prefix_filter_rule = prefix_filter_rule
        self.suffix_filter_rule = suffix_filter_rule

    def _tuple(self) -> _Target:
        prefix = self.prefix_filter_rule.value if self.prefix_filter_rule else None
        suffix = self.suffix_filter_rule.value if self.suffix_filter_rule else None
        return (self.config_id, self._arn, self.events, prefix, suffix)

    @classmethod
    def _from(cls, target: _Target) -> Any:
        """A target as the server sent it (not checked as arguments are: an
        answer is never refused)."""
        config_id, arn, events, prefix, suffix = target
        made = cls.__new__(cls)
        made._arn = arn
        made.events = list(events)
        made.config_id = config_id
        made.prefix_filter_rule = PrefixFilterRule(prefix) if prefix is not None else None
        made.suffix_filter_rule = SuffixFilterRule(suffix) if suffix is not None else None
        return made

    def __repr__(self) -> str:
        return "{}({!r}, {!r}, config_id={!r})".format(type(self).__name__, self._arn,
                                                       self.events, self.config_id)


class QueueConfig(_CommonConfig):
    """Events sent to a queue (``queue``: its ARN, such as
    ``arn:minio:sqs::1:webhook``)."""

    def __init__(self, queue: str, events: List[str], config_id: Optional[str] = None,
                 prefix_filter_rule: Optional[PrefixFilterRule] = None,
                 suffix_filter_rule: Optional[SuffixFilterRule] = None) -> None:
        super().__init__(queue, events, config_id, prefix_filter_rule, suffix_filter_rule)

    @property
    def queue(self) -> str:
        """The queue's ARN."""
        return self._arn


class TopicConfig(_CommonConfig):
    """Events sent to a topic (``topic``: its ARN, such as
    ``arn:aws:sns:us-east-1:123456789012:events``)."""

    def __init__(self, topic: str, events: List[str], config_id: Optional[str] = None,
                 prefix_filter_rule: Optional[PrefixFilterRule] = None,
                 suffix_filter_rule: Optional[SuffixFilterRule] = None) -> None:
        super().__init__(topic, events, config_id, prefix_filter_rule, suffix_filter_rule)

    @property
    def topic(self) -> str:
        """The topic's ARN."""
        return self._arn


class CloudFuncConfig(_CommonConfig):
    """Events sent to a cloud function (``cloud_func``: its ARN)."""

    def __init__(self, cloud_func: str, events: List[str], config_id: Optional[str] = None,
                 prefix_filter_rule: Optional[PrefixFilterRule] = None,
                 suffix_filter_rule: Optional[SuffixFilterRule] = None) -> None:
        super().__init__(cloud_func, events, config_id, prefix_filter_rule,
                         suffix_filter_rule)

    @property
    def cloud_func(self) -> str:
        """The function's ARN."""
        return self._arn


class NotificationConfig:
    """A bucket's notification targets: lists of :class:`CloudFuncConfig`,
    :class:`QueueConfig` and :class:`TopicConfig` (each may be empty; all
    empty: no notifications)."""

    def __init__(self, cloud_func_config_list: Optional[List[CloudFuncConfig]] = None,
                 queue_config_list: Optional[List[QueueConfig]] = None,
                 topic_config_list: Optional[List[TopicConfig]] = None) -> None:
        for name, items, cls in (("cloud_func_config_list", cloud_func_config_list,
                                  CloudFuncConfig),
                                 ("queue_config_list", queue_config_list, QueueConfig),
                                 ("topic_config_list", topic_config_list, TopicConfig)):
            if items is not None and (not isinstance(items, (list, tuple)) or not all(
                    isinstance(i, cls) for i in items)):
                raise InvalidArgumentError("{} must be a list of {}".format(name, cls.__name__))
        self.cloud_func_config_list = list(cloud_func_config_list or [])
        self.queue_config_list = list(queue_config_list or [])
        self.topic_config_list = list(topic_config_list or [])

    def _tuple(self) -> Tuple[List[_Target], List[_Target], List[_Target]]:
        """(topics, queues, cloud functions) for the extension."""
        return ([t._tuple() for t in self.topic_config_list],
                [q._tuple() for q in self.queue_config_list],
                [f._tuple() for f in self.cloud_func_config_list])

    @classmethod
    def _from(cls, got: Tuple[List[_Target], List[_Target], List[_Target]]
              ) -> "NotificationConfig":
        topics, queues, funcs = got
        return cls([CloudFuncConfig._from(f) for f in funcs],
                   [QueueConfig._from(q) for q in queues],
                   [TopicConfig._from(t) for t in topics])

    def __repr__(self) -> str:
        return "NotificationConfig(cloud_func_config_list={!r}, queue_config_list={!r}, " \
               "topic_config_list={!r})".format(self.cloud_func_config_list,
                                                self.queue_config_list, self.topic_config_list)
