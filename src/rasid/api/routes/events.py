"""``GET /events`` (filtered, sorted, cursor pages; JSON, CSV, GeoJSON) and ``GET /events/{id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from rasid.api.deps import FiltersDep, StoreDep
from rasid.api.errors import problem_responses
from rasid.api.formats import Format, choose_format, events_response, json_response, list_content
from rasid.api.models import EventDetail, EventPage
from rasid.api.queries import SortKey, cluster_document_ids, query_event_page

router = APIRouter(tags=["events"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@router.get(
    "/events",
    response_model=EventPage,
    responses={**list_content(geojson=True), **problem_responses(400, 422)},
    summary="List stored events",
)
def list_events(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    sort: Annotated[
        SortKey, Query(description="time (oldest first), -time, id or -id; undated last.")
    ] = "time",
    limit: Annotated[int, Query(ge=1, description=f"Events per page (at most {MAX_LIMIT}).")] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=2000, description="The next_cursor of the previous page.")
    ] = None,
    fmt: Annotated[
        Format | None, Query(alias="format", description="json (default), csv or geojson; or send Accept.")
    ] = None,
) -> Response:
    """Stored events matching every filter, one page at a time.

    ``actor`` rolls up (``ISIS`` also finds ``ISIS.*``); ``since``/``until`` keep events whose
    dates overlap them; ``bbox`` is ``W,S,E,N``. Walk the pages by passing each answer's
    ``next_cursor`` back as ``cursor``: a cursor stays valid while events are added.
    """
    size = min(limit, MAX_LIMIT)
    page = query_event_page(store, filters, sort=sort, limit=size, cursor=cursor)
    chosen = choose_format(request, fmt, allowed=("json", "csv", "geojson"))
    return events_response(request, chosen, page.items, limit=size, next_cursor=page.next_cursor)


@router.get(
    "/events/{event_id:path}",
    response_model=EventDetail,
    responses=problem_responses(404, 422),
    summary="One event with its evidence and source documents",
)
def get_event(store: StoreDep, event_id: str) -> Response:
    """One event (its v1 record, evidence included) and the documents it was coded from, with their text."""
    event = store.get_event(event_id)
    if event is None:
        raise HTTPException(404, f"no event has the id {event_id!r}")
    found = [store.get_document(doc_id) for doc_id in cluster_document_ids(store, event)]
    documents = [doc.to_dict() for doc in found if doc is not None]
    return json_response({"event": event.to_dict(), "documents": documents})
