"""Fetch article pages and feeds over HTTP(S), carefully.

Every request goes through :class:`Fetcher`, which enforces the rules a crawler that runs
unattended for weeks needs:

- http and https only; the host must resolve, and every address it resolves to must be
  globally routable (``is_global``; the IPv4 inside mapped, 6to4 and NAT64 forms too):
  private, carrier NAT, loopback, link-local, site-local, multicast, reserved and
  unspecified addresses are refused unless ``allow_private`` (checked again at every
  redirect hop); the request
  then goes to the address that was checked (Host header and TLS name kept), so a second
  DNS answer cannot point it elsewhere;
- redirects followed by hand, at most ``max_redirects``; a loop is an error;
- a timeout on connect and on each read, and a total size cap, counted while streaming
  (a huge or endless body is cut off, never held whole);
- a clear User-Agent, and a politeness delay between two requests to one host;
- conditional requests: ``etag`` and ``modified`` turn into If-None-Match and
  If-Modified-Since, and a 304 comes back as ``Page.not_modified``.

Nothing here prints; failures raise :class:`FetchError` naming the URL.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from . import __version__
from .options import Options

# a clear User-Agent: who is asking, and that it is a program
USER_AGENT = f"tieup/{__version__} (news alliance tracker; python-httpx)"
# the defaults are Options' (options.py says how each was chosen)
_DEFAULTS = Options()
TIMEOUT_S = _DEFAULTS.fetch_timeout
MAX_BYTES = _DEFAULTS.fetch_max_bytes
MAX_REDIRECTS = _DEFAULTS.max_redirects
POLITE_DELAY_S = _DEFAULTS.polite_delay
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL that could not be fetched, with the reason; ``str()`` names the URL."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class Page:
    url: str  # the final URL, after redirects
    status: int
    content: bytes
    content_type: str
    etag: str | None = None
    modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type or (
            not self.content_type and self.content[:200].lstrip().lower().startswith(b"<"))


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries: IPv4-mapped, IPv4-compatible, 6to4 and NAT64
    (a request to it reaches that IPv4 address)."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if any(ip in net for net in _NAT64) or (int(ip) >> 32 == 0 and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Only globally routable addresses (``ipaddress``' ``is_global``: no private, carrier
    NAT 100.64.0.0/10, loopback, link-local, site-local, reserved or documentation
    range); an IPv6 form that embeds an IPv4 address is judged by that address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded(ip)
        if inner is not None:
            return _is_public(inner)
        if ip.is_site_local or ip.teredo:
            return False
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, allow_private: bool = False,
              resolve: Callable[[str], list[str]] | None = None) -> list[str]:
    """The addresses ``url``'s host resolves to; raises :class:`FetchError` unless the URL
    is http(s) and every address is public (or ``allow_private``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'none'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "no host in the URL")
    try:
        addresses = (resolve or _resolve)(host)
    except (OSError, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve {host} ({e})") from None
    if not addresses:
        raise FetchError(url, f"{host} resolves to no address")
    if not allow_private:
        for a in addresses:
            ip = ipaddress.ip_address(a.split("%")[0])
            if not _is_public(ip):
                raise FetchError(url, f"{host} resolves to {a}, a private, loopback or link-local "
                                      "address (refused; --allow-private allows it)")
    return addresses


def _pinned(url: str, address: str) -> tuple[str, str, str]:
    """``url`` aimed at the checked ``address`` (so a second DNS answer cannot send the
    request elsewhere: no DNS rebinding), with the Host header and TLS name it needs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    ip = address.split("%")[0]
    netloc = f"[{ip}]" if ":" in ip else ip
    if parts.port:
        netloc += f":{parts.port}"
    host_header = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=netloc).geturl(), host_header, host


def _resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})


@dataclass
class Fetcher:
    """One HTTP client with the rules above; reuse it for a batch (it keeps connections)."""

    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    delay: float = POLITE_DELAY_S
    allow_private: bool = False
    user_agent: str = USER_AGENT
    transport: httpx.BaseTransport | None = None  # tests may pass a MockTransport
    resolver: Callable[[str], list[str]] | None = None  # host -> addresses (tests)
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    @classmethod
    def from_options(cls, options: Options, **kw: Any) -> Fetcher:
        return cls(timeout=options.fetch_timeout, max_bytes=options.fetch_max_bytes,
                   max_redirects=options.max_redirects, delay=options.polite_delay,
                   allow_private=options.allow_private, **kw)

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout), follow_redirects=False,
                headers={"User-Agent": self.user_agent}, transport=self.transport)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)

    def get(self, url: str, *, etag: str | None = None, modified: str | None = None,
            accept: str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5") -> Page:
        """GET ``url`` under every rule above; a :class:`Page`, or :class:`FetchError`."""
        headers: dict[str, Any] = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        seen: list[str] = []
        current = url
        for _hop in range(self.max_redirects + 1):
            addresses = check_url(current, allow_private=self.allow_private, resolve=self.resolver)
            if current in seen:
                raise FetchError(url, f"redirect loop at {current}")
            seen.append(current)
            target, host_header, host = _pinned(current, addresses[0])
            extensions = {"sni_hostname": host} if target.startswith("https:") else {}
            self._wait_turn(host)
            try:
                with self.client().stream("GET", target, headers={**headers, "Host": host_header},
                                          extensions=extensions) as r:
                    if r.status_code in REDIRECTS and "location" in r.headers:
                        current = urljoin(current, r.headers["location"])
                        continue
                    body = self._read_capped(url, r)
                    return Page(current, r.status_code, body,
                                r.headers.get("content-type", "").lower(),
                                r.headers.get("etag"), r.headers.get("last-modified"))
            except httpx.TimeoutException:
                raise FetchError(url, f"timed out (over {self.timeout:g} s)") from None
            except httpx.HTTPError as e:
                raise FetchError(url, f"request failed ({type(e).__name__}: {e})") from None
            finally:  # the pause runs from the end of one request to the next one's start
                self._last[host] = time.monotonic()
        raise FetchError(url, f"too many redirects (over {self.max_redirects})")

    def _read_capped(self, url: str, r: httpx.Response) -> bytes:
        if r.status_code >= 400:  # an error page's body is never read
            raise FetchError(url, f"HTTP {r.status_code}")
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, f"too large ({int(declared):,} bytes; the limit is {self.max_bytes:,})")
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"too large (over {self.max_bytes:,} bytes; cut off)")
            chunks.append(chunk)
        return b"".join(chunks)
