"""No outbound connection at run time: a guard on Python's sockets that lets only loopback through.

Installed by the root conftest.py for the whole test suite (docs/securite.md). The database, the cache,
the mail server of the tests and the live server of the browser tests are all on loopback (or a Unix
socket); anything else (a CDN, an API on the internet, a DNS name that is not `localhost`) raises
`OutboundConnectionBlocked`, whose message names the address. Pure Python: no Django import.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class OutboundConnectionBlocked(ConnectionError):
    """The code under test tried to reach something other than loopback."""


def is_loopback(family: int, address: Any) -> bool:
    if family == getattr(socket, "AF_UNIX", object()):
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = str(address[0]).split("%", 1)[0]
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name to resolve: DNS itself would go out
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _refuse(address: Any) -> OutboundConnectionBlocked:
    return OutboundConnectionBlocked(
        f"Connexion sortante refusée pendant les tests : {address!r}. Seul le loopback est permis "
        "(base de données, cache et serveur de courriel locaux) ; voir docs/securite.md."
    )


def _connect(self: socket.socket, address: Any) -> None:
    if not is_loopback(self.family, address):
        raise _refuse(address)
    return _real_connect(self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    if not is_loopback(self.family, address):
        raise _refuse(address)
    return _real_connect_ex(self, address)


def _sendto(self: socket.socket, data: Any, *args: Any) -> int:
    address = args[-1]
    if not is_loopback(self.family, address):
        raise _refuse(address)
    return _real_sendto(self, data, *args)


def install() -> None:
    """Guard every socket of this process (idempotent)."""
    for name, function in (("connect", _connect), ("connect_ex", _connect_ex), ("sendto", _sendto)):
        setattr(socket.socket, name, function)


def uninstall() -> None:
    for name, function in (
        ("connect", _real_connect),
        ("connect_ex", _real_connect_ex),
        ("sendto", _real_sendto),
    ):
        setattr(socket.socket, name, function)


def installed() -> bool:
    return getattr(socket.socket, "connect", None) is _connect
