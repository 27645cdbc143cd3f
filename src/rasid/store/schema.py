"""The store's tables as SQLAlchemy Core objects, and how records map onto their rows.

The tables describe the schema at the head migration and are what queries are built from
(the same code runs on SQLite and PostgreSQL). The migrations under ``migrations/versions``
create them; a test checks that the two never drift apart. An event row keeps the full v1
record as JSON plus flat columns for filtering.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.expression import FromClause

from rasid.records import Document, Event, Quantity, event_from_dict
from rasid.store.search import document_search_text, event_search_text, match_condition

# Explicit constraint names, so that later migrations (and SQLite batch mode) can address them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Events longer than this many days (or of unknown span) are read by a partial index in
# date-range queries; shorter ones by a bounded range of the time index (migration 0006).
SHORT_SPAN_DAYS = 31
LONG_EVENTS_SQL = f"time_span > {SHORT_SPAN_DAYS} OR time_span IS NULL"


# The shape of the stored event records (``record_text``). Bump it whenever the output of
# ``Event.to_dict()`` changes, so that records written before are rebuilt when served.
RECORD_FORMAT = 2  # 2: records carry "casualties" (killed and wounded under one figure)

# Date order with the id tie-break, then what the list filters check (date range, bounding
# box, type, modality, genericity, admin1): a page's ids are found in the index alone
# (migration 0007).
TIME_INDEX_COLUMNS = (
    "time_start",
    "id",
    "time_end",
    "time_span",
    "lat",
    "lon",
    "event_type",
    "modality",
    "genericity",
    "admin1",
)


# An event whose cluster is named after another event (see ``in_clusters``).
SHARED_CLUSTER_SQL = "cluster_id <> id"

# ``events.seq``: SQLite's INTEGER (64 bits), PostgreSQL's bigint.
SEQ_TYPE = BigInteger().with_variant(Integer(), "sqlite")


def long_events() -> TextClause:
    """The partial index's condition, as SQL text: the planner uses the index only for this text."""
    return text(f"({LONG_EVENTS_SQL})")


metadata = MetaData(naming_convention=NAMING_CONVENTION)

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),
    Column("text_sha256", String(64), nullable=False),
    Column("language", String(16), nullable=False),
    Column("published", String(32)),
    Column("url", Text),
    Column("source", Text),
    Column("title", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # A near-duplicate (republished copy, the same wire story elsewhere) names the document
    # it repeats, with their estimated Jaccard similarity; it is stored but not coded again.
    Column("duplicate_of", String),
    Column("similarity", Float),
    # Name/version of the component(s) that coded the document (a newer one re-codes it).
    Column("extractor", String),
    # Normalised words for full-text search (rasid.store.search; FTS5 or tsvector index).
    Column("search_text", Text),
    Index("ix_documents_text_sha256", "text_sha256", unique=True),
    Index("ix_documents_published", "published"),
    Index("ix_documents_duplicate_of", "duplicate_of"),
)

document_minhash = Table(
    "document_minhash",
    metadata,
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

# Per URL, the validators and outcome of its last fetch (conditional requests, no refetching).
fetches = Table(
    "fetches",
    metadata,
    Column("url", Text, primary_key=True),
    Column("final_url", Text),
    Column("status_code", Integer),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_sha256", String(64)),
    Column("document_id", String),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("error", Text),
)

# Every update or deletion of a stored event: action (update, delete, merge, split, correct),
# the reason, and the v1 record before and after as JSON.
changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
    Column("action", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Index("ix_changes_event_id", "event_id"),
)

# Why each event is in its cluster (rasid.store.clusters): score, reasons (JSON), method, the
# evidence embedding, and when; a cluster's age is its earliest linked_at.
cluster_links = Table(
    "cluster_links",
    metadata,
    Column("event_id", String, primary_key=True),
    Column("cluster_id", String, nullable=False),
    Column("score", Float),
    Column("reasons", Text, nullable=False),
    Column("method", String(16), nullable=False),
    Column("matched", String),
    Column("vector", LargeBinary),
    Column("encoder", String),
    Column("linked_at", DateTime(timezone=True), nullable=False),
    Index("ix_cluster_links_cluster_id", "cluster_id"),
)

# Keys for the API's write endpoints: a SHA-256 digest of the token, never the token itself.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("prefix", String(16), nullable=False),
    Column("digest", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_api_keys_digest", "digest", unique=True),
)

# The items of each feed already taken, so that a watch resumes where it stopped.
feed_items = Table(
    "feed_items",
    metadata,
    Column("feed_url", Text, primary_key=True),
    Column("item_key", Text, primary_key=True),
    Column("url", Text),
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String, primary_key=True),
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("cluster_id", String, nullable=False),
    Column("event_type", String(32), nullable=False),
    Column("sub_type", String),
    Column("modality", String(16), nullable=False),
    Column("genericity", String(16), nullable=False),
    Column("time_start", String(32)),
    Column("time_end", String(32)),
    Column("time_precision", String(16)),
    # Days from time_start to coalesce(time_end, time_start): 0 undated, NULL unknown (see
    # migration 0006); lets a date-range query read short events by a bounded index range.
    Column("time_span", Integer),
    Column("place_name", Text),
    Column("admin1", String),
    Column("admin2", String),
    Column("lat", Float),
    Column("lon", Float),
    Column("location_precision", String(16)),
    Column("fatalities_min", Integer),
    Column("fatalities_max", Integer),
    Column("injuries_min", Integer),
    Column("injuries_max", Integer),
    Column("confidence", Float),
    Column("extractor", String),
    Column("record", Text, nullable=False),
    # RECORD_FORMAT when ``record`` is compact ``Event.to_dict()`` JSON of this version, with
    # document_id and cluster_id last (served as it is); NULL for older rows (migration 0007).
    Column("record_format", Integer),
    Column("search_text", Text),
    # The order the event was stored in (``EventNumbers``): what other tables and SQLite's
    # full-text index refer to an event by, so that their index entries of new events are
    # appended, not scattered over the whole index by the digest ids (migration 0008).
    Column("seq", SEQ_TYPE),
    Index("ix_events_seq", "seq", unique=True),
    Index("ix_events_document_id", "document_id"),
    # Only events in a cluster named after another event: an event alone (or first) in its
    # cluster is found by its id (``in_clusters``). Most events are alone, and their cluster
    # ids are digests, which would put each new entry at a random place (migration 0008).
    Index(
        "ix_events_cluster_id_shared",
        "cluster_id",
        sqlite_where=text(SHARED_CLUSTER_SQL),
        postgresql_where=text(SHARED_CLUSTER_SQL),
    ),
    Index("ix_events_event_type_time_start", "event_type", "time_start"),
    # Covering indexes for the API's list pages (migration 0007).
    Index("ix_events_time_start_id", *TIME_INDEX_COLUMNS),
    Index("ix_events_time_end", "time_end"),
    Index("ix_events_admin1", "admin1"),
    Index("ix_events_admin2", "admin2"),
    Index("ix_events_lat_lon_time_start_id", "lat", "lon", "time_start", "id"),
    Index(
        "ix_events_long_time_start_id",
        *TIME_INDEX_COLUMNS,
        sqlite_where=text(LONG_EVENTS_SQL),
        postgresql_where=text(LONG_EVENTS_SQL),
    ),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String, primary_key=True),
    Column("parent_id", String),
    Column("name", Text, nullable=False),
    Column("name_ar", Text),
    Index("ix_actors_parent_id", "parent_id"),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
    Column("role", String(16), nullable=False),
    Column("actor_id", String),
    Column("name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    # The event's ``seq`` (migration 0008), which the index and the foreign key go by.
    Column("event_seq", SEQ_TYPE, ForeignKey("events.seq", ondelete="CASCADE")),
    Index("ix_event_actors_event_seq", "event_seq"),
    Index("ix_event_actors_actor_id", "actor_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("value", Text),
    Index("ix_mentions_document_id", "document_id"),
    Index("ix_mentions_kind_value", "kind", "value"),
)


def _no_nul(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; the v1 record (JSON, where it is escaped) keeps it.
    return value.replace("\x00", "") if value and "\x00" in value else value


def _date_part(value: str | None) -> str | None:
    # Filter columns hold dates only, so that "2024-03-05T10:00" still falls on 2024-03-05.
    return value[:10] if value else None


def time_span(start: str | None, end: str | None) -> int | None:
    """Days from ``start`` to ``end`` (or ``start``), 0 when undated, None when not two ISO days.

    ``start`` and ``end`` are the ``time_start``/``time_end`` filter columns (dates only).
    """
    if start is None:
        return 0
    try:
        first = date.fromisoformat(start)
        last = date.fromisoformat(end) if end is not None else first
    except ValueError:
        return None
    if len(start) != 10 or (end is not None and len(end) != 10):
        return None  # another ISO form (20240305): the migration's SQL would not read it either
    return (last - first).days


def _bounds(quantity: Quantity | None) -> tuple[int | None, int | None]:
    if quantity is None:
        return (None, None)
    if quantity.count is not None:
        return (quantity.count, quantity.count)
    return (quantity.min, quantity.max)


def _iso_date(value: str | date | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{name} must be an ISO date (YYYY-MM-DD), not {value!r}") from None


def document_row(document: Document) -> dict[str, Any]:
    """The ``documents`` row of a document, stamped with the time it is stored."""
    return {
        "id": document.id,
        "text_sha256": document.text_sha256,
        "language": document.language,
        "published": document.published,
        "url": document.url,
        "source": document.source,
        "title": document.title,
        "origin": document.origin,
        "text": document.text,
        "ingested_at": datetime.now(UTC),
        "search_text": document_search_text(document),
    }


def event_row(ev: Event, document_id: str | None, cluster_id: str | None, seq: int) -> dict[str, Any]:
    """The ``events`` row of an event stored under ``document_id`` in ``cluster_id`` as number ``seq``.

    The same row as for ``ev.with_ids(document_id=..., cluster_id=...)``, without the copy.
    """
    loc = ev.location
    fatalities = _bounds(ev.fatalities)
    injuries = _bounds(ev.injuries)
    start, end = _date_part(ev.time.start), _date_part(ev.time.end)
    return {
        "id": ev.id,
        "document_id": document_id,
        "cluster_id": cluster_id,
        "event_type": ev.event_type,
        "sub_type": _no_nul(ev.sub_type),
        "modality": ev.modality,
        "genericity": ev.genericity,
        "time_start": start,
        "time_end": end,
        "time_precision": ev.time.precision,
        "time_span": time_span(start, end),
        "place_name": _no_nul(loc.name) if loc else None,
        "admin1": _no_nul(loc.admin1) if loc else None,
        "admin2": _no_nul(loc.admin2) if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "location_precision": loc.precision if loc else None,
        "fatalities_min": fatalities[0],
        "fatalities_max": fatalities[1],
        "injuries_min": injuries[0],
        "injuries_max": injuries[1],
        "confidence": ev.confidence,
        "extractor": _no_nul(ev.extractor),
        "record": record_text(_record_with_ids(ev, document_id, cluster_id)),
        "record_format": RECORD_FORMAT,
        "search_text": event_search_text(ev),
        "seq": seq,
    }


def _record_with_ids(ev: Event, document_id: str | None, cluster_id: str | None) -> dict[str, Any]:
    record = ev.to_dict()
    # Keys already there keep their place: the record ends with these two (RECORD_FORMAT).
    record["document_id"], record["cluster_id"] = document_id, cluster_id
    return record


def event_actor_rows(ev: Event, seq: int) -> list[dict[str, Any]]:
    """The ``event_actors`` rows of an event stored as number ``seq``, one per actor mention."""
    return [
        {
            "event_id": ev.id,
            "event_seq": seq,
            "role": a.role,
            "actor_id": _no_nul(a.id),
            "name": _no_nul(a.name),
            "text": _no_nul(a.text),
            "span_start": a.span[0],
            "span_end": a.span[1],
        }
        for a in ev.actors
    ]


def event_from_row(record: str, document_id: str, cluster_id: str) -> Event:
    """An event rebuilt from its stored v1 record and its document and cluster columns."""
    # The columns win over the record: cluster ids change when later reports are merged.
    return event_from_dict(json.loads(record)).with_ids(document_id=document_id, cluster_id=cluster_id)


_RECORD_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def record_text(record: Any) -> str:
    """The stored form of an ``Event.to_dict()``: compact JSON, in ``RECORD_FORMAT``.

    Written by orjson, a sixth of the standard encoder's time per event in bulk imports; the
    same text except that very small floats are written without an exponent's padding
    (``0.00001`` for ``1e-05``) and a NaN or an infinity as ``null`` (valid JSON, where the
    standard encoder wrote ``NaN`` or ``Infinity``). What orjson refuses (integers beyond
    64 bits, lone surrogates) goes through the standard encoder, as before.
    """
    try:
        return orjson.dumps(record).decode()
    except orjson.JSONEncodeError:
        return _RECORD_ENCODER.encode(record)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An ``events`` row as read: the stored record, its document and cluster ids, its format."""

    record: str
    document_id: str
    cluster_id: str
    record_format: int | None = None

    def event(self) -> Event:
        """The event (``event_from_row``)."""
        return event_from_row(self.record, self.document_id, self.cluster_id)

    def json_text(self) -> str:
        """The JSON text of ``self.event().to_dict()``, without parsing a current record.

        A record stored in ``RECORD_FORMAT`` already is that text, ending with the document
        and cluster ids; only a cluster id changed by a later merge is put in. Older records
        are rebuilt. (``,"document_id":`` cannot occur inside a JSON string: its quotes are
        escaped.)
        """
        if self.record_format == RECORD_FORMAT:
            cut = self.record.rfind(',"document_id":')
            if cut > 0:
                ids = record_text({"document_id": self.document_id, "cluster_id": self.cluster_id})
                return f"{self.record[:cut]},{ids[1:]}"
        return record_text(self.event().to_dict())


BBox = tuple[float, float, float, float]


def check_bbox(bbox: Sequence[float]) -> BBox:
    """A bounding box ``(west, south, east, north)`` in degrees, checked; raises ``ValueError``."""
    if len(bbox) != 4:
        raise ValueError(f"a bounding box is 4 numbers west,south,east,north, not {len(bbox)}")
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise ValueError(f"a bounding box holds numbers, not {list(bbox)!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError("a bounding box holds finite numbers")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(
            f"bounding box {west},{south},{east},{north} must satisfy "
            "-180 <= west <= east <= 180 and -90 <= south <= north <= 90"
        )
    return (west, south, east, north)


def _actor_condition(actor: str) -> ColumnElement[bool]:
    """Events with an actor whose id is ``actor`` or a finer id under it (``IRN_MIL.FATEMIYOUN``)."""
    prefix = actor + "."
    # substr rather than LIKE: LIKE treats "_" (in every actor id) as a wildcard and its case
    # sensitivity differs between SQLite and PostgreSQL.
    match = or_(
        event_actors.c.actor_id == actor,
        func.substr(event_actors.c.actor_id, 1, len(prefix)) == prefix,
    )
    return exists(select(event_actors.c.id).where(event_actors.c.event_seq == events.c.seq, match))


def shared_cluster(table: FromClause | None = None) -> ColumnElement[bool]:
    """Events (of ``table``, an alias of ``events``) whose cluster is named after another event.

    The condition of the partial index ``ix_events_cluster_id_shared``, written so that the
    planner sees it is (``SHARED_CLUSTER_SQL``).
    """
    table = events if table is None else table
    return table.c.cluster_id != table.c.id


def in_clusters(cluster_ids: str | Sequence[str]) -> ColumnElement[bool]:
    """Events whose ``cluster_id`` is ``cluster_ids`` (one id, or any of several).

    The same rows as ``events.c.cluster_id == ...``, asked so that the planner reads an event
    named like its cluster by its id and the others by the partial cluster index: two
    lookups by index for each cluster, never a scan.
    """
    wanted = [cluster_ids] if isinstance(cluster_ids, str) else list(cluster_ids)
    return or_(
        and_(events.c.id.in_(wanted), events.c.cluster_id.in_(wanted)),
        and_(events.c.cluster_id.in_(wanted), shared_cluster()),
    )


def event_conditions(
    *,
    event_type: str | None = None,
    actor: str | None = None,
    admin1: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    document_id: str | None = None,
    cluster_id: str | None = None,
    admin2: str | None = None,
    modality: str | None = None,
    genericity: str | None = None,
    bbox: BBox | None = None,
    q: str | None = None,
    dialect: str = "sqlite",
) -> list[ColumnElement[bool]]:
    """The WHERE conditions on ``events`` for the shared event filters (see ``Store.query_events``).

    ``dialect`` (the engine's) picks how the full-text filter ``q`` is asked. Raises
    ``ValueError`` for a malformed date, bounding box or search query.
    """
    conditions: list[ColumnElement[bool]] = []
    if admin2 is not None:
        conditions.append(func.lower(events.c.admin2) == admin2.strip().lower())
    if modality is not None:
        conditions.append(events.c.modality == modality)
    if genericity is not None:
        conditions.append(events.c.genericity == genericity)
    if bbox is not None:
        west, south, east, north = check_bbox(bbox)
        conditions.append(events.c.lat.between(south, north))
        conditions.append(events.c.lon.between(west, east))
    if q is not None:
        conditions.append(match_condition(events, q, dialect=dialect))
    if event_type is not None:
        conditions.append(events.c.event_type == event_type)
    if actor is not None:
        conditions.append(_actor_condition(actor))
    if admin1 is not None:
        conditions.append(func.lower(events.c.admin1) == admin1.strip().lower())
    if document_id is not None:
        conditions.append(events.c.document_id == document_id)
    if cluster_id is not None:
        conditions.append(in_clusters(cluster_id))
    since_day = _iso_date(since, "since")
    until_day = _iso_date(until, "until")
    # Overlap of the event's [start, end] with [since, until]; an undated event overlaps nothing.
    if since_day is not None:
        conditions.append(func.coalesce(events.c.time_end, events.c.time_start) >= since_day)
    if until_day is not None:
        conditions.append(func.coalesce(events.c.time_start, events.c.time_end) <= until_day)
    return conditions
