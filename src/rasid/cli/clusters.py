"""``rasid clusters``: incidents (clusters of reports), and the manual ``split``/``merge``/``rebuild``."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any, TextIO

import click

from rasid.cli.common import db_option
from rasid.cli.events import _since, _until
from rasid.cli.output import write_table
from rasid.errors import StoreError
from rasid.records import EVENT_TYPES
from rasid.store import Store
from rasid.store.clusters import get_cluster, merge_clusters, query_clusters, recluster, split_event

CLUSTER_FORMATS = ("table", "json", "jsonl")


def _casualties(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    if value["min"] == value["max"]:
        return str(value["best"])
    return f"{value['best']} ({value['min']}-{value['max']})"


def _table_row(cluster: dict[str, Any]) -> list[str]:
    time = cluster.get("time") or {}
    place = cluster.get("location") or {}
    actors = sorted(
        {a["id"].split(".", 1)[0] for a in cluster["actors"] if a["id"] and a["role"] == "actor1"}
    )
    return [
        cluster["cluster_id"],
        time.get("start") or "",
        cluster["event_type"],
        place.get("name") or "",
        ",".join(actors),
        _casualties(cluster.get("fatalities")),
        str(cluster["reports"]),
        str(cluster["sources"]),
        ",".join(cluster["languages"]),
    ]


def write_clusters(clusters: list[dict[str, Any]], fmt: str, stream: TextIO) -> None:
    """Print cluster views as a table, a JSON array or JSON lines."""
    if fmt == "json":
        json.dump(clusters, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "jsonl":
        for cluster in clusters:
            stream.write(json.dumps(cluster, ensure_ascii=False) + "\n")
    else:
        headers = ["cluster", "date", "type", "place", "actor1", "killed", "reports", "sources", "languages"]
        write_table([_table_row(c) for c in clusters], headers, stream)


def _open(db: str) -> Store:
    try:
        return Store.open(db, create=False)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("clusters", invoke_without_command=True)
@db_option
@click.option(
    "--type",
    "event_type",
    type=click.Choice(EVENT_TYPES, case_sensitive=False),
    metavar="TYPE",
    help="Only clusters with a report of this type.",
)
@click.option("--actor", metavar="ID", help="Only clusters with a report naming this actor id (rolls up).")
@click.option("--admin1", metavar="NAME", help="Only clusters with a report in this governorate.")
@click.option(
    "--since", callback=_since, metavar="DATE", help="Only clusters with a report on or after DATE."
)
@click.option(
    "--until", callback=_until, metavar="DATE", help="Only clusters with a report on or before DATE."
)
@click.option("--id", "cluster_id", metavar="CLUSTER", help="Only this cluster.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CLUSTER_FORMATS),
    default="table",
    show_default=True,
    help="table (for people), json (an array) or jsonl (one cluster per line).",
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Print at most N clusters.")
@click.pass_context
def clusters(
    ctx: click.Context,
    db: str,
    event_type: str | None,
    actor: str | None,
    admin1: str | None,
    since: date | None,
    until: date | None,
    cluster_id: str | None,
    fmt: str,
    limit: int | None,
) -> None:
    """List incidents: clusters of reports of the same event, with the merged view.

    Each cluster shows its merged event (type by vote, actors, the most precise place,
    the tightest date, fatalities best/min/max over its reports), the number of distinct
    sources and languages, and in json/jsonl every report with the reasons it was
    attached. Filters work as for `rasid events`; a cluster matches when one of its
    reports does. Subcommands correct the clustering by hand.

    \b
    Example:
        rasid clusters --since 2024-01 --admin1 "Deir ez-Zor"
        rasid clusters --id ev_51568c46d7cfff07db2b --format json
        rasid clusters split ev_0123456789abcdef0123
        rasid clusters merge ev_0123456789abcdef0123 ev_abcdef0123456789abcd
    """
    if ctx.invoked_subcommand is not None:
        return
    if since is not None and until is not None and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="'--since'")
    with _open(db) as store:
        try:
            if cluster_id is not None:
                one = get_cluster(store, cluster_id)
                found = [one] if one is not None else []
            else:
                found = query_clusters(
                    store,
                    event_type=event_type,
                    actor=actor,
                    admin1=admin1,
                    since=since,
                    until=until,
                    limit=limit,
                )
        except (StoreError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
    if cluster_id is not None and not found:
        raise click.ClickException(f"no cluster {cluster_id!r}")
    write_clusters(found, fmt, sys.stdout)
    if not found and fmt == "table":
        click.echo("no stored cluster matches these filters", err=True)


@clusters.command("split")
@db_option
@click.argument("event_id")
@click.option("--reason", default="manual split", show_default=True, help="Why (kept in the change log).")
def split(db: str, event_id: str, reason: str) -> None:
    """Take EVENT_ID out of its cluster into a cluster of its own (recorded, kept across re-runs).

    \b
    Example:
        rasid clusters split ev_0123456789abcdef0123 --reason "different village"
    """
    with _open(db) as store:
        try:
            new_id = split_event(store, event_id, reason=reason)
        except (StoreError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"event {event_id} is now in cluster {new_id}")


@clusters.command("merge")
@db_option
@click.argument("cluster_a")
@click.argument("cluster_b")
@click.option("--reason", default="manual merge", show_default=True, help="Why (kept in the change log).")
def merge(db: str, cluster_a: str, cluster_b: str, reason: str) -> None:
    """Merge CLUSTER_B and CLUSTER_A; the older id stays (recorded, kept across re-runs).

    \b
    Example:
        rasid clusters merge ev_0123456789abcdef0123 ev_abcdef0123456789abcd
    """
    with _open(db) as store:
        try:
            kept = merge_clusters(store, cluster_a, cluster_b, reason=reason)
        except (StoreError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"clusters {cluster_a} and {cluster_b} are now cluster {kept}")


@clusters.command("rebuild")
@db_option
def rebuild(db: str) -> None:
    """Cluster every stored event again (ids kept stable, manual splits and merges kept).

    \b
    Example:
        rasid clusters rebuild --db rasid.db
    """
    with _open(db) as store:
        try:
            summary = recluster(store)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"{summary.events} events in {summary.clusters} clusters; {summary.moved} changed cluster")
