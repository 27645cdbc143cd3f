"""Stored events mapped onto other datasets' shapes: ACLED CSV rows, PLOVER/POLECAT JSON, GeoJSON.

Pure functions over ``Event`` records (plus the source document's name); the writers that put
them in files are in ``rasid.store.export_writers``. ACLED conventions (codebook): inter codes
1-8 per actor type and the two-digit ``interaction`` with the lower code first;
``time_precision`` 1 = the day, 2 = the week, 3 = the month or longer; ``geo_precision``
1 = the town or point, 2 = near a town or in a district, 3 = a larger region only. The actor
names, inter codes and country values come from ``data/actors.toml`` and ``data/exports.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from rasid import __version__
from rasid.data import read_toml
from rasid.records import Event, Quantity

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
_TIME_PRECISION = {"day": 1, "week": 2}
_GEO_PRECISION = {"point": 1, "admin2": 2}
_VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    acled: dict[str, Any] = read_toml("exports.toml")["acled"]
    names = {a["id"]: a.get("acled_name") or a["name"] for a in read_toml("actors.toml").get("actor", [])}
    types: dict[str, Any] = read_toml("ontology.toml").get("types", {})
    return acled, names, types


def _root(actor_id: str) -> str:
    return actor_id.split(".", 1)[0]


def _acled_types(event: Event) -> tuple[str, str]:
    mapping = _tables()[2].get(event.event_type, {})
    return (
        event.acled_event_type or mapping.get("acled_event_type", ""),
        event.acled_sub_event_type or mapping.get("acled_sub_event_type", ""),
    )


def plover_of(event: Event) -> str:
    """The PLOVER event class of an event (its own, else the ontology's)."""
    return event.plover or str(_tables()[2].get(event.event_type, {}).get("plover", ""))


def _side(event: Event, role: str, acled_type: str) -> tuple[str, list[str], int | None]:
    """ACLED actor name, associated actors and inter code of the ``role`` side."""
    acled, names, _ = _tables()
    ids = list(dict.fromkeys(a.id for a in event.actors if a.role == role and a.id))
    labels = [names.get(_root(i), names.get(i, i)) for i in ids]
    labels = list(dict.fromkeys(labels))
    if labels:
        inter = acled["inter"].get(_root(ids[0]))
        return labels[0], labels[1:], int(inter) if inter is not None else None
    if role == "actor1" and acled_type in ("Protests", "Riots"):
        key, code = ("protesters", 6) if acled_type == "Protests" else ("rioters", 5)
        return str(acled[key]), [], code
    return "", [], None


def fatality_count(quantity: Quantity | None) -> int:
    """ACLED's fatalities: the count, else the lower bound, else 0 (ACLED's value for none reported)."""
    if quantity is None:
        return 0
    if quantity.count is not None:
        return quantity.count
    return quantity.min or 0


def acled_row(event: Event, *, source: str | None = None, timestamp: int | None = None) -> dict[str, Any]:
    """One ACLED-style CSV row (``ACLED_COLUMNS``) of an event; ``source`` names its outlet."""
    acled, _, _ = _tables()
    event_type, sub_event_type = _acled_types(event)
    actor1, assoc1, inter1 = _side(event, "actor1", event_type)
    actor2, assoc2, inter2 = _side(event, "actor2", event_type)
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = int("".join(str(c) for c in codes)) if len(codes) == 2 else (codes[0] * 10 if codes else "")
    day = event.time.start or event.time.end or ""
    loc = event.location
    tags = [
        f"modality: {event.modality}",
        f"genericity: {event.genericity}",
        f"rasid type: {event.event_type}",
    ]
    if event.attribution is not None:
        tags.append(f"attributed to: {event.attribution.source}")
    return {
        "event_id_cnty": event.id,
        "event_date": day[:10],
        "year": int(day[:4]) if day[:4].isdigit() else "",
        "time_precision": _TIME_PRECISION.get(event.time.precision, 3),
        "disorder_type": acled["disorder"].get(event_type, ""),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": "; ".join(assoc1),
        "inter1": inter1 if inter1 is not None else "",
        "actor2": actor2,
        "assoc_actor_2": "; ".join(assoc2),
        "inter2": inter2 if inter2 is not None else "",
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 and event_type in _VIOLENT else "",
        "iso": acled["iso"],
        "region": acled["region"],
        "country": acled["country"],
        "admin1": (loc.admin1 or "") if loc else "",
        "admin2": (loc.admin2 or "") if loc else "",
        "admin3": "",
        "location": (loc.name or "") if loc else "",
        "latitude": loc.lat if loc and loc.lat is not None else "",
        "longitude": loc.lon if loc and loc.lon is not None else "",
        "geo_precision": _GEO_PRECISION.get(loc.precision, 3) if loc else "",
        "source": source or "",
        "source_scale": "",
        "notes": event.evidence.sentence,
        "fatalities": fatality_count(event.fatalities),
        "tags": "; ".join(tags),
        "timestamp": timestamp if timestamp is not None else "",
    }


def plover_record(event: Event, *, source: str | None = None) -> dict[str, Any]:
    """A PLOVER/POLECAT-style record: event class, actor and recipient, location, counts, evidence."""
    names = _tables()[1]

    def party(role: str) -> list[dict[str, Any]]:
        return [
            {"id": a.id, "name": names.get(a.id, a.name) if a.id else a.name, "text": a.text}
            for a in event.actors
            if a.role == role
        ]

    loc = event.location
    return {
        "event_id": event.id,
        "event_date": event.time.start,
        "event_date_end": event.time.end,
        "date_precision": event.time.precision,
        "event_type": plover_of(event),
        "mode": event.sub_type,
        "context": event.event_type,
        "modality": event.modality,
        "genericity": event.genericity,
        "actor": party("actor1"),
        "recipient": party("actor2"),
        "location": None
        if loc is None
        else {
            "name": loc.name,
            "name_ar": loc.name_ar,
            "country": loc.country or "SY",
            "admin1": loc.admin1,
            "admin2": loc.admin2,
            "lat": loc.lat,
            "lon": loc.lon,
            "precision": loc.precision,
        },
        "num_killed": event.fatalities.to_dict() if event.fatalities else None,
        "num_injured": event.injuries.to_dict() if event.injuries else None,
        "num_killed_or_injured": event.casualties.to_dict() if event.casualties else None,
        "source": source,
        "document_id": event.document_id,
        "cluster_id": event.cluster_id,
        "sentence": event.evidence.sentence,
        "confidence": round(event.confidence, 3),
        "extractor": event.extractor,
    }


def geojson_feature(event: Event) -> dict[str, Any] | None:
    """A GeoJSON Point feature of an event with coordinates (None without them)."""
    loc = event.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    properties = {k: v for k, v in acled_row(event).items() if k not in ("latitude", "longitude")}
    properties.update(
        {
            "id": event.id,
            "rasid_event_type": event.event_type,
            "plover": plover_of(event),
            "document_id": event.document_id,
        }
    )
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
        "properties": properties,
    }


def export_metadata(
    fmt: str, query: Mapping[str, Any], events: Sequence[Event], *, created: datetime | None = None
) -> dict[str, Any]:
    """What every export states: rasid version, extractor versions, the query and when it ran."""
    return {
        "generator": f"rasid {__version__}",
        "rasid_version": __version__,
        "format": fmt,
        "created": (created or datetime.now(UTC)).isoformat(timespec="seconds"),
        "query": {k: _jsonable(v) for k, v in query.items() if v is not None},
        "extractors": sorted({e.extractor for e in events if e.extractor}),
        "events": len(events),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def distinct_documents(events: Iterable[Event]) -> list[str]:
    """The document ids of ``events``, each once, in order."""
    return list(dict.fromkeys(e.document_id for e in events if e.document_id))
