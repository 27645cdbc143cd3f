"""First render of the dashboard with 10,000 events, measured in headless Chromium (run on demand).

    .venv/bin/python benchmarks/bench_dashboard.py [--events 10000] [--repeats 5] [--json]

Builds a SQLite store of ``--events`` events (the bundled samples, coded once, then copied
with shifted dates and places under new ids), serves it with ``rasid serve``'s app on the
loopback interface, and opens the dashboard in a fresh browser context per repeat (no cache).
The page marks ``rasid:first-render`` with the Performance API once the map, the timeline
and the event list are drawn; the time is that mark's ``startTime``: milliseconds from the
start of navigation. Target: median ≤ 2,000 ms. Needs Chromium (``RASID_CHROMIUM`` or on the
PATH) and the dev extra (Playwright).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rasid.api.app import create_app
from rasid.api.queries import EventFilters, query_event_page
from rasid.cli.run import bundled_samples
from rasid.pipeline import run_sources
from rasid.records import Event, ExtractionResult
from rasid.store import Store

TARGET_MS = 2000.0


def shifted(event: Event, copy: int, document_id: str) -> Event:
    """A copy of ``event`` with its own id, its date moved by ``copy`` days and its place nudged."""
    time_value = event.time
    if time_value.start:
        days = timedelta(days=copy * 3 % 2000)
        start = (date.fromisoformat(time_value.start[:10]) - days).isoformat()
        end = (date.fromisoformat((time_value.end or time_value.start)[:10]) - days).isoformat()
        time_value = dataclasses.replace(time_value, start=start, end=end)
    location = event.location
    if location is not None and location.lat is not None and location.lon is not None:
        nudge = ((copy * 37) % 100 - 50) / 500
        location = dataclasses.replace(location, lat=location.lat + nudge, lon=location.lon - nudge)
    new_id = f"{event.id}-{copy}"
    copied = dataclasses.replace(event, id=new_id, time=time_value, location=location)
    return copied.with_ids(document_id=document_id, cluster_id=new_id)


def build_store(path: Path, total: int) -> int:
    """Fill a new store at ``path`` with ``total`` events copied from the coded samples."""
    with tempfile.TemporaryDirectory() as tmp:
        samples_path = str(Path(tmp) / "samples.db")
        with Store.open(samples_path) as samples:
            run_sources([bundled_samples()], store=samples)
            events = query_event_page(samples, EventFilters(), sort="id", limit=10_000, cursor=None).items
            by_document: dict[str, list[Event]] = {}
            for event in events:
                by_document.setdefault(event.document_id or "", []).append(event)
            documents = {doc_id: samples.get_document(doc_id) for doc_id in by_document}
    stored = 0
    with Store.open(str(path)) as store:
        copy = 0
        while stored < total:
            for doc_id, coded in by_document.items():
                original = documents[doc_id]
                if original is None or stored >= total:
                    continue
                document = dataclasses.replace(
                    original, id=f"{doc_id}-{copy}", text=f"{original.text} [{copy}]"
                )
                batch = [shifted(e, copy, document.id) for e in coded[: total - stored]]
                store.save_result(ExtractionResult(document=document, events=tuple(batch)))
                stored += len(batch)
            copy += 1
    return stored


def serve(app: Any) -> tuple[str, Any]:
    """Start ``app`` on a free loopback port in a thread; the base URL and the server."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server


def chromium() -> str:
    """The system Chromium's path."""
    found = os.environ.get("RASID_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise SystemExit("no Chromium: apt-get install chromium (or set RASID_CHROMIUM)")
    return found


def measure(url: str, repeats: int) -> list[float]:
    """Milliseconds from navigation start to the page's first-render mark, one per repeat."""
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(repeats + 1):  # the first run warms the server and the disk cache only
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
            page = context.new_page()
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]", timeout=60_000)
            times.append(
                float(page.evaluate("performance.getEntriesByName('rasid:first-render')[0].startTime"))
            )
            context.close()
        browser.close()
    return times[1:]


def main() -> int:
    """Build, serve, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        count = build_store(path, args.events)
        build_s = time.perf_counter() - started
        url, server = serve(create_app(str(path)))
        try:
            times = measure(url, args.repeats)
        finally:
            server.should_exit = True
    median = statistics.median(times)
    result = {
        "events": count,
        "first_render_ms_median": round(median, 1),
        "first_render_ms": [round(t, 1) for t in times],
        "target_ms": TARGET_MS,
        "within_target": median <= TARGET_MS,
        "store_build_s": round(build_s, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"dashboard first render, {count} events: median {median:.0f} ms over {len(times)} runs")
        print(f"  runs (ms): {', '.join(f'{t:.0f}' for t in times)}; target {TARGET_MS:.0f} ms")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
