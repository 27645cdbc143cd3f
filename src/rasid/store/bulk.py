"""Bulk writes for imports: many rows per statement, and SQLite's work beside Python's.

Two costs dominate a bulk import into SQLite. FTS5 flushes its pending terms at the end of
every statement, so the search triggers of migration 0004 cost about 70 µs a row when rows
come one statement each (``executemany``): ``insert_rows`` writes up to a few thousand rows
per statement instead (a multi-row ``VALUES``). And building rows is Python work while
inserting them is SQLite's: the sqlite3 module lets go of the GIL while a statement runs, so
``BackgroundWriter`` runs the inserts of one chunk in a second thread while the caller builds
the rows of the next.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from operator import itemgetter
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection

# SQLite's compile-time default; the linked library may allow more (``_variable_limit``).
_DEFAULT_VARIABLE_LIMIT = 32_766
_MAX_ROWS_PER_STATEMENT = 5_000


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, all columns of ``table``) in few statements.

    SQLite: multi-row ``INSERT ... VALUES`` statements, each as large as SQLite's limit on
    bound variables allows, with the columns' SQLAlchemy bind processing (dates, floats)
    applied. Other databases: SQLAlchemy's ``executemany``, which batches on its own.
    """
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    names = list(rows[0])
    processors = _bind_processors(connection, table, names)
    per_statement = max(1, min(_MAX_ROWS_PER_STATEMENT, _variable_limit(connection) // len(names)))
    one_row = "(" + ", ".join("?" * len(names)) + ")"
    # A row's values in column order (itemgetter of one name gives the value itself).
    row_values = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
    for first in range(0, len(rows), per_statement):
        chunk = rows[first : first + per_statement]
        values: list[Any] = list(chain.from_iterable(map(row_values, chunk)))
        if processors:
            width = len(names)
            for position, process in processors:
                values[position::width] = map(process, values[position::width])
        connection.exec_driver_sql(head + ", ".join([one_row] * len(chunk)), tuple(values))


def _bind_processors(
    connection: Connection, table: Table, names: Sequence[str]
) -> list[tuple[int, Callable[[Any], Any]]]:
    """The (position, function) pairs that turn Python values into the driver's, per column."""
    dialect = connection.dialect
    found: list[tuple[int, Callable[[Any], Any]]] = []
    for position, name in enumerate(names):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            found.append((position, process))
    return found


def _variable_limit(connection: Connection) -> int:
    """How many ``?`` one SQLite statement may hold on this connection."""
    driver = connection.connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        return int(driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return _DEFAULT_VARIABLE_LIMIT


class BackgroundWriter:
    """Runs write jobs on one connection in a second thread, one job at a time, in order.

    ``submit`` waits for the job before it (so jobs never overlap each other on the
    connection), starts the new one and returns; ``wait`` waits for the last one and raises
    its exception, if any. The caller must not use the connection between ``submit`` and
    ``wait``: it builds the next rows meanwhile. Leaving the ``with`` block waits too.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rasid-writer")
        self._running: Future[None] | None = None

    def submit(self, job: Callable[[], None]) -> None:
        """Wait for the previous job, then start ``job`` in the writer thread."""
        self.wait()
        self._running = self._pool.submit(job)

    def wait(self) -> None:
        """Wait until no job runs; raises the exception of the job that was running."""
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.wait()
        finally:
            # On an error the job still running must end before the caller rolls back.
            self._pool.shutdown(wait=True)
