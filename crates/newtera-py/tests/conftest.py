"""Fixtures: the server under test (``NEWTERA_TEST_*``), a client, and a
fresh bucket per test."""

import pytest

from newtera import Newtera
import support
from support import Server


def pytest_terminal_summary(terminalreporter):
    """Lists what the server under test does not support (the tests
    asserted its actual answer instead)."""
    for line in sorted(set(support.UNSUPPORTED)):
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def server() -> Server:
    return Server()


@pytest.fixture(scope="session")
def client(server: Server) -> Newtera:
    return Newtera(server.endpoint, access_key=server.access_key,
                   secret_key=server.secret_key, region=server.region)


def empty_bucket(client: Newtera, name: str) -> None:
    names = [o.object_name for o in client.list_objects(name, recursive=True)]
    for err in client.remove_objects(name, names):
        raise AssertionError("cleanup: {}".format(err))


@pytest.fixture
def bucket(client: Newtera, server: Server):
    name = server.unique("py")
    client.make_bucket(name)
    yield name
    try:
        empty_bucket(client, name)
        client.remove_bucket(name)
    except Exception as e:  # Cleanup only: a leftover bucket fails no test.
        print("cleanup of {}: {}".format(name, e))
