"""Store fixtures: every ``store`` test runs on SQLite and on a throwaway PostgreSQL server.

The server (``tests/pg.py``) starts once per session, on first use, and a migrated template
database is copied for each test (tens of milliseconds). Without PostgreSQL the
``postgresql`` cases are skipped with the reason.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rasid.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pg import Cluster, Unavailable, start_cluster

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server for this test session (skips the test when none can be had)."""
    try:
        cluster = start_cluster()
    except Unavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database at the head migration, copied by ``open_store`` for each test."""
    name = pg_cluster.create_database()
    Store.open(pg_cluster.url(name)).close()
    return name


def new_store_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> str:
    """The URL of an empty, migrated database on ``backend``."""
    if backend == "sqlite":
        return str(folder / "rasid.db")
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    template: str = request.getfixturevalue("pg_template")
    return cluster.url(cluster.create_database(template=template))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store, on SQLite and on PostgreSQL."""
    with Store.open(new_store_url(request, request.param, tmp_path)) as opened:
        yield opened


@pytest.fixture(scope="module", params=BACKENDS)
def shared_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One store per module and backend, for property tests that add many documents."""
    with Store.open(new_store_url(request, request.param, tmp_path_factory.mktemp("shared"))) as opened:
        yield opened
