"""Ingest state: near-duplicate links, MinHash signatures, fetch validators and seen feed items.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

- ``documents.duplicate_of`` / ``documents.similarity``: a republished copy or the same wire
  story at another outlet is stored, linked to the document it repeats, and not coded again.
- ``document_minhash``: each coded document's MinHash signature, so that near-duplicate
  search stays incremental across runs.
- ``fetches``: per URL, the last response's validators (ETag, Last-Modified) and outcome,
  for conditional requests and for never fetching the same thing twice.
- ``feed_items``: the items of each feed already taken, so that ``rasid watch`` resumes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the near-duplicate columns and the three ingest-state tables."""
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("duplicate_of", sa.String(), nullable=True))
        batch.add_column(sa.Column("similarity", sa.Float(), nullable=True))
        batch.create_index("ix_documents_duplicate_of", ["duplicate_of"])
    op.create_table(
        "document_minhash",
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_document_minhash_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_minhash"),
    )
    op.create_table(
        "fetches",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_sha256", sa.String(64), nullable=True),
        sa.Column("document_id", sa.String(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("url", name="pk_fetches"),
    )
    op.create_table(
        "feed_items",
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("feed_url", "item_key", name="pk_feed_items"),
    )


def downgrade() -> None:
    """Drop what ``upgrade`` added."""
    op.drop_table("feed_items")
    op.drop_table("fetches")
    op.drop_table("document_minhash")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_duplicate_of")
        batch.drop_column("similarity")
        batch.drop_column("duplicate_of")
