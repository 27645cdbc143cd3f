"""``GET /analysis/cycles`` and ``GET /analysis/trends``: ``rasid analyze``'s results over the API.

Include with ``app.include_router(rasid.api.analysis.router)`` (``ROUTERS`` in ``app.py``). Both
need the ``rasid[analysis]`` extra; without it both answer 503 (the service is not available
on this installation) with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from rasid.api.deps import StoreDep, parse_day
from rasid.api.errors import problem_responses
from rasid.api.queries import BadQueryError, parse_bbox
from rasid.records import Event
from rasid.store import Store

if TYPE_CHECKING:
    from rasid.analysis.streams import StreamSpec
    from rasid.analysis.trends import Trend

router = APIRouter(tags=["analysis"])

MAX_STREAMS = 6
MAX_TREND_STREAMS = 4
MAX_TREND_WEEKS = 1100  # about 21 years: the change-point search grows fast with the weeks

StreamParam = Annotated[
    list[str],
    Query(max_length=300, description="[LABEL=]ACTORS:TYPES (e.g. ISIS:attack); repeat for more streams."),
]
Admin1Param = Annotated[str | None, Query(max_length=200, description="Governorate (case ignored).")]
BBoxParam = Annotated[str | None, Query(max_length=200, description="Bounding box W,S,E,N in degrees.")]
SinceParam = Annotated[
    str | None, Query(max_length=32, description="Window start: YYYY-MM-DD, YYYY-MM or YYYY.")
]
UntilParam = Annotated[
    str | None, Query(max_length=32, description="Window end: YYYY-MM-DD, YYYY-MM or YYYY.")
]
ImpreciseParam = Annotated[
    str, Query(pattern="^(exclude|spread)$", description="Week/month-precision events.")
]


@dataclass(frozen=True, slots=True)
class _Selection:
    """What a request selects: the streams, the window and the stored events under its filters."""

    specs: list[StreamSpec]
    since: date | None
    until: date | None
    events: list[Event]
    filters: dict[str, str]


def _select(
    store: Store,
    stream: list[str],
    *,
    admin1: str | None,
    bbox: str | None,
    since: str | None,
    until: str | None,
) -> _Selection:
    """Parse the streams and filters (400 when malformed) and read the events they may take."""
    from rasid.analysis.streams import parse_stream

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
    return _Selection(specs, start, end, events, filters)


@router.get(
    "/analysis/cycles",
    responses=problem_responses(400, 422, 503),
    summary="Does one kind of event follow another? (Hawkes analysis)",
)
def analysis_cycles(
    store: StoreDep,
    stream: StreamParam,
    admin1: Admin1Param = None,
    bbox: BBoxParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    imprecise: ImpreciseParam = "exclude",
) -> dict[str, Any]:
    """The plain answer first, then baselines, excitation matrix, half-life, intervals, tests and trends.

    Takes two to ``MAX_STREAMS`` streams.
    """
    try:
        from rasid.analysis.cycles import analyze_cycles
    except ImportError as exc:
        raise HTTPException(
            503, f"the analysis extra is not installed: pip install 'rasid[analysis]' ({exc})"
        ) from exc
    if not 2 <= len(stream) <= MAX_STREAMS:
        raise BadQueryError(f"give between 2 and {MAX_STREAMS} stream parameters")
    chosen = _select(store, stream, admin1=admin1, bbox=bbox, since=since, until=until)
    try:
        result = analyze_cycles(
            chosen.events,
            chosen.specs,
            since=chosen.since,
            until=chosen.until,
            imprecise=imprecise,
            filters=chosen.filters,
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return result.to_dict()


def _trend_dict(trend: Trend, spec: StreamSpec, incidents: int) -> dict[str, Any]:
    """A stream's trend as JSON, with each change point's mean weekly count before and after it."""
    document: dict[str, Any] = {
        "label": spec.label,
        "actors": list(spec.actors),
        "types": list(spec.types),
        "incidents": incidents,
    }
    document.update(trend.to_dict())
    means = document["segment_means_per_week"]
    document["changes"] = [
        {"date": day.isoformat(), "before_per_week": means[k], "after_per_week": means[k + 1]}
        for k, day in enumerate(trend.change_points)
    ]
    return document


@router.get(
    "/analysis/trends",
    responses=problem_responses(400, 503),
    summary="Weekly counts per stream and the weeks where their level changes",
)
def analysis_trends(
    store: StoreDep,
    stream: StreamParam,
    admin1: Admin1Param = None,
    bbox: BBoxParam = None,
    since: SinceParam = None,
    until: UntilParam = None,
    imprecise: ImpreciseParam = "exclude",
) -> dict[str, Any]:
    """Per stream (one to ``MAX_TREND_STREAMS``): incidents per 7-day week and its change points.

    Streams select events as ``/analysis/cycles`` does (actor ids roll up, one count per
    incident). Weeks run from ``since`` (else the first selected incident) to ``until`` (else
    the last); a window over ``MAX_TREND_WEEKS`` weeks is refused (400). Each change point
    comes with the mean weekly count of the segment before it and of the one after it (changes
    are searched for in ``min_weeks_for_change_points`` weeks or more). When
    no event falls in any stream the streams have no weeks (zero weeks over ``since``..``until``
    when both are given). Without the ``rasid[analysis]`` extra: 503.
    """
    try:
        from rasid.analysis.streams import build_streams
        from rasid.analysis.trends import MIN_WEEKS, Trend, stream_trend
    except ImportError as exc:
        raise HTTPException(
            503,
            f"trends need the analysis extra, which is not installed: pip install 'rasid[analysis]' ({exc})",
        ) from exc
    if not 1 <= len(stream) <= MAX_TREND_STREAMS:
        raise BadQueryError(f"give between 1 and {MAX_TREND_STREAMS} stream parameters")
    chosen = _select(store, stream, admin1=admin1, bbox=bbox, since=since, until=until)
    try:
        streams = build_streams(
            chosen.events, chosen.specs, since=chosen.since, until=chosen.until, imprecise=imprecise
        )
    except ValueError:  # no event in any stream
        streams = None
    start = streams.start if streams else chosen.since
    end = streams.end if streams else chosen.until
    weeks = (end - start).days // 7 + 1 if start and end else 0
    if weeks > MAX_TREND_WEEKS:
        raise BadQueryError(
            f"the window spans {weeks} weeks, more than {MAX_TREND_WEEKS}: narrow it with since and until"
        )
    documents = []
    for index, spec in enumerate(chosen.specs):
        dates = streams.dates[index] if streams else ()
        trend = (
            stream_trend(spec.label, dates, start, end)
            if start and end
            else Trend(spec.label, (), (), (), ())
        )
        documents.append(_trend_dict(trend, spec, len(dates)))
    return {
        "window": {
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "weeks": weeks,
        },
        "min_weeks_for_change_points": 2 * MIN_WEEKS,
        "filters": chosen.filters,
        "imprecise": imprecise,
        "excluded": dict(streams.excluded) if streams else {},
        "spread": streams.spread if streams else 0,
        "merged_reports": streams.merged_reports if streams else 0,
        "streams": documents,
    }
