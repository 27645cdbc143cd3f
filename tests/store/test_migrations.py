"""Tests for the packaged Alembic migrations of rasid.store."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from rasid.errors import StoreError
from rasid.records import Document, ExtractionResult
from rasid.store import Store
from rasid.store.db import MIGRATIONS_DIR
from rasid.store.schema import metadata
from rasid.store.search import is_search_table

TABLES = {"documents", "events", "actors", "event_actors", "mentions"}


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def version_of(path: Path) -> list[tuple[str]]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchall()


def test_migrations_create_schema_on_fresh_file(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    with Store.open(str(path)) as store:
        tables = set(inspect(store.engine).get_table_names())
    assert tables >= TABLES | {"alembic_version"}
    assert version_of(path) == [(head_revision(),)]


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    document = Document(id="d1", text="اشتباكات في ريف حلب الشمالي", language="ar")
    with Store.open(str(path)) as store:
        store.save_result(ExtractionResult(document=document))
        store.upgrade_schema()
    with Store.open(str(path)) as store:
        assert store.get_document("d1") == document
    assert version_of(path) == [(head_revision(),)]


def test_migrations_match_schema_module(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "drift.db")) as store, store.engine.connect() as connection:
        found = compare_metadata(MigrationContext.configure(connection), metadata)
    # SQLite's full-text tables (migration 0004) are not in the metadata, by design.
    differences = [d for d in found if not (d[0] == "remove_table" and is_search_table(d[1].name))]
    assert differences == []
    assert len(found) > len(differences)


def test_migrations_run_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with Store.open("relative.db") as store:
        assert store.count_documents() == 0
    assert (elsewhere / "relative.db").exists()


def test_migrations_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "down.db"
    with Store.open(str(path)) as store:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not TABLES & set(inspect(store.engine).get_table_names())
        store.upgrade_schema()
        assert set(inspect(store.engine).get_table_names()) >= TABLES


def test_migrations_unknown_revision_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(str(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dface'")
    with pytest.raises(StoreError, match="cannot open the database"):
        Store.open(str(path))


def test_migrations_alembic_command_line_uses_ini(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    ini = MIGRATIONS_DIR.parent / "alembic.ini"
    completed = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ini), "-x", f"db=sqlite:///{path}", "upgrade", "head"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert version_of(path) == [(head_revision(),)]
