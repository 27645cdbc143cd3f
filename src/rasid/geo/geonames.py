"""Building a gazetteer index from GeoNames dumps (``rasid gazetteer import``).

Reads a country dump (``SY.txt``: 19 tab-separated columns, no header) and, optionally,
``alternateNamesV2.txt`` (or the older 8-column ``alternateNames.txt``), line by line: the world
alternate-names file is large, so only names of the places kept from the country dump are kept,
and only in Arabic (``ar``, ``ar-*``), English (``en``) or no stated language. Kept feature
classes: P (populated places), A (administrative units), L (areas), S (spots), H (water),
T (relief).

Admin1/admin2 come from the bundled gazetteer, not from a code table: a GeoNames admin1 code
becomes the governorate whose seat (the bundled governorate point) is nearest to most of the
places carrying that code (a place without a code: its nearest seat); admin2 is the district
of the nearest bundled district seat within that governorate.

The index (read by ``rasid.geo.index``) is written to a temporary file beside the output and
renamed into place only when complete: a malformed line raises ``MalformedRecordError`` naming
the file and line, and leaves any existing index untouched.

Reads: GeoNames dump files. Writes: one SQLite file.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rasid.errors import DataFileError, MalformedRecordError, UnreadableInputError
from rasid.geo.gazetteer import Gazetteer, GazetteerEntry, is_arabic
from rasid.geo.index import FORMAT_VERSION, distance_km, loose_name_key
from rasid.text.normalize import normalize_key

logger = logging.getLogger(__name__)

PLACE_COLUMNS = 19
ALTERNATE_COLUMNS = (8, 10)
KEPT_CLASSES = frozenset("PALSHT")
KEPT_LANGUAGES = frozenset({"", "ar", "en"})
PROGRESS_EVERY = 100_000
_BATCH = 5_000
_TOWN_POPULATION = 10_000
_TOWN_CODES = frozenset({"PPLC", "PPLA", "PPLA2", "PPLA3", "PPLG"})
_ADMIN_KINDS = {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict"}
_POINT_CODES = frozenset({"WLL", "WLLS", "SPNG", "SPNGS", "MT", "HLL", "HLLS", "PK", "PKS", "MTS", "CAVE"})

Progress = Callable[[str, int], None]

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, asciiname TEXT NOT NULL, name_ar TEXT,
    lat REAL NOT NULL, lon REAL NOT NULL, feature_class TEXT NOT NULL, feature_code TEXT NOT NULL,
    kind TEXT NOT NULL, population INTEGER, admin1_code TEXT, admin1 TEXT, admin2 TEXT
);
CREATE TABLE names (
    key TEXT NOT NULL, loose TEXT NOT NULL, geonameid INTEGER NOT NULL, name TEXT NOT NULL,
    lang TEXT NOT NULL, UNIQUE (key, geonameid)
);
"""
_INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX names_loose ON names (loose);
"""


@dataclass(frozen=True, slots=True)
class GeoNamesPlace:
    """One kept line of a GeoNames country dump."""

    geonameid: int
    name: str
    asciiname: str
    alternatenames: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    admin1_code: str
    population: int | None


@dataclass(frozen=True, slots=True)
class AlternateName:
    """One kept line of a GeoNames alternate-names file."""

    geonameid: int
    lang: str
    name: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import wrote."""

    path: Path
    places: int
    names: int
    arabic_names: int
    skipped_places: int
    alternate_lines: int


def kind_of(feature_class: str, feature_code: str, population: int | None) -> str:
    """The gazetteer kind of a GeoNames feature (``town``, ``village``, ``district`` ...)."""
    if feature_class == "A":
        if feature_code.startswith("PCL"):
            return "country"
        return _ADMIN_KINDS.get(feature_code, "region")
    if feature_class == "P":
        large = feature_code in _TOWN_CODES or (population or 0) >= _TOWN_POPULATION
        return "town" if large else "village"
    if feature_code == "OILF":
        return "oilfield"
    if feature_class == "S" or feature_code in _POINT_CODES:
        return "landmark"
    return "region"


def _read_lines(path: Path) -> Iterator[tuple[int, list[bytes]]]:
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.rstrip(b"\r\n")
                if line.strip():
                    yield number, line.split(b"\t")
    except OSError as exc:
        raise UnreadableInputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc


def _text(value: bytes, where: str) -> str:
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise MalformedRecordError(f"not UTF-8 ({exc.reason})", where=where) from exc


def _number(value: str, what: str, where: str, *, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not low <= number <= high:
        raise MalformedRecordError(f"{what} {value!r} is not a number in [{low:g}, {high:g}]", where=where)
    return number


def parse_place_fields(fields: Sequence[bytes], *, where: str) -> GeoNamesPlace:
    """One country-dump line, split on tabs, checked (raises ``MalformedRecordError``)."""
    if len(fields) != PLACE_COLUMNS:
        raise MalformedRecordError(
            f"expected {PLACE_COLUMNS} tab-separated columns, found {len(fields)}", where=where
        )
    values = [_text(f, where) for f in fields]
    if not values[0].isdigit():
        raise MalformedRecordError(f"geonameid {values[0]!r} is not a number", where=where)
    population_text = values[14]
    if population_text and not population_text.isdigit():
        raise MalformedRecordError(f"population {population_text!r} is not a whole number", where=where)
    return GeoNamesPlace(
        geonameid=int(values[0]),
        name=values[1],
        asciiname=values[2],
        alternatenames=tuple(n.strip() for n in values[3].split(",") if n.strip()),
        lat=_number(values[4], "latitude", where, low=-90, high=90),
        lon=_number(values[5], "longitude", where, low=-180, high=180),
        feature_class=values[6],
        feature_code=values[7],
        admin1_code=values[10],
        population=int(population_text) or None if population_text else None,
    )


def read_places(path: Path) -> Iterator[GeoNamesPlace]:
    """Every line of a GeoNames country dump, streamed and checked."""
    for number, fields in _read_lines(path):
        yield parse_place_fields(fields, where=f"{path}:{number}")


def read_alternate_names(
    path: Path, *, ids: set[int] | frozenset[int], progress: Progress | None = None
) -> Iterator[AlternateName]:
    """The Arabic, English and language-less names of the places in ``ids``, streamed; other lines are
    skipped after a column-count and id check (a malformed line raises ``MalformedRecordError``)."""
    for number, fields in _read_lines(path):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(str(path), number)
        where = f"{path}:{number}"
        if len(fields) not in ALTERNATE_COLUMNS:
            expected = " or ".join(str(n) for n in ALTERNATE_COLUMNS)
            raise MalformedRecordError(
                f"expected {expected} tab-separated columns, found {len(fields)}", where=where
            )
        if not fields[1].isdigit():
            raise MalformedRecordError(f"geonameid {fields[1]!r} is not a number", where=where)
        if int(fields[1]) not in ids:
            continue
        lang = _text(fields[2], where)
        if lang.lower() not in KEPT_LANGUAGES and not lang.lower().startswith("ar-"):
            continue
        name = _text(fields[3], where)
        if name:
            yield AlternateName(int(fields[1]), lang, name, _text(fields[4], where) == "1")


def _nearest(lat: float, lon: float, seats: Iterable[GazetteerEntry]) -> GazetteerEntry | None:
    return min(seats, key=lambda e: distance_km(lat, lon, e.lat, e.lon), default=None)


def assign_admin(
    places: Sequence[tuple[int, float, float, str, str]], gazetteer: Gazetteer
) -> dict[int, tuple[str | None, str | None]]:
    """admin1/admin2 for ``(geonameid, lat, lon, admin1_code, kind)`` rows, from the bundled seats
    (see the module docstring): a code's governorate by a vote of its places' nearest seats."""
    governorates = [e for e in gazetteer.entries if e.kind == "governorate"]
    districts = [e for e in gazetteer.entries if e.kind == "district"]
    nearest_gov = {gid: _nearest(lat, lon, governorates) for gid, lat, lon, _, _ in places}
    votes: dict[str, Counter[str]] = {}
    for gid, _, _, code, _ in places:
        seat = nearest_gov[gid]
        if code and seat is not None and seat.admin1:
            votes.setdefault(code, Counter())[seat.admin1] += 1
    by_code = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    out: dict[int, tuple[str | None, str | None]] = {}
    for gid, lat, lon, code, kind in places:
        if kind == "country":
            out[gid] = (None, None)
            continue
        seat = nearest_gov[gid]
        admin1 = by_code.get(code) or (seat.admin1 if seat else None)
        if kind == "governorate":
            out[gid] = (admin1, None)
            continue
        district = _nearest(lat, lon, [d for d in districts if d.admin1 == admin1] or districts)
        out[gid] = (admin1, district.admin2 if district else None)
    return out


class _Builder:
    """Writes one index into an open SQLite connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.names = 0
        self.arabic = 0
        self.arabic_name: dict[int, tuple[int, str]] = {}  # geonameid -> (rank, name); lower is better
        self._pending: list[tuple[str, str, int, str, str]] = []

    def add_name(self, geonameid: int, name: str, lang: str, *, rank: int | None = None) -> None:
        key = normalize_key(name)
        if key:
            self._pending.append((key, loose_name_key(name) or key, geonameid, name, lang))
            if len(self._pending) >= _BATCH:
                self.flush()
        if rank is not None and is_arabic(name):
            best = self.arabic_name.get(geonameid)
            if best is None or rank < best[0]:
                self.arabic_name[geonameid] = (rank, name)

    def flush(self) -> None:
        # A later, more specific language replaces an unknown one for the same spelling.
        self.db.executemany(
            "INSERT INTO names (key, loose, geonameid, name, lang) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (key, geonameid) DO UPDATE SET lang = excluded.lang WHERE names.lang = ''",
            self._pending,
        )
        self._pending.clear()


def _write_index(
    db: sqlite3.Connection,
    places_path: Path,
    alternate_path: Path | None,
    gazetteer: Gazetteer,
    progress: Progress | None,
) -> tuple[int, int, int, int, int]:
    db.executescript(_SCHEMA)
    builder = _Builder(db)
    kept: list[tuple[int, float, float, str, str]] = []
    skipped = 0
    seen: set[int] = set()
    rows: list[tuple[object, ...]] = []
    for place in read_places(places_path):
        if place.feature_class not in KEPT_CLASSES:
            skipped += 1
            continue
        if place.geonameid in seen:
            raise MalformedRecordError(f"geonameid {place.geonameid} appears twice", where=str(places_path))
        seen.add(place.geonameid)
        kind = kind_of(place.feature_class, place.feature_code, place.population)
        kept.append((place.geonameid, place.lat, place.lon, place.admin1_code, kind))
        rows.append(
            (place.geonameid, place.name, place.asciiname, place.lat, place.lon, place.feature_class,
             place.feature_code, kind, place.population, place.admin1_code)
        )  # fmt: skip
        for name in dict.fromkeys((place.name, place.asciiname, *place.alternatenames)):
            builder.add_name(place.geonameid, name, "", rank=3)
        if len(rows) >= _BATCH:
            _insert_places(db, rows)
    _insert_places(db, rows)
    alternate_lines = 0
    if alternate_path is not None:
        ids = frozenset(k[0] for k in kept)
        for alt in read_alternate_names(alternate_path, ids=ids, progress=progress):
            alternate_lines += 1
            arabic_rank = (0 if alt.preferred else 1) if alt.lang.lower().startswith("ar") else 2
            builder.add_name(alt.geonameid, alt.name, alt.lang, rank=arabic_rank)
    builder.flush()
    db.executemany(
        "UPDATE places SET name_ar = ? WHERE geonameid = ?",
        [(name, gid) for gid, (_, name) in builder.arabic_name.items()],
    )
    admin = assign_admin(kept, gazetteer)
    db.executemany(
        "UPDATE places SET admin1 = ?, admin2 = ? WHERE geonameid = ?",
        [(a1, a2, gid) for gid, (a1, a2) in admin.items()],
    )
    db.executescript(_INDEXES)
    names = int(db.execute("SELECT COUNT(*) FROM names").fetchone()[0])
    arabic = sum(1 for (name,) in db.execute("SELECT name FROM names") if is_arabic(name))
    return len(kept), names, arabic, skipped, alternate_lines


def _insert_places(db: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    db.executemany(
        "INSERT INTO places (geonameid, name, asciiname, lat, lon, feature_class, feature_code, kind, "
        "population, admin1_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    rows.clear()


def build_index(
    places_path: Path,
    *,
    output: Path,
    alternate_names: Path | None = None,
    gazetteer: Gazetteer | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Build the index at ``output`` from a GeoNames country dump (and alternate names).

    The file is written beside ``output`` under a temporary name and renamed into place when
    complete; on any error the temporary file is removed and ``output`` is left as it was.
    ``progress(file, lines)`` is called every ``PROGRESS_EVERY`` alternate-name lines.
    """
    gaz = gazetteer or Gazetteer.load_default()
    output = Path(output).expanduser()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(
            f"cannot create the index folder: {exc.strerror or exc}", where=str(output)
        ) from exc
    # Not mkstemp: SQLite creates the file, so it gets the usual permissions rather than 0600.
    temp = output.parent / f".{output.name}.{uuid.uuid4().hex}.tmp"
    try:
        db = sqlite3.connect(temp)
        try:
            with db:
                places, names, arabic, skipped, alternate_lines = _write_index(
                    db, places_path, alternate_names, gaz, progress
                )
                sources = "\t".join(str(p.name) for p in (places_path, alternate_names) if p is not None)
                meta = {
                    "format_version": FORMAT_VERSION,
                    "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "sources": sources,
                    "places": str(places),
                    "names": str(names),
                    "arabic_names": str(arabic),
                }
                db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
        finally:
            db.close()
        os.replace(temp, output)
    except (sqlite3.Error, OSError) as exc:
        temp.unlink(missing_ok=True)
        raise DataFileError(f"cannot write the gazetteer index: {exc}", where=str(output)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    logger.info("gazetteer index %s: %d places, %d names", output, places, names)
    return ImportSummary(output, places, names, arabic, skipped, alternate_lines)
