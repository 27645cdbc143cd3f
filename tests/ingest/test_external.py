"""Importing UCDP GED and ACLED CSV files (rasid.ingest.external and `rasid import`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ged_rows import UCDP_COLUMNS, ucdp_row, write_csv
from rasid.cli.main import cli
from rasid.errors import MalformedRecordError
from rasid.ingest.external import read_dataset, result_from_acled_row, result_from_ucdp_row, ucdp_side_ids
from rasid.store import Store
from rasid.store.exports import ACLED_COLUMNS


def acled_row(event_id: str, **values: str) -> dict[str, str]:
    """An ACLED export row (Syria) with the given values."""
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=event_id,
        event_date="2023-05-10",
        year="2023",
        time_precision="1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Islamic State (Syria)",
        actor2="Military Forces of Syria (2000-2024)",
        assoc_actor_2="NDF: National Defense Forces",
        country="Syria",
        admin1="Deir ez Zor",
        admin2="Al Mayadin",
        location="Al Mayadin",
        latitude="35.0196",
        longitude="40.4511",
        geo_precision="1",
        source="SOHR",
        notes="On 10 May 2023, IS cells attacked regime positions near Al Mayadin.",
        fatalities="3",
    )
    row.update(values)
    return row


def test_external_ucdp_row_direction_from_deaths() -> None:
    attack = result_from_ucdp_row(ucdp_row(1, date(2017, 3, 2), deaths_a=2, deaths_b=0)).events[0]
    assert attack.event_type == "attack"
    assert [(a.role, a.id) for a in attack.actors] == [("actor1", "ISIS"), ("actor2", "SYR_REGIME")]
    clash = result_from_ucdp_row(ucdp_row(2, date(2017, 3, 2), deaths_a=1, deaths_b=1)).events[0]
    assert clash.event_type == "clash"
    assert clash.location is not None and clash.location.admin1 == "Deir ez-Zor"
    assert clash.time.precision == "day" and clash.fatalities is not None and clash.fatalities.count == 2


def test_external_ucdp_provenance_and_comma_sides() -> None:
    row = ucdp_row(7, date(2018, 1, 5), deaths_a=0, deaths_b=0, side_b="National Front for Liberation, SNA")
    result = result_from_ucdp_row(row)
    assert result.document.id == "ucdp-ged:7" == result.document.origin == result.events[0].id
    assert result.document.source == "SOHR"
    assert "UCDP GED event 7" in result.document.text
    assert result.events[0].evidence.sentence in result.document.text
    assert ucdp_side_ids("Ahrar al-Sham, HTS, Southern Front") == [
        ("Ahrar al-Sham", "OPP"),
        ("HTS", "HTS"),
        ("Southern Front", "OPP"),
    ]


def test_external_acled_row_types_actors_and_dates() -> None:
    event = result_from_acled_row(acled_row("SYR1")).events[0]
    assert event.event_type == "clash"
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Battles", "Armed clash")
    assert [(a.role, a.id) for a in event.actors] == [
        ("actor1", "ISIS"),
        ("actor2", "SYR_REGIME"),
        ("actor2", "SYR_REGIME.NDF"),
    ]
    later = result_from_acled_row(
        acled_row(
            "SYR2",
            event_date="15 January 2025",
            actor2="Military Forces of Syria",
            assoc_actor_2="",
            time_precision="3",
        )
    ).events[0]
    assert [a.id for a in later.actors] == ["ISIS", "SYR_GOV"]
    assert (later.time.start, later.time.end, later.time.precision) == ("2025-01-01", "2025-01-31", "month")
    strike = result_from_acled_row(
        acled_row("SYR3", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    ).events[0]
    assert strike.event_type == "airstrike"


def test_external_bad_row_names_its_line_and_nothing_is_stored(tmp_path: Path) -> None:
    rows = [ucdp_row(i, date(2017, 1, 1 + i), deaths_a=1, deaths_b=0) for i in range(3)]
    rows[2]["date_start"] = "2017-02-30"
    path = write_csv(tmp_path / "ged.csv", rows, UCDP_COLUMNS)
    with pytest.raises(MalformedRecordError, match=r"ged.csv:4: column date_start is not a date"):
        read_dataset(path, "ucdp-ged")
    db = tmp_path / "r.db"
    result = CliRunner().invoke(cli, ["import", "--format", "ucdp-ged", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert "ged.csv:4" in result.output
    assert not db.exists()


def test_external_wrong_layout_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "acled.csv", [acled_row("SYR1")], ACLED_COLUMNS)
    with pytest.raises(MalformedRecordError, match="not a UCDP GED file: column"):
        read_dataset(path, "ucdp-ged")
    bad = write_csv(tmp_path / "bad.csv", [acled_row("SYR1", event_type="Parades")], ACLED_COLUMNS)
    with pytest.raises(MalformedRecordError, match=r"bad.csv:2: unknown event_type"):
        read_dataset(bad, "acled")


def test_external_import_cli_stores_once(tmp_path: Path) -> None:
    ged = write_csv(
        tmp_path / "ged.csv",
        [ucdp_row(i, date(2017, 1, 1 + i), deaths_a=1, deaths_b=0) for i in range(4)],
        UCDP_COLUMNS,
    )
    acled = write_csv(tmp_path / "acled.csv", [acled_row("SYR1"), acled_row("SYR2")], ACLED_COLUMNS)
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["import", "--format", "ucdp-ged", str(ged), "--db", db])
    assert first.exit_code == 0, first.output
    assert "stored 4" in first.output
    again = runner.invoke(cli, ["import", "--format", "ucdp-ged", str(ged), "--db", db])
    assert "unchanged 4" in again.output
    assert runner.invoke(cli, ["import", "--format", "acled", str(acled), "--db", db]).exit_code == 0
    with Store.open(db) as store:
        assert store.count_documents() == 6
        stored = store.query_events(actor="ISIS", admin1="deir ez-zor")
        assert len(stored) == 6
        document = store.get_document("acled:SYR1")
        assert document is not None and document.origin == "acled:SYR1"
