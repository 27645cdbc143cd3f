"""Covering indexes for the API's list pages, and the format of stored event records.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

A list page is read in two steps (``rasid.api.queries``): the ids of the page, in date
order, then the records of those ids. These indexes let the first step run on an index
alone, so that a filter that matches few events costs no table read per event skipped:

- ``ix_events_time_start_id`` (replaces ``ix_events_time_start_time_end``): date order
  with the id tie-break, then the columns the list filters check (``time_end`` and
  ``time_span`` for date ranges, coordinates, type, modality, genericity, admin1), so that
  a date-ordered walk skips the events that do not match without reading them.
- ``ix_events_lat_lon_time_start_id`` (replaces ``ix_events_lat_lon``): the events in a
  small bounding box, sorted by date from the index.
- ``ix_events_long_time_start_id`` (replaces ``ix_events_long_time_start``): the partial
  index of long events (migration 0006) with the same columns as the date index; else the
  planner prefers the covering date index and walks every event of the range for the few
  long ones.
- ``events.record_format``: which shape ``record`` is stored in (``RECORD_FORMAT`` of
  ``rasid.store.schema``); the API serves a record of the current shape as it is, without
  parsing it. Rows stored before stay NULL and are rebuilt when served.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

TIME_COLUMNS = [
    "time_start",
    "id",
    "time_end",
    "time_span",
    "lat",
    "lon",
    "event_type",
    "modality",
    "genericity",
    "admin1",
]
BOX_COLUMNS = ["lat", "lon", "time_start", "id"]
LONG_EVENTS = "time_span > 31 OR time_span IS NULL"  # the text of migration 0006, exactly


def upgrade() -> None:
    """Add ``events.record_format``; replace the date and bounding-box indexes by covering ones."""
    # A plain ADD COLUMN (no batch rebuild), so that migration 0004's FTS triggers stay.
    op.add_column("events", sa.Column("record_format", sa.Integer(), nullable=True))
    op.create_index("ix_events_time_start_id", "events", TIME_COLUMNS)
    op.drop_index("ix_events_time_start_time_end", table_name="events")
    op.create_index("ix_events_lat_lon_time_start_id", "events", BOX_COLUMNS)
    op.drop_index("ix_events_lat_lon", table_name="events")
    op.create_index(
        "ix_events_long_time_start_id",
        "events",
        TIME_COLUMNS,
        sqlite_where=sa.text(LONG_EVENTS),
        postgresql_where=sa.text(LONG_EVENTS),
    )
    op.drop_index("ix_events_long_time_start", table_name="events")


def downgrade() -> None:
    """Bring back the indexes of migration 0006."""
    op.create_index(
        "ix_events_long_time_start",
        "events",
        ["time_start"],
        sqlite_where=sa.text(LONG_EVENTS),
        postgresql_where=sa.text(LONG_EVENTS),
    )
    op.drop_index("ix_events_long_time_start_id", table_name="events")
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])
    op.drop_index("ix_events_lat_lon_time_start_id", table_name="events")
    op.create_index("ix_events_time_start_time_end", "events", ["time_start", "time_end"])
    op.drop_index("ix_events_time_start_id", table_name="events")
    if op.get_bind().dialect.name == "sqlite":
        # DROP COLUMN needs no table rebuild on SQLite >= 3.35, so the FTS triggers stay.
        op.execute("ALTER TABLE events DROP COLUMN record_format")
    else:
        op.drop_column("events", "record_format")
