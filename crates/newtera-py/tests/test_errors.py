"""Each error kind: raised as the right ``newtera.error`` class, bad input
before any request."""

import io
import socket
from datetime import timedelta

import pytest
import urllib3

from newtera import Newtera, PostPolicy
from newtera.error import (AccessDenied, InvalidArgumentError, NoSuchBucket, NoSuchKey,
                           ResponseError, TransportError)
from newtera.http_client import transport_options


def closed_port() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return "http://127.0.0.1:{}".format(port)


# A client whose every request would fail to connect: an InvalidArgumentError
# from it proves nothing was sent.
OFFLINE = Newtera(closed_port(), access_key="a", secret_key="b", region="us-east-1")


@pytest.mark.parametrize("call", [
    lambda c: c.bucket_exists("a"),
    lambda c: c.stat_object("Bad_Bucket!", "k"),
    lambda c: c.get_object("bucket", ""),
    lambda c: c.put_object("bucket", "k", b"no read method", 14),
    lambda c: c.put_object("bucket", "k", io.BytesIO(b"x"), -1),
    lambda c: c.presigned_get_object("bucket", "k", expires=timedelta(days=8)),
    lambda c: c.presigned_get_object("bucket", "k", expires=timedelta(seconds=0)),
    lambda c: c.presigned_put_object("bucket", "k", expires=3600),
    lambda c: list(c.remove_objects("bucket", [3])),
    lambda c: c.presigned_post_policy(PostPolicy()),
    lambda c: c.put_object("bucket", "k", io.BytesIO(b"x"), 1, metadata={"bad name": "v"}),
    # A header value that is not text would be sent as "None" / "b'x'".
    lambda c: c.get_object("bucket", "k", request_headers={"If-Match": None}),
    lambda c: c.get_object("bucket", "k", request_headers={"If-Match": b"etag"}),
    lambda c: c.stat_object("bucket", "k", extra_headers={"X-Amz-Meta-A": bytearray(b"v")}),
    lambda c: c.put_object("bucket", "k", io.BytesIO(b"x"), 1, metadata={"a": [None]}),
])
def test_bad_input_is_refused_before_any_request(call):
    with pytest.raises(InvalidArgumentError):
        call(OFFLINE)


def test_bad_constructor_arguments():
    with pytest.raises(InvalidArgumentError):
        Newtera("localhost:9000", access_key="only-one")
    with pytest.raises(InvalidArgumentError):
        Newtera("localhost:9000/path")
    with pytest.raises(InvalidArgumentError):
        Newtera("")


def test_unreachable_server_is_a_transport_error():
    with pytest.raises(TransportError) as caught:
        OFFLINE.list_buckets()
    assert isinstance(caught.value, ConnectionError)


def test_wrong_secret_is_a_response_error_without_the_secret(server):
    c = Newtera(server.endpoint, access_key=server.access_key, secret_key="wrong-secret-123",
                region=server.region)
    with pytest.raises(ResponseError) as caught:
        c.list_buckets()
    assert caught.value.status == 403
    assert "wrong-secret-123" not in str(caught.value) + repr(caught.value)
    assert "wrong-secret-123" not in repr(c)


def test_code_subclasses(client, bucket, server):
    with pytest.raises(NoSuchBucket):
        list(client.list_objects(server.unique("missing")))
    with pytest.raises(NoSuchKey):
        client.get_object(bucket, "missing")
    assert issubclass(AccessDenied, ResponseError)


def test_reader_exception_propagates(client, bucket):
    class Broken:
        def read(self, n):
            raise ValueError("disk on fire")

    with pytest.raises(ValueError, match="disk on fire"):
        client.put_object(bucket, "k", Broken(), 10)
    assert list(client.list_objects(bucket)) == []


def test_text_reader_is_a_type_error(client, bucket):
    with pytest.raises(TypeError, match="binary mode"):
        client.put_object(bucket, "k", io.StringIO("text"), 4)


def test_short_reader_fails_and_stores_nothing(client, bucket):
    with pytest.raises(Exception):
        client.put_object(bucket, "k", io.BytesIO(b"short"), 100)
    assert list(client.list_objects(bucket)) == []


# The http_client mapping.

def test_seed_proxy_manager_maps():
    pm = urllib3.ProxyManager("http://user:pw@proxy.example:8119/",
                              timeout=urllib3.Timeout.DEFAULT_TIMEOUT, cert_reqs="CERT_REQUIRED",
                              retries=urllib3.Retry(total=5, backoff_factor=0.2,
                                                    status_forcelist=[500, 502, 503, 504]))
    assert transport_options(pm) == {
        "proxy": "http://proxy.example:8119", "proxy_user": "user", "proxy_password": "pw",
        "max_attempts": 6, "base_delay": 0.2, "max_delay": 120.0}


def test_pool_manager_maps_timeouts_tls_and_pool(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
    pm = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2, read=7, total=30), maxsize=9,
                             cert_reqs="CERT_NONE", ca_certs=str(ca), retries=False, num_pools=4)
    assert transport_options(pm) == {
        "connect_timeout": 2.0, "read_timeout": 7.0, "operation_timeout": 30.0, "pool_size": 9,
        "insecure": True, "ca_pem": b"-----BEGIN CERTIFICATE-----\n", "max_attempts": 1}
    assert transport_options(urllib3.PoolManager(timeout=3)) == {
        "connect_timeout": 3.0, "read_timeout": 3.0}


@pytest.mark.parametrize("http_client", [
    urllib3.ProxyManager("https://proxy_host.sampledomain.com:8119/"),
    urllib3.PoolManager(retries=urllib3.Retry(total=2, status_forcelist=[404])),
    urllib3.PoolManager(retries=urllib3.Retry(total=2, allowed_methods=["GET"])),
    urllib3.PoolManager(cert_file="/c.pem", key_file="/k.pem"),
    urllib3.PoolManager(headers={"X-Extra": "1"}),
    urllib3.ProxyManager("http://p:1/", proxy_headers={"X-Proxy-Thing": "1"}),
    "not a pool manager",
])
def test_what_cannot_be_carried_over_is_refused(http_client):
    with pytest.raises(InvalidArgumentError):
        Newtera("localhost:9000", access_key="a", secret_key="b", http_client=http_client)


def test_retry_from_http_client_is_used(server):
    """A client whose proxy answers 503 twice, then relays: the request
    succeeds only because Retry(total=5) was carried over."""
    from support import Relay
    import threading

    relay = Relay(server.host, server.port)
    refusals = {"left": 2}
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            request = conn.recv(65536)
            if refusals["left"] > 0:
                refusals["left"] -= 1
                conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                conn.close()
                continue
            upstream = socket.create_connection((server.host, server.port))
            upstream.sendall(request)
            conn.settimeout(0.2)
            upstream.settimeout(5)
            while True:
                try:
                    data = upstream.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                conn.sendall(data)
                if b"\r\n\r\n" in data:
                    break
            conn.close()
            upstream.close()

    threading.Thread(target=serve, daemon=True).start()
    proxy = "http://127.0.0.1:{}/".format(sock.getsockname()[1])
    retrying = urllib3.ProxyManager(proxy, retries=urllib3.Retry(total=5, backoff_factor=0.01,
                                                                 status_forcelist=[500, 502, 503, 504]))
    c = Newtera(server.endpoint, access_key=server.access_key, secret_key=server.secret_key,
                region=server.region, http_client=retrying)
    assert isinstance(c.bucket_exists("no-such-bucket-xyz"), bool)
    assert refusals["left"] == 0
    sock.close()
    relay.close()
