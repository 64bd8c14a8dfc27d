"""Errors raised by newtera (``from newtera.error import ResponseError``, as in minio-py).

Every exception derives from :class:`NewteraError`. Which one is raised says
which phase failed:

=========================  ===================================================
exception                  raised when
=========================  ===================================================
``InvalidArgumentError``   an argument is rejected before any request is sent
                           (also a ``ValueError``)
``ResponseError``          the server answered with an S3 error (its code,
                           message, status, bucket, object, request and host id);
                           ``NotModified`` (304, a failed ``If-None-Match`` or
                           ``If-Modified-Since``) is also a ``ServerError``,
                           as minio-py raises there
``CredentialsError``       credentials could not be had or used for signing
``TransportError``         the request could not be sent or the answer not
                           received (also a ``ConnectionError``)
``RequestTimeoutError``    an attempt or the whole operation took too long
                           (also a ``TimeoutError``)
``LocalIOError``           a local file or stream failed (also an ``OSError``)
``InvalidXMLError``        the server's answer could not be understood
``IntegrityError``         downloaded data failed a checksum or ETag check
=========================  ===================================================

``MultiDeleteError`` is not an exception: ``remove_objects`` yields one per
key it could not delete.

No error text holds a secret key, an SSE-C key or a presigned signature.
"""

from typing import Any, Dict, Optional

__all__ = [
    "NewteraError",
    "InvalidArgumentError",
    "ResponseError",
    "NoSuchBucket",
    "NoSuchKey",
    "AccessDenied",
    "NotModified",
    "ServerError",
    "CredentialsError",
    "TransportError",
    "RequestTimeoutError",
    "LocalIOError",
    "InvalidXMLError",
    "IntegrityError",
    "MultiDeleteError",
]


class NewteraError(Exception):
    """Base class of every newtera exception; ``message`` is its text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return "{}: {}".format(type(self).__name__, self.message)


class InvalidArgumentError(NewteraError, ValueError):
    """An argument was rejected before any request was sent."""


class CredentialsError(NewteraError):
    """Credentials could not be obtained or used."""


class TransportError(NewteraError, ConnectionError):
    """The request could not be sent or its answer not received."""


class RequestTimeoutError(NewteraError, TimeoutError):
    """An attempt, or the whole operation with its retries, took too long."""


class LocalIOError(NewteraError, OSError):
    """A local file or stream failed (reading an upload, writing a download)."""

    def __init__(self, message: str, errno: Optional[int] = None) -> None:
        NewteraError.__init__(self, message)
        self.errno = errno


class InvalidXMLError(NewteraError):
    """The server's answer could not be parsed (malformed XML, bad headers)."""


class IntegrityError(NewteraError):
    """Downloaded data did not match its checksum or pinned ETag."""


class ResponseError(NewteraError):
    """The server's S3 error answer.

    Attributes (``None`` when the answer did not say):

    - ``code``: the S3 error code, such as ``"NoSuchKey"``; for an answer
      without an error document (a ``HEAD``), derived from the status;
    - ``message``: the server's message (``str(err)`` gives the whole error);
    - ``status``: the HTTP status, an ``int``;
    - ``bucket_name`` (also ``bucket``) and ``object_name`` (also ``object``);
    - ``resource``, ``request_id`` (``x-amz-request-id``), ``host_id``
      (``x-amz-id-2``), ``region``.

    Codes newtera tells apart have subclasses: :class:`NoSuchBucket`,
    :class:`NoSuchKey`, :class:`AccessDenied`.
    """

    def __init__(self, code: str, message: str, status: int,
                 bucket_name: Optional[str] = None, object_name: Optional[str] = None,
                 request_id: Optional[str] = None, host_id: Optional[str] = None,
                 resource: Optional[str] = None, region: Optional[str] = None,
                 text: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.bucket_name = bucket_name
        self.object_name = object_name
        self.request_id = request_id
        self.host_id = host_id
        self.resource = resource
        self.region = region
        self._text = text

    @property
    def bucket(self) -> Optional[str]:
        """The bucket the request was about (same as ``bucket_name``)."""
        return self.bucket_name

    @property
    def object(self) -> Optional[str]:
        """The object the request was about (same as ``object_name``)."""
        return self.object_name

    def __str__(self) -> str:
        return ("ResponseError: code: {}, message: {}, bucket_name: {}, object_name: {}, "
                "request_id: {}, host_id: {}, region: {}, status: {}".format(
                    self.code, self.message, self.bucket_name, self.object_name,
                    self.request_id, self.host_id, self.region, self.status))

    def __repr__(self) -> str:
        return "{}(code={!r}, status={!r}, bucket_name={!r}, object_name={!r})".format(
            type(self).__name__, self.code, self.status, self.bucket_name, self.object_name)


class ServerError(NewteraError):
    """An answer without an S3 error code, as minio-py's ``ServerError``:
    ``status_code`` is its HTTP status."""

    def __init__(self, message: str, status_code: int = 0) -> None:
        super().__init__(message)
        self.status_code = status_code


class NotModified(ResponseError, ServerError):
    """304 Not Modified: an ``If-None-Match`` or ``If-Modified-Since``
    condition of a GET or HEAD failed (S3 API reference: GetObject). Code
    ``NotModified``, ``status`` and ``status_code`` 304; minio-py raises a
    ``ServerError`` with ``status_code`` 304 here, which this is too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        ResponseError.__init__(self, *args, **kwargs)
        self.status_code = self.status


class NoSuchBucket(ResponseError):
    """The bucket does not exist."""


class NoSuchKey(ResponseError):
    """The object does not exist."""


class AccessDenied(ResponseError):
    """The credentials may not do this."""


_BY_CODE = {"NoSuchBucket": NoSuchBucket, "NoSuchKey": NoSuchKey, "AccessDenied": AccessDenied}


class MultiDeleteError:
    """One key ``remove_objects`` could not delete: ``object_name``,
    ``error_code`` (such as ``"AccessDenied"``), ``error_message``, and
    ``version_id`` when a version was named."""

    def __init__(self, object_name: str, error_code: str, error_message: str,
                 version_id: Optional[str] = None) -> None:
        self.object_name = object_name
        self.error_code = error_code
        self.error_message = error_message
        self.version_id = version_id

    def __str__(self) -> str:
        return "MultiDeleteError(object_name: {}, error_code: {}, error_message: {})".format(
            self.object_name, self.error_code, self.error_message)

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MultiDeleteError) and vars(self) == vars(other)


_SIMPLE = {
    "invalid_argument": InvalidArgumentError,
    "credentials": CredentialsError,
    "transport": TransportError,
    "timeout": RequestTimeoutError,
    "malformed": InvalidXMLError,
    "integrity": IntegrityError,
    "other": NewteraError,
}


def _from_rust(kind: str, text: str, fields: Dict[str, Any]) -> NewteraError:
    """Builds the exception for a Rust error (called by ``newtera._newtera``)."""
    if kind == "response":
        cls = NotModified if fields["status"] == 304 else _BY_CODE.get(fields["code"],
                                                                       ResponseError)
        message = fields.get("message") or text
        return cls(fields["code"], message, fields["status"], fields.get("bucket_name"),
                   fields.get("object_name"), fields.get("request_id"), fields.get("host_id"),
                   fields.get("resource"), fields.get("region"), text)
    if kind == "io":
        return LocalIOError(text, fields.get("errno"))
    return _SIMPLE.get(kind, NewteraError)(text)
