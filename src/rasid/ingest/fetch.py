"""The fetcher: one URL to bytes, politely and safely (the only code that opens connections).

``Fetcher.fetch`` follows redirects itself so that each hop is checked: the scheme must
be http or https and the host's addresses pass ``addresses.check_url``; the connection
goes to the checked address (the URL is rewritten to it, with the ``Host`` header and
TLS server name set to the original host), so DNS is asked once per hop and its answer
cannot change behind the check. Environment proxies are ignored for the same reason.

Limits: connect/read timeouts and a total time per fetch; at most ``max_bytes`` read
off the wire and at most ``max_bytes`` after decompression (the body is decompressed
here, chunk by bounded chunk, so a gzip bomb stops at the cap); at most
``max_redirects`` hops, and a loop is reported as one. 5xx, 429, timeouts and dropped
connections are retried with exponential backoff (``Retry-After`` honoured, capped).
Requests to one host are spaced by ``min_interval`` seconds. ``etag`` and
``last_modified`` make the request conditional; a 304 comes back as ``not_modified``.
The clock and the sleep function are parameters, so tests never wait for real.
"""

from __future__ import annotations

import email.utils
import logging
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from rasid.errors import FetchError, InputTooLargeError, RasidError
from rasid.ingest.addresses import Resolver, Target, check_url, resolve_host
from rasid.ingest.base import DEFAULT_MAX_BYTES, format_size

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)
MAX_RETRY_AFTER = 60.0
DEFAULT_MIN_INTERVAL = 1.0  # seconds between two requests to one host
_CHUNK = 64 * 1024


def _package_version() -> str:
    try:
        return version("rasid")
    except PackageNotFoundError:
        return "0"


USER_AGENT = (
    f"rasid/{_package_version()} (conflict-event monitor: reads published news reports "
    "and feeds to code conflict events; one request per second per host)"
)


@dataclass(frozen=True, slots=True)
class FetchResponse:
    """What a fetch brought back; ``content`` is decompressed and empty when ``not_modified``."""

    url: str
    final_url: str
    status_code: int
    content: bytes = b""
    media_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request: the stored copy is current."""
        return self.status_code == 304


class Fetcher:
    """Fetches URLs under the limits in the module docstring; use as a context manager."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 1.0,
        min_interval: float | None = None,
        max_seconds: float = 120.0,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        user_agent: str = USER_AGENT,
        resolver: Resolver = resolve_host,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_bytes < 1 or max_redirects < 0 or retries < 0:
            raise ValueError("max_bytes must be positive; max_redirects and retries not negative")
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.min_interval = DEFAULT_MIN_INTERVAL if min_interval is None else min_interval
        self.max_seconds = max_seconds
        self.user_agent = user_agent
        self._resolver = resolver
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        # trust_env=False: a proxy from the environment would resolve names itself, after our check.
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResponse:
        """GET ``url`` (conditionally when a validator is given), following checked redirects.

        Raises ``RefusedAddressError`` (E107) for a refused scheme or address at any hop,
        ``FetchError`` (E108) for timeouts, connection failures, error statuses and
        redirect loops, ``InputTooLargeError`` (E103) past the size caps.
        """
        seen = [url]
        current = url
        while True:
            target = check_url(current, allow_private=self.allow_private, resolver=self._resolver)
            response = self._fetch_with_retries(current, target, etag=etag, last_modified=last_modified)
            if isinstance(response, FetchResponse):
                return FetchResponse(
                    url=url,
                    final_url=current,
                    status_code=response.status_code,
                    content=response.content,
                    media_type=response.media_type,
                    charset=response.charset,
                    etag=response.etag,
                    last_modified=response.last_modified,
                )
            location = response
            following = urljoin(current, location)
            if _without_fragment(following) in {_without_fragment(u) for u in seen}:
                chain = " -> ".join([*seen, following])
                raise FetchError(f"redirect loop: {chain}", where=url)
            if len(seen) > self.max_redirects:
                raise FetchError(f"more than {self.max_redirects} redirects (last to {following})", where=url)
            logger.debug("%s: redirected to %s", current, following)
            seen.append(following)
            current = following

    def _fetch_with_retries(
        self, url: str, target: Target, *, etag: str | None, last_modified: str | None
    ) -> FetchResponse | str:
        attempt = 0
        while True:
            try:
                return self._request_once(url, target, etag=etag, last_modified=last_modified)
            except _Retry as retry:
                if attempt >= self.retries:
                    message = f"{retry.reason} (after {attempt + 1} attempts)"
                    raise FetchError(message, where=url, transient=True) from None
                delay = self.backoff * (2**attempt)
                if retry.retry_after is not None:
                    delay = max(delay, min(retry.retry_after, MAX_RETRY_AFTER))
                logger.info("%s: %s; retrying in %.1f s", url, retry.reason, delay)
                self._sleep(delay)
                attempt += 1

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.min_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _request_once(
        self, url: str, target: Target, *, etag: str | None, last_modified: str | None
    ) -> FetchResponse | str:
        """One request; returns the response, or a redirect's ``Location``; raises ``_Retry``."""
        headers = {
            "Host": target.host_header,
            "User-Agent": self.user_agent,
            "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
            "application/xml;q=0.9, text/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        self._wait_for_host(target.host)
        started = self._clock()
        try:
            with self._client.stream(
                "GET", _pinned_url(url, target), headers=headers, extensions=extensions
            ) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES:
                    location = str(response.headers.get("Location") or "")
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location header", where=url)
                    return location
                if status in RETRY_STATUSES:
                    raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("Retry-After")))
                if status == 304:
                    return self._response(url, response, b"")
                if status != 200:
                    reason = response.reason_phrase or ""
                    raise FetchError(f"HTTP {status} {reason}".strip(), where=url)
                body = self._read_body(url, response, started=started)
                return self._response(url, response, body)
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__})") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retry(f"connection failed: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed: {exc}", where=url) from None

    def _response(self, url: str, response: httpx.Response, body: bytes) -> FetchResponse:
        content_type = response.headers.get("Content-Type", "")
        media_type, _, params = content_type.partition(";")
        charset = None
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip("\"'").lower()
        return FetchResponse(
            url=url,
            final_url=url,
            status_code=response.status_code,
            content=body,
            media_type=media_type.strip().lower() or None,
            charset=charset,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    def _read_body(self, url: str, response: httpx.Response, *, started: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(url, f"the page is {format_size(int(declared))}")
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        decoder = _Decoder(encoding, limit=self.max_bytes, where=url)
        received = 0
        parts: list[bytes] = []
        for chunk in _chunks(response):
            received += len(chunk)
            if received > self.max_bytes:
                raise self._too_large(url, "the page is larger")
            if self._clock() - started > self.max_seconds:
                raise FetchError(f"the page took more than {self.max_seconds:.0f} s to arrive", where=url)
            parts.append(decoder.decode(chunk))
        parts.append(decoder.finish())
        return b"".join(parts)

    def _too_large(self, url: str, what: str) -> InputTooLargeError:
        limit = format_size(self.max_bytes)
        if what.endswith("larger"):
            message = f"{what} than the limit of {limit}; reading stopped; pass a larger --max-bytes"
        else:
            message = f"{what}, larger than the limit of {limit}; pass --max-bytes with a larger value"
        return InputTooLargeError(message, where=url)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _Retry(Exception):
    """A failure worth another attempt."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Decoder:
    """Content-Encoding decoding with a bound on the output (a gzip bomb stops at ``limit``)."""

    def __init__(self, encoding: str, *, limit: int, where: str) -> None:
        self.limit = limit
        self.where = where
        self.produced = 0
        self.encoding = encoding
        self._raw_deflate = False
        self._zlib: zlib._Decompress | None
        if encoding in ("identity", ""):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", where=where)

    def decode(self, chunk: bytes) -> bytes:
        """The decoded bytes of the next raw chunk."""
        if self._zlib is None:
            return self._count(chunk)
        out: list[bytes] = []
        data = chunk
        while data:
            try:
                piece = self._zlib.decompress(data, self.limit - self.produced + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and not self._raw_deflate and self.produced == 0:
                    # Some servers send raw deflate without the zlib header.
                    self._raw_deflate = True
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(f"the {self.encoding} body is corrupt: {exc}", where=self.where) from None
            out.append(self._count(piece))
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                break
        return b"".join(out)

    def finish(self) -> bytes:
        """The last decoded bytes; raises ``FetchError`` for a compressed body cut short."""
        if self._zlib is None:
            return b""
        rest = self._count(self._zlib.flush())
        if not self._zlib.eof:
            raise FetchError(f"the {self.encoding} body ends too early (truncated)", where=self.where)
        return rest

    def _count(self, piece: bytes) -> bytes:
        self.produced += len(piece)
        if self.produced > self.limit:
            message = (
                f"the page decompresses to more than the limit of {format_size(self.limit)} "
                "(a compression bomb?); refused"
            )
            raise InputTooLargeError(message, where=self.where)
        return piece


def _chunks(response: httpx.Response) -> Iterator[bytes]:
    yield from response.iter_raw(_CHUNK)


def _pinned_url(url: str, target: Target) -> httpx.URL:
    """``url`` with its host replaced by the checked address (the name goes in ``Host`` and SNI)."""
    parts = urlsplit(url)
    address = f"[{target.address}]" if target.address.version == 6 else str(target.address)
    path = parts.path or "/"
    return httpx.URL(urlunsplit((target.scheme, f"{address}:{target.port}", path, parts.query, "")))


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def is_transient(error: RasidError) -> bool:
    """True for fetch failures worth trying again later (timeouts, 5xx, 429, dropped connections)."""
    return isinstance(error, FetchError) and error.transient
