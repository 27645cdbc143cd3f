"""JSONL archives (one document per line), read as a stream, and ``.json`` document files.

A line is ``{"id": ..., "text": ..., "language": ..., "published": ..., "url": ...,
"source": ..., "title": ...}``; only ``id`` and ``text`` are required and other keys are
ignored. A bad line becomes an ``IngestFailure`` naming its line number; the rest go on.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rasid.errors import (
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    MalformedRecordError,
    RasidError,
)
from rasid.ingest.base import ByteReader, IngestFailure, format_size, parse_published, suggest_max_bytes
from rasid.ingest.decode import SNIFF_BYTES, decode_bytes, describe_binary, detect_bom

logger = logging.getLogger(__name__)

_DRAIN_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """One validated archive entry (text not yet cleaned)."""

    id: str
    text: str
    where: str
    language: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None


def iter_archive(
    stream: ByteReader, *, origin: str, max_bytes: int
) -> Iterator[ArchiveRecord | IngestFailure]:
    """Records of a JSONL stream, read one line at a time (never the whole stream).

    Blank lines are skipped. A line longer than ``max_bytes`` fails on its own
    (``InputTooLargeError``); a line that is not a JSON object with ``id`` and ``text``
    fails with ``MalformedRecordError``. UTF-16/32 archives (with a byte-order mark) are
    decoded whole, so they are limited to ``max_bytes``.
    """
    first = stream.readline(max_bytes + 1)
    bom = detect_bom(first[:4])
    if bom is not None and bom[0] != "utf-8":
        yield from _iter_wide_archive(first, stream, codec=bom[0], origin=origin, max_bytes=max_bytes)
        return
    if first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8) :]
    line_number = 0
    checked_binary = False
    too_long = False
    chunk = first
    while chunk:
        line_number += 1
        where = f"{origin}:{line_number}"
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            too_long = True
            size = len(chunk) + _drain_line(stream)
            yield _too_long_line(line_number, size, origin=origin, max_bytes=max_bytes)
        elif chunk.strip():
            if not checked_binary:
                checked_binary = True
                reason = describe_binary(chunk[:SNIFF_BYTES])
                if reason is not None:
                    yield IngestFailure(
                        origin, BinaryInputError(f"not a JSONL archive: {reason}", where=origin)
                    )
                    return
            yield _record_from_line(chunk, line_number=line_number, where=where, origin=origin)
        chunk = stream.readline(max_bytes + 1)
    if not checked_binary and not too_long:
        message = "the archive has no records (it is empty or holds only blank lines)"
        yield IngestFailure(origin, EmptyInputError(message, where=origin))


def iter_json_file(data: bytes, *, origin: str, max_bytes: int) -> Iterator[ArchiveRecord | IngestFailure]:
    """Records of a ``.json`` file: one object, an array of objects, or JSON Lines."""
    try:
        text = decode_bytes(data, where=origin).lstrip("\ufeff")
    except RasidError as exc:
        yield IngestFailure(origin, exc)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        if _is_json_object(first_line):  # JSON Lines under a .json name
            yield from iter_archive(io.BytesIO(text.encode("utf-8")), origin=origin, max_bytes=max_bytes)
            return
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        yield IngestFailure(origin, MalformedRecordError(message, where=origin))
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield _record_or_failure(item, label=f"item {index}", where=f"{origin}[{index}]", origin=origin)
    else:
        yield _record_or_failure(value, label="the document", where=origin, origin=origin)


def record_from_object(value: Any, *, label: str, where: str) -> ArchiveRecord:
    """Validate one archive object; ``label`` names it in messages (``line 7``).

    Raises ``MalformedRecordError`` when it is not an object, lacks ``id`` or ``text``,
    has a non-string ``text`` or a ``published`` value that is not a date.
    """
    if not isinstance(value, dict):
        raise MalformedRecordError(
            f'{label} is a JSON {_json_kind(value)}, expected an object with "id" and "text"'
        )
    document_id = coerce_id(value.get("id"))
    if document_id is None:
        if value.get("id") is None:
            raise MalformedRecordError(f'{label} has no "id"')
        raise MalformedRecordError(
            f'{label}: "id" must be a string or a number, not {_json_kind(value["id"])}'
        )
    text = value.get("text")
    if text is None:
        raise MalformedRecordError(f'{label} (id {document_id!r}) has no "text"')
    if not isinstance(text, str):
        raise MalformedRecordError(
            f'{label} (id {document_id!r}): "text" must be a string, not {_json_kind(text)}'
        )
    return ArchiveRecord(
        id=document_id,
        text=text,
        where=where,
        language=_optional_language(value.get("language"), where=where),
        published=_optional_published(value.get("published"), label=label, document_id=document_id),
        url=_optional_string(value, "url", where=where),
        source=_optional_string(value, "source", where=where),
        title=_optional_string(value, "title", where=where),
    )


def coerce_id(value: Any) -> str | None:
    """An archive id as a string: strings as they are, numbers converted; None when unusable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _record_from_line(
    raw: bytes, *, line_number: int, where: str, origin: str
) -> ArchiveRecord | IngestFailure:
    label = f"line {line_number}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line = decode_bytes(raw, where=where)
        except RasidError as exc:
            return IngestFailure(where, type(exc)(f"{label}: {exc.message}", where=origin))
        logger.warning("%s: line is not UTF-8; decoded it as a legacy encoding", where)
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        message = f"{label} is not valid JSON: {exc.msg} (column {exc.colno})"
        return IngestFailure(where, MalformedRecordError(message, where=origin))
    return _record_or_failure(value, label=label, where=where, origin=origin)


def _record_or_failure(value: Any, *, label: str, where: str, origin: str) -> ArchiveRecord | IngestFailure:
    try:
        return record_from_object(value, label=label, where=where)
    except MalformedRecordError as exc:
        document_id = coerce_id(value.get("id")) if isinstance(value, dict) else None
        return IngestFailure(where, MalformedRecordError(exc.message, where=origin), document_id)


def _iter_wide_archive(
    first: bytes, stream: ByteReader, *, codec: str, origin: str, max_bytes: int
) -> Iterator[ArchiveRecord | IngestFailure]:
    data = first + stream.read(max_bytes + 1 - len(first))
    if len(data) > max_bytes:
        size = len(data) + _drain_all(stream)
        message = (
            f"{codec} archive is {format_size(size)}, larger than the limit of {format_size(max_bytes)}; "
            f"convert it to UTF-8 to stream it, or pass --max-bytes {suggest_max_bytes(size)}"
        )
        yield IngestFailure(origin, InputTooLargeError(message, where=origin))
        return
    try:
        text = decode_bytes(data, where=origin)
    except RasidError as exc:
        yield IngestFailure(origin, exc)
        return
    yield from iter_archive(io.BytesIO(text.encode("utf-8")), origin=origin, max_bytes=max_bytes)


def _too_long_line(line_number: int, size: int, *, origin: str, max_bytes: int) -> IngestFailure:
    message = (
        f"line {line_number} is {format_size(size)}, larger than the limit of {format_size(max_bytes)}; "
        f"pass --max-bytes {suggest_max_bytes(size)} to read it"
    )
    return IngestFailure(f"{origin}:{line_number}", InputTooLargeError(message, where=origin))


def _drain_line(stream: ByteReader) -> int:
    """Skip the rest of an over-long line; the number of bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_DRAIN_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _drain_all(stream: ByteReader) -> int:
    skipped = 0
    while chunk := stream.read(_DRAIN_CHUNK):
        skipped += len(chunk)
    return skipped


def _optional_language(value: Any, *, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        logger.warning("%s: ignoring non-string language %r", where, value)
        return None
    language = value.strip().lower()
    return None if language in ("", "auto") else language


def _optional_published(value: Any, *, label: str, document_id: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MalformedRecordError(
            f'{label} (id {document_id!r}): "published" must be a YYYY-MM-DD string or null, '
            f"not {_json_kind(value)}"
        )
    try:
        return parse_published(value)
    except ValueError as exc:
        raise MalformedRecordError(f"{label} (id {document_id!r}): {exc}") from None


def _optional_string(value: dict[str, Any], key: str, *, where: str) -> str | None:
    item = value.get(key)
    if item is None or isinstance(item, str):
        return item.strip() or None if item else None
    logger.warning("%s: ignoring non-string %s %r", where, key, item)
    return None


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
