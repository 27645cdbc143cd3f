"""Tests for `rasid clusters` (list, split, merge, rebuild)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasid.cli.main import cli
from rasid.cli.run import bundled_samples
from rasid.pipeline import run_sources
from rasid.store import Store


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples, run once for this module."""
    path = tmp_path_factory.mktemp("clusters") / "samples.db"
    with Store.open(str(path)) as store:
        run_sources([bundled_samples()], store=store)
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clusters_cli_lists_merged_incidents(samples_db: Path) -> None:
    code, out, _ = invoke("clusters", "--db", str(samples_db), "--format", "json")
    assert code == 0
    clusters = json.loads(out)
    merged = [c for c in clusters if c["documents"] > 1]
    assert merged and all(c["languages"] == ["ar", "en"] for c in merged)
    assert all(c["sources"] == 2 for c in merged)
    code, table, _ = invoke("clusters", "--db", str(samples_db), "--admin1", "Idlib")
    assert code == 0 and "cluster" in table.splitlines()[0] and "shelling" in table


def test_clusters_cli_split_merge_and_errors(samples_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(samples_db.read_bytes())
    clusters = json.loads(invoke("clusters", "--db", str(db), "--format", "json")[1])
    merged = next(c for c in clusters if c["reports"] > 1)
    moved = next(m["event_id"] for m in merged["members"] if m["event_id"] != merged["cluster_id"])
    code, out, _ = invoke("clusters", "split", moved, "--db", str(db))
    assert code == 0 and f"event {moved} is now in cluster" in out
    code, out, _ = invoke("clusters", "merge", merged["cluster_id"], moved, "--db", str(db))
    assert code == 0 and f"now cluster {merged['cluster_id']}" in out
    code, out, _ = invoke("clusters", "rebuild", "--db", str(db))
    assert code == 0 and "events in" in out
    shown = invoke("clusters", "--db", str(db), "--id", merged["cluster_id"], "--format", "json")
    view = json.loads(shown[1])
    assert moved in {m["event_id"] for m in view[0]["members"]}
    code, _, err = invoke("clusters", "split", "no-such-event", "--db", str(db))
    assert code == 1 and "no stored event" in err
    code, _, err = invoke("clusters", "--db", str(db), "--id", "no-such-cluster")
    assert code == 1 and "no cluster" in err
    code, _, err = invoke("clusters", "--db", str(tmp_path / "missing.db"))
    assert code == 1 and "no database" in err
