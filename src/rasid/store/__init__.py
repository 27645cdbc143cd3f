"""The store stage: SQL persistence of documents, events, actors and mentions (the only DB code).

Reads ``ExtractionResult`` records and keeps them in SQLite or PostgreSQL through SQLAlchemy
Core, with the schema managed by the packaged Alembic migrations.
"""

from __future__ import annotations

from rasid.store.db import DEFAULT_DB, SaveOutcome, SaveStatus, Store

__all__ = ["DEFAULT_DB", "SaveOutcome", "SaveStatus", "Store"]
