"""GET /documents, GET /documents/{id} and POST /documents with its API key checks."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

Writable = tuple[TestClient, dict[str, str]]
REPORT = {
    "id": "api-report-1",
    "text": "قُتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين أمس، بحسب ناشطين.",
    "published": "2021-05-10",
    "source": "test outlet",
}


def test_api_documents_pages_and_detail(client: TestClient) -> None:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        body = client.get("/documents", params={"limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        seen.extend(body["documents"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    ids = [d["id"] for d in seen]
    assert ids == sorted(set(ids)) and len(ids) >= 20
    assert all("text" not in d for d in seen)
    detail = client.get(f"/documents/{ids[0]}").json()
    assert detail["document"]["id"] == ids[0] and detail["document"]["text"]
    for event in detail["events"]:
        assert event["document_id"] == ids[0]
    assert client.get("/documents/no-such-document").status_code == 404


def test_api_documents_filters_and_csv(client: TestClient) -> None:
    english = client.get("/documents", params={"language": "en", "limit": 500}).json()["documents"]
    assert english and all(d["language"] == "en" for d in english)
    dated = client.get("/documents", params={"since": "2021-03", "until": "2021-03", "limit": 500}).json()
    assert all(d["published"].startswith("2021-03") for d in dated["documents"])
    rows = list(csv.DictReader(io.StringIO(client.get("/documents", params={"format": "csv"}).text)))
    assert rows and set(rows[0]) == {"id", "url", "source", "title", "language", "published", "text_sha256"}


def test_api_post_document_needs_a_key(writable: Writable) -> None:
    client, _ = writable
    answer = client.post("/documents", json=REPORT)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert "X-API-Key" in answer.headers["www-authenticate"]
    assert client.get("/documents/api-report-1").status_code == 404


@pytest.mark.parametrize("header", ["wrong", "revoked", "bearer-wrong"])
def test_api_post_document_refuses_a_wrong_or_revoked_key(writable: Writable, header: str) -> None:
    client, tokens = writable
    if header == "bearer-wrong":
        headers = {"Authorization": "Bearer rsd_not-a-key"}
    elif header == "wrong":
        headers = {"X-API-Key": tokens["valid"][:-1] + ("A" if tokens["valid"][-1] != "A" else "B")}
    else:
        headers = {"X-API-Key": tokens["revoked"]}
    answer = client.post("/documents", json=REPORT, headers=headers)
    assert answer.status_code == 403
    assert client.get("/documents/api-report-1").status_code == 404


def test_api_post_document_codes_and_stores(writable: Writable) -> None:
    client, tokens = writable
    answer = client.post("/documents", json=REPORT, headers={"X-API-Key": tokens["valid"]})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["status"] == "stored"
    assert answer.headers["location"] == "/documents/api-report-1"
    [event] = [e for e in body["events"] if e["event_type"] == "attack"]
    assert {a["id"] for a in event["actors"]} >= {"ISIS", "SYR_REGIME"}
    assert event["time"]["start"] == "2021-05-09"
    stored = client.get("/documents/api-report-1").json()
    assert stored["events"] == body["events"]
    assert client.get(f"/events/{event['id']}").json()["event"] == event
    again = client.post("/documents", json=REPORT, headers={"Authorization": f"Bearer {tokens['valid']}"})
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    twin = client.post("/documents", json={**REPORT, "id": "copy"}, headers={"X-API-Key": tokens["valid"]})
    assert twin.status_code == 200 and twin.json()["status"] == "duplicate"


@pytest.mark.parametrize(
    "body",
    [
        {"text": "no id"},
        {"id": "x"},
        {"id": "x", "text": "   "},
        {"id": "x", "text": "t", "published": "yesterday"},
        {"id": None, "text": "t"},
        [1, 2],
    ],
)
def test_api_post_document_malformed_is_422(writable: Writable, body: Any) -> None:
    client, tokens = writable
    answer = client.post("/documents", json=body, headers={"X-API-Key": tokens["valid"]})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in answer.text


def test_api_post_document_too_large_is_413(writable: Writable) -> None:
    client, tokens = writable
    big = {"id": "big", "text": "هجوم " * 20_000}  # about 200 KB, over the test app's 64 KiB
    answer = client.post("/documents", json=big, headers={"X-API-Key": tokens["valid"]})
    assert answer.status_code == 413
    assert answer.json()["status"] == 413

    def chunks() -> Any:
        for _ in range(100):
            yield b"x" * 1024

    streamed = client.post("/documents", content=chunks(), headers={"X-API-Key": tokens["valid"]})
    assert streamed.status_code == 413
    assert client.get("/documents/big").status_code == 404
