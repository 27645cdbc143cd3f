"""Full-text search, spatial and admin2 indexes, and the extractor that coded each document.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

- ``events.search_text`` / ``documents.search_text``: the normalised words (and joined
  neighbouring pairs) that a search finds the row by (``rasid.store.search``); rows stored
  before this revision are filled in here.
- ``documents.extractor``: name/version of the component(s) that coded the document, so that
  a newer extractor re-codes it (and the change log says so).
- ``ix_events_admin2``, ``ix_events_lat_lon``: admin2 and bounding-box filters.
- SQLite: an FTS5 index per searchable table (contentless, so the text is not stored twice)
  and a ``*_fts_keys`` table giving each row a stable integer rowid, both kept in step by
  triggers on ``search_text``. A later migration that rebuilds ``events`` or ``documents``
  in batch mode must create these triggers again.
- PostgreSQL: GIN indexes over ``to_tsvector('simple', search_text)``.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_SEARCHABLE = ("events", "documents")


def _sqlite_statements(table: str) -> list[str]:
    fts, keys = f"{table}_fts", f"{table}_fts_keys"
    insert_new = (
        f"INSERT INTO {keys}(key) VALUES (new.id); "
        f"INSERT INTO {fts}(rowid, body) "
        f"SELECT rowid, coalesce(new.search_text, '') FROM {keys} WHERE key = new.id;"
    )
    delete_old = (
        f"INSERT INTO {fts}({fts}, rowid, body) "
        f"SELECT 'delete', rowid, coalesce(old.search_text, '') FROM {keys} WHERE key = old.id; "
        f"DELETE FROM {keys} WHERE key = old.id;"
    )
    return [
        f"CREATE TABLE {keys} (rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0')",
        f"INSERT INTO {keys}(key) SELECT id FROM {table}",
        f"INSERT INTO {fts}(rowid, body) SELECT k.rowid, coalesce(t.search_text, '') "
        f"FROM {keys} k JOIN {table} t ON t.id = k.key",
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {insert_new} END",
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {delete_old} END",
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF id, search_text ON {table} "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def _fill_search_text() -> None:
    """Compute ``search_text`` of the rows stored before this revision."""
    # Imported here: only a database with rows needs the package's normaliser.
    from rasid.records import Document, event_from_dict
    from rasid.store.search import document_search_text, event_search_text

    connection = op.get_bind()
    documents = sa.table("documents", sa.column("id"), sa.column("title"), sa.column("text"))
    events = sa.table("events", sa.column("id"), sa.column("record"))
    for row in connection.execute(sa.select(documents.c.id, documents.c.title, documents.c.text)).all():
        document = Document(id=row.id, text=row.text, title=row.title)
        connection.execute(
            sa.text("UPDATE documents SET search_text = :s WHERE id = :i"),
            {"s": document_search_text(document), "i": row.id},
        )
    for event_row in connection.execute(sa.select(events.c.id, events.c.record)).all():
        event = event_from_dict(json.loads(event_row.record))
        connection.execute(
            sa.text("UPDATE events SET search_text = :s WHERE id = :i"),
            {"s": event_search_text(event), "i": event_row.id},
        )


def upgrade() -> None:
    """Add the search columns and indexes (FTS5 on SQLite, GIN on PostgreSQL)."""
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
        batch.create_index("ix_events_admin2", ["admin2"])
        batch.create_index("ix_events_lat_lon", ["lat", "lon"])
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("extractor", sa.String(), nullable=True))
    _fill_search_text()
    dialect = op.get_bind().dialect.name
    for table in _SEARCHABLE:
        if dialect == "sqlite":
            for statement in _sqlite_statements(table):
                op.execute(statement)
        elif dialect == "postgresql":
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} "
                f"USING gin (to_tsvector('simple'::regconfig, search_text))"
            )


def downgrade() -> None:
    """Drop what ``upgrade`` created."""
    dialect = op.get_bind().dialect.name
    for table in _SEARCHABLE:
        if dialect == "sqlite":
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
            op.execute(f"DROP TABLE IF EXISTS {table}_fts_keys")
        elif dialect == "postgresql":
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("extractor")
        batch.drop_column("search_text")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_lat_lon")
        batch.drop_index("ix_events_admin2")
        batch.drop_column("search_text")
