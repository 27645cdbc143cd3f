"""The orchestrator: sources -> documents -> events -> store, one call per stage.

ingest.iter_documents      files, folders, archives, stdin  -> Document (clean text)
extract.extract_events     triggers, actors, roles, places (geo), times (resolve) -> Event
store.Store.save_result    one transaction per document, idempotent
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rasid.errors import RasidError
from rasid.extract.events import CODED_LANGUAGES, extract_events
from rasid.ingest import DEFAULT_MAX_BYTES, IngestFailure, iter_documents
from rasid.records import Document, Event, ExtractionResult, Mention
from rasid.store import Store

log = logging.getLogger(__name__)

Extractor = Callable[[Document], list[Event]]


@dataclass(slots=True)
class RunSummary:
    """What one run did: counts per outcome and the failures with their messages."""

    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    not_coded: int = 0  # stored, but in a language rasid does not code yet
    events: int = 0
    failures: list[str] = field(default_factory=list)


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
    progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Ingest, code and store every document of ``sources``; bad inputs are counted, never fatal."""
    summary = RunSummary()
    documents = iter_documents(sources, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    for item in code_documents(documents):
        if progress is not None:
            progress(1)
        if isinstance(item, IngestFailure):
            summary.failures.append(f"{item.where}: {item.error.message} [{item.error.code}]")
            continue
        summary.read += 1
        if item.error:
            summary.failures.append(f"{item.document.origin or item.document.id}: {item.error}")
            continue
        try:
            outcome = store.save_result(item, mentions=mentions_of(item.events))
        except RasidError as exc:
            summary.failures.append(f"{item.document.origin or item.document.id}: {exc}")
            continue
        _count(summary, outcome.status.value, item)
    return summary


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
    elif outcome == "updated":
        summary.updated += 1
    elif outcome == "unchanged":
        summary.unchanged += 1
        return
    elif outcome == "duplicate":
        summary.duplicates += 1
        return
    summary.events += len(result.events)
    if result.document.language not in CODED_LANGUAGES:
        summary.not_coded += 1
