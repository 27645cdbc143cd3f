"""``rasid extract``: the JSONL contract the evaluation relies on, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rasid.cli.main import cli

ATTACK_AR = "قُتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين أمس."
ATTACK_EN = "ISIS gunmen attacked a regime checkpoint near al-Mayadin on Monday, killing two soldiers."


def _run(args: list[str], stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_extract_cli_jsonl_keeps_ids_and_order() -> None:
    lines = [
        {"id": "b", "text": ATTACK_AR, "language": "ar", "published": "2021-05-10"},
        {"id": "a", "text": ATTACK_EN},
        {"id": "c", "text": "ارتفع سعر الخبز."},
    ]
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    code, out, _ = _run(["extract", "--input-format", "jsonl", "--format", "jsonl"], stdin)
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["document"]["id"] for r in results] == ["b", "a", "c"]
    assert results[0]["events"][0]["event_type"] == "attack"
    assert results[1]["document"]["language"] == "en"
    assert results[2]["events"] == []


def test_extract_cli_malformed_line_is_reported_and_the_rest_processed() -> None:
    stdin = json.dumps({"id": "ok1", "text": ATTACK_AR}, ensure_ascii=False) + "\n{not json\n"
    stdin += json.dumps({"id": "ok2", "text": ATTACK_EN}) + "\n"
    code, out, err = _run(["extract", "--input-format", "jsonl", "--format", "jsonl"], stdin)
    assert code == 1
    results = [json.loads(line) for line in out.splitlines()]
    assert results[0]["document"]["id"] == "ok1"
    assert results[-1]["document"]["id"] == "ok2" and results[-1]["events"]
    bad = [r for r in results if r.get("error")]
    assert len(bad) == 1 and bad[0]["events"] == []
    assert "line 2" in err


def test_extract_cli_file_json_and_published(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ATTACK_AR, encoding="utf-8")
    code, out, _ = _run(["extract", str(path), "--format", "json", "--published", "2021-05-10"])
    assert code == 0
    result = json.loads(out)
    assert result["document"]["id"] == "report.txt"
    event = result["events"][0]
    assert event["time"]["start"] == "2021-05-09"
    start, end = event["evidence"]["span"]
    assert result["document"]["text"][start:end] == event["evidence"]["sentence"]


def test_extract_cli_table_for_people(tmp_path: Path) -> None:
    code, out, _ = _run(["extract", "--format", "table"], ATTACK_EN)
    assert code == 0
    assert "attack" in out and "ISIS" in out


def test_extract_cli_bad_inputs_each_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    cp1256 = tmp_path / "old.txt"
    cp1256.write_bytes(ATTACK_AR.encode("cp1256"))
    code, out, err = _run(["extract", str(empty), str(binary), str(cp1256), "--format", "jsonl"])
    assert code == 1
    results = {json.loads(line)["document"]["id"]: json.loads(line) for line in out.splitlines()}
    assert results["empty.txt"]["error"] and results["blob.txt"]["error"]
    assert results["old.txt"]["events"], "windows-1256 Arabic must decode and be coded"
    assert "E101" in err and "E102" in err


def test_extract_cli_rejects_a_bad_published_date() -> None:
    code, _, err = _run(["extract", "--published", "10/05/2021"], ATTACK_AR)
    assert code == 2
    assert "YYYY-MM-DD" in err
