"""Bulk insert of synthetic events into the store: events per second, median over repeats.

SQLite always; PostgreSQL too when a throwaway server can be started (tests/pg.py) or
``RASID_TEST_PG_URL`` names one (``--no-pg`` skips it). Usage:
``python benchmarks/bench_store.py [--events N] [--repeats R] [--batch DOCS] [--per-document K]
[--no-pg] [--steps S]``. With ``--steps`` it stores ``--events`` S times into one SQLite store
and prints the rate of each step, to show how it holds up as the store grows.

``--batch`` documents are stored per transaction with ``Store.save_results`` (the bulk path
of ``rasid import``); ``--batch 1`` stores each document in its own transaction with
``Store.save_result`` (the path of ``rasid run``, mentions and all). Each event has its own
sentence, so nothing is cheaper than in real reports. ``--per-document`` sets the events per
document (default 50; ``rasid import`` stores one event per document). Rates are wall-clock events/s; the
CPU seconds of the process are printed too (the machine is shared). The time ends when the
store is closed, so that checkpoints still running in the background are counted.

Issue 6 (2 shared cores, load 6-12; 20,000 events, median of 5):
    before: 2,000-2,700 events/s, one transaction per document
    after:  see benchmarks/README.md
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pg import Unavailable, start_cluster  # noqa: E402
from rasid.records import ActorRef, Document, Event, Evidence, ExtractionResult, Place, TimeValue  # noqa: E402
from rasid.store import Store  # noqa: E402

PLACES = tuple(
    Place(name=name, name_ar=name_ar, lat=lat, lon=lon, admin1=admin1, precision="point")
    for name, name_ar, lat, lon, admin1 in (
        ("Al-Mayadin", "الميادين", 35.02, 40.45, "Deir ez-Zor"),
        ("Al-Bukamal", "البوكمال", 34.45, 40.92, "Deir ez-Zor"),
        ("Palmyra", "تدمر", 34.56, 38.28, "Homs"),
        ("Saraqib", "سراقب", 35.86, 36.80, "Idlib"),
        ("Daraa", "درعا", 32.62, 36.10, "Daraa"),
        ("Manbij", "منبج", 36.53, 37.95, "Aleppo"),
        ("Al-Raqqa", "الرقة", 35.95, 39.01, "Raqqa"),
        ("Douma", "دوما", 33.57, 36.40, "Rural Damascus"),
    )
)
EVENTS_PER_DAY = 1_000  # the synthetic stream's pace: its dates advance as it is stored
FIRST_DAY = date(2020, 1, 1)


def _content_id(key: str) -> str:
    # Shaped like the extractor's ids (a digest of the content), so that index inserts land
    # at random places as in real imports, not always at the end.
    return "ev_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def synthetic_results(
    n_events: int, tag: str, per_document: int = 50, *, first_document: int = 0
) -> list[ExtractionResult]:
    """Documents of ``per_document`` synthetic Arabic events each, ``n_events`` in all.

    Like a news archive stored in order: a document's date advances with its number
    (``EVENTS_PER_DAY``), its events fall on that day or the two before, in eight places.
    """
    results = []
    for d in range(first_document, first_document + n_events // per_document):
        text = f"تقرير {tag} رقم {d}: قصفت طائرات مسيرة موقعاً في الميادين بريف دير الزور الشرقي."
        published = FIRST_DAY + timedelta(days=d * per_document // EVENTS_PER_DAY)
        events = tuple(
            Event(
                id=_content_id(f"{tag}-{d}-{i}"),
                event_type="airstrike",
                modality="asserted",
                genericity="specific",
                evidence=Evidence(sentence=sentence, span=(0, len(sentence))),
                actors=(ActorRef("actor1", "RUS_MIL", "Russian forces", "طائرات روسية", (5, 10)),),
                location=PLACES[(d + i) % len(PLACES)],
                time=TimeValue(start=(published - timedelta(days=i % 3)).isoformat(), precision="day"),
                confidence=0.8,
                extractor="bench.v1",
            )
            for i in range(per_document)
            for sentence in (f"{text} ({i})",)
        )
        document = Document(id=f"{tag}-{d}", text=text, language="ar", published=published.isoformat())
        results.append(ExtractionResult(document, events))
    return results


def bench(url: str, n_events: int, tag: str, *, batch: int, per_document: int) -> tuple[float, float]:
    """Events per second, wall-clock and per CPU second, for storing ``n_events``."""
    results = synthetic_results(n_events, tag, per_document)
    store = Store.open(url)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        if batch == 1:
            for result in results:
                store.save_result(result)
        else:
            for first in range(0, len(results), batch):
                store.save_results(results[first : first + batch])
    finally:
        # Timed too: closing waits for the checkpoints that bulk commits leave to a second thread.
        store.close()
    elapsed, cpu_used = time.perf_counter() - start, time.process_time() - cpu
    return n_events / elapsed, n_events / cpu_used


def grow(url: str, n_events: int, steps: int, *, batch: int, per_document: int) -> list[float]:
    """Events per second of each of ``steps`` imports of ``n_events`` into one growing store."""
    rates = []
    store = Store.open(url)
    try:
        for step in range(steps):
            results = synthetic_results(
                n_events, "g", per_document, first_document=step * (n_events // per_document)
            )
            start = time.perf_counter()
            for first in range(0, len(results), batch):
                store.save_results(results[first : first + batch])
            rates.append(n_events / (time.perf_counter() - start))
    finally:
        store.close()
    return rates


def main() -> None:
    """Print the median events/s for SQLite and, when available, PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200, help="documents per transaction (1: one each)")
    parser.add_argument("--per-document", type=int, default=50, help="events per document")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument(
        "--steps", type=int, default=0, help="SQLite only: store --events this many times into one store"
    )
    args = parser.parse_args()
    if args.steps:
        with tempfile.TemporaryDirectory() as folder:
            rates = grow(
                str(Path(folder) / "grow.db"),
                args.events,
                args.steps,
                batch=args.batch,
                per_document=args.per_document,
            )
        for step, rate in enumerate(rates, 1):
            stored = step * args.events
            print(f"sqlite, {stored:,} events stored: {rate:,.0f} events/s for the last {args.events:,}")
        return
    with tempfile.TemporaryDirectory() as folder:
        runs = [
            bench(
                str(Path(folder) / f"b{r}.db"),
                args.events,
                f"s{r}",
                batch=args.batch,
                per_document=args.per_document,
            )
            for r in range(args.repeats)
        ]
    print(_line("sqlite", runs, args))
    if args.no_pg:
        return
    try:
        cluster = start_cluster()
    except Unavailable as exc:
        print(f"postgresql: skipped ({exc})")
        return
    try:
        runs = [
            bench(
                cluster.url(cluster.create_database()),
                args.events,
                f"p{r}",
                batch=args.batch,
                per_document=args.per_document,
            )
            for r in range(args.repeats)
        ]
        print(_line("postgresql", runs, args))
    finally:
        cluster.stop()


def _line(name: str, runs: list[tuple[float, float]], args: argparse.Namespace) -> str:
    wall = statistics.median(rate for rate, _ in runs)
    cpu = statistics.median(rate for _, rate in runs)
    return (
        f"{name}: {wall:,.0f} events/s, {cpu:,.0f} events per CPU second "
        f"(median of {args.repeats}, {args.events} events, {args.per_document} per document, "
        f"{args.batch} documents per transaction)"
    )


if __name__ == "__main__":
    main()
