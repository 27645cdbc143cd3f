"""Ingest stage: files, folders, glob patterns, standard input and JSONL archives -> ``Document``.

Reads local sources only (URLs are refused until the fetcher exists) and yields a
``Document`` with clean text, language and origin for each report, or an
``IngestFailure`` for each input that could not be read.
"""

from __future__ import annotations

from rasid.ingest.base import DEFAULT_MAX_BYTES, IngestFailure, parse_published
from rasid.ingest.decode import decode_bytes
from rasid.ingest.sources import FOLDER_EXTENSIONS, INPUT_FORMATS, iter_documents

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FOLDER_EXTENSIONS",
    "INPUT_FORMATS",
    "IngestFailure",
    "decode_bytes",
    "iter_documents",
    "parse_published",
]
