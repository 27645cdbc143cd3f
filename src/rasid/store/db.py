"""The event store: documents, coded events, actor dictionary and mentions in SQL.

One ``Store`` wraps one SQLAlchemy engine. Everything is SQLAlchemy Core, so the same code
runs on SQLite (a file path or ``sqlite:///`` URL) and PostgreSQL (``postgresql://`` URL).
Opening a store brings its schema to the head Alembic migration. Each saved document is
one transaction: a failure rolls that document back and leaves everything else as it was.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import (
    URL,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from rasid.errors import StoreError
from rasid.records import Document, Event, ExtractionResult, FetchRecord, Mention
from rasid.store.bulk import BackgroundWriter, insert_rows
from rasid.store.changes import (
    EventChange,
    diff_events,
    extractor_of,
    log_changes,
    read_changes,
    recode_reason,
    stored_records,
)
from rasid.store.schema import (
    BBox,
    actors,
    document_minhash,
    document_row,
    documents,
    event_actor_rows,
    event_actors,
    event_conditions,
    event_from_row,
    event_row,
    events,
    feed_items,
    fetches,
    mentions,
    shared_cluster,
)
from rasid.store.search import match_condition

logger = logging.getLogger(__name__)

DEFAULT_DB = "./rasid.db"
MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 64 * 1024  # per connection
PAGE_SIZE = 8192
MMAP_BYTES = 1024 * 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\x00"
_MEMORY = ("", ":memory:")
POOL_SIZE = 16  # connections kept open per process
_EVENTS_PER_WRITE = 2_000  # a bulk import writes new events in chunks of this many (or more)
_DOCUMENTS_PER_WRITE = 500  # ... or of this many documents
_KEYS_PER_QUERY = 500

ActorRow = tuple[str, str | None, str, str | None]
MinHashRow = tuple[int, bytes]  # (num_perm, signature bytes)


class SaveStatus(StrEnum):
    """What ``Store.save_result`` did with a document."""

    STORED = "stored"  # a new document
    UNCHANGED = "unchanged"  # same id, same text: nothing written
    DUPLICATE = "duplicate"  # same text already stored under another id: nothing written
    UPDATED = "updated"  # same id, new text: document replaced, old events and mentions dropped
    NEAR_DUPLICATE = "near_duplicate"  # stored, linked to the original it repeats, not coded
    RECODED = "recoded"  # same id, same text, coded differently: events updated, changes logged


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """The result of saving one document.

    ``existing_id`` names the stored twin of a duplicate, or the original of a near-duplicate
    (then ``similarity`` is their estimated Jaccard similarity).
    """

    status: SaveStatus
    document_id: str
    existing_id: str | None = None
    events: int = 0
    similarity: float | None = None

    def __str__(self) -> str:
        return self.status.value


def resolve_url(url_or_path: str) -> URL:
    """The SQLAlchemy URL for a database URL or a SQLite file path."""
    if "://" in url_or_path:
        try:
            url = make_url(url_or_path)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url_or_path!r}") from exc
        # A plain postgresql:// URL means psycopg 3 (the `rasid[postgres]` extra), not psycopg2.
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(url_or_path).expanduser()))


def check_sqlite_file(database: str | None, *, create: bool) -> None:
    """Fail early, with a clear message, on a SQLite path that cannot be a usable database."""
    if database is None or database in _MEMORY or database.startswith("file:"):
        return
    path = Path(database)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists():
        if not create:
            raise StoreError(f"no database at {path}: run `rasid run` first")
        if not path.parent.is_dir():
            raise StoreError(f"cannot create the database {path}: folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read the database {path}: {exc.strerror or exc}") from exc
    # An empty file is a valid new database; anything else must carry SQLite's header.
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database")


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so that BEGIN is ours (see _on_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Only a new database takes it (before its first write; WAL keeps it fixed after):
        # event rows of 1-2 KB leave a quarter of 4 KB pages empty, and every page is written
        # twice (WAL, then checkpoint).
        cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # Safe with WAL (a power cut loses at most the last commits, never integrity); much faster.
        cursor.execute("PRAGMA synchronous = NORMAL")
        # The default 2 MiB page cache makes inserts slow down as indexes outgrow it, and list
        # queries read index pages again; memory-mapped reads share the OS page cache between
        # connections and server processes.
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cursor.execute("PRAGMA temp_store = MEMORY")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # Writers take the write lock up front: a deferred transaction that reads and then writes
    # fails at once (no busy wait) when another writer committed in between.
    mode = "IMMEDIATE" if connection.get_execution_options().get("rasid_write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def _create_engine(url: URL) -> Engine:
    # Connections beyond the pool are closed when given back, and a new one starts with an
    # empty page cache: keep as many as the API's worker threads use at once.
    options: dict[str, Any] = {"pool_size": POOL_SIZE, "max_overflow": POOL_SIZE}
    if url.get_backend_name() == "sqlite" and (url.database or "") in _MEMORY:
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    try:
        engine = create_engine(url, **options)
    except (ImportError, ArgumentError) as exc:
        shown = url.render_as_string(hide_password=True)
        raise StoreError(f"cannot open {shown}: {exc} (is its database driver installed?)") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


class Store:
    """Documents and their coded events in a SQL database; open with ``Store.open``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def open(cls, url_or_path: str = DEFAULT_DB, *, create: bool = True) -> Store:
        """Open (with ``create``, make) the database and bring its schema to the newest migration."""
        url = resolve_url(url_or_path)
        if url.get_backend_name() == "sqlite":
            check_sqlite_file(url.database, create=create)
        store = cls(_create_engine(url))
        try:
            store.upgrade_schema()
        except (SQLAlchemyError, CommandError) as exc:
            store.close()
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the database {store.url}: {reason}") from exc
        return store

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for read-only queries by other parts (analysis, API)."""
        return self._engine

    def upgrade_schema(self) -> None:
        """Run the packaged Alembic migrations up to head (nothing to do when already there)."""
        config = Config()
        # ConfigParser interpolates "%": a path may contain one.
        config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
        heads = set(ScriptDirectory.from_config(config).get_heads())
        # Check first without the write lock, so that readers never wait on a busy writer.
        with self._transaction() as connection:
            if set(MigrationContext.configure(connection).get_current_heads()) == heads:
                return
        with self._transaction(write=True) as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            if write:
                connection.execution_options(rasid_write=True)
            with connection.begin():
                yield connection

    def save_result(
        self,
        result: ExtractionResult,
        *,
        mentions: Sequence[Mention] = (),
        minhash: MinHashRow | None = None,
        duplicate_of: str | None = None,
        similarity: float | None = None,
        extractor: str | None = None,
    ) -> SaveOutcome:
        """Store a document with its events and mentions, in one transaction; see ``SaveStatus``.

        ``minhash`` (``num_perm``, signature bytes) is stored with an original so that later
        runs find its near-duplicates. With ``duplicate_of`` the document is a near-duplicate
        of that stored original: it is stored with the link and ``similarity``, without
        events, mentions or signature (unless it is unchanged or an exact duplicate).

        ``extractor`` names the component that coded the result (default: the events'
        ``extractor``). A document stored before with the same text whose new coding differs
        is ``RECODED``: events that kept their id are updated, the others deleted or added,
        and each update or deletion is written to the change log (``list_changes``).
        """
        document = result.document
        try:
            with self._transaction(write=True) as connection:
                if duplicate_of is not None:
                    outcome = self._save_near_duplicate(connection, document, duplicate_of, similarity)
                else:
                    numbers = EventNumbers(connection)
                    outcome = self._save(connection, result, mentions, numbers, extractor)
                    if outcome.status in (SaveStatus.STORED, SaveStatus.UPDATED) and minhash is not None:
                        self._put_minhash(connection, document.id, minhash)
        except IntegrityError as exc:
            raise StoreError(f"document {document.id} was not stored: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"document {document.id} was not stored: {exc}") from exc
        logger.debug("document %s: %s (%d events)", document.id, outcome.status, outcome.events)
        return outcome

    def save_results(
        self, results: Sequence[ExtractionResult], *, extractor: str | None = None
    ) -> list[SaveOutcome]:
        """Store many documents with their events in one transaction: all of them or none (imports).

        Each document is saved as by ``save_result`` (same statuses, no mentions); any failure
        rolls the whole batch back and raises ``StoreError``. New documents (most of an
        import) are written in chunks of many rows per statement, in a second thread while
        the next chunk's rows are built (``rasid.store.bulk``).
        """
        try:
            with self._transaction(write=True) as connection, BackgroundWriter() as writer:
                numbers = EventNumbers(connection)
                digests = [result.document.text_sha256 for result in results]
                shas, owners = _stored_shas(connection, [result.document.id for result in results], digests)
                pending = _NewDocuments()
                outcomes = []
                for result, sha in zip(results, digests, strict=True):
                    document = result.document
                    if document.id in shas:  # stored before, or earlier in this batch
                        pending.write(connection, writer, numbers)
                        writer.wait()
                        outcome = self._save(connection, result, (), numbers, extractor)
                        if outcome.status is SaveStatus.UPDATED:
                            owners.pop(shas[document.id], None)
                            shas[document.id], owners[sha] = sha, document.id
                    elif sha in owners:
                        outcome = SaveOutcome(SaveStatus.DUPLICATE, document.id, existing_id=owners[sha])
                    else:
                        outcome = pending.add(result, extractor)
                        shas[document.id], owners[sha] = sha, document.id
                        if pending.full:
                            pending.write(connection, writer, numbers)
                    outcomes.append(outcome)
                pending.write(connection, writer, numbers)
        except SQLAlchemyError as exc:
            raise StoreError(f"nothing was stored: {exc}") from exc
        return outcomes

    def _unchanged_or_twin(self, connection: Connection, document: Document) -> SaveOutcome | str | None:
        """UNCHANGED or DUPLICATE when nothing is to be written, else the stored sha (None if new)."""
        sha = document.text_sha256
        existing = connection.execute(
            select(documents.c.text_sha256).where(documents.c.id == document.id)
        ).scalar_one_or_none()
        if existing == sha:
            return SaveOutcome(SaveStatus.UNCHANGED, document.id)
        twin = connection.execute(
            select(documents.c.id).where(documents.c.text_sha256 == sha, documents.c.id != document.id)
        ).scalar_one_or_none()
        if twin is not None:
            return SaveOutcome(SaveStatus.DUPLICATE, document.id, existing_id=twin)
        return existing

    def _write_document(
        self, connection: Connection, document: Document, row: dict[str, Any], *, new: bool
    ) -> None:
        if new:
            connection.execute(insert(documents).values(row))
            return
        self._delete_children(connection, document.id)
        connection.execute(delete(document_minhash).where(document_minhash.c.document_id == document.id))
        connection.execute(update(documents).where(documents.c.id == document.id).values(row))

    def _save_near_duplicate(
        self, connection: Connection, document: Document, original_id: str, similarity: float | None
    ) -> SaveOutcome:
        found = self._unchanged_or_twin(connection, document)
        if isinstance(found, SaveOutcome):
            return found
        row = {**document_row(document), "duplicate_of": original_id, "similarity": similarity}
        self._write_document(connection, document, row, new=found is None)
        return SaveOutcome(
            SaveStatus.NEAR_DUPLICATE, document.id, existing_id=original_id, similarity=similarity
        )

    def _put_minhash(self, connection: Connection, document_id: str, minhash: MinHashRow) -> None:
        connection.execute(delete(document_minhash).where(document_minhash.c.document_id == document_id))
        connection.execute(
            insert(document_minhash).values(
                document_id=document_id, num_perm=minhash[0], signature=minhash[1]
            )
        )

    def _save(
        self,
        connection: Connection,
        result: ExtractionResult,
        found: Sequence[Mention],
        numbers: EventNumbers,
        extractor: str | None = None,
    ) -> SaveOutcome:
        """Save one document (see ``save_result``)."""
        document = result.document
        coded_by = extractor or extractor_of(result.events)
        existing = self._unchanged_or_twin(connection, document)
        if isinstance(existing, SaveOutcome):
            if existing.status is SaveStatus.UNCHANGED:
                return self._recode(connection, result, found, numbers, coded_by)
            return existing
        status = SaveStatus.STORED if existing is None else SaveStatus.UPDATED
        before = {} if existing is None else stored_records(connection, document.id)
        row = _new_document_row(document, coded_by)
        self._write_document(connection, document, row, new=existing is None)
        stored = _events_of_document(result)
        self._insert_events(connection, stored, numbers)
        self._insert_mentions(connection, document.id, found)
        kept = {ev.id for ev in stored}
        gone = [(event_id, record, None) for event_id, record in before.items() if event_id not in kept]
        log_changes(connection, "delete", f"document {document.id}: its text changed", gone)
        return SaveOutcome(status, document.id, events=len(stored))

    def _recode(
        self,
        connection: Connection,
        result: ExtractionResult,
        found: Sequence[Mention],
        numbers: EventNumbers,
        coded_by: str | None,
    ) -> SaveOutcome:
        """Same id and text: apply a new coding event by event, logging updates and deletions."""
        document = result.document
        previous = connection.execute(
            select(documents.c.extractor).where(documents.c.id == document.id)
        ).scalar_one_or_none()
        before = stored_records(connection, document.id)
        coded = {ev.id: ev for ev in result.events}
        diff = diff_events(before, coded.values())
        if diff.empty:
            if coded_by is not None and coded_by != previous:
                connection.execute(
                    update(documents).where(documents.c.id == document.id).values(extractor=coded_by)
                )
            return SaveOutcome(SaveStatus.UNCHANGED, document.id)
        # Cluster ids belong to the store (merges): an event that keeps its id keeps its cluster.
        owned = select(events.c.id, events.c.cluster_id).where(events.c.document_id == document.id)
        clusters = {row.id: row.cluster_id for row in connection.execute(owned)}
        replaced = [*diff.updated, *diff.deleted]
        if replaced:
            replaced_seqs = select(events.c.seq).where(events.c.id.in_(replaced))
            connection.execute(delete(event_actors).where(event_actors.c.event_seq.in_(replaced_seqs)))
            connection.execute(delete(events).where(events.c.id.in_(replaced)))
        fresh = [
            coded[i].with_ids(document_id=document.id, cluster_id=clusters.get(i) or _first_cluster(coded[i]))
            for i in (*diff.updated, *diff.added)
        ]
        self._insert_events(connection, fresh, numbers)
        connection.execute(delete(mentions).where(mentions.c.document_id == document.id))
        self._insert_mentions(connection, document.id, found)
        connection.execute(update(documents).where(documents.c.id == document.id).values(extractor=coded_by))
        reason = recode_reason(previous, coded_by)
        after = {ev.id: ev.to_dict() for ev in fresh}
        log_changes(connection, "update", reason, [(i, before[i], after[i]) for i in diff.updated])
        log_changes(connection, "delete", reason, [(i, before[i], None) for i in diff.deleted])
        return SaveOutcome(SaveStatus.RECODED, document.id, events=len(coded))

    def _delete_children(self, connection: Connection, document_id: str) -> None:
        # Explicit deletes, not ON DELETE CASCADE, so that nothing depends on the foreign_keys pragma.
        seqs = select(events.c.seq).where(events.c.document_id == document_id)
        connection.execute(delete(event_actors).where(event_actors.c.event_seq.in_(seqs)))
        connection.execute(delete(events).where(events.c.document_id == document_id))
        connection.execute(delete(mentions).where(mentions.c.document_id == document_id))

    def _insert_events(self, connection: Connection, stored: Sequence[Event], numbers: EventNumbers) -> None:
        rows, actor_rows = _rows_of(((ev, ev.document_id, ev.cluster_id) for ev in stored), numbers)
        insert_rows(connection, events, rows)
        insert_rows(connection, event_actors, actor_rows)

    def _insert_mentions(self, connection: Connection, document_id: str, found: Sequence[Mention]) -> None:
        rows = [
            {
                "document_id": document_id,
                "kind": m.kind,
                "text": m.text,
                "span_start": m.span[0],
                "span_end": m.span[1],
                "value": m.value,
            }
            for m in found
        ]
        if rows:
            connection.execute(insert(mentions), rows)

    def sync_actors(self, rows: Iterable[ActorRow]) -> int:
        """Insert or update actor dictionary rows ``(id, parent_id, name, name_ar)``; returns how many."""
        by_id = {row[0]: row for row in rows}
        if not by_id:
            return 0
        values = [{"b_id": i, "b_parent": p, "b_name": n, "b_name_ar": ar} for i, p, n, ar in by_id.values()]
        try:
            with self._transaction(write=True) as connection:
                known = set(connection.execute(select(actors.c.id)).scalars())
                new = [v for v in values if v["b_id"] not in known]
                old = [v for v in values if v["b_id"] in known]
                if new:
                    connection.execute(
                        insert(actors).values(
                            id=bindparam("b_id"),
                            parent_id=bindparam("b_parent"),
                            name=bindparam("b_name"),
                            name_ar=bindparam("b_name_ar"),
                        ),
                        new,
                    )
                if old:
                    connection.execute(
                        update(actors)
                        .where(actors.c.id == bindparam("b_id"))
                        .values(
                            parent_id=bindparam("b_parent"),
                            name=bindparam("b_name"),
                            name_ar=bindparam("b_name_ar"),
                        ),
                        old,
                    )
        except SQLAlchemyError as exc:
            raise StoreError(f"the actor dictionary was not stored: {exc}") from exc
        return len(values)

    def list_actors(self) -> list[ActorRow]:
        """The stored actor dictionary, ordered by id."""
        with self._transaction() as connection:
            rows = connection.execute(
                select(actors.c.id, actors.c.parent_id, actors.c.name, actors.c.name_ar).order_by(actors.c.id)
            ).all()
        return [(r.id, r.parent_id, r.name, r.name_ar) for r in rows]

    def assign_clusters(self, cluster_ids: Mapping[str, str]) -> int:
        """Set the ``cluster_id`` of stored events (event id -> cluster id); returns how many changed."""
        if not cluster_ids:
            return 0
        values = [{"b_id": event_id, "b_cluster": cluster} for event_id, cluster in cluster_ids.items()]
        statement = (
            update(events).where(events.c.id == bindparam("b_id")).values(cluster_id=bindparam("b_cluster"))
        )
        with self._transaction(write=True) as connection:
            return connection.execute(statement, values).rowcount

    def query_events(
        self,
        *,
        event_type: str | None = None,
        actor: str | None = None,
        admin1: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        document_id: str | None = None,
        cluster_id: str | None = None,
        admin2: str | None = None,
        modality: str | None = None,
        genericity: str | None = None,
        bbox: BBox | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Stored events matching every given filter, ordered by start date (undated last), then id.

        ``actor`` matches that id or any finer id under it (``IRN_MIL`` matches
        ``IRN_MIL.FATEMIYOUN``) in any role; ``admin1``/``admin2`` ignore case;
        ``since``/``until`` (ISO dates) keep events whose date interval overlaps them;
        ``bbox`` is ``(west, south, east, north)`` in degrees; ``q`` searches the events'
        normalised text (evidence sentence, trigger, actors, place, attribution; see
        ``rasid.store.search``). Raises ``ValueError`` for a malformed filter value.
        """
        conditions = event_conditions(
            event_type=event_type,
            actor=actor,
            admin1=admin1,
            since=since,
            until=until,
            document_id=document_id,
            cluster_id=cluster_id,
            admin2=admin2,
            modality=modality,
            genericity=genericity,
            bbox=bbox,
            q=q,
            dialect=self._engine.dialect.name,
        )
        query = (
            select(events.c.record, events.c.document_id, events.c.cluster_id)
            .where(*conditions)
            .order_by(events.c.time_start.asc().nulls_last(), events.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._transaction() as connection:
            rows = connection.execute(query).all()
        return [event_from_row(r.record, r.document_id, r.cluster_id) for r in rows]

    def count_events(self, **filters: Any) -> int:
        """How many stored events match the filters of ``query_events`` (without limit/offset)."""
        conditions = event_conditions(dialect=self._engine.dialect.name, **filters)
        query = select(func.count()).select_from(events).where(*conditions)
        with self._transaction() as connection:
            return int(connection.execute(query).scalar_one())

    def get_event(self, event_id: str) -> Event | None:
        """One stored event by id, or None."""
        query = select(events.c.record, events.c.document_id, events.c.cluster_id).where(
            events.c.id == event_id
        )
        with self._transaction() as connection:
            row = connection.execute(query).first()
        return None if row is None else event_from_row(row.record, row.document_id, row.cluster_id)

    def get_document(self, document_id: str) -> Document | None:
        """One stored document (with its clean text) by id, or None."""
        with self._transaction() as connection:
            row = connection.execute(select(documents).where(documents.c.id == document_id)).first()
        if row is None:
            return None
        return Document(
            id=row.id,
            text=row.text,
            language=row.language,
            published=row.published,
            url=row.url,
            source=row.source,
            title=row.title,
            origin=row.origin,
        )

    def query_mentions(self, document_id: str, *, kind: str | None = None) -> list[Mention]:
        """The stored mentions of a document, in text order."""
        query = select(mentions).where(mentions.c.document_id == document_id)
        if kind is not None:
            query = query.where(mentions.c.kind == kind)
        query = query.order_by(mentions.c.span_start, mentions.c.span_end, mentions.c.id)
        with self._transaction() as connection:
            rows = connection.execute(query).all()
        return [Mention(r.kind, r.text, (r.span_start, r.span_end), r.value) for r in rows]

    def stored_sha256(self, document_id: str) -> str | None:
        """The text hash of a stored document, or None: lets a run skip coding what is unchanged."""
        with self._transaction() as connection:
            query = select(documents.c.text_sha256).where(documents.c.id == document_id)
            return connection.execute(query).scalar_one_or_none()

    def load_minhashes(self) -> list[tuple[str, int, bytes]]:
        """The stored MinHash signatures ``(document_id, num_perm, signature)`` of original documents."""
        query = select(
            document_minhash.c.document_id, document_minhash.c.num_perm, document_minhash.c.signature
        ).order_by(document_minhash.c.document_id)
        with self._transaction() as connection:
            return [(r.document_id, int(r.num_perm), bytes(r.signature)) for r in connection.execute(query)]

    def near_duplicate_of(self, document_id: str) -> tuple[str, float | None] | None:
        """The original a stored near-duplicate repeats, with their similarity; None for an original."""
        query = select(documents.c.duplicate_of, documents.c.similarity).where(documents.c.id == document_id)
        with self._transaction() as connection:
            row = connection.execute(query).first()
        if row is None or row.duplicate_of is None:
            return None
        return (row.duplicate_of, row.similarity)

    def search_documents(self, q: str, *, limit: int | None = None) -> list[str]:
        """Ids of the stored documents whose title or text matches the search ``q``, by id.

        Same matching as ``query_events(q=...)``; raises ``ValueError`` for a query without words.
        """
        query = (
            select(documents.c.id)
            .where(match_condition(documents, q, dialect=self._engine.dialect.name))
            .order_by(documents.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._transaction() as connection:
            return list(connection.execute(query).scalars())

    def is_current(self, document: Document, *, extractor: str) -> bool:
        """True when ``document`` is stored with the same text and was coded by ``extractor``.

        A run can skip such a document; any other (new, changed, or coded by another
        extractor version) should be coded and saved, which re-codes it in place.
        """
        query = select(documents.c.text_sha256, documents.c.extractor).where(documents.c.id == document.id)
        with self._transaction() as connection:
            row = connection.execute(query).first()
        return row is not None and row.text_sha256 == document.text_sha256 and row.extractor == extractor

    def list_changes(
        self, *, event_id: str | None = None, since: datetime | None = None, limit: int | None = None
    ) -> list[EventChange]:
        """The change log (updates and deletions of stored events, with reasons), oldest first."""
        with self._transaction() as connection:
            return read_changes(connection, event_id=event_id, since=since, limit=limit)

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._transaction() as connection:
            return int(connection.execute(select(func.count()).select_from(documents)).scalar_one())

    def get_fetch(self, url: str) -> FetchRecord | None:
        """The last recorded fetch of ``url`` (validators, outcome, document), or None."""
        with self._transaction() as connection:
            row = connection.execute(select(fetches).where(fetches.c.url == url)).first()
        if row is None:
            return None
        return FetchRecord(
            url=row.url,
            fetched_at=_as_utc(row.fetched_at).isoformat(),
            final_url=row.final_url,
            status_code=row.status_code,
            etag=row.etag,
            last_modified=row.last_modified,
            content_sha256=row.content_sha256,
            document_id=row.document_id,
            error=row.error,
        )

    def record_fetch(self, record: FetchRecord) -> None:
        """Insert or replace the fetch state of ``record.url``, in one transaction."""
        values = {
            "final_url": record.final_url,
            "status_code": record.status_code,
            "etag": record.etag,
            "last_modified": record.last_modified,
            "content_sha256": record.content_sha256,
            "document_id": record.document_id,
            "fetched_at": _as_utc(datetime.fromisoformat(record.fetched_at)),
            "error": record.error,
        }
        try:
            with self._transaction(write=True) as connection:
                known = connection.execute(
                    select(fetches.c.url).where(fetches.c.url == record.url)
                ).scalar_one_or_none()
                if known is None:
                    connection.execute(insert(fetches).values(url=record.url, **values))
                else:
                    connection.execute(update(fetches).where(fetches.c.url == record.url).values(**values))
        except SQLAlchemyError as exc:
            raise StoreError(f"the fetch state of {record.url} was not stored: {exc}") from exc

    def seen_feed_items(self, feed_url: str) -> set[str]:
        """The keys of the items of ``feed_url`` already taken."""
        with self._transaction() as connection:
            keys = connection.execute(select(feed_items.c.item_key).where(feed_items.c.feed_url == feed_url))
            return set(keys.scalars())

    def add_feed_items(self, feed_url: str, items: Iterable[tuple[str, str | None]]) -> int:
        """Remember items ``(key, url)`` of a feed as taken; returns how many were not known before."""
        now = datetime.now(UTC)
        wanted = dict(items)
        if not wanted:
            return 0
        try:
            with self._transaction(write=True) as connection:
                known = set(
                    connection.execute(
                        select(feed_items.c.item_key).where(
                            feed_items.c.feed_url == feed_url, feed_items.c.item_key.in_(list(wanted))
                        )
                    ).scalars()
                )
                rows = [
                    {"feed_url": feed_url, "item_key": key, "url": url, "first_seen": now}
                    for key, url in wanted.items()
                    if key not in known
                ]
                if rows:
                    connection.execute(insert(feed_items), rows)
        except SQLAlchemyError as exc:
            raise StoreError(f"the items of feed {feed_url} were not stored: {exc}") from exc
        return len(rows)

    def summary(self) -> dict[str, Any]:
        """Counts for people: documents, events, clusters, and events by type, top-level actor1 id, admin1.

        An event counts once under each distinct top-level id among its ``actor1`` actors
        (``IRN_MIL.FATEMIYOUN`` rolls up to ``IRN_MIL``); unresolved actors and places are left out.
        """
        count = func.count().label("n")
        with self._transaction() as connection:
            n_documents = connection.execute(select(func.count()).select_from(documents)).scalar_one()
            n_events = connection.execute(select(func.count()).select_from(events)).scalar_one()
            n_clusters = _count_clusters(connection, int(n_events))
            by_type = connection.execute(
                select(events.c.event_type, count).group_by(events.c.event_type)
            ).all()
            by_admin1 = connection.execute(
                select(events.c.admin1, count).where(events.c.admin1.is_not(None)).group_by(events.c.admin1)
            ).all()
            actor_rows = connection.execute(
                select(event_actors.c.event_id, event_actors.c.actor_id)
                .where(event_actors.c.role == "actor1", event_actors.c.actor_id.is_not(None))
                .distinct()
            ).all()
        roots = {(r.event_id, r.actor_id.split(".", 1)[0]) for r in actor_rows}
        by_actor = Counter(root for _, root in roots)
        return {
            "documents": int(n_documents),
            "events": int(n_events),
            "clusters": int(n_clusters),
            "by_type": _ranked((r[0], int(r[1])) for r in by_type),
            "by_actor": _ranked(by_actor.items()),
            "by_admin1": _ranked((r[0], int(r[1])) for r in by_admin1),
        }

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _rows_of(
    stored: Iterable[tuple[Event, str | None, str | None]], numbers: EventNumbers
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``events`` and ``event_actors`` rows of (event, document id, cluster id) triples,
    numbered by ``numbers`` in order."""
    rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    for ev, document_id, cluster_id in stored:
        seq = numbers.take()
        rows.append(event_row(ev, document_id, cluster_id, seq))
        actor_rows += event_actor_rows(ev, seq)
    return rows, actor_rows


class EventNumbers:
    """Hands out the ``events.seq`` numbers of the events one write transaction inserts.

    Made at the start of the transaction, which holds the write lock from then on: SQLite's
    ``BEGIN IMMEDIATE``; on PostgreSQL an EXCLUSIVE lock on ``events``, taken here (other
    writers of events wait for the commit, readers do not). Numbers follow the largest
    stored one, in the order events are inserted.
    """

    def __init__(self, connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
        largest = connection.execute(select(func.max(events.c.seq))).scalar_one()
        self._next = int(largest or 0) + 1

    def take(self) -> int:
        """The next number."""
        seq = self._next
        self._next += 1
        return seq


def _new_document_row(document: Document, coded_by: str | None) -> dict[str, Any]:
    """The ``documents`` row of a document coded by ``coded_by`` (not a near-duplicate)."""
    return {**document_row(document), "duplicate_of": None, "similarity": None, "extractor": coded_by}


def _events_of_document(result: ExtractionResult) -> list[Event]:
    """A result's events as stored: with their document id, and their own id as cluster at first."""
    document_id = result.document.id
    return [ev.with_ids(document_id=document_id, cluster_id=_first_cluster(ev)) for ev in result.events]


def _first_cluster(ev: Event) -> str:
    """The cluster a new event is stored in: the one it carries, else a cluster of its own."""
    return ev.cluster_id or ev.id


def _stored_shas(
    connection: Connection, document_ids: Iterable[str], text_digests: Iterable[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The text digest stored under each of some ids, and the stored id owning each of some digests."""
    by_id: dict[str, str] = {}
    owners: dict[str, str] = {}
    ids = sorted(set(document_ids))
    digests = sorted(set(text_digests))
    pairs = select(documents.c.id, documents.c.text_sha256)
    for first in range(0, max(len(ids), len(digests)), _KEYS_PER_QUERY):
        for row in connection.execute(pairs.where(documents.c.id.in_(ids[first : first + _KEYS_PER_QUERY]))):
            by_id[row.id] = row.text_sha256
        for row in connection.execute(
            pairs.where(documents.c.text_sha256.in_(digests[first : first + _KEYS_PER_QUERY]))
        ):
            owners[row.text_sha256] = row.id
    return by_id, owners


@dataclass(slots=True)
class _NewDocuments:
    """New documents of a batch and their events, waiting to be written together."""

    document_rows: list[dict[str, Any]] = field(default_factory=list)
    results: list[ExtractionResult] = field(default_factory=list)
    events: int = 0

    @property
    def full(self) -> bool:
        """Enough rows for one write."""
        return self.events >= _EVENTS_PER_WRITE or len(self.document_rows) >= _DOCUMENTS_PER_WRITE

    def add(self, result: ExtractionResult, extractor: str | None) -> SaveOutcome:
        """Take a new document (its id and text stored nowhere yet) with its events."""
        coded_by = extractor or extractor_of(result.events)
        self.document_rows.append(_new_document_row(result.document, coded_by))
        self.results.append(result)
        self.events += len(result.events)
        return SaveOutcome(SaveStatus.STORED, result.document.id, events=len(result.events))

    def write(self, connection: Connection, writer: BackgroundWriter, numbers: EventNumbers) -> None:
        """Build the rows here and insert them in ``writer``'s thread; empty the batch."""
        if not self.document_rows:
            return
        document_rows = self.document_rows
        # The rows of _events_of_document(result), without copying the events.
        rows, actor_rows = _rows_of(
            ((ev, result.document.id, _first_cluster(ev)) for result in self.results for ev in result.events),
            numbers,
        )
        self.document_rows, self.results, self.events = [], [], 0

        def insert_all() -> None:
            insert_rows(connection, documents, document_rows)
            insert_rows(connection, events, rows)
            insert_rows(connection, event_actors, actor_rows)

        writer.submit(insert_all)


def _count_clusters(connection: Connection, n_events: int) -> int:
    """How many distinct cluster ids the ``n_events`` stored events have, read from indexes only.

    An event named like its cluster is the only such event of that cluster (ids are unique);
    the other events are in the partial cluster index. So: the events not in that index,
    plus the clusters in it that no event is named like.
    """
    shared = events.alias("shared")
    n_shared = connection.execute(
        select(func.count()).select_from(shared).where(shared_cluster(shared))
    ).scalar_one()
    founder = events.alias("founder")
    without_founder = connection.execute(
        select(func.count(shared.c.cluster_id.distinct())).where(
            shared_cluster(shared),
            ~exists().where(founder.c.id == shared.c.cluster_id, founder.c.cluster_id == founder.c.id),
        )
    ).scalar_one()
    return n_events - int(n_shared) + int(without_founder)


def _as_utc(moment: datetime) -> datetime:
    """A datetime with a time zone (SQLite gives naive ones back; they were stored as UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ranked(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts ordered largest first, then by name."""
    return dict(sorted(pairs, key=lambda pair: (-pair[1], pair[0])))
