"""Injection strings in every filter change and leak nothing; CORS is closed; errors hide internals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from rasid.api.app import create_app
from rasid.store.search import search_text, search_words

INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE events; --",
    '" OR ""="',
    "ISIS' UNION SELECT id, record FROM events --",
    "%",
    "_",
    "\\",
    "ISIS%",
    "') OR 1=1 --",
    "1)) OR ((1=1",
    "دير الزور' OR 'ا'='ا",
    "\u0000",
    "*",
]
TEXT_FILTERS = [
    "actor",
    "admin1",
    "admin2",
    "q",
    "bbox",
    "since",
    "until",
    "cursor",
    "type",
    "modality",
    "sort",
]


def _counts(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("events", "documents", "api_keys")
        )


@pytest.mark.parametrize("name", TEXT_FILTERS)
def test_api_injection_strings_in_event_filters(writable_db: Path, name: str) -> None:
    client = TestClient(create_app(str(writable_db)))
    before = _counts(writable_db)
    for value in INJECTIONS:
        for path in ("/events", "/stats"):
            answer = client.get(path, params={name: value})
            assert answer.status_code in (200, 400, 422), (path, name, value, answer.text)
            if answer.status_code == 200 and path == "/events":
                found = answer.json()["events"]
                if name == "q":
                    # Full-text search takes words only: "%", "_", quotes and operators are
                    # no syntax; every event found holds every word of the query.
                    words = search_words(value)
                    assert all(
                        all(w in search_text([json.dumps(e, ensure_ascii=False)]) for w in words)
                        for e in found
                    ), value
                else:
                    # No value here names a real actor, place or type: nothing may match.
                    assert found == [], (name, value)
            else:
                assert "Traceback" not in answer.text and "sqlite" not in answer.text.lower()
    assert _counts(writable_db) == before


@pytest.mark.parametrize(
    ("path", "filters", "checked"),
    [
        ("/documents", ("language", "source"), ("since", "until", "cursor")),
        ("/places", ("q", "admin1", "kind"), ("cursor",)),
        ("/actors", ("parent",), ()),
    ],
)
def test_api_injection_strings_in_other_lists(
    writable_db: Path, path: str, filters: tuple[str, ...], checked: tuple[str, ...]
) -> None:
    client = TestClient(create_app(str(writable_db)))
    before = _counts(writable_db)
    key = path.strip("/")
    for value in INJECTIONS:
        for name in filters:
            answer = client.get(path, params={name: value})
            assert answer.status_code in (200, 400, 422), (path, name, value)
            if answer.status_code == 200:
                assert answer.json()[key] == [], (name, value)
        for name in checked:
            answer = client.get(path, params={name: value})
            assert answer.status_code in (400, 422), (path, name, value)
            assert "Traceback" not in answer.text
        escaped = quote(value, safe="")
        assert client.get(f"/events/{escaped}").status_code in (400, 404)
        assert client.get(f"/documents/{escaped}").status_code in (400, 404)
    assert _counts(writable_db) == before


def test_api_cors_is_closed_by_default(client: TestClient) -> None:
    answer = client.get("/events", headers={"Origin": "https://evil.example"})
    assert not any(h.lower().startswith("access-control-") for h in answer.headers)
    preflight = client.options(
        "/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_api_cors_opens_only_to_configured_origins(samples_db: Path) -> None:
    client = TestClient(create_app(str(samples_db), cors_origins=["https://dash.example"]))
    allowed = client.get("/events", headers={"Origin": "https://dash.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://dash.example"
    other = client.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_api_unexpected_errors_are_problems_without_internals(samples_db: Path) -> None:
    app = create_app(str(samples_db))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail at /srv/rasid")

    client = TestClient(app, raise_server_exceptions=False)
    answer = client.get("/boom")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert "secret" not in answer.text and "Traceback" not in answer.text
    assert client.get("/nowhere").json()["status"] == 404
    assert client.delete("/events").json()["status"] == 405
