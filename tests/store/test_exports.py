"""Tests for rasid export: ACLED CSV, PLOVER JSON, GeoJSON, Parquet, JSONL and their metadata."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.store.test_db import make_event, make_result

from rasid import __version__
from rasid.cli.main import cli
from rasid.data import read_toml
from rasid.records import ActorRef, Quantity
from rasid.store import Store
from rasid.store.exports import ACLED_COLUMNS, acled_row, plover_record


def civilians_event() -> object:
    event = make_event("e1", actors=(("actor1", "IRN_MIL.FATEMIYOUN"), ("actor1", "SYR_REGIME")))
    victims = ActorRef("actor2", "CIV", "civilians", "مدنيين", (10, 16))
    return replace(
        event, event_type="airstrike", actors=(*event.actors, victims), fatalities=Quantity(min=3, max=5)
    )


def test_exports_acled_row_follows_codebook() -> None:
    row = acled_row(civilians_event(), source="SOHR", timestamp=1700000000)  # type: ignore[arg-type]
    assert tuple(row) == ACLED_COLUMNS
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-03-05", 2024, 1)
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert row["disorder_type"] == "Political violence"
    assert (row["actor1"], row["assoc_actor_1"]) == (
        "Iranian-backed militias",
        "Military Forces of Syria (2000-2024)",
    )
    assert (row["inter1"], row["inter2"], row["interaction"]) == (3, 7, 37)
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["country"], row["admin1"], row["geo_precision"]) == (
        760,
        "Syria",
        "Deir ez-Zor",
        1,
    )
    assert (row["fatalities"], row["source"], row["timestamp"]) == (3, "SOHR", 1700000000)


@pytest.mark.parametrize(("precision", "code"), [("day", 1), ("week", 2), ("month", 3), ("year", 3)])
def test_exports_acled_time_precision(precision: str, code: int) -> None:
    event = make_event("e1")
    event = replace(event, time=replace(event.time, precision=precision))
    assert acled_row(event)["time_precision"] == code


def test_exports_every_top_level_actor_has_an_inter_code() -> None:
    tops = {a["id"] for a in read_toml("actors.toml")["actor"] if "." not in a["id"]}
    inter = read_toml("exports.toml")["acled"]["inter"]
    assert tops == set(inter)
    assert set(inter.values()) <= set(range(1, 9))


def test_exports_plover_record_names_sides() -> None:
    record = plover_record(civilians_event())  # type: ignore[arg-type]
    assert record["event_type"] == "ASSAULT"
    assert [a["id"] for a in record["actor"]] == ["IRN_MIL.FATEMIYOUN", "SYR_REGIME"]
    assert [a["id"] for a in record["recipient"]] == ["CIV"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "rasid.db")
    with Store.open(path) as store:
        events = (civilians_event(), make_event("e2", event_type="arrest", place=None, start="2023-01-01"))
        store.save_result(make_result("d1", events=events))  # type: ignore[arg-type]
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


def test_exports_cli_acled_csv_with_sidecar(db: str, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, _, err = run("--db", db, "--format", "acled-csv", "--output", str(out), "--since", "2024")
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["event_id_cnty"] for r in rows] == ["e1"]
    meta = json.loads((tmp_path / "out.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["rasid_version"] == __version__
    assert meta["extractors"] == ["test.v1"]
    assert meta["query"] == {"since": "2024-01-01"}


@pytest.mark.parametrize("fmt", ["plover-json", "geojson", "jsonl"])
def test_exports_cli_json_formats_carry_metadata(db: str, fmt: str) -> None:
    code, out, err = run("--db", db, "--format", fmt, "--search", "al mayadin")
    assert code == 0, err
    if fmt == "jsonl":
        lines = [json.loads(line) for line in out.splitlines()]
        meta, ids = lines[0]["metadata"], [line["id"] for line in lines[1:]]
    else:
        data = json.loads(out)
        meta = data["metadata"]
        ids = (
            [e["event_id"] for e in data["events"]]
            if fmt == "plover-json"
            else [f["id"] for f in data["features"]]
        )
    assert ids == ["e1"]
    assert meta["query"] == {"q": "al mayadin"} and meta["format"] == fmt


def test_exports_cli_geojson_lists_unlocated(db: str) -> None:
    code, out, _ = run("--db", db, "--format", "geojson")
    data = json.loads(out)
    assert (
        code == 0
        and data["unlocated"] == ["e2"]
        and data["features"][0]["geometry"]["coordinates"][0] == 40.4506
    )


def test_exports_cli_parquet_round_trips(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    code, _, err = run("--db", db, "--format", "parquet", "--output", str(out))
    assert code == 0, err
    table = pq.read_table(out)
    assert table.column("event_id_cnty").to_pylist() == ["e2", "e1"]
    assert json.loads(table.schema.metadata[b"rasid"])["rasid_version"] == __version__


def test_exports_cli_parquet_without_pyarrow_fails_clearly(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code, _, err = run("--db", db, "--format", "parquet", "--output", str(tmp_path / "x.parquet"))
    assert code == 1 and "rasid[parquet]" in err
    assert not (tmp_path / "x.parquet").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet"], "--output"),
        (["--format", "jsonl", "--bbox", "1,2"], "bounding box"),
        (["--format", "jsonl", "--bbox", "a,b,c,d"], "W,S,E,N"),
        (["--format", "jsonl", "--since", "last week"], "not a date"),
        (["--format", "jsonl", "--search", "!!"], "no word"),
        (["--format", "xml"], "xml"),
    ],
)
def test_exports_cli_bad_input_fails_and_keeps_store(db: str, args: list[str], message: str) -> None:
    code, _, err = run("--db", db, *args)
    assert code != 0 and message in err
    with Store.open(db) as store:
        assert store.count_events() == 2


def test_exports_cli_missing_database_fails(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "none.db"), "--format", "jsonl")
    assert code == 1 and "run `rasid run` first" in err


def test_exports_rows_are_incidents_unless_per_report(tmp_path: Path) -> None:
    path = str(tmp_path / "samples.db")
    assert CliRunner().invoke(cli, ["run", "--db", path, "--quiet"]).exit_code == 0
    code, incidents_csv, err = run("--db", path, "--format", "acled-csv")
    assert code == 0, err
    code, reports_csv, err = run("--db", path, "--format", "acled-csv", "--per-report")
    assert code == 0, err
    incidents = list(csv.DictReader(io.StringIO(incidents_csv)))
    reports = list(csv.DictReader(io.StringIO(reports_csv)))
    assert len(incidents) < len(reports)  # the samples tell some incidents in both languages
    # An incident told by two outlets names both as its source.
    assert any("; " in row["source"] for row in incidents)
    with Store.open(path) as store:
        clusters = {e.cluster_id for e in store.query_events()}
    assert {row["event_id_cnty"] for row in incidents} == clusters
