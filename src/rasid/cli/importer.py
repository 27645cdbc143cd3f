"""``rasid import``: load UCDP GED or ACLED events into the store, mapped to rasid's ontology."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from rasid.cli.common import db_option
from rasid.errors import RasidError
from rasid.ingest.external import FORMATS, read_dataset
from rasid.store import Store


@click.command("import")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="The dataset the CSV file comes from: ucdp-ged (UCDP GED) or acled (ACLED export).",
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.option("--quiet", is_flag=True, help="Print only errors.")
def import_(fmt: str, file: Path, db: str, quiet: bool) -> None:
    """Import another dataset's events (a CSV file) into the store.

    Every row becomes one stored event with its own provenance document: the
    document id is ucdp-ged:ID or acled:ID, its text the row's headline or notes,
    its source the row's source. Sides and actors map to rasid's actor ids and
    types to rasid's event types by the tables in rasid/data/mappings/. The whole
    file is checked first: a bad row is reported with its line number and nothing
    is stored. Importing the same file again stores nothing twice.

    \b
    Example:
      rasid import --format ucdp-ged ged_syria.csv --db ged.db
      rasid import --format acled acled_syria_2024.csv
    """
    try:
        rows = read_dataset(file, fmt)
        with Store.open(db) as store:
            outcomes = store.save_results([row.result for row in rows])
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    if quiet:
        return
    statuses = Counter(outcome.status.value for outcome in outcomes)
    types = Counter(event.event_type for row in rows for event in row.result.events)
    click.echo(f"{file}: {len(rows)} rows read")
    click.echo("  " + ", ".join(f"{status} {n}" for status, n in sorted(statuses.items())))
    click.echo("  by type: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))
