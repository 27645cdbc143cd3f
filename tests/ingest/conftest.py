"""Fixtures for the ingest tests: write inputs into tmp_path and read them back."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from rasid.ingest import IngestFailure, iter_documents
from rasid.records import Document

WriteFile = Callable[..., Path]
ReadAll = Callable[..., tuple[list[Document], list[IngestFailure]]]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """write(name, content, encoding="utf-8") -> path: text is encoded, bytes written as they are."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


@pytest.fixture
def read_all() -> ReadAll:
    """read_all(sources, stdin=bytes|None, **options) -> (documents, failures), in stream order."""

    def _read_all(
        sources: Sequence[str | Path], *, stdin: bytes | None = None, **options: Any
    ) -> tuple[list[Document], list[IngestFailure]]:
        stream = io.BytesIO(stdin) if stdin is not None else None
        items = list(iter_documents([str(s) for s in sources], stdin=stream, **options))
        documents = [item for item in items if isinstance(item, Document)]
        failures = [item for item in items if isinstance(item, IngestFailure)]
        assert len(documents) + len(failures) == len(items)
        return documents, failures

    return _read_all


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """The local test server listens on 127.0.0.1 only: no test reaches another address."""
    return ("127.0.0.1", 0)
