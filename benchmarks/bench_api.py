"""API load benchmark: synthetic events in SQLite or PostgreSQL, `rasid serve` on loopback, filtered queries.

Fills a store with ``--events`` synthetic events (bulk inserts), starts `rasid serve` on
127.0.0.1 with ``--workers`` processes, sends filtered ``GET /events`` queries from
``--concurrency`` concurrent connections, and prints p50/p99 latency, requests per second
and errors as JSON. Targets (issue 6): p99 <= 100 ms and >= 300 requests/s on 2 cores
with 0 errors at 1,000,000 events.

The load comes from ``wrk`` (Debian's package; installed with apt-get when missing and this
process is root) for ``--duration`` seconds, cycling through the same random mix of
queries; ``--load python`` uses an httpx client instead (``--requests`` queries), which
takes a good share of the two cores itself.

    .venv/bin/python benchmarks/bench_api.py                      # 1,000,000 events, SQLite
    .venv/bin/python benchmarks/bench_api.py --events 100000 --duration 10
    .venv/bin/python benchmarks/bench_api.py --db /tmp/bench.db --reuse   # skip generation
    .venv/bin/python benchmarks/bench_api.py --backend postgresql  # a throwaway server (tests/pg.py)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pg import Unavailable, start_cluster
from rasid.records import EVENT_TYPES
from rasid.store import Store
from rasid.store.bulk import insert_rows
from rasid.store.schema import RECORD_FORMAT, documents, event_actors, events, record_text

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
    return record_text(record)


def generate(url: str, count: int, *, seed: int = 7) -> float:
    """Fill a new store at ``url`` with ``count`` synthetic events; returns events per second."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with Store.open(url) as store, store.engine.begin() as connection:
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
                    "seq": n + 1,  # the numbers EventNumbers gives a new store
                }
                actors = [
                    {
                        "event_id": event_id,
                        "event_seq": n + 1,
                        "role": role,
                        "actor_id": actor,
                        "name": actor,
                        "text": actor,
                    }
                    for role, actor in (("actor1", rng.choice(ACTORS)), ("actor2", rng.choice(ACTORS)))
                ]
                row["record"] = _record(event_id, document_id, row, actors)
                row["record_format"] = RECORD_FORMAT
                event_rows.append(row)
                actor_rows.extend({**a, "span_start": 0, "span_end": 4} for a in actors)
            if document_rows:
                connection.execute(insert(documents), document_rows)
            complete = [{column.name: row.get(column.name) for column in events.c} for row in event_rows]
            insert_rows(connection, events, complete)
            connection.execute(insert(event_actors), actor_rows)
    rate = count / (time.perf_counter() - started)
    with Store.open(url) as store:
        # What autovacuum does on a live server, here at once: planner statistics and, on
        # PostgreSQL, the visibility map that lets index-only scans skip the table.
        autocommit = store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with autocommit as connection:
            is_postgres = connection.dialect.name == "postgresql"
            connection.exec_driver_sql("VACUUM ANALYZE" if is_postgres else "ANALYZE")
    return rate


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


def wrk_load(base: str, plan: list[dict[str, str]], *, concurrency: int, seconds: int) -> dict[str, Any]:
    """Send the queries of ``plan`` round and round with wrk for ``seconds``; its figures."""
    lines = ",\n".join(json.dumps("/events?" + urllib.parse.urlencode(params)) for params in plan)
    script = (
        f"paths = {{\n{lines}\n}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        command = ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{seconds}s", "--latency"]
        done = subprocess.run(
            [*command, "--timeout", "10s", "-s", handle.name, base],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    return parse_wrk(done.stdout)


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests, errors, requests/s and the p50/p99 latencies (ms) from wrk's ``--latency`` report."""

    def milliseconds(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]

    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),  # type: ignore[union-attr]
        "errors": errors,
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50_ms": round(milliseconds(percentiles["50"]), 1),
        "p99_ms": round(milliseconds(percentiles["99"]), 1),
    }


def _ensure_wrk() -> None:
    """Install Debian's wrk when it is missing and this process is root; else explain and exit."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, capture_output=True, check=False)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or run with --load python")


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
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--db", type=Path, default=Path("/tmp/rasid-bench-api.db"), help="SQLite file")
    parser.add_argument("--reuse", action="store_true", help="use --db as it is, without generating")
    parser.add_argument("--load", choices=("wrk", "python"), default="wrk", help="the load generator")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (wrk)")
    parser.add_argument("--requests", type=int, default=5000, help="requests to send (python)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    args = parser.parse_args()
    if args.load == "wrk":
        _ensure_wrk()
    result: dict[str, Any] = {
        "backend": args.backend,
        "events": args.events,
        "workers": args.workers,
        "concurrency": args.concurrency,
        "load": args.load,
    }
    cluster = None
    if args.backend == "postgresql":
        try:
            cluster = start_cluster()
        except Unavailable as exc:
            raise SystemExit(f"PostgreSQL unavailable: {exc}") from None
        url = cluster.url(cluster.create_database())
    else:
        url = str(args.db)
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    try:
        if cluster is not None or not args.reuse:
            result["insert_events_per_s"] = round(generate(url, args.events))
        result.update(_serve_and_load(url, args))
    finally:
        if cluster is not None:
            cluster.stop()
    print(json.dumps(result, indent=2))


def _serve_and_load(url: str, args: argparse.Namespace) -> dict[str, Any]:
    port = _free_port()
    entry = "from rasid.cli.main import cli; cli()"
    command = [sys.executable, "-c", entry, "serve", "--db", url, "--port", str(port)]
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
        if args.load == "wrk":
            return wrk_load(base, queries(rng, 5000), concurrency=args.concurrency, seconds=args.duration)
        latencies, errors, seconds = asyncio.run(load(base, queries(rng, args.requests), args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": errors,
        "requests_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
    }


if __name__ == "__main__":
    main()
