"""Other datasets' events as rasid records: UCDP GED and ACLED CSV rows -> ``ExtractionResult``.

The mapping is pure (``result_from_ucdp_row``, ``result_from_acled_row``: one CSV row in, one
document with one event out) and driven by the data files ``data/mappings/ucdp_ged.toml`` and
``data/mappings/acled.toml``; ``read_dataset`` reads a whole file and validates every row
before anything is stored, raising ``MalformedRecordError`` with the line number of the first
bad row. Provenance: the document's id and origin are ``ucdp-ged:ID`` / ``acled:ID``, its
``source`` the dataset's source office or sources, its text the row's headline or notes plus
a line naming the dataset and id; the event has the same id and the importer's name as
``extractor``.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from rasid.data import read_toml
from rasid.errors import MalformedRecordError, SourceNotFoundError, UnreadableInputError
from rasid.records import (
    ActorRef,
    Attribution,
    Document,
    Event,
    Evidence,
    ExtractionResult,
    Place,
    Quantity,
    TimeValue,
)

FORMATS = ("ucdp-ged", "acled")
REGIME_FALL = date(2024, 12, 8)
_MAPPING_FILES = {"ucdp-ged": "mappings/ucdp_ged.toml", "acled": "mappings/acled.toml"}


class RowError(ValueError):
    """A row that cannot be mapped; the reader adds the file and line."""


@cache
def load_mapping(fmt: str) -> dict[str, Any]:
    """The mapping table of a dataset format (``ucdp-ged`` or ``acled``), parsed once."""
    if fmt not in _MAPPING_FILES:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return read_toml(_MAPPING_FILES[fmt])


@cache
def _ontology() -> dict[str, Any]:
    types: dict[str, Any] = read_toml("ontology.toml")["types"]
    return types


@cache
def _patterns(fmt: str, table: str) -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    return tuple(
        (re.compile(p["pattern"], re.IGNORECASE), str(p["id"]), bool(p.get("whole_name", False)))
        for p in load_mapping(fmt).get(table, [])
    )


def _state_by_date(actor_id: str, day: date | None) -> str:
    if actor_id != "SYRIAN_STATE":
        return actor_id
    return "SYR_GOV" if day is not None and day >= REGIME_FALL else "SYR_REGIME"


def ucdp_side_ids(name: str) -> list[tuple[str, str | None]]:
    """The parties a GED side names, as ``(name, actor id or None)``, comma lists split."""
    mapping = load_mapping("ucdp-ged")
    name = name.strip()
    if not name:
        return []
    sides: Mapping[str, str] = mapping["sides"]
    if name in sides:
        return [(name, sides[name] or None)]
    for pattern, actor_id, whole in _patterns("ucdp-ged", "side_pattern"):
        if whole and pattern.search(name):
            return [(name, actor_id)]
    if "," in name:
        return [pair for part in name.split(",") for pair in ucdp_side_ids(part)]
    for pattern, actor_id, whole in _patterns("ucdp-ged", "side_pattern"):
        if not whole and pattern.search(name):
            return [(name, actor_id)]
    return [(name, None)]


def acled_actor_id(name: str, day: date | None) -> str | None:
    """The actor id of an ACLED actor name (first matching pattern), or None."""
    for pattern, actor_id, _ in _patterns("acled", "actor_pattern"):
        if pattern.search(name):
            return _state_by_date(actor_id, day)
    return None


def _text(row: Mapping[str, str | None], column: str) -> str:
    return (row.get(column) or "").strip()


def _int(row: Mapping[str, str | None], column: str, *, required: bool = False) -> int | None:
    value = _text(row, column)
    if not value:
        if required:
            raise RowError(f"column {column} is empty")
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"column {column} is not a number: {value!r}") from None
    if number != int(number) or number < 0:
        raise RowError(f"column {column} is not a whole number >= 0: {value!r}")
    return int(number)


def _float(row: Mapping[str, str | None], column: str) -> float | None:
    value = _text(row, column)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise RowError(f"column {column} is not a number: {value!r}") from None


def _iso(row: Mapping[str, str | None], column: str, formats: tuple[str, ...] = ("%Y-%m-%d",)) -> date:
    value = _text(row, column)
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"column {column} is not a date: {value!r}")


def _coordinates(row: Mapping[str, str | None]) -> tuple[float | None, float | None]:
    lat, lon = _float(row, "latitude"), _float(row, "longitude")
    if lat is not None and not -90 <= lat <= 90:
        raise RowError(f"latitude out of range: {lat}")
    if lon is not None and not -180 <= lon <= 180:
        raise RowError(f"longitude out of range: {lon}")
    return lat, lon


def _document_and_evidence(
    prefix: str, record_id: str, body: str, note: str, **fields: Any
) -> tuple[Document, Evidence]:
    body = " ".join(body.split())
    text = f"{body}\n{note}" if body else note
    first = body or note
    document = Document(
        id=f"{prefix}:{record_id}", text=text, language="en", origin=f"{prefix}:{record_id}", **fields
    )
    return document, Evidence(sentence=first, span=(0, len(first)))


def _ontology_codes(event_type: str) -> dict[str, Any]:
    entry = _ontology().get(event_type, {})
    return {
        "acled_event_type": entry.get("acled_event_type"),
        "acled_sub_event_type": entry.get("acled_sub_event_type"),
        "plover": entry.get("plover"),
    }


def result_from_ucdp_row(row: Mapping[str, str | None]) -> ExtractionResult:
    """One GED row -> a document and its event (see ``data/mappings/ucdp_ged.toml``); ``RowError`` if bad."""
    mapping = load_mapping("ucdp-ged")
    record_id = _text(row, "id")
    if not record_id:
        raise RowError("column id is empty")
    violence = _text(row, "type_of_violence")
    kind = mapping["type_of_violence"].get(violence)
    if kind is None:
        raise RowError(f"type_of_violence must be 1, 2 or 3, not {violence!r}")
    first, last = _iso(row, "date_start"), _iso(row, "date_end")
    if last < first:
        raise RowError(f"date_end {last} is before date_start {first}")
    best = _int(row, "best", required=True)
    low, high = _int(row, "low"), _int(row, "high")
    deaths_a, deaths_b = _int(row, "deaths_a") or 0, _int(row, "deaths_b") or 0
    side_a, side_b = ucdp_side_ids(_text(row, "side_a")), ucdp_side_ids(_text(row, "side_b"))
    if not side_a:
        raise RowError("column side_a is empty")
    if kind == "one_sided":
        event_type, roles = "attack_on_civilians", (("actor1", side_a), ("victim", side_b))
    elif (deaths_a > 0) != (deaths_b > 0):
        # exactly one side lost people: the other one is taken to be the attacker
        attacker, target = (side_b, side_a) if deaths_a > 0 else (side_a, side_b)
        event_type, roles = "attack", (("actor1", attacker), ("actor2", target))
    else:
        event_type, roles = "clash", (("actor1", side_a), ("actor2", side_b))
    precision = mapping["date_prec"].get(_text(row, "date_prec"), "day" if first == last else "unknown")
    lat, lon = _coordinates(row)
    admin1_raw = _text(row, "adm_1")
    office = _text(row, "source_office") or None
    note = (
        f"UCDP GED event {record_id} ({_text(row, 'dyad_name') or _text(row, 'side_a')}; "
        f"{_text(row, 'where_coordinates') or admin1_raw or 'place unknown'}; {first.isoformat()}"
        f"{'' if last == first else ' to ' + last.isoformat()}; source: {office or 'unknown'})"
    )
    published = _text(row, "source_date")[:10] or first.isoformat()
    document, evidence = _document_and_evidence(
        "ucdp-ged",
        record_id,
        _text(row, "source_headline"),
        note,
        published=published,
        source=office,
        title=None,
    )
    actors = tuple(
        ActorRef(role=role, id=actor_id, name=name, text=name, span=(0, 0))
        for role, side in roles
        for name, actor_id in side
    )
    place = Place(
        name=_text(row, "where_coordinates") or admin1_raw or "unknown",
        lat=lat,
        lon=lon,
        admin1=mapping["admin1"].get(admin1_raw, admin1_raw or None),
        admin2=_text(row, "adm_2").removesuffix(" district") or None,
        country="SY" if _text(row, "country") in ("", "Syria") else None,
        precision=mapping["where_prec"].get(_text(row, "where_prec"), "unknown"),
    )
    event = Event(
        id=document.id,
        event_type=event_type,
        modality="asserted",
        genericity="specific",
        evidence=evidence,
        actors=actors,
        location=place,
        time=TimeValue(start=first.isoformat(), end=last.isoformat(), precision=precision),
        fatalities=Quantity(count=best, min=low, max=high),
        attribution=Attribution(source=office, text=office) if office else None,
        sub_type=f"ucdp type_of_violence {violence}",
        confidence=1.0,
        extractor=mapping["dataset"]["extractor"],
        **_ontology_codes(event_type),
    )
    return ExtractionResult(document=document, events=(event,))


def _acled_names(row: Mapping[str, str | None], *columns: str) -> list[str]:
    names = []
    for column in columns:
        names += [part.strip() for part in _text(row, column).split(";") if part.strip()]
    return names


def result_from_acled_row(row: Mapping[str, str | None]) -> ExtractionResult:
    """One ACLED row -> a document and its event (see ``data/mappings/acled.toml``); ``RowError`` if bad."""
    mapping = load_mapping("acled")
    record_id = _text(row, "event_id_cnty")
    if not record_id:
        raise RowError("column event_id_cnty is empty")
    day = _iso(row, "event_date", tuple(mapping["dataset"]["date_formats"]))
    acled_type, acled_sub = _text(row, "event_type"), _text(row, "sub_event_type")
    types = {key.lower(): value for key, value in mapping["types"].items()}
    event_type = types.get(f"{acled_type}/{acled_sub}".lower())
    if event_type is None:
        raise RowError(f"unknown event_type/sub_event_type {acled_type!r}/{acled_sub!r}")
    precision = mapping["time_precision"].get(_text(row, "time_precision") or "1")
    if precision is None:
        raise RowError(f"time_precision must be 1, 2 or 3, not {_text(row, 'time_precision')!r}")
    fatalities = _int(row, "fatalities")
    lat, lon = _coordinates(row)
    first_names = _acled_names(row, "actor1", "assoc_actor_1")
    if not first_names:
        raise RowError("column actor1 is empty")
    actors = []
    for role, names in (("actor1", first_names), ("actor2", _acled_names(row, "actor2", "assoc_actor_2"))):
        for name in names:
            actor_id = acled_actor_id(name, day)
            shown_role = "victim" if actor_id == "CIV" and role == "actor2" else role
            actors.append(ActorRef(role=shown_role, id=actor_id, name=name, text=name, span=(0, 0)))
    admin1_raw = _text(row, "admin1")
    source = _text(row, "source") or None
    note = (
        f"ACLED event {record_id} ({acled_type} / {acled_sub}; "
        f"{_text(row, 'location') or admin1_raw or 'place unknown'}; {day.isoformat()}; "
        f"source: {source or 'unknown'})"
    )
    document, evidence = _document_and_evidence(
        "acled", record_id, _text(row, "notes"), note, published=day.isoformat(), source=source, title=None
    )
    start, end = day, day
    if precision == "month":
        start = day.replace(day=1)
        end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif precision == "week":
        start = date.fromordinal(day.toordinal() - day.weekday())
        end = date.fromordinal(start.toordinal() + 6)
    ontology = _ontology_codes(event_type)
    event = Event(
        id=document.id,
        event_type=event_type,
        modality="asserted",
        genericity="specific",
        evidence=evidence,
        actors=tuple(actors),
        location=Place(
            name=_text(row, "location") or admin1_raw or "unknown",
            lat=lat,
            lon=lon,
            admin1=mapping["admin1"].get(admin1_raw, admin1_raw or None),
            admin2=_text(row, "admin2") or None,
            country="SY" if _text(row, "country") in ("", "Syria") else None,
            precision=mapping["geo_precision"].get(_text(row, "geo_precision"), "unknown"),
        ),
        time=TimeValue(start=start.isoformat(), end=end.isoformat(), precision=precision),
        fatalities=None if fatalities is None else Quantity(count=fatalities, min=fatalities, max=fatalities),
        attribution=Attribution(source=source, text=source) if source else None,
        sub_type=f"acled {acled_sub}",
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        plover=ontology["plover"],
        confidence=1.0,
        extractor=mapping["dataset"]["extractor"],
    )
    return ExtractionResult(document=document, events=(event,))


ROW_MAPPERS = {"ucdp-ged": result_from_ucdp_row, "acled": result_from_acled_row}


@dataclass(frozen=True, slots=True)
class DatasetRow:
    """One mapped row and the line of the file it starts on."""

    line: int
    result: ExtractionResult


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str | None]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        start = 2
        for row in reader:
            yield start, row
            start = reader.line_num + 1


def read_dataset(path: Path, fmt: str) -> list[DatasetRow]:
    """Read and map every row of a GED or ACLED CSV file, all or nothing.

    Raises ``SourceNotFoundError`` for a missing file, ``UnreadableInputError`` when it cannot
    be read or decoded, and ``MalformedRecordError`` (``where`` = ``FILE:LINE``) for a missing
    column, a row that cannot be mapped or an id that repeats.
    """
    mapping = load_mapping(fmt)
    mapper = ROW_MAPPERS[fmt]
    if not path.is_file():
        raise SourceNotFoundError(f"no such file: {path}")
    out: list[DatasetRow] = []
    seen: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
        if header is None:
            raise MalformedRecordError("the file is empty: a header line is needed", where=f"{path}:1")
        missing = [c for c in mapping["dataset"]["required_columns"] if c not in header]
        if missing:
            raise MalformedRecordError(
                f"not a {mapping['dataset']['name']} file: column(s) {', '.join(missing)} missing",
                where=f"{path}:1",
            )
        for line, row in _rows(path):
            if None in row:
                raise MalformedRecordError("the row has more fields than the header", where=f"{path}:{line}")
            try:
                result = mapper(row)
            except RowError as exc:
                raise MalformedRecordError(str(exc), where=f"{path}:{line}") from None
            if result.document.id in seen:
                raise MalformedRecordError(
                    f"id {result.document.id} repeats line {seen[result.document.id]}", where=f"{path}:{line}"
                )
            seen[result.document.id] = line
            out.append(DatasetRow(line, result))
    except UnicodeDecodeError as exc:
        raise UnreadableInputError(f"not UTF-8 text: {exc.reason}", where=str(path)) from exc
    except csv.Error as exc:
        raise MalformedRecordError(f"not valid CSV: {exc}", where=str(path)) from exc
    except OSError as exc:
        raise UnreadableInputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    return out
