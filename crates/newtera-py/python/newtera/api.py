"""The ``Newtera`` client: minio-py's API on newtera's Rust engine."""

import calendar
import json
import os
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import formatdate, parsedate_to_datetime
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _newtera
from .commonconfig import COPY, REPLACE, ComposeSource, CopySource, Tags, _check_tags, _tags
from .corsconfig import CORSConfig, CORSRule
from .lifecycleconfig import LifecycleConfig
from .lifecycleconfig import Rule as LifecycleRule
from .definitions import Bucket, IncompleteUpload, Object, _datetime, _struct_time
from .deleteobjects import DeleteObject
from .notificationconfig import NotificationConfig
from .replicationconfig import ReplicationConfig
from .error import InvalidArgumentError, MultiDeleteError
from .objectlockconfig import ObjectLockConfig
from .retention import Retention, _lock_headers
from .sse import Sse, SseCustomerKey, _spec
from .sseconfig import AES256, SSEConfig
from .sseconfig import Rule as SSERule
from .versioningconfig import VersioningConfig
from .http_client import transport_options
from .post_policy import PostPolicy
from .response import HTTPHeaderDict, ObjectResponse

__all__ = ["Newtera"]

# DeleteObjects takes at most 1000 keys (S3 API reference, DeleteObjects).
_DELETE_BATCH = 1000
# The read conditions of GetObject and HeadObject, in the extension's order.
_CONDITIONS = ("if-match", "if-none-match", "if-modified-since", "if-unmodified-since")
# Metadata names sent as the standard headers they are, not as x-amz-meta-*.
_STANDARD_HEADERS = frozenset({
    "cache-control", "content-disposition", "content-encoding", "content-language",
    "expires", "website-redirect-location"})


class Newtera:
    """A client for an S3-compatible service.

    :param endpoint: ``host[:port]`` (``'localhost:8080'``,
        ``'s3.amazonaws.com'``) or an ``http://`` / ``https://`` URL (whose
        scheme wins over ``secure``).
    :param access_key: the access key; ``None`` with ``secret_key`` ``None``
        means anonymous (unsigned) requests.
    :param secret_key: the secret key (never shown in ``repr`` or errors).
    :param secure: HTTPS when ``True`` (the default).
    :param region: the region to sign for; ``None`` discovers each bucket's
        region (GetBucketLocation, cached).
    :param http_client: a ``urllib3.PoolManager`` or ``ProxyManager`` whose
        proxy, retries, timeouts and TLS settings are carried over (see
        :mod:`newtera.http_client`; what cannot be is refused).
    :raises InvalidArgumentError: a malformed endpoint, one key without the
        other, an ``http_client`` setting that cannot be carried over.

    Thread-safe and cheap to share: every call releases the GIL while it
    waits on the network, and all clients share one Tokio runtime. Ctrl-C
    interrupts any call; an interrupted download leaves no file behind and an
    interrupted multipart upload is aborted.
    """

    def __init__(self, endpoint: str, access_key: Optional[str] = None,
                 secret_key: Optional[str] = None, secure: bool = True,
                 region: Optional[str] = None, http_client: Any = None) -> None:
        _check_str("endpoint", endpoint)
        for name, value in (("access_key", access_key), ("secret_key", secret_key),
                            ("region", region)):
            if value is not None and not isinstance(value, str):
                raise InvalidArgumentError("{} must be a string or None".format(name))
        options = transport_options(http_client) if http_client is not None else None
        self._endpoint = endpoint
        self._client = _newtera.Client(endpoint, access_key, secret_key, bool(secure), region,
                                       options)

    def __repr__(self) -> str:
        return "Newtera(endpoint={!r})".format(self._endpoint)

    # Buckets.

    def list_buckets(self) -> List[Bucket]:
        """All buckets of the account, each with ``.name`` and
        ``.creation_date`` (UTC ``datetime``)."""
        return [Bucket(name, _datetime(created)) for name, created in self._client.list_buckets()]

    def bucket_exists(self, bucket_name: str) -> bool:
        """Whether the bucket exists: ``False`` on 404; a ``ResponseError``
        for other refusals (403 …)."""
        _check_str("bucket_name", bucket_name)
        return self._client.bucket_exists(bucket_name)

    def make_bucket(self, bucket_name: str, location: Optional[str] = None, *,
                    object_lock: bool = False) -> None:
        """Creates a bucket, in ``location`` (a region) when given, with
        Object Lock (and so versioning) on when ``object_lock``. A server
        that ignores the lock request leaves no bucket: the call fails with
        its ``NotImplemented`` answer."""
        _check_str("bucket_name", bucket_name)
        self._client.make_bucket(bucket_name, location, bool(object_lock))

    def remove_bucket(self, bucket_name: str) -> None:
        """Deletes an empty bucket."""
        _check_str("bucket_name", bucket_name)
        self._client.remove_bucket(bucket_name)

    def list_objects(self, bucket_name: str, prefix: Optional[str] = None,
                     recursive: bool = False, start_after: Optional[str] = None, *,
                     include_version: bool = False) -> Iterator[Object]:
        """A lazy iterator of the bucket's objects (ListObjectsV2 pages are
        fetched as you iterate). Not recursive: one level below ``prefix``,
        with the sub-folders as ``is_dir`` entries (delimiter ``/``).
        ``include_version=True`` lists every version and delete marker
        (ListObjectVersions), newest first per key, each with ``version_id``,
        ``is_latest`` and ``is_delete_marker``; ``start_after`` is not
        supported with it."""
        _check_str("bucket_name", bucket_name)
        _check_opt_str("prefix", prefix)
        if include_version:
            if start_after is not None:
                raise InvalidArgumentError("start_after is not supported with include_version")
            return _entries(self._client.list_object_versions(bucket_name, prefix,
                                                              bool(recursive)))
        listing = self._client.list_objects(bucket_name, prefix, bool(recursive), start_after)
        return _entries(listing)

    def list_incomplete_uploads(self, bucket_name: str, prefix: str = "",
                                recursive: bool = False) -> Iterator[IncompleteUpload]:
        """Unfinished multipart uploads of keys under ``prefix``
        (``recursive`` is accepted for minio-py compatibility; all levels are listed)."""
        del recursive
        _check_str("bucket_name", bucket_name)
        for name, upload_id, initiated in self._client.list_incomplete_uploads(
                bucket_name, prefix or None):
            yield IncompleteUpload(bucket_name, name, upload_id, _datetime(initiated))

    def get_bucket_policy(self, bucket_name: str) -> Optional[str]:
        """The bucket's policy (JSON text), or ``None`` when it has none."""
        _check_str("bucket_name", bucket_name)
        return self._client.get_bucket_policy(bucket_name)

    def set_bucket_policy(self, bucket_name: str, policy: str) -> None:
        """Sets the bucket's policy (JSON text)."""
        _check_str("bucket_name", bucket_name)
        _check_str("policy", policy)
        self._client.set_bucket_policy(bucket_name, policy)

    def delete_bucket_policy(self, bucket_name: str) -> None:
        """Removes the bucket's policy."""
        _check_str("bucket_name", bucket_name)
        self._client.delete_bucket_policy(bucket_name)

    # Objects.

    def get_object(self, bucket_name: str, object_name: str,
                   request_headers: Optional[Dict[str, str]] = None, *,
                   ssec: Optional[SseCustomerKey] = None, version_id: Optional[str] = None,
                   extra_query_params: Optional[Dict[str, str]] = None, offset: int = 0,
                   length: int = 0) -> ObjectResponse:
        """Starts a download and returns the streaming response
        (``.stream(amt)``, ``.read()``, ``.headers``, ``.status``,
        ``.close()``, ``.release_conn()``). ``request_headers`` are added to
        the GET (``Range``, and the read conditions ``If-Match`` and
        ``If-Unmodified-Since``, whose failure is a ``ResponseError``
        ``PreconditionFailed`` (412), ``If-None-Match`` and
        ``If-Modified-Since``, whose failure is
        :class:`newtera.error.NotModified` (304); S3 API reference:
        GetObject); ``ssec``: the SSE-C key the object was stored
        with; ``version_id``: that version; ``offset``/``length``: a byte
        range (``length=0``: to the end); ``extra_query_params``: added to
        the URL. A whole ``read()`` of a large object fetches it in parallel
        ranged GETs pinned to its ETag."""
        return self.get_partial_object(bucket_name, object_name, offset, length, request_headers,
                                       ssec=ssec, version_id=version_id,
                                       extra_query_params=extra_query_params)

    def get_partial_object(self, bucket_name: str, object_name: str, offset: int = 0,
                           length: int = 0,
                           request_headers: Optional[Dict[str, str]] = None,
                           ssec: Optional[SseCustomerKey] = None,
                           version_id: Optional[str] = None,
                           extra_query_params: Optional[Dict[str, str]] = None) -> ObjectResponse:
        """Downloads ``length`` bytes from ``offset`` (``length=0``: to the
        end); the other arguments as for :meth:`get_object`."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        headers = _pairs("request_headers", request_headers)
        query = _pairs("extra_query_params", extra_query_params)
        if (not isinstance(offset, int) or not isinstance(length, int) or isinstance(offset, bool)
                or isinstance(length, bool) or offset < 0 or length < 0):
            raise InvalidArgumentError("offset and length must be integers >= 0")
        conditions, headers = _read_conditions(headers)
        stat, content_length, body = self._client.get_object(
            bucket_name, object_name, headers, offset, length or None, version_id, query,
            _spec("ssec", ssec, customer_only=True), conditions)
        ranged = offset > 0 or length > 0 or any(k.lower() == "range" for k, _ in headers)
        return ObjectResponse(stat, body, 206 if ranged else 200,
                              _headers(stat, content_length))

    def fget_object(self, bucket_name: str, object_name: str, file_path: str,
                    request_headers: Optional[Dict[str, str]] = None, *,
                    ssec: Optional[SseCustomerKey] = None, version_id: Optional[str] = None,
                    extra_query_params: Optional[Dict[str, str]] = None) -> Object:
        """Downloads the object to ``file_path`` and returns its stat. The
        data goes to a part file beside the target, renamed over it only when
        complete: a failure or Ctrl-C never leaves a partial file. Missing
        parent folders are created. Without ``request_headers`` large objects
        are fetched in parallel ranges. ``ssec``, ``version_id`` and
        ``extra_query_params`` as for :meth:`get_object`."""
        _check_object(bucket_name, object_name)
        _check_str("file_path", file_path)
        _check_opt_str("version_id", version_id)
        if request_headers:
            return self._fget_with_headers(bucket_name, object_name, file_path, request_headers,
                                           ssec, version_id, extra_query_params)
        return _stat(self._client.fget_object(
            bucket_name, object_name, os.fspath(file_path), version_id,
            _spec("ssec", ssec, customer_only=True),
            _pairs("extra_query_params", extra_query_params)))

    def _fget_with_headers(self, bucket_name: str, object_name: str, file_path: str,
                           request_headers: Dict[str, str], ssec: Optional[SseCustomerKey],
                           version_id: Optional[str],
                           extra_query_params: Optional[Dict[str, str]]) -> Object:
        parent = os.path.dirname(os.path.abspath(file_path))
        os.makedirs(parent, exist_ok=True)
        part = "{}.{}.part".format(file_path, uuid.uuid4().hex[:12])
        response = self.get_object(bucket_name, object_name, request_headers, ssec=ssec,
                                   version_id=version_id,
                                   extra_query_params=extra_query_params)
        try:
            with open(part, "wb") as f:
                for chunk in response.stream(1 << 20):
                    f.write(chunk)
            os.replace(part, file_path)
        except BaseException:
            if os.path.exists(part):
                os.remove(part)
            raise
        finally:
            response.close()
        return _stat(response._stat)

    def put_object(self, bucket_name: str, object_name: str, data: Any, length: int,
                   content_type: str = "application/octet-stream",
                   metadata: Optional[Dict[str, Any]] = None, *,
                   sse: Optional[Sse] = None) -> str:
        """Uploads ``length`` bytes read with ``data.read(n)`` (a file opened
        ``'rb'``, ``io.BytesIO``, any ``io.RawIOBase``) and returns the ETag.
        Objects over 5 MiB are uploaded in parallel parts (multipart, up to
        5 TiB); a failure leaves no object and aborts the upload.
        ``metadata``: user metadata (stored as ``x-amz-meta-NAME``); standard
        headers (``Cache-Control``, ``Content-Disposition`` …) and ``x-amz-*``
        headers are sent as they are. ``sse``: server-side encryption
        (:mod:`newtera.sse`)."""
        _check_object(bucket_name, object_name)
        if not callable(getattr(data, "read", None)):
            raise InvalidArgumentError("data must have a read(n) method (a file opened 'rb', io.BytesIO …)")
        if not isinstance(length, int) or isinstance(length, bool) or length < 0:
            raise InvalidArgumentError("length must be an integer >= 0")
        options = _write_options(content_type, metadata)
        etag, _version = self._client.put_object(bucket_name, object_name, data, length, options,
                                                 _spec("sse", sse))
        return etag

    def fput_object(self, bucket_name: str, object_name: str, file_path: str,
                    content_type: str = "application/octet-stream",
                    metadata: Optional[Dict[str, Any]] = None, *,
                    sse: Optional[Sse] = None) -> str:
        """Uploads the file at ``file_path`` (parts read in parallel) and
        returns the ETag; ``metadata`` and ``sse`` as for :meth:`put_object`."""
        _check_object(bucket_name, object_name)
        _check_str("file_path", file_path)
        options = _write_options(content_type, metadata)
        etag, _version = self._client.fput_object(bucket_name, object_name, os.fspath(file_path),
                                                  options, _spec("sse", sse))
        return etag

    def stat_object(self, bucket_name: str, object_name: str, *,
                    ssec: Optional[SseCustomerKey] = None, version_id: Optional[str] = None,
                    extra_headers: Optional[Dict[str, str]] = None,
                    extra_query_params: Optional[Dict[str, str]] = None,
                    request_headers: Optional[Dict[str, str]] = None) -> Object:
        """The object's metadata (a HEAD): size, etag, content_type,
        last_modified (UTC ``time.struct_time``), metadata, version_id.
        ``ssec``: the SSE-C key it was stored with; ``version_id``: that
        version (a delete marker is a ``ResponseError``, 405 on AWS).
        ``extra_headers`` (or its other name ``request_headers``) are added
        to the HEAD: with the read conditions ``If-Match``,
        ``If-Unmodified-Since`` (a failed one is a ``ResponseError``
        ``PreconditionFailed``, 412), ``If-None-Match`` and
        ``If-Modified-Since`` (a failed one is :class:`newtera.error.NotModified`,
        304) (S3 API reference: HeadObject)."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        if extra_headers is not None and request_headers is not None:
            raise InvalidArgumentError("give extra_headers or request_headers, not both")
        conditions, headers = _read_conditions(
            _pairs("extra_headers", extra_headers if request_headers is None else request_headers))
        return _stat(self._client.stat_object(
            bucket_name, object_name, version_id, _spec("ssec", ssec, customer_only=True),
            headers, _pairs("extra_query_params", extra_query_params), conditions))

    def copy_object(self, bucket_name: str, object_name: str,
                    source: Union[str, CopySource], sse: Optional[Sse] = None,
                    metadata: Optional[Dict[str, str]] = None, tags: Optional[Tags] = None,
                    retention: Optional[Retention] = None, legal_hold: bool = False,
                    metadata_directive: Optional[str] = None,
                    tagging_directive: Optional[str] = None) -> str:
        """Server-side copy of ``source`` to ``bucket_name/object_name``;
        returns the new ETag (S3 API reference: CopyObject).

        :param source: a :class:`newtera.commonconfig.CopySource` (the
            source version, its SSE-C key, and the conditions, sent as
            ``x-amz-copy-source-if-*``: one that fails is a ``ResponseError``
            ``PreconditionFailed``), or ``'/bucket/object'``. A source with
            ``offset``/``length`` is copied with :meth:`compose_object`, as
            is an object over 5 GiB (in parts).
        :param sse: the copy's encryption (:mod:`newtera.sse`).
        :param metadata: user metadata (and ``Content-Type``) replacing the
            source's (``x-amz-metadata-directive: REPLACE``); empty: as
            ``None``.
        :param tags: tags replacing the source's (at most 10); empty: as
            ``None``.
        :param retention: the copy's Object Lock retention
            (:class:`newtera.retention.Retention`).
        :param legal_hold: put a legal hold on the copy.
        :param metadata_directive: ``COPY`` or ``REPLACE``
            (:mod:`newtera.commonconfig`); ``None``: ``REPLACE`` when
            ``metadata`` is given, else ``COPY``. ``REPLACE`` without
            ``metadata`` gives the copy no user metadata.
        :param tagging_directive: likewise for ``tags``; ``REPLACE``
            without ``tags`` gives the copy no tags.
        :raises InvalidArgumentError: before any request: a directive other
            than ``COPY``/``REPLACE``, ``COPY`` together with ``metadata``
            (or ``tags``), or a ``COPY`` directive on a ranged source.
        """
        _check_object(bucket_name, object_name)
        if isinstance(source, str):
            _check_str("source", source)
            source_bucket, _, source_object = source.lstrip("/").partition("/")
            source = CopySource(source_bucket, source_object)
        if not isinstance(source, CopySource):
            raise InvalidArgumentError("source must be '/bucket/object' or a CopySource")
        for name, directive, value in (("metadata", metadata_directive, metadata),
                                       ("tags", tagging_directive, tags)):
            if directive not in (None, COPY, REPLACE):
                raise InvalidArgumentError(
                    "the {} directive must be COPY or REPLACE, got {!r}".format(name, directive))
            if directive == COPY and value is not None:
                raise InvalidArgumentError(
                    "{} cannot be given with the COPY directive (use REPLACE)".format(name))
        if source.offset is not None or source.length is not None:
            if COPY in (metadata_directive, tagging_directive):
                raise InvalidArgumentError(
                    "a byte range of the source is copied in parts: the COPY directive "
                    "does not apply")
            return self.compose_object(bucket_name, object_name, [ComposeSource._of(source)],
                                       sse, metadata, tags, retention, legal_hold)
        content_type, pairs = _copy_metadata(metadata)
        if not metadata and metadata_directive != REPLACE:
            content_type, pairs = None, None  # nothing to replace: COPY
        tag_pairs: Optional[List[Tuple[str, str]]] = None
        if tags is not None:
            tag_pairs = _check_tags(tags)
        if not tag_pairs:
            tag_pairs = [] if tagging_directive == REPLACE else None
        etag, _version = self._client.copy_object(
            bucket_name, object_name, _copy_from(source), content_type, pairs,
            _spec("sse", sse), tag_pairs, _lock_headers(retention, legal_hold),
            metadata_directive == REPLACE)
        return etag

    def compose_object(self, bucket_name: str, object_name: str,
                       sources: List[ComposeSource], sse: Optional[Sse] = None,
                       metadata: Optional[Dict[str, str]] = None, tags: Optional[Tags] = None,
                       retention: Optional[Retention] = None, legal_hold: bool = False) -> str:
        """Makes ``bucket_name/object_name`` from ``sources`` on the server
        (UploadPartCopy; each source but the last at least 5 MiB, at most
        10,000 parts) and returns its ETag. ``metadata``: the new object's
        metadata; ``sse``: its encryption; ``tags``: its tags (at most 10);
        ``retention`` and ``legal_hold``: its Object Lock settings. A
        failure aborts the upload. A source's conditions
        (``match_etag``, ``not_match_etag``, ``modified_since``,
        ``unmodified_since``) are checked with a HEAD of it before the
        upload starts, and its parts are then pinned to the ETag that HEAD
        saw: a failed one is a ``ResponseError`` ``PreconditionFailed``
        (412) or :class:`newtera.error.NotModified` (304), and nothing is
        uploaded."""
        _check_object(bucket_name, object_name)
        if not isinstance(sources, (list, tuple)) or not sources:
            raise InvalidArgumentError("sources must be a non-empty list of ComposeSource")
        parts = []
        for source in sources:
            if not isinstance(source, ComposeSource):
                raise InvalidArgumentError("sources must be ComposeSource objects")
            ssec = _spec("ssec", source.ssec, customer_only=True)
            parts.append([source.bucket_name, source.object_name, source.version_id, ssec,
                          source.offset, source.length, source.match_etag])
        content_type, pairs = _copy_metadata(metadata)
        tag_pairs = _check_tags(tags) if tags is not None else []
        lock = _lock_headers(retention, legal_hold)
        for part, source in zip(parts, sources):
            if (source.not_match_etag, source.modified_since, source.unmodified_since) != (
                    None, None, None):
                stat = self._client.stat_object(
                    source.bucket_name, source.object_name, source.version_id, part[3], [], [],
                    _copy_from(source)[4])
                part[6] = stat[3]
        etag, _version = self._client.compose_object(
            bucket_name, object_name, [tuple(p) for p in parts], content_type, pairs,
            _spec("sse", sse), tag_pairs, lock)
        return etag

    def remove_object(self, bucket_name: str, object_name: str, *,
                      version_id: Optional[str] = None) -> None:
        """Deletes the object (deleting a missing object succeeds);
        ``version_id``: that version, for good (else, on a versioned
        bucket, a delete marker is added)."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        self._client.remove_object(bucket_name, object_name, version_id)

    def remove_objects(self, bucket_name: str,
                       objects_iter: Union[Iterable[Union[str, DeleteObject]], str], *,
                       bypass_governance_mode: bool = False) -> Iterator[MultiDeleteError]:
        """Deletes many objects, lazily: nothing is sent until the returned
        iterator is iterated. Items are names or
        :class:`newtera.deleteobjects.DeleteObject` (name and version id),
        taken 1000 at a time (one DeleteObjects request each); the iterator
        yields a :class:`MultiDeleteError` for each the server could not
        delete. ``bypass_governance_mode``: delete versions under GOVERNANCE
        retention (needs the permission)."""
        _check_str("bucket_name", bucket_name)
        if isinstance(objects_iter, (str, DeleteObject)):
            objects_iter = [objects_iter]
        return _remove_batches(self._client, bucket_name, iter(objects_iter),
                               bool(bypass_governance_mode))

    def remove_incomplete_upload(self, bucket_name: str, object_name: str) -> None:
        """Aborts every unfinished multipart upload of the object."""
        _check_object(bucket_name, object_name)
        self._client.remove_incomplete_upload(bucket_name, object_name)

    # Versioning, tags, Object Lock.

    def get_bucket_versioning(self, bucket_name: str) -> VersioningConfig:
        """The bucket's versioning (``status``: ``Enabled``, ``Suspended`` or
        ``Off`` for never enabled)."""
        _check_str("bucket_name", bucket_name)
        status, mfa_delete = _newtera.get_bucket_versioning(self._client, bucket_name)
        return VersioningConfig(status, mfa_delete)

    def set_bucket_versioning(self, bucket_name: str, config: VersioningConfig) -> None:
        """Turns versioning on (``ENABLED``) or suspends it (``SUSPENDED``);
        a bucket cannot go back to ``OFF`` (S3 API reference:
        PutBucketVersioning)."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, VersioningConfig):
            raise InvalidArgumentError("config must be a newtera.versioningconfig.VersioningConfig")
        if config.status not in ("Enabled", "Suspended"):
            raise InvalidArgumentError("versioning can only be set to Enabled or Suspended")
        _newtera.set_bucket_versioning(self._client, bucket_name, config.status,
                                       config.mfa_delete)

    def get_bucket_tags(self, bucket_name: str) -> Optional[Tags]:
        """The bucket's tags, or ``None`` when it has none."""
        _check_str("bucket_name", bucket_name)
        return _tags(_newtera.get_bucket_tags(self._client, bucket_name), for_object=False)

    def set_bucket_tags(self, bucket_name: str, tags: Tags) -> None:
        """Replaces the bucket's tags (at most 50)."""
        _check_str("bucket_name", bucket_name)
        _newtera.set_bucket_tags(self._client, bucket_name, _check_tags(tags))

    def delete_bucket_tags(self, bucket_name: str) -> None:
        """Removes the bucket's tags."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_bucket_tags(self._client, bucket_name)

    def get_object_tags(self, bucket_name: str, object_name: str,
                        version_id: Optional[str] = None) -> Optional[Tags]:
        """The object's tags (of ``version_id`` when given), or ``None``
        when it has none."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        return _tags(_newtera.get_object_tags(self._client, bucket_name, object_name, version_id),
                     for_object=True)

    def set_object_tags(self, bucket_name: str, object_name: str, tags: Tags,
                        version_id: Optional[str] = None) -> None:
        """Replaces the object's tags (at most 10; keys up to 128
        characters, values up to 256)."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        _newtera.set_object_tags(self._client, bucket_name, object_name, _check_tags(tags),
                                 version_id)

    def delete_object_tags(self, bucket_name: str, object_name: str,
                           version_id: Optional[str] = None) -> None:
        """Removes the object's tags."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        _newtera.delete_object_tags(self._client, bucket_name, object_name, version_id)

    def get_object_lock_config(self, bucket_name: str) -> Optional[ObjectLockConfig]:
        """The bucket's default retention: ``None`` for a bucket without
        Object Lock, an ``ObjectLockConfig`` with ``mode`` ``None`` when the
        lock is on without a default retention."""
        _check_str("bucket_name", bucket_name)
        got = _newtera.get_object_lock_config(self._client, bucket_name)
        if got is None:
            return None
        _enabled, default = got
        if default is None:
            return ObjectLockConfig(None, None, None)
        mode, unit, count = default
        return ObjectLockConfig(mode, count, unit)

    def set_object_lock_config(self, bucket_name: str, config: ObjectLockConfig) -> None:
        """Sets the bucket's default retention (the bucket must have been
        made with ``object_lock=True``)."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, ObjectLockConfig):
            raise InvalidArgumentError("config must be a newtera.objectlockconfig.ObjectLockConfig")
        count, unit = config.duration
        if config.mode is None or count is None or unit is None:
            raise InvalidArgumentError(
                "set_object_lock_config needs mode, duration and duration_unit; "
                "delete_object_lock_config removes the default retention")
        _newtera.set_object_lock_config(self._client, bucket_name, config.mode, unit, count)

    def delete_object_lock_config(self, bucket_name: str) -> None:
        """Removes the bucket's default retention (Object Lock stays on)."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_object_lock_config(self._client, bucket_name)

    def get_object_retention(self, bucket_name: str, object_name: str,
                             version_id: Optional[str] = None) -> Optional[Retention]:
        """The object version's retention, or ``None`` when it has none."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        got = _newtera.get_object_retention(self._client, bucket_name, object_name, version_id)
        if got is None:
            return None
        mode, until = got
        return Retention(mode, _datetime(until))

    def set_object_retention(self, bucket_name: str, object_name: str, config: Retention,
                             version_id: Optional[str] = None) -> None:
        """Sets the object version's retention (S3 API reference:
        PutObjectRetention). Shortening a GOVERNANCE retention or any
        COMPLIANCE one is refused by the server."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        if not isinstance(config, Retention):
            raise InvalidArgumentError("config must be a newtera.retention.Retention")
        _newtera.set_object_retention(self._client, bucket_name, object_name, config.mode,
                                      _epoch(config.retain_until_date), version_id)

    def enable_object_legal_hold(self, bucket_name: str, object_name: str,
                                 version_id: Optional[str] = None) -> None:
        """Puts a legal hold on the object version."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        _newtera.set_object_legal_hold(self._client, bucket_name, object_name, True, version_id)

    def disable_object_legal_hold(self, bucket_name: str, object_name: str,
                                  version_id: Optional[str] = None) -> None:
        """Lifts the object version's legal hold."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        _newtera.set_object_legal_hold(self._client, bucket_name, object_name, False, version_id)

    def is_object_legal_hold_enabled(self, bucket_name: str, object_name: str,
                                     version_id: Optional[str] = None) -> bool:
        """Whether the object version is under a legal hold."""
        _check_object(bucket_name, object_name)
        _check_opt_str("version_id", version_id)
        return _newtera.is_object_legal_hold_enabled(self._client, bucket_name, object_name,
                                                     version_id)

    # Bucket configuration documents.

    def get_bucket_lifecycle(self, bucket_name: str) -> Optional[LifecycleConfig]:
        """The bucket's lifecycle rules, or ``None`` when it has none."""
        _check_str("bucket_name", bucket_name)
        rules = _newtera.get_bucket_lifecycle(self._client, bucket_name)
        return None if rules is None else LifecycleConfig([LifecycleRule._from(r) for r in rules])

    def set_bucket_lifecycle(self, bucket_name: str, config: LifecycleConfig) -> None:
        """Replaces the bucket's lifecycle rules."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, LifecycleConfig):
            raise InvalidArgumentError("config must be a newtera.lifecycleconfig.LifecycleConfig")
        _newtera.set_bucket_lifecycle(self._client, bucket_name, [r._tuple() for r in config.rules])

    def delete_bucket_lifecycle(self, bucket_name: str) -> None:
        """Removes the bucket's lifecycle rules (done when there are none)."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_bucket_lifecycle(self._client, bucket_name)

    def get_bucket_cors(self, bucket_name: str) -> Optional[CORSConfig]:
        """The bucket's CORS rules, or ``None`` when it has none."""
        _check_str("bucket_name", bucket_name)
        rules = _newtera.get_bucket_cors(self._client, bucket_name)
        if rules is None:
            return None
        return CORSConfig([CORSRule(methods, origins, headers, expose, max_age, rule_id)
                           for rule_id, origins, methods, headers, expose, max_age in rules])

    def set_bucket_cors(self, bucket_name: str, config: CORSConfig) -> None:
        """Replaces the bucket's CORS rules."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, CORSConfig):
            raise InvalidArgumentError("config must be a newtera.corsconfig.CORSConfig")
        _newtera.set_bucket_cors(self._client, bucket_name, [
            (r.rule_id, r.allowed_origins, r.allowed_methods, r.allowed_headers, r.expose_headers,
             r.max_age_seconds) for r in config.rules])

    def delete_bucket_cors(self, bucket_name: str) -> None:
        """Removes the bucket's CORS rules (done when there are none)."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_bucket_cors(self._client, bucket_name)

    def get_bucket_encryption(self, bucket_name: str) -> Optional[SSEConfig]:
        """The bucket's default encryption, or ``None`` when it has none."""
        _check_str("bucket_name", bucket_name)
        rules = _newtera.get_bucket_encryption(self._client, bucket_name)
        if not rules:
            return None
        algorithm, key = rules[0]
        return SSEConfig(SSERule(algorithm, key))

    def set_bucket_encryption(self, bucket_name: str, config: SSEConfig) -> None:
        """Sets the bucket's default encryption (SSE-S3 or SSE-KMS)."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, SSEConfig):
            raise InvalidArgumentError("config must be a newtera.sseconfig.SSEConfig")
        rule = config.rule
        key = None if rule.sse_algorithm == AES256 else (rule.kms_master_key_id or "")
        _newtera.set_bucket_encryption(self._client, bucket_name, key)

    def delete_bucket_encryption(self, bucket_name: str) -> None:
        """Removes the bucket's default encryption. The configuration is
        read first and no DELETE is sent when there is none (Ceph 16.2
        takes ``DELETE ?encryption`` for DeleteBucket)."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_bucket_encryption(self._client, bucket_name)

    def get_bucket_notification(self, bucket_name: str) -> NotificationConfig:
        """The bucket's notification targets (S3 API reference:
        GetBucketNotificationConfiguration); all lists empty when it has
        none."""
        _check_str("bucket_name", bucket_name)
        return NotificationConfig._from(_newtera.get_bucket_notification(self._client,
                                                                         bucket_name))

    def set_bucket_notification(self, bucket_name: str, config: NotificationConfig) -> None:
        """Replaces the bucket's notification targets (S3 API reference:
        PutBucketNotificationConfiguration). Each target's ARN must name a
        queue, topic or function the server knows."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, NotificationConfig):
            raise InvalidArgumentError(
                "config must be a newtera.notificationconfig.NotificationConfig")
        _newtera.set_bucket_notification(self._client, bucket_name, config._tuple())

    def delete_bucket_notification(self, bucket_name: str) -> None:
        """Turns the bucket's notifications off (sets an empty
        configuration; on a server that refuses one, ``DELETE
        ?notification``)."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_bucket_notification(self._client, bucket_name)

    def get_bucket_replication(self, bucket_name: str) -> Optional[ReplicationConfig]:
        """The bucket's replication rules, or ``None`` when it has none
        (S3 API reference: GetBucketReplication; a document without rules,
        as Ceph RGW answers, is none too)."""
        _check_str("bucket_name", bucket_name)
        got = _newtera.get_bucket_replication(self._client, bucket_name)
        return None if got is None or not got[1] else ReplicationConfig._from(got)

    def set_bucket_replication(self, bucket_name: str, config: ReplicationConfig) -> None:
        """Replaces the bucket's replication rules (S3 API reference:
        PutBucketReplication); the bucket needs versioning. Parts newtera
        cannot send (see :mod:`newtera.replicationconfig`) are refused
        with ``InvalidArgumentError`` before any request."""
        _check_str("bucket_name", bucket_name)
        if not isinstance(config, ReplicationConfig):
            raise InvalidArgumentError(
                "config must be a newtera.replicationconfig.ReplicationConfig")
        role, rules = config._tuple()
        _newtera.set_bucket_replication(self._client, bucket_name, role, rules)

    def delete_bucket_replication(self, bucket_name: str) -> None:
        """Removes the bucket's replication rules (S3 API reference:
        DeleteBucketReplication)."""
        _check_str("bucket_name", bucket_name)
        _newtera.delete_bucket_replication(self._client, bucket_name)

    def listen_bucket_notification(self, bucket_name: str, prefix: str = "", suffix: str = "",
                                   events: Iterable[str] = ("s3:ObjectCreated:*",
                                                            "s3:ObjectRemoved:*",
                                                            "s3:ObjectAccessed:*")
                                   ) -> Iterator[Dict[str, Any]]:
        """MinIO's ListenBucketNotification: a lazy, endless iterator of
        events on keys with ``prefix`` and ``suffix``, each a dict
        ``{"Records": [record]}`` (the S3 event record, parsed JSON). The
        request is sent when iteration starts; servers other than MinIO
        refuse it (a ``ResponseError``)."""
        _check_str("bucket_name", bucket_name)
        for name, value in (("prefix", prefix), ("suffix", suffix)):
            if not isinstance(value, str):
                raise InvalidArgumentError("{} must be a string".format(name))
        events = [events] if isinstance(events, str) else list(events)
        if not events or not all(isinstance(e, str) and e for e in events):
            raise InvalidArgumentError("events must be non-empty strings")
        return _events(_newtera.listen_bucket_notification(self._client, bucket_name, prefix,
                                                           suffix, events))

    # Presigned operations.

    def presigned_get_object(self, bucket_name: str, object_name: str,
                             expires: timedelta = timedelta(days=7),
                             response_headers: Optional[Dict[str, str]] = None,
                             request_date: Optional[datetime] = None) -> str:
        """A URL that downloads the object without credentials until it
        expires (1 second to 7 days, default 7 days). ``response_headers``:
        overrides such as ``response-content-type``. ``request_date``: the
        signing time (default now)."""
        _check_object(bucket_name, object_name)
        return self._client.presigned_url(
            "GET", bucket_name, object_name, _seconds(expires),
            _pairs("response_headers", response_headers), _epoch(request_date))

    def presigned_put_object(self, bucket_name: str, object_name: str,
                             expires: timedelta = timedelta(days=7)) -> str:
        """A URL that uploads the object with a plain PUT until it expires
        (1 second to 7 days, default 7 days)."""
        _check_object(bucket_name, object_name)
        return self._client.presigned_url("PUT", bucket_name, object_name, _seconds(expires))

    def presigned_post_policy(self, post_policy: PostPolicy) -> Tuple[str, Dict[str, str]]:
        """Signs a browser upload form: returns ``(url, form_data)``; POST the
        ``form_data`` fields and then the file (field ``file``) to ``url``."""
        if not isinstance(post_policy, PostPolicy):
            raise InvalidArgumentError("post_policy must be a newtera.PostPolicy")
        post_policy.is_valid()
        eq = [(f, v) for c, f, v in post_policy.conditions if c == "eq"]
        starts = [(f, v) for c, f, v in post_policy.conditions if c == "starts-with"]
        url, fields = self._client.presigned_post_policy(
            post_policy.bucket_name, post_policy._expiration_seconds(), post_policy.key,
            post_policy.key_startswith, eq, starts, post_policy.content_length_range)
        return url, dict(fields)


def _events(stream: Any) -> Iterator[Dict[str, Any]]:
    while True:
        record = stream.next_record()
        if record is None:
            return
        yield {"Records": [json.loads(record)]}


def _entries(listing: Any) -> Iterator[Object]:
    while True:
        batch = listing.next_batch()
        if not batch:
            return
        for (bucket, name, is_dir, size, etag, modified, storage_class, version_id, is_latest,
             is_delete_marker) in batch:
            yield Object(bucket, name, _datetime(modified), etag, size, is_dir=is_dir,
                         storage_class=storage_class, version_id=version_id,
                         is_latest=is_latest, is_delete_marker=is_delete_marker)


def _remove_batches(client: Any, bucket_name: str, items: Iterator[Any],
                    bypass: bool) -> Iterator[MultiDeleteError]:
    while True:
        batch = []
        for item in items:
            if isinstance(item, DeleteObject):
                batch.append((item.name, item.version_id))
            elif isinstance(item, str) and item:
                batch.append((item, None))
            else:
                raise InvalidArgumentError(
                    "remove_objects takes object names (non-empty strings) or DeleteObject, "
                    "got {!r}".format(item))
            if len(batch) == _DELETE_BATCH:
                break
        if not batch:
            return
        for name, code, message, version_id in client.remove_objects(bucket_name, batch, bypass):
            yield MultiDeleteError(name, code, message, version_id)


def _copy_from(source: CopySource) -> Tuple[Any, ...]:
    return (source.bucket_name, source.object_name, source.version_id,
            _spec("ssec", source.ssec, customer_only=True),
            (source.match_etag, source.not_match_etag, _epoch(source.modified_since),
             _epoch(source.unmodified_since)))


def _copy_metadata(metadata: Optional[Dict[str, str]]
                   ) -> Tuple[Optional[str], Optional[List[Tuple[str, str]]]]:
    """(content type, user metadata) replacing a copy's, or (None, None)."""
    if metadata is None:
        return None, None
    content_type, user, headers = _write_options(None, metadata)
    if headers:
        raise InvalidArgumentError("copy metadata takes user metadata and Content-Type only")
    return content_type, user


def _read_conditions(headers: List[Tuple[str, str]]
                     ) -> Tuple[Optional[Tuple[Any, ...]], List[Tuple[str, str]]]:
    """The read conditions among request headers (``If-Match``,
    ``If-None-Match``, ``If-Modified-Since``, ``If-Unmodified-Since``; the
    dates as HTTP dates) as the extension's conditions tuple, and the other
    headers."""
    found: Dict[str, Any] = {}
    rest = []
    for name, value in headers:
        lower = name.lower()
        if lower not in _CONDITIONS:
            rest.append((name, value))
            continue
        if lower.endswith("-since"):
            try:
                when = parsedate_to_datetime(value)
                if when is None:
                    raise ValueError(value)
            except (TypeError, ValueError, IndexError):
                raise InvalidArgumentError(
                    "{} must be an HTTP date such as 'Wed, 21 Oct 2015 07:28:00 GMT', "
                    "got {!r}".format(name, value)) from None
            found[lower] = _epoch(when)
        else:
            found[lower] = value
    if not found:
        return None, rest
    return tuple(found.get(c) for c in _CONDITIONS), rest


def _stat(t: Tuple[Any, ...]) -> Object:
    bucket, name, size, etag, content_type, modified, metadata, version_id = t
    return Object(bucket, name, _struct_time(modified), etag, size, content_type=content_type,
                  metadata=dict(metadata), version_id=version_id)


def _headers(stat: Tuple[Any, ...], content_length: Optional[int]) -> HTTPHeaderDict:
    _bucket, _name, size, etag, content_type, modified, metadata, version_id = stat
    items = [("Content-Length", str(size if content_length is None else content_length))]
    if content_type:
        items.append(("Content-Type", content_type))
    if etag:
        items.append(("ETag", '"{}"'.format(etag)))
    if modified is not None:
        items.append(("Last-Modified", formatdate(modified, usegmt=True)))
    if version_id:
        items.append(("x-amz-version-id", version_id))
    items.extend(("x-amz-meta-" + k, v) for k, v in metadata.items())
    return HTTPHeaderDict(items)


def _write_options(content_type: Optional[str], metadata: Optional[Dict[str, Any]]
                   ) -> Tuple[Optional[str], List[Tuple[str, str]], List[Tuple[str, str]]]:
    """(content type, user metadata, extra headers) for an upload."""
    if content_type is not None:
        _check_str("content_type", content_type)
    user: List[Tuple[str, str]] = []
    headers: List[Tuple[str, str]] = []
    for name, value in _pairs("metadata", metadata):
        lower = name.lower()
        if lower.startswith("x-amz-meta-"):
            user.append((name[len("x-amz-meta-"):], value))
        elif lower == "content-type":
            content_type = value
        elif lower in _STANDARD_HEADERS or lower.startswith("x-amz-"):
            headers.append((name, value))
        else:
            user.append((name, value))
    return content_type, user, headers


def _pairs(what: str, mapping: Optional[Dict[str, Any]]) -> List[Tuple[str, str]]:
    if mapping is None:
        return []
    if not hasattr(mapping, "items"):
        raise InvalidArgumentError("{} must be a dict".format(what))
    pairs = []
    for name, value in mapping.items():
        if not isinstance(name, str):
            raise InvalidArgumentError("{} names must be strings".format(what))
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if v is None or isinstance(v, (bytes, bytearray, memoryview)):
                raise InvalidArgumentError(
                    "{} value of {!r} must be text or a number, not {}".format(
                        what, name, type(v).__name__))
        pairs.append((name, ",".join(str(v) for v in values)))
    return pairs


def _seconds(expires: Any) -> float:
    if not isinstance(expires, timedelta):
        raise InvalidArgumentError("expires must be a datetime.timedelta")
    return expires.total_seconds()


def _epoch(when: Optional[datetime]) -> Optional[float]:
    if when is None:
        return None
    if not isinstance(when, datetime):
        raise InvalidArgumentError("request_date must be a datetime.datetime")
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return calendar.timegm(when.utctimetuple()) + when.microsecond / 1e6


def _check_str(name: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError("{} must be a non-empty string, got {!r}".format(name, value))


def _check_opt_str(name: str, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidArgumentError("{} must be a string or None".format(name))


def _check_object(bucket_name: Any, object_name: Any) -> None:
    _check_str("bucket_name", bucket_name)
    _check_str("object_name", object_name)
