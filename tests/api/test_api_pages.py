"""Pages of ``GET /events`` read the way of migration 0007: wide and small bounding boxes by
different plans, ids from covering indexes, stored records served as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from tests.api.pages import walk_event_ids

from rasid.api import queries
from rasid.api.app import create_app
from rasid.records import Document, Event, Evidence, ExtractionResult, Place, TimeValue
from rasid.store import Store
from rasid.store.schema import events

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
    assert walk_event_ids(client, bbox=bbox, sort=sort, limit=7) == _expected(made, bbox, sort)


def test_api_bbox_hint_tells_wide_from_small_boxes(boxed: tuple[TestClient, list[Event]]) -> None:
    client, _ = boxed
    store = client.app.state.store  # type: ignore[attr-defined]
    with store.engine.connect() as connection:
        assert queries._box_hint(connection, queries.parse_bbox(WIDE)) is True
        assert queries._box_hint(connection, queries.parse_bbox(SMALL)) is True  # 3 of ~110: over 1%
        assert queries._box_hint(connection, queries.parse_bbox(EMPTY)) is False
        assert queries._box_hint(connection, None) is False


def test_api_list_items_equal_event_pages_old_and_new_records(tmp_path: Path) -> None:
    # Rows stored before migration 0007 (no record_format, spaced JSON) are rebuilt; newer
    # ones are served as stored, with a cluster id changed by a merge put in.
    path = tmp_path / "formats.db"
    made = [_event(n) for n in range(6)]
    with Store.open(str(path)) as store:
        store.save_result(ExtractionResult(Document(id="d1", text="نص", language="ar"), tuple(made)))
        with store.engine.begin() as connection:
            old = events.c.id.in_(["ev001", "ev002"])
            for row in connection.execute(select(events.c.id, events.c.record).where(old)).all():
                spaced = json.dumps(json.loads(row.record), ensure_ascii=False)
                connection.execute(
                    update(events).where(events.c.id == row.id).values(record=spaced, record_format=None)
                )
            merged = events.c.id.in_(["ev002", "ev003"])
            connection.execute(update(events).where(merged).values(cluster_id="ev000"))
    client = TestClient(create_app(str(path)))
    items = client.get("/events", params={"sort": "id"}).json()["events"]
    assert [item["id"] for item in items] == [e.id for e in made]
    for item in items:
        assert item == client.get(f"/events/{item['id']}").json()["event"]
    assert [item["cluster_id"] for item in items[:4]] == ["ev000", "ev001", "ev000", "ev000"]
