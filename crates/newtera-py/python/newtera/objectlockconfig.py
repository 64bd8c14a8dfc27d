"""A bucket's default retention, as in minio-py's ``minio.objectlockconfig``
(S3 API reference: PutObjectLockConfiguration)."""

from typing import Optional

from .commonconfig import COMPLIANCE, GOVERNANCE
from .error import InvalidArgumentError

__all__ = ["ObjectLockConfig", "DAYS", "YEARS"]

DAYS = "DAYS"
YEARS = "YEARS"


class ObjectLockConfig:
    """``mode`` (``GOVERNANCE`` or ``COMPLIANCE``) for ``duration`` days or
    years (``duration_unit``): the retention each new object version gets.
    All three ``None``: Object Lock on with no default retention (what
    :meth:`newtera.Newtera.get_object_lock_config` returns then)."""

    def __init__(self, mode: Optional[str], duration: Optional[int],
                 duration_unit: Optional[str]) -> None:
        given = [v is not None for v in (mode, duration, duration_unit)]
        if any(given) and not all(given):
            raise InvalidArgumentError("mode, duration and duration_unit go together")
        if mode is not None and mode not in (GOVERNANCE, COMPLIANCE):
            raise InvalidArgumentError("mode must be GOVERNANCE or COMPLIANCE")
        if duration_unit is not None and duration_unit.upper() not in (DAYS, YEARS):
            raise InvalidArgumentError("duration_unit must be DAYS or YEARS")
        if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool)
                                     or duration <= 0):
            raise InvalidArgumentError("duration must be an integer > 0")
        self._mode = mode
        self._duration = duration
        self._unit = duration_unit.upper() if duration_unit else None

    @property
    def mode(self) -> Optional[str]:
        """``GOVERNANCE``, ``COMPLIANCE`` or ``None``."""
        return self._mode

    @property
    def duration(self) -> "tuple":
        """``(count, unit)``, as minio-py gives it; ``(None, None)`` when unset."""
        return self._duration, self._unit

    def __repr__(self) -> str:
        return "ObjectLockConfig(mode={!r}, duration={!r}, duration_unit={!r})".format(
            self._mode, self._duration, self._unit)
