"""URL sources to documents: a URL is fetched once; a feed gives its items, a page is an article.

``UrlReader.read`` fetches a URL conditionally (validators of its last fetch, from the
``IngestState``); a 304 or a body with the same hash as last time yields nothing. A feed
(RSS/Atom, see ``feeds.looks_like_feed``) yields one document per item not taken before,
each item's page fetched as an article; any other page is an article itself (HTML through
trafilatura, plain text as it is). The id of a document is the URL it was fetched from.

State is written only after the consumer has taken a document and asked for the next
one (in ``rasid run`` that is after the document was stored): an interrupted run leaves
at worst an item that is fetched again next time and found ``unchanged``, never an
item marked as taken whose document was lost. Failures are yielded as ``IngestFailure``;
an item whose fetch failed for a passing reason (timeout, 5xx) is tried again next time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urlsplit

from rasid.errors import BinaryInputError, RasidError
from rasid.ingest.base import IngestFailure, build_document
from rasid.ingest.decode import decode_bytes
from rasid.ingest.feeds import FeedItem, looks_like_feed, parse_feed
from rasid.ingest.fetch import Fetcher, FetchResponse, is_transient
from rasid.ingest.html import extract_article, find_declared_charset
from rasid.records import Document, FetchRecord

logger = logging.getLogger(__name__)

ItemResult = Document | IngestFailure
_BINARY_MEDIA = ("image/", "audio/", "video/", "font/")
_BINARY_TYPES = frozenset(
    {"application/pdf", "application/zip", "application/gzip", "application/octet-stream"}
)


class IngestState(Protocol):
    """Where fetch validators and taken feed items are kept (``Store`` is one; ``MemoryState`` another)."""

    def get_fetch(self, url: str) -> FetchRecord | None:
        """The last fetch of ``url``, or None."""

    def record_fetch(self, record: FetchRecord) -> None:
        """Keep the state of a fetch (replacing the previous one of its URL)."""

    def seen_feed_items(self, feed_url: str) -> set[str]:
        """The keys of the items of a feed already taken."""

    def add_feed_items(self, feed_url: str, items: Iterable[tuple[str, str | None]]) -> int:
        """Mark items ``(key, url)`` of a feed as taken."""


class MemoryState:
    """An ``IngestState`` that lives as long as the object (for runs without a store)."""

    def __init__(self) -> None:
        self.fetches: dict[str, FetchRecord] = {}
        self.items: dict[str, dict[str, str | None]] = {}

    def get_fetch(self, url: str) -> FetchRecord | None:
        """The last fetch of ``url``, or None."""
        return self.fetches.get(url)

    def record_fetch(self, record: FetchRecord) -> None:
        """Keep the state of a fetch."""
        self.fetches[record.url] = record

    def seen_feed_items(self, feed_url: str) -> set[str]:
        """The keys of the items of a feed already taken."""
        return set(self.items.get(feed_url, {}))

    def add_feed_items(self, feed_url: str, items: Iterable[tuple[str, str | None]]) -> int:
        """Mark items as taken; returns how many were new."""
        known = self.items.setdefault(feed_url, {})
        new = {key: url for key, url in items if key not in known}
        known.update(new)
        return len(new)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class UrlReader:
    """Reads URL sources for one batch; ``should_stop`` is asked before each fetch."""

    def __init__(
        self,
        *,
        fetcher: Fetcher,
        state: IngestState,
        language: str | None = None,
        published: str | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.state = state
        self.language = language
        self.published = published
        self.should_stop = should_stop or (lambda: False)
        self.done: set[str] = set()

    def read(self, url: str) -> Iterator[ItemResult]:
        """The documents of one URL source (a feed's new items, or the page itself), or failures."""
        if url in self.done:
            logger.debug("%s: already read in this batch; skipped", url)
            return
        self.done.add(url)
        previous = self.state.get_fetch(url)
        response = yield from self._fetch(url, previous)
        if not isinstance(response, FetchResponse):
            return
        sha = hashlib.sha256(response.content).hexdigest()
        if previous is not None and previous.error is None and previous.content_sha256 == sha:
            logger.info("%s: unchanged since the last fetch", url)
            self._record(response, sha=sha, document_id=previous.document_id)
            return
        if looks_like_feed(response.content, response.media_type):
            yield from self._read_feed(url, response, sha)
            return
        result = self._document(response, title=None, published=None)
        yield result
        self._record_outcome(response, sha, result)

    # -- feeds ---------------------------------------------------------------------------

    def _read_feed(self, feed_url: str, response: FetchResponse, sha: str) -> Iterator[ItemResult]:
        try:
            feed = parse_feed(response.content, base_url=response.final_url, where=feed_url)
        except RasidError as exc:
            self._record(response, sha=None, error=str(exc))
            yield IngestFailure(feed_url, exc)
            return
        seen = self.state.seen_feed_items(feed_url)
        retry_later = 0
        for item in feed.items:
            if item.key in seen:
                continue
            seen.add(item.key)
            if self.should_stop():
                # Not recorded: the next run reads the feed again and takes the items left.
                return
            taken = yield from self._read_item(feed_url, item)
            if taken:
                self.state.add_feed_items(feed_url, [(item.key, item.url)])
            else:
                retry_later += 1
        if retry_later:
            # No validators: the next poll reads the feed in full and retries those items.
            self._record(response, sha=None, error=f"{retry_later} item(s) to retry")
        else:
            self._record(response, sha=sha)

    def _read_item(self, feed_url: str, item: FeedItem) -> Generator[ItemResult, None, bool]:
        """Yield the item's document (or failure); returns False when it should be tried again."""
        if item.url in self.done:
            return True
        self.done.add(item.url)
        previous = self.state.get_fetch(item.url)
        response = yield from self._fetch(item.url, previous, feed_url=feed_url)
        if isinstance(response, RasidError):
            return not is_transient(response)
        if response is None:
            return True
        sha = hashlib.sha256(response.content).hexdigest()
        if previous is not None and previous.error is None and previous.content_sha256 == sha:
            self._record(response, sha=sha, document_id=previous.document_id)
            return True
        result = self._document(response, title=item.title, published=item.published)
        yield result
        self._record_outcome(response, sha, result)
        return True

    # -- fetching and recording ----------------------------------------------------------

    def _fetch(
        self, url: str, previous: FetchRecord | None, *, feed_url: str | None = None
    ) -> Generator[ItemResult, None, FetchResponse | RasidError | None]:
        """Fetch ``url``: the response; None when not modified; the error (also yielded) when it failed."""
        etag = previous.etag if previous is not None else None
        last_modified = previous.last_modified if previous is not None else None
        where = url if feed_url is None else f"{url} (item of {feed_url})"
        try:
            response = self.fetcher.fetch(url, etag=etag, last_modified=last_modified)
        except RasidError as exc:
            self.state.record_fetch(_failed(url, previous, str(exc)))
            yield IngestFailure(where, exc, url)
            return exc
        if response.not_modified:
            logger.info("%s: not modified since the last fetch", url)
            if previous is not None:
                # A 304 need not repeat the validators: keep the ones it answered to.
                self.state.record_fetch(
                    replace(
                        previous,
                        fetched_at=_now(),
                        status_code=304,
                        etag=response.etag or previous.etag,
                        last_modified=response.last_modified or previous.last_modified,
                    )
                )
            return None
        return response

    def _record_outcome(self, response: FetchResponse, sha: str, result: ItemResult) -> None:
        if isinstance(result, IngestFailure):
            self._record(response, sha=None, error=str(result.error))
        else:
            self._record(response, sha=sha, document_id=result.id)

    def _record(
        self,
        response: FetchResponse,
        *,
        sha: str | None,
        document_id: str | None = None,
        error: str | None = None,
    ) -> None:
        keep_validators = error is None
        self.state.record_fetch(
            FetchRecord(
                url=response.url,
                fetched_at=_now(),
                final_url=response.final_url,
                status_code=response.status_code,
                etag=response.etag if keep_validators else None,
                last_modified=response.last_modified if keep_validators else None,
                content_sha256=sha,
                document_id=document_id,
                error=error,
            )
        )

    # -- documents -----------------------------------------------------------------------

    def _document(self, response: FetchResponse, *, title: str | None, published: str | None) -> ItemResult:
        url = response.url
        media = response.media_type or ""
        try:
            if media.startswith(_BINARY_MEDIA) or media in _BINARY_TYPES:
                raise BinaryInputError(f"not a web page or text ({media})", where=url)
            if media == "text/plain":
                raw_text = decode_bytes(response.content, where=url, declared=response.charset)
                page_title, page_date = None, None
            else:
                declared = response.charset or find_declared_charset(response.content)
                html = decode_bytes(response.content, where=url, declared=declared)
                article = extract_article(html, where=url)
                raw_text, page_title, page_date = article.text, article.title, article.published
            return build_document(
                document_id=url,
                raw_text=raw_text,
                origin=url,
                language=self.language,
                published=self.published or page_date or published,
                url=response.final_url,
                source=urlsplit(response.final_url).hostname,
                title=page_title or title,
            )
        except RasidError as exc:
            return IngestFailure(url, exc, url)


def _failed(url: str, previous: FetchRecord | None, error: str) -> FetchRecord:
    """The state after a failed fetch: the error, with the last good validators kept."""
    return FetchRecord(
        url=url,
        fetched_at=_now(),
        final_url=previous.final_url if previous else None,
        status_code=None,
        etag=previous.etag if previous else None,
        last_modified=previous.last_modified if previous else None,
        content_sha256=previous.content_sha256 if previous else None,
        document_id=previous.document_id if previous else None,
        error=error,
    )
