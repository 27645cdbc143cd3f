"""Tests for rasid.store.clusters: incremental clustering, stable ids, split/merge, samples."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rasid.cli.run import bundled_samples
from rasid.pipeline import run_sources
from rasid.records import ActorRef, Document, Event, Evidence, ExtractionResult, Place, Quantity, TimeValue
from rasid.store import Store
from rasid.store.clusters import (
    cluster_document,
    cluster_of_event,
    get_cluster,
    merge_clusters,
    query_clusters,
    recluster,
    split_event,
)

ROOT = Path(__file__).resolve().parents[2]
BUKAMAL = Place(
    "Al-Bukamal", lat=34.45, lon=40.92, admin1="Deir ez-Zor", admin2="Al-Bukamal", precision="point"
)
MAYADIN = Place(
    "Al-Mayadin", lat=35.02, lon=40.45, admin1="Deir ez-Zor", admin2="Al-Mayadin", precision="point"
)


def make_event(
    event_id: str,
    sentence: str,
    *,
    event_type: str = "attack",
    actors: tuple[str, ...] = ("ISIS", "IRN_MIL"),
    place: Place | None = BUKAMAL,
    day: str | None = "2021-03-08",
    killed: int | None = 4,
) -> Event:
    """An event written for these tests (the sentence is ours, not a news text)."""
    roles = ("actor1", "actor2", "other")
    return Event(
        id=event_id,
        event_type=event_type,
        modality="asserted",
        genericity="specific",
        evidence=Evidence(sentence, (0, len(sentence))),
        actors=tuple(ActorRef(roles[i], a, a, a, (0, 1)) for i, a in enumerate(actors)),
        location=place,
        time=TimeValue(day, day, "day") if day else TimeValue(),
        fatalities=Quantity(count=killed) if killed is not None else None,
    )


def save(store: Store, document_id: str, *events: Event, language: str = "en", source: str = "") -> None:
    """Store a document with these events and cluster it, as the pipeline does."""
    text = " ".join(e.evidence.sentence for e in events) or document_id
    document = Document(document_id, text, language=language, published="2021-03-09", source=source or None)
    store.save_result(ExtractionResult(document, events))
    cluster_document(store, document_id, use_default_encoder=False)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh SQLite store."""
    return Store.open(str(tmp_path / "clusters.db"))


def test_clusters_incremental_join_keeps_first_id(store: Store) -> None:
    save(store, "d1", make_event("e1", "Gunmen attacked a militia outpost in the desert, killing four."))
    save(
        store, "d2", make_event("e2", "Four militia fighters died when gunmen attacked their desert outpost.")
    )
    assert cluster_of_event(store, "e1") == "e1"
    assert cluster_of_event(store, "e2") == "e1"
    view = get_cluster(store, "e1")
    assert view is not None and view["reports"] == 2 and view["documents"] == 2
    reasons = {m["event_id"]: m for m in view["members"]}
    assert reasons["e2"]["method"] == "auto" and reasons["e2"]["reasons"]["matched"] == "e1"
    assert reasons["e2"]["reasons"]["features"]["place"] == 1.0


def test_clusters_merge_lumped_killed_and_wounded_apart_from_deaths(store: Store) -> None:
    lumped = replace(
        make_event(
            "e1", "Gunmen attacked a militia outpost in the desert; ten were killed or wounded.", killed=None
        ),
        casualties=Quantity(count=10, min=10, max=10),
    )
    save(store, "d1", lumped)
    save(
        store, "d2", make_event("e2", "Four militia fighters died when gunmen attacked their desert outpost.")
    )
    view = get_cluster(store, "e1")
    assert view is not None and view["reports"] == 2
    assert view["fatalities"]["best"] == 4  # the lumped ten are not deaths
    assert (view["casualties"]["best"], view["casualties"]["reports"]) == (10, 1)
    assert {m["event_id"]: m["casualties"] for m in view["members"]}["e1"]["count"] == 10


def test_clusters_different_incidents_same_day_same_governorate_stay_apart(store: Store) -> None:
    save(store, "d1", make_event("e1", "Gunmen attacked a militia outpost in the desert, killing four."))
    arrests = make_event(
        "e2",
        "Security forces detained twelve young men in a raid on the town market.",
        event_type="arrest",
        actors=("SDF",),
        place=MAYADIN,
        killed=None,
    )
    save(store, "d2", arrests)
    assert cluster_of_event(store, "e2") == "e2"
    assert len(query_clusters(store, admin1="Deir ez-Zor")) == 2


def test_clusters_merge_keeps_the_oldest_id_and_logs_the_other(store: Store) -> None:
    save(store, "d1", make_event("e1", "Gunmen attacked a militia outpost in the desert, killing four."))
    save(
        store,
        "d2",
        make_event(
            "e2",
            "Fighters clashed near the border crossing.",
            event_type="clash",
            actors=("SDF",),
            killed=None,
        ),
    )
    assert cluster_of_event(store, "e2") == "e2"
    bridge = make_event(
        "e3",
        "Gunmen attacked a militia outpost in the desert and fighters clashed near the border crossing.",
        actors=("ISIS", "IRN_MIL", "SDF"),
    )
    save(store, "d3", bridge)
    assert {cluster_of_event(store, e) for e in ("e1", "e2", "e3")} == {"e1"}
    merges = [c for c in store.list_changes() if c.action == "merge"]
    assert [(c.event_id, c.before, c.after["cluster_id"]) for c in merges] == [
        ("e2", {"cluster_id": "e2"}, "e1")
    ]
    assert store.count_events() == 3  # nothing deleted by a merge


def test_clusters_without_place_or_date_join_only_on_strong_evidence(store: Store) -> None:
    sentence = "Gunmen attacked a militia outpost in the desert, killing four."
    save(store, "d1", make_event("e1", sentence))
    save(store, "d2", make_event("e2", "Clashes were reported.", place=None, day=None, actors=()))
    save(store, "d3", make_event("e3", sentence + " Activists said so.", place=None, day=None))
    assert cluster_of_event(store, "e2") == "e2"
    assert cluster_of_event(store, "e3") == "e1"
    view = get_cluster(store, "e1")
    assert view is not None and view["weak"]


def test_clusters_split_and_merge_survive_reclustering(store: Store) -> None:
    save(store, "d1", make_event("e1", "Gunmen attacked a militia outpost in the desert, killing four."))
    save(
        store, "d2", make_event("e2", "Four militia fighters died when gunmen attacked their desert outpost.")
    )
    save(store, "d3", make_event("e3", "Protesters gathered in the square.", event_type="protest", actors=()))
    assert cluster_of_event(store, "e2") == "e1"
    assert split_event(store, "e2", reason="another outpost") == "e2"
    assert merge_clusters(store, "e1", "e3") == "e1"
    summary = recluster(store, use_default_encoder=False)
    assert summary.events == 3
    assert cluster_of_event(store, "e2") == "e2"
    assert cluster_of_event(store, "e3") == "e1"
    actions = [c.action for c in store.list_changes()]
    assert "split" in actions and "merge" in actions
    # A second run of the same clustering changes nothing.
    assert recluster(store, use_default_encoder=False).moved == 0


def test_clusters_split_and_merge_refuse_bad_input(store: Store) -> None:
    save(store, "d1", make_event("e1", "Gunmen attacked a militia outpost in the desert, killing four."))
    with pytest.raises(ValueError, match="no stored event"):
        split_event(store, "missing")
    with pytest.raises(ValueError, match="already alone"):
        split_event(store, "e1")
    with pytest.raises(ValueError, match="no cluster"):
        merge_clusters(store, "e1", "missing")
    with pytest.raises(ValueError, match="itself"):
        merge_clusters(store, "e1", "e1")
    assert cluster_of_event(store, "e1") == "e1"


def test_clusters_samples_merge_only_reports_of_one_incident(tmp_path: Path) -> None:
    expected = [
        json.loads(line) for line in (ROOT / "tests/data/samples_expected.jsonl").open(encoding="utf-8")
    ]
    same = {
        frozenset((doc["id"], event["same_incident_as"]))
        for doc in expected
        for event in doc["events"]
        if event.get("same_incident_as")
    }
    with Store.open(str(tmp_path / "samples.db")) as store:
        run_sources([bundled_samples()], store=store)
        stored = store.query_events()
    clusters: dict[str, set[str]] = {}
    for event in stored:
        assert event.cluster_id is not None and event.document_id is not None
        clusters.setdefault(event.cluster_id, set()).add(event.document_id)
    linked = {frozenset(docs) for docs in clusters.values() if len(docs) > 1}
    # Every cross-document cluster is a pair of reports of one incident (Arabic and English) ...
    assert linked and linked <= same
    assert all({d.split("-")[1] for d in docs} == {"ar", "en"} for docs in linked)
    # ... and at least three of the four incidents reported in both languages were merged.
    assert len(linked) >= 3
