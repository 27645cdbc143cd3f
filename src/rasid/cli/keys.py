"""``rasid keys``: create, list and revoke the API keys that ``POST /documents`` needs."""

from __future__ import annotations

import json
import sys

import click

from rasid.api.keys import ApiKey, create_key, list_keys, revoke_key
from rasid.cli.common import db_option, open_store
from rasid.cli.output import write_table
from rasid.errors import StoreError


def _key_dict(key: ApiKey) -> dict[str, object]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "created_at": key.created_at.isoformat(timespec="seconds"),
        "revoked_at": key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else None,
    }


@click.group("keys")
def keys() -> None:
    """Manage API keys for the write endpoints of `rasid serve`.

    A key is shown once, when it is made; the database keeps only its SHA-256 digest.
    Send it in the X-API-Key header.

    \b
    Example:
      rasid keys create "newsroom ingest" --db events.db
      rasid keys list
      rasid keys revoke 2
    """


@keys.command("create")
@click.argument("name")
@db_option
def create(name: str, db: str) -> None:
    """Make a new key called NAME and print its token (only now: it is not stored).

    \b
    Example:
      rasid keys create "newsroom ingest"
      curl -H "X-API-Key: rsd_..." -d '{"id": "r1", "text": "..."}' http://127.0.0.1:8000/documents
    """
    with open_store(db) as store:
        try:
            token, key = create_key(store, name)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="NAME") from exc
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(token)
    click.echo(
        f"key {key.id} ({key.name}, {key.prefix}...): keep the token now, it is not shown again", err=True
    )


@keys.command("list")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
def list_command(db: str, fmt: str) -> None:
    """List the keys: id, name, prefix, when made and when revoked (never the tokens).

    \b
    Example:
      rasid keys list --db events.db
      rasid keys list --format json
    """
    with open_store(db) as store:
        found = list_keys(store)
    if fmt == "json":
        click.echo(json.dumps([_key_dict(k) for k in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("no API keys: make one with `rasid keys create NAME`", err=True)
        return
    rows = [[str(v) if v is not None else "" for v in _key_dict(k).values()] for k in found]
    write_table(rows, ("id", "name", "prefix", "created_at", "revoked_at"), sys.stdout)


@keys.command("revoke")
@click.argument("key")
@db_option
def revoke(key: str, db: str) -> None:
    """Revoke KEY (its id, prefix or name): requests with it are refused from now on (403).

    \b
    Example:
      rasid keys revoke 2
      rasid keys revoke rsd_AbC123xy
    """
    with open_store(db) as store:
        try:
            found = revoke_key(store, key)
        except LookupError as exc:
            raise click.ClickException(str(exc.args[0])) from exc
    when = found.revoked_at.isoformat(timespec="seconds") if found.revoked_at else "?"
    click.echo(f"key {found.id} ({found.name}) revoked at {when}")
