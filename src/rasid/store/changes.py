"""The change log of stored events: what re-coding a document changed, and the records of it.

Event ids are derived from content (document text hash, evidence span, trigger, type), so
coding the same text again gives the same ids; when a newer extractor codes it differently,
the store updates the events that kept their id, deletes those that are gone, adds the new
ones, and writes one ``changes`` row per update or deletion, with the reason and the v1
record before and after. Pure functions here; ``rasid.store.db`` does the writing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from rasid.records import Event
from rasid.store.schema import changes, events

# Fields that the store, not the extractor, owns: a merge may have changed a cluster id.
_STORE_FIELDS = ("document_id", "cluster_id")


@dataclass(frozen=True, slots=True)
class EventChange:
    """One row of the change log: an update or deletion of a stored event, and why."""

    id: int
    event_id: str
    action: str  # update, delete (merge, split and correct are reserved for later tools)
    reason: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed_at: str  # ISO 8601, UTC

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the change."""
        return {
            "id": self.id,
            "event_id": self.event_id,
            "action": self.action,
            "reason": self.reason,
            "before": self.before,
            "after": self.after,
            "changed_at": self.changed_at,
        }


@dataclass(frozen=True, slots=True)
class EventDiff:
    """How a document's newly coded events differ from its stored ones (ids in each list)."""

    updated: tuple[str, ...]
    deleted: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """True when the new coding equals the stored one."""
        return not (self.updated or self.deleted or self.added)


def comparable(record: Mapping[str, Any]) -> dict[str, Any]:
    """A v1 record without the fields the store owns, for comparing two codings."""
    return {k: v for k, v in record.items() if k not in _STORE_FIELDS}


def diff_events(stored: Mapping[str, Mapping[str, Any]], coded: Iterable[Event]) -> EventDiff:
    """Compare stored records (event id -> v1 record) with newly coded events."""
    new = {event.id: comparable(event.to_dict()) for event in coded}
    # Round-trip through JSON so that tuples and lists compare alike.
    new = {k: json.loads(json.dumps(v)) for k, v in new.items()}
    updated = tuple(i for i in new if i in stored and comparable(stored[i]) != new[i])
    deleted = tuple(i for i in stored if i not in new)
    added = tuple(i for i in new if i not in stored)
    return EventDiff(updated=updated, deleted=deleted, added=added)


def extractor_of(events: Iterable[Event]) -> str | None:
    """The extractor name/version of a coding (several joined with ``,``), or None when unknown."""
    # NUL cannot be stored in PostgreSQL text.
    names = sorted({e.extractor.replace("\x00", "") for e in events if e.extractor})
    return ",".join(names) if names else None


def recode_reason(before: str | None, after: str | None) -> str:
    """The change-log reason of a re-coding: ``re-coded by rasid.rules/0.1 → rasid.rules/0.2``."""
    old = before or "an unknown extractor"
    new = after or "an unknown extractor"
    if old == new:
        return f"re-coded by {new} (same version: data files or settings changed)"
    return f"re-coded by {old} → {new}"


def stored_records(connection: Connection, document_id: str) -> dict[str, dict[str, Any]]:
    """The stored v1 records of a document's events, by event id."""
    query = select(events.c.id, events.c.record).where(events.c.document_id == document_id)
    return {row.id: json.loads(row.record) for row in connection.execute(query)}


def log_changes(
    connection: Connection,
    action: str,
    reason: str,
    pairs: Iterable[tuple[str, Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> int:
    """Write one ``changes`` row per ``(event_id, before, after)``; returns how many."""
    now = datetime.now(UTC)
    rows = [
        {
            "event_id": event_id,
            "action": action,
            "reason": reason,
            "before": None if before is None else json.dumps(before, ensure_ascii=False),
            "after": None if after is None else json.dumps(after, ensure_ascii=False),
            "changed_at": now,
        }
        for event_id, before, after in pairs
    ]
    if rows:
        connection.execute(insert(changes), rows)
    return len(rows)


def read_changes(
    connection: Connection,
    *,
    event_id: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[EventChange]:
    """Change-log rows, oldest first, for one event or all, optionally from ``since`` on."""
    query = select(changes).order_by(changes.c.id)
    if event_id is not None:
        query = query.where(changes.c.event_id == event_id)
    if since is not None:
        query = query.where(changes.c.changed_at >= since)
    if limit is not None:
        query = query.limit(limit)
    return [
        EventChange(
            id=int(row.id),
            event_id=row.event_id,
            action=row.action,
            reason=row.reason,
            before=None if row.before is None else json.loads(row.before),
            after=None if row.after is None else json.loads(row.after),
            changed_at=(row.changed_at if row.changed_at.tzinfo else row.changed_at.replace(tzinfo=UTC))
            .astimezone(UTC)
            .isoformat(),
        )
        for row in connection.execute(query)
    ]
