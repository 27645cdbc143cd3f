"""The API's read queries: event pages with keyset cursors, documents, and counts for ``/stats``.

Filters come from the store (``rasid.store.schema.event_conditions``: type, actor with
roll-up, admin1, date overlap); the filters it does not offer yet (admin2, bounding box,
modality, genericity, text ``q``) are added here as SQLAlchemy Core conditions. Every value
reaches the database as a bound parameter, never as SQL text.

Pages are keyset pages: a cursor names the last row seen (its sort key), so that rows
inserted while a client walks the pages are neither repeated nor make it skip others.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.engine import Connection

from rasid.records import Document, Event
from rasid.store import Store
from rasid.store.schema import (
    SHORT_SPAN_DAYS,
    StoredEvent,
    documents,
    event_actors,
    event_conditions,
    events,
    in_clusters,
    long_events,
)
from rasid.store.search import match_condition, search_words

SortKey = Literal["time", "-time", "id", "-id"]
SORTS: tuple[str, ...] = ("time", "-time", "id", "-id")
Interval = Literal["day", "week", "month"]
StatsDimension = Literal["type", "actor", "admin1"]


class BadQueryError(ValueError):
    """A query the client got wrong (a malformed cursor or bounding box): answered with 400."""


@dataclass(frozen=True, slots=True)
class BBox:
    """A bounding box in degrees: west, south, east, north (west > east crosses the antimeridian)."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Every filter of ``GET /events`` (and ``/stats``); None means "not filtered"."""

    event_type: str | None = None
    actor: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    bbox: BBox | None = None
    since: date | None = None
    until: date | None = None
    modality: str | None = None
    genericity: str | None = None
    q: str | None = None


@dataclass(slots=True)
class Page:
    """One page of results and the cursor of the next page (None on the last page)."""

    items: list[Any] = field(default_factory=list)
    next_cursor: str | None = None


def parse_bbox(text: str) -> BBox:
    """``W,S,E,N`` in decimal degrees -> ``BBox``; raises ``BadQueryError`` with the reason."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise BadQueryError(f"bbox must be four numbers W,S,E,N, not {text!r}")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise BadQueryError(f"bbox must be four numbers W,S,E,N, not {text!r}") from None
    if not all(-180.0 <= v <= 180.0 for v in (west, east)):
        raise BadQueryError("bbox longitudes must lie between -180 and 180")
    if not all(-90.0 <= v <= 90.0 for v in (south, north)):
        raise BadQueryError("bbox latitudes must lie between -90 and 90")
    if south > north:
        raise BadQueryError("bbox south edge is north of its north edge")
    return BBox(west, south, east, north)


def encode_cursor(state: dict[str, Any]) -> str:
    """An opaque cursor for ``state`` (URL-safe base64 of compact JSON)."""
    raw = json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, *, kind: str) -> dict[str, Any]:
    """The state inside a cursor made by ``encode_cursor`` for ``kind``; ``BadQueryError`` otherwise."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        state = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadQueryError("cursor is not one this API gave out") from None
    if not isinstance(state, dict) or state.get("k") != kind:
        raise BadQueryError("cursor is not one this API gave out for this list")
    return state


def search_query(q: str | None) -> str | None:
    """The full-text query to run: None when blank; a ``BadQueryError`` when it holds no word."""
    if q is None or not q.strip():
        return None
    if not search_words(q):
        raise BadQueryError("q holds no words to search for")
    return q


def _extra_conditions(filters: EventFilters, *, dialect: str, wide_box: bool) -> list[ColumnElement[bool]]:
    """Conditions for the filters that ``event_conditions`` of the store does not take."""
    conditions: list[ColumnElement[bool]] = []
    if filters.admin2 is not None:
        conditions.append(func.lower(events.c.admin2) == filters.admin2.strip().lower())
    if filters.modality is not None:
        conditions.append(events.c.modality == filters.modality)
    if filters.genericity is not None:
        conditions.append(events.c.genericity == filters.genericity)
    if filters.bbox is not None:
        box = _box_conditions(filters.bbox)
        if wide_box and dialect == "sqlite":
            # Most events are inside (see _box_hint): no reason to read them by the box's index.
            box = [func.likelihood(condition, literal_column("0.9")) for condition in box]
        conditions.extend(box)
    q = search_query(filters.q)
    if q is not None:
        # The store's full-text index over normalised text (FTS5 / tsvector): دير الزور also
        # finds ديرالزور and دَيْر الزُّور.
        conditions.append(match_condition(events, q, dialect=dialect))
    return conditions


def _box_conditions(box: BBox, lat: Any = events.c.lat, lon: Any = events.c.lon) -> list[ColumnElement[bool]]:
    """Rows whose ``lat`` and ``lon`` (by default the event's) lie inside ``box``."""
    longitude = (
        lon.between(box.west, box.east) if box.west <= box.east else or_(lon >= box.west, lon <= box.east)
    )
    return [lat.between(box.south, box.north), longitude]


def filter_conditions(
    filters: EventFilters, *, dialect: str = "sqlite", wide_box: bool = False
) -> list[ColumnElement[bool]]:
    """All WHERE conditions on ``events`` for ``filters`` (``dialect``: the store's database).

    ``wide_box``: the bounding box holds many events (``_box_hint``), a hint for SQLite's planner.
    """
    shared = event_conditions(
        event_type=filters.event_type,
        actor=filters.actor,
        admin1=filters.admin1,
        since=filters.since,
        until=filters.until,
    )
    return [*shared, *_extra_conditions(filters, dialect=dialect, wide_box=wide_box)]


def count_events(store: Store, filters: EventFilters) -> int:
    """How many stored events match ``filters``."""
    conditions = filter_conditions(filters, dialect=store.engine.dialect.name)
    query = select(func.count()).select_from(events).where(*conditions)
    with store.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _event_select(conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    # Only the sort keys: the covering indexes of migration 0007 answer this without table
    # reads; the records of the page's ids are read afterwards (``_records``).
    return select(events.c.id, events.c.time_start).where(*conditions)


def _records(connection: Connection, ids: Sequence[str]) -> dict[str, StoredEvent]:
    """The stored record, document id, cluster id and record format of each of ``ids``."""
    if not ids:
        return {}
    columns = (events.c.record, events.c.document_id, events.c.cluster_id, events.c.record_format)
    query = select(events.c.id, *columns).where(events.c.id.in_(ids))
    return {row.id: StoredEvent(*row[1:]) for row in connection.execute(query)}


# The newest dated events that a bounding box is tried on, and the share of them it must
# hold to be read in date order (see _box_hint).
BOX_SAMPLE_EVENTS = 1_000
WIDE_BOX_SHARE = 0.01


def _box_hint(connection: Connection, box: BBox | None) -> bool:
    """SQLite: whether the bounding box holds many events, judged on a sample (for the planner).

    SQLite's planner cannot see that a box over a governorate holds a tenth of all events:
    it reads every one of them by the box's index and sorts them (hundreds of milliseconds
    at a million events), where a walk in date order finds a page after a few hundred. For
    a small box it is the other way round. The newest ``BOX_SAMPLE_EVENTS`` events, read
    from the date index alone, tell which; a wrong guess only costs time, never rows.
    """
    if box is None or connection.dialect.name != "sqlite":
        return False
    sample = (
        select(events.c.lat, events.c.lon)
        .where(events.c.time_start.is_not(None))
        .order_by(events.c.time_start.desc(), events.c.id.desc())
        .limit(BOX_SAMPLE_EVENTS)
        .subquery()
    )
    inside = and_(*_box_conditions(box, sample.c.lat, sample.c.lon))
    counted = select(func.count(), func.count(case((inside, 1))))
    sampled, found = connection.execute(counted.select_from(sample)).one()
    return bool(sampled and found >= sampled * WIDE_BOX_SHARE)


def _keyset(column: Any, value: Any, last_id: str, *, descending: bool) -> ColumnElement[bool]:
    pair, bound = tuple_(column, events.c.id), tuple_(literal(value), literal(last_id))
    return pair < bound if descending else pair > bound


def _dated_rows(
    connection: Connection, query: Select[Any], filters: EventFilters, *, descending: bool, limit: int
) -> Sequence[Any]:
    """The first ``limit`` rows of ``query`` (dated events) by time, then id, read index-friendly.

    With ``since``, the overlap condition (``coalesce(time_end, time_start) >= since``) cannot
    use an index, so the rows are read in two parts whose union is exactly the same: events
    at most ``SHORT_SPAN_DAYS`` long, which start no earlier than that before ``since`` (a
    bounded, ordered range of the time index), and the longer or unknown ones (few).
    """

    def ordered(time: Any, event_id: Any) -> tuple[Any, Any]:
        return (time.desc(), event_id.desc()) if descending else (time.asc(), event_id.asc())

    if filters.since is None:
        order = ordered(events.c.time_start, events.c.id)
        return connection.execute(query.order_by(*order).limit(limit)).all()
    earliest = (filters.since - timedelta(days=SHORT_SPAN_DAYS)).isoformat()
    short = query.where(events.c.time_span <= SHORT_SPAN_DAYS, events.c.time_start >= earliest)
    long = query.where(long_events())
    parts = [
        part.order_by(*ordered(events.c.time_start, events.c.id)).limit(limit).subquery()
        for part in (short, long)
    ]
    both = union_all(*(select(part) for part in parts)).subquery()
    return connection.execute(
        select(both).order_by(*ordered(both.c.time_start, both.c.id)).limit(limit)
    ).all()


def query_event_page(
    store: Store, filters: EventFilters, *, sort: str, limit: int, cursor: str | None
) -> Page:
    """One page of events (``StoredEvent`` rows) matching ``filters``, in ``sort`` order, after ``cursor``.

    ``time`` sorts oldest first and ``-time`` newest first, undated events last (then by
    id); ``id`` and ``-id`` sort by event id. Dated and undated events are read in two
    index-friendly phases, and the cursor remembers which phase it is in.
    """
    if sort not in SORTS:
        raise BadQueryError(f"sort must be one of {', '.join(SORTS)}")
    descending = sort.startswith("-")
    state = decode_cursor(cursor, kind="events") if cursor else None
    if state is not None and state.get("s") != sort:
        raise BadQueryError("cursor was made for another sort order: start again without a cursor")
    phases = ["d", "u"] if sort.endswith("time") else ["i"]
    start = 0
    if state is not None:
        phase = state.get("p")
        if phase not in phases or not isinstance(state.get("i"), str):
            raise BadQueryError("cursor is not one this API gave out")
        if phase == "d" and not isinstance(state.get("t"), str):
            raise BadQueryError("cursor is not one this API gave out")
        start = phases.index(phase)
    rows: list[tuple[str, Any]] = []
    with store.engine.connect() as connection:
        wide_box = _box_hint(connection, filters.bbox)
        conditions = filter_conditions(filters, dialect=store.engine.dialect.name, wide_box=wide_box)
        for number, phase in enumerate(phases[start:]):
            query = _event_select(conditions)
            resume = state if number == 0 else None
            wanted = limit + 1 - len(rows)
            if phase == "d":
                query = query.where(events.c.time_start.is_not(None))
                if filters.until is not None:
                    # Implied by the overlap condition for dated events, but usable by the time index.
                    query = query.where(events.c.time_start <= filters.until.isoformat())
                if resume is not None:
                    query = query.where(
                        _keyset(events.c.time_start, resume.get("t"), resume["i"], descending=descending)
                    )
                found = _dated_rows(connection, query, filters, descending=descending, limit=wanted)
            else:
                if phase == "u":
                    query = query.where(events.c.time_start.is_(None))
                query = query.order_by(events.c.id.desc() if descending else events.c.id.asc())
                if resume is not None:
                    bound = resume["i"]
                    query = query.where(events.c.id < bound if descending else events.c.id > bound)
                found = connection.execute(query.limit(wanted)).all()
            rows.extend((phase, row) for row in found)
            if len(rows) > limit:
                break
        stored = _records(connection, [row.id for _, row in rows[:limit]])
    # Skipped: an event deleted between the two reads (PostgreSQL reads committed rows).
    page = Page(items=[stored[r.id] for _, r in rows[:limit] if r.id in stored])
    if len(rows) > limit:
        phase, last = rows[limit - 1]
        page.next_cursor = encode_cursor(
            {"k": "events", "s": sort, "p": phase, "t": last.time_start, "i": last.id}
        )
    return page


@dataclass(frozen=True, slots=True)
class DocumentFilters:
    """Filters of ``GET /documents``: language, outlet, publication dates (ISO days)."""

    language: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None


def query_document_page(store: Store, filters: DocumentFilters, *, limit: int, cursor: str | None) -> Page:
    """One page of stored documents (without their text), ordered by id, after ``cursor``."""
    conditions: list[ColumnElement[bool]] = []
    if filters.language is not None:
        conditions.append(documents.c.language == filters.language)
    if filters.source is not None:
        conditions.append(func.lower(documents.c.source) == filters.source.strip().lower())
    if filters.since is not None:
        conditions.append(func.substr(documents.c.published, 1, 10) >= filters.since.isoformat())
    if filters.until is not None:
        conditions.append(func.substr(documents.c.published, 1, 10) <= filters.until.isoformat())
    if cursor:
        state = decode_cursor(cursor, kind="documents")
        if not isinstance(state.get("i"), str):
            raise BadQueryError("cursor is not one this API gave out")
        conditions.append(documents.c.id > state["i"])
    query = (
        select(
            documents.c.id,
            documents.c.text,
            documents.c.language,
            documents.c.published,
            documents.c.url,
            documents.c.source,
            documents.c.title,
        )
        .where(*conditions)
        .order_by(documents.c.id)
        .limit(limit + 1)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    page = Page(
        items=[
            Document(
                id=r.id,
                text=r.text,
                language=r.language,
                published=r.published,
                url=r.url,
                source=r.source,
                title=r.title,
            )
            for r in rows[:limit]
        ]
    )
    if len(rows) > limit:
        page.next_cursor = encode_cursor({"k": "documents", "i": rows[limit - 1].id})
    return page


def cluster_document_ids(store: Store, event: Event) -> list[str]:
    """The ids of the documents behind an event: its own, then those of its cluster's other events."""
    found = [event.document_id] if event.document_id else []
    if event.cluster_id:
        query = (
            select(events.c.document_id)
            .where(in_clusters(event.cluster_id))
            .distinct()
            .order_by(events.c.document_id)
        )
        with store.engine.connect() as connection:
            found.extend(connection.execute(query).scalars())
    return list(dict.fromkeys(found))


def _week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _period(day: str | None, interval: str) -> str | None:
    if not day:
        return None
    if interval == "day":
        return day
    if interval == "month":
        return day[:7]
    try:
        return _week(day)
    except ValueError:
        return None


def _top_level_expression(column: Any, top_ids: Sequence[str]) -> Any:
    """SQL for the top-level id of an actor id ``column`` among ``top_ids`` (portable, bound values)."""
    whens = [
        (or_(column == top, func.substr(column, 1, len(top) + 1) == top + "."), literal(top))
        for top in top_ids
    ]
    return case(*whens, else_=column) if whens else column


def query_stats(
    store: Store,
    filters: EventFilters,
    *,
    interval: str,
    by: Sequence[str],
    top_actor_ids: Sequence[str],
) -> list[dict[str, Any]]:
    """Event counts per period (``day``, ``week``, ``month``) and per each dimension in ``by``.

    Dimensions: ``type`` (event type), ``admin1`` and ``actor`` (the top-level ids of the
    event's ``actor1`` actors; an event counts once under each, events without one under
    null). Undated events count under a null period. Rows are ordered by period, then by
    the dimensions.
    """
    day = func.substr(events.c.time_start, 1, 10).label("day")
    columns: list[Any] = [day]
    if "type" in by:
        columns.append(events.c.event_type.label("event_type"))
    if "admin1" in by:
        columns.append(events.c.admin1.label("admin1"))
    conditions = filter_conditions(filters, dialect=store.engine.dialect.name)
    if "actor" in by:
        # An alias, so that the actor filter's own subquery on event_actors stays correlated to events.
        actor1 = event_actors.alias("actor1")
        top = _top_level_expression(actor1.c.actor_id, top_actor_ids).label("actor")
        joined = events.outerjoin(
            actor1,
            and_(
                actor1.c.event_seq == events.c.seq,
                actor1.c.role == "actor1",
                actor1.c.actor_id.is_not(None),
            ),
        )
        query = (
            select(*columns, top, func.count(events.c.id.distinct()).label("n"))
            .select_from(joined)
            .where(*conditions)
            .group_by(*columns, top)
        )
    else:
        query = select(*columns, func.count().label("n")).where(*conditions).group_by(*columns)
    counts: Counter[tuple[Any, ...]] = Counter()
    with store.engine.connect() as connection:
        for found in connection.execute(query):
            mapping = found._mapping
            key = (
                _period(mapping["day"], interval),
                mapping.get("event_type"),
                mapping.get("actor"),
                mapping.get("admin1"),
            )
            counts[key] += int(mapping["n"])
    out: list[dict[str, Any]] = []
    for (period, event_type, actor, admin1), n in sorted(counts.items(), key=lambda item: _sort_key(item[0])):
        row: dict[str, Any] = {"period": period}
        if "type" in by:
            row["event_type"] = event_type
        if "actor" in by:
            row["actor"] = actor
        if "admin1" in by:
            row["admin1"] = admin1
        row["count"] = n
        out.append(row)
    return out


def _sort_key(key: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    # None sorts last in every position.
    return tuple((value is None, "" if value is None else str(value)) for value in key)
