"""Indexes for the API's filtered list queries, and each event's date span.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

- ``events.time_span``: days from ``time_start`` to ``coalesce(time_end, time_start)`` (0 for
  undated events, NULL when unknown). A date-range filter keeps events whose interval
  overlaps the range; an event no longer than N days that overlaps a range starting on
  ``since`` starts on or after ``since - N``, so the list query (``rasid.api.queries``)
  reads the short events (N = 31 days, ``SHORT_SPAN_DAYS``) by a bounded, ordered range of
  ``ix_events_time_start_time_end``, and the few long or unknown ones by the partial index
  ``ix_events_long_time_start``. Rows stored before are filled in here.
- ``ix_events_time_start_time_end`` (replaces ``ix_events_time_start``): the overlap check
  reads ``time_end`` from the index, without a table lookup per event.
- ``ix_events_event_type_time_start`` (replaces ``ix_events_event_type``): a type filter
  read in date order, without sorting every event of that type.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

# The events that a date-range query reads by the partial index (rasid.store.schema keeps
# the same text, which the query must repeat exactly for the index to be used).
LONG_EVENTS = "time_span > 31 OR time_span IS NULL"
# A span that cannot be computed here (a date that is not YYYY-MM-DD) stays NULL: "unknown",
# which the queries treat as long.
_SQLITE_SPAN = (
    "UPDATE events SET time_span = CASE WHEN time_start IS NULL THEN 0 ELSE "
    "CAST(julianday(coalesce(time_end, time_start)) - julianday(time_start) AS INTEGER) END "
    "WHERE length(time_start) = 10 AND length(coalesce(time_end, time_start)) = 10 "
    "OR time_start IS NULL"
)
_POSTGRES_SPAN = (
    "UPDATE events SET time_span = CASE WHEN time_start IS NULL THEN 0 ELSE "
    "to_date(coalesce(time_end, time_start), 'YYYY-MM-DD') - to_date(time_start, 'YYYY-MM-DD') END "
    "WHERE time_start IS NULL OR (time_start ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "
    "AND coalesce(time_end, time_start) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')"
)


def upgrade() -> None:
    """Add ``events.time_span`` (filled in) and the list-query indexes."""
    # A plain ADD COLUMN (no batch rebuild), so that migration 0004's FTS triggers stay.
    op.add_column("events", sa.Column("time_span", sa.Integer(), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(_SQLITE_SPAN)
    elif dialect == "postgresql":
        op.execute(_POSTGRES_SPAN)
    op.create_index(
        "ix_events_long_time_start",
        "events",
        ["time_start"],
        sqlite_where=sa.text(LONG_EVENTS),
        postgresql_where=sa.text(LONG_EVENTS),
    )
    op.create_index("ix_events_time_start_time_end", "events", ["time_start", "time_end"])
    op.drop_index("ix_events_time_start", table_name="events")
    op.create_index("ix_events_event_type_time_start", "events", ["event_type", "time_start"])
    op.drop_index("ix_events_event_type", table_name="events")


def downgrade() -> None:
    """Drop what ``upgrade`` created."""
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.drop_index("ix_events_event_type_time_start", table_name="events")
    op.create_index("ix_events_time_start", "events", ["time_start"])
    op.drop_index("ix_events_time_start_time_end", table_name="events")
    op.drop_index("ix_events_long_time_start", table_name="events")
    if op.get_bind().dialect.name == "sqlite":
        # DROP COLUMN needs no table rebuild on SQLite >= 3.35, so the FTS triggers stay.
        op.execute("ALTER TABLE events DROP COLUMN time_span")
    else:
        op.drop_column("events", "time_span")
