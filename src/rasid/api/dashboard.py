"""The dashboard's own read endpoints: compact event rows, labels, and an event's related reports.

    GET /dashboard/events              every matching event as one compact row (map, timeline, list)
    GET /dashboard/meta                labels: actors, governorates (Arabic and English), enums
    GET /dashboard/events/{id}/related the other events of its cluster and near-duplicate documents

``/events`` pages full records 500 at a time; the dashboard draws every event at once, so
``/dashboard/events`` sends only what the map, the timeline and the list need, as arrays
under a list of field names. It takes the same filters as ``/events``; ``q`` is a
full-text search over normalised Arabic and English (``rasid.store.search``).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from sqlalchemy import ColumnElement, Connection, func, select

from rasid.api.deps import FiltersDep, StoreDep
from rasid.api.errors import problem_responses
from rasid.api.formats import json_response
from rasid.api.queries import BadQueryError, EventFilters, count_events, filter_conditions
from rasid.geo.gazetteer import Gazetteer
from rasid.records import EVENT_TYPES, GENERICITIES, MODALITIES, PLACE_PRECISIONS
from rasid.store import Store
from rasid.store.schema import documents, event_actors, events, in_clusters
from rasid.store.search import match_condition, search_words

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

# The columns of a compact row, in order (the answer repeats them as ``fields``).
ROW_FIELDS = (
    "id",
    "event_type",
    "modality",
    "genericity",
    "start",
    "end",
    "lat",
    "lon",
    "precision",
    "admin1",
    "place",
    "place_ar",
    "fatalities",
    "actor1",
    "actors",
    "cluster_id",
    "document_id",
)


def _coordinate(value: float | None) -> float | None:
    # Five decimals (about 1 m) keep the rows short without moving a marker.
    return None if value is None else round(value, 5)


def _fatalities(low: int | None, high: int | None) -> int | None:
    """One number for a marker's size: the exact or lower count, else the upper bound."""
    return low if low is not None else high


def _search_conditions(store: Store, filters: EventFilters) -> list[ColumnElement[bool]]:
    """The filters' conditions, with ``q`` as a normalised full-text search (400 without words)."""
    conditions = filter_conditions(_without_q(filters))
    if filters.q is not None and filters.q.strip():
        if not search_words(filters.q):
            raise BadQueryError("q must contain at least one letter or digit")
        conditions.append(match_condition(events, filters.q, dialect=store.engine.dialect.name))
    return conditions


def _without_q(filters: EventFilters) -> EventFilters:
    return EventFilters(
        event_type=filters.event_type,
        actor=filters.actor,
        admin1=filters.admin1,
        admin2=filters.admin2,
        bbox=filters.bbox,
        since=filters.since,
        until=filters.until,
        modality=filters.modality,
        genericity=filters.genericity,
    )


def _arabic_place_names(connection: Connection, conditions: list[ColumnElement[bool]]) -> dict[str, str]:
    """The Arabic name of each place the matching events name, read from one record per place.

    Parsing one record per distinct place rather than one per event keeps 10,000 rows fast.
    """
    sample = select(func.min(events.c.id)).where(*conditions, events.c.place_name.is_not(None))
    query = select(events.c.place_name, events.c.record).where(
        events.c.id.in_(sample.group_by(events.c.place_name))
    )
    names: dict[str, str] = {}
    for place_name, record in connection.execute(query):
        name_ar = (json.loads(record).get("location") or {}).get("name_ar")
        if name_ar:
            names[place_name] = name_ar
    return names


def compact_rows(store: Store, filters: EventFilters) -> list[list[Any]]:
    """Every event matching ``filters`` as a row of ``ROW_FIELDS``, newest first (undated last).

    ``actor1`` lists the ids of the side that acted and ``actors`` the ids of every actor in any
    role, as ``/events?actor=`` matches them (finer ids kept; the client rolls them up);
    ``place_ar`` is the Arabic name of the place from the stored record.
    """
    conditions = _search_conditions(store, filters)
    query = (
        select(
            events.c.id,
            events.c.event_type,
            events.c.modality,
            events.c.genericity,
            events.c.time_start,
            events.c.time_end,
            events.c.lat,
            events.c.lon,
            events.c.location_precision,
            events.c.admin1,
            events.c.place_name,
            events.c.fatalities_min,
            events.c.fatalities_max,
            events.c.cluster_id,
            events.c.document_id,
        )
        .where(*conditions)
        .order_by(events.c.time_start.is_(None), events.c.time_start.desc(), events.c.id)
    )
    roles: dict[str, tuple[list[str], list[str]]] = {}
    with store.engine.connect() as connection:
        found = connection.execute(query).all()
        actor_query = select(event_actors.c.event_id, event_actors.c.role, event_actors.c.actor_id).where(
            event_actors.c.actor_id.is_not(None)
        )
        if conditions:
            matching = select(events.c.seq).where(*conditions)
            actor_query = actor_query.where(event_actors.c.event_seq.in_(matching))
        for event_id, role, actor_id in connection.execute(actor_query):
            first, every = roles.setdefault(event_id, ([], []))
            if role == "actor1" and actor_id not in first:
                first.append(actor_id)
            if actor_id not in every:
                every.append(actor_id)
        arabic = _arabic_place_names(connection, conditions)
    rows: list[list[Any]] = []
    for r in found:
        actor1, every = roles.get(r.id, ([], []))
        rows.append(
            [
                r.id,
                r.event_type,
                r.modality,
                r.genericity,
                (r.time_start or "")[:10] or None,
                (r.time_end or "")[:10] or None,
                _coordinate(r.lat),
                _coordinate(r.lon),
                r.location_precision,
                r.admin1,
                r.place_name,
                arabic.get(r.place_name),
                _fatalities(r.fatalities_min, r.fatalities_max),
                actor1,
                every,
                r.cluster_id,
                r.document_id,
            ]
        )
    return rows


@cache
def governorates() -> tuple[dict[str, Any], ...]:
    """The governorates of the bundled gazetteer: name (the ``admin1`` value), Arabic name, seat."""
    return tuple(
        {"name": e.name, "name_ar": e.name_ar, "lat": e.lat, "lon": e.lon}
        for e in sorted(Gazetteer.load_default().entries, key=lambda e: e.name)
        if e.kind == "governorate"
    )


def related_reports(store: Store, event_id: str) -> dict[str, Any] | None:
    """The other events of an event's cluster, and the near-duplicate copies of its document.

    None when no event has ``event_id``. Near-duplicates are documents stored with
    ``duplicate_of`` pointing at the event's document, or the document it copies.
    """
    with store.engine.connect() as connection:
        own = connection.execute(
            select(events.c.cluster_id, events.c.document_id).where(events.c.id == event_id)
        ).first()
        if own is None:
            return None
        cluster = connection.execute(
            select(
                events.c.id,
                events.c.event_type,
                events.c.modality,
                events.c.time_start,
                events.c.document_id,
                documents.c.source,
                documents.c.title,
                documents.c.language,
            )
            .join(documents, documents.c.id == events.c.document_id)
            .where(in_clusters(own.cluster_id), events.c.id != event_id)
            .order_by(events.c.time_start, events.c.id)
        ).all()
        original = connection.execute(
            select(documents.c.duplicate_of).where(documents.c.id == own.document_id)
        ).scalar_one_or_none()
        linked = {own.document_id} | ({original} if original else set())
        copies = connection.execute(
            select(
                documents.c.id,
                documents.c.source,
                documents.c.title,
                documents.c.url,
                documents.c.language,
                documents.c.published,
                documents.c.similarity,
                documents.c.duplicate_of,
            )
            .where(documents.c.duplicate_of.in_(linked) | documents.c.id.in_(linked - {own.document_id}))
            .order_by(documents.c.id)
        ).all()
    return {
        "cluster_id": own.cluster_id,
        "events": [
            {
                "id": r.id,
                "event_type": r.event_type,
                "modality": r.modality,
                "start": (r.time_start or "")[:10] or None,
                "document_id": r.document_id,
                "source": r.source,
                "title": r.title,
                "language": r.language,
            }
            for r in cluster
        ],
        "duplicates": [
            {
                "id": r.id,
                "source": r.source,
                "title": r.title,
                "url": r.url,
                "language": r.language,
                "published": r.published,
                "similarity": r.similarity,
                "duplicate_of": r.duplicate_of,
            }
            for r in copies
            if r.id != own.document_id
        ],
    }


@router.get(
    "/events",
    responses=problem_responses(400, 422),
    summary="Every matching event as a compact row, for the dashboard",
)
def dashboard_events(store: StoreDep, filters: FiltersDep) -> Response:
    """All events matching the filters of ``/events``, as ``{"fields": [...], "rows": [[...]]}``."""
    rows = compact_rows(store, filters)
    return json_response({"fields": list(ROW_FIELDS), "total": len(rows), "rows": rows})


@router.get("/meta", summary="Labels for the dashboard: actors, governorates and the ontology's values")
def dashboard_meta(store: StoreDep) -> Response:
    """The number of stored events, actors (parents, Arabic names), governorates and enum values."""
    actors = [
        {"id": i, "parent": parent, "name": name, "name_ar": name_ar}
        for i, parent, name, name_ar in store.list_actors()
    ]
    return json_response(
        {
            "total": count_events(store, EventFilters()),
            "actors": actors,
            "governorates": list(governorates()),
            "event_types": list(EVENT_TYPES),
            "modalities": list(MODALITIES),
            "genericities": list(GENERICITIES),
            "precisions": list(PLACE_PRECISIONS),
        }
    )


@router.get(
    "/events/{event_id:path}/related",
    responses=problem_responses(404, 422),
    summary="Other reports of the same incident and near-duplicate copies of the source",
)
def dashboard_related(store: StoreDep, event_id: str) -> Response:
    """The event's cluster (other events, with their documents) and its document's near-duplicates."""
    found = related_reports(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event has the id {event_id!r}")
    return json_response(found)
