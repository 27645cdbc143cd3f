"""Build ``src/rasid/data/gazetteer/places_extra.tsv`` from public gazetteer sources.

Run from the project root with the shared evaluation folder beside it:

    .venv/bin/python tools/build_gazetteer_extra.py [--shared ../shared] [--output PATH]

It reads, and takes only facts from (names, spellings, coordinates, populations):

* GeoNames ``cities5000`` rows for Syria (``eval/geonames-syria-cities5000``, CC BY 4.0):
  towns of 5,000+ people the hand-written ``places.tsv`` lacks;
* OCHA's Syria COD-AB (``eval/ocha-syria-admin-boundaries``): the seats of the 272 sub-districts
  (nawahi; English name and point from the admin capitals, Arabic name from the admin names) and
  the neighbourhoods of the main cities (bounding-box centres).

A place is left out when ``places.tsv`` (or an earlier source) already has one of its names within
``--within-km``. Every kept place gets its governorate and district by point-in-polygon in OCHA's
district polygons, mapped to the bundled gazetteer's district names through their Arabic names.
Single-word names get a ``needs_cue`` mark, so that in running text they count only after a
preposition or place word (neighbourhoods: only after a place word such as حي).
The package never reads these sources at run time; only the generated file ships.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from rasid.data import read_tsv
from rasid.geo.gazetteer import DEFAULT_FILE, Gazetteer, is_arabic
from rasid.text.normalize import normalize_text

COLUMNS = (
    "key",
    "kind",
    "name",
    "name_ar",
    "aliases_en",
    "aliases_ar",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "population",
    "needs_cue",
)
HEADER = """# rasid gazetteer, generated part: do not edit by hand; run tools/build_gazetteer_extra.py.
# Same columns as places.tsv. Sources (facts only): GeoNames cities5000 (CC BY 4.0); OCHA Syria COD-AB
# sub-district seats and city neighbourhoods. See rasid/data/README.md.
"""
_LATIN_ONLY = re.compile(r"^[A-Za-z0-9' \-‘’`ʿʾ]+$")
_ACCENTED_LATIN = re.compile(r"^[A-Za-zÀ-žḀ-ỿ0-9' \-‘’`ʿʾ]+$")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _inside(lon: float, lat: float, ring: Sequence[Sequence[float]]) -> bool:
    """Ray casting: whether (lon, lat) lies inside a polygon ring."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict[str, object]) -> Iterator[list[list[list[float]]]]:
    coords = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        yield coords  # type: ignore[misc]
    else:
        yield from coords  # type: ignore[union-attr, misc]


class Districts:
    """OCHA district polygons mapped to the bundled gazetteer's (admin1, admin2) names."""

    def __init__(self, geojson: Path, rows: list[dict[str, str]]) -> None:
        by_arabic = {
            normalize_text(r["name_ar"].removeprefix("مركز ").strip()): (r["admin1"], r["name"])
            for r in rows
            if r["kind"] == "district"
        }
        self.seats = [
            (float(r["lat"]), float(r["lon"]), r["admin1"], r["name"])
            for r in rows
            if r["kind"] == "district"
        ]
        self.areas: list[tuple[list[list[list[float]]], tuple[str, str]]] = []
        for feature in json.loads(geojson.read_text(encoding="utf-8"))["features"]:
            props = feature["properties"]
            arabic = normalize_text(props["adm2_name1"].removeprefix("مركز ").strip())
            names = by_arabic.get(arabic) or self._nearest_seat(props["center_lat"], props["center_lon"])
            for polygon in _polygons(feature["geometry"]):
                self.areas.append((polygon, names))

    def _nearest_seat(self, lat: float, lon: float) -> tuple[str, str]:
        best = min(self.seats, key=lambda s: _km(lat, lon, s[0], s[1]))
        return best[2], best[3]

    def locate(self, lat: float, lon: float) -> tuple[str, str]:
        """(admin1, admin2) of a point: the district polygon holding it, else the nearest seat."""
        for polygon, names in self.areas:
            if _inside(lon, lat, polygon[0]) and not any(_inside(lon, lat, hole) for hole in polygon[1:]):
                return names
        return self._nearest_seat(lat, lon)


class Collector:
    """Rows to write, skipping places the bundled gazetteer or an earlier row already names nearby."""

    def __init__(self, gazetteer: Gazetteer, districts: Districts, *, within_km: float) -> None:
        self.gazetteer = gazetteer
        self.districts = districts
        self.within_km = within_km
        self.rows: list[dict[str, str]] = []
        self.points: dict[str, list[tuple[float, float]]] = {}

    def _known(self, names: Sequence[str], lat: float, lon: float) -> bool:
        for name in names:
            for entry in self.gazetteer.lookup(name, fuzzy=False):
                if _km(lat, lon, entry.lat, entry.lon) <= self.within_km:
                    return True
            for plat, plon in self.points.get(_name_key(name), []):
                if _km(lat, lon, plat, plon) <= self.within_km:
                    return True
        return False

    def add(
        self,
        *,
        key: str,
        kind: str,
        name: str,
        name_ar: str,
        aliases_en: Sequence[str],
        aliases_ar: Sequence[str],
        lat: float,
        lon: float,
        population: str = "",
        strict: bool = False,
    ) -> bool:
        """Add a place unless it is already known; returns whether it was added."""
        names = [n for n in dict.fromkeys([name, name_ar, *aliases_en, *aliases_ar]) if n]
        if not name or not name_ar or self._known(names, lat, lon):
            return False
        admin1, admin2 = self.districts.locate(lat, lon)
        cues = [("!" if strict else "") + n for n in names if _single_word(n)]
        self.rows.append(
            {
                "key": key,
                "kind": kind,
                "name": name,
                "name_ar": name_ar,
                "aliases_en": "|".join(a for a in aliases_en if a != name),
                "aliases_ar": "|".join(a for a in aliases_ar if a != name_ar),
                "lat": f"{lat:.4f}",
                "lon": f"{lon:.4f}",
                "admin1": admin1,
                "admin2": admin2,
                "population": population,
                "needs_cue": "|".join(cues),
            }
        )
        for n in names:
            self.points.setdefault(_name_key(n), []).append((lat, lon))
        return True


def _name_key(name: str) -> str:
    return normalize_text(name) if is_arabic(name) else name.lower()


_LATIN_ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|at|ad|az|ed|es|et|ez)[-\s]+(?=\S)", re.I)


def _single_word(name: str) -> bool:
    """One word, not counting a leading article (the matcher also reads "Al Mufti" as "Mufti")."""
    if is_arabic(name):
        return len(normalize_text(name).split()) == 1
    return len(_LATIN_ARTICLE.sub("", name.strip()).split()) == 1


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def add_cities5000(collector: Collector, path: Path) -> int:
    """GeoNames towns of 5,000+ people (the CSV with Arabic names)."""
    added = 0
    for row in csv.DictReader(path.open(encoding="utf-8")):
        arabic = [a.strip() for a in row["arabic_names"].split("|") if a.strip()]
        if not arabic:
            continue
        latin = [
            a.strip()
            for a in row["all_alternatenames"].split(",")
            if _ACCENTED_LATIN.match(a.strip()) and not a.strip().islower()
        ]
        aliases = list(dict.fromkeys([row["name"], *latin]))[:8]
        added += collector.add(
            key=f"town.gn-{row['geonameid']}",
            kind="town",
            name=row["asciiname"],
            name_ar=arabic[0],
            aliases_en=aliases,
            aliases_ar=arabic[1:],
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            population=row["population"] if row["population"] not in ("", "0") else "",
        )
    return added


def add_subdistrict_seats(collector: Collector, capitals: Path, names: Path) -> int:
    """OCHA sub-district (nahiya) seats: point and English name from the capitals, Arabic from the names."""
    arabic = {
        r["pcode"]: r["name_ar"] for r in csv.DictReader(names.open(encoding="utf-8")) if r["level"] == "3"
    }
    added = 0
    for row in csv.DictReader(capitals.open(encoding="utf-8")):
        pcode = row["adm3_pcode"]
        if row["adm_p_lvl"] != "3" or pcode not in arabic:
            continue
        name_ar = arabic[pcode]
        if name_ar.startswith("مركز"):
            continue  # the district's own seat, in places.tsv
        name = row["name"].strip()
        if not _LATIN_ONLY.match(name):
            continue
        added += collector.add(
            key=f"town.ocha-{pcode.lower()}",
            kind="town",
            name=name,
            name_ar=name_ar,
            aliases_en=[],
            aliases_ar=[],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
    return added


def add_neighbourhoods(collector: Collector, path: Path) -> int:
    """OCHA city neighbourhoods, at the centre of their bounding box; single words need a place word."""
    added = 0
    for row in csv.DictReader(path.open(encoding="utf-8")):
        name = row["neighborhood_en"].strip().rstrip("_")
        name_ar = " ".join(row["neighborhood_ar"].split()).rstrip("_")
        if not name or not name_ar or not _LATIN_ONLY.match(name) or not is_arabic(name_ar):
            continue
        if not row["bbox_center_lat"] or not row["bbox_center_lon"]:
            continue
        added += collector.add(
            key=f"nbh.{_slug(row['neighborhood_pcode'])}",
            kind="neighbourhood",
            name=name,
            name_ar=name_ar,
            aliases_en=[],
            aliases_ar=[],
            lat=float(row["bbox_center_lat"]),
            lon=float(row["bbox_center_lon"]),
            strict=True,
        )
    return added


def main(argv: Sequence[str] | None = None) -> int:
    """Build the file; prints what was added."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--output", type=Path, default=Path("src/rasid/data/gazetteer/places_extra.tsv"))
    parser.add_argument("--within-km", type=float, default=5.0)
    args = parser.parse_args(argv)
    eval_dir = args.shared / "eval"
    ocha = eval_dir / "ocha-syria-admin-boundaries"
    rows = read_tsv(DEFAULT_FILE)
    gazetteer = Gazetteer.from_rows(rows)
    collector = Collector(gazetteer, Districts(ocha / "syr_admin2.geojson", rows), within_km=args.within_km)
    counts = {
        "cities5000": add_cities5000(
            collector, eval_dir / "geonames-syria-cities5000" / "SY_cities5000_with_arabic.csv"
        ),
        "subdistrict seats": add_subdistrict_seats(
            collector, ocha / "syr_admin_capitals.csv", ocha / "syr_admin_names.csv"
        ),
        "neighbourhoods": add_neighbourhoods(collector, ocha / "syr_city_neighborhoods.csv"),
    }
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        handle.write("\t".join(COLUMNS) + "\n")
        for row in collector.rows:
            handle.write("\t".join(" ".join(row[c].split()) for c in COLUMNS) + "\n")
    print(f"{args.output}: {len(collector.rows)} rows ({counts})", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
