"""The pipeline's run: near-duplicates linked and not coded, across runs; the summary's counts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ingest.test_near_duplicates import AR_COPY, AR_ORIGINAL, AR_OTHER, EN_COPY, EN_ORIGINAL, EN_OTHER

from rasid.pipeline import run_sources
from rasid.store import Store

FRENCH = (
    "L'artillerie turque a bombardé plusieurs villages autour de Tal Tamr lundi soir, selon des habitants. "
    "Des familles ont quitté les villages proches de la ligne de front pour la ville de Hassaké."
)


def _archive(path: Path, records: list[tuple[str, str]]) -> str:
    lines = [
        json.dumps({"id": i, "text": t, "published": "2022-11-22"}, ensure_ascii=False) for i, t in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_pipeline_near_duplicates_are_linked_and_not_coded(tmp_path: Path) -> None:
    first = _archive(
        tmp_path / "first.jsonl",
        [
            ("ar-wire", AR_ORIGINAL),
            ("ar-copy", AR_COPY),
            ("ar-other", AR_OTHER),
            ("fr", FRENCH),
            ("ar-same", AR_ORIGINAL),
        ],
    )
    with Store.open(str(tmp_path / "rasid.db")) as store:
        summary = run_sources([first], store=store)
        assert (summary.read, summary.stored, summary.near_duplicates, summary.duplicates) == (5, 3, 1, 1)
        assert summary.not_coded == 1 and summary.not_coded_languages == {"other": 1}
        assert summary.events > 0 and not summary.failures
        link = store.near_duplicate_of("ar-copy")
        assert link is not None and link[0] == "ar-wire" and 0.8 <= (link[1] or 0) < 1
        assert store.near_duplicate_of("ar-other") is None
        assert store.near_duplicate_of("ar-wire") is None
        assert store.get_document("ar-copy") is not None
        assert store.query_events(document_id="ar-copy") == []
        assert store.query_events(document_id="ar-wire") and store.query_events(document_id="ar-other")
        assert store.get_document("ar-same") is None  # an exact duplicate is skipped
        assert {row[0] for row in store.load_minhashes()} == {"ar-wire", "ar-other", "fr"}

        # A later run: the index spans runs; what is stored already is not coded again.
        second = _archive(
            tmp_path / "second.jsonl",
            [
                ("en-wire", EN_ORIGINAL),
                ("en-copy", EN_COPY),
                ("en-other", EN_OTHER),
                ("ar-copy-2", AR_COPY + " "),
            ],
        )
        summary = run_sources([first, second], store=store)
        assert (summary.unchanged, summary.duplicates, summary.stored, summary.near_duplicates) == (
            4,
            2,
            2,
            1,
        )
        link = store.near_duplicate_of("en-copy")
        assert link is not None and link[0] == "en-wire"
        assert store.near_duplicate_of("en-other") is None
        assert store.query_events(document_id="en-copy") == []


def test_pipeline_updated_original_becomes_near_duplicate(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "rasid.db")) as store:
        run_sources(
            [_archive(tmp_path / "a.jsonl", [("wire", EN_ORIGINAL), ("later", EN_OTHER)])], store=store
        )
        assert store.query_events(document_id="later")
        summary = run_sources([_archive(tmp_path / "b.jsonl", [("later", EN_COPY)])], store=store)
        assert summary.near_duplicates == 1
        assert store.near_duplicate_of("later") is not None
        assert store.query_events(document_id="later") == []
        assert [row[0] for row in store.load_minhashes()] == ["wire"]


def test_pipeline_near_duplicate_search_can_be_turned_off(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "a.jsonl", [("wire", EN_ORIGINAL), ("copy", EN_COPY)])
    with Store.open(str(tmp_path / "rasid.db")) as store:
        summary = run_sources([archive], store=store, near_duplicate_threshold=None)
        assert (summary.stored, summary.near_duplicates) == (2, 0)
        assert store.query_events(document_id="copy")
