"""Throughput and memory of extraction and of a full run, on the bundled samples (run on demand).

    .venv/bin/python benchmarks/bench_extract.py [--copies 40] [--repeats 5]

Prints medians over repeats: documents per second for extraction alone and for
ingest+extract+store into a fresh SQLite file, and the peak traced memory of extraction.
Machines are shared and noisy: compare medians and ratios, never single runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from rasid.cli.run import bundled_samples
from rasid.extract.events import extract_events
from rasid.ingest import iter_documents
from rasid.pipeline import run_sources
from rasid.records import Document
from rasid.store import Store


def _documents(copies: int, *, size: int = 0) -> list[Document]:
    base = [d for d in iter_documents([bundled_samples()]) if isinstance(d, Document)]
    if size:
        # Reports of about ``size`` characters: consecutive samples of one language joined.
        joined = []
        for language in ("ar", "en"):
            group = [d for d in base if d.language == language]
            for i, first in enumerate(group):
                parts, length = [], 0
                for d in group[i:] + group[:i]:
                    if length >= size:
                        break
                    parts.append(d.text)
                    length += len(d.text) + 1
                joined.append(replace(first, text="\n".join(parts)[: size + 200]))
        base = joined
    # Each copy differs by a trailing sentence so that nothing is cached or deduplicated away.
    return [replace(d, id=f"{d.id}-{i}", text=f"{d.text}\n{i}.") for i in range(copies) for d in base]


def _time_extract(documents: list[Document]) -> float:
    started = time.perf_counter()
    for document in documents:
        extract_events(document)
    return len(documents) / (time.perf_counter() - started)


def _time_run(documents: list[Document], folder: Path, run: int) -> float:
    archive = folder / f"archive-{run}.jsonl"
    with archive.open("w", encoding="utf-8") as handle:
        for d in documents:
            line = {"id": d.id, "text": d.text, "language": d.language, "published": d.published}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    with Store.open(str(folder / f"bench-{run}.db")) as store:
        summary = run_sources([str(archive)], store=store)
    assert not summary.failures, summary.failures
    return len(documents) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--size", type=int, default=0, help="join samples into reports of about N characters")
    args = parser.parse_args()
    documents = _documents(args.copies, size=args.size)
    extract_events(documents[0])  # load dictionaries once, outside the timing
    extract_rates = [_time_extract(documents) for _ in range(args.repeats)]
    tracemalloc.start()
    for document in documents:
        extract_events(document)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with tempfile.TemporaryDirectory() as tmp:
        run_rates = [_time_run(documents, Path(tmp), i) for i in range(args.repeats)]
    chars = sum(len(d.text) for d in documents) / len(documents)
    print(f"documents: {len(documents)} (mean {chars:.0f} characters), repeats: {args.repeats}")
    low, high = min(extract_rates), max(extract_rates)
    print(f"extract: median {statistics.median(extract_rates):.0f} docs/s (min {low:.0f}, max {high:.0f})")
    print(f"run (ingest+extract+store): median {statistics.median(run_rates):.0f} docs/s")
    print(f"ratio extract/run: {statistics.median(extract_rates) / statistics.median(run_rates):.2f}")
    print(f"peak traced memory while extracting: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
