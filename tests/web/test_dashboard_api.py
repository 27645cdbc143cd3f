"""The dashboard's endpoints and files, without a browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasid.api.app import create_app
from rasid.api.dashboard import ROW_FIELDS
from rasid.web import static_folder

STATIC = static_folder()


@pytest.fixture(scope="module")
def client(dashboard_db: Path) -> TestClient:
    """A client of the app over the samples store with the hostile document."""
    return TestClient(create_app(str(dashboard_db)))


def rows(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    answer = client.get("/dashboard/events", params=params)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["fields"] == list(ROW_FIELDS) and data["total"] == len(data["rows"])
    return [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]


def test_dashboard_events_hold_every_event_compactly(client: TestClient) -> None:
    found = rows(client)
    full = client.get("/events", params={"limit": 500}).json()["events"]
    assert {r["id"] for r in found} == {e["id"] for e in full}
    by_id = {e["id"]: e for e in full}
    for row in found:
        event = by_id[row["id"]]
        assert row["event_type"] == event["event_type"] and row["modality"] == event["modality"]
        assert row["cluster_id"] == event["cluster_id"] and row["document_id"] == event["document_id"]
        assert row["start"] == (event["time"]["start"] if event["time"] else None)
        location = event["location"] or {}
        assert row["precision"] == location.get("precision") and row["place_ar"] == location.get("name_ar")
        assert set(row["actors"]) == {a["id"] for a in event["actors"] if a["id"]}
        assert set(row["actor1"]) == {a["id"] for a in event["actors"] if a["id"] and a["role"] == "actor1"}
    dated = [r["start"] for r in found if r["start"]]
    assert dated == sorted(dated, reverse=True)


def test_dashboard_events_filters_as_the_api_does(client: TestClient) -> None:
    for params in (
        {"actor": "IRN_MIL"},
        {"type": "attack"},
        {"admin1": "Deir ez-Zor"},
        {"modality": "claimed"},
    ):
        expected = {e["id"] for e in client.get("/events", params={**params, "limit": 500}).json()["events"]}
        assert expected and {r["id"] for r in rows(client, **params)} == expected
    assert any("IRN_MIL.FATEMIYOUN" in r["actors"] for r in rows(client, actor="IRN_MIL"))


@pytest.mark.parametrize("q", ["داعش", "دَاعِش", "ISIS", "ديرالزور", "دير الزور"])
def test_dashboard_events_search_normalised_arabic_and_english(client: TestClient, q: str) -> None:
    found = rows(client, q=q)
    assert found and len(found) < len(rows(client))


def test_dashboard_events_refuse_a_query_without_words(client: TestClient) -> None:
    assert client.get("/dashboard/events", params={"q": "!!"}).status_code == 400
    assert client.get("/dashboard/events", params={"since": "yesterday"}).status_code == 400


def test_dashboard_meta_lists_labels(client: TestClient) -> None:
    meta = client.get("/dashboard/meta").json()
    assert meta["total"] == len(rows(client))
    assert len(meta["governorates"]) == 14
    assert {"name": "Deir ez-Zor", "name_ar": "دير الزور"}.items() <= next(
        g for g in meta["governorates"] if g["name"] == "Deir ez-Zor"
    ).items()
    assert any(a["id"] == "IRN_MIL.FATEMIYOUN" and a["parent"] == "IRN_MIL" for a in meta["actors"])
    assert "claimed" in meta["modalities"] and "airstrike" in meta["event_types"]


def test_dashboard_related_lists_cluster_and_copies(client: TestClient) -> None:
    event = rows(client)[0]
    related = client.get(f"/dashboard/events/{event['id']}/related").json()
    assert related["cluster_id"] == event["cluster_id"]
    assert all(e["id"] != event["id"] for e in related["events"])
    assert client.get("/dashboard/events/ev_nope/related").status_code == 404


def test_dashboard_page_is_served_at_root_with_a_strict_policy(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<html lang="en" dir="ltr">' in answer.text
    for asset in ("app.js", "style.css", "vendor/leaflet/leaflet.js", "data/syria-admin1.geojson"):
        assert client.get(f"/assets/{asset}").status_code == 200
    assert client.get("/assets/../__init__.py").status_code == 404
    assert client.get("/no-such-page").headers["content-type"] == "application/problem+json"


def test_dashboard_strings_exist_in_both_languages() -> None:
    def keys(table: dict[str, Any], prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in table.items():
            found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
        return found

    english = json.loads((STATIC / "i18n" / "en.json").read_text("utf-8"))
    arabic = json.loads((STATIC / "i18n" / "ar.json").read_text("utf-8"))
    assert keys(english) == keys(arabic)
    used = set()
    for name in ("index.html",):
        text = (STATIC / name).read_text("utf-8")
        used |= {part.split('"')[1] for part in text.split("data-i18n=")[1:]}
    assert used <= keys(english)


def test_dashboard_outlines_cover_every_governorate() -> None:
    collection = json.loads((STATIC / "data" / "syria-admin1.geojson").read_text("utf-8"))
    names = {
        f["properties"]["admin1"] for f in collection["features"] if f["properties"]["kind"] == "governorate"
    }
    from rasid.api.dashboard import governorates

    assert {g["name"] for g in governorates()} <= names
    (country,) = [f for f in collection["features"] if f["properties"]["kind"] == "country"]
    points = [p for line in country["geometry"]["coordinates"] for p in line]
    assert all(35.5 < lon < 42.5 and 32.2 < lat < 37.4 for lon, lat in points)


def test_dashboard_scripts_never_write_markup() -> None:
    # Data reaches the page only through text nodes and attributes (see dom.js).
    for script in STATIC.glob("*.js"):
        text = script.read_text("utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text.replace("never touches innerHTML", ""), f"{script.name} uses {sink}"
