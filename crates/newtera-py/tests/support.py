"""Test helpers: the server under test, and a loopback TCP relay that can
act as an HTTP forward proxy (requests in absolute form are passed through
as they are) and throttle what the server sends back."""

import os
import socket
import threading
import time
import uuid
from urllib.parse import urlparse


class Server:
    """The server the ``NEWTERA_TEST_*`` variables name (set by ``cargo xtask test``)."""

    def __init__(self) -> None:
        missing = [v for v in ("NEWTERA_TEST_ENDPOINT", "NEWTERA_TEST_ACCESS_KEY",
                               "NEWTERA_TEST_SECRET_KEY") if not os.environ.get(v)]
        if missing:
            raise RuntimeError("set {} (cargo xtask pytest does)".format(", ".join(missing)))
        self.endpoint = os.environ["NEWTERA_TEST_ENDPOINT"]
        self.access_key = os.environ["NEWTERA_TEST_ACCESS_KEY"]
        self.secret_key = os.environ["NEWTERA_TEST_SECRET_KEY"]
        self.region = os.environ.get("NEWTERA_TEST_REGION", "us-east-1")
        self.kind = os.environ.get("NEWTERA_TEST_SERVER", "s3s-fs")
        u = urlparse(self.endpoint)
        self.host, self.port = u.hostname, u.port

    def unique(self, prefix: str) -> str:
        return "{}-{}".format(prefix, uuid.uuid4().hex[:10])


# Every UNSUPPORTED line of the run, repeated in pytest's closing summary.
UNSUPPORTED = []


def settled(read, want, seconds: float = 10.0):
    """``read()`` once it returns ``want``, polling for up to ``seconds``:
    Garage's three-node listing may show a removed key (or an aborted
    upload) for a moment. What still differs then is returned, to fail the
    caller's assertion."""
    deadline = time.monotonic() + seconds
    got = read()
    while got != want and time.monotonic() < deadline:
        time.sleep(0.2)
        got = read()
    return got


def unsupported(server: "Server", what: str) -> None:
    line = "UNSUPPORTED by {}: {}".format(server.kind, what)
    UNSUPPORTED.append(line)
    print(line)


class Relay:
    """Listens on a loopback port and relays each connection to
    ``(host, port)``; records what clients sent first; ``rate`` (bytes per
    second) slows the server-to-client direction."""

    def __init__(self, host: str, port: int, rate: int = 0) -> None:
        self.target = (host, port)
        self.rate = rate
        self.first_lines = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:{}".format(self.port)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while True:
                data = src.recv(16384 if not self.rate or from_client else 4096)
                if not data:
                    break
                if from_client:
                    line = data.split(b"\r\n", 1)[0]
                    if line[:4] in (b"GET ", b"PUT ", b"POST", b"HEAD", b"DELE", b"CONN"):
                        self.first_lines.append(line.decode("latin-1"))
                elif self.rate:
                    time.sleep(len(data) / self.rate)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.closed = True
        self.sock.close()
