"""``GET /clusters`` (incidents: clusters of reports, filtered, paged) and ``GET /clusters/{id}``.

The same query functions as ``rasid clusters`` (``rasid.store.clusters``): each cluster is its
merged event (type by vote, actors, best place and date, fatalities best/min/max, distinct
sources and languages) with every report and the reasons it was attached.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from rasid.api.deps import FiltersDep, StoreDep
from rasid.api.errors import problem_responses
from rasid.api.formats import json_response
from rasid.api.queries import search_query
from rasid.store.clusters import get_cluster, query_clusters

router = APIRouter(tags=["clusters"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@router.get(
    "/clusters", responses=problem_responses(400, 422), summary="List incidents (clusters of reports)"
)
def list_clusters(
    store: StoreDep,
    filters: FiltersDep,
    limit: Annotated[
        int, Query(ge=1, description=f"Clusters per page (at most {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Clusters to skip.")] = 0,
) -> Response:
    """Clusters with at least one report matching every filter, oldest first (undated last).

    The filters are those of ``GET /events``; each cluster lists all its reports.
    ``next_offset`` is null on the last page.
    """
    size = min(limit, MAX_LIMIT)
    params = {**dataclasses.asdict(filters), "q": search_query(filters.q)}
    found = query_clusters(store, limit=size + 1, offset=offset, **params)
    more = len(found) > size
    return json_response({"items": found[:size], "next_offset": offset + size if more else None})


@router.get(
    "/clusters/{cluster_id:path}",
    responses=problem_responses(404, 422),
    summary="One incident: the merged event and every report with its reasons",
)
def show_cluster(store: StoreDep, cluster_id: str) -> Response:
    """One cluster by id: its merged view and its reports (outlet, language, date, own numbers, reasons)."""
    found = get_cluster(store, cluster_id)
    if found is None:
        raise HTTPException(404, f"no cluster has the id {cluster_id!r}")
    return json_response(found)
