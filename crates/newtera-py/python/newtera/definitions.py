"""What the client's methods return: buckets, objects, unfinished uploads."""

import time
from datetime import datetime, timezone
from typing import Dict, Optional

__all__ = ["Bucket", "Object", "IncompleteUpload"]


def _datetime(seconds: Optional[float]) -> Optional[datetime]:
    """A UTC-aware datetime from seconds since the Unix epoch."""
    return None if seconds is None else datetime.fromtimestamp(seconds, tz=timezone.utc)


def _struct_time(seconds: Optional[float]) -> Optional[time.struct_time]:
    """A UTC ``time.struct_time``, as minio-py's ``stat_object`` returned."""
    return None if seconds is None else time.gmtime(seconds)


class Bucket:
    """A bucket: ``name`` and ``creation_date`` (UTC ``datetime``, or ``None``
    when the server does not say)."""

    __slots__ = ("name", "creation_date")

    def __init__(self, name: str, creation_date: Optional[datetime]) -> None:
        self.name = name
        self.creation_date = creation_date

    def __repr__(self) -> str:
        return "Bucket(name={!r}, creation_date={!r})".format(self.name, self.creation_date)


class Object:
    """An object, from ``list_objects``, ``stat_object`` or ``fget_object``.

    - ``bucket_name``, ``object_name``: where it is (``object_name`` ends with
      ``/`` for a directory);
    - ``is_dir``: ``True`` for a common prefix of a non-recursive listing;
    - ``size``: bytes (0 for a directory);
    - ``etag``: the ETag without quotes (``None`` for a directory);
    - ``last_modified``: from ``list_objects`` a UTC ``datetime.datetime``;
      from ``stat_object``/``fget_object`` a UTC ``time.struct_time`` (as the
      minio-py's API reference documents);
    - ``content_type``: ``None`` in listings (ListObjects does not carry it);
    - ``metadata``: user metadata (``x-amz-meta-*``, names lowercased without
      the prefix); ``{}`` in listings;
    - ``version_id``: on versioned buckets, else ``None``;
    - ``storage_class``: in listings, when the server says;
    - ``is_latest``, ``is_delete_marker``: in ``list_objects(...,
      include_version=True)``, whether the version is the current one and
      whether it is a delete marker (``False`` elsewhere).
    """

    __slots__ = ("bucket_name", "object_name", "is_dir", "size", "etag", "last_modified",
                 "content_type", "metadata", "version_id", "storage_class", "is_latest",
                 "is_delete_marker")

    def __init__(self, bucket_name: str, object_name: str, last_modified, etag: Optional[str],
                 size: int, content_type: Optional[str] = None, is_dir: bool = False,
                 metadata: Optional[Dict[str, str]] = None, version_id: Optional[str] = None,
                 storage_class: Optional[str] = None, is_latest: bool = False,
                 is_delete_marker: bool = False) -> None:
        self.bucket_name = bucket_name
        self.object_name = object_name
        self.last_modified = last_modified
        self.etag = etag
        self.size = size
        self.content_type = content_type
        self.is_dir = is_dir
        self.metadata = metadata if metadata is not None else {}
        self.version_id = version_id
        self.storage_class = storage_class
        self.is_latest = is_latest
        self.is_delete_marker = is_delete_marker

    def __str__(self) -> str:
        last = self.last_modified
        if isinstance(last, time.struct_time):
            last = time.strftime("%Y-%m-%dT%H:%M:%SZ", last)
        return ("<Object: bucket_name: {} object_name: {} last_modified: {} etag: {} size: {} "
                "content_type: {}, is_dir: {} metadata: {}>".format(
                    self.bucket_name, self.object_name.encode("utf-8"), last, self.etag,
                    self.size, self.content_type, self.is_dir, self.metadata))

    __repr__ = __str__


class IncompleteUpload:
    """An unfinished multipart upload: ``bucket_name``, ``object_name``,
    ``upload_id``, ``initiated`` (UTC ``datetime`` or ``None``)."""

    __slots__ = ("bucket_name", "object_name", "upload_id", "initiated")

    def __init__(self, bucket_name: str, object_name: str, upload_id: str,
                 initiated: Optional[datetime]) -> None:
        self.bucket_name = bucket_name
        self.object_name = object_name
        self.upload_id = upload_id
        self.initiated = initiated

    def __repr__(self) -> str:
        return "IncompleteUpload(object_name={!r}, upload_id={!r}, initiated={!r})".format(
            self.object_name, self.upload_id, self.initiated)
