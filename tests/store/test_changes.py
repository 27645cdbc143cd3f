"""Tests for stable event ids, re-coding in place and the change log (both backends)."""

from __future__ import annotations

from dataclasses import replace

from tests.store.test_db import make_event, make_result

from rasid.extract.events import extract_events
from rasid.records import Document, Quantity
from rasid.store import SaveStatus, Store

TEXT = "قُتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين أمس، بحسب ناشطين."


def test_changes_event_ids_are_stable_across_runs() -> None:
    document = Document(id="a", text=TEXT, language="ar", published="2021-05-10")
    first = [e.id for e in extract_events(document)]
    again = [e.id for e in extract_events(document)]
    elsewhere = [e.id for e in extract_events(replace(document, id="b"))]
    assert first and first == again == elsewhere
    assert [e.id for e in extract_events(replace(document, text=TEXT + " "))] != first


def test_changes_recoding_updates_deletes_adds_and_logs(store: Store) -> None:
    old = (make_event("e1"), make_event("e2"))
    assert store.save_result(make_result("d1", "نص", events=old), extractor="rasid.rules/0.1").status is (
        SaveStatus.STORED
    )
    store.assign_clusters({"e1": "c-merged"})
    new = (
        replace(make_event("e1"), fatalities=Quantity(count=3), extractor="rasid.rules/0.2"),
        replace(make_event("e3"), extractor="rasid.rules/0.2"),
    )
    outcome = store.save_result(make_result("d1", "نص", events=new))
    assert (outcome.status, outcome.events) == (SaveStatus.RECODED, 2)
    assert [e.id for e in store.query_events()] == ["e1", "e3"]
    kept = store.get_event("e1")
    assert kept is not None and kept.fatalities == Quantity(count=3) and kept.cluster_id == "c-merged"
    log = store.list_changes()
    assert [(c.event_id, c.action) for c in log] == [("e1", "update"), ("e2", "delete")]
    assert {c.reason for c in log} == {"re-coded by rasid.rules/0.1 → rasid.rules/0.2"}
    assert log[0].before is not None and log[0].before["fatalities"] is None
    assert log[0].after is not None and log[0].after["fatalities"]["count"] == 3
    assert log[1].after is None and log[1].before is not None and log[1].before["id"] == "e2"
    assert [c.event_id for c in store.list_changes(event_id="e2")] == ["e2"]
    assert store.list_changes(limit=1)[0].to_dict()["action"] == "update"
    # The same coding again changes nothing and logs nothing.
    assert store.save_result(make_result("d1", "نص", events=new)).status is SaveStatus.UNCHANGED
    assert len(store.list_changes()) == 2


def test_changes_is_current_follows_extractor(store: Store) -> None:
    result = make_result("d1", "نص", events=(make_event("e1"),))
    store.save_result(result)
    document = result.document
    assert store.is_current(document, extractor="test.v1")
    assert not store.is_current(document, extractor="test.v2")
    assert not store.is_current(replace(document, text="نص آخر"), extractor="test.v1")
    assert not store.is_current(replace(document, id="d9"), extractor="test.v1")
    # Same events, newer extractor: nothing to log, but the document counts as current now.
    assert store.save_result(result, extractor="test.v2").status is SaveStatus.UNCHANGED
    assert store.is_current(document, extractor="test.v2")
    assert store.list_changes() == []


def test_changes_new_text_logs_deleted_events(store: Store) -> None:
    store.save_result(make_result("d1", "النص الأول", events=(make_event("e1"),)))
    assert store.save_result(make_result("d1", "النص المعدل", events=(make_event("e9"),))).status is (
        SaveStatus.UPDATED
    )
    [change] = store.list_changes()
    assert (change.event_id, change.action, change.reason) == (
        "e1",
        "delete",
        "document d1: its text changed",
    )
    assert change.changed_at.endswith("+00:00")
