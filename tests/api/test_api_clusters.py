"""Tests for GET /clusters and GET /clusters/{id}."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_api_clusters_lists_incidents_with_reports(client: TestClient) -> None:
    answer = client.get("/clusters", params={"limit": 500})
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert items and all(item["reports"] == len(item["members"]) for item in items)
    merged = [item for item in items if item["documents"] > 1]
    assert merged and all(set(item["languages"]) == {"ar", "en"} for item in merged)
    joined = [m for item in merged for m in item["members"] if m["method"] == "auto"]
    assert joined and all("features" in m["reasons"] for m in joined)


def test_api_clusters_one_and_unknown(client: TestClient) -> None:
    first = client.get("/clusters", params={"limit": 1}).json()
    cluster_id = first["items"][0]["cluster_id"]
    assert first["next_offset"] == 1
    answer = client.get(f"/clusters/{cluster_id}")
    assert answer.status_code == 200 and answer.json()["cluster_id"] == cluster_id
    assert client.get("/clusters/no-such-cluster").status_code == 404
    assert client.get("/clusters", params={"since": "not a date"}).status_code == 400
