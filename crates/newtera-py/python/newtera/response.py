"""``get_object``'s answer: a streaming response shaped like the
``urllib3.response.HTTPResponse`` minio-py returns."""

from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

__all__ = ["ObjectResponse", "HTTPHeaderDict"]


class HTTPHeaderDict(Mapping[str, str]):
    """Response headers, looked up case-insensitively."""

    def __init__(self, items: List[Tuple[str, str]]) -> None:
        self._items = {k.lower(): (k, v) for k, v in items}

    def __getitem__(self, key: str) -> str:
        return self._items[key.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return "HTTPHeaderDict({!r})".format(dict(self.items()))


class ObjectResponse:
    """An object being downloaded. Nothing is buffered beyond the chunk being
    handed out; a read releases the GIL, and Ctrl-C interrupts it.

    - ``status``: 200, or 206 for a byte range;
    - ``headers``: ``Content-Length``, ``Content-Type``, ``ETag``,
      ``Last-Modified`` and the ``x-amz-meta-*`` user metadata (rebuilt from
      the object's metadata, names lowercased; case-insensitive lookup);
    - ``stream(amt=65536)``: yields chunks of at most ``amt`` bytes until the end;
    - ``read(amt=None)``: ``amt`` bytes (fewer only at the end), or all that is left;
    - ``close()`` / ``release_conn()``: stop; later reads return ``b""``.

    It is also an iterator of chunks and a context manager (closing on exit).
    """

    def __init__(self, stat: Any, body: Any, status: int, headers: HTTPHeaderDict) -> None:
        self._body = body
        self._stat = stat
        self.status = status
        self.headers = headers

    def stream(self, amt: int = 2 ** 16, decode_content: Optional[bool] = None) -> Iterator[bytes]:
        """Yields the body in chunks of at most ``amt`` bytes."""
        del decode_content  # S3 objects are stored as sent; nothing to decode.
        while True:
            chunk = self._body.read(amt)
            if not chunk:
                return
            yield chunk

    def read(self, amt: Optional[int] = None, decode_content: Optional[bool] = None,
             cache_content: bool = False) -> bytes:
        """``amt`` bytes (fewer at the end), or everything left when ``None``."""
        del decode_content, cache_content
        return self._body.read(amt)

    @property
    def data(self) -> bytes:
        """Everything left (urllib3's ``.data``)."""
        return self.read()

    def close(self) -> None:
        """Stops the download and drops its connection."""
        self._body.close()

    def release_conn(self) -> None:
        """Same as :meth:`close`: newtera's pool takes the connection back
        (or drops it when the body was not read to the end)."""
        self._body.close()

    @property
    def closed(self) -> bool:
        """Whether the body was closed."""
        return self._body.closed

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """One header, case-insensitive."""
        return self.headers.get(name, default)

    def getheaders(self) -> Dict[str, str]:
        """All headers."""
        return dict(self.headers)

    def __iter__(self) -> Iterator[bytes]:
        return self.stream()

    def __enter__(self) -> "ObjectResponse":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
