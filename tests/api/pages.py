"""Walking the cursor pages of ``GET /events`` in the API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def walk_events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    """Every event the parameters select, page after page; checks each page's ``Link`` header."""
    found: list[dict[str, Any]] = []
    cursor = None
    for _ in range(1000):
        answer = client.get("/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found.extend(body["events"])
        cursor = body["next_cursor"]
        if cursor is None:
            assert "link" not in answer.headers
            return found
        assert 'rel="next"' in answer.headers["link"]
    raise AssertionError("the pages never ended")


def walk_event_ids(client: TestClient, **params: Any) -> list[str]:
    """The ids of ``walk_events``."""
    return [event["id"] for event in walk_events(client, **params)]
