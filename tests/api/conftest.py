"""Fixtures for the API tests: a store filled by running the pipeline on the bundled samples."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rasid.api.app import create_app
from rasid.api.keys import create_key, revoke_key
from rasid.cli.run import bundled_samples
from rasid.pipeline import run_sources
from rasid.store import Store


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the bundled samples as `rasid run` codes them (made once; copy to write)."""
    path = tmp_path_factory.mktemp("api") / "samples.db"
    with Store.open(str(path)) as store:
        summary = run_sources([bundled_samples()], store=store)
    assert summary.events > 20 and not summary.failures
    return path


@pytest.fixture(scope="session")
def app(samples_db: Path) -> FastAPI:
    """The API over the samples store, for read-only tests."""
    return create_app(str(samples_db))


@pytest.fixture(scope="session")
def client(app: FastAPI) -> TestClient:
    """A test client of the read-only app."""
    return TestClient(app)


@pytest.fixture
def writable_db(samples_db: Path, tmp_path: Path) -> Path:
    """A private copy of the samples store that a test may write to."""
    path = tmp_path / "rasid.db"
    shutil.copyfile(samples_db, path)
    return path


@pytest.fixture
def writable(writable_db: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A client of an app over a private store, and tokens: ``valid``, ``revoked``."""
    with Store.open(str(writable_db)) as store:
        valid, _ = create_key(store, "tests")
        revoked, key = create_key(store, "old")
        revoke_key(store, str(key.id))
    app = create_app(str(writable_db), max_body_bytes=64 * 1024)
    with TestClient(app) as test_client:
        yield test_client, {"valid": valid, "revoked": revoked}
