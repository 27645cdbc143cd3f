"""Bulk writes: multi-row statements with SQLAlchemy's value processing, and the writer thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.engine import Engine

from rasid.store.bulk import BackgroundWriter, insert_rows

_metadata = MetaData()
_wide = Table(
    "wide",
    _metadata,
    Column("n", Integer, primary_key=True),
    Column("name", String),
    Column("at", DateTime(timezone=True)),
    Column("x", Float),
)
_narrow = Table("narrow", _metadata, Column("name", String, primary_key=True))


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = create_engine("sqlite://")
    _metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_insert_rows_many_statements_read_back_as_sqlalchemy_wrote_them(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rasid.store.bulk._MAX_ROWS_PER_STATEMENT", 3)
    moment = datetime(2024, 3, 5, 6, 30, tzinfo=UTC)
    rows = [{"n": n, "name": f"r{n}", "at": moment, "x": n / 4} for n in range(10)]
    with engine.begin() as connection:
        insert_rows(connection, _wide, rows)
        insert_rows(connection, _wide, [])  # nothing to do
        stored = connection.execute(select(_wide).order_by(_wide.c.n)).all()
    assert [(r.n, r.name, r.x) for r in stored] == [(n, f"r{n}", n / 4) for n in range(10)]
    # Dates went through the column's bind processing, so SQLAlchemy reads them back.
    assert {r.at.replace(tzinfo=UTC) for r in stored} == {moment}


def test_insert_rows_one_column(engine: Engine) -> None:
    with engine.begin() as connection:
        insert_rows(connection, _narrow, [{"name": "a"}, {"name": "b"}])
        assert connection.execute(select(_narrow.c.name).order_by(_narrow.c.name)).scalars().all() == [
            "a",
            "b",
        ]


def test_background_writer_runs_jobs_in_order_in_another_thread() -> None:
    seen: list[tuple[int, bool]] = []
    with BackgroundWriter() as writer:
        for n in range(5):
            writer.submit(lambda n=n: seen.append((n, threading.current_thread() is threading.main_thread())))
    assert seen == [(n, False) for n in range(5)]


def test_background_writer_raises_a_jobs_error() -> None:
    def fail() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"), BackgroundWriter() as writer:
        writer.submit(fail)
        writer.wait()
    with pytest.raises(ValueError, match="no"), BackgroundWriter() as writer:
        writer.submit(fail)  # raised when the block ends


def test_background_writer_waits_for_a_running_job_on_an_error() -> None:
    started, release = threading.Event(), threading.Event()
    finished: list[bool] = []

    def slow() -> None:
        started.set()
        release.wait(5)
        finished.append(True)

    with pytest.raises(KeyError), BackgroundWriter() as writer:
        writer.submit(slow)
        started.wait(5)
        release.set()
        raise KeyError("caller")
    assert finished == [True]  # the job ended before the block was left
