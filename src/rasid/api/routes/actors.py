"""``GET /actors``: the actor dictionary (ids, names, parents)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rasid.api.deps import StoreDep
from rasid.api.errors import problem_responses
from rasid.api.formats import Format, choose_format, csv_response, json_response, list_content
from rasid.api.models import ActorList

router = APIRouter(tags=["actors"])

ACTOR_COLUMNS = ("id", "parent_id", "name", "name_ar")


@router.get(
    "/actors",
    response_model=ActorList,
    responses={**list_content(geojson=False), **problem_responses(422)},
    summary="The actor dictionary",
)
def list_actors(
    request: Request,
    store: StoreDep,
    parent: Annotated[
        str | None, Query(max_length=200, description="Only the ids directly under this one.")
    ] = None,
    top_level: Annotated[bool, Query(description="Only the top-level ids.")] = False,
    fmt: Annotated[Format | None, Query(alias="format", description="json (default) or csv.")] = None,
) -> Response:
    """Every actor id of the dictionary with its English and Arabic name and its parent id.

    A finer id (``IRN_MIL.FATEMIYOUN``) rolls up to its parent; ``/events?actor=ID`` finds
    the events of an id and of every id under it.
    """
    rows = [
        {"id": i, "parent_id": p, "name": n, "name_ar": ar}
        for i, p, n, ar in store.list_actors()
        if (parent is None or p == parent) and (not top_level or p is None)
    ]
    if choose_format(request, fmt, allowed=("json", "csv")) == "csv":
        return csv_response(request, rows, ACTOR_COLUMNS, next_cursor=None)
    return json_response({"actors": rows})
