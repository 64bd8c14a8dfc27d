"""What ``remove_objects`` takes, as in minio-py's ``minio.deleteobjects``."""

from typing import Optional

from .error import InvalidArgumentError

__all__ = ["DeleteObject"]


class DeleteObject:
    """An object to delete: ``name``, and ``version_id`` to delete that
    version (``None``: the current one, which on a versioned bucket adds a
    delete marker)."""

    def __init__(self, name: str, version_id: Optional[str] = None) -> None:
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError("DeleteObject name must be a non-empty string")
        if version_id is not None and (not isinstance(version_id, str) or not version_id):
            raise InvalidArgumentError("version_id must be a non-empty string or None")
        self.name = name
        self.version_id = version_id

    def __repr__(self) -> str:
        return "DeleteObject(name={!r}, version_id={!r})".format(self.name, self.version_id)
