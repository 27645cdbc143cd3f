"""Lines in GeoNames' dump formats, for the gazetteer-import tests (tests/ is on sys.path via conftest)."""

from __future__ import annotations


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
