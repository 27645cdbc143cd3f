"""The merged view of a cluster: one incident built from all the reports that describe it.

Reads the cluster's events with their documents (``ClusterMember``) and returns a
``MergedEvent``: the event type by vote, the actors as the union of (role, id) with how
many reports name each, the most precise place, the tightest date, casualties
``best``/``min``/``max`` following UCDP's best/low/high practice (low = the lowest figure
any report allows, high = the highest, best = the median of the reports' own best
figures, so that one outlier neither sets nor moves it much), and the number of distinct
sources and languages. Pure functions; ``rasid.store.clusters`` reads the members.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rasid.records import Event, Quantity

_PLACE_RANK = {"point": 0, "admin2": 1, "region": 2, "admin1": 3, "country": 4, "unknown": 5}
_TIME_SPANS = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4, "unknown": 5}


@dataclass(frozen=True, slots=True)
class ClusterMember:
    """One report of a cluster: the event, its document's outlet, language and date, and its link."""

    event: Event
    source: str | None = None
    language: str = "und"
    published: str | None = None
    url: str | None = None
    score: float | None = None
    method: str = "new"
    reasons: Mapping[str, Any] = field(default_factory=dict)
    linked_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The report as listed under its cluster: its own numbers and the reasons it joined."""
        event = self.event
        return {
            "event_id": event.id,
            "document_id": event.document_id,
            "source": self.source,
            "language": self.language,
            "published": self.published,
            "url": self.url,
            "event_type": event.event_type,
            "place": event.location.name if event.location else None,
            "time": event.time.to_dict(),
            "fatalities": event.fatalities.to_dict() if event.fatalities else None,
            "injuries": event.injuries.to_dict() if event.injuries else None,
            "casualties": event.casualties.to_dict() if event.casualties else None,
            "sentence": event.evidence.sentence,
            "score": self.score,
            "method": self.method,
            "reasons": dict(self.reasons),
            "linked_at": self.linked_at,
        }


def _source_key(member: ClusterMember) -> str:
    return member.source or member.event.document_id or member.event.id


def casualty_range(quantities: Sequence[Quantity | None]) -> dict[str, int | None] | None:
    """``{"best", "min", "max", "reports"}`` over the reports' figures (None when no report gives one)."""
    bests: list[int] = []
    lows: list[int] = []
    highs: list[int] = []
    for quantity in quantities:
        if quantity is None:
            continue
        low = quantity.count if quantity.count is not None else quantity.min
        high = quantity.count if quantity.count is not None else quantity.max
        if low is None and high is None:
            continue
        low = low if low is not None else high
        high = high if high is not None else low
        assert low is not None and high is not None
        lows.append(low)
        highs.append(high)
        # A report that gives only a range ("dozens": 24–99, "between 5 and 7") counts at its
        # low end, the conservative reading ACLED and UCDP's low estimate take.
        bests.append(quantity.count if quantity.count is not None else low)
    if not bests:
        return None
    return {
        "best": int(statistics.median_low(bests)),
        "min": min(lows),
        "max": max(highs),
        "reports": len(bests),
    }


def merged_event(cluster_id: str, members: Sequence[ClusterMember]) -> dict[str, Any]:
    """The merged view of a cluster (see the module docstring); ``members`` must not be empty."""
    if not members:
        raise ValueError(f"cluster {cluster_id} has no reports")
    events = [m.event for m in members]
    votes = Counter(e.event_type for e in events)
    # Ties go to the type of the earliest report in the list (reports are listed in link order).
    first_seen = {e.event_type: i for i, e in reversed(list(enumerate(events)))}
    event_type = min(votes, key=lambda t: (-votes[t], first_seen[t]))
    actors: dict[tuple[str, str | None, str], dict[str, Any]] = {}
    for event in events:
        for actor in event.actors:
            key = (actor.role, actor.id, actor.name if actor.id is None else "")
            entry = actors.setdefault(
                key, {"role": actor.role, "id": actor.id, "name": actor.name, "reports": 0}
            )
            entry["reports"] += 1
    places = [e.location for e in events if e.location is not None]
    place = min(
        places,
        key=lambda p: (_PLACE_RANK.get(p.precision, 9), -sum(q.name == p.name for q in places)),
        default=None,
    )
    dated = [e.time for e in events if e.time.start]
    time = min(
        dated,
        key=lambda t: (_TIME_SPANS.get(t.precision, 9), t.end or t.start or "", t.start or ""),
        default=None,
    )
    sources = {_source_key(m) for m in members}
    languages = sorted({m.language for m in members})
    return {
        "cluster_id": cluster_id,
        "event_type": event_type,
        "type_votes": dict(votes.most_common()),
        "actors": sorted(actors.values(), key=lambda a: (a["role"], a["id"] or "", a["name"])),
        "location": place.to_dict() if place else None,
        "time": time.to_dict() if time else None,
        "fatalities": casualty_range([e.fatalities for e in events]),
        "injuries": casualty_range([e.injuries for e in events]),
        "casualties": casualty_range([e.casualties for e in events]),
        "reports": len(members),
        "documents": len({e.document_id for e in events}),
        "sources": len(sources),
        "source_names": sorted({m.source for m in members if m.source}),
        "languages": languages,
        "weak": any(bool(m.reasons.get("weak")) for m in members),
    }


def incident_event(cluster_id: str, members: Sequence[ClusterMember]) -> Event:
    """One event record for a whole incident, as exports write it (one row per cluster).

    Built on the report whose type won the vote and whose place is the most precise: the
    voted type, the union of the reports' named actors, the most precise place, the tightest
    date and the fatalities and injuries as best (count) with low/high (min/max). Its id is
    the cluster id; ``document_id`` is None because the row stands for every report.
    """
    merged = merged_event(cluster_id, members)
    voted = [m.event for m in members if m.event.event_type == merged["event_type"]]
    base = min(voted, key=lambda e: (_PLACE_RANK.get(e.location.precision, 9) if e.location else 9, e.id))
    actors = []
    seen: set[tuple[str, str | None, str]] = set()
    for event in [base, *(m.event for m in members)]:
        for actor in event.actors:
            key = (actor.role, actor.id, actor.name if actor.id is None else "")
            if key not in seen:
                seen.add(key)
                actors.append(actor)
    places = [m.event.location for m in members if m.event.location is not None]
    place = min(places, key=lambda p: _PLACE_RANK.get(p.precision, 9), default=None)
    times = [m.event.time for m in members if m.event.time.start]
    time = min(
        times, key=lambda t: (_TIME_SPANS.get(t.precision, 9), t.end or t.start or ""), default=base.time
    )
    return replace(
        base,
        id=cluster_id,
        event_type=merged["event_type"],
        actors=tuple(actors),
        location=place,
        time=time,
        fatalities=_quantity(merged["fatalities"]),
        injuries=_quantity(merged["injuries"]),
        casualties=_quantity(merged["casualties"]),
        document_id=None,
        cluster_id=cluster_id,
    )


def _quantity(found: Mapping[str, Any] | None) -> Quantity | None:
    if found is None:
        return None
    return Quantity(count=found.get("best"), min=found.get("min"), max=found.get("max"))
