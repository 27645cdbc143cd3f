"""Reading a GeoNames index built by ``rasid gazetteer import`` (see ``rasid.geo.geonames``).

The index is a SQLite file: ``places`` (one row per GeoNames feature, with the admin1/admin2 the
import assigned), ``names`` (every kept spelling, with its ``normalize_key`` and a looser key) and
``meta`` (counts, build date, sources). ``GazetteerIndex.lookup`` answers typed names with
``GazetteerEntry`` objects keyed ``geonames.<id>``, so that ``resolve_place`` and ``rasid geocode``
can use them like bundled entries. It is never loaded into the phrase matcher: running text keeps
the bundled gazetteer.

Where the index lives: ``$RASID_GAZETTEER`` or ``~/.local/share/rasid/gazetteer.sqlite``.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rasid.errors import DataFileError
from rasid.geo.gazetteer import (
    KIND_RANK,
    KINDS,
    Gazetteer,
    GazetteerEntry,
    arabic_loose_key,
    is_arabic,
    latin_loose_key,
)
from rasid.text.normalize import normalize_key

logger = logging.getLogger(__name__)

ENV_VAR = "RASID_GAZETTEER"
DEFAULT_INDEX = Path("~/.local/share/rasid/gazetteer.sqlite")
FORMAT_VERSION = "1"
KEY_PREFIX = "geonames."
DEFAULT_LIMIT = 20
# An imported place this close to a bundled place of a compatible kind is that bundled place.
SAME_PLACE_KM = 3.0
_POINT_KINDS = frozenset({"town", "village"})
_EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """What ``rasid gazetteer info`` shows about an index."""

    path: Path
    places: int
    names: int
    arabic_names: int
    built_at: str
    sources: tuple[str, ...]


def default_index_path() -> Path:
    """Where the imported index is: ``$RASID_GAZETTEER``, else ``~/.local/share/rasid/gazetteer.sqlite``."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_INDEX.expanduser()


def loose_name_key(name: str) -> str:
    """The looser lookup key of a name: articles dropped; Latin names also lose accents and punctuation."""
    return arabic_loose_key(name) if is_arabic(name) else latin_loose_key(name)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


_PLACE_COLUMNS = "geonameid, name, name_ar, lat, lon, kind, population, admin1, admin2"


class GazetteerIndex:
    """A read-only GeoNames index: ``lookup(name)`` for typed names, ``get(key)``, ``entries()``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise DataFileError(
                "no gazetteer index here (run `rasid gazetteer import`)", where=str(self.path)
            )
        try:
            self._db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            version = self._meta().get("format_version")
        except sqlite3.DatabaseError as exc:
            raise DataFileError(f"not a gazetteer index ({exc})", where=str(self.path)) from exc
        if version != FORMAT_VERSION:
            self._db.close()
            raise DataFileError(f"unsupported gazetteer index format {version!r}", where=str(self.path))

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def _meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._db.execute("SELECT key, value FROM meta")}

    def __len__(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM places").fetchone()
        return int(row[0])

    def info(self) -> IndexInfo:
        """Counts, build date and source files of this index."""
        meta = self._meta()
        return IndexInfo(
            path=self.path,
            places=int(meta.get("places", "0")),
            names=int(meta.get("names", "0")),
            arabic_names=int(meta.get("arabic_names", "0")),
            built_at=meta.get("built_at", ""),
            sources=tuple(s for s in meta.get("sources", "").split("\t") if s),
        )

    def get(self, key: str) -> GazetteerEntry | None:
        """The entry keyed ``geonames.<id>``, if the index has it."""
        if not key.startswith(KEY_PREFIX) or not key[len(KEY_PREFIX) :].isdigit():
            return None
        row = self._db.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE geonameid = ?", (int(key[len(KEY_PREFIX) :]),)
        ).fetchone()
        return _entry(row) if row else None

    def entries(self) -> Iterator[GazetteerEntry]:
        """Every entry of the index, by GeoNames id (streamed, not loaded at once)."""
        for row in self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM places ORDER BY geonameid"):
            yield _entry(row)

    def lookup(self, name: str, *, limit: int = DEFAULT_LIMIT) -> list[GazetteerEntry]:
        """The entries ``name`` can mean, best first: exact key matches, then loose ones (no article,
        no accents); within a tier a governorate before a district, a town, a village ..., then the
        larger population."""
        text = " ".join(name.split())
        if not text:
            return []
        found: dict[int, tuple[int, GazetteerEntry]] = {}
        for tier, column, key in ((0, "key", normalize_key(text)), (1, "loose", loose_name_key(text))):
            if not key:
                continue
            rows = self._db.execute(
                f"SELECT DISTINCT {', '.join('p.' + c.strip() for c in _PLACE_COLUMNS.split(','))} "
                f"FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.{column} = ?",
                (key,),
            )
            for row in rows:
                found.setdefault(int(row[0]), (tier, _entry(row)))
        ordered = sorted(found.values(), key=lambda item: (item[0], *_rank(item[1])))
        return [entry for _, entry in ordered[:limit]]


def _rank(entry: GazetteerEntry) -> tuple[int, int, str]:
    return (KIND_RANK.get(entry.kind, len(KINDS)), -(entry.population or 0), entry.key)


def _entry(row: tuple[object, ...]) -> GazetteerEntry:
    geonameid, name, name_ar, lat, lon, kind, population, admin1, admin2 = row
    return GazetteerEntry(
        key=f"{KEY_PREFIX}{geonameid}",
        kind=str(kind),
        name=str(name),
        name_ar=str(name_ar or ""),
        aliases=(),
        lat=float(str(lat)),
        lon=float(str(lon)),
        admin1=str(admin1) if admin1 else None,
        admin2=str(admin2) if admin2 else None,
        population=int(str(population)) if population else None,
    )


_OPEN: dict[Path, tuple[tuple[int, int], GazetteerIndex]] = {}


def open_default_index() -> GazetteerIndex | None:
    """The index at ``default_index_path()`` if there is one (reopened when the file changes), else None."""
    path = default_index_path()
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _OPEN.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        index = GazetteerIndex(path)
    except DataFileError as exc:
        logger.warning("ignoring the imported gazetteer: %s", exc)
        return None
    if cached is not None:
        cached[1].close()
    _OPEN[path] = (stamp, index)
    return index


def _same_place(imported: GazetteerEntry, bundled: GazetteerEntry) -> bool:
    compatible = imported.kind == bundled.kind or {imported.kind, bundled.kind} <= _POINT_KINDS
    return compatible and distance_km(imported.lat, imported.lon, bundled.lat, bundled.lon) <= SAME_PLACE_KM


def lookup_imported(name: str, *, bundled: Gazetteer | None = None) -> list[GazetteerEntry]:
    """``lookup(name)`` in the default imported index ([] without one). With ``bundled``, an imported
    place that is a bundled place (a compatible kind within ``SAME_PLACE_KM``) is replaced by the
    bundled entry, so a new spelling of a known town still yields the town's bundled key."""
    index = open_default_index()
    if index is None:
        return []
    out: list[GazetteerEntry] = []
    for entry in index.lookup(name):
        if bundled is not None:
            entry = next((b for b in bundled.entries if _same_place(entry, b)), entry)
        if entry not in out:
            out.append(entry)
    return out
