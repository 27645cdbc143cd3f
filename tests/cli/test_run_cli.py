"""``rasid run``: the bundled samples end to end, idempotence, and bad input that loses nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasid.cli.main import cli


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        docs = conn.execute("select count(*) from documents").fetchone()[0]
        events = conn.execute("select count(*) from events").fetchone()[0]
    return docs, events


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("run") / "rasid.db"
    code, out, err = _invoke("run", "--db", str(db))
    assert code == 0, err
    assert "events by type" in out and "by governorate" in out
    return db


def test_run_cli_samples_are_stored(sample_db: Path) -> None:
    docs, events = _counts(sample_db)
    assert docs == 26
    assert events > 26


def test_run_cli_is_idempotent(sample_db: Path) -> None:
    before = _counts(sample_db)
    code, out, _ = _invoke("run", "--db", str(sample_db))
    assert code == 0
    assert "26 unchanged" in out
    assert _counts(sample_db) == before


def test_run_cli_events_query_back(sample_db: Path) -> None:
    code, out, _ = _invoke("events", "--db", str(sample_db), "--actor", "ISIS", "--format", "json")
    assert code == 0
    events = json.loads(out)
    assert events and all(e["document_id"] and e["cluster_id"] for e in events)
    assert all(any((a["id"] or "").startswith("ISIS") for a in e["actors"]) for e in events)


def test_run_cli_bad_inputs_lose_nothing(sample_db: Path, tmp_path: Path) -> None:
    before = _counts(sample_db)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "old.txt").write_bytes("هاجمت خلايا داعش حاجزا لقوات النظام قرب الميادين.".encode("cp1256"))
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    big = folder / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    code, _, err = _invoke("run", str(folder), "--db", str(sample_db))
    assert code == 1
    for name in ("empty.txt", "binary.txt", "dangling.txt", "big.txt"):
        assert name in err
    assert "E103" in err and "--max-bytes" in err
    docs, events = _counts(sample_db)
    assert docs == before[0] + 1  # the windows-1256 report was stored
    assert events > before[1]


def test_run_cli_refuses_an_unusable_database(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not a database", encoding="utf-8")
    code, _, err = _invoke("run", "--db", str(not_db))
    assert code == 1
    assert "not" in err.lower()
    assert not_db.read_text(encoding="utf-8") == "this is not a database"
