"""Cluster links: why each stored event is in its cluster.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

- ``cluster_links``: one row per clustered event: its cluster id, the pair score and the
  reasons (features that matched, with their scores, as JSON), how it got there
  (``auto``, ``new``, ``split``, ``merge``), the embedding of its evidence sentence
  (float32 bytes, when an encoder was installed) and when it was linked. A cluster's
  age, which decides the id a merge keeps, is its earliest ``linked_at``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create ``cluster_links``."""
    op.create_table(
        "cluster_links",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("cluster_id", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("matched", sa.String(), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("encoder", sa.String(), nullable=True),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_cluster_links"),
    )
    op.create_index("ix_cluster_links_cluster_id", "cluster_links", ["cluster_id"])


def downgrade() -> None:
    """Drop what ``upgrade`` created."""
    op.drop_index("ix_cluster_links_cluster_id", table_name="cluster_links")
    op.drop_table("cluster_links")
