"""``rasid gazetteer``: import a GeoNames dump into a local index, and show what an index holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rasid.errors import RasidError
from rasid.geo.geonames import build_index
from rasid.geo.index import ENV_VAR, GazetteerIndex, default_index_path

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_OUT = click.Path(dir_okay=False, path_type=Path)


@click.group("gazetteer")
def gazetteer() -> None:
    """Import GeoNames place names into a local index that `rasid geocode` also searches.

    The bundled gazetteer stays first; the index answers typed names it does not know.
    The index lives at $RASID_GAZETTEER or ~/.local/share/rasid/gazetteer.sqlite.

    \b
    Example:
      rasid gazetteer import SY.txt --alternate-names alternateNamesV2.txt
      rasid gazetteer info
    """


@gazetteer.command("import")
@click.argument("places", type=_FILE, metavar="SY.txt")
@click.option(
    "--alternate-names",
    type=_FILE,
    default=None,
    help="GeoNames alternateNamesV2.txt (or alternateNames.txt); only Arabic, English and "
    "language-less names of the imported places are kept.",
)
@click.option(
    "--output",
    type=_OUT,
    default=None,
    help=f"Index file to write (default: ${ENV_VAR} or ~/.local/share/rasid/gazetteer.sqlite).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def import_command(places: Path, alternate_names: Path | None, output: Path | None, quiet: bool) -> None:
    """Build the gazetteer index from a GeoNames country dump.

    SY.txt is the GeoNames dump for Syria (19 tab-separated columns). Feature classes P, A, L,
    S, H and T are kept; each place gets the governorate and district of the nearest seats in
    the bundled gazetteer. The index is written to a temporary file and renamed into place
    when complete: a malformed line stops the import with its file and line number, exit
    status 1, and any existing index is left as it was.

    \b
    Example:
      rasid gazetteer import SY.txt
      rasid gazetteer import SY.txt --alternate-names alternateNamesV2.txt --output gaz.sqlite
    """
    target = output or default_index_path()
    show_progress = not quiet and sys.stderr.isatty()

    def progress(name: str, lines: int) -> None:
        if show_progress:
            click.echo(f"\r{name}: {lines:,} lines read", err=True, nl=False)

    try:
        summary = build_index(places, output=target, alternate_names=alternate_names, progress=progress)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if show_progress:
            click.echo("", err=True)
    if not quiet:
        click.echo(f"gazetteer index: {summary.path}")
        click.echo(f"places: {summary.places} (skipped {summary.skipped_places} of other feature classes)")
        click.echo(f"names: {summary.names}")
        click.echo(f"arabic names: {summary.arabic_names}")


@gazetteer.command("info")
@click.option(
    "--index",
    "index_path",
    type=_OUT,
    default=None,
    help=f"Index file to describe (default: ${ENV_VAR} or ~/.local/share/rasid/gazetteer.sqlite).",
)
def info(index_path: Path | None) -> None:
    """Show where the gazetteer index is, what it holds and when it was built.

    \b
    Example:
      rasid gazetteer info
      rasid gazetteer info --index gaz.sqlite
    """
    path = index_path or default_index_path()
    try:
        index = GazetteerIndex(path)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        details = index.info()
    finally:
        index.close()
    click.echo(f"gazetteer index: {details.path}")
    click.echo(f"places: {details.places}")
    click.echo(f"names: {details.names}")
    click.echo(f"arabic names: {details.arabic_names}")
    click.echo(f"built: {details.built_at}")
    click.echo(f"sources: {', '.join(details.sources) or '-'}")
