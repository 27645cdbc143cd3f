"""Shared pieces of the ingest stage: the failure record, limits, dates and document assembly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from rasid.errors import EmptyInputError, RasidError
from rasid.records import Document
from rasid.text.clean import clean_text
from rasid.text.language import detect_language

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)


class ByteReader(Protocol):
    """What the readers need from a byte stream (a binary file, ``sys.stdin.buffer``)."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """A source (or one line of an archive) that could not become a document.

    ``where`` is a path, ``path:LINE`` or ``<stdin>:LINE``; ``error`` carries the code and
    a message a user can act on; ``document_id`` is set for archive lines that had an id.
    """

    where: str
    error: RasidError
    document_id: str | None = None


def parse_published(value: str) -> str:
    """The ``YYYY-MM-DD`` date of a published value: a date or a full ISO datetime.

    The date part is kept as written (no time-zone shift). Raises ``ValueError`` with a
    message naming the accepted forms when the value is neither or is not a real date.
    """
    text = value.strip()
    if _DATE.fullmatch(text):
        day = text
    else:
        match = _DATETIME.fullmatch(text)
        if match is None:
            raise ValueError(f"published {value!r} is not a date: expected YYYY-MM-DD or an ISO datetime")
        day = match.group(1)
        try:
            datetime.fromisoformat(text.replace(",", ".").replace(" ", "T", 1))
        except ValueError as exc:
            raise ValueError(f"published {value!r} is not a valid ISO datetime: {exc}") from None
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError as exc:
        raise ValueError(f"published {value!r} is not a real date: {exc}") from None


def format_size(size: int) -> str:
    """A byte count for people: ``20.0 MiB (20971520 bytes)``."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size} bytes)"
    return f"{size} bytes"


def suggest_max_bytes(size: int) -> int:
    """A round ``--max-bytes`` value comfortably above ``size``."""
    step = 1 << 20
    return ((size * 5 // 4) // step + 1) * step


def build_document(
    *,
    document_id: str,
    raw_text: str,
    origin: str,
    language: str | None = None,
    published: str | None = None,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Document:
    """A document with clean text and a language (given, or detected from the clean text).

    Raises ``EmptyInputError`` when nothing but whitespace or boilerplate is left.
    """
    text = clean_text(raw_text)
    if not text:
        raise EmptyInputError("no text left after cleaning (the input is empty or whitespace)", where=origin)
    clean_title = " ".join(title.split()) if title else None
    return Document(
        id=document_id,
        text=text,
        language=language or detect_language(text),
        published=published,
        url=url or None,
        source=source or None,
        title=clean_title or None,
        origin=origin,
    )
