"""``GET /analysis/trends``: weekly incidents per stream and change points, as the dashboard reads them."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from ged_rows import UCDP_COLUMNS, ucdp_row, write_csv
from rasid.api.app import create_app
from rasid.cli.main import cli

ISIS = "ISIS attacks=ISIS:attack,explosive,suicide_attack,shelling"
SWEEPS = "Sweeps and deployments=SYR_REGIME,SYR_GOV,IRN_MIL,RUS_MIL:sweep_operation,deployment"


def trends(client: TestClient, **params: Any) -> dict[str, Any]:
    """The answer for ``params`` (the two dashboard streams unless ``stream`` is given)."""
    answer = client.get("/analysis/trends", params={"stream": [ISIS, SWEEPS], **params})
    assert answer.status_code == 200, answer.text
    document: dict[str, Any] = answer.json()
    return document


def incident_days(client: TestClient, actors: tuple[str, ...], types: tuple[str, ...]) -> list[date]:
    """Day-precision incidents (one per cluster) of ``actor1`` under ``actors`` with one of ``types``,
    read from the full records of ``/events``: the selection the endpoint should make."""
    days: dict[str, date] = {}
    for event in client.get("/events", params={"limit": 500}).json()["events"]:
        time = event["time"] or {}
        if event["event_type"] not in types or time.get("precision") not in ("day", "unknown"):
            continue
        if not time.get("start") or (time.get("end") or time["start"]) != time["start"]:
            continue
        ids = [a["id"] for a in event["actors"] if a["role"] == "actor1" and a["id"]]
        if any(i == a or i.startswith(a + ".") for i in ids for a in actors):
            days.setdefault(event["cluster_id"] or event["id"], date.fromisoformat(time["start"][:10]))
    return sorted(days.values())


def test_trends_count_each_streams_incidents_per_week_on_the_samples(client: TestClient) -> None:
    doc = trends(client)
    isis, sweeps = doc["streams"]
    assert (isis["label"], sweeps["label"]) == ("ISIS attacks", "Sweeps and deployments")
    assert sweeps["actors"] == ["SYR_REGIME", "SYR_GOV", "IRN_MIL", "RUS_MIL"]
    expected = {
        "isis": incident_days(client, ("ISIS",), tuple(isis["types"])),
        "sweeps": incident_days(client, tuple(sweeps["actors"]), tuple(sweeps["types"])),
    }
    assert expected["isis"] and expected["sweeps"], "the samples have both kinds of incident"
    start = min(expected["isis"][0], expected["sweeps"][0])
    end = max(expected["isis"][-1], expected["sweeps"][-1])
    assert doc["window"] == {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weeks": (end - start).days // 7 + 1,
    }
    for stream, days in ((isis, expected["isis"]), (sweeps, expected["sweeps"])):
        weeks = [date.fromisoformat(w) for w in stream["weeks"]]
        assert weeks == [start + timedelta(days=7 * k) for k in range(doc["window"]["weeks"])]
        assert stream["incidents"] == len(days) == sum(stream["counts"])
        for day in days:
            assert stream["counts"][(day - start).days // 7] >= 1
        # A few incidents in five years: no change of level, one mean over the whole window.
        assert stream["change_points"] == [] and stream["changes"] == []
        assert stream["segment_means_per_week"] == [round(len(days) / len(weeks), 3)]


def test_trends_follow_governorate_and_dates(client: TestClient) -> None:
    everywhere = trends(client)
    homs = trends(client, admin1="homs")
    assert homs["filters"] == {"admin1": "homs"}
    assert sum(s["incidents"] for s in homs["streams"]) < sum(s["incidents"] for s in everywhere["streams"])
    window = trends(client, since="2021-01", until="2021-06")
    assert window["window"] == {"start": "2021-01-01", "end": "2021-06-30", "weeks": 26}
    assert all(len(s["counts"]) == 26 for s in window["streams"])
    nothing = trends(client, admin1="No Such Governorate")
    assert nothing["window"] == {"start": None, "end": None, "weeks": 0}
    assert all(s["incidents"] == 0 and s["weeks"] == [] for s in nothing["streams"])
    empty_year = trends(client, admin1="No Such Governorate", since="2021", until="2021")
    assert all(s["counts"] == [0] * 53 and s["changes"] == [] for s in empty_year["streams"])


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({}, 422, "stream"),
        ({"stream": "ISIS:bombing"}, 400, "unknown event type"),
        ({"stream": ["ISIS:attack"] * 5}, 400, "between 1 and 4"),
        ({"stream": ISIS, "since": "2022", "until": "2021"}, 400, "since is after until"),
        ({"stream": ISIS, "since": "1900", "until": "2100"}, 400, "narrow it"),
        ({"stream": ISIS, "bbox": "1,2,3"}, 400, "bbox"),
    ],
)
def test_trends_refuse_bad_requests_with_problem_details(
    client: TestClient, params: dict[str, Any], status: int, words: str
) -> None:
    answer = client.get("/analysis/trends", params=params)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    assert words in answer.json()["detail"]


def test_trends_answer_503_without_the_analysis_extra(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "rasid.analysis.trends")
    monkeypatch.setitem(sys.modules, "ruptures", None)  # import ruptures now raises ImportError
    answer = client.get("/analysis/trends", params={"stream": ISIS})
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert "pip install 'rasid[analysis]'" in answer.json()["detail"]


def test_trends_report_a_change_point_with_the_rates_around_it(writable_db: Path, tmp_path: Path) -> None:
    # IS attacks in Deir ez-Zor (the government loses people): about 1 a week for 16 weeks, then 6.
    first = date(2017, 1, 2)
    quiet = [1, 0, 2, 1, 1, 2, 0, 1, 1, 1, 2, 1, 0, 1, 2, 0]
    busy = [6, 5, 7, 6, 6, 5, 7, 6, 6, 7, 5, 6, 6, 5, 7, 6]
    per_week = [*quiet, *busy]
    rows = [
        ucdp_row(5000 + 10 * week + k, first + timedelta(days=7 * week + k), deaths_a=2, deaths_b=0)
        for week, n in enumerate(per_week)
        for k in range(n)
    ]
    csv_path = write_csv(tmp_path / "ged.csv", rows, UCDP_COLUMNS)
    imported = CliRunner().invoke(
        cli, ["import", "--format", "ucdp-ged", str(csv_path), "--db", str(writable_db)]
    )
    assert imported.exit_code == 0, imported.output
    until = first + timedelta(days=7 * len(per_week) - 1)
    with TestClient(create_app(str(writable_db))) as client:
        doc = trends(
            client, stream="IS=ISIS:attack", admin1="Deir ez-Zor", since=first.isoformat(), until=str(until)
        )
    (stream,) = doc["streams"]
    assert stream["counts"] == per_week and stream["incidents"] == len(rows)
    change = {
        "date": (first + timedelta(days=7 * 16)).isoformat(),
        "before_per_week": 1.0,
        "after_per_week": 6.0,
    }
    assert stream["changes"] == [change]
    assert stream["change_points"] == [change["date"]]
    assert stream["segment_means_per_week"] == [1.0, 6.0]
