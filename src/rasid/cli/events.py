"""``rasid events``: list stored events, filtered, in any of the shared output formats."""

from __future__ import annotations

import os
import sys
from datetime import date

import click

from rasid.cli.common import date_option, db_option
from rasid.cli.output import format_option, write_events
from rasid.errors import StoreError
from rasid.records import EVENT_TYPES
from rasid.store import Store


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return date_option(value, end=False)


def _until(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return date_option(value, end=True)


def _silence_broken_pipe() -> None:
    # The reader went away (e.g. `| head`): stop quietly instead of a traceback at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.command("events")
@db_option
@click.option(
    "--type",
    "event_type",
    type=click.Choice(EVENT_TYPES, case_sensitive=False),
    metavar="TYPE",
    help="Only events of this type: " + ", ".join(EVENT_TYPES) + ".",
)
@click.option(
    "--actor",
    metavar="ID",
    help="Only events with this actor id, or any finer id under it (IRN_MIL matches IRN_MIL.FATEMIYOUN).",
)
@click.option("--admin1", metavar="NAME", help="Only events in this governorate (case is ignored).")
@click.option("--since", callback=_since, metavar="DATE", help="Only events on or after DATE.")
@click.option("--until", callback=_until, metavar="DATE", help="Only events on or before DATE.")
@format_option(default="table")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Print at most N events.")
def events(
    db: str,
    event_type: str | None,
    actor: str | None,
    admin1: str | None,
    since: date | None,
    until: date | None,
    fmt: str,
    limit: int | None,
) -> None:
    """List stored events, oldest first, filtered by type, actor, governorate and dates.

    DATE is YYYY-MM-DD, YYYY-MM or YYYY; an event is kept when its dates overlap
    --since/--until. Formats: table (for people), json (an array of v1 events),
    jsonl, csv (flat columns) and geojson (points; events without coordinates are
    listed under "unlocated").

    \b
    Example:
        rasid events --type airstrike --admin1 Idlib --since 2024-01
        rasid events --actor IRN_MIL --since 2023 --until 2023 --format csv > iran.csv
        rasid events --db sqlite:///data/rasid.db --format geojson > events.geojson
    """
    if since is not None and until is not None and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="'--since'")
    try:
        with Store.open(db, create=False) as store:
            found = store.query_events(
                event_type=event_type,
                actor=actor,
                admin1=admin1,
                since=since,
                until=until,
                limit=limit,
            )
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        write_events(found, fmt, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_broken_pipe()
        return
    if not found and fmt == "table":
        click.echo("no stored event matches these filters", err=True)
