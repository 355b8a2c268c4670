"""News pages fetched over HTTP(S) for the readers: time and size limits, redirects, one-line errors.

:func:`fetch` downloads one page with httpx and gives back its bytes, its final URL (after redirects)
and its content type; everything that can go wrong (no network, a timeout, an HTTP error status, a
page too large, a PDF, a redirect to ``ftp://``) is a :class:`FetchError` whose message is one line
naming the URL: ``https://x/y: HTTP 404``. :class:`Fetcher` keeps one client (one connection pool)
for all the URLs of a run and closes it at the end.

Limits: ``timeout`` seconds for each network operation and for the whole download, ``max_bytes`` of
body (decompressed: a gzip bomb stops there too), at most :data:`MAX_REDIRECTS` redirects, each to an
``http`` or ``https`` address only. Redirects are followed one by one here rather than by httpx
(``follow_redirects=True`` reads the body of every redirect response whole, with no size limit): each
new address is checked before anything is sent to it. A ``guard`` (the server's
:class:`extractor.serve.guard.UrlGuard`) checks more: the address and every redirect after DNS
resolution, and each connection; the command line has none, and fetches as before.

Example:
    >>> with Fetcher(timeout=10) as fetcher:  # doctest: +SKIP
    ...     page = fetcher.fetch("https://www.example.fr/politique/article.html")
    >>> page.content_type, page.url  # doctest: +SKIP
    ('text/html', 'https://www.example.fr/politique/article.html')
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Protocol

import httpx

from ..records import __version__

USER_AGENT = f"extractor/{__version__.rsplit('.', 1)[0]} (+news quote extraction)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10_000_000
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPE = "text/plain"
_SCHEMES = ("http", "https")
_REDIRECT_BODY = 65_536  # bytes of a redirect's body read (and dropped) to keep its connection
_ERRNO = re.compile(r"^\[Errno [^\]]*\]\s*")


class FetchError(ValueError):
    """A page that could not be fetched: ``str(error)`` is ``"URL: reason"``, on one line."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Guard(Protocol):
    """What may be fetched, beyond http(s) (see :class:`extractor.serve.guard.UrlGuard`)."""

    def check(self, url: str) -> None:
        """Raise :class:`FetchError` if ``url`` must not be fetched."""

    def transport(self) -> httpx.BaseTransport:
        """The transport that opens only the connections the guard allows."""


@dataclass(frozen=True)
class Fetched:
    """A page as downloaded: its final URL (after redirects), body, content type and declared charset."""

    url: str
    content: bytes
    content_type: str
    encoding: str | None = None

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


def is_url(path: str) -> bool:
    """Whether an input names a web page (``http://`` or ``https://``) rather than a file."""
    return path[:8].lower().startswith(("http://", "https://"))


def new_client(timeout: float = DEFAULT_TIMEOUT, guard: Guard | None = None) -> httpx.Client:
    """The HTTP client of a run: the tool's User-Agent, ``timeout`` per operation, redirects left to
    :func:`fetch` (which checks each one); with a ``guard``, its transport (and no proxy from the
    environment, which would connect to addresses the guard never sees)."""
    guarded = {} if guard is None else {"transport": guard.transport(), "trust_env": False}
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        **guarded,  # type: ignore[arg-type]
    )


def fetch(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None, guard: Guard | None = None,
) -> Fetched:
    """Download the page at ``url``: an HTML (or plain text) body of at most ``max_bytes``.

    Args:
        url: an ``http://`` or ``https://`` address.
        timeout: seconds allowed for each network operation and for the whole download.
        max_bytes: the largest body read; the download stops as soon as it is passed.
        client: the client to send with (its connections are reused); by default a new one, closed after.
        guard: asked about ``url`` and every redirect before anything is sent there (by default none).

    Raises:
        FetchError: with a one-line reason (``cannot connect (…)``, ``HTTP 404``, ``larger than 10 MB``,
            ``not an HTML page (application/pdf)``, ``timed out after 20 s``…).
    """
    if not is_url(url):
        raise FetchError(url, "not an http:// or https:// address")
    if client is None:
        with new_client(timeout, guard) as own:
            return fetch(url, timeout=timeout, max_bytes=max_bytes, client=own, guard=guard)
    deadline = time.monotonic() + timeout
    try:
        return _download(client, url, timeout, max_bytes, deadline, guard)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(url, f"not a valid URL ({_cause(exc)})") from None
    except httpx.TimeoutException:
        raise FetchError(url, _timed_out(timeout)) from None
    except httpx.ConnectError as exc:
        raise FetchError(url, f"cannot connect ({_cause(exc)})") from None
    except httpx.TransportError as exc:  # the connection broke, or the server spoke no valid HTTP
        raise FetchError(url, f"network error ({_cause(exc)})") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"cannot fetch ({_cause(exc)})") from None


def _download(
    client: httpx.Client, url: str, timeout: float, max_bytes: int, deadline: float, guard: Guard | None = None
) -> Fetched:
    request = client.build_request("GET", url, timeout=timeout)
    for _ in range(MAX_REDIRECTS + 1):
        if guard is not None:
            guard.check(str(request.url))
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            if not response.has_redirect_location:
                return _page(url, response, timeout, max_bytes, deadline)
            # the client's headers and cookies (those the redirect just set among them) go on
            request = client.build_request("GET", _redirect_target(url, response), timeout=timeout)
            _drain(response)
        finally:
            response.close()
        if time.monotonic() > deadline:
            raise FetchError(url, _timed_out(timeout))
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def _redirect_target(url: str, response: httpx.Response) -> httpx.URL:
    """Where a redirect leads, refused unless it is an http(s) address."""
    location = response.headers.get("Location", "")
    try:
        target = response.url.join(location)
    except httpx.InvalidURL:
        raise FetchError(url, f"redirected to an invalid address ({location[:100]})") from None
    if target.scheme not in _SCHEMES:
        raise FetchError(url, f"redirected to a non-HTTP address ({location[:100]})")
    return target


def _drain(response: httpx.Response, limit: int = _REDIRECT_BODY) -> None:
    """Read the short body of a redirect, so that its connection serves the next request; a longer
    one is left unread (the connection is then closed)."""
    read = 0
    for chunk in response.iter_raw():
        read += len(chunk)
        if read > limit:
            return


def _page(url: str, response: httpx.Response, timeout: float, max_bytes: int, deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code}")
    if response.status_code >= 300:  # a 304, or a 3xx without a Location
        raise FetchError(url, f"HTTP {response.status_code} without a page")
    content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if content_type and content_type not in HTML_TYPES + (TEXT_TYPE,):
        raise FetchError(url, f"not an HTML page ({content_type})")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:  # compressed or not, the body is larger still
        raise FetchError(url, f"larger than {_size(max_bytes)}")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(url, f"larger than {_size(max_bytes)}")
        if time.monotonic() > deadline:
            raise FetchError(url, _timed_out(timeout))
    return Fetched(str(response.url), bytes(body), content_type or HTML_TYPES[0], response.charset_encoding)


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _size(n: int) -> str:
    """A byte count as people write it: ``10 MB``, ``50 kB``, ``512 bytes``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def _cause(exc: Exception) -> str:
    """The innermost reason of a network error (httpx raises its own from httpcore's, from the
    system's), on one line, without ``[Errno 111]``."""
    while exc.__cause__ is not None and str(exc.__cause__):
        exc = exc.__cause__  # type: ignore[assignment]
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _ERRNO.sub("", text)[:200]


class Fetcher:
    """The pages of one run, fetched through one pooled client: opened at the first URL, closed with
    the fetcher (``with Fetcher() as fetcher:``)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES, guard: Guard | None = None) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.guard = guard
        self._client: httpx.Client | None = None

    def fetch(self, url: str) -> Fetched:
        """The page at ``url`` (see :func:`fetch`); raises :class:`FetchError`."""
        if self._client is None:
            self._client = new_client(self.timeout, self.guard)
        return fetch(url, timeout=self.timeout, max_bytes=self.max_bytes, client=self._client, guard=self.guard)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
