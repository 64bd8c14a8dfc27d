"""An object version's retention, as in minio-py's ``minio.retention``
(S3 API reference: PutObjectRetention)."""

from datetime import datetime, timezone
from typing import Any, List, Optional, Tuple

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


def _lock_headers(retention: Optional[Retention], legal_hold: Any) -> List[Tuple[str, str]]:
    """The Object Lock headers of a write (S3 API reference: PutObject,
    ``x-amz-object-lock-mode``, ``-retain-until-date``, ``-legal-hold``)."""
    if retention is not None and not isinstance(retention, Retention):
        raise InvalidArgumentError("retention must be a newtera.retention.Retention")
    if not isinstance(legal_hold, bool):
        raise InvalidArgumentError("legal_hold must be True or False")
    headers = []
    if retention is not None:
        until = retention.retain_until_date
        until = until.replace(tzinfo=timezone.utc) if until.tzinfo is None else until
        headers.append(("x-amz-object-lock-mode", retention.mode))
        headers.append(("x-amz-object-lock-retain-until-date",
                        until.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
                        + "Z"))
    if legal_hold:
        headers.append(("x-amz-object-lock-legal-hold", "ON"))
    return headers
