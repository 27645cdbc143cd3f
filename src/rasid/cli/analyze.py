"""``rasid analyze``: analyses of stored events; ``rasid analyze cycles`` fits a self-exciting model."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from rasid.cli.common import date_option
from rasid.errors import StoreError
from rasid.store import DEFAULT_DB, Store

MISSING_EXTRA = (
    "rasid analyze needs the analysis extra (numpy, scipy, matplotlib, ruptures): "
    "pip install 'rasid[analysis]'"
)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` in degrees -> a tuple; ``ValueError`` when malformed or out of range."""
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError("the box must be W,S,E,N: four numbers")
    west, south, east, north = (float(p) for p in parts)
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError("the box must have W < E within ±180 and S < N within ±90")
    return west, south, east, north


@click.group("analyze")
def analyze() -> None:
    """Analyses of the stored events.

    \b
    Example:
      rasid analyze cycles --stream "ISIS:attack" --stream "SYR_REGIME:sweep_operation" \\
          --format html --output report.html
    """


@analyze.command("cycles")
@click.option(
    "--db",
    envvar="RASID_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="URL_OR_PATH",
    help="SQLite file path or postgresql:// URL (also read from RASID_DB).",
)
@click.option(
    "--stream",
    "streams",
    multiple=True,
    required=True,
    metavar="[LABEL=]ACTORS:TYPES",
    help="A stream: comma-separated actor ids (actor1, rolled up) and event types; give two or more.",
)
@click.option("--admin1", metavar="NAME", help="Only events in this governorate (case is ignored).")
@click.option("--bbox", metavar="W,S,E,N", help="Only events inside this box (degrees).")
@click.option("--since", metavar="DATE", help="Window start: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--until", metavar="DATE", help="Window end: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option(
    "--imprecise",
    type=click.Choice(["exclude", "spread"]),
    default="exclude",
    show_default=True,
    help="Events known only to the week or month: leave out, or spread over their date range.",
)
@click.option("--format", "fmt", type=click.Choice(["json", "html"]), default="json", show_default=True)
@click.option(
    "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here (html: required)."
)
def cycles(
    db: str,
    streams: tuple[str, ...],
    admin1: str | None,
    bbox: str | None,
    since: str | None,
    until: str | None,
    imprecise: str,
    fmt: str,
    output: Path | None,
) -> None:
    """Does one kind of event follow another? Fit a multivariate Hawkes process.

    Each --stream is ACTORS:TYPES (optionally LABEL=ACTORS:TYPES): events of those
    types whose actor1 has one of those ids or a finer id under them. Incidents
    count once per cluster. The answer comes first in plain words, then baselines,
    the excitation (branching) matrix, the decay as a half-life, 95%
    profile-likelihood intervals, likelihood-ratio tests against independent
    Poisson processes and against self-excitation only, a time-rescaling KS check
    and weekly trends with change points. --format html writes a report with plots
    to --output and PNG files beside it.

    \b
    Example:
      rasid analyze cycles --stream "IS attacks=ISIS:attack" --stream "Regime attacks=SYR_REGIME:attack" \\
          --admin1 "Deir ez-Zor" --since 2016 --until 2019 --format html --output cycles.html
      rasid analyze cycles --stream "ISIS:attack,explosive" \\
          --stream "SYR_REGIME,IRN_MIL,RUS_MIL:sweep_operation,deployment" --bbox 39.5,34.4,41.0,35.8
    """
    try:
        from rasid.analysis.cycles import analyze_cycles
        from rasid.analysis.streams import parse_stream
    except ImportError as exc:
        raise click.ClickException(f"{MISSING_EXTRA} ({exc})") from exc
    if len(streams) < 2:
        raise click.BadParameter("give two or more streams", param_hint="'--stream'")
    try:
        specs = [parse_stream(text) for text in streams]
        box = parse_bbox(bbox) if bbox else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    start, end = (
        date_option(since, end=False, param_hint="'--since'"),
        date_option(until, end=True, param_hint="'--until'"),
    )
    if start and end and start > end:
        raise click.BadParameter(f"--since {start} is after --until {end}", param_hint="'--since'")
    if fmt == "html" and output is None:
        raise click.BadParameter("--format html writes files: give --output PATH", param_hint="'--output'")
    if output is not None and not output.parent.is_dir():
        raise click.BadParameter(f"folder {output.parent} does not exist", param_hint="'--output'")
    try:
        with Store.open(db, create=False) as store:
            events = store.query_events(admin1=admin1, bbox=box, since=start, until=end)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    filters: dict[str, Any] = {
        k: v for k, v in {"admin1": admin1, "bbox": bbox, "since": since, "until": until}.items() if v
    }
    try:
        result = analyze_cycles(events, specs, since=start, until=end, imprecise=imprecise, filters=filters)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            output.write_text(text + "\n", encoding="utf-8")
            click.echo(f"wrote {output}", err=True)
        return
    try:
        from rasid.analysis.report import write_report
    except ImportError as exc:
        raise click.ClickException(f"{MISSING_EXTRA} ({exc})") from exc
    assert output is not None
    try:
        written = write_report(result, output)
    except (RuntimeError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    for sentence in result.answer():
        click.echo(sentence)
    click.echo("wrote " + ", ".join(str(p) for p in written), err=True)
