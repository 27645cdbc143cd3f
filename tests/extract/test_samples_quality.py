"""The bundled samples against the v1 schema and against our hand coding of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rasid.cli.run import bundled_samples
from rasid.extract.events import extract_events
from rasid.ingest import iter_documents
from rasid.records import Document, ExtractionResult

EXPECTED = Path(__file__).parent.parent / "data" / "samples_expected.jsonl"
FACTUAL = {"asserted", "claimed", "alleged"}
# Floors measured when this test was written; raise them as the extractor improves, never lower silently.
TYPE_RECALL_FLOOR = 0.90
ACTOR1_FLOOR = 0.75
ADMIN1_FLOOR = 0.93


@pytest.fixture(scope="module")
def samples() -> list[Document]:
    return [d for d in iter_documents([bundled_samples()]) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def expected() -> dict[str, list[dict[str, Any]]]:
    rows = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["id"]: row["events"] for row in rows}


def test_samples_corpus_shape(samples: list[Document], expected: dict[str, list[dict[str, Any]]]) -> None:
    assert 20 <= len(samples) <= 30
    assert {d.language for d in samples} == {"ar", "en"}
    assert all(d.published and d.source for d in samples)
    assert set(expected) == {d.id for d in samples}
    pairs = {
        e["same_incident_as"] for events in expected.values() for e in events if e.get("same_incident_as")
    }
    assert len(pairs) >= 6  # at least three incidents told in both languages


def test_samples_output_is_valid_against_the_schema(
    samples: list[Document], event_schema: dict[str, Any]
) -> None:
    validator = jsonschema.Draft202012Validator(event_schema)
    for document in samples:
        result = ExtractionResult(document, tuple(extract_events(document))).to_dict()
        errors = sorted(validator.iter_errors(result), key=lambda e: list(e.path))
        assert not errors, f"{document.id}: {errors[0].message} at {list(errors[0].path)}"
        for event in result["events"]:
            start, end = event["evidence"]["span"]
            assert document.text[start:end] == event["evidence"]["sentence"]


def test_samples_agree_with_hand_coding(
    samples: list[Document], expected: dict[str, list[dict[str, Any]]]
) -> None:
    found_type = found_actor = found_admin = total = with_actor = with_admin = 0
    for document in samples:
        events = [e for e in extract_events(document) if e.modality in FACTUAL]
        for gold in expected[document.id]:
            total += 1
            same_type = [e for e in events if e.event_type == gold["event_type"]]
            found_type += bool(same_type)
            if gold["actor1"]:
                with_actor += 1
                found_actor += any(
                    {(a.id or "").split(".")[0] for a in e.actors if a.role == "actor1"} & set(gold["actor1"])
                    for e in events
                )
            if gold.get("admin1"):
                with_admin += 1
                found_admin += any(
                    e.location is not None and e.location.admin1 == gold["admin1"] for e in events
                )
    assert found_type / total >= TYPE_RECALL_FLOOR, f"type recall {found_type}/{total}"
    assert found_actor / with_actor >= ACTOR1_FLOOR, f"actor1 recall {found_actor}/{with_actor}"
    assert found_admin / with_admin >= ADMIN1_FLOOR, f"admin1 recall {found_admin}/{with_admin}"


def test_samples_no_event_report_stays_empty(
    samples: list[Document], expected: dict[str, list[dict[str, Any]]]
) -> None:
    empty = [d for d in samples if not expected[d.id]]
    assert empty
    for document in empty:
        assert [e for e in extract_events(document) if e.modality in FACTUAL] == []
