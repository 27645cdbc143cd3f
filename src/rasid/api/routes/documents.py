"""``GET /documents``, ``GET /documents/{id}`` and ``POST /documents`` (ingest and code one document)."""

from __future__ import annotations

import threading
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from rasid.api.deps import StoreDep, parse_day, require_key
from rasid.api.errors import problem_responses
from rasid.api.formats import Format, choose_format, csv_response, json_response, list_content, page_response
from rasid.api.models import DocumentDetail, DocumentIn, DocumentPage, IngestResult
from rasid.api.queries import BadQueryError, DocumentFilters, query_document_page
from rasid.errors import MalformedRecordError, RasidError
from rasid.ingest.archive import record_from_object
from rasid.ingest.base import build_document
from rasid.ingest.near_duplicates import NearDuplicateIndex
from rasid.pipeline import RunSummary, store_document
from rasid.records import Document
from rasid.store import Store

router = APIRouter(tags=["documents"])

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
DOCUMENT_COLUMNS = ("id", "url", "source", "title", "language", "published", "text_sha256")


@router.get(
    "/documents",
    response_model=DocumentPage,
    responses={**list_content(geojson=False), **problem_responses(400, 422)},
    summary="List stored documents",
)
def list_documents(
    request: Request,
    store: StoreDep,
    language: Annotated[str | None, Query(max_length=16, description="ISO 639-1 code.")] = None,
    source: Annotated[str | None, Query(max_length=200, description="Outlet name (case ignored).")] = None,
    since: Annotated[str | None, Query(max_length=32, description="Published on or after this date.")] = None,
    until: Annotated[
        str | None, Query(max_length=32, description="Published on or before this date.")
    ] = None,
    limit: Annotated[
        int, Query(ge=1, description=f"Documents per page (at most {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=2000, description="The previous page's next_cursor.")
    ] = None,
    fmt: Annotated[Format | None, Query(alias="format", description="json (default) or csv.")] = None,
) -> Response:
    """Stored documents by id, without their text (``GET /documents/{id}`` gives it)."""
    first = parse_day(since, end=False, name="since")
    last = parse_day(until, end=True, name="until")
    if first is not None and last is not None and first > last:
        raise BadQueryError(f"since {first} is after until {last}")
    size = min(limit, MAX_LIMIT)
    filters = DocumentFilters(language=language, source=source, since=first, until=last)
    page = query_document_page(store, filters, limit=size, cursor=cursor)
    rows = [doc.to_dict(with_text=False) for doc in page.items]
    if choose_format(request, fmt, allowed=("json", "csv")) == "csv":
        return csv_response(request, rows, DOCUMENT_COLUMNS, next_cursor=page.next_cursor)
    return page_response(request, "documents", rows, limit=size, next_cursor=page.next_cursor)


@router.get(
    "/documents/{document_id:path}",
    response_model=DocumentDetail,
    responses=problem_responses(404, 422),
    summary="One document with its text and events",
)
def get_document(store: StoreDep, document_id: str) -> Response:
    """One stored document with its clean text (that every span refers to) and its events."""
    document = store.get_document(document_id)
    if document is None:
        raise HTTPException(404, f"no document has the id {document_id!r}")
    found = store.query_events(document_id=document_id)
    return json_response({"document": document.to_dict(), "events": [e.to_dict() for e in found]})


class Ingester:
    """Codes and stores posted documents one at a time, with the near-duplicate index of ``rasid run``.

    The index is built from the store on the first post and kept; a lock serialises posts,
    so the index and the store's write transactions never interleave.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._index: NearDuplicateIndex | None = None

    def ingest(self, document: Document) -> RunSummary:
        """Store one document as ``rasid run`` would; returns the run summary of that one document."""
        summary = RunSummary()
        with self._lock:
            if self._index is None:
                index = NearDuplicateIndex()
                index.add_stored(self._store.load_minhashes())
                self._index = index
            store_document(document, store=self._store, index=self._index, summary=summary)
        summary.read = 1
        return summary


def _status(summary: RunSummary) -> str:
    for status, count in (
        ("stored", summary.stored),
        ("updated", summary.updated),
        ("unchanged", summary.unchanged),
        ("duplicate", summary.duplicates),
        ("near_duplicate", summary.near_duplicates),
    ):
        if count:
            return status
    raise HTTPException(422, "; ".join(summary.failures) or "the document was not stored")


def _document(body: DocumentIn) -> Document:
    try:
        record = record_from_object(body.as_record(), label="the document", where="request body")
        return build_document(
            document_id=record.id,
            raw_text=record.text,
            origin=f"api:{record.id}",
            language=record.language,
            published=record.published,
            url=record.url,
            source=record.source,
            title=record.title,
        )
    except MalformedRecordError as exc:
        raise HTTPException(422, exc.message) from exc
    except RasidError as exc:
        raise HTTPException(422, f"{exc.message} [{exc.code}]") from exc


@router.post(
    "/documents",
    response_model=IngestResult,
    status_code=201,
    dependencies=[Depends(require_key)],
    responses={
        200: {"model": IngestResult, "description": "Already stored"},
        **problem_responses(401, 403, 413, 422, 503),
    },
    summary="Ingest and code one document (needs an API key)",
)
def post_document(request: Request, store: StoreDep, body: DocumentIn) -> Response:
    """Code and store one document, as one line of ``rasid run FILE.jsonl`` would be.

    Answers 201 with the stored document and its events when it is new or its text changed
    (``stored``/``updated``), 200 when nothing was written (``unchanged``, ``duplicate``
    of another id's text, or ``near_duplicate``: stored, linked to its original, not coded).
    """
    document = _document(body)
    ingester: Ingester = request.app.state.ingester
    try:
        status = _status(ingester.ingest(document))
    except RasidError as exc:
        raise HTTPException(503, f"the document was not stored: {exc.message}") from exc
    stored = store.get_document(document.id) if status != "duplicate" else None
    found = store.query_events(document_id=document.id) if stored is not None else []
    body_out: dict[str, Any] = {
        "status": status,
        "document": (stored or document).to_dict(with_text=False),
        "events": [e.to_dict() for e in found],
    }
    created = status in ("stored", "updated")
    headers = {"Location": f"/documents/{quote(document.id, safe='')}"} if stored is not None else {}
    return json_response(body_out, status_code=201 if created else 200, headers=headers)
