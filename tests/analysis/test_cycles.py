"""Streams, trends, the cycles analysis and `rasid analyze cycles` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ged_rows import UCDP_COLUMNS, simulated_ucdp_rows, write_csv
from rasid.analysis.streams import build_streams, parse_stream
from rasid.analysis.trends import detect_change_points
from rasid.cli.main import cli
from rasid.ingest.external import result_from_ucdp_row
from rasid.records import TimeValue

STREAMS = ["IS attacks=ISIS:attack", "Government attacks=SYR_REGIME:attack"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ISIS", "ACTORS:TYPES"),
        (":attack", "no actor"),
        ("ISIS:", "no event type"),
        ("ISIS:bombing", "unknown"),
    ],
)
def test_streams_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_stream(text)


def test_streams_roll_up_ties_clusters_and_precision() -> None:
    rows = simulated_ucdp_rows(seed=1, days=60)
    events = [result_from_ucdp_row(r).events[0] for r in rows]
    spec = parse_stream("ISIS,IRN_MIL:attack")
    first = build_streams(events, [spec, parse_stream("SYR_REGIME:attack")])
    again = build_streams(list(reversed(events)), [spec, parse_stream("SYR_REGIME:attack")])
    assert first.times == again.times  # same-day ties are broken by id, not by input order
    assert all(0 < t <= first.length for stream in first.times for t in stream)
    # a second report of the same incident (same cluster) counts once; a month-dated event is left out
    twin = events[0].with_ids(document_id="x", cluster_id=events[0].id)
    vague = events[1].__class__(
        **{**_fields(events[1]), "id": "m", "time": TimeValue("2017-01-01", "2017-01-31", "month")}
    )
    more = build_streams([*events, twin, vague], [spec, parse_stream("SYR_REGIME:attack")])
    assert more.merged_reports == 1
    assert more.excluded.get("month-precision") == 1
    assert len(more.times[0]) + len(more.times[1]) == len(first.times[0]) + len(first.times[1])


def _fields(event: object) -> dict[str, object]:
    return {name: getattr(event, name) for name in event.__slots__}  # type: ignore[attr-defined]


def test_trends_find_a_step_and_not_noise() -> None:
    step = [*[2, 3, 2, 1, 2, 3, 2, 2, 2, 3], *[12, 11, 13, 12, 10, 12, 11, 13, 12, 12]]
    assert detect_change_points(step) == [10]
    assert detect_change_points([2, 3, 2, 1, 2, 3, 2, 2, 2, 3, 2, 1, 2, 3, 2, 2]) == []


def test_cli_analyze_cycles_json_and_html(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "ged.csv", simulated_ucdp_rows(), UCDP_COLUMNS)
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", "--format", "ucdp-ged", str(csv_path), "--db", db]).exit_code == 0
    args = ["analyze", "cycles", "--db", db, "--stream", STREAMS[0], "--stream", STREAMS[1]]
    result = runner.invoke(cli, [*args, "--admin1", "Deir ez-Zor", "--since", "2017"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["answer"][0].startswith(
        "After one event of “IS attacks”, the rate of “Government attacks” rises"
    )
    assert doc["window"]["start"] == "2017-01-01"
    cross = next(
        e for e in doc["excitation"] if e["from"] == "IS attacks" and e["to"] == "Government attacks"
    )
    assert cross["p_value"] < 0.05 and cross["ci95"][0] <= cross["alpha"] <= cross["ci95"][1]
    assert doc["model"]["intervals"] == "95% profile likelihood"
    assert {"vs_independent_poisson", "vs_self_excitation_only"} == set(doc["tests"])
    out = tmp_path / "report.html"
    html = runner.invoke(cli, [*args, "--format", "html", "--output", str(out)])
    assert html.exit_code == 0, html.output
    page = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "IS attacks" in page
    assert (tmp_path / "report-kernels.png").read_bytes().startswith(b"\x89PNG")


def test_cli_analyze_cycles_bad_input(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "ged.csv", simulated_ucdp_rows(days=100), UCDP_COLUMNS)
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    runner.invoke(cli, ["import", "--format", "ucdp-ged", str(csv_path), "--db", db])
    base = ["analyze", "cycles", "--db", db]
    one = runner.invoke(cli, [*base, "--stream", STREAMS[0]])
    assert one.exit_code == 2 and "two or more streams" in one.output
    bad = runner.invoke(cli, [*base, "--stream", "ISIS:bombing", "--stream", STREAMS[1]])
    assert bad.exit_code == 2 and "unknown event type" in bad.output
    empty = runner.invoke(cli, [*base, "--stream", "HTS:attack", "--stream", STREAMS[1]])
    assert empty.exit_code == 1 and "incidents in this window" in empty.output
    html = runner.invoke(cli, [*base, "--stream", STREAMS[0], "--stream", STREAMS[1], "--format", "html"])
    assert html.exit_code == 2 and "--output" in html.output
    missing = runner.invoke(
        cli,
        [
            "analyze",
            "cycles",
            "--db",
            str(tmp_path / "none.db"),
            "--stream",
            STREAMS[0],
            "--stream",
            STREAMS[1],
        ],
    )
    assert missing.exit_code == 1 and "no database" in missing.output
