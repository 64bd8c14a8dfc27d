"""A bucket's versioning state, as in minio-py's ``minio.versioningconfig``
(S3 API reference: PutBucketVersioning)."""

from typing import Optional

from .error import InvalidArgumentError

__all__ = ["VersioningConfig", "OFF", "ENABLED", "SUSPENDED"]

OFF = "Off"
ENABLED = "Enabled"
SUSPENDED = "Suspended"


class VersioningConfig:
    """``status``: ``ENABLED`` or ``SUSPENDED`` to set; a bucket that never
    had versioning reads back as ``OFF``. ``mfa_delete``: ``True``/``False``
    when the server reports it, else ``None``."""

    def __init__(self, status: Optional[str] = None, mfa_delete: Optional[bool] = None) -> None:
        if status is not None and status not in (ENABLED, SUSPENDED, OFF):
            raise InvalidArgumentError("status must be Enabled or Suspended, got {!r}".format(status))
        self._status = status
        self._mfa_delete = mfa_delete

    @property
    def status(self) -> str:
        """``Enabled``, ``Suspended`` or ``Off``."""
        return self._status or OFF

    @property
    def mfa_delete(self) -> Optional[bool]:
        """Whether MFA delete is on, when known."""
        return self._mfa_delete

    def __repr__(self) -> str:
        return "VersioningConfig(status={!r}, mfa_delete={!r})".format(self.status,
                                                                       self.mfa_delete)
