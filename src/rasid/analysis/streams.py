"""Event streams for point-process analysis: which stored events belong to which stream, and when.

A stream is ``ACTORS:TYPES`` (comma lists), optionally ``LABEL=ACTORS:TYPES``. An event belongs
to it when its type is one of TYPES and one of its ``actor1`` actors (the party that acts) has
an id in ACTORS or under one of them (``IRN_MIL`` takes ``IRN_MIL.FATEMIYOUN``). Incidents, not
reports: events that share a ``cluster_id`` count once per stream.

Dates become times in days from the window start. Events dated to the day are used as they
are; the events of one day (all streams together) are placed at evenly spaced times inside it,
ordered by a hash of their ids, so that ties are broken the same way on every run. Events known
only to the week or month are excluded (default) or, with ``imprecise="spread"``, placed at a
pseudo-random time inside their date range drawn from a hash of their id; coarser ones are
always excluded.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from rasid.records import EVENT_TYPES, Event

SPREAD_MAX_DAYS = 31  # a date range longer than a month is never spread
IMPRECISE_CHOICES = ("exclude", "spread")


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """One stream: a label, actor ids (rolled up) and event types."""

    label: str
    actors: tuple[str, ...]
    types: tuple[str, ...]

    def matches(self, event: Event) -> bool:
        """True when the event's type is one of ours and an ``actor1`` has one of our ids (or a finer one)."""
        if event.event_type not in self.types:
            return False
        for actor in event.actors:
            if actor.role != "actor1" or not actor.id:
                continue
            if any(actor.id == wanted or actor.id.startswith(wanted + ".") for wanted in self.actors):
                return True
        return False


def parse_stream(text: str) -> StreamSpec:
    """``[LABEL=]ACTORS:TYPES`` -> ``StreamSpec``; raises ``ValueError`` with a clear message."""
    label = ""
    body = text.strip()
    if "=" in body:
        label, body = (part.strip() for part in body.split("=", 1))
    if body.count(":") != 1:
        raise ValueError(f"stream {text!r} must be ACTORS:TYPES, e.g. 'ISIS:attack,explosive'")
    actor_text, type_text = body.split(":")
    actors = tuple(a.strip() for a in actor_text.split(",") if a.strip())
    types = tuple(t.strip().lower() for t in type_text.split(",") if t.strip())
    if not actors:
        raise ValueError(f"stream {text!r} names no actor id")
    if not types:
        raise ValueError(f"stream {text!r} names no event type")
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise ValueError(
            f"stream {text!r}: unknown event type {unknown[0]!r} (known: {', '.join(EVENT_TYPES)})"
        )
    return StreamSpec(label or f"{','.join(actors)}: {', '.join(types)}", actors, types)


@dataclass(frozen=True, slots=True)
class StreamEvents:
    """The times (days from ``start``) of each stream's incidents, and what was left out and why."""

    specs: tuple[StreamSpec, ...]
    start: date
    end: date  # inclusive last day
    times: tuple[tuple[float, ...], ...]
    dates: tuple[tuple[date, ...], ...]
    excluded: dict[str, int] = field(default_factory=dict)
    spread: int = 0
    merged_reports: int = 0

    @property
    def length(self) -> float:
        """Window length in days."""
        return float((self.end - self.start).days + 1)


def _event_dates(event: Event) -> tuple[date, date] | None:
    time = event.time
    if not time.start:
        return None
    try:
        first = date.fromisoformat(time.start[:10])
        last = date.fromisoformat((time.end or time.start)[:10])
    except ValueError:
        return None
    return (first, last) if last >= first else None


def _hash_unit(text: str) -> float:
    """A number in [0, 1) from a text, the same on every run and machine."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16) / 16**12


def build_streams(
    events: Iterable[Event],
    specs: Sequence[StreamSpec],
    *,
    since: date | None = None,
    until: date | None = None,
    imprecise: str = "exclude",
) -> StreamEvents:
    """Assign events to streams, one per cluster, and turn their dates into times in days.

    The window is ``since``..``until`` when given, else the first to the last day of the
    kept events. An event may belong to several streams. Raises ``ValueError`` when no
    event falls in any stream.
    """
    if imprecise not in IMPRECISE_CHOICES:
        raise ValueError(f"imprecise must be one of {IMPRECISE_CHOICES}, not {imprecise!r}")
    excluded: dict[str, int] = defaultdict(int)
    seen: set[tuple[int, str]] = set()
    merged = 0
    placed: list[
        tuple[int, str, date, float | None]
    ] = []  # stream, event id, day, fraction (None: tie-break)
    for event in events:
        for index, spec in enumerate(specs):
            if not spec.matches(event):
                continue
            key = (index, event.cluster_id or event.id)
            if key in seen:
                merged += 1
                continue
            seen.add(key)
            span = _event_dates(event)
            if span is None:
                excluded["undated"] += 1
                continue
            first, last = span
            if first == last and event.time.precision in ("day", "unknown"):
                day, fraction = first, None
            elif imprecise == "spread" and (last - first).days < SPREAD_MAX_DAYS:
                offset = _hash_unit(event.id) * ((last - first).days + 1)
                day, fraction = first + timedelta(days=int(offset)), offset - int(offset)
            else:
                excluded[f"{event.time.precision}-precision"] += 1
                continue
            if (since and day < since) or (until and day > until):
                excluded["outside the window"] += 1
                continue
            placed.append((index, event.id, day, fraction))
    if not placed:
        raise ValueError("no event falls in any stream: check the actor ids, event types and filters")
    start = since or min(p[2] for p in placed)
    end = until or max(p[2] for p in placed)
    by_day: dict[date, list[tuple[int, str, date, float | None]]] = defaultdict(list)
    for item in placed:
        by_day[item[2]].append(item)
    times: list[list[float]] = [[] for _ in specs]
    dates: list[list[date]] = [[] for _ in specs]
    for day, items in by_day.items():
        base = float((day - start).days)
        ties = sorted(
            (i for i in items if i[3] is None), key=lambda i: (hashlib.sha1(i[1].encode()).hexdigest(), i[0])
        )
        for rank, (index, _, _, _) in enumerate(ties):
            times[index].append(base + (rank + 0.5) / len(ties))
            dates[index].append(day)
        for index, _, _, fraction in items:
            if fraction is not None:
                times[index].append(base + max(fraction, 1e-6))
                dates[index].append(day)
    order = [sorted(range(len(t)), key=t.__getitem__) for t in times]
    return StreamEvents(
        specs=tuple(specs),
        start=start,
        end=end,
        times=tuple(tuple(t[k] for k in o) for t, o in zip(times, order, strict=True)),
        dates=tuple(tuple(d[k] for k in o) for d, o in zip(dates, order, strict=True)),
        excluded=dict(excluded),
        spread=sum(1 for p in placed if p[3] is not None),
        merged_reports=merged,
    )
