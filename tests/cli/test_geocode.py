"""Tests for the ``rasid geocode`` command (the JSON/JSONL contract of spec/cli.md)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rasid.cli.geocode import geocode

FIELDS = {"id", "text", "name", "name_ar", "lat", "lon", "admin1", "admin2", "precision", "candidates"}
CANDIDATE_FIELDS = {"name", "name_ar", "lat", "lon", "admin1", "admin2", "precision", "key"}


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(geocode, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def jsonl(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["البوكمال", "أبو كمال", "Albu Kamal", "Abu Kamal", "البو كمال"])
def test_geocode_bukamal_spellings(name: str) -> None:
    code, out, _ = run([name, "--format", "jsonl"])
    assert code == 0
    (result,) = jsonl(out)
    assert set(result) >= FIELDS
    assert result["text"] == name and result["id"] == "1"
    assert result["admin1"] == "Deir ez-Zor" and result["admin2"] == "Abu Kamal"
    assert result["lat"] == pytest.approx(34.45, abs=0.02) and result["lon"] == pytest.approx(40.92, abs=0.02)


@pytest.mark.parametrize(
    "name", ["ديرالزور", "دير الزور", "دَيْر الزُّور", "Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor"]
)
def test_geocode_deir_ez_zor_spellings_pretty_json(name: str) -> None:
    code, out, _ = run([name])
    assert code == 0
    result = json.loads(out)
    assert isinstance(result, dict)
    assert (result["name"], result["precision"], result["admin1"]) == ("Deir ez-Zor", "admin1", "Deir ez-Zor")
    assert all(set(c) >= CANDIDATE_FIELDS for c in result["candidates"])
    assert len(result["candidates"]) <= 5


def test_geocode_several_texts_make_an_array() -> None:
    code, out, _ = run(["الميادين", "ريف دير الزور الشرقي", "Springfield"])
    assert code == 0
    results = json.loads(out)
    assert [r["id"] for r in results] == ["1", "2", "3"]
    assert results[1]["precision"] == "region"
    assert results[2]["lat"] is None and results[2]["lon"] is None and results[2]["candidates"] == []


def test_geocode_reads_text_lines_from_stdin() -> None:
    code, out, _ = run(["--format", "jsonl"], stdin="Hajin\n\nقرية الباغوز\n")
    assert code == 0
    results = jsonl(out)
    assert [(r["id"], r["name"]) for r in results] == [("1", "Hajin"), ("3", "Al-Baghuz")]


def test_geocode_jsonl_contract_with_a_malformed_line() -> None:
    stdin = "\n".join(
        [
            json.dumps({"id": "a", "text": "بالميادين"}, ensure_ascii=False),
            "{not json",
            json.dumps({"id": "c", "text": "5 km east of Hajin"}),
            json.dumps({"id": "d", "text": 7}),
            json.dumps({"id": "e", "text": "nowhere at all"}),
        ]
    )
    code, out, err = run(["--input-format", "jsonl", "--format", "jsonl"], stdin=stdin + "\n")
    assert code == 1
    results = jsonl(out)
    assert [r["id"] for r in results] == ["a", None, "c", "d", "e"]
    assert all(set(r) >= FIELDS for r in results)
    assert results[0]["admin2"] == "Al-Mayadin" and results[0]["lat"] is not None
    assert results[1]["lat"] is None and "error" in results[1] and "line 2" in str(results[1]["error"])
    assert results[2]["precision"] == "region"
    assert "error" in results[3] and results[3]["lat"] is None
    assert results[4]["lat"] is None and "error" not in results[4]
    assert "line 2" in err and "line 4" in err


def test_geocode_jsonl_without_errors_exits_zero() -> None:
    stdin = json.dumps({"id": 1, "text": "Raqqa"}) + "\n" + json.dumps({"id": 2, "text": "تدمر"}) + "\n"
    code, out, err = run(["--input-format", "jsonl", "--format", "jsonl"], stdin=stdin)
    assert code == 0 and err == ""
    assert [(r["id"], r["admin1"]) for r in jsonl(out)] == [(1, "Raqqa"), (2, "Homs")]


@pytest.mark.parametrize("country", ["IQ", "xx"])
def test_geocode_other_country_is_a_usage_error(country: str) -> None:
    code, out, err = run(["دير الزور", "--country", country])
    assert code == 2
    assert out == ""
    assert "--country" in err and "SY" in err


def test_geocode_country_sy_in_any_case() -> None:
    code, out, _ = run(["Homs", "--country", "sy"])
    assert code == 0 and json.loads(out)["admin1"] == "Homs"


def test_geocode_help_has_an_example() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    assert "Example:" in out and "--input-format" in out
