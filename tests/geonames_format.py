"""Lines in GeoNames' dump formats, for the gazetteer-import tests (tests/ is on sys.path via conftest)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def place_line(row: tuple[str, ...]) -> str:
    """A line of a country dump (SY.txt) from (geonameid, name, asciiname, alternatenames, lat, lon,
    feature class, feature code, admin1 code, population)."""
    gid, name, ascii_name, alternates, lat, lon, cls, code, admin1, population = row
    fields = [
        gid,
        name,
        ascii_name,
        alternates,
        lat,
        lon,
        cls,
        code,
        "SY",
        "",
        admin1,
        "",
        "",
        "",
        population,
    ]
    return "\t".join([*fields, "", "300", "Asia/Damascus", "2024-01-01"]) + "\n"


def alternate_line(row: tuple[str, ...]) -> str:
    """A line of alternateNamesV2.txt from (alternateNameId, geonameid, language, name, isPreferredName)."""
    return "\t".join([*row, "", "", "", "", ""]) + "\n"


def write_dump(
    folder: Path, places: Sequence[tuple[str, ...]], alternates: Sequence[tuple[str, ...]]
) -> tuple[Path, Path]:
    """``SY.txt`` and ``alternateNamesV2.txt`` in ``folder`` with these rows; their paths."""
    place_file = folder / "SY.txt"
    place_file.write_text("".join(place_line(r) for r in places), encoding="utf-8")
    alternate_file = folder / "alternateNamesV2.txt"
    alternate_file.write_text("".join(alternate_line(r) for r in alternates), encoding="utf-8")
    return place_file, alternate_file
