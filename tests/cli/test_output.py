"""Tests for rasid.cli.output: every event format parses and carries the flat columns."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from rasid.cli.output import (
    FLAT_COLUMNS,
    FORMATS,
    TABLE_HEADERS,
    display_width,
    format_option,
    format_quantity,
    write_events,
    write_table,
)
from rasid.records import ActorRef, Attribution, Event, Evidence, Place, Quantity, TimeValue

SENTENCE = 'قال ناشطون إن "مسلحين مجهولين" قتلوا 3 مدنيين،\nوأصابوا آخرين, في مدينة الميادين.'


def make_event(event_id: str, *, place: Place | None = None, acled: str | None = None) -> Event:
    """An attack on civilians in Al-Mayadin with an evidence sentence full of csv hazards."""
    return Event(
        id=event_id,
        event_type="attack_on_civilians",
        modality="alleged",
        genericity="specific",
        evidence=Evidence(sentence=SENTENCE, span=(0, len(SENTENCE))),
        actors=(
            ActorRef("actor1", "UNKNOWN_ARMED", "Unidentified gunmen", "مسلحين مجهولين", (16, 30)),
            ActorRef("actor1", "ISIS.CELLS", "ISIS cells", "خلايا", (0, 5)),
            ActorRef("actor2", "CIV", "Civilians", "مدنيين", (40, 46)),
        ),
        location=place,
        time=TimeValue("2024-03-05", "2024-03-05", "day", "أمس"),
        fatalities=Quantity(count=3, text="3"),
        injuries=Quantity(min=2, max=None, text="آخرين"),
        attribution=Attribution("activists", "ناشطون"),
        acled_event_type=acled,
        confidence=0.75,
        document_id="doc-1",
        cluster_id="cl-1",
    )


PLACE = Place("Al-Mayadin", "الميادين", 35.0186, 40.4506, "Deir ez-Zor", "Al-Mayadin", "SY", "point")
EVENTS = (make_event("e1", place=PLACE), make_event("e2"))


def render(fmt: str, events: tuple[Event, ...] = EVENTS) -> str:
    stream = io.StringIO()
    write_events(events, fmt, stream)
    return stream.getvalue()


def test_output_json_is_array_of_v1_events() -> None:
    text = render("json")
    assert json.loads(text) == [e.to_dict() for e in EVENTS]
    assert "الميادين" in text  # not \u-escaped


def test_output_jsonl_is_one_event_per_line() -> None:
    lines = render("jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [e.to_dict() for e in EVENTS]


def test_output_csv_parses_with_flat_columns() -> None:
    text = render("csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(FLAT_COLUMNS)
    assert len(rows) == 2
    first = rows[0]
    assert first["evidence"] == SENTENCE
    assert first["actor1"] == "UNKNOWN_ARMED;ISIS.CELLS"
    assert first["actor2"] == "CIV"
    assert (first["fatalities"], first["injuries"]) == ("3", "2+")
    assert (first["location"], first["name_ar"], first["admin1"]) == ("Al-Mayadin", "الميادين", "Deir ez-Zor")
    assert float(first["lat"]) == pytest.approx(35.0186)
    assert first["attribution_source"] == "activists"
    assert rows[1]["lat"] == ""


def test_output_csv_fills_acled_and_plover_from_ontology() -> None:
    rows = list(
        csv.DictReader(io.StringIO(render("csv", (make_event("e1"), make_event("e2", acled="Battles")))))
    )
    assert rows[0]["acled_event_type"] == "Violence against civilians"
    assert rows[0]["acled_sub_event_type"] == "Attack"
    assert rows[0]["plover"] == "ASSAULT"
    assert rows[1]["acled_event_type"] == "Battles"


def test_output_geojson_points_and_unlocated() -> None:
    collection = json.loads(render("geojson"))
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.4506, 35.0186]}
    assert feature["properties"]["id"] == "e1"
    assert set(feature["properties"]) == set(FLAT_COLUMNS)
    assert collection["unlocated"] == ["e2"]


def test_output_table_aligns_columns_and_keeps_arabic() -> None:
    lines = render("table").splitlines()
    assert lines[0].split()[:2] == ["id", "date"]
    assert set(lines[1].replace("  ", "")) == {"-"}
    assert "UNKNOWN_ARMED, ISIS.CELLS -> CIV" in lines[2]
    assert "Al-Mayadin" in lines[2]
    date_column = lines[0].index("date")
    assert all(line[date_column:].startswith("2024-03-05") for line in lines[2:])


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_empty_list_parses(fmt: str) -> None:
    text = render(fmt, ())
    if fmt == "json":
        assert json.loads(text) == []
    elif fmt == "geojson":
        assert json.loads(text) == {"type": "FeatureCollection", "features": [], "unlocated": []}
    elif fmt == "csv":
        assert next(csv.reader(io.StringIO(text))) == list(FLAT_COLUMNS)
    elif fmt == "table":
        assert text.split("\n")[0].split("  ")[0] == TABLE_HEADERS[0]
    else:
        assert text == ""


def test_output_unknown_format_raises() -> None:
    with pytest.raises(ValueError, match="xml"):
        render("xml")


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (None, ""),
        (Quantity(count=7), "7"),
        (Quantity(min=5, max=7), "5-7"),
        (Quantity(min=24, max=99), "24-99"),
        (Quantity(min=4, max=4), "4"),
        (Quantity(min=2), "2+"),
        (Quantity(max=10), "0-10"),
        (Quantity(text="عدد"), ""),
    ],
)
def test_output_format_quantity(quantity: Quantity | None, expected: str) -> None:
    assert format_quantity(quantity) == expected


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_output_format_quantity_range_reads_back(low: int, high: int) -> None:
    text = format_quantity(Quantity(min=low, max=high))
    assert [int(part) for part in text.split("-")] == ([low, high] if low != high else [low])


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Idlib", 5),
        ("إدلب", 4),
        ("إِدْلِب", 4),  # harakat take no column
        ("حلب", 3),
        ("دمشق", 4),
        ("北京", 4),
    ],
)
def test_output_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_output_write_table_pads_by_display_width() -> None:
    stream = io.StringIO()
    write_table([["إِدْلِب", "1"], ["Hama", "22"]], ["place", "n"], stream)
    lines = stream.getvalue().splitlines()
    assert lines == ["place  n", "-----  --", "إِدْلِب   1", "Hama   22"]


def test_output_write_table_flattens_line_breaks() -> None:
    stream = io.StringIO()
    write_table([["two\nlines", "x"]], ["a", "b"], stream)
    assert stream.getvalue().splitlines()[2] == "two lines  x"


def test_output_format_option_limits_choices() -> None:
    @click.command()
    @format_option(default="json", choices=("json", "csv"))
    def show(fmt: str) -> None:
        click.echo(fmt)

    runner = CliRunner()
    assert runner.invoke(show, []).output == "json\n"
    assert runner.invoke(show, ["--format", "csv"]).output == "csv\n"
    refused = runner.invoke(show, ["--format", "table"])
    assert refused.exit_code == 2
    assert "table" in refused.output


def test_output_format_option_rejects_default_outside_choices() -> None:
    with pytest.raises(ValueError, match="geojson"):
        format_option(default="geojson", choices=("json",))
