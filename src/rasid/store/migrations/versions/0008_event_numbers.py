"""Events get a number in storage order; what refers to an event goes by it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Event ids are digests, so every index keyed by them receives each new event at a random
place, and a bulk import slows down as the store grows (each such index costs more per
event the larger it is). This revision leaves one of them, the id's own unique index:

- ``events.seq``: the order the event was stored in (unique; new events take the next
  numbers, ``rasid.store.db.EventNumbers``); rows stored before are numbered here.
- SQLite's full-text index of events takes ``seq`` as its rowid: ``events_fts_keys`` (the
  table of migration 0004 that gave each id a rowid, one more id index) is dropped, and the
  index and its triggers are made again from ``seq``, merging its segments 8 at a time.
- ``event_actors.event_seq``: the event's ``seq``, which its index and foreign key now go by
  (``event_id`` stays, with its meaning, but without an index or a foreign key).
- ``ix_events_cluster_id_shared`` replaces ``ix_events_cluster_id``: only events whose
  cluster is named after another event are in it; an event alone or first in its cluster
  is found by its id (``rasid.store.schema.in_clusters``).

SQLite cannot add a foreign key to a table without rebuilding it: ``event_actors`` is
rebuilt (batch mode); nothing refers to it, so nothing cascades. ``events`` is not rebuilt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SHARED_CLUSTER = "cluster_id <> id"
OLD_FOREIGN_KEY = "fk_event_actors_event_id_events"
NEW_FOREIGN_KEY = "fk_event_actors_event_seq_events"
CREATE_EVENTS_FTS = (
    "CREATE VIRTUAL TABLE events_fts USING fts5(body, content='', tokenize='unicode61 remove_diacritics 0')"
)


def _events_fts_by_seq() -> list[str]:
    """SQLite: the events' full-text index with ``seq`` as rowid, filled, and its triggers."""
    insert_new = "INSERT INTO events_fts(rowid, body) VALUES (new.seq, coalesce(new.search_text, ''));"
    delete_old = (
        "INSERT INTO events_fts(events_fts, rowid, body) "
        "VALUES ('delete', old.seq, coalesce(old.search_text, ''));"
    )
    return [
        CREATE_EVENTS_FTS,
        # Merge segments 8 at a time (FTS5's default: 4) and flush pending terms every 16 MB
        # (default: 1 MB): half the merge passes over a growing index, so that bulk imports
        # into a large store stay fast; a search reads a few more segments.
        "INSERT INTO events_fts(events_fts, rank) VALUES ('automerge', 8)",
        "INSERT INTO events_fts(events_fts, rank) VALUES ('hashsize', 16777216)",
        "INSERT INTO events_fts(rowid, body) SELECT seq, coalesce(search_text, '') FROM events",
        f"CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN {insert_new} END",
        f"CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN {delete_old} END",
        "CREATE TRIGGER events_fts_update AFTER UPDATE OF seq, search_text ON events "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def _events_fts_by_keys() -> list[str]:
    """SQLite: migration 0004's full-text index of events, with its key table, filled."""
    insert_new = (
        "INSERT INTO events_fts_keys(key) VALUES (new.id); "
        "INSERT INTO events_fts(rowid, body) "
        "SELECT rowid, coalesce(new.search_text, '') FROM events_fts_keys WHERE key = new.id;"
    )
    delete_old = (
        "INSERT INTO events_fts(events_fts, rowid, body) "
        "SELECT 'delete', rowid, coalesce(old.search_text, '') FROM events_fts_keys WHERE key = old.id; "
        "DELETE FROM events_fts_keys WHERE key = old.id;"
    )
    return [
        "CREATE TABLE events_fts_keys (rowid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
        CREATE_EVENTS_FTS,
        "INSERT INTO events_fts_keys(key) SELECT id FROM events",
        "INSERT INTO events_fts(rowid, body) SELECT k.rowid, coalesce(t.search_text, '') "
        "FROM events_fts_keys k JOIN events t ON t.id = k.key",
        f"CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN {insert_new} END",
        f"CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN {delete_old} END",
        "CREATE TRIGGER events_fts_update AFTER UPDATE OF id, search_text ON events "
        f"BEGIN {delete_old} {insert_new} END",
    ]


def _drop_events_fts() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS events_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS events_fts")
    op.execute("DROP TABLE IF EXISTS events_fts_keys")


def upgrade() -> None:
    """Number the events; move the full-text index, the actors' link and the cluster index onto it."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Plain ADD COLUMN (no rebuild of events): the triggers of migration 0004 stay until replaced.
    op.add_column("events", sa.Column("seq", SEQ, nullable=True))
    if sqlite:
        op.execute("UPDATE events SET seq = rowid")
    else:
        op.execute(
            "UPDATE events SET seq = numbered.n FROM "
            "(SELECT id, row_number() OVER (ORDER BY id) AS n FROM events) AS numbered "
            "WHERE events.id = numbered.id"
        )
    op.create_index("ix_events_seq", "events", ["seq"], unique=True)
    if sqlite:
        _drop_events_fts()
        for statement in _events_fts_by_seq():
            op.execute(statement)

    op.add_column("event_actors", sa.Column("event_seq", SEQ, nullable=True))
    op.execute(
        "UPDATE event_actors SET event_seq = (SELECT seq FROM events WHERE events.id = event_actors.event_id)"
    )
    with op.batch_alter_table("event_actors") as batch:
        batch.drop_constraint(OLD_FOREIGN_KEY, type_="foreignkey")
        batch.create_foreign_key(NEW_FOREIGN_KEY, "events", ["event_seq"], ["seq"], ondelete="CASCADE")
        batch.drop_index("ix_event_actors_event_id")
        batch.create_index("ix_event_actors_event_seq", ["event_seq"])

    op.create_index(
        "ix_events_cluster_id_shared",
        "events",
        ["cluster_id"],
        sqlite_where=sa.text(SHARED_CLUSTER),
        postgresql_where=sa.text(SHARED_CLUSTER),
    )
    op.drop_index("ix_events_cluster_id", table_name="events")


def downgrade() -> None:
    """Bring back the id-keyed indexes, foreign key and full-text key table of migration 0007."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_index("ix_events_cluster_id", "events", ["cluster_id"])
    op.drop_index("ix_events_cluster_id_shared", table_name="events")
    with op.batch_alter_table("event_actors") as batch:
        batch.drop_constraint(NEW_FOREIGN_KEY, type_="foreignkey")
        batch.drop_index("ix_event_actors_event_seq")
        batch.drop_column("event_seq")
        batch.create_foreign_key(OLD_FOREIGN_KEY, "events", ["event_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_event_actors_event_id", ["event_id"])
    if sqlite:
        _drop_events_fts()
        for statement in _events_fts_by_keys():
            op.execute(statement)
    op.drop_index("ix_events_seq", table_name="events")
    if sqlite:
        # DROP COLUMN needs no table rebuild on SQLite >= 3.35, so the FTS triggers stay.
        op.execute("ALTER TABLE events DROP COLUMN seq")
    else:
        op.drop_column("events", "seq")
