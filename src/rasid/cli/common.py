"""Options and helpers shared by the commands that use the store."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
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


def date_option(value: str | None, *, end: bool, param_hint: str | None = None) -> date | None:
    """A ``--since``/``--until`` value as a date (None when absent); a bad one is a usage error."""
    if value is None:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", param_hint=param_hint
        ) from None
