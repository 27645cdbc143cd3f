"""Event numbers (``events.seq``, migration 0008): what refers to an event goes by them.

Checked on SQLite and PostgreSQL: new events are numbered in storage order, after the
largest number stored; actor rows, SQLite's full-text index and the partial cluster index
stay in step through saves, re-codings, replacements and cluster changes; an older store
upgraded to 0008 keeps every search, actor filter and cluster.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Select, select
from tests.store.test_db import DEIR, make_event, make_result

from rasid.records import Event, Place
from rasid.store import Store
from rasid.store.db import MIGRATIONS_DIR
from rasid.store.schema import event_actors, event_conditions, events, in_clusters


def _numbers(store: Store) -> dict[str, int]:
    """Event id -> seq of every stored event."""
    with store.engine.connect() as connection:
        return {row.id: row.seq for row in connection.execute(select(events.c.id, events.c.seq))}


def _actor_links(store: Store) -> list[tuple[str, int, int | None]]:
    """(event_id, event_seq, seq of the event named by event_id) of every actor row."""
    query = select(event_actors.c.event_id, event_actors.c.event_seq, events.c.seq).outerjoin(
        events, events.c.id == event_actors.c.event_id
    )
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


def _two_actors(event_id: str, *, place: Place | None = DEIR) -> Event:
    return make_event(event_id, actors=(("actor1", "ISIS"), ("actor2", "SYR_REGIME.NDF")), place=place)


def test_event_numbers_follow_storage_order_across_saves(store: Store) -> None:
    store.save_result(make_result("d1", events=(_two_actors("b"), _two_actors("a"))))
    store.save_results(
        [make_result("d2", events=(_two_actors("c"),)), make_result("d3", events=(_two_actors("0"),))]
    )
    assert _numbers(store) == {"b": 1, "a": 2, "c": 3, "0": 4}
    links = _actor_links(store)
    assert len(links) == 8
    assert all(event_seq == seq for _, event_seq, seq in links)


def test_event_numbers_recoded_event_gets_a_new_number_and_search_follows(store: Store) -> None:
    store.save_result(make_result("d1", events=(_two_actors("e1"), _two_actors("e2"))))
    recoded = make_event("e1", event_type="shelling", actors=(("actor1", "TUR_MIL"),))
    store.save_result(make_result("d1", events=(recoded,)))  # e1 updated, e2 deleted
    numbers = _numbers(store)
    assert numbers == {"e1": 3}
    assert _actor_links(store) == [("e1", 3, 3)]
    assert [e.id for e in store.query_events(actor="TUR_MIL")] == ["e1"]
    assert store.query_events(actor="ISIS") == []
    assert [e.id for e in store.query_events(q="الميادين")] == ["e1"]


def test_event_numbers_replaced_document_drops_its_actor_rows(store: Store) -> None:
    store.save_result(make_result("d1", events=(_two_actors("e1"),)))
    store.save_result(make_result("d1", text="نص آخر للتقرير", events=(_two_actors("e9"),)))
    assert _actor_links(store) == [("e9", 2, 2), ("e9", 2, 2)]
    assert [e.id for e in store.query_events(q="الميادين")] == ["e9"]


def test_event_numbers_cluster_filter_reads_founders_and_members(store: Store) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"), make_event("e2"), make_event("e3"))))
    store.assign_clusters({"e2": "e1", "e3": "elsewhere"})
    assert [e.id for e in store.query_events(cluster_id="e1")] == ["e1", "e2"]
    assert [e.id for e in store.query_events(cluster_id="elsewhere")] == ["e3"]
    assert store.query_events(cluster_id="e2") == []
    with store.engine.connect() as connection:
        found = connection.execute(select(events.c.id).where(in_clusters(["e1", "elsewhere"]))).scalars()
        assert sorted(found) == ["e1", "e2", "e3"]


@pytest.mark.parametrize(
    ("clusters", "expected"),
    [
        ({}, 4),  # every event alone
        ({"e2": "e1"}, 3),  # a founder and a member
        ({"e2": "c-x", "e3": "c-x"}, 3),  # a cluster no event is named like
        # e1 joined e4's cluster: e2 stays in the one named after e1, which no event founds now
        ({"e2": "e1", "e1": "e4"}, 3),
        ({"e1": "c-x", "e2": "c-x", "e3": "c-x", "e4": "c-x"}, 1),
    ],
)
def test_event_numbers_summary_counts_distinct_clusters(
    store: Store, clusters: dict[str, str], expected: int
) -> None:
    store.save_result(make_result("d1", events=tuple(make_event(f"e{i}") for i in range(1, 5))))
    store.assign_clusters(clusters)
    with store.engine.connect() as connection:
        distinct = connection.execute(select(events.c.cluster_id).distinct()).scalars().all()
    assert len(distinct) == expected
    assert store.summary()["clusters"] == expected


def test_event_numbers_sqlite_queries_go_by_indexes(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "plans.db")) as store:
        store.save_result(make_result("d1", events=(_two_actors("e1"), _two_actors("e2"))))
        dialect = store.engine.dialect
        with store.engine.connect() as connection:

            def plan(query: Select[Any]) -> str:
                sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
                return " | ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))

            members = plan(select(events.c.id).where(in_clusters(["e1", "e2"])))
            assert "ix_events_cluster_id_shared" in members
            assert "SCAN events" not in members
            by_actor = plan(select(events.c.id).where(*event_conditions(actor="ISIS")))
            assert "ix_event_actors_event_seq" in by_actor
            searched = plan(select(events.c.id).where(*event_conditions(q="الميادين")))
            assert "ix_events_seq" in searched


def _migrate(store: Store, revision: str, *, down: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_event_numbers_migration_keeps_search_actors_and_clusters(store: Store) -> None:
    store.save_result(make_result("d1", events=(_two_actors("e1"), _two_actors("e2", place=None))))
    store.save_result(make_result("d2", events=(make_event("e3", actors=(("actor1", "TUR_MIL"),)),)))
    store.assign_clusters({"e3": "e1"})
    before = store.query_events()
    _migrate(store, "0007", down=True)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM event_actors").scalar_one() == 5
    _migrate(store, "head", down=False)
    assert store.query_events() == before
    assert sorted(_numbers(store).values()) == [1, 2, 3]
    assert all(event_seq == seq for _, event_seq, seq in _actor_links(store))
    assert [e.id for e in store.query_events(actor="TUR_MIL")] == ["e3"]
    assert [e.id for e in store.query_events(actor="SYR_REGIME")] == ["e1", "e2"]
    assert [e.id for e in store.query_events(cluster_id="e1")] == ["e1", "e3"]
    assert sorted(e.id for e in store.query_events(q="الميادين")) == ["e1", "e2", "e3"]
    assert store.summary()["clusters"] == 2
    store.save_result(make_result("d3", events=(_two_actors("e4"),)))
    assert _numbers(store)["e4"] == 4
    assert [e.id for e in store.query_events(q="الميادين", document_id="d3")] == ["e4"]
