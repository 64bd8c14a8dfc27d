"""The seed's API reference and its example blocks, with the only changes
the tests make to them: endpoint, credentials and local file names.

The reference is ``shared/seed/python-client-api.zh_CN.md`` beside the
checkout (``NEWTERA_SEED_DOC`` overrides the path).

The rewrite table, applied to every block in order:

================================================  =================================
in the seed                                        becomes
================================================  =================================
``'localhost:8080'``, ``'s3.amazonaws.com'``,      the test server's URL
``'your_hostname.sampledomain.com:9000'``          (``http://127.0.0.1:PORT``; a
                                                   URL's scheme wins over ``secure``)
``'demo1'``, ``'YOUR-ACCESSKEYID'``,               the test access key
``'ACCESS_KEY'``
``'888'``, ``'YOUR-SECRETACCESSKEY'``,             the test secret key
``'SECRET_KEY'``
``'https://proxy_host.sampledomain.com:8119/'``    a loopback proxy's ``http://`` URL,
(no comma after it in the seed)                    followed by the comma the seed
                                                   lacks (the block is not valid
                                                   Python as printed)
``'/tmp/``                                         the test's temporary folder
``<FILE>`` (the curl line's placeholder)           a local file's path (in
                                                   ``test_seed_examples.py``, where
                                                   the printed command is run)
================================================  =================================

Relative file names (``'my-testfile'``) are left as they are: each block
runs with the test's temporary folder as its working directory.
"""

import os
import re
from pathlib import Path
from typing import List, Tuple

SEED_NAME = "python-client-api.zh_CN.md"
PROXY_IN_SEED = "'https://proxy_host.sampledomain.com:8119/'"


def seed_path() -> Path:
    override = os.environ.get("NEWTERA_SEED_DOC")
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "seed" / SEED_NAME
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "the seed reference {} was not found in a shared/seed/ folder above {}; "
        "set NEWTERA_SEED_DOC".format(SEED_NAME, here))


def blocks() -> List[Tuple[str, str]]:
    """Every ```py block of the seed, with the heading it sits under."""
    text = seed_path().read_text(encoding="utf-8")
    found = []
    heading = ""
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.strip() == "```py":
            code = []
            for body in lines:
                if body.strip() == "```":
                    break
                code.append(body)
            found.append((heading, "\n".join(code) + "\n"))
    return found


def rewrite(code: str, endpoint: str, access: str, secret: str, tmp: str, proxy: str) -> str:
    """The block with the rewrite table applied."""
    for host in ("'localhost:8080'", "'s3.amazonaws.com'", "'your_hostname.sampledomain.com:9000'"):
        code = code.replace(host, repr(endpoint))
    for key in ("'demo1'", "'YOUR-ACCESSKEYID'", "'ACCESS_KEY'"):
        code = code.replace(key, repr(access))
    for key in ("'888'", "'YOUR-SECRETACCESSKEY'", "'SECRET_KEY'"):
        code = code.replace(key, repr(secret))
    code = re.sub(re.escape(PROXY_IN_SEED) + r"(?!\s*,)", repr(proxy) + ",", code)
    code = code.replace("'/tmp/", repr(tmp.rstrip("/") + "/")[:-1])
    return code
