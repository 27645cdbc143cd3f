"""``rasid events``: list stored events, filtered, in any of the shared output formats."""

from __future__ import annotations

import calendar
import os
import re
import sys
from datetime import date

import click

from rasid.cli.common import db_option
from rasid.cli.output import format_option, write_events
from rasid.errors import StoreError
from rasid.records import EVENT_TYPES
from rasid.store import Store

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")


def parse_date_bound(text: str, *, end: bool) -> date:
    """The day ``YYYY-MM-DD`` names, or the first (with ``end``, last) day of ``YYYY-MM`` or ``YYYY``."""
    text = text.strip()
    partial = _PARTIAL_DATE.fullmatch(text)
    if partial is None:
        return date.fromisoformat(text)
    year = int(partial.group(1))
    if partial.group(2) is None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = int(partial.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} out of range")
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def _since(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return _date_option(value, end=False)


def _until(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return _date_option(value, end=True)


def _date_option(value: str | None, *, end: bool) -> date | None:
    if value is None:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY") from None


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
