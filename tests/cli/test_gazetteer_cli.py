"""Tests for ``rasid gazetteer import|info`` and ``rasid geocode`` over an imported index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geonames_format import place_line, write_dump
from rasid.cli.gazetteer import gazetteer
from rasid.cli.geocode import geocode

# geonameid, name, asciiname, alternatenames, lat, lon, class, code, admin1 code, population
PLACES = [
    tuple(row.split("|"))
    for row in (
        "170654|Damascus|Damascus|Dimashq|33.5102|36.29128|P|PPLC|03|1569394",
        "9200001|Bakh‘ā|Bakh`a|Bakhaa,Bakha|33.8725|36.5236|P|PPL|08|2000",
        "9200002|Tilfītā|Talfita|Tilfita,Telfita|33.6300|36.3800|P|PPL|08|",
        "9200003|Mashqītā|Mashqita|Mushqita|35.5500|35.9500|P|PPL|10|",
        "9200004|Jdaydat ‘Arţūz|Jdaydat `Artuz|Jdeidet Artouz|33.4403|36.1575|P|PPL|08|",
        "9200005|Damascus-Beirut Road|Damascus-Beirut Road||33.55|36.1|R|RD|08|",
    )
]
ALTERNATES = [
    ("1", "9200001", "ar", "بخعة", "1"),
    ("2", "9200002", "ar", "تلفيتا", "1"),
    ("3", "9200003", "ar", "مشقيتا", ""),
    ("4", "9200004", "ar", "جديدة عرطوز", "1"),
    ("5", "2643743", "ar", "لندن", "1"),
]


@pytest.fixture
def dump(tmp_path: Path) -> tuple[Path, Path]:
    return write_dump(tmp_path, PLACES, ALTERNATES)


@pytest.fixture
def index_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home" / "gazetteer.sqlite"
    monkeypatch.setenv("RASID_GAZETTEER", str(path))
    return path


def run(command: object, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, args)  # type: ignore[arg-type]
    return result.exit_code, result.stdout, result.stderr


def test_gazetteer_cli_import_prints_summary(dump: tuple[Path, Path], index_path: Path) -> None:
    code, out, _ = run(gazetteer, ["import", str(dump[0]), "--alternate-names", str(dump[1])])
    assert code == 0 and index_path.is_file()
    assert f"gazetteer index: {index_path}" in out
    assert "places: 5 (skipped 1 " in out and "arabic names: 4" in out


def test_gazetteer_cli_import_quiet_and_output(
    dump: tuple[Path, Path], tmp_path: Path, index_path: Path
) -> None:
    target = tmp_path / "other.sqlite"
    code, out, _ = run(gazetteer, ["import", str(dump[0]), "--output", str(target), "--quiet"])
    assert code == 0 and out == "" and target.is_file() and not index_path.exists()


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("بخعة", "Rif Dimashq"),
        ("Bakhaa", "Rif Dimashq"),
        ("تلفيتا", "Rif Dimashq"),
        ("Telfita", "Rif Dimashq"),
        ("مشقيتا", "Latakia"),
        ("Mashqita, Syria", "Latakia"),
        ("جديدة عرطوز", "Rif Dimashq"),
    ],
)
def test_gazetteer_cli_geocode_uses_the_index(
    dump: tuple[Path, Path], index_path: Path, name: str, admin1: str
) -> None:
    code, out, _ = run(geocode, [name, "--format", "jsonl"])
    assert code == 0 and json.loads(out)["admin1"] != admin1  # unknown, or only "Syria"
    run(gazetteer, ["import", str(dump[0]), "--alternate-names", str(dump[1])])
    code, out, _ = run(geocode, [name, "--format", "jsonl"])
    result = json.loads(out)
    assert code == 0 and result["key"].startswith("geonames.92")
    assert result["admin1"] == admin1 and result["admin2"] and result["precision"] == "point"


def test_gazetteer_cli_geocode_keeps_bundled_places_first(dump: tuple[Path, Path], index_path: Path) -> None:
    run(gazetteer, ["import", str(dump[0]), "--alternate-names", str(dump[1])])
    code, out, _ = run(geocode, ["Damascus", "--format", "jsonl"])
    assert code == 0 and json.loads(out)["key"] == "gov.damascus"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("170654\tDamascus\n", "expected 19 tab-separated columns, found 2"),
        (place_line(("1", "X", "X", "", "33,5", "36.1", "P", "PPL", "08", "")), "latitude '33,5'"),
    ],
)
def test_gazetteer_cli_import_malformed_line_exits_1_and_keeps_index(
    dump: tuple[Path, Path], index_path: Path, tmp_path: Path, line: str, message: str
) -> None:
    assert run(gazetteer, ["import", str(dump[0]), "--alternate-names", str(dump[1])])[0] == 0
    before = index_path.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text(place_line(PLACES[0]) + line + place_line(PLACES[1]), encoding="utf-8")
    code, out, err = run(gazetteer, ["import", str(bad)])
    assert code == 1 and out == ""
    assert f"{bad}:2: " in err and message in err and "E201" in err
    assert index_path.read_bytes() == before
    assert [p.name for p in index_path.parent.iterdir()] == ["gazetteer.sqlite"]
    code, out, _ = run(geocode, ["Bakhaa", "--format", "jsonl"])
    assert json.loads(out)["key"] == "geonames.9200001"


def test_gazetteer_cli_info(dump: tuple[Path, Path], index_path: Path) -> None:
    run(gazetteer, ["import", str(dump[0]), "--alternate-names", str(dump[1])])
    code, out, _ = run(gazetteer, ["info"])
    assert code == 0
    assert f"gazetteer index: {index_path}" in out and "places: 5" in out and "arabic names: 4" in out
    assert "built: 20" in out and "sources: SY.txt, alternateNamesV2.txt" in out


def test_gazetteer_cli_info_explicit_index(dump: tuple[Path, Path], tmp_path: Path, index_path: Path) -> None:
    target = tmp_path / "x.sqlite"
    run(gazetteer, ["import", str(dump[0]), "--output", str(target)])
    code, out, _ = run(gazetteer, ["info", "--index", str(target)])
    assert code == 0 and f"gazetteer index: {target}" in out and "arabic names: 0" in out


def test_gazetteer_cli_info_without_index(index_path: Path) -> None:
    code, _, err = run(gazetteer, ["info"])
    assert code == 1 and "no gazetteer index" in err and str(index_path) in err


def test_gazetteer_cli_info_not_an_index(tmp_path: Path, index_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database", encoding="utf-8")
    code, _, err = run(gazetteer, ["info", "--index", str(bogus)])
    assert code == 1 and "not a gazetteer index" in err
