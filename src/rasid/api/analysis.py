"""``GET /analysis/cycles``: the JSON of ``rasid analyze cycles`` over the API.

Include with ``app.include_router(rasid.api.analysis.router)`` (``ROUTERS`` in ``app.py``). Needs
the ``rasid[analysis]`` extra; without it the endpoint answers 501 with the reason.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from rasid.api.deps import StoreDep, parse_day
from rasid.api.errors import problem_responses
from rasid.api.queries import BadQueryError, parse_bbox

router = APIRouter(tags=["analysis"])

MAX_STREAMS = 6


@router.get(
    "/analysis/cycles",
    responses=problem_responses(400, 422, 501),
    summary="Does one kind of event follow another? (Hawkes analysis)",
)
def analysis_cycles(
    store: StoreDep,
    stream: Annotated[
        list[str],
        Query(max_length=300, description="[LABEL=]ACTORS:TYPES, two or more (e.g. ISIS:attack)."),
    ],
    admin1: Annotated[str | None, Query(max_length=200, description="Governorate (case ignored).")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="Bounding box W,S,E,N in degrees.")] = None,
    since: Annotated[
        str | None, Query(max_length=32, description="Window start: YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    until: Annotated[
        str | None, Query(max_length=32, description="Window end: YYYY-MM-DD, YYYY-MM or YYYY.")
    ] = None,
    imprecise: Annotated[
        str, Query(pattern="^(exclude|spread)$", description="Week/month-precision events.")
    ] = "exclude",
) -> dict[str, Any]:
    """The plain answer first, then baselines, excitation matrix, half-life, intervals, tests and trends."""
    try:
        from rasid.analysis.cycles import analyze_cycles
        from rasid.analysis.streams import parse_stream
    except ImportError as exc:
        raise HTTPException(
            501, f"the analysis extra is not installed: pip install 'rasid[analysis]' ({exc})"
        ) from exc
    if not 2 <= len(stream) <= MAX_STREAMS:
        raise BadQueryError(f"give between 2 and {MAX_STREAMS} stream parameters")
    try:
        specs = [parse_stream(text) for text in stream]
    except ValueError as exc:
        raise BadQueryError(str(exc)) from None
    box = parse_bbox(bbox) if bbox else None
    start, end = parse_day(since, end=False, name="since"), parse_day(until, end=True, name="until")
    if start and end and start > end:
        raise BadQueryError("since is after until")
    events = store.query_events(
        admin1=admin1,
        bbox=None if box is None else (box.west, box.south, box.east, box.north),
        since=start,
        until=end,
    )
    filters = {k: v for k, v in {"admin1": admin1, "bbox": bbox, "since": since, "until": until}.items() if v}
    try:
        result = analyze_cycles(events, specs, since=start, until=end, imprecise=imprecise, filters=filters)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return result.to_dict()
