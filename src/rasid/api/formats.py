"""Answers in JSON, CSV or GeoJSON, chosen by the ``format`` parameter or the ``Accept`` header.

Events in CSV and GeoJSON have the flat columns of ``rasid events --format csv|geojson``.
A list answer's next page is named in a ``Link: <...>; rel="next"`` header in every format
(and as ``next_cursor`` in the JSON and GeoJSON bodies).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import Response

from rasid.cli.output import FLAT_COLUMNS, flatten_event, point_features
from rasid.store.schema import StoredEvent

Format = Literal["json", "csv", "geojson"]
CSV_TYPE = "text/csv; charset=utf-8"
GEOJSON_TYPE = "application/geo+json"
JSON_TYPE = "application/json"


def choose_format(request: Request, requested: str | None, *, allowed: Sequence[str]) -> str:
    """The answer's format: ``requested`` if given, else the allowed one ``Accept`` names, else JSON."""
    if requested is not None:
        return requested
    accept = request.headers.get("accept", "").lower()
    if "text/csv" in accept and "csv" in allowed:
        return "csv"
    if "application/geo+json" in accept and "geojson" in allowed:
        return "geojson"
    return "json"


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, non-ASCII characters kept as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def link_headers(request: Request, next_cursor: str | None) -> dict[str, str]:
    """The ``Link`` header naming the next page, when there is one."""
    if next_cursor is None:
        return {}
    url = request.url.include_query_params(cursor=next_cursor)
    return {"Link": f'<{url}>; rel="next"'}


def json_response(body: Any, *, status_code: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """A JSON answer serialised once, without a second pass through pydantic."""
    return Response(dumps(body), status_code=status_code, media_type=JSON_TYPE, headers=dict(headers or {}))


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """RFC 4180 CSV with a header line; None becomes an empty cell."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def csv_response(
    request: Request, rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *, next_cursor: str | None
) -> Response:
    """A CSV answer; the next page, if any, is in the ``Link`` header."""
    return Response(
        csv_text(rows, columns).encode("utf-8"),
        media_type=CSV_TYPE,
        headers=link_headers(request, next_cursor),
    )


def page_response(
    request: Request, key: str, items: list[dict[str, Any]], *, limit: int, next_cursor: str | None
) -> Response:
    """A JSON page: ``{key: items, "limit": limit, "next_cursor": ...}`` and the ``Link`` header."""
    body = {key: items, "limit": limit, "next_cursor": next_cursor}
    return json_response(body, headers=link_headers(request, next_cursor))


def events_response(
    request: Request, fmt: str, rows: Sequence[StoredEvent], *, limit: int, next_cursor: str | None
) -> Response:
    """A page of stored events in ``fmt``: v1 records in JSON, flat rows in CSV, points in GeoJSON."""
    if fmt == "json":
        # The stored records are the JSON already (StoredEvent.json_text): no parse, no dump.
        items = ",".join(row.json_text() for row in rows)
        tail = dumps({"limit": limit, "next_cursor": next_cursor})
        body = b'{"events":[' + items.encode("utf-8") + b"]," + tail[1:]
        return Response(body, media_type=JSON_TYPE, headers=link_headers(request, next_cursor))
    found = [row.event() for row in rows]
    if fmt == "csv":
        return csv_response(request, (flatten_event(e) for e in found), FLAT_COLUMNS, next_cursor=next_cursor)
    features, unlocated = point_features(found)
    geojson = {
        "type": "FeatureCollection",
        "features": features,
        "unlocated": unlocated,
        "next_cursor": next_cursor,
    }
    return Response(dumps(geojson), media_type=GEOJSON_TYPE, headers=link_headers(request, next_cursor))


def list_content(*, geojson: bool) -> dict[int | str, dict[str, Any]]:
    """The extra OpenAPI content types of a list endpoint's 200 answer."""
    content: dict[str, Any] = {"text/csv": {"schema": {"type": "string"}}}
    if geojson:
        content[GEOJSON_TYPE] = {"schema": {"type": "object"}}
    return {200: {"content": content}}
