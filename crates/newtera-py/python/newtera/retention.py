"""An object version's retention, as in minio-py's ``minio.retention``
(S3 API reference: PutObjectRetention)."""

from datetime import datetime

from .commonconfig import COMPLIANCE, GOVERNANCE
from .error import InvalidArgumentError

__all__ = ["Retention"]


class Retention:
    """``mode`` (``GOVERNANCE`` or ``COMPLIANCE``) until
    ``retain_until_date`` (a ``datetime``; naive means UTC; the server keeps
    whole seconds or milliseconds)."""

    def __init__(self, mode: str, retain_until_date: datetime) -> None:
        if mode not in (GOVERNANCE, COMPLIANCE):
            raise InvalidArgumentError("mode must be GOVERNANCE or COMPLIANCE")
        if not isinstance(retain_until_date, datetime):
            raise InvalidArgumentError("retain_until_date must be a datetime.datetime")
        self.mode = mode
        self.retain_until_date = retain_until_date

    def __repr__(self) -> str:
        return "Retention(mode={!r}, retain_until_date={!r})".format(self.mode,
                                                                     self.retain_until_date)
