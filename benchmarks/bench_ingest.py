"""Saved HTML pages per second on one core, including extraction and coding (run on demand).

    .venv/bin/python benchmarks/bench_ingest.py [--repeats 5]

Reads the HTML test corpus (tests/data/html/: saved news pages in WordPress, custom-site, AMP
and odd layouts) and times, per page: decoding, trafilatura main-text extraction, clean text,
language, near-duplicate signature and event coding (with geocoding). Prints medians over
repeats, one process (one core): pages/s for the whole path, for HTML extraction alone, and
for trafilatura's modes (``fast`` = no fallback extractor, which rasid uses; ``favor_precision``;
the default with fallbacks), each with its main-text precision/recall on the corpus.
Machines are shared and noisy: compare medians and ratios, never single runs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import trafilatura

from rasid.ingest import iter_documents
from rasid.ingest.html import decode_html, tidy_article_text
from rasid.ingest.near_duplicates import minhash_of
from rasid.pipeline import code_document
from rasid.records import Document
from rasid.text.clean import clean_text

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "html"
TARGET = 200.0  # pages/s/core, issue 5


def _median_rate(work: Callable[[], int], repeats: int) -> float:
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        count = work()
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def _full_path() -> int:
    pages = 0
    for item in iter_documents([str(CORPUS)]):
        assert isinstance(item, Document)
        minhash_of(item.text)
        code_document(item)
        pages += 1
    return pages


def _extraction_only() -> int:
    return sum(1 for item in iter_documents([str(CORPUS)]) if isinstance(item, Document))


def _quality(options: dict[str, Any]) -> tuple[float, float]:
    matched = expected_chars = got_chars = 0
    for page in sorted(CORPUS.glob("*.html")):
        markup = decode_html(page.read_bytes(), where=page.name)
        result = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, **options)
        text = clean_text(
            tidy_article_text(
                str(getattr(result, "text", "") or ""),
                title=result.title,
                author=result.author,
                date=result.date,
            )
        )
        expected = " ".join(page.with_suffix(".txt").read_text(encoding="utf-8").replace("|", " ").split())
        got = " ".join(text.replace("|", " ").split())
        blocks = difflib.SequenceMatcher(None, expected, got, autojunk=False).get_matching_blocks()
        matched += sum(b.size for b in blocks)
        expected_chars += len(expected)
        got_chars += len(got)
    return matched / expected_chars, matched / max(got_chars, 1)


def _trafilatura_rate(options: dict[str, Any], repeats: int) -> float:
    pages = [decode_html(p.read_bytes(), where=p.name) for p in sorted(CORPUS.glob("*.html"))]

    def work() -> int:
        for markup in pages:
            trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False, **options)
        return len(pages)

    return _median_rate(work, repeats)


def main() -> None:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    _full_path()  # warm up: imports, dictionaries, gazetteer
    report: dict[str, Any] = {
        "pages": len(list(CORPUS.glob("*.html"))),
        "target_pages_per_s": TARGET,
        "pages_per_s_full": round(_median_rate(_full_path, args.repeats), 1),
        "pages_per_s_extraction_only": round(_median_rate(_extraction_only, args.repeats), 1),
        "trafilatura_modes": {},
    }
    for name, options in (
        ("fast", {"fast": True}),
        ("fast_favor_precision", {"fast": True, "favor_precision": True}),
        ("default_with_fallbacks", {}),
    ):
        recall, precision = _quality(options)
        report["trafilatura_modes"][name] = {
            "pages_per_s": round(_trafilatura_rate(options, args.repeats), 1),
            "recall": round(recall, 4),
            "precision": round(precision, 4),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
