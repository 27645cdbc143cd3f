"""``rasid watch``: poll feeds and pages every interval, ingest and code what is new."""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import FrameType

import click

from rasid.cli.common import db_option, open_store
from rasid.extract.actors import ActorDictionary
from rasid.ingest.fetch import DEFAULT_MIN_INTERVAL, Fetcher
from rasid.pipeline import run_sources

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_interval(value: str) -> float:
    """Seconds in ``30s``, ``10m``, ``1h`` or a plain number of seconds; ``ValueError`` otherwise."""
    match = _INTERVAL.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not an interval: write 30s, 10m or 1h")
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    if seconds <= 0:
        raise ValueError(f"{value!r}: the interval must be longer than zero")
    return seconds


class _Interval(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    name = "INTERVAL"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_interval(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set ``stop`` (finish the document in hand); a second one aborts at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    signals = [signal.SIGINT, signal.SIGTERM]
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be installed in the main thread
        return
    previous = {sig: signal.getsignal(sig) for sig in signals}
    for sig in signals:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _wait(stop: threading.Event, seconds: float, clock: Callable[[], float]) -> None:
    deadline = clock() + seconds
    while not stop.is_set():
        remaining = deadline - clock()
        if remaining <= 0:
            return
        stop.wait(min(remaining, 1.0))  # short slices: a signal is seen within a second


@click.command("watch")
@click.argument("sources", nargs=-1, required=True, metavar="FEED_OR_URL...")
@click.option(
    "--every",
    type=_Interval(),
    default="10m",
    show_default=True,
    help="Time between two polls: 30s, 10m, 1h (or seconds).",
)
@click.option(
    "--cycles",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after this many polls (default: run until Ctrl-C or SIGTERM).",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=DEFAULT_MIN_INTERVAL,
    show_default=True,
    help="Seconds between two requests to the same host.",
)
@db_option
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch URLs whose host is on a private, loopback or link-local address "
    "(cloud metadata addresses stay refused).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors; no line per poll and no summary.")
def watch(
    sources: tuple[str, ...],
    every: float,
    cycles: int | None,
    delay: float,
    db: str,
    allow_private: bool,
    quiet: bool,
) -> None:
    """Poll FEED_OR_URL sources every interval; ingest, code and store what is new.

    Each poll fetches every feed (conditionally: an unchanged feed costs one short
    answer), fetches the items not taken before, codes them and stores them, then
    prints one line: the time, new items, events coded and failures. Items already
    taken are never fetched again, so a watch stopped and started again resumes
    where it was. Ctrl-C (or SIGTERM) finishes the document in hand, stores it and
    exits with status 0 after a summary; a second Ctrl-C aborts at once (the
    document in hand is rolled back). Failures are reported on stderr and items
    that failed for a passing reason are tried again at the next poll.

    \b
    Example:
      rasid watch https://news.example/feed.xml --every 10m
      rasid watch https://news.example/ar/rss https://wire.example/atom.xml --db events.db
      rasid watch https://news.example/feed.xml --cycles 1 --quiet   # one poll, for cron
    """
    stop = threading.Event()
    totals = {"new": 0, "updated": 0, "events": 0, "failures": 0}
    cycle = 0
    with (
        open_store(db) as store,
        Fetcher(allow_private=allow_private, min_interval=delay) as fetcher,
        _stop_on_signals(stop),
    ):
        dictionary = ActorDictionary.load_default()
        store.sync_actors((e.id, e.parent, e.name, e.name_ar) for e in dictionary.entries())
        while not stop.is_set():
            cycle += 1
            summary = run_sources(list(sources), store=store, fetcher=fetcher, should_stop=stop.is_set)
            for failure in summary.failures:
                click.echo(f"rasid watch: {failure}", err=True)
            totals["new"] += summary.stored
            totals["updated"] += summary.updated
            totals["events"] += summary.events
            totals["failures"] += len(summary.failures)
            if not quiet:
                moment = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
                click.echo(
                    f"{moment} poll {cycle}: {summary.stored} new item(s), {summary.updated} updated, "
                    f"{summary.events} event(s) coded, {len(summary.failures)} failure(s)"
                )
                sys.stdout.flush()
            if cycles is not None and cycle >= cycles:
                break
            _wait(stop, every, clock=time.monotonic)
        counts = store.summary()
    if not quiet:
        why = "stopped" if stop.is_set() else "done"
        click.echo(
            f"{why} after {cycle} poll(s): {totals['new']} new item(s), {totals['updated']} updated, "
            f"{totals['events']} event(s) coded, {totals['failures']} failure(s); "
            f"database {db}: {counts.get('documents', 0)} document(s), {counts.get('events', 0)} event(s)"
        )
