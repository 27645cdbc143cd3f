"""The orchestrator: sources -> documents -> events -> store, one call per stage.

ingest.iter_documents      files, folders, archives, stdin  -> Document (clean text)
ingest.near_duplicates     a republished copy is linked to its original, not coded again
extract.extract_events     triggers, actors, roles, places (geo), times (resolve) -> Event
store.Store.save_result    one transaction per document, idempotent
store.clusters             its events join the clusters of the same incidents (resolve.dedup)
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rasid.errors import RasidError
from rasid.extract.events import CODED_LANGUAGES, coder_version, extract_events
from rasid.ingest import DEFAULT_MAX_BYTES, IngestFailure, iter_documents
from rasid.ingest.fetch import Fetcher
from rasid.ingest.near_duplicates import DEFAULT_THRESHOLD, NearDuplicateIndex, minhash_of, signature_bytes
from rasid.records import Document, Event, ExtractionResult, Mention
from rasid.store import Store
from rasid.store.clusters import cluster_document
from rasid.store.db import SaveStatus

log = logging.getLogger(__name__)

Extractor = Callable[[Document], list[Event]]


@dataclass(slots=True)
class RunSummary:
    """What one run did: counts per outcome and the failures with their messages.

    ``read`` counts documents (failures are not documents); every document ends in exactly
    one of ``stored``, ``updated``, ``unchanged``, ``duplicates`` (same text under another
    id: skipped), ``near_duplicates`` (stored, linked to its original, not coded) or a
    failure. ``not_coded`` counts the stored documents in languages rasid does not code,
    by language in ``not_coded_languages``; ``failure_codes`` counts failures by error code.
    """

    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    not_coded: int = 0  # stored, but in a language rasid does not code yet
    events: int = 0
    failures: list[str] = field(default_factory=list)
    failure_codes: Counter[str] = field(default_factory=Counter)
    not_coded_languages: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    unreadable: int = 0  # inputs that could not become documents (also in failures)

    @property
    def processed(self) -> int:
        """Documents and unreadable inputs handled so far (what a progress bar counts)."""
        return self.read + self.unreadable

    @property
    def seconds(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started

    def fail(self, message: str, code: str, *, document: bool) -> None:
        """Record a failure: its message for the user and its code for the counts."""
        self.failures.append(message)
        self.failure_codes[code] += 1
        if not document:
            self.unreadable += 1


def code_document(document: Document, *, extractor: Extractor = extract_events) -> ExtractionResult:
    """Extract the events of one document; an extractor error becomes the result's ``error``."""
    try:
        events = tuple(extractor(document))
    except RasidError as exc:
        return ExtractionResult(document, (), str(exc))
    return ExtractionResult(document, events)


def code_documents(
    items: Iterable[Document | IngestFailure], *, extractor: Extractor = extract_events
) -> Iterator[ExtractionResult | IngestFailure]:
    """Code a stream of documents; ingest failures pass through unchanged, in order."""
    for item in items:
        if isinstance(item, IngestFailure):
            yield item
        else:
            yield code_document(item, extractor=extractor)


def run_sources(
    sources: Sequence[str],
    *,
    store: Store,
    max_bytes: int | None = None,
    progress: Callable[[RunSummary], None] | None = None,
    allow_private: bool = False,
    fetcher: Fetcher | None = None,
    should_stop: Callable[[], bool] | None = None,
    near_duplicate_threshold: float | None = DEFAULT_THRESHOLD,
) -> RunSummary:
    """Ingest, code and store every document of ``sources``; bad inputs are counted, never fatal.

    URL sources are fetched with ``fetcher`` (else one made with ``allow_private``); the
    store keeps their validators and the feed items taken. When ``should_stop`` returns
    true the run ends after the document in hand is stored. A document already stored
    with the same text is not coded again; one whose estimated Jaccard similarity to a
    stored original reaches ``near_duplicate_threshold`` (None: no near-duplicate search)
    is stored as its near-duplicate and not coded. ``progress`` is called with the
    summary after each document or failure.
    """
    summary = RunSummary()
    index: NearDuplicateIndex | None = None
    if near_duplicate_threshold is not None:
        index = NearDuplicateIndex(threshold=near_duplicate_threshold)
        index.add_stored(store.load_minhashes())
    documents = iter_documents(
        sources,
        max_bytes=max_bytes or DEFAULT_MAX_BYTES,
        allow_private=allow_private,
        fetcher=fetcher,
        state=store,
        should_stop=should_stop,
    )
    for item in documents:
        if isinstance(item, IngestFailure):
            summary.fail(
                f"{item.where}: {item.error.message} [{item.error.code}]", item.error.code, document=False
            )
        else:
            summary.read += 1
            try:
                store_document(item, store=store, index=index, summary=summary)
            except RasidError as exc:
                summary.fail(f"{item.origin or item.id}: {exc}", exc.code, document=True)
        if progress is not None:
            progress(summary)
    return summary


def store_document(
    document: Document,
    *,
    store: Store,
    index: NearDuplicateIndex | None = None,
    summary: RunSummary,
    extractor: Extractor = extract_events,
) -> None:
    """Store one document: skipped when unchanged, linked when a near-duplicate, else coded.

    Reads the store (its text hash, the near-duplicate index) and adds to ``summary``; the
    document, its events, mentions and signature are written in one transaction, and the
    index learns an original only after that transaction committed. Raises ``RasidError``
    when the store refuses the document.
    """
    coder = coder_version() if extractor is extract_events else None
    if coder is not None and store.is_current(document, extractor=coder):
        summary.unchanged += 1
        # A run killed between storing a document and clustering it left its events alone:
        # they join their clusters now (a no-op when they already have).
        cluster_document(store, document.id)
        return
    if coder is None and store.stored_sha256(document.id) == document.text_sha256:
        summary.unchanged += 1
        return
    signature = minhash_of(document.text, num_perm=index.num_perm) if index is not None else None
    match = (
        index.find(signature, exclude=document.id) if index is not None and signature is not None else None
    )
    if match is not None:
        outcome = store.save_result(
            ExtractionResult(document, ()), duplicate_of=match.original_id, similarity=match.similarity
        )
        if outcome.status is SaveStatus.NEAR_DUPLICATE:
            if index is not None:
                index.remove(document.id)
            log.info("%s: near-duplicate of %s (%.2f)", document.id, match.original_id, match.similarity)
        _count(summary, outcome.status.value, ExtractionResult(document, ()))
        return
    result = code_document(document, extractor=extractor)
    if result.error:
        summary.fail(f"{document.origin or document.id}: {result.error}", "coding", document=True)
        return
    minhash = (signature.hashvalues.size, signature_bytes(signature)) if signature is not None else None
    outcome = store.save_result(result, mentions=mentions_of(result.events), minhash=minhash, extractor=coder)
    if result.events and outcome.status in (SaveStatus.STORED, SaveStatus.UPDATED, SaveStatus.RECODED):
        cluster_document(store, document.id)
    if index is not None and outcome.status in (SaveStatus.STORED, SaveStatus.UPDATED):
        if signature is not None:
            index.add(document.id, signature)
        else:
            index.remove(document.id)
    _count(summary, outcome.status.value, result)


def mentions_of(events: Iterable[Event]) -> list[Mention]:
    """The actor, place and time mentions behind a document's events, each once."""
    found: dict[tuple[str, int, int], Mention] = {}
    for event in events:
        for actor in event.actors:
            found.setdefault(("actor", *actor.span), Mention("actor", actor.text, actor.span, actor.id))
        place = event.location
        if place is not None and place.span is not None and place.text:
            found.setdefault(
                ("place", *place.span), Mention("place", place.text, place.span, place.key or place.name)
            )
        time = event.time
        if time.span is not None and time.text:
            value = f"{time.start}/{time.end}" if time.start else None
            found.setdefault(("time", *time.span), Mention("time", time.text, time.span, value))
    return sorted(found.values(), key=lambda m: (m.span, m.kind))


def _count(summary: RunSummary, outcome: str, result: ExtractionResult) -> None:
    if outcome == "stored":
        summary.stored += 1
    elif outcome in ("updated", "recoded"):
        summary.updated += 1  # new text, or the same text coded by a newer extractor
    elif outcome == "unchanged":
        summary.unchanged += 1
        return
    elif outcome == "duplicate":
        summary.duplicates += 1
        return
    elif outcome == "near_duplicate":
        summary.near_duplicates += 1
        return
    summary.events += len(result.events)
    if result.document.language not in CODED_LANGUAGES:
        summary.not_coded += 1
        summary.not_coded_languages[result.document.language] += 1
