"""``rasid export``: write stored events as ACLED CSV, PLOVER JSON, GeoJSON, Parquet or JSONL."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rasid.cli.common import date_option, db_option
from rasid.errors import RasidError
from rasid.records import EVENT_TYPES, GENERICITIES, MODALITIES
from rasid.store import Store
from rasid.store.export_writers import EXPORT_FORMATS, export_events


def _bbox(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    try:
        return tuple(float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not W,S,E,N (four numbers)") from None


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Export format.")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout)."
)
@click.option(
    "--type", "event_type", type=click.Choice(EVENT_TYPES), metavar="TYPE", help="Only this event type."
)
@click.option("--actor", metavar="ID", help="Only events with this actor id or a finer id under it.")
@click.option("--admin1", metavar="NAME", help="Only events in this governorate (case is ignored).")
@click.option("--admin2", metavar="NAME", help="Only events in this district (case is ignored).")
@click.option("--since", metavar="DATE", help="Only events on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only events on or before DATE.")
@click.option("--modality", type=click.Choice(MODALITIES), help="Only events of this modality.")
@click.option("--genericity", type=click.Choice(GENERICITIES), help="Only specific or recurring events.")
@click.option(
    "--bbox", callback=_bbox, metavar="W,S,E,N", help="Only events inside this bounding box (degrees)."
)
@click.option("--search", "q", metavar="TEXT", help="Full-text search (any Arabic or English spelling).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Export at most N events.")
@click.option(
    "--per-report",
    is_flag=True,
    help="One row per stored report instead of one per incident (cluster of reports).",
)
def export(
    db: str,
    fmt: str,
    output: Path | None,
    event_type: str | None,
    actor: str | None,
    admin1: str | None,
    admin2: str | None,
    since: str | None,
    until: str | None,
    modality: str | None,
    genericity: str | None,
    bbox: tuple[float, ...] | None,
    q: str | None,
    limit: int | None,
    per_report: bool,
) -> None:
    """Export stored events for other tools, with the filters of `rasid events`.

    Formats: acled-csv (ACLED's columns and codes), plover-json (PLOVER/POLECAT-style
    records), geojson (points), parquet (needs pip install 'rasid[parquet]' and --output)
    and jsonl (one v1 event per line). Every export states the rasid version, the
    extractor versions and the query: in its metadata (a first "metadata" line in jsonl),
    and for acled-csv with --output in FILE.meta.json beside it. Rows are incidents by
    default: the reports of one cluster become one row (voted type, most precise place,
    tightest date, casualties best/low/high, every outlet as source); --per-report writes
    each report.

    \b
    Example:
        rasid export --format acled-csv --output syria.csv --since 2024-01
        rasid export --format geojson --admin1 "Deir ez-Zor" > deir.geojson
        rasid export --format parquet --output events.parquet --search "دير الزور"
        rasid export --format plover-json --actor ISIS --bbox 39.5,34.3,41.2,35.6
        rasid export --format jsonl --per-report > reports.jsonl
    """
    query = {
        "event_type": event_type,
        "actor": actor,
        "admin1": admin1,
        "admin2": admin2,
        "since": date_option(since, end=False),
        "until": date_option(until, end=True),
        "modality": modality,
        "genericity": genericity,
        "bbox": bbox,
        "q": q,
        "limit": limit,
    }
    try:
        with Store.open(db, create=False) as store:
            meta = export_events(
                store,
                fmt,
                output=output,
                stream=sys.stdout,
                query={k: v for k, v in query.items() if v is not None},
                per_report=per_report,
            )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    if output is not None:
        click.echo(f"{meta['events']} events written to {output}", err=True)
