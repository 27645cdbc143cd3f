"""Deduplication throughput and memory: cluster N synthetic events with a realistic spread.

Events fall on consecutive days, about 70 a day (100,000 events span four years), at places drawn from the
bundled gazetteer (weighted towards a few busy governorates, as conflict reporting is), with
types, actors and casualties drawn from the ontology; about one event in three is another
report of an earlier incident (a day or two later, another outlet, other numbers), and one in
ten has no place. Reports stream in date order through ``cluster_stream`` (one document per
event), which forgets reports older than its horizon: memory should stay flat as N grows.

    python benchmarks/bench_dedup.py            # 25k, 50k and 100k events
    python benchmarks/bench_dedup.py 10000      # one size
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date

from rasid.geo.gazetteer import Gazetteer
from rasid.records import EVENT_TYPES
from rasid.resolve.dedup import Merge, Report, cluster_stream

ACTORS = ("ISIS", "SYR_REGIME", "SYR_GOV", "IRN_MIL", "RUS_MIL", "SDF", "COALITION", "TUR_MIL", "SNA", "HTS")
WORDS = tuple(f"w{i}" for i in range(400))
START = date(2016, 1, 1).toordinal()
PER_DAY = 70


def places() -> list[tuple[float, float, str | None, str | None, str]]:
    """Gazetteer places with coordinates: (lat, lon, admin1, admin2, precision)."""
    gazetteer = Gazetteer.load_default()
    return [(p.lat, p.lon, p.admin1, p.admin2, p.precision) for p in gazetteer.entries]


def synthetic(n: int, seed: int = 7) -> Iterator[list[Report]]:
    """N one-event documents in date order (see the module docstring)."""
    rng = random.Random(seed)
    spots = places()
    weights = [5.0 if spot[2] in ("Idlib", "Aleppo", "Deir ez-Zor") else 1.0 for spot in spots]
    recent: list[Report] = []
    for i in range(n):
        day = START + i // PER_DAY
        if recent and rng.random() < 0.33:
            base = rng.choice(recent[-200:])
            assert base.start is not None
            low = (base.fatalities or (0, 0))[0]
            report = Report(
                event_id=f"e{i}",
                document_id=f"d{i}",
                event_type=base.event_type,
                actors=base.actors,
                lat=base.lat,
                lon=base.lon,
                admin1=base.admin1,
                admin2=base.admin2,
                place_precision=base.place_precision,
                start=base.start + rng.choice((0, 0, 1)),
                end=base.start + rng.choice((0, 1, 2)),
                fatalities=(low + rng.randint(0, 3),) * 2 if base.fatalities else None,
                words=frozenset(rng.sample(sorted(base.words), k=max(1, len(base.words) - 2))),
                language=rng.choice(("ar", "en")),
            )
        else:
            lat, lon, admin1, admin2, precision = rng.choices(spots, weights)[0]
            located = rng.random() > 0.1
            killed = rng.randint(0, 30)
            report = Report(
                event_id=f"e{i}",
                document_id=f"d{i}",
                event_type=rng.choice(EVENT_TYPES),
                actors=frozenset(rng.sample(ACTORS, k=rng.randint(0, 2))),
                lat=lat if located else None,
                lon=lon if located else None,
                admin1=admin1 if located else None,
                admin2=admin2 if located else None,
                place_precision=precision if located else "unknown",
                start=day,
                end=day + rng.choice((0, 0, 0, 6)),
                fatalities=(killed, killed) if rng.random() < 0.5 else None,
                words=frozenset(rng.sample(WORDS, k=8)),
                language=rng.choice(("ar", "en")),
            )
        recent.append(report)
        if len(recent) > 400:
            del recent[:200]
        yield [report]


def run(n: int, *, trace: bool) -> tuple[float, float, int, int]:
    """Seconds, peak traced MiB (0 unless ``trace``), reports joined and merges for N events."""
    documents = list(synthetic(n))
    if trace:
        tracemalloc.start()
    started = time.process_time()
    joined = merges = 0
    for item in cluster_stream(documents, horizon_days=30):
        if isinstance(item, Merge):
            merges += 1
        elif not item.new_cluster:
            joined += 1
    seconds = time.process_time() - started
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return seconds, peak / 2**20, joined, merges


def main() -> None:
    """Print one line per size."""
    sizes = [int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000]
    for n in sizes:
        seconds, _, joined, merges = run(n, trace=False)
        _, peak, _, _ = run(n, trace=True)  # traced apart: tracing slows the clock
        print(
            f"{n:>7} events: {seconds:6.1f} s CPU ({n / seconds:,.0f}/s), peak memory of clustering "
            f"{peak:6.1f} MiB (inputs excluded), {joined} joined a cluster, {merges} merges"
        )


if __name__ == "__main__":
    main()
