"""GET /actors, /places, /stats, the dashboard at / and the OpenAPI schema."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient


def test_api_actors_list_the_dictionary(client: TestClient) -> None:
    actors = client.get("/actors").json()["actors"]
    by_id = {a["id"]: a for a in actors}
    assert by_id["ISIS"]["parent_id"] is None and by_id["ISIS"]["name_ar"]
    assert by_id["IRN_MIL.FATEMIYOUN"]["parent_id"] == "IRN_MIL"
    top = client.get("/actors", params={"top_level": "true"}).json()["actors"]
    assert {a["id"] for a in top} >= {"ISIS", "SYR_REGIME", "SYR_GOV", "SDF", "CIV"}
    assert all(a["parent_id"] is None for a in top)
    under = client.get("/actors", params={"parent": "IRN_MIL"}).json()["actors"]
    assert under and all(a["parent_id"] == "IRN_MIL" for a in under)
    rows = list(csv.DictReader(io.StringIO(client.get("/actors", params={"format": "csv"}).text)))
    assert len(rows) == len(actors)


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("الميادين", "town.al-mayadin"),
        ("ميادين", "town.al-mayadin"),
        ("الميا", "town.al-mayadin"),
        ("Mayad", "town.al-mayadin"),
        ("al-mayadin", "town.al-mayadin"),
        ("دير الزو", "town.deir-ez-zor"),
        ("Deir ez", "town.deir-ez-zor"),
    ],
)
def test_api_places_search_by_name_prefix(client: TestClient, query: str, key: str) -> None:
    places = client.get("/places", params={"q": query}).json()["places"]
    assert key in [p["key"] for p in places[:3]], [p["key"] for p in places[:5]]


def test_api_places_pages_filters_and_formats(client: TestClient) -> None:
    walked: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"q": "دير", "limit": 3, **({"cursor": cursor} if cursor else {})}
        body = client.get("/places", params=params).json()
        walked.extend(body["places"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    whole = client.get("/places", params={"q": "دير", "limit": 500}).json()["places"]
    assert walked == whole and len(whole) > 3
    in_deir = client.get("/places", params={"q": "a", "admin1": "deir ez-zor", "limit": 500}).json()
    assert in_deir["places"] and all(p["admin1"] == "Deir ez-Zor" for p in in_deir["places"])
    geo = client.get("/places", params={"q": "Raqq", "format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"][0]["geometry"]["type"] == "Point"
    assert client.get("/places", params={"q": "zzzzqqqq"}).json()["places"] == []


def test_api_stats_counts_by_period_and_dimensions(client: TestClient) -> None:
    every = client.get("/events", params={"limit": 500}).json()["events"]
    body = client.get("/stats", params={"interval": "month", "by": "type"}).json()
    assert body["total"] == len(every) == sum(r["count"] for r in body["rows"])
    expected: dict[tuple[Any, str], int] = {}
    for e in every:
        period = e["time"]["start"][:7] if e["time"]["start"] else None
        expected[(period, e["event_type"])] = expected.get((period, e["event_type"]), 0) + 1
    assert {(r["period"], r["event_type"]): r["count"] for r in body["rows"]} == expected
    weekly = client.get("/stats", params={"interval": "week", "by": ["actor", "admin1"]}).json()
    assert all(r["period"] is None or "-W" in r["period"] for r in weekly["rows"])
    assert {"actor", "admin1", "count"} <= set(weekly["rows"][0])
    isis = client.get("/stats", params={"actor": "ISIS", "by": "actor"}).json()
    assert isis["total"] == len(
        client.get("/events", params={"actor": "ISIS", "limit": 500}).json()["events"]
    )
    daily = client.get("/stats", params={"interval": "day", "format": "csv"})
    assert daily.text.splitlines()[0].split(",") == ["period", "event_type", "count"]


def test_api_root_serves_the_dashboard(client: TestClient) -> None:
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert client.get("/docs").status_code == 200


def test_api_openapi_lists_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) >= {
        "/events",
        "/events/{event_id}",
        "/documents",
        "/documents/{document_id}",
        "/actors",
        "/places",
        "/stats",
    }
    assert "post" in schema["paths"]["/documents"]
    assert "APIKeyHeader" in schema["components"]["securitySchemes"]
