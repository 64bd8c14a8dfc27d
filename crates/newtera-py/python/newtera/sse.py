"""Server-side encryption settings, as in minio-py's ``minio.sse``.

>>> from newtera.sse import SseCustomerKey, SseKMS, SseS3
>>> ssec = SseCustomerKey(b"32byteslongsecretkeymustprovided")

Pass one as ``sse=`` to an upload or copy, and an :class:`SseCustomerKey`
as ``ssec=`` to every read of an object stored with it (the key is never
shown in ``repr`` or error text). Headers: S3 API reference, "Protecting
data with server-side encryption".
"""

from typing import Dict, Optional, Tuple

from .error import InvalidArgumentError

__all__ = ["Sse", "SseCustomerKey", "SseKMS", "SseS3"]


class Sse:
    """Base class of the encryption settings."""

    def _spec(self) -> Tuple[str, Optional[bytes], Optional[str], Optional[str]]:
        raise NotImplementedError

    def tls_required(self) -> bool:
        """Whether the server accepts this setting over HTTPS only."""
        return True


class SseCustomerKey(Sse):
    """SSE-C: a 256-bit key (32 ``bytes``) the caller keeps; the server
    encrypts with it and stores only its MD5.

    :raises InvalidArgumentError: a key that is not 32 bytes.
    """

    def __init__(self, key: bytes) -> None:
        if not isinstance(key, (bytes, bytearray)) or len(key) != 32:
            raise InvalidArgumentError("SSE-C keys must be 32 bytes (bytes)")
        self._key = bytes(key)

    def _spec(self) -> Tuple[str, Optional[bytes], Optional[str], Optional[str]]:
        return ("SSE-C", self._key, None, None)

    def __repr__(self) -> str:
        return "SseCustomerKey(<redacted>)"


class SseKMS(Sse):
    """SSE-KMS with the KMS key ``key`` (the server's default key when
    empty) and an optional encryption ``context`` (a dict of strings)."""

    def __init__(self, key: str, context: Optional[Dict[str, str]] = None) -> None:
        if not isinstance(key, str):
            raise InvalidArgumentError("SseKMS key must be a string")
        if context is not None and not isinstance(context, dict):
            raise InvalidArgumentError("SseKMS context must be a dict")
        self._key = key
        self._context = context

    def _spec(self) -> Tuple[str, Optional[bytes], Optional[str], Optional[str]]:
        import json
        context = json.dumps(self._context) if self._context else None
        return ("SSE-KMS", None, self._key or None, context)

    def __repr__(self) -> str:
        return "SseKMS(key={!r})".format(self._key)


class SseS3(Sse):
    """SSE-S3: the server manages the key (``AES256``)."""

    def _spec(self) -> Tuple[str, Optional[bytes], Optional[str], Optional[str]]:
        return ("SSE-S3", None, None, None)

    def tls_required(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "SseS3()"


def _spec(what: str, sse: Optional[Sse], customer_only: bool = False
          ) -> Optional[Tuple[str, Optional[bytes], Optional[str], Optional[str]]]:
    """The value the extension takes for ``sse`` (``None`` for none)."""
    if sse is None:
        return None
    wanted = SseCustomerKey if customer_only else Sse
    if not isinstance(sse, wanted):
        raise InvalidArgumentError("{} must be a newtera.sse.{}".format(what, wanted.__name__))
    return sse._spec()
