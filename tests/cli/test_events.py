"""Tests for the ``rasid events`` command, run on a store filled with hand-built results."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasid.cli.common import parse_date_bound
from rasid.cli.events import events
from rasid.records import ActorRef, Document, Event, Evidence, ExtractionResult, Place, TimeValue
from rasid.store import Store

HOMS = Place("Tadmur", "تدمر", 34.5601, 38.2672, "Homs", "Tadmur", "SY", "point")
IDLIB = Place("Sarmada", "سرمدا", 36.1797, 36.7236, "Idlib", "Harim", "SY", "point")


def make_event(
    event_id: str, event_type: str, actor1: str, start: str, place: Place | None, end: str | None = None
) -> Event:
    """A dated event with one acting party and an Arabic evidence sentence."""
    return Event(
        id=event_id,
        event_type=event_type,
        modality="asserted",
        genericity="specific",
        evidence=Evidence(sentence="هاجمت مجموعة مسلحة نقطة عسكرية قرب تدمر.", span=(0, 40)),
        actors=(ActorRef("actor1", actor1, actor1, "مجموعة", (6, 12)),),
        location=place,
        time=TimeValue(start, end or start, "day"),
    )


EVENTS = (
    make_event("e1", "attack", "ISIS", "2023-06-10", HOMS),
    make_event("e2", "airstrike", "RUS_MIL", "2023-11-02", IDLIB),
    make_event("e3", "shelling", "IRN_MIL.FATEMIYOUN", "2024-02-20", HOMS),
    make_event("e4", "airstrike", "IRN_MIL", "2024-05-01", None, end="2024-05-31"),
)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "rasid.db")
    with Store.open(path) as store:
        for number, event in enumerate(EVENTS):
            document = Document(id=f"doc{number}", text=f"تقرير {number}", language="ar")
            store.save_result(ExtractionResult(document=document, events=(event,)))
    return path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(events, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def ids_of(output: str) -> list[str]:
    return [event["id"] for event in json.loads(output)]


def test_events_json_lists_all_events_in_v1_shape(db: str) -> None:
    code, out, _ = run("--db", db, "--format", "json")
    assert code == 0
    printed = json.loads(out)
    assert [e["id"] for e in printed] == ["e1", "e2", "e3", "e4"]
    assert printed[0]["document_id"] == "doc0"
    assert printed[0]["cluster_id"] == "e1"
    assert printed[0]["location"]["name_ar"] == "تدمر"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--type", "airstrike"], ["e2", "e4"]),
        (["--type", "AIRSTRIKE"], ["e2", "e4"]),
        (["--actor", "IRN_MIL"], ["e3", "e4"]),
        (["--actor", "IRN_MIL.FATEMIYOUN"], ["e3"]),
        (["--admin1", "homs"], ["e1", "e3"]),
        (["--since", "2024-01-01"], ["e3", "e4"]),
        (["--until", "2023-12-31"], ["e1", "e2"]),
        (["--since", "2023-11", "--until", "2024-02"], ["e2", "e3"]),
        (["--since", "2024-05-15", "--until", "2024-05-15"], ["e4"]),
        (["--since", "2023", "--until", "2023"], ["e1", "e2"]),
        (["--limit", "2"], ["e1", "e2"]),
        (["--type", "airstrike", "--actor", "IRN_MIL"], ["e4"]),
        (["--type", "riot"], []),
    ],
)
def test_events_filters(db: str, options: list[str], expected: list[str]) -> None:
    code, out, _ = run("--db", db, "--format", "json", *options)
    assert code == 0
    assert ids_of(out) == expected


def test_events_reads_db_from_environment(db: str) -> None:
    code, out, _ = run("--format", "json", "--type", "attack", env={"RASID_DB": db})
    assert code == 0
    assert ids_of(out) == ["e1"]


def test_events_default_format_is_table(db: str) -> None:
    code, out, _ = run("--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "date", "type"]
    assert "IRN_MIL.FATEMIYOUN" in out
    assert "2024-05-01..2024-05-31" in out
    assert len(lines) == 2 + len(EVENTS)


def test_events_table_without_matches_says_so(db: str) -> None:
    code, out, err = run("--db", db, "--type", "riot")
    assert code == 0
    assert len(out.splitlines()) == 2
    assert "no stored event" in err


def test_events_csv_and_jsonl_and_geojson_parse(db: str) -> None:
    _, out_csv, _ = run("--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out_csv)))
    assert [r["id"] for r in rows] == ["e1", "e2", "e3", "e4"]
    assert rows[2]["actor1"] == "IRN_MIL.FATEMIYOUN"

    _, out_jsonl, _ = run("--db", db, "--format", "jsonl")
    assert [json.loads(line)["id"] for line in out_jsonl.splitlines()] == ["e1", "e2", "e3", "e4"]

    _, out_geojson, _ = run("--db", db, "--format", "geojson")
    collection = json.loads(out_geojson)
    assert [f["id"] for f in collection["features"]] == ["e1", "e2", "e3"]
    assert collection["unlocated"] == ["e4"]


def test_events_missing_database_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    code, out, err = run("--db", str(path))
    assert code == 1
    assert out == ""
    assert "no database at" in err
    assert "rasid run" in err
    assert not path.exists()


def test_events_not_a_database_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("ليست قاعدة بيانات", encoding="utf-8")
    code, _, err = run("--db", str(path))
    assert code == 1
    assert "not a SQLite database" in err


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-02-30", "24-01-01", "2024-00"])
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_events_invalid_date_exits_2(db: str, option: str, value: str) -> None:
    code, _, err = run("--db", db, option, value)
    assert code == 2
    assert option in err
    assert "YYYY-MM-DD" in err


def test_events_since_after_until_exits_2(db: str) -> None:
    code, _, err = run("--db", db, "--since", "2024-02-01", "--until", "2024-01-01")
    assert code == 2
    assert "after --until" in err


def test_events_unknown_type_exits_2(db: str) -> None:
    code, _, err = run("--db", db, "--type", "bombardment")
    assert code == 2
    assert "bombardment" in err
    assert "airstrike" in err


@pytest.mark.parametrize("option", [["--format", "xml"], ["--limit", "0"]])
def test_events_bad_option_exits_2(db: str, option: list[str]) -> None:
    code, _, _ = run("--db", db, *option)
    assert code == 2


def test_events_help_has_example() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "Example:" in out
    assert "RASID_DB" in out
    assert "geojson" in out


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2024-02-09", False, date(2024, 2, 9)),
        ("2024-02-09", True, date(2024, 2, 9)),
        ("2024-02", False, date(2024, 2, 1)),
        ("2024-02", True, date(2024, 2, 29)),
        ("2023-02", True, date(2023, 2, 28)),
        ("2024", False, date(2024, 1, 1)),
        ("2024", True, date(2024, 12, 31)),
        (" 2024-3 ", True, date(2024, 3, 31)),
    ],
)
def test_events_parse_date_bound(text: str, end: bool, expected: date) -> None:
    assert parse_date_bound(text, end=end) == expected
