"""Tests for rasid.store.db: saving, idempotence, rollback, filters and the summary."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.errors import StoreError
from rasid.records import (
    EVENT_TYPES,
    GENERICITIES,
    MODALITIES,
    PLACE_PRECISIONS,
    ROLES,
    TIME_PRECISIONS,
    ActorRef,
    Attribution,
    Document,
    Event,
    Evidence,
    ExtractionResult,
    Mention,
    Place,
    Quantity,
    TimeValue,
)
from rasid.store import SaveOutcome, SaveStatus, Store
from rasid.store.schema import RECORD_FORMAT, StoredEvent, record_text

DEIR = Place(
    name="Al-Mayadin",
    name_ar="الميادين",
    lat=35.0186,
    lon=40.4506,
    admin1="Deir ez-Zor",
    admin2="Al-Mayadin",
    precision="point",
    text="الميادين",
    span=(30, 38),
)


def make_event(
    event_id: str,
    *,
    event_type: str = "airstrike",
    actors: tuple[tuple[str, str | None], ...] = (("actor1", "IRN_MIL.FATEMIYOUN"),),
    start: str | None = "2024-03-05",
    end: str | None = None,
    place: Place | None = DEIR,
    cluster_id: str | None = None,
    fatalities: Quantity | None = None,
) -> Event:
    """A hand-built event with an Arabic evidence sentence."""
    return Event(
        id=event_id,
        event_type=event_type,
        modality="asserted",
        genericity="specific",
        evidence=Evidence(sentence="قصفت طائرات مسيرة موقعاً في الميادين.", span=(0, 38)),
        actors=tuple(
            ActorRef(role, actor_id, actor_id or "unknown", "مجموعة", (4, 9)) for role, actor_id in actors
        ),
        location=place,
        time=TimeValue(start=start, end=end or start, precision="day" if start else "unknown"),
        fatalities=fatalities,
        confidence=0.8,
        extractor="test.v1",
        cluster_id=cluster_id,
    )


def make_result(doc_id: str, text: str | None = None, events: tuple[Event, ...] = ()) -> ExtractionResult:
    """A result for a document whose text defaults to one unique to its id."""
    document = Document(
        id=doc_id, text=text or f"نص التقرير رقم {doc_id}", language="ar", published="2024-03-06"
    )
    return ExtractionResult(document=document, events=events)


def stored(event: Event, doc_id: str) -> Event:
    """How an event of ``doc_id`` reads back from the store."""
    return event.with_ids(document_id=doc_id, cluster_id=event.cluster_id or event.id)


def test_db_save_result_reads_back_events(store: Store) -> None:
    events = (make_event("d1-e1"), make_event("d1-e2", event_type="shelling", cluster_id="c9"))
    outcome = store.save_result(make_result("d1", events=events))
    assert outcome == SaveOutcome(SaveStatus.STORED, "d1", events=2)
    assert str(outcome) == "stored"
    assert store.query_events() == [stored(e, "d1") for e in events]
    assert store.query_events()[1].cluster_id == "c9"
    assert store.get_event("d1-e1") == stored(events[0], "d1")
    assert store.get_event("missing") is None


def test_db_save_result_twice_is_unchanged(store: Store) -> None:
    result = make_result("d1", events=(make_event("d1-e1"),))
    assert store.save_result(result).status is SaveStatus.STORED
    assert store.save_result(result).status is SaveStatus.UNCHANGED
    assert store.count_documents() == 1
    assert store.count_events() == 1


def test_db_save_result_same_text_other_id_is_duplicate(store: Store) -> None:
    store.save_result(make_result("d1", "نفس النص", events=(make_event("d1-e1"),)))
    outcome = store.save_result(make_result("d2", "نفس النص", events=(make_event("d2-e1"),)))
    assert outcome.status is SaveStatus.DUPLICATE
    assert outcome.existing_id == "d1"
    assert store.get_document("d2") is None
    assert [e.id for e in store.query_events()] == ["d1-e1"]


def test_db_save_result_new_text_replaces_events_and_mentions(store: Store) -> None:
    store.save_result(
        make_result("d1", "النص الأول", events=(make_event("d1-e1"), make_event("d1-e2"))),
        mentions=(Mention("actor", "الفاطميون", (0, 9), "IRN_MIL.FATEMIYOUN"),),
    )
    outcome = store.save_result(
        make_result("d1", "النص المعدل", events=(make_event("d1-e3", event_type="clash"),)),
        mentions=(Mention("place", "الميادين", (3, 11), "mayadin"),),
    )
    assert outcome.status is SaveStatus.UPDATED
    assert [e.id for e in store.query_events()] == ["d1-e3"]
    assert store.query_events(actor="IRN_MIL")[0].event_type == "clash"
    assert store.query_mentions("d1") == [Mention("place", "الميادين", (3, 11), "mayadin")]
    document = store.get_document("d1")
    assert document is not None and document.text == "النص المعدل"
    assert store.count_documents() == 1


def test_db_save_result_failure_keeps_what_was_stored(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save_result(make_result("d1", "النص الأول", events=(make_event("d1-e1"),)))

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert_mentions", explode)
    with pytest.raises(RuntimeError):
        store.save_result(make_result("d2", events=(make_event("d2-e1"),)))
    with pytest.raises(RuntimeError):
        store.save_result(make_result("d1", "نص جديد", events=(make_event("d1-e9"),)))
    monkeypatch.undo()

    assert store.get_document("d2") is None
    document = store.get_document("d1")
    assert document is not None and document.text == "النص الأول"
    assert [e.id for e in store.query_events()] == ["d1-e1"]
    assert store.save_result(make_result("d2", events=(make_event("d2-e1"),))).status is SaveStatus.STORED


def test_db_save_result_event_id_clash_rolls_back(store: Store) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"),)))
    with pytest.raises(StoreError, match="d2"):
        store.save_result(make_result("d2", events=(make_event("e2"), make_event("e1"))))
    assert store.get_document("d2") is None
    assert store.get_event("e2") is None


def test_db_save_result_sets_document_id_of_events(store: Store) -> None:
    event = make_event("d1-e1").with_ids(document_id="elsewhere", cluster_id=None)
    store.save_result(make_result("d1", events=(event,)))
    [read] = store.query_events(document_id="d1")
    assert (read.document_id, read.cluster_id) == ("d1", "d1-e1")


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("IRN_MIL", ["e-fine", "e-top"]),
        ("IRN_MIL.FATEMIYOUN", ["e-fine"]),
        ("IRN", []),
        ("SDF", ["e-target"]),
        ("ISIS", []),
    ],
)
def test_db_query_events_actor_rolls_up(store: Store, actor: str, expected: list[str]) -> None:
    events = (
        make_event("e-fine", actors=(("actor1", "IRN_MIL.FATEMIYOUN"),)),
        make_event("e-top", actors=(("actor1", "IRN_MIL"), ("actor2", None))),
        # "_" must not act as a LIKE wildcard: IRNxMIL is not under IRN_MIL.
        make_event("e-lookalike", actors=(("actor1", "IRNxMIL.X"),)),
        make_event("e-target", actors=(("actor1", "TUR_MIL"), ("actor2", "SDF.YPG"))),
    )
    store.save_result(make_result("d1", events=events))
    assert [e.id for e in store.query_events(actor=actor)] == expected


@pytest.mark.parametrize(
    ("since", "until", "found"),
    [
        ("2024-03-15", None, True),
        (None, "2024-03-01", True),
        ("2024-03-31", "2024-03-31", True),
        ("2024-02-01", "2024-02-29", False),
        ("2024-04-01", None, False),
        (None, "2024-02-29", False),
    ],
)
def test_db_query_events_dates_overlap(
    store: Store, since: str | None, until: str | None, found: bool
) -> None:
    month = make_event("e-month", start="2024-03-01", end="2024-03-31")
    undated = make_event("e-undated", start=None)
    store.save_result(make_result("d1", events=(month, undated)))
    assert [e.id for e in store.query_events(since=since, until=until)] == (["e-month"] if found else [])


def test_db_query_events_undated_last_and_ordered(store: Store) -> None:
    events = (
        make_event("b", start="2024-01-02"),
        make_event("z", start=None),
        make_event("a", start="2024-01-02T08:00"),
        make_event("c", start="2023-12-31"),
    )
    store.save_result(make_result("d1", events=events))
    assert [e.id for e in store.query_events()] == ["c", "a", "b", "z"]
    assert [e.id for e in store.query_events(limit=2, offset=1)] == ["a", "b"]
    # A datetime start still falls on its day.
    assert [e.id for e in store.query_events(since="2024-01-02", until="2024-01-02")] == ["a", "b"]


def test_db_query_events_rejects_bad_date(store: Store) -> None:
    with pytest.raises(ValueError, match="since"):
        store.query_events(since="last week")


@pytest.mark.parametrize("admin1", ["Deir ez-Zor", "deir ez-zor", "DEIR EZ-ZOR", " Deir ez-Zor "])
def test_db_query_events_admin1_ignores_case(store: Store, admin1: str) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"), make_event("e2", place=None))))
    assert [e.id for e in store.query_events(admin1=admin1)] == ["e1"]
    assert store.count_events(admin1=admin1) == 1


def test_db_query_events_type_filter(store: Store) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"), make_event("e2", event_type="arrest"))))
    assert [e.id for e in store.query_events(event_type="arrest")] == ["e2"]


def test_db_summary_rolls_up_actor1(store: Store) -> None:
    events = (
        make_event(
            "e1", actors=(("actor1", "IRN_MIL.FATEMIYOUN"), ("actor1", "IRN_MIL"), ("actor2", "ISIS"))
        ),
        make_event("e2", event_type="clash", actors=(("actor1", "SDF.DMC"), ("actor1", "TRIBAL"))),
        make_event("e3", place=None, actors=(("actor1", None),)),
    )
    store.save_result(make_result("d1", events=events))
    store.save_result(make_result("d2"))
    summary = store.summary()
    assert summary["documents"] == 2
    assert summary["events"] == 3
    assert summary["clusters"] == 3
    assert summary["by_type"] == {"airstrike": 2, "clash": 1}
    assert summary["by_actor"] == {"IRN_MIL": 1, "SDF": 1, "TRIBAL": 1}
    assert summary["by_admin1"] == {"Deir ez-Zor": 2}


def test_db_sync_actors_upserts(store: Store) -> None:
    assert store.sync_actors([("IRN_MIL", None, "Iranian-backed militias", "الميليشيات الإيرانية")]) == 1
    store.sync_actors(
        [
            ("IRN_MIL", None, "Iran-backed militias", "الميليشيات الإيرانية"),
            ("IRN_MIL.FATEMIYOUN", "IRN_MIL", "Fatemiyoun", "لواء فاطميون"),
        ]
    )
    assert store.list_actors() == [
        ("IRN_MIL", None, "Iran-backed militias", "الميليشيات الإيرانية"),
        ("IRN_MIL.FATEMIYOUN", "IRN_MIL", "Fatemiyoun", "لواء فاطميون"),
    ]
    assert store.sync_actors([]) == 0


def test_db_get_document_round_trips(store: Store) -> None:
    result = make_result("d1", "قصف مدفعي على ريف إدلب الجنوبي.")
    store.save_result(result)
    assert store.get_document("d1") == result.document
    assert store.get_document("nope") is None


def test_db_assign_clusters_changes_read_back(store: Store) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"),)))
    store.save_result(make_result("d2", events=(make_event("e2"),)))
    assert store.assign_clusters({"e2": "e1"}) == 1
    assert [e.cluster_id for e in store.query_events(cluster_id="e1")] == ["e1", "e1"]


def test_db_open_sets_sqlite_pragmas(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_db_open_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "no" / "such" / "rasid.db"))


def test_db_open_not_a_database_raises(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("هذا ليس قاعدة بيانات\n" * 20, encoding="utf-8")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(str(path))


def test_db_open_corrupt_sqlite_raises(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(StoreError, match="cannot open"):
        Store.open(str(path))


def test_db_open_without_create_does_not_make_a_file(tmp_path: Path) -> None:
    path = tmp_path / "rasid.db"
    with pytest.raises(StoreError, match="run `rasid run` first"):
        Store.open(str(path), create=False)
    assert not path.exists()


@pytest.mark.parametrize("form", ["path", "url"])
def test_db_open_accepts_path_and_url(tmp_path: Path, form: str) -> None:
    path = tmp_path / "rasid.db"
    target = str(path) if form == "path" else f"sqlite:///{path}"
    with Store.open(target) as opened:
        opened.save_result(make_result("d1"))
    assert sqlite3.connect(path).execute("SELECT id FROM documents").fetchall() == [("d1",)]


def test_db_open_memory_database() -> None:
    with Store.open(":memory:") as opened:
        opened.save_result(make_result("d1", events=(make_event("e1"),)))
        assert opened.count_events() == 1


# --- property: any event reads back equal ----------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_opt_text = st.none() | _text
_nonempty = st.none() | st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20)
_small = st.integers(min_value=0, max_value=10**6)
_span = st.tuples(_small, _small)
_day = st.dates().map(lambda d: d.isoformat())
_coord = st.floats(min_value=-180, max_value=180, allow_nan=False)
_quantity = st.none() | st.builds(
    Quantity, st.none() | _small, st.none() | _small, st.none() | _small, _opt_text, st.none() | _span
)
_place = st.none() | st.builds(
    Place,
    name=_text,
    name_ar=_opt_text,
    lat=st.none() | _coord,
    lon=st.none() | _coord,
    admin1=_opt_text,
    admin2=_opt_text,
    country=st.none() | st.just("SY"),
    precision=st.sampled_from(PLACE_PRECISIONS),
    text=_opt_text,
    span=st.none() | _span,
)
_evidence = st.builds(Evidence, sentence=_text, span=_span) | st.builds(
    Evidence, sentence=_text, span=_span, trigger=_text, trigger_span=_span
)
_events = st.builds(
    Event,
    id=st.uuids().map(str),
    event_type=st.sampled_from(EVENT_TYPES),
    modality=st.sampled_from(MODALITIES),
    genericity=st.sampled_from(GENERICITIES),
    evidence=_evidence,
    actors=st.lists(
        st.builds(ActorRef, st.sampled_from(ROLES), _nonempty, _text, _text, _span), max_size=4
    ).map(tuple),
    location=_place,
    time=st.builds(
        TimeValue,
        st.none() | _day,
        st.none() | _day,
        st.sampled_from(TIME_PRECISIONS),
        _opt_text,
        st.none() | _span,
    ),
    fatalities=_quantity,
    injuries=_quantity,
    attribution=st.none() | st.builds(Attribution, _text, _text, st.none() | _span),
    sub_type=_opt_text,
    acled_event_type=_nonempty,
    acled_sub_event_type=_nonempty,
    plover=_nonempty,
    confidence=st.integers(min_value=0, max_value=1000).map(lambda n: n / 1000),
    extractor=_opt_text,
    cluster_id=st.none() | st.uuids().map(str),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=_events)
def test_db_any_event_reads_back_equal(shared_store: Store, event: Event) -> None:
    doc_id = str(uuid.uuid4())
    # Generated ids repeat across examples; the store rightly refuses a second event with one.
    event = replace(event, id=f"{doc_id}:{event.id}")
    shared_store.save_result(make_result(doc_id, events=(event,)))
    assert shared_store.query_events(document_id=doc_id) == [stored(event, doc_id)]


def test_db_save_results_stores_a_batch_searchable(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks, so that the batch is written in several writes of several statements.
    monkeypatch.setattr("rasid.store.db._EVENTS_PER_WRITE", 5)
    monkeypatch.setattr("rasid.store.bulk._MAX_ROWS_PER_STATEMENT", 3)
    results = [
        make_result(f"d{n}", events=tuple(make_event(f"d{n}-e{i}") for i in range(4))) for n in range(5)
    ]
    outcomes = store.save_results(results)
    assert [o.status for o in outcomes] == [SaveStatus.STORED] * 5
    assert sorted(e.id for e in store.query_events()) == sorted(e.id for r in results for e in r.events)
    assert store.get_event("d3-e2") == stored(results[3].events[2], "d3")
    assert store.count_events(q="الميادين") == 20


def test_db_save_results_same_document_twice_in_a_batch(store: Store) -> None:
    first = make_result("d1", events=(make_event("d1-e1"),))
    recoded = make_result("d1", events=(make_event("d1-e1", event_type="shelling"),))
    outcomes = store.save_results([first, recoded, make_result("d2", events=(make_event("d2-e1"),))])
    assert [o.status for o in outcomes] == [SaveStatus.STORED, SaveStatus.RECODED, SaveStatus.STORED]
    assert {e.id: e.event_type for e in store.query_events()} == {"d1-e1": "shelling", "d2-e1": "airstrike"}


def test_db_save_results_failure_stores_nothing(store: Store) -> None:
    store.save_result(make_result("d0", events=(make_event("e1"),)))
    batch = [make_result("d1", events=(make_event("e2"),)), make_result("d2", events=(make_event("e1"),))]
    with pytest.raises(StoreError, match="nothing was stored"):
        store.save_results(batch)
    assert store.get_document("d1") is None and store.get_event("e2") is None
    assert [e.id for e in store.query_events()] == ["e1"]
    assert store.count_events(q="الميادين") == 1


_batch_items = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from("xyz"), st.integers(0, 3)), max_size=12
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=_batch_items)
def test_db_save_results_is_save_result_one_by_one(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    items: list[tuple[str, str, int]],
) -> None:
    # Ids and texts repeat: new, unchanged, recoded, updated and duplicate documents, in
    # batches written in several chunks.
    monkeypatch.setattr("rasid.store.db._EVENTS_PER_WRITE", 2)
    results = [
        make_result(
            doc,
            text=f"نص {text}",
            events=tuple(
                make_event(f"{doc}-{text}-{i}", event_type=("airstrike", "shelling")[n % 2]) for i in range(n)
            ),
        )
        for doc, text, n in items
    ]
    folder = tmp_path_factory.mktemp("batch")
    with Store.open(str(folder / "one.db")) as one, Store.open(str(folder / "batch.db")) as batch:
        expected = [one.save_result(result) for result in results]
        assert batch.save_results(results) == expected
        assert batch.query_events() == one.query_events()
        for doc in "abc":
            assert batch.stored_sha256(doc) == one.stored_sha256(doc)
        assert batch.count_events(q="الميادين") == one.count_events(q="الميادين")


# --- stored records are served as they are -------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(event=_events, doc_id=_text, merged=st.none() | _text, old=st.booleans())
def test_db_stored_event_json_is_the_records_json(
    event: Event, doc_id: str, merged: str | None, old: bool
) -> None:
    written = event.with_ids(document_id=doc_id, cluster_id=event.cluster_id or event.id)
    cluster = merged if merged is not None else written.cluster_id
    assert cluster is not None
    row = StoredEvent(record_text(written.to_dict()), doc_id, cluster, None if old else RECORD_FORMAT)
    expected = written.with_ids(document_id=doc_id, cluster_id=cluster).to_dict()
    assert json.loads(row.json_text()) == expected
    assert row.event().to_dict() == expected


def test_db_record_format_names_the_shape_of_event_records() -> None:
    # Event.to_dict() changed? Then bump RECORD_FORMAT (rasid.store.schema), so that records
    # stored in the old shape are rebuilt when the API serves them, and update this list.
    keys = list(make_event("e1").to_dict())
    assert RECORD_FORMAT == 2
    assert keys[-2:] == ["document_id", "cluster_id"]
    assert keys == [
        "id",
        "event_type",
        "sub_type",
        "acled",
        "plover",
        "modality",
        "genericity",
        "attribution",
        "actors",
        "location",
        "time",
        "fatalities",
        "injuries",
        "casualties",
        "evidence",
        "confidence",
        "extractor",
        "document_id",
        "cluster_id",
    ]


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.text()
        | st.floats(allow_nan=False, allow_infinity=False),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
        max_leaves=12,
    )
)
def test_record_text_is_compact_json_of_the_record(record: object) -> None:
    # Whichever encoder writes it (orjson, or the standard one for big integers and lone
    # surrogates), the text reads back as the record.
    assert json.loads(record_text(record)) == record


def test_record_text_falls_back_for_what_orjson_refuses() -> None:
    # Beyond 64 bits orjson refuses; the standard encoder writes it, as before.
    assert record_text({"n": 2**70}) == '{"n":1180591620717411303424}'
    assert record_text({"name": "دير الزور"}) == '{"name":"دير الزور"}'  # not escaped
    # Not a number is no JSON: orjson writes null where the standard encoder wrote NaN.
    assert record_text({"lat": float("nan"), "lon": float("inf")}) == '{"lat":null,"lon":null}'
