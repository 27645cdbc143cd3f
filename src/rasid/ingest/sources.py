"""Sources to documents: files, folders, glob patterns, standard input, URLs and feeds.

``iter_documents`` is the entry point of the ingest stage. It reads each source in the
order given and yields a ``Document`` per report (clean text, language, published date,
origin) or an ``IngestFailure`` for what could not be read; one bad input never stops
the batch. URLs (http/https) are fetched by ``ingest.fetch`` and read by ``ingest.web``.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, BinaryIO

from rasid.errors import (
    EmptyInputError,
    InputTooLargeError,
    RasidError,
    RefusedAddressError,
    SourceNotFoundError,
    UnreadableInputError,
)
from rasid.ingest.archive import ArchiveRecord, iter_archive, iter_json_file
from rasid.ingest.base import (
    DEFAULT_MAX_BYTES,
    ByteReader,
    IngestFailure,
    build_document,
    format_size,
    parse_published,
    suggest_max_bytes,
)
from rasid.ingest.decode import decode_bytes, detect_bom
from rasid.ingest.fetch import Fetcher
from rasid.ingest.html import decode_html, extract_article
from rasid.ingest.web import IngestState, MemoryState, UrlReader
from rasid.records import Document

logger = logging.getLogger(__name__)

INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "jsonl", "html")
FOLDER_EXTENSIONS = frozenset({".txt", ".md", ".html", ".htm", ".jsonl", ".json"})
STDIN_ORIGIN = "<stdin>"
STDIN_ID = "stdin"

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")
_GLOB_MAGIC = re.compile(r"[*?[]")
_FORMAT_BY_EXTENSION = {".jsonl": "jsonl", ".html": "html", ".htm": "html", ".json": "json"}


@dataclass(frozen=True, slots=True)
class _FileEntry:
    """A file to read; ``root`` is the folder or glob root that found it (for unique ids)."""

    path: str
    root: str | None = None


class _Stdin:
    """Marker for ``-``."""


@dataclass(frozen=True, slots=True)
class _UrlEntry:
    """A URL source (http or https)."""

    url: str


ItemResult = Document | IngestFailure


def iter_documents(
    sources: Sequence[str],
    *,
    input_format: str = "auto",
    language: str | None = None,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    allow_private: bool = False,
    fetcher: Fetcher | None = None,
    state: IngestState | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[Document | IngestFailure]:
    """Documents (or failures) from files, folders, glob patterns, ``-`` (standard input) and URLs.

    ``input_format``: ``auto`` (by extension; for stdin by the first non-blank line),
    ``text`` (a file is one document), ``jsonl`` (one document per line) or ``html``.
    ``language`` and ``published``, when given, override what the input says.
    Files over ``max_bytes`` fail (JSONL archives are streamed and only over-long lines
    fail). Ids: JSONL ``id``; a file's name, made unique with its relative path; a URL.
    A URL source is fetched (by ``fetcher``, else one made with ``allow_private`` and
    ``max_bytes``): a feed yields its items not taken before, a page is one document;
    ``state`` (a ``Store``, else memory) keeps validators and taken items between runs.
    ``should_stop`` is asked between sources and feed items: when it returns true the
    stream ends after the document being read.
    Raises ``ValueError`` for an unknown format or limit, ``TypeError`` when ``sources``
    is a single string and ``RasidError`` for a bad ``published``; everything else is
    reported as an ``IngestFailure`` in the stream.
    """
    if isinstance(sources, str | bytes):
        raise TypeError("sources must be a sequence of paths, patterns or '-', not a single string")
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; expected one of {', '.join(INPUT_FORMATS)}")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    published_date = None
    if published:
        try:
            published_date = parse_published(published)
        except ValueError as exc:
            raise RasidError(f"--published: {exc}") from None
    language_code = language.strip().lower() if language else None
    reader = _Reader(
        input_format=input_format,
        language=None if language_code in (None, "", "auto") else language_code,
        published=published_date,
        max_bytes=max_bytes,
        stdin=stdin,
    )
    return reader.read(
        sources,
        web=_WebOptions(allow_private=allow_private, fetcher=fetcher, state=state, should_stop=should_stop),
    )


@dataclass(frozen=True, slots=True)
class _WebOptions:
    allow_private: bool = False
    fetcher: Fetcher | None = None
    state: IngestState | None = None
    should_stop: Callable[[], bool] | None = None


def _open_file(path: str) -> IO[bytes]:
    """Open a file for reading bytes (one place, so tests can make it fail)."""
    return open(path, "rb")


class _Reader:
    """The state of one ``iter_documents`` call: ids handed out and files already read."""

    def __init__(
        self,
        *,
        input_format: str,
        language: str | None,
        published: str | None,
        max_bytes: int,
        stdin: BinaryIO | None,
    ) -> None:
        self.input_format = input_format
        self.language = language
        self.published = published
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.used_ids: set[str] = set()
        self.read_paths: set[str] = set()

    def read(self, sources: Sequence[str], *, web: _WebOptions) -> Iterator[ItemResult]:
        stop = web.should_stop or (lambda: False)
        urls: UrlReader | None = None
        own_fetcher: Fetcher | None = None
        try:
            for source in sources:
                for entry in _expand_source(source):
                    if stop():
                        return
                    if isinstance(entry, IngestFailure):
                        yield entry
                    elif isinstance(entry, _Stdin):
                        yield from self._read_stdin()
                    elif isinstance(entry, _UrlEntry):
                        if urls is None:
                            fetcher = web.fetcher
                            if fetcher is None:
                                fetcher = own_fetcher = Fetcher(
                                    allow_private=web.allow_private, max_bytes=self.max_bytes
                                )
                            urls = UrlReader(
                                fetcher=fetcher,
                                state=web.state if web.state is not None else MemoryState(),
                                language=self.language,
                                published=self.published,
                                should_stop=stop,
                            )
                        yield from urls.read(entry.url)
                    else:
                        yield from self._read_file(entry)
        finally:
            if own_fetcher is not None:
                own_fetcher.close()

    # -- files ---------------------------------------------------------------------------

    def _read_file(self, entry: _FileEntry) -> Iterator[ItemResult]:
        path = entry.path
        real = os.path.realpath(path)
        if real in self.read_paths:
            logger.debug("%s: already read in this batch; skipped", path)
            return
        self.read_paths.add(real)
        fmt = self.input_format
        if fmt == "auto":
            fmt = _FORMAT_BY_EXTENSION.get(os.path.splitext(path)[1].lower(), "text")
        # Archives carry their own ids; a text or HTML file is one document named after it.
        file_id = self._unique_file_id(entry) if fmt in ("text", "html") else None
        try:
            info = os.stat(path)
        except OSError as exc:
            yield IngestFailure(path, _unreadable(path, exc), file_id)
            return
        regular = stat.S_ISREG(info.st_mode)
        if regular and fmt != "jsonl" and info.st_size > self.max_bytes:
            yield IngestFailure(path, self._too_large("file", info.st_size, where=path), file_id)
            return
        if regular and info.st_size == 0:
            yield IngestFailure(path, EmptyInputError("the file is empty", where=path), file_id)
            return
        try:
            stream = _open_file(path)
        except OSError as exc:
            yield IngestFailure(path, _unreadable(path, exc), file_id)
            return
        with stream:
            if fmt == "jsonl":
                records = iter_archive(stream, origin=path, max_bytes=self.max_bytes)
                try:
                    yield from self._documents_from_records(records)
                except OSError as exc:  # a read error part-way: keep what was read, report the rest
                    yield IngestFailure(path, _unreadable(path, exc))
                return
            try:
                data = _read_limited(stream, self.max_bytes, where=path)
            except (OSError, RasidError) as exc:
                error = exc if isinstance(exc, RasidError) else _unreadable(path, exc)
                yield IngestFailure(path, error, file_id)
                return
        if fmt == "json":
            records = iter_json_file(data, origin=path, max_bytes=self.max_bytes)
            yield from self._documents_from_records(records)
            return
        yield self._document_from_bytes(data, fmt=fmt, document_id=file_id or path, origin=path)

    def _unique_file_id(self, entry: _FileEntry) -> str:
        path = entry.path
        candidates = [os.path.basename(os.path.normpath(path))]
        if entry.root is not None:
            candidates.append(PurePath(os.path.relpath(path, entry.root)).as_posix())
        candidates += [PurePath(path).as_posix(), PurePath(os.path.abspath(path)).as_posix()]
        return self._reserve_id(candidates)

    def _reserve_id(self, candidates: Sequence[str]) -> str:
        for candidate in candidates:
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate
        number = 2
        while f"{candidates[0]}#{number}" in self.used_ids:
            number += 1
        self.used_ids.add(f"{candidates[0]}#{number}")
        return f"{candidates[0]}#{number}"

    def _too_large(self, what: str, size: int, *, where: str) -> InputTooLargeError:
        message = (
            f"{what} is {format_size(size)}, larger than the limit of {format_size(self.max_bytes)}; "
            f"pass --max-bytes {suggest_max_bytes(size)} (or more) to read it"
        )
        return InputTooLargeError(message, where=where)

    # -- standard input ------------------------------------------------------------------

    def _read_stdin(self) -> Iterator[ItemResult]:
        stream: ByteReader = self.stdin if self.stdin is not None else sys.stdin.buffer
        prefix: list[bytes] = []
        fmt: str | None = self.input_format
        if fmt == "auto":
            fmt = _sniff_stdin_format(stream, prefix, max_bytes=self.max_bytes)
        joined = _PrefixedStream(prefix, stream)
        if fmt == "jsonl":
            records = iter_archive(joined, origin=STDIN_ORIGIN, max_bytes=self.max_bytes)
            yield from self._documents_from_records(records)
            return
        document_id = self._reserve_id([STDIN_ID])
        try:
            data = _read_limited(joined, self.max_bytes, where=STDIN_ORIGIN, what="standard input")
            if fmt is None:
                fmt = _format_of_text(decode_bytes(data, where=STDIN_ORIGIN))
        except (OSError, RasidError) as exc:
            error = exc if isinstance(exc, RasidError) else _unreadable(STDIN_ORIGIN, exc)
            yield IngestFailure(STDIN_ORIGIN, error, document_id)
            return
        if not data:
            error = EmptyInputError("standard input is empty", where=STDIN_ORIGIN)
            yield IngestFailure(STDIN_ORIGIN, error, document_id)
            return
        if fmt == "jsonl":
            self.used_ids.discard(document_id)
            records = iter_archive(io.BytesIO(data), origin=STDIN_ORIGIN, max_bytes=self.max_bytes)
            yield from self._documents_from_records(records)
            return
        yield self._document_from_bytes(data, fmt=fmt, document_id=document_id, origin=STDIN_ORIGIN)

    # -- documents -----------------------------------------------------------------------

    def _document_from_bytes(self, data: bytes, *, fmt: str, document_id: str, origin: str) -> ItemResult:
        try:
            if fmt == "html":
                article = extract_article(decode_html(data, where=origin), where=origin)
                return build_document(
                    document_id=document_id,
                    raw_text=article.text,
                    origin=origin,
                    language=self.language,
                    published=self.published or article.published,
                    url=article.url,
                    title=article.title,
                )
            return build_document(
                document_id=document_id,
                raw_text=decode_bytes(data, where=origin),
                origin=origin,
                language=self.language,
                published=self.published,
            )
        except RasidError as exc:
            return IngestFailure(origin, exc, document_id)

    def _documents_from_records(
        self, records: Iterable[ArchiveRecord | IngestFailure]
    ) -> Iterator[ItemResult]:
        for record in records:
            if isinstance(record, IngestFailure):
                yield record
                continue
            if record.id in self.used_ids:
                logger.warning("%s: id %r was already used in this batch", record.where, record.id)
            self.used_ids.add(record.id)
            try:
                yield build_document(
                    document_id=record.id,
                    raw_text=record.text,
                    origin=record.where,
                    language=self.language or record.language,
                    published=self.published or record.published,
                    url=record.url,
                    source=record.source,
                    title=record.title,
                )
            except RasidError as exc:
                yield IngestFailure(record.where, exc, record.id)


# -- expanding sources -------------------------------------------------------------------


def _expand_source(source: str) -> Iterator[_FileEntry | _Stdin | _UrlEntry | IngestFailure]:
    """The files a source names: itself, a folder's files, a pattern's matches, stdin, or a URL."""
    if source == "-":
        yield _Stdin()
        return
    match = _URL.match(source)
    if match:
        scheme = match.group(1).lower()
        if scheme in ("http", "https"):
            yield _UrlEntry(source)
        else:
            message = f"only http and https URLs are fetched, not {scheme}:"
            yield IngestFailure(source, RefusedAddressError(message, where=source))
        return
    if os.path.lexists(source):
        if os.path.isdir(source):
            yield from _walk_folder(source, root=source, visited=set())
        else:
            yield _FileEntry(source)
        return
    if _GLOB_MAGIC.search(source):
        yield from _expand_glob(source)
        return
    yield IngestFailure(source, SourceNotFoundError("no such file or folder", where=source))


def _expand_glob(pattern: str) -> Iterator[_FileEntry | IngestFailure]:
    """Files matching a pattern (``**`` spans folders); matched folders are walked."""
    matches = sorted(glob.glob(pattern, recursive=True))
    root = _glob_root(pattern)
    found = False
    visited: set[str] = set()
    for match in matches:
        if os.path.isdir(match):
            for entry in _walk_folder(match, root=root, visited=visited):
                found = True
                yield entry
        else:
            found = True
            yield _FileEntry(match, root=root)
    if not found:
        yield IngestFailure(pattern, SourceNotFoundError("no files match this pattern", where=pattern))


def _glob_root(pattern: str) -> str:
    """The folder part of a pattern before its first wildcard (``data`` for ``data/**/*.txt``)."""
    parts = PurePath(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if _GLOB_MAGIC.search(part):
            break
        fixed.append(part)
    return str(PurePath(*fixed)) if fixed else "."


def _walk_folder(folder: str, *, root: str, visited: set[str]) -> Iterator[_FileEntry | IngestFailure]:
    """Files under a folder, sorted, recursively; hidden entries and other extensions skipped."""
    real = os.path.realpath(folder)
    if real in visited:
        logger.debug("%s: folder already walked (symbolic link loop?); skipped", folder)
        return
    visited.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda item: item.name)
    except OSError as exc:
        yield IngestFailure(folder, _unreadable(folder, exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            logger.debug("%s: hidden; skipped", entry.path)
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            yield IngestFailure(entry.path, _unreadable(entry.path, exc))
            continue
        if is_dir:
            yield from _walk_folder(entry.path, root=root, visited=visited)
            continue
        if os.path.splitext(entry.name)[1].lower() not in FOLDER_EXTENSIONS:
            logger.debug("%s: not a .txt/.md/.html/.htm/.jsonl/.json file; skipped", entry.path)
            continue
        if is_file or entry.is_symlink():  # a broken link is reported when it is read
            yield _FileEntry(entry.path, root=root)
        else:
            logger.debug("%s: not a regular file; skipped", entry.path)


# -- reading helpers ---------------------------------------------------------------------


def _unreadable(path: str, exc: OSError) -> UnreadableInputError:
    """A clear message for an operating-system error while reading ``path``."""
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            message = f"broken symbolic link (it points to {os.readlink(path)!r}, which does not exist)"
        else:
            message = "the file disappeared before it could be read"
    elif isinstance(exc, PermissionError):
        message = "permission denied"
    elif isinstance(exc, IsADirectoryError):
        message = "it is a folder, not a file"
    else:
        message = f"cannot read it: {exc.strerror or exc}"
    return UnreadableInputError(message, where=path)


def _read_limited(stream: ByteReader, max_bytes: int, *, where: str, what: str = "file") -> bytes:
    """At most ``max_bytes`` bytes; ``InputTooLargeError`` when the stream holds more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        message = (
            f"{what} is larger than the limit of {format_size(max_bytes)}; "
            f"pass --max-bytes with a larger value to read it"
        )
        raise InputTooLargeError(message, where=where)
    return data


def _format_of_text(text: str) -> str:
    """``jsonl``, ``html`` or ``text`` from the first non-blank line of decoded input."""
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if stripped:
            if stripped.startswith("{"):
                return "jsonl"
            return "html" if stripped.startswith("<") else "text"
    return "text"


def _sniff_stdin_format(stream: ByteReader, prefix: list[bytes], *, max_bytes: int) -> str | None:
    """``jsonl``, ``html`` or ``text`` from the first non-blank line; lines read go to ``prefix``.

    None for UTF-16/32 input (a byte-order mark): its lines can only be judged once decoded.
    """
    size = 0
    while size <= max_bytes:
        line = stream.readline(max_bytes + 1)
        if not line:
            return "text"
        prefix.append(line)
        size += len(line)
        bom = detect_bom(line[:4])
        if bom is not None and bom[0] != "utf-8":
            return None
        stripped = line.lstrip(b"\xef\xbb\xbf").strip()
        if stripped:
            if stripped.startswith(b"{"):
                return "jsonl"
            return "html" if stripped.startswith(b"<") else "text"
    return "text"  # nothing but blank lines up to the limit: the size check reports it


class _PrefixedStream:
    """Lines already read from a stream, then the rest of the stream (readline/read only)."""

    def __init__(self, prefix: list[bytes], stream: ByteReader) -> None:
        self._prefix = prefix
        self._stream = stream

    def readline(self, size: int = -1) -> bytes:
        if self._prefix:
            return self._prefix.pop(0)
        return self._stream.readline(size)

    def read(self, size: int = -1) -> bytes:
        head = b"".join(self._prefix)
        self._prefix = []
        if size < 0:
            return head + self._stream.read()
        if len(head) >= size:
            self._prefix = [head[size:]] if len(head) > size else []
            return head[:size]
        return head + self._stream.read(size - len(head))
