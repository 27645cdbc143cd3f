"""Bounding-box pages of ``GET /events``: wide and small boxes are read by different plans (0007)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rasid.api import queries
from rasid.api.app import create_app
from rasid.records import Document, Event, Evidence, ExtractionResult, Place, TimeValue
from rasid.store import Store

WIDE = "39.0,34.0,42.0,37.0"  # most of the events below
SMALL = "40.44,35.01,40.46,35.03"  # three of them
EMPTY = "10,10,11,11"


def _event(n: int) -> Event:
    small = n % 40 == 0
    lat, lon = (35.02, 40.45) if small else (34.5 + (n % 7) / 3, 39.5 + (n % 5) / 2)
    if n % 9 == 0:
        lat, lon = 33.5, 36.3  # Damascus: outside both boxes
    text = "قصف على منطقة"
    return Event(
        id=f"ev{n:03d}",
        event_type="shelling",
        modality="asserted",
        genericity="specific",
        evidence=Evidence(sentence=text, span=(0, len(text))),
        location=Place(name="somewhere", lat=lat, lon=lon, precision="point"),
        time=TimeValue(start=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", end=None, precision="day")
        if n % 11
        else TimeValue(start=None, end=None, precision="unknown"),
        extractor="test.v1",
    )


@pytest.fixture(scope="module")
def boxed(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, list[Event]]:
    """An API over 120 events: most in a wide box, a few in a small one, some undated."""
    path = tmp_path_factory.mktemp("boxes") / "boxes.db"
    made = [_event(n) for n in range(120)]
    with Store.open(str(path)) as store:
        store.save_result(ExtractionResult(Document(id="d1", text="نص", language="ar"), tuple(made)))
    return TestClient(create_app(str(Path(path)))), made


def _walk(client: TestClient, params: dict[str, Any]) -> list[str]:
    found: list[str] = []
    cursor: str | None = None
    while True:
        answer = client.get("/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found.extend(e["id"] for e in body["events"])
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def _expected(made: list[Event], bbox: str, sort: str) -> list[str]:
    west, south, east, north = (float(v) for v in bbox.split(","))
    inside = [
        e
        for e in made
        if e.location and south <= (e.location.lat or 0) <= north and west <= (e.location.lon or 0) <= east
    ]
    dated = sorted(
        (e for e in inside if e.time.start), key=lambda e: (e.time.start, e.id), reverse=sort == "-time"
    )
    undated = sorted((e for e in inside if not e.time.start), key=lambda e: e.id, reverse=sort == "-time")
    return [e.id for e in [*dated, *undated]]


@pytest.mark.parametrize("bbox", [WIDE, SMALL, EMPTY])
@pytest.mark.parametrize("sort", ["time", "-time"])
@pytest.mark.parametrize("wide", [True, False, None])
def test_api_bbox_pages_are_the_same_whichever_plan(
    boxed: tuple[TestClient, list[Event]],
    monkeypatch: pytest.MonkeyPatch,
    bbox: str,
    sort: str,
    wide: bool | None,
) -> None:
    client, made = boxed
    if wide is not None:  # force one plan; None lets the sample decide
        monkeypatch.setattr(queries, "_box_hint", lambda connection, box: wide)
    assert _walk(client, {"bbox": bbox, "sort": sort, "limit": 7}) == _expected(made, bbox, sort)


def test_api_bbox_hint_tells_wide_from_small_boxes(boxed: tuple[TestClient, list[Event]]) -> None:
    client, _ = boxed
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.engine.connect() as connection:
        assert queries._box_hint(connection, queries.parse_bbox(WIDE)) is True
        assert queries._box_hint(connection, queries.parse_bbox(SMALL)) is True  # 3 of ~110: over 1%
        assert queries._box_hint(connection, queries.parse_bbox(EMPTY)) is False
        assert queries._box_hint(connection, None) is False
