"""Change log of events and API keys.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

- ``changes``: every update or deletion of a stored event, with the reason (re-coding by a
  newer extractor, merge, split, manual correction) and the record before and after, so that
  ids stay stable and edits stay visible.
- ``api_keys``: keys for the write endpoints of the HTTP API, stored as SHA-256 digests of
  high-entropy random tokens (the token itself is shown once, when it is created).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create the ``changes`` and ``api_keys`` tables."""
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_changes"),
    )
    op.create_index("ix_changes_event_id", "changes", ["event_id"])
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
    )
    op.create_index("ix_api_keys_digest", "api_keys", ["digest"], unique=True)


def downgrade() -> None:
    """Drop what ``upgrade`` created."""
    op.drop_index("ix_api_keys_digest", table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_index("ix_changes_event_id", table_name="changes")
    op.drop_table("changes")
