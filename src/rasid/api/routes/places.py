"""``GET /places``: the bundled gazetteer, searched by the start of a name in Arabic or English."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from rasid.api.errors import problem_responses
from rasid.api.formats import (
    GEOJSON_TYPE,
    Format,
    choose_format,
    csv_response,
    dumps,
    link_headers,
    list_content,
    page_response,
)
from rasid.api.models import PlacePage
from rasid.api.queries import BadQueryError, decode_cursor, encode_cursor
from rasid.geo.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    arabic_loose_key,
    is_arabic,
    latin_key,
    latin_loose_key,
)
from rasid.text.normalize import normalize_key

router = APIRouter(tags=["places"])

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
PLACE_COLUMNS = (
    "key",
    "kind",
    "name",
    "name_ar",
    "lat",
    "lon",
    "admin1",
    "admin2",
    "precision",
    "population",
)


def name_keys(name: str) -> set[str]:
    """The search keys of a name: normalised as written and without articles (Arabic or Latin)."""
    if is_arabic(name):
        keys = {normalize_key(name), arabic_loose_key(name)}
    else:
        keys = {latin_key(name), latin_loose_key(name)}
    return {key for key in keys if key}


@dataclass(frozen=True, slots=True)
class _Indexed:
    entry: GazetteerEntry
    keys: frozenset[str]
    exact: frozenset[str]


@cache
def _places() -> tuple[_Indexed, ...]:
    # Loaded once per process (about 0.2 s), on the first search.
    indexed = []
    for entry in Gazetteer.load_default().entries:
        keys: set[str] = set()
        for name in entry.names:
            if name:
                keys |= name_keys(name)
        exact = {normalize_key(entry.name_ar), latin_key(entry.name)} - {""}
        indexed.append(_Indexed(entry, frozenset(keys), frozenset(exact)))
    return tuple(indexed)


def search_places(
    query: str | None, *, admin1: str | None = None, kind: str | None = None
) -> list[GazetteerEntry]:
    """Gazetteer places with a name that starts with ``query`` (all places without one), best first.

    A place whose main name is the query comes first, then larger kinds and populations.
    """
    wanted = name_keys(query) if query and query.strip() else set()
    if query and query.strip() and not wanted:
        return []
    hits: list[tuple[int, int, int, str, GazetteerEntry]] = []
    for item in _places():
        entry = item.entry
        if admin1 is not None and (entry.admin1 or "").lower() != admin1.strip().lower():
            continue
        if kind is not None and entry.kind != kind:
            continue
        if wanted and not any(key.startswith(w) for key in item.keys for w in wanted):
            continue
        exact = 0 if wanted & item.exact else 1
        hits.append((exact, -(entry.population or 0), len(entry.name), entry.key, entry))
    hits.sort(key=lambda hit: hit[:4])
    return [hit[4] for hit in hits]


def place_row(entry: GazetteerEntry) -> dict[str, Any]:
    """The JSON object of a place."""
    return {
        "key": entry.key,
        "kind": entry.kind,
        "name": entry.name,
        "name_ar": entry.name_ar or None,
        "lat": entry.lat,
        "lon": entry.lon,
        "admin1": entry.admin1,
        "admin2": entry.admin2,
        "precision": entry.precision,
        "population": entry.population,
    }


@router.get(
    "/places",
    response_model=PlacePage,
    responses={**list_content(geojson=True), **problem_responses(400, 422)},
    summary="Search the gazetteer by name prefix",
)
def list_places(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=200, description="Start of a name: دير الز, Deir ez, Albu.")
    ] = None,
    admin1: Annotated[
        str | None, Query(max_length=200, description="Only places in this governorate.")
    ] = None,
    kind: Annotated[
        str | None, Query(max_length=32, description="Only places of this kind (town, village ...).")
    ] = None,
    limit: Annotated[int, Query(ge=1, description=f"Places per page (at most {MAX_LIMIT}).")] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=2000, description="The previous page's next_cursor.")
    ] = None,
    fmt: Annotated[
        Format | None, Query(alias="format", description="json (default), csv or geojson.")
    ] = None,
) -> Response:
    """Places of the bundled gazetteer whose Arabic or English name (or alias) starts with ``q``.

    Spelling is forgiving: diacritics, hamza forms and the article are ignored
    (``ميادين`` finds الميادين, ``Mayadin`` finds Al-Mayadin).
    """
    size = min(limit, MAX_LIMIT)
    offset = 0
    if cursor:
        state = decode_cursor(cursor, kind="places")
        stored = state.get("o")
        offset = stored if isinstance(stored, int) and not isinstance(stored, bool) else -1
        if offset < 0:
            raise BadQueryError("cursor is not one this API gave out")
    found = search_places(q, admin1=admin1, kind=kind)
    chunk = found[offset : offset + size]
    next_cursor = encode_cursor({"k": "places", "o": offset + size}) if offset + size < len(found) else None
    rows = [place_row(entry) for entry in chunk]
    chosen = choose_format(request, fmt, allowed=("json", "csv", "geojson"))
    if chosen == "csv":
        return csv_response(request, rows, PLACE_COLUMNS, next_cursor=next_cursor)
    if chosen == "geojson":
        features = [
            {
                "type": "Feature",
                "id": row["key"],
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": row,
            }
            for row in rows
        ]
        body = {"type": "FeatureCollection", "features": features, "next_cursor": next_cursor}
        return Response(dumps(body), media_type=GEOJSON_TYPE, headers=link_headers(request, next_cursor))
    return page_response(request, "places", rows, limit=size, next_cursor=next_cursor)
