"""Shared settings, as in minio-py's ``minio.commonconfig``: :class:`Tags`,
:class:`CopySource`, :class:`ComposeSource` and the constants
``ENABLED``/``DISABLED``, ``GOVERNANCE``/``COMPLIANCE``, ``COPY``/``REPLACE``."""

from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from .error import InvalidArgumentError
from .sse import SseCustomerKey, _spec

__all__ = ["Tags", "CopySource", "ComposeSource", "ENABLED", "DISABLED", "GOVERNANCE",
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
    ``ResponseError`` with code ``PreconditionFailed`` (412).
    ``offset``/``length`` are refused by ``copy_object`` (a byte range needs
    :meth:`newtera.Newtera.compose_object`)."""


class ComposeSource(_Source):
    """One part of :meth:`newtera.Newtera.compose_object`: the object, or
    ``length`` bytes of it from ``offset``; ``match_etag`` pins it to that
    ETag. Modified-since conditions are not supported for compose sources
    and are refused."""
