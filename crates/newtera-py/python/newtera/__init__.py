"""newtera for Python: the API of minio-py, the MinIO Python client (its names
and arguments) on newtera's Rust engine.

>>> from newtera import Newtera
>>> from newtera.error import ResponseError
>>> client = Newtera('localhost:9000', access_key='demo1', secret_key='888', secure=False)
>>> for bucket in client.list_buckets():
...     print(bucket.name, bucket.creation_date)

Modules: :mod:`newtera.error` (exceptions), :mod:`newtera.http_client`
(what a urllib3 ``http_client`` carries over), :mod:`newtera.definitions`
(returned objects), :mod:`newtera.response` (the streaming download),
:mod:`newtera.sse` (server-side encryption), :mod:`newtera.commonconfig`
(``Tags``, ``CopySource``, ``ComposeSource``), :mod:`newtera.versioningconfig`,
:mod:`newtera.objectlockconfig`, :mod:`newtera.retention`,
:mod:`newtera.deleteobjects` (``DeleteObject``), :mod:`newtera.lifecycleconfig`,
:mod:`newtera.corsconfig`, :mod:`newtera.sseconfig`,
:mod:`newtera.notificationconfig`, :mod:`newtera.replicationconfig` (bucket
configuration).
"""

from ._newtera import __version__
from .api import Newtera
from .definitions import Bucket, IncompleteUpload, Object
from .error import ResponseError
from .post_policy import PostPolicy
from .response import ObjectResponse

__all__ = ["Newtera", "PostPolicy", "Bucket", "Object", "IncompleteUpload", "ObjectResponse",
           "ResponseError", "__version__"]
