"""API load benchmark: synthetic events in SQLite, `rasid serve` on loopback, concurrent filtered queries.

Fills a SQLite store with ``--events`` synthetic events (bulk inserts), starts `rasid serve`
on 127.0.0.1 with ``--workers`` processes, sends ``--requests`` filtered ``GET /events``
queries from ``--concurrency`` concurrent httpx clients, and prints p50/p99 latency,
requests per second and errors as JSON. Targets (issue 6): p99 <= 100 ms and >= 300
requests/s on 2 cores with 0 errors at 1,000,000 events.

    .venv/bin/python benchmarks/bench_api.py                      # 1,000,000 events
    .venv/bin/python benchmarks/bench_api.py --events 100000 --requests 2000
    .venv/bin/python benchmarks/bench_api.py --db /tmp/bench.db --reuse   # skip generation
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

from rasid.records import EVENT_TYPES
from rasid.store import Store
from rasid.store.schema import documents, event_actors, events

GOVERNORATES = {
    "Deir ez-Zor": (35.33, 40.14),
    "Raqqa": (35.95, 39.01),
    "Hasakah": (36.50, 40.75),
    "Aleppo": (36.20, 37.15),
    "Idlib": (35.93, 36.63),
    "Hama": (35.13, 36.75),
    "Homs": (34.73, 36.71),
    "Damascus": (33.51, 36.29),
    "Rif Dimashq": (33.60, 36.50),
    "Daraa": (32.62, 36.10),
    "Quneitra": (33.13, 35.82),
    "As-Suwayda": (32.71, 36.57),
    "Latakia": (35.52, 35.79),
    "Tartus": (34.89, 35.89),
}
ACTORS = [
    "ISIS",
    "SYR_REGIME",
    "SYR_REGIME.NDF",
    "SYR_GOV",
    "IRN_MIL",
    "IRN_MIL.FATEMIYOUN",
    "RUS_MIL",
    "SDF",
    "SDF.DMC",
    "COALITION",
    "TUR_MIL",
    "SNA",
    "HTS",
    "TRIBAL",
    "UNKNOWN_ARMED",
    "CIV",
]
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650
BATCH = 20_000
EVENTS_PER_DOCUMENT = 5


def _record(event_id: str, document_id: str, row: dict[str, Any], actor_rows: list[dict[str, Any]]) -> str:
    location = None
    if row["admin1"] is not None:
        location = {
            "name": row["admin1"],
            "name_ar": None,
            "lat": row["lat"],
            "lon": row["lon"],
            "admin1": row["admin1"],
            "admin2": None,
            "country": "SY",
            "precision": "admin1",
            "text": None,
            "span": None,
        }
    record = {
        "id": event_id,
        "event_type": row["event_type"],
        "sub_type": None,
        "acled": {"event_type": "", "sub_event_type": ""},
        "plover": "",
        "modality": row["modality"],
        "genericity": row["genericity"],
        "attribution": None,
        "actors": [
            {"role": a["role"], "id": a["actor_id"], "name": a["name"], "text": a["text"], "span": [0, 4]}
            for a in actor_rows
        ],
        "location": location,
        "time": {"start": row["time_start"], "end": row["time_end"], "precision": "day", "text": None},
        "fatalities": None,
        "injuries": None,
        "evidence": {"sentence": "synthetic event for the API benchmark", "span": [0, 37]},
        "confidence": 0.5,
        "extractor": "bench.synthetic.v1",
        "document_id": document_id,
        "cluster_id": event_id,
    }
    return json.dumps(record, ensure_ascii=False)


def generate(path: Path, count: int, *, seed: int = 7) -> float:
    """Fill a new store at ``path`` with ``count`` synthetic events; returns events per second."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with Store.open(str(path)) as store, store.engine.begin() as connection:
        governorates = list(GOVERNORATES)
        for first in range(0, count, BATCH):
            event_rows: list[dict[str, Any]] = []
            actor_rows: list[dict[str, Any]] = []
            document_rows: list[dict[str, Any]] = []
            for n in range(first, min(first + BATCH, count)):
                document_id = f"doc{n // EVENTS_PER_DOCUMENT:08d}"
                if n % EVENTS_PER_DOCUMENT == 0:
                    document_rows.append(
                        {
                            "id": document_id,
                            "text_sha256": f"{n:064x}",
                            "language": "ar",
                            "published": None,
                            "text": "synthetic",
                            "ingested_at": FIRST_DAY,
                        }
                    )
                event_id = f"ev_{rng.getrandbits(80):020x}"
                dated = rng.random() > 0.05
                day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat() if dated else None
                admin1 = rng.choice(governorates) if rng.random() > 0.1 else None
                lat, lon = GOVERNORATES[admin1] if admin1 else (None, None)
                row = {
                    "id": event_id,
                    "document_id": document_id,
                    "cluster_id": event_id,
                    "event_type": rng.choice(EVENT_TYPES),
                    "modality": "asserted" if rng.random() < 0.8 else "claimed",
                    "genericity": "specific" if rng.random() < 0.9 else "recurring",
                    "time_start": day,
                    "time_end": day,
                    "time_precision": "day" if dated else "unknown",
                    "time_span": 0,
                    "admin1": admin1,
                    "lat": lat + rng.uniform(-0.3, 0.3) if lat is not None else None,
                    "lon": lon + rng.uniform(-0.3, 0.3) if lon is not None else None,
                    "confidence": 0.5,
                    "extractor": "bench.synthetic.v1",
                }
                actors = [
                    {"event_id": event_id, "role": role, "actor_id": actor, "name": actor, "text": actor}
                    for role, actor in (("actor1", rng.choice(ACTORS)), ("actor2", rng.choice(ACTORS)))
                ]
                row["record"] = _record(event_id, document_id, row, actors)
                event_rows.append(row)
                actor_rows.extend({**a, "span_start": 0, "span_end": 4} for a in actors)
            if document_rows:
                connection.execute(insert(documents), document_rows)
            connection.execute(insert(events), event_rows)
            connection.execute(insert(event_actors), actor_rows)
        connection.exec_driver_sql("ANALYZE")
    return count / (time.perf_counter() - started)


def queries(rng: random.Random, n: int) -> list[dict[str, str]]:
    """``n`` filtered list queries of the kinds a dashboard sends."""
    governorates = list(GOVERNORATES)
    kinds = [
        lambda: {"type": rng.choice(EVENT_TYPES)},
        lambda: {"admin1": rng.choice(governorates)},
        lambda: {"actor": rng.choice(["ISIS", "SYR_REGIME", "IRN_MIL", "SDF", "HTS"])},
        lambda: _month(rng),
        lambda: {"type": rng.choice(EVENT_TYPES), "admin1": rng.choice(governorates)},
        lambda: {"bbox": "39.5,34.5,41.5,36.0"},
        lambda: {"actor": rng.choice(["ISIS", "IRN_MIL"]), **_month(rng)},
        lambda: {"type": rng.choice(EVENT_TYPES), "sort": "-time"},
        lambda: {"modality": "claimed", "admin1": rng.choice(governorates)},
    ]
    return [{**rng.choice(kinds)(), "limit": "50"} for _ in range(n)]


def _month(rng: random.Random) -> dict[str, str]:
    month = f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}"
    return {"since": month, "until": month}


async def load(base: str, plan: list[dict[str, str]], concurrency: int) -> tuple[list[float], int, float]:
    """Send every query of ``plan`` with ``concurrency`` workers; latencies (s), errors, wall seconds."""
    latencies: list[float] = []
    errors = 0
    todo = iter(plan)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            for params in todo:
                started = time.perf_counter()
                try:
                    answer = await client.get("/events", params=params)
                    if answer.status_code != 200:
                        errors += 1
                    else:
                        answer.json()
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    """Parse the options, generate (or reuse) the store, serve it, load it and print the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to generate")
    parser.add_argument("--db", type=Path, default=Path("/tmp/rasid-bench-api.db"), help="SQLite file")
    parser.add_argument("--reuse", action="store_true", help="use --db as it is, without generating")
    parser.add_argument("--requests", type=int, default=5000, help="requests to send")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    args = parser.parse_args()
    result: dict[str, Any] = {"events": args.events, "workers": args.workers, "concurrency": args.concurrency}
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        result["insert_events_per_s"] = round(generate(args.db, args.events))
    port = _free_port()
    entry = "from rasid.cli.main import cli; cli()"
    command = [sys.executable, "-c", entry, "serve", "--db", str(args.db), "--port", str(port)]
    server = subprocess.Popen([*command, "--workers", str(args.workers)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/events", params={"limit": 1}, timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        rng = random.Random(11)
        asyncio.run(load(base, queries(rng, 200), args.concurrency))  # warm-up
        latencies, errors, seconds = asyncio.run(load(base, queries(rng, args.requests), args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    result.update(
        {
            "requests": len(latencies),
            "errors": errors,
            "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
        }
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
