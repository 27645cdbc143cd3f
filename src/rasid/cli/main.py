"""The ``rasid`` command group: one command per module in this package."""

from __future__ import annotations

import logging

import click

from rasid.cli.analyze import analyze
from rasid.cli.clusters import clusters
from rasid.cli.events import events
from rasid.cli.export import export
from rasid.cli.extract import extract
from rasid.cli.gazetteer import gazetteer
from rasid.cli.geocode import geocode
from rasid.cli.importer import import_
from rasid.cli.keys import keys
from rasid.cli.run import run
from rasid.cli.serve import serve
from rasid.cli.watch import watch


@click.group()
@click.version_option(package_name="rasid")
@click.option("--verbose", "-v", is_flag=True, help="Log what each stage does (on stderr).")
def cli(verbose: bool) -> None:
    """rasid: Arabic-first conflict-event monitor.

    Turns Arabic and English conflict reports into geocoded, explainable events,
    keeps them in a database and lets you query them.

    \b
    Example:
      rasid run                       # the bundled samples -> ./rasid.db
      rasid events --actor ISIS --format table
      rasid extract report.txt --format json
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


cli.add_command(extract)
cli.add_command(geocode)
cli.add_command(run)
cli.add_command(watch)
cli.add_command(events)
cli.add_command(clusters)
cli.add_command(export)
cli.add_command(gazetteer)
cli.add_command(serve)
cli.add_command(keys)
cli.add_command(import_)
cli.add_command(analyze)
