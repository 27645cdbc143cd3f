"""Output formats shared by the commands: table, json, jsonl, csv and geojson.

``write_events`` prints events in any of ``FORMATS``; ``format_option`` is the one
``--format`` option every command uses; ``write_table`` prints aligned text tables.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO, TypeVar

import click

from rasid.data import read_toml
from rasid.records import Event, Quantity

FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "geojson")

# The flat columns of csv rows and geojson properties, in order.
FLAT_COLUMNS: tuple[str, ...] = (
    "id",
    "document_id",
    "cluster_id",
    "event_type",
    "sub_type",
    "acled_event_type",
    "acled_sub_event_type",
    "plover",
    "modality",
    "genericity",
    "time_start",
    "time_end",
    "time_precision",
    "actor1",
    "actor2",
    "location",
    "name_ar",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "location_precision",
    "fatalities",
    "injuries",
    "casualties",
    "attribution_source",
    "evidence",
    "confidence",
)
TABLE_HEADERS: tuple[str, ...] = ("id", "date", "type", "actor1 -> actor2", "place", "fatalities")

Flat = dict[str, str | int | float | None]
F = TypeVar("F", bound=Callable[..., Any])


def format_option(*, default: str = "table", choices: Sequence[str] = FORMATS) -> Callable[[F], F]:
    """The ``--format`` option (passed to the command as ``fmt``), limited to ``choices``."""
    if default not in choices:
        raise ValueError(f"default format {default!r} is not one of {list(choices)}")
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )


def format_quantity(quantity: Quantity | None) -> str:
    """A number of people for people: ``"5"``, ``"5-7"``, ``"24-99"``, ``"2+"``, or ``""`` when unknown."""
    if quantity is None:
        return ""
    if quantity.count is not None:
        return str(quantity.count)
    low, high = quantity.min, quantity.max
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}-{high}"
    if low is not None:
        return f"{low}+"
    if high is not None:
        return f"0-{high}"
    return ""


def actor_ids(event: Event, role: str) -> list[str]:
    """The distinct resolved actor ids of ``event`` in ``role``, in text order."""
    return list(dict.fromkeys(a.id for a in event.actors if a.role == role and a.id))


def _mapping(event_type: str) -> dict[str, Any]:
    types: dict[str, Any] = read_toml("ontology.toml").get("types", {})
    return dict(types.get(event_type, {}))


def flatten_event(event: Event) -> Flat:
    """The flat columns (``FLAT_COLUMNS``) of one event; ACLED/PLOVER fall back to the ontology mapping."""
    loc = event.location
    mapping = _mapping(event.event_type)
    return {
        "id": event.id,
        "document_id": event.document_id,
        "cluster_id": event.cluster_id,
        "event_type": event.event_type,
        "sub_type": event.sub_type,
        "acled_event_type": event.acled_event_type or mapping.get("acled_event_type"),
        "acled_sub_event_type": event.acled_sub_event_type or mapping.get("acled_sub_event_type"),
        "plover": event.plover or mapping.get("plover"),
        "modality": event.modality,
        "genericity": event.genericity,
        "time_start": event.time.start,
        "time_end": event.time.end,
        "time_precision": event.time.precision,
        "actor1": ";".join(actor_ids(event, "actor1")),
        "actor2": ";".join(actor_ids(event, "actor2")),
        "location": loc.name if loc else None,
        "name_ar": loc.name_ar if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "location_precision": loc.precision if loc else None,
        "fatalities": format_quantity(event.fatalities),
        "injuries": format_quantity(event.injuries),
        "casualties": format_quantity(event.casualties),
        "attribution_source": event.attribution.source if event.attribution else None,
        "evidence": event.evidence.sentence,
        "confidence": round(event.confidence, 3),
    }


def write_events(events: Sequence[Event], fmt: str, stream: TextIO) -> None:
    """Write ``events`` to ``stream`` in ``fmt``, one of ``FORMATS``."""
    writers: dict[str, Callable[[Sequence[Event], TextIO], None]] = {
        "table": _write_event_table,
        "json": _write_json,
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "geojson": _write_geojson,
    }
    if fmt not in writers:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    writers[fmt](events, stream)


def _write_json(events: Sequence[Event], stream: TextIO) -> None:
    json.dump([e.to_dict() for e in events], stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def _write_jsonl(events: Sequence[Event], stream: TextIO) -> None:
    for event in events:
        stream.write(json.dumps(event.to_dict(), ensure_ascii=False))
        stream.write("\n")


def _write_csv(events: Sequence[Event], stream: TextIO) -> None:
    # QUOTE_MINIMAL quotes every cell holding a comma, quote or line break; rows end in CRLF (RFC 4180).
    writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for event in events:
        writer.writerow({k: "" if v is None else v for k, v in flatten_event(event).items()})


def point_features(events: Iterable[Event]) -> tuple[list[dict[str, Any]], list[str]]:
    """GeoJSON Point features of the located events (flat rows as properties), and the ids of the rest."""
    features: list[dict[str, Any]] = []
    unlocated: list[str] = []
    for event in events:
        loc = event.location
        if loc is None or loc.lat is None or loc.lon is None:
            unlocated.append(event.id)
            continue
        features.append(
            {
                "type": "Feature",
                "id": event.id,
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": flatten_event(event),
            }
        )
    return features, unlocated


def _write_geojson(events: Sequence[Event], stream: TextIO) -> None:
    features, unlocated = point_features(events)
    collection = {"type": "FeatureCollection", "features": features, "unlocated": unlocated}
    json.dump(collection, stream, ensure_ascii=False)
    stream.write("\n")


def _event_date(event: Event) -> str:
    start, end = event.time.start, event.time.end
    if start and end and end != start:
        return f"{start}..{end}"
    return start or end or "?"


def _actor_side(event: Event, role: str) -> str:
    # People read names where the dictionary has no id.
    labels = [a.id or a.name or a.text for a in event.actors if a.role == role]
    return ", ".join(dict.fromkeys(label for label in labels if label))


def _event_table_row(event: Event) -> list[str]:
    loc = event.location
    place = ""
    if loc is not None:
        place = loc.name or loc.name_ar or loc.admin1 or ""
    sides = _actor_side(event, "actor1") or "?"
    target = _actor_side(event, "actor2")
    return [
        event.id,
        _event_date(event),
        event.event_type,
        f"{sides} -> {target}" if target else sides,
        place,
        format_quantity(event.fatalities),
    ]


def _write_event_table(events: Sequence[Event], stream: TextIO) -> None:
    write_table([_event_table_row(e) for e in events], TABLE_HEADERS, stream)


def display_width(text: str) -> int:
    """Terminal columns that ``text`` takes: combining marks take none, wide characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _cell(value: str) -> str:
    return " ".join(str(value).split())


def write_table(rows: Sequence[Sequence[str]], headers: Sequence[str], stream: TextIO) -> None:
    """Write an aligned plain-text table with a header line and a rule; text is left as written."""
    cells = [[_cell(h) for h in headers], *[[_cell(c) for c in row] for row in rows]]
    columns = max(len(r) for r in cells)
    widths = [max((display_width(r[i]) for r in cells if i < len(r)), default=0) for i in range(columns)]

    def line(row: Sequence[str]) -> str:
        padded = [c + " " * (widths[i] - display_width(c)) for i, c in enumerate(row)]
        return "  ".join(padded).rstrip()

    stream.write(line(cells[0]) + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells[1:]:
        stream.write(line(row) + "\n")
