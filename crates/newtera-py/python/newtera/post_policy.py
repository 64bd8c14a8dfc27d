"""``PostPolicy``: the conditions of a browser upload form (S3 API
reference, "Browser-Based Uploads Using POST"; minio-py's ``PostPolicy``).

>>> policy = PostPolicy()
>>> policy.set_bucket_name('mybucket')
>>> policy.set_key_startswith('uploads/')
>>> policy.set_content_length_range(1, 10 * 1024 * 1024)
>>> policy.set_expires(datetime.utcnow() + timedelta(days=1))

``Newtera.presigned_post_policy(policy)`` signs it and returns
``(url, form_data)``: POST the fields of ``form_data`` and then the file, in a
field named ``file``, to ``url``.
"""

import calendar
from datetime import datetime, timezone
from typing import List, Optional, Tuple

from .error import InvalidArgumentError

__all__ = ["PostPolicy"]


class PostPolicy:
    """A POST policy under construction; every setter checks its argument."""

    def __init__(self) -> None:
        self.bucket_name: Optional[str] = None
        self.key: Optional[str] = None
        self.key_startswith: Optional[str] = None
        self.expires: Optional[datetime] = None
        self.content_length_range: Optional[Tuple[int, int]] = None
        self.conditions: List[Tuple[str, str, str]] = []

    def set_bucket_name(self, bucket_name: str) -> None:
        """The bucket the form uploads into."""
        _text("bucket_name", bucket_name)
        self.bucket_name = bucket_name

    def set_key(self, key: str) -> None:
        """Only this exact object name may be uploaded."""
        _text("key", key)
        self.key, self.key_startswith = key, None

    def set_key_startswith(self, key_startswith: str) -> None:
        """Any object name starting with this may be uploaded (the form's
        ``key`` field is ``prefix${filename}``)."""
        if not isinstance(key_startswith, str):
            raise InvalidArgumentError("key_startswith must be a string")
        self.key, self.key_startswith = None, key_startswith

    def set_content_type(self, content_type: str) -> None:
        """The upload's Content-Type must be exactly this."""
        _text("content_type", content_type)
        self.conditions.append(("eq", "Content-Type", content_type))

    def set_content_length_range(self, min_length: int, max_length: int) -> None:
        """The file must be ``min_length`` to ``max_length`` bytes, inclusive."""
        if not (isinstance(min_length, int) and isinstance(max_length, int)) \
                or min_length < 0 or min_length > max_length:
            raise InvalidArgumentError(
                "content length range {}..{} is not 0 <= min <= max".format(min_length, max_length))
        self.content_length_range = (min_length, max_length)

    def set_expires(self, time: datetime) -> None:
        """When the form stops working: a ``datetime`` (naive means UTC, as
        ``datetime.utcnow()`` gives)."""
        if not isinstance(time, datetime):
            raise InvalidArgumentError("expires must be a datetime.datetime")
        self.expires = time

    def append_policy(self, condition: str, target: str, value: str) -> None:
        """A custom condition: ``('eq', '$field', value)`` or
        ``('starts-with', '$field', prefix)``."""
        if condition not in ("eq", "starts-with"):
            raise InvalidArgumentError("condition must be 'eq' or 'starts-with'")
        self.conditions.append((condition, target.lstrip("$"), value))

    def is_valid(self) -> None:
        """Raises ``InvalidArgumentError`` unless bucket, key and expiry are set."""
        if not self.bucket_name:
            raise InvalidArgumentError("the POST policy has no bucket (set_bucket_name)")
        if self.key is None and self.key_startswith is None:
            raise InvalidArgumentError("the POST policy has no key (set_key or set_key_startswith)")
        if self.expires is None:
            raise InvalidArgumentError("the POST policy has no expiry (set_expires)")

    def _expiration_seconds(self) -> float:
        expires = self.expires
        assert expires is not None
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=timezone.utc)
        return calendar.timegm(expires.utctimetuple()) + expires.microsecond / 1e6


def _text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError("{} must be a non-empty string".format(name))
