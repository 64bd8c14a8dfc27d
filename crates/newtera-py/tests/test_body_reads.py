"""Reads of a get_object body against a scripted loopback server, where
the chunking of the body is controlled: a whole read() after partial
read(amt) calls must return the object's remaining bytes, in order."""

import _thread
import hashlib
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newtera import Newtera
from newtera.error import NewteraError, ResponseError

SIZE = 24 << 20
FIRST = 64 << 10
DATA = bytes((i * 7 + i // 65536) % 251 for i in range(SIZE))
ETAG = '"{}"'.format(hashlib.md5(DATA).hexdigest())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _head(self, status: int, length: int, extra=()) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT")
        self.send_header("Content-Type", "application/octet-stream")
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()

    def do_GET(self) -> None:
        self.server.requests.append((self.headers.get("Range"), self.headers.get("If-Match")))
        wanted = self.headers.get("Range")
        if wanted is None:
            # The first FIRST bytes, a pause, then the rest: the client's
            # first chunks end exactly at FIRST.
            self._head(200, SIZE)
            self.wfile.write(DATA[:FIRST])
            self.wfile.flush()
            if self.server.cut_first:
                # The whole body's connection ends early.
                self.close_connection = True
                return
            time.sleep(0.3)
            try:
                self.wfile.write(DATA[FIRST:])
            except OSError:
                pass
            return
        m = re.fullmatch(r"bytes=(\d+)-(\d+)", wanted)
        assert m, wanted
        start, end = int(m.group(1)), int(m.group(2))
        if self.server.stall:
            time.sleep(30)
            return
        if self.headers.get("If-Match") != self.server.etag:
            self._head(412, 0)
            return
        body = DATA[start:end + 1]
        label = (start, end)
        lie = self.server.lie
        if lie == "ignored":
            self._head(200, SIZE)
            self.wfile.write(DATA)
            return
        if lie == "from zero":
            body, label = DATA[:len(body)], (0, len(body) - 1)
        elif lie == "shifted":
            label = (start + 1, end + 1)
        elif lie == "longer":
            body, label = DATA[start:end + 101], (start, end + 100)
        elif lie == "shorter":
            body, label = body[:-1], (start, end - 1)
        if lie == "chunked longer":
            # The right label, no Content-Length, a byte more than it says.
            self.send_response(206)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("ETag", ETAG)
            self.send_header("Content-Range", "bytes {}-{}/{}".format(start, end, SIZE))
            self.end_headers()
            body = DATA[start:end + 2]
            self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
            return
        self._head(206, len(body), [("Content-Range", "bytes {}-{}/{}".format(*label, SIZE))])
        self.wfile.write(body)


@pytest.fixture
def scripted():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []
    # The object's ETag now (a test changes it to replace the object).
    server.etag = ETAG
    server.stall = False
    # How the ranged answers lie about their bytes (None: they do not).
    server.lie = None
    server.cut_first = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _client(server) -> Newtera:
    return Newtera("127.0.0.1:{}".format(server.server_address[1]), access_key="a",
                   secret_key="b", secure=False, region="us-east-1")


@pytest.mark.parametrize("first_reads", [[FIRST], [1, FIRST - 1], [FIRST // 2, FIRST // 2]])
def test_whole_read_after_partial_reads_returns_the_rest_in_order(scripted, first_reads):
    response = _client(scripted).get_object("bucket", "key")
    head = b"".join(response.read(n) for n in first_reads)
    assert head == DATA[:FIRST]
    rest = response.read()
    assert len(rest) == SIZE - FIRST
    # Where the bytes first differ, for a readable failure.
    differs = next((i for i, (a, b) in enumerate(zip(rest, DATA[FIRST:])) if a != b), None)
    assert differs is None, "byte {} of the rest differs (ranges asked: {})".format(
        FIRST + differs, [r for r, _ in scripted.requests])


def test_an_object_replaced_during_a_whole_read_fails_it_with_the_412(scripted):
    response = _client(scripted).get_object("bucket", "key")
    scripted.etag = '"another"'
    with pytest.raises(ResponseError) as caught:
        response.read()
    assert caught.value.status == 412
    assert all(m == ETAG for r, m in scripted.requests if r), scripted.requests
    assert response.closed
    assert response.read() == b""


def test_ctrl_c_during_a_whole_read_raises_keyboard_interrupt_promptly(scripted):
    response = _client(scripted).get_object("bucket", "key")
    scripted.stall = True
    threading.Timer(1.0, _thread.interrupt_main).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        response.read()
    assert time.monotonic() - started < 5
    assert response.closed


@pytest.mark.parametrize("lie", ["ignored", "from zero", "shifted", "longer", "shorter",
                                 "chunked longer"])
def test_a_whole_read_never_returns_bytes_a_range_answer_misplaced(scripted, lie):
    """Ranged answers that do not hold the bytes asked for (the Range
    ignored, another offset, a wrong label, more or fewer bytes) fail the
    read: no bytes object with misplaced or unwritten bytes comes back."""
    scripted.lie = lie
    response = _client(scripted).get_object("bucket", "key")
    with pytest.raises(NewteraError):
        got = response.read()
        # Only reached when no error: say where the bytes differ.
        differs = next((i for i, (a, b) in enumerate(zip(got, DATA)) if a != b), None)
        pytest.fail("{}: {} bytes returned, first difference at {}".format(lie, len(got), differs))
    assert response.closed
    assert response.read() == b""


def test_a_whole_read_whose_first_body_ends_early_fails(scripted):
    """The open body's connection closes after FIRST bytes while the other
    ranges arrive whole: the read fails, nothing half-written comes back."""
    scripted.cut_first = True
    response = _client(scripted).get_object("bucket", "key")
    with pytest.raises(NewteraError):
        got = response.read()
        pytest.fail("{} bytes returned".format(len(got)))
    assert response.closed
