"""Ingest stage: files, folders, glob patterns, standard input, JSONL archives, URLs, feeds -> ``Document``.

Yields a ``Document`` with clean text, language and origin for each report, or an
``IngestFailure`` for each input that could not be read. ``fetch`` is the only network
code; ``addresses`` decides which hosts it may reach.
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
