"""The store's ingest state: fetch validators and taken feed items, read back across openings."""

from __future__ import annotations

from pathlib import Path

from rasid.records import FetchRecord
from rasid.store import Store


def test_ingest_state_fetch_record_round_trip_and_replace(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    first = FetchRecord(
        url="https://news.example/feed.xml",
        fetched_at="2025-03-04T10:00:00+00:00",
        final_url="https://news.example/rss",
        status_code=200,
        etag='"v1"',
        last_modified="Tue, 04 Mar 2025 10:00:00 GMT",
        content_sha256="a" * 64,
    )
    with Store.open(db) as store:
        assert store.get_fetch(first.url) is None
        store.record_fetch(first)
    with Store.open(db) as store:
        assert store.get_fetch(first.url) == first
        failed = FetchRecord(url=first.url, fetched_at="2025-03-05T11:30:00+00:00", error="HTTP 503 [E108]")
        store.record_fetch(failed)
        assert store.get_fetch(first.url) == failed


def test_ingest_state_feed_items_are_remembered_once(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    feed = "https://news.example/feed.xml"
    with Store.open(db) as store:
        assert store.seen_feed_items(feed) == set()
        assert store.add_feed_items(feed, [("k1", "https://news.example/1"), ("k2", None)]) == 2
        assert store.add_feed_items(feed, [("k2", None), ("k3", "https://news.example/3")]) == 1
        assert store.add_feed_items(feed, []) == 0
    with Store.open(db) as store:
        assert store.seen_feed_items(feed) == {"k1", "k2", "k3"}
        assert store.seen_feed_items("https://other.example/feed") == set()
