"""``rasid run``: ingest, code, geocode and store sources, then print a summary."""

from __future__ import annotations

import sys
from importlib import resources

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
    help="Allow URLs on private, loopback or link-local addresses (URL sources are not fetched yet).",
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

    SOURCE is a file, a folder, a glob, - (standard input) or a JSONL archive. Without a
    SOURCE the bundled sample corpus is run. Re-running the same sources stores nothing
    twice. Inputs that cannot be read are reported and skipped; the exit status is then 1,
    and everything else is still stored.

    \b
    Example:
      rasid run                                  # the bundled samples -> ./rasid.db
      rasid run reports/ archive.jsonl --db events.db
      rasid events --type attack --format table
    """
    paths = list(sources) or [bundled_samples()]
    with open_store(db) as store:
        dictionary = ActorDictionary.load_default()
        store.sync_actors((e.id, e.parent, e.name, e.name_ar) for e in dictionary.entries())
        counter = _Counter() if not quiet and sys.stderr.isatty() else None
        summary = run_sources(paths, store=store, max_bytes=max_bytes, progress=counter)
        if counter is not None:
            counter.finish()
        for failure in summary.failures:
            click.echo(f"rasid run: {failure}", err=True)
        if not quiet:
            _print_summary(summary, store.summary(), db)
    if summary.failures:
        sys.exit(1)


class _Counter:
    """A one-line count of the documents coded so far, on stderr (the total is not known ahead)."""

    def __init__(self) -> None:
        self.done = 0

    def __call__(self, step: int) -> None:
        self.done += step
        if self.done == 1 or self.done % 10 == 0:
            click.echo(f"\rcoding: {self.done} document(s)", err=True, nl=False)

    def finish(self) -> None:
        if self.done:
            click.echo(f"\rcoding: {self.done} document(s)", err=True)


def _print_summary(summary: RunSummary, totals: dict[str, object], db: str) -> None:
    click.echo(
        f"read {summary.read} document(s): {summary.stored} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {summary.duplicates} duplicate(s), {len(summary.failures)} failed; "
        f"{summary.events} event(s) stored"
    )
    if summary.not_coded:
        click.echo(f"{summary.not_coded} document(s) in other languages were stored but not coded")
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
