"""``GET /stats``: event counts by day, week or month and by type, actor and governorate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rasid.api.deps import FiltersDep, StoreDep
from rasid.api.errors import problem_responses
from rasid.api.formats import Format, choose_format, csv_response, json_response, list_content
from rasid.api.models import Stats
from rasid.api.queries import Interval, StatsDimension, count_events, query_stats

router = APIRouter(tags=["stats"])


@router.get(
    "/stats",
    response_model=Stats,
    responses={**list_content(geojson=False), **problem_responses(400, 422)},
    summary="Event counts by period, type, actor and governorate",
)
def get_stats(
    request: Request,
    store: StoreDep,
    filters: FiltersDep,
    interval: Annotated[Interval, Query(description="day, week (ISO, 2024-W09) or month.")] = "month",
    by: Annotated[
        list[StatsDimension] | None,
        Query(description="Group by type, actor (top-level actor1 id) and/or admin1; repeat to combine."),
    ] = None,
    fmt: Annotated[Format | None, Query(alias="format", description="json (default) or csv.")] = None,
) -> Response:
    """How many events match the filters (the same as ``/events``), per period and group.

    With ``by=actor`` an event counts once under each top-level id among its ``actor1``
    actors, so the rows may add up to more than ``total``; undated events have a null period.
    """
    dimensions = list(dict.fromkeys(by or ["type"]))
    top_ids = [i for i, parent, _, _ in store.list_actors() if parent is None]
    rows = query_stats(store, filters, interval=interval, by=dimensions, top_actor_ids=top_ids)
    total = count_events(store, filters)
    if choose_format(request, fmt, allowed=("json", "csv")) == "csv":
        columns = ["period", *("event_type" if d == "type" else d for d in dimensions), "count"]
        return csv_response(request, rows, columns, next_cursor=None)
    return json_response({"interval": interval, "by": dimensions, "total": total, "rows": rows})
