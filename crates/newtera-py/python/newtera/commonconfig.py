"""Shared settings, as in minio-py's ``minio.commonconfig``: :class:`Tags`,
:class:`CopySource`, :class:`ComposeSource` and the constants
``ENABLED``/``DISABLED``, ``GOVERNANCE``/``COMPLIANCE``, ``COPY``/``REPLACE``."""

from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from .error import InvalidArgumentError
from .sse import SseCustomerKey, _spec

__all__ = ["Tags", "CopySource", "ComposeSource", "Filter", "AndOperator", "ENABLED", "DISABLED", "GOVERNANCE",
           "COMPLIANCE", "COPY", "REPLACE"]

ENABLED = "Enabled"
DISABLED = "Disabled"
GOVERNANCE = "GOVERNANCE"
COMPLIANCE = "COMPLIANCE"
COPY = "COPY"
REPLACE = "REPLACE"


class Tags(Dict[str, str]):
    """Tags: a dict of string keys and values. An object takes at most 10,
    a bucket 50 (S3 API reference: PutObjectTagging, PutBucketTagging);
    the limits are checked before any request is sent."""

    def __init__(self, for_object: bool = False) -> None:
        super().__init__()
        self._for_object = for_object

    def __setitem__(self, key: str, value: str) -> None:
        if not isinstance(key, str) or not key:
            raise InvalidArgumentError("tag keys must be non-empty strings")
        if not isinstance(value, str):
            raise InvalidArgumentError("tag values must be strings")
        super().__setitem__(key, value)

    @classmethod
    def new_bucket_tags(cls) -> "Tags":
        """Empty tags for a bucket."""
        return cls(for_object=False)

    @classmethod
    def new_object_tags(cls) -> "Tags":
        """Empty tags for an object."""
        return cls(for_object=True)

    def _pairs(self) -> List[Tuple[str, str]]:
        return list(self.items())


def _tags(pairs: List[Tuple[str, str]], for_object: bool) -> Optional[Tags]:
    if not pairs:
        return None
    tags = Tags(for_object=for_object)
    for key, value in pairs:
        tags[key] = value
    return tags


def _check_tags(tags: Any) -> List[Tuple[str, str]]:
    if not isinstance(tags, dict):
        raise InvalidArgumentError("tags must be a newtera.commonconfig.Tags (or a dict)")
    pairs = []
    for key, value in tags.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidArgumentError("tag keys and values must be strings")
        pairs.append((key, value))
    return pairs


class _Source:
    """An object to copy from, with the conditions the copy needs."""

    def __init__(self, bucket_name: str, object_name: str, region: Optional[str] = None,
                 version_id: Optional[str] = None, ssec: Optional[SseCustomerKey] = None,
                 offset: Optional[int] = None, length: Optional[int] = None,
                 match_etag: Optional[str] = None, not_match_etag: Optional[str] = None,
                 modified_since: Optional[datetime] = None,
                 unmodified_since: Optional[datetime] = None) -> None:
        for name, value in (("bucket_name", bucket_name), ("object_name", object_name)):
            if not isinstance(value, str) or not value:
                raise InvalidArgumentError("{} must be a non-empty string".format(name))
        for name, value in (("offset", offset), ("length", length)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                      or value < 0):
                raise InvalidArgumentError("{} must be an integer >= 0".format(name))
        if length == 0:
            raise InvalidArgumentError("length must be greater than 0")
        for name, value in (("modified_since", modified_since),
                            ("unmodified_since", unmodified_since)):
            if value is not None and not isinstance(value, datetime):
                raise InvalidArgumentError("{} must be a datetime.datetime".format(name))
        _spec("ssec", ssec, customer_only=True)
        self.bucket_name = bucket_name
        self.object_name = object_name
        self.region = region
        self.version_id = version_id
        self.ssec = ssec
        self.offset = offset
        self.length = length
        self.match_etag = match_etag
        self.not_match_etag = not_match_etag
        self.modified_since = modified_since
        self.unmodified_since = unmodified_since

    def __repr__(self) -> str:
        return "{}(bucket_name={!r}, object_name={!r}, version_id={!r})".format(
            type(self).__name__, self.bucket_name, self.object_name, self.version_id)


class CopySource(_Source):
    """The source of :meth:`newtera.Newtera.copy_object`: the object
    (``version_id`` for a given version, ``ssec`` when it is stored with
    SSE-C) and the conditions the copy is made on: ``match_etag``
    (``x-amz-copy-source-if-match``), ``not_match_etag``
    (``-if-none-match``), ``modified_since`` and ``unmodified_since``
    (S3 API reference: CopyObject). A condition that fails is a
    ``ResponseError`` with code ``PreconditionFailed`` (412). With
    ``offset``/``length``, ``copy_object`` copies that byte range with
    :meth:`newtera.Newtera.compose_object` (whose conditions are checked
    with a HEAD of the source: a failed ``not_match_etag`` or
    ``modified_since`` is a 304 there). ``region`` is accepted for minio-py compatibility and not
    used: newtera finds the bucket's region itself."""


class ComposeSource(_Source):
    """One part of :meth:`newtera.Newtera.compose_object`: the object, or
    ``length`` bytes of it from ``offset``; ``match_etag`` pins it to that
    ETag. The other conditions (``not_match_etag``, ``modified_since``,
    ``unmodified_since``) are checked with a HEAD of the source before the
    upload starts (see :meth:`newtera.Newtera.compose_object`)."""

    @classmethod
    def _of(cls, source: _Source) -> "ComposeSource":
        return cls(source.bucket_name, source.object_name, source.region, source.version_id,
                   source.ssec, source.offset, source.length, source.match_etag,
                   source.not_match_etag, source.modified_since, source.unmodified_since)


class AndOperator:
    """A lifecycle filter of a ``prefix`` and ``tags`` together."""

    def __init__(self, prefix: Optional[str] = None, tags: Optional[Dict[str, str]] = None) -> None:
        if prefix is None and not tags:
            raise InvalidArgumentError("AndOperator needs a prefix or tags")
        self.prefix = prefix
        self.tags = tags


class Filter:
    """Which objects a lifecycle rule applies to: keys under ``prefix``,
    objects with the tag ``tag`` (a ``Tags`` of one), or both
    (``and_operator``). At most one of the three; none: every object."""

    def __init__(self, and_operator: Optional[AndOperator] = None, prefix: Optional[str] = None,
                 tag: Optional[Dict[str, str]] = None) -> None:
        if sum(v is not None for v in (and_operator, prefix, tag)) > 1:
            raise InvalidArgumentError("give one of and_operator, prefix and tag")
        if tag is not None and len(tag) != 1:
            raise InvalidArgumentError("tag must hold exactly one tag")
        self.and_operator = and_operator
        self.prefix = prefix
        self.tag = tag

    def _parts(self) -> Tuple[Optional[str], List[Tuple[str, str]]]:
        if self.and_operator is not None:
            return self.and_operator.prefix, _check_tags(self.and_operator.tags or {})
        return self.prefix, _check_tags(self.tag or {})


def _filter(prefix: Optional[str], tags: List[Tuple[str, str]]) -> Filter:
    if tags and (prefix is not None or len(tags) > 1):
        and_tags = Tags()
        for key, value in tags:
            and_tags[key] = value
        return Filter(and_operator=AndOperator(prefix, and_tags))
    if tags:
        tag = Tags()
        tag[tags[0][0]] = tags[0][1]
        return Filter(tag=tag)
    return Filter(prefix=prefix)
