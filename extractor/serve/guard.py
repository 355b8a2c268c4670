"""What the server may fetch: http(s) pages on public addresses only (no server-side request forgery).

A newsroom server that fetches any URL a visitor types can be made to read what only it can reach:
``http://127.0.0.1:…`` (its own admin pages), ``http://10.…`` (the intranet), ``http://169.254.169.254/``
(a cloud's metadata service and its credentials). :class:`UrlGuard` refuses, unless ``allow_private``:

- schemes other than ``http`` and ``https``;
- any address that is not global: loopback, private, link-local (the metadata address among them),
  shared (100.64/10), reserved, multicast, unspecified, and the IPv6 forms of all of these.

The check is made after DNS resolution (a public-looking name may resolve to 127.0.0.1) and on every
redirect (:func:`extractor.io.fetch.fetch` asks it at each hop), and made again when the connection is
opened: the guarded transport connects to the very address it checked, so a name that resolves to a
public address for the check and to a private one a moment later (DNS rebinding) gains nothing.

The resolver is a plain function, so tests give one that answers without any network.

Example:
    >>> guard = UrlGuard(resolve=lambda host, port: ["127.0.0.1"])
    >>> guard.check("http://news.example/article")
    Traceback (most recent call last):
    ...
    extractor.serve.guard.UrlRefused: http://news.example/article: refused: news.example is 127.0.0.1, a loopback address (start the server with --allow-private-urls to fetch it)
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import httpcore
import httpx

from ..io.fetch import FetchError

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_SCHEMES = {"http": 80, "https": 443}
# cloud metadata services outside the link-local range that `is_link_local` already covers
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
                                ipaddress.ip_address("100.100.100.200")})


class UrlRefused(FetchError):
    """A URL the server will not fetch: ``str(error)`` is ``"URL: refused: reason"``."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system's resolver gives for ``host``, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host} ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def why_blocked(address: IPAddress) -> str | None:
    """Why an address is not one the server may reach ("a loopback address"), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    checks = (
        (address in METADATA_ADDRESSES, "a cloud metadata address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    )
    return next((reason for blocked, reason in checks if blocked), None)


@dataclass(frozen=True)
class UrlGuard:
    """The policy of the server's fetches: see the module's docstring.

    Args:
        allow_private: fetch private and local addresses too (``--allow-private-urls``: for a server
            that only its own newsroom reaches, reading an intranet).
        resolve: ``(host, port) -> [address, ...]``; the system's resolver by default.
    """

    allow_private: bool = False
    resolve: Resolver = field(default=system_resolver)

    def check(self, url: str | httpx.URL) -> None:
        """Raise :class:`UrlRefused` unless ``url`` is http(s) on a host that resolves to public addresses only."""
        shown = str(url)
        try:
            parsed = httpx.URL(str(url))
        except (httpx.InvalidURL, TypeError) as exc:
            raise UrlRefused(shown, f"refused: not a valid URL ({exc})") from None
        if parsed.scheme not in _SCHEMES:
            raise UrlRefused(shown, f"refused: only http:// and https:// addresses are fetched, not {parsed.scheme or 'this'}")
        if not parsed.host:
            raise UrlRefused(shown, "refused: no host in the address")
        try:
            self.address(parsed.host, parsed.port or _SCHEMES[parsed.scheme])
        except UrlRefused as exc:
            raise UrlRefused(shown, exc.reason) from None

    def address(self, host: str, port: int) -> str:
        """The address to connect to for ``host``: the first it resolves to, once every one is checked
        (a name with one private address among public ones is refused: the client might pick it)."""
        host = host.strip("[]")
        try:
            found = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolve(host, port)]
            except (OSError, ValueError) as exc:
                raise UrlRefused(host, f"cannot resolve {host} ({exc})") from None
        if not found:
            raise UrlRefused(host, f"cannot resolve {host}")
        if not self.allow_private:
            for address in found:
                reason = why_blocked(address)
                if reason is not None:
                    named = host if str(address) == host else f"{host} is {address},"
                    raise UrlRefused(host, f"refused: {named} {reason} (start the server with --allow-private-urls to fetch it)")
        return str(found[0])

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport whose every connection goes through this guard (see :class:`_GuardedBackend`)."""
        transport = httpx.HTTPTransport(trust_env=False)
        # httpx has no argument for the network backend: the pool it made is given ours
        transport._pool._network_backend = _GuardedBackend(self)  # noqa: SLF001
        return transport


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting to the address the guard resolved and checked rather
    than resolving the name again (TLS still names the host: httpcore passes it to ``start_tls``)."""

    def __init__(self, guard: UrlGuard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            address = self._guard.address(host, port)
        except UrlRefused as exc:
            raise httpcore.ConnectError(exc.reason) from None
        return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("refused: Unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
