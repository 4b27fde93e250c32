"""The test suite cannot reach the outside world: the root conftest installs a socket guard that only
lets loopback (database, cache, mail, live server) through."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from security import netguard


def test_the_guard_is_installed_for_the_whole_suite():
    assert netguard.installed()


@pytest.mark.parametrize("address", [("192.0.2.10", 443), ("8.8.8.8", 53), ("example.com", 80)])
def test_a_connection_to_anything_but_loopback_is_refused(address):
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(netguard.OutboundConnectionBlocked, match="Connexion sortante refusée"),
    ):
        sock.connect(address)


def test_a_library_reaching_the_internet_fails_loudly():
    with pytest.raises(Exception) as caught:
        urllib.request.urlopen("http://203.0.113.7/cdn/htmx.min.js", timeout=2)  # nosec B310
    assert "Connexion sortante refusée" in str(caught.value)


def test_udp_datagrams_out_are_refused_too():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        pytest.raises(netguard.OutboundConnectionBlocked),
    ):
        sock.sendto(b"x", ("198.51.100.1", 53))


def test_loopback_stays_reachable():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2) as client:
            assert client.getpeername() == server.getsockname()


@pytest.mark.parametrize(
    ("family", "address", "allowed"),
    [
        (socket.AF_INET, ("127.0.0.1", 5432), True),
        (socket.AF_INET, ("127.8.9.10", 6379), True),
        (socket.AF_INET6, ("::1", 25, 0, 0), True),
        (socket.AF_INET6, ("::ffff:127.0.0.1", 25, 0, 0), True),
        (socket.AF_INET, ("localhost", 8000), True),
        (socket.AF_INET, ("10.0.0.5", 5432), False),
        (socket.AF_INET6, ("2001:db8::1", 443, 0, 0), False),
        (socket.AF_INET, ("cdn.jsdelivr.net", 443), False),
    ],
)
def test_only_loopback_addresses_count_as_local(family, address, allowed):
    assert netguard.is_loopback(family, address) is allowed
