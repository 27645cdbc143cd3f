"""Alembic environment for the rasid store.

``rasid.store.db`` runs the migrations programmatically and hands over an open connection
in ``config.attributes["connection"]``; run from the command line (``alembic -c
src/rasid/store/alembic.ini upgrade head``), the URL comes from ``sqlalchemy.url`` or from
``-x db=URL``.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from rasid.store.schema import metadata
from rasid.store.search import is_search_table

config = context.config

# Only the alembic command line has an ini file; the package never touches logging set-up.
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    """The URL given with ``-x db=...``, else the one in the ini file."""
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: pass -x db=URL or set sqlalchemy.url")
    return str(url)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave SQLite's full-text tables (migration 0004, not in the metadata) out of autogenerate."""
    return not (type_ == "table" and is_search_table(name))


def _configure(connection: Connection) -> None:
    # Batch mode lets later migrations alter tables on SQLite, which has little ALTER TABLE.
    context.configure(
        connection=connection, target_metadata=metadata, render_as_batch=True, include_name=include_name
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Write the migration SQL instead of running it (``alembic upgrade --sql``)."""
    context.configure(url=_database_url(), target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the shared connection, or on a new one to the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine(_database_url(), poolclass=NullPool)
    try:
        with engine.begin() as new_connection:
            _configure(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
