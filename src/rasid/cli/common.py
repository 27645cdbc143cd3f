"""Options and helpers shared by the commands that use the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from rasid.errors import RasidError
from rasid.store import DEFAULT_DB, Store

F = TypeVar("F", bound=Callable[..., object])


def db_option(func: F) -> F:
    """``--db URL_OR_PATH`` (also ``RASID_DB``), default ``./rasid.db``."""
    return click.option(
        "--db",
        envvar="RASID_DB",
        default=DEFAULT_DB,
        show_default=True,
        show_envvar=True,
        metavar="URL_OR_PATH",
        help="SQLite file path or postgresql:// URL (also read from RASID_DB).",
    )(func)


def open_store(db: str) -> Store:
    """Open (and migrate) the store, turning store errors into a clean CLI failure."""
    try:
        return Store.open(db)
    except RasidError as exc:
        raise click.ClickException(str(exc)) from exc
