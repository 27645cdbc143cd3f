"""``rasid run``: ingest, code, geocode and store sources, then print a summary."""

from __future__ import annotations

import sys
import time
from importlib import resources
from typing import TextIO

import click

from rasid.cli.common import db_option, open_store
from rasid.cli.output import write_table
from rasid.extract.actors import ActorDictionary
from rasid.pipeline import RunSummary, run_sources

SAMPLES = "samples/samples.jsonl"


def bundled_samples() -> str:
    """Path of the bundled sample corpus (a JSONL archive inside the package)."""
    return str(resources.files("rasid.data").joinpath(SAMPLES))


@click.command("run")
@click.argument("sources", nargs=-1)
@db_option
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch URLs whose host is on a private, loopback or link-local address "
    "(cloud metadata addresses stay refused).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors; no progress and no summary.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest input file accepted (default 10 MiB).",
)
def run(sources: tuple[str, ...], db: str, allow_private: bool, quiet: bool, max_bytes: int | None) -> None:
    """Ingest SOURCES, code their events, geocode and store them; print a summary.

    SOURCE is a file, a folder, a glob, - (standard input), a JSONL archive, a web page URL
    or a feed URL (RSS/Atom: its items not taken before are fetched). Without a
    SOURCE the bundled sample corpus is run. Re-running the same sources stores nothing
    twice. Inputs that cannot be read are reported and skipped; the exit status is then 1,
    and everything else is still stored.

    \b
    Example:
      rasid run                                  # the bundled samples -> ./rasid.db
      rasid run reports/ archive.jsonl --db events.db
      rasid run https://news.example/feed.xml saved/page.html
      rasid events --type attack --format table
    """
    paths = list(sources) or [bundled_samples()]
    with open_store(db) as store:
        dictionary = ActorDictionary.load_default()
        store.sync_actors((e.id, e.parent, e.name, e.name_ar) for e in dictionary.entries())
        bar = ProgressLine(sys.stderr) if not quiet and sys.stderr.isatty() else None
        summary = run_sources(
            paths, store=store, max_bytes=max_bytes, progress=bar, allow_private=allow_private
        )
        if bar is not None:
            bar.finish(summary)
        for failure in summary.failures:
            click.echo(f"rasid run: {failure}", err=True)
        if not quiet:
            _print_summary(summary, store.summary(), db)
    if summary.failures:
        sys.exit(1)


class ProgressLine:
    """A progress line on stderr, redrawn in place: documents so far, outcomes, rate and time.

    The total is not known ahead (folders, archives and feeds are read as a stream), so it
    counts up like a bar without an end. Redrawn at most every ``interval`` seconds.
    """

    def __init__(self, stream: TextIO, *, interval: float = 0.2) -> None:
        self.stream = stream
        self.interval = interval
        self._last = 0.0
        self._width = 0

    def __call__(self, summary: RunSummary) -> None:
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._draw(summary)

    def finish(self, summary: RunSummary) -> None:
        """Draw the final counts and end the line."""
        if summary.processed:
            self._draw(summary)
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, summary: RunSummary) -> None:
        seconds = summary.seconds
        rate = summary.processed / seconds if seconds > 0 else 0.0
        minutes, secs = divmod(int(seconds), 60)
        line = (
            f"rasid run: {summary.processed:,} read | {summary.stored + summary.updated:,} stored, "
            f"{summary.unchanged:,} unchanged, {summary.duplicates + summary.near_duplicates:,} duplicate, "
            f"{len(summary.failures):,} failed | {summary.events:,} events | "
            f"{rate:,.1f}/s | {minutes}:{secs:02d}"
        )
        padding = " " * max(0, self._width - len(line))
        self._width = len(line)
        self.stream.write(f"\r{line}{padding}")
        self.stream.flush()


def summary_lines(summary: RunSummary) -> list[str]:
    """The closing summary of a run, for people: outcomes, languages not coded, failures by code."""
    seconds = summary.seconds
    rate = f", {summary.processed / seconds:,.1f}/s" if seconds > 0 and summary.processed else ""
    lines = [
        f"read {summary.read} document(s) in {seconds:.1f} s{rate}: {summary.stored} new, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.duplicates} skipped as duplicate(s), {summary.near_duplicates} near-duplicate(s) linked, "
        f"{len(summary.failures)} failed; {summary.events} event(s) coded"
    ]
    if summary.not_coded:
        languages = ", ".join(f"{lang} {n}" for lang, n in sorted(summary.not_coded_languages.items()))
        lines.append(
            f"{summary.not_coded} document(s) in other languages were stored but not coded ({languages})"
        )
    if summary.failure_codes:
        codes = ", ".join(f"{code} {n}" for code, n in sorted(summary.failure_codes.items()))
        lines.append(f"failed by error code: {codes} (reasons above, on stderr)")
    return lines


def _print_summary(summary: RunSummary, totals: dict[str, object], db: str) -> None:
    for line in summary_lines(summary):
        click.echo(line)
    click.echo(f"database {db}: {totals.get('documents', 0)} document(s), {totals.get('events', 0)} event(s)")
    for title, key in (
        ("events by type", "by_type"),
        ("events by actor", "by_actor"),
        ("by governorate", "by_admin1"),
    ):
        counts = totals.get(key) or {}
        if not isinstance(counts, dict) or not counts:
            continue
        click.echo("")
        rows = [
            [str(name or "(none)"), str(count)]
            for name, count in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
        write_table(rows, [title, "count"], sys.stdout)
