"""Golden files for extraction output: the bundled samples (our own text) and the seed report.

The seed's golden file keeps no text of the report (third-party text stays out of the
project): only types, roles, ids, places, times and offsets. Regenerate after an intended
change with ``RASID_UPDATE_GOLDEN=1 pytest tests/extract/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from rasid.extract.events import extract_events
from rasid.ingest import iter_documents
from rasid.records import Document, Event
from rasid.text.clean import clean_text

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RASID_UPDATE_GOLDEN") == "1"


def summarize(event: Event) -> dict[str, Any]:
    """An event without any of its text: what was coded and where it points."""
    loc = event.location
    return {
        "event_type": event.event_type,
        "modality": event.modality,
        "genericity": event.genericity,
        "actors": [[a.role, a.id, list(a.span)] for a in event.actors],
        "location": None if loc is None else [loc.name, loc.admin1, loc.precision, list(loc.span or [])],
        "time": [event.time.start, event.time.end, event.time.precision],
        "fatalities": None
        if event.fatalities is None
        else [event.fatalities.count, event.fatalities.min, event.fatalities.max],
        "evidence_span": list(event.evidence.span),
        "attributed": event.attribution is not None,
    }


def check_golden(name: str, actual: Any) -> None:
    path = GOLDEN / name
    text = json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} is missing: run with RASID_UPDATE_GOLDEN=1 to write it")
        path.write_text(text, encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), (
        f"{name} differs from its golden file"
    )


def test_golden_samples(samples: list[Document]) -> None:
    actual = {doc.id: [summarize(e) for e in extract_events(doc)] for doc in samples}
    check_golden("samples.events.json", actual)


def test_golden_seed(seed_text: str) -> None:
    document = Document(id="seed", text=clean_text(seed_text), language="ar")
    check_golden("seed.events.json", [summarize(e) for e in extract_events(document)])


@pytest.fixture(scope="module")
def samples() -> list[Document]:
    from rasid.cli.run import bundled_samples

    return [d for d in iter_documents([bundled_samples()]) if isinstance(d, Document)]
