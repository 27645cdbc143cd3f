"""GET /events and /events/{id}: the v1 record, filters, sorting, cursor pages, CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from tests.api.pages import walk_events

from rasid.api.app import create_app
from rasid.cli.main import cli
from rasid.records import ExtractionResult
from rasid.store import Store


def test_api_events_are_exactly_the_cli_json_records(client: TestClient, samples_db: Path) -> None:
    printed = CliRunner().invoke(cli, ["events", "--db", str(samples_db), "--format", "json"])
    assert printed.exit_code == 0, printed.output
    expected = json.loads(printed.output)
    got = walk_events(client, limit=500)
    assert got == expected  # same records, same order (time, undated last, then id)


def test_api_events_validate_against_the_v1_schema(client: TestClient, event_schema: dict[str, Any]) -> None:
    events = client.get("/events", params={"limit": 500}).json()["events"]
    result = {"document": {"id": "x", "language": "ar", "text_sha256": "0"}, "events": events}
    jsonschema.validate(result, event_schema)


@pytest.mark.parametrize("sort", ["time", "-time", "id", "-id"])
@pytest.mark.parametrize("limit", [1, 4, 7])
def test_api_events_pages_walk_every_event_once_in_order(client: TestClient, sort: str, limit: int) -> None:
    whole = client.get("/events", params={"sort": sort, "limit": 500}).json()["events"]
    walked = walk_events(client, sort=sort, limit=limit)
    assert [e["id"] for e in walked] == [e["id"] for e in whole]
    assert len({e["id"] for e in walked}) == len(walked) > 20
    if sort in ("id", "-id"):
        ids = [e["id"] for e in walked]
        assert ids == sorted(ids, reverse=sort == "-id")
    else:
        dated = [e["time"]["start"] for e in walked if e["time"]["start"]]
        assert dated == sorted(dated, reverse=sort == "-time")
        undated = [i for i, e in enumerate(walked) if not e["time"]["start"]]
        assert undated == list(range(len(walked) - len(undated), len(walked)))  # undated last


def test_api_events_cursor_is_stable_under_inserts(writable_db: Path) -> None:
    client = TestClient(create_app(str(writable_db)))
    params = {"sort": "id", "limit": 5}
    before = [e["id"] for e in client.get("/events", params={"sort": "id", "limit": 500}).json()["events"]]
    first = client.get("/events", params=params).json()
    with Store.open(str(writable_db)) as store:
        template = store.query_events(limit=2)
        # One id sorts before the page already read, one after it.
        new = [replace(template[0], id="ev_000_new"), replace(template[1], id="ev_zzz_new")]
        document = store.get_document(template[0].document_id or "")
        assert document is not None
        inserted = replace(document, id="inserted", text=document.text + " (republished)")
        store.save_result(ExtractionResult(inserted, tuple(new)))
    seen = [e["id"] for e in first["events"]]
    cursor = first["next_cursor"]
    while cursor:
        body = client.get("/events", params={**params, "cursor": cursor}).json()
        seen.extend(e["id"] for e in body["events"])
        cursor = body["next_cursor"]
    assert len(seen) == len(set(seen))  # nothing twice
    assert set(before) <= set(seen)  # nothing skipped
    assert "ev_zzz_new" in seen  # inserted after the cursor: reached
    assert "ev_000_new" not in seen  # inserted before it: behind the reader


def _ids(client: TestClient, **params: Any) -> set[str]:
    return {e["id"] for e in walk_events(client, limit=500, **params)}


def test_api_events_filters_match_the_records(client: TestClient) -> None:
    every = walk_events(client, limit=500)
    by_id = {e["id"]: e for e in every}
    for event_type in {e["event_type"] for e in every}:
        assert _ids(client, type=event_type) == {e["id"] for e in every if e["event_type"] == event_type}
    for modality in ("asserted", "claimed", "denied"):
        assert _ids(client, modality=modality) == {i for i, e in by_id.items() if e["modality"] == modality}
    assert _ids(client, genericity="recurring") == {
        i for i, e in by_id.items() if e["genericity"] == "recurring"
    }
    located = [e for e in every if e["location"] and e["location"]["admin1"]]
    admin1 = located[0]["location"]["admin1"]
    assert _ids(client, admin1=admin1.upper()) == {
        e["id"] for e in located if e["location"]["admin1"] == admin1
    }
    with_admin2 = [e for e in every if e["location"] and e["location"]["admin2"]]
    admin2 = with_admin2[0]["location"]["admin2"]
    assert _ids(client, admin2=admin2.lower()) == {
        e["id"] for e in with_admin2 if e["location"]["admin2"] == admin2
    }


def test_api_events_actor_rolls_up_to_finer_ids(client: TestClient) -> None:
    every = walk_events(client, limit=500)
    fine = next(a["id"] for e in every for a in e["actors"] if a["id"] and "." in a["id"])
    top = fine.split(".")[0]
    expected = {e["id"] for e in every if any(a["id"] and a["id"].split(".")[0] == top for a in e["actors"])}
    got = _ids(client, actor=top)
    assert got == expected
    assert any(any(a["id"] == fine for a in e["actors"]) for e in every if e["id"] in got)
    assert _ids(client, actor=fine) < got
    assert _ids(client, actor=top[:-1]) == set()  # a prefix of an id is not an id


def test_api_events_bbox_and_dates(client: TestClient) -> None:
    every = walk_events(client, limit=500)
    # Deir ez-Zor governorate, roughly.
    inside = {
        e["id"]
        for e in every
        if e["location"]
        and e["location"]["lat"] is not None
        and 34.4 <= e["location"]["lat"] <= 36.0
        and 39.5 <= e["location"]["lon"] <= 41.5
    }
    assert inside
    assert _ids(client, bbox="39.5,34.4,41.5,36.0") == inside
    assert _ids(client, bbox="-10,-10,-5,-5") == set()
    dated = sorted(e["time"]["start"] for e in every if e["time"]["start"])
    year = dated[len(dated) // 2][:4]
    expected = {
        e["id"]
        for e in every
        if e["time"]["start"]
        and (e["time"]["end"] or e["time"]["start"]) >= f"{year}-01-01"
        and e["time"]["start"] <= f"{year}-12-31"
    }
    assert _ids(client, since=year, until=year) == expected


def test_api_events_text_search(client: TestClient) -> None:
    every = walk_events(client, limit=500)
    assert _ids(client, q="داعش") == {e["id"] for e in every if "داعش" in json.dumps(e, ensure_ascii=False)}
    assert _ids(client, q="داعش")
    assert _ids(client, q="no such words anywhere") == set()


def test_api_events_csv_and_geojson(client: TestClient, samples_db: Path) -> None:
    as_csv = client.get("/events", params={"format": "csv", "limit": 500})
    assert as_csv.headers["content-type"].startswith("text/csv")
    printed = CliRunner().invoke(cli, ["events", "--db", str(samples_db), "--format", "csv"])
    assert list(csv.DictReader(io.StringIO(as_csv.text))) == list(csv.DictReader(io.StringIO(printed.output)))
    accepted = client.get("/events", params={"limit": 2}, headers={"Accept": "text/csv"})
    assert accepted.headers["content-type"].startswith("text/csv")
    assert 'rel="next"' in accepted.headers["link"]
    geo = client.get("/events", params={"limit": 500}, headers={"Accept": "application/geo+json"})
    assert geo.headers["content-type"] == "application/geo+json"
    body = geo.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    lon, lat = body["features"][0]["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 38
    total = len(walk_events(client, limit=500))
    assert len(body["features"]) + len(body["unlocated"]) == total


def test_api_events_limit_is_capped(client: TestClient) -> None:
    body = client.get("/events", params={"limit": 10**9}).json()
    assert body["limit"] == 500


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"cursor": "not-a-cursor"}, 400),
        ({"cursor": "eyJrIjoiZG9jdW1lbnRzIiwiaSI6ImEifQ"}, 400),  # a /documents cursor
        ({"bbox": "1,2,3"}, 400),
        ({"bbox": "1,50,3,40"}, 400),
        ({"bbox": "200,0,210,1"}, 400),
        ({"since": "2024-13"}, 400),
        ({"since": "2024-05-01", "until": "2024-04-01"}, 400),
        ({"type": "picnic"}, 422),
        ({"limit": 0}, 422),
        ({"sort": "size"}, 422),
    ],
)
def test_api_events_bad_queries_are_problems(client: TestClient, params: dict[str, Any], status: int) -> None:
    answer = client.get("/events", params=params)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]


def test_api_events_cursor_of_another_sort_is_refused(client: TestClient) -> None:
    cursor = client.get("/events", params={"limit": 2, "sort": "id"}).json()["next_cursor"]
    answer = client.get("/events", params={"limit": 2, "sort": "time", "cursor": cursor})
    assert answer.status_code == 400
    assert "sort" in answer.json()["detail"]


def test_api_event_detail_has_evidence_and_documents(client: TestClient) -> None:
    event = client.get("/events", params={"limit": 1}).json()["events"][0]
    answer = client.get(f"/events/{event['id']}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["event"] == event
    document = body["documents"][0]
    assert document["id"] == event["document_id"]
    start, end = event["evidence"]["span"]
    assert document["text"][start:end] == event["evidence"]["sentence"]
    missing = client.get("/events/ev_nothing")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
