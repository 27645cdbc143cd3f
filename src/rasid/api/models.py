"""Pydantic models of what the API reads and answers: the v1 event record, documents, pages.

The response models describe the JSON for the OpenAPI schema; the handlers send the
records' own ``to_dict`` output, so an event is byte for byte the object that
``rasid events --format json`` prints (optional keys such as ``time.span`` appear only when
the record has them, as there). ``DocumentIn`` is the one request body: a line of
``rasid extract --input-format jsonl``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rasid.records import EVENT_TYPES, GENERICITIES, MODALITIES, PLACE_PRECISIONS, ROLES, TIME_PRECISIONS

Span = Annotated[list[int], Field(min_length=2, max_length=2, description="[start, end) offsets")]

EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Modality = Literal[MODALITIES]  # type: ignore[valid-type]
Genericity = Literal[GENERICITIES]  # type: ignore[valid-type]
Role = Literal[ROLES]  # type: ignore[valid-type]
PlacePrecision = Literal[PLACE_PRECISIONS]  # type: ignore[valid-type]
TimePrecision = Literal[TIME_PRECISIONS]  # type: ignore[valid-type]


class _Open(BaseModel):
    # Fields may be added to the v1 record: the models describe it without hiding new keys.
    model_config = ConfigDict(extra="allow")


class ActorOut(_Open):
    """An actor taking part in an event."""

    role: Role
    id: str | None
    name: str
    text: str
    span: Span


class SideCountOut(_Open):
    """The part of a casualty figure that counts one side's people."""

    actor_id: str | None = None
    actor_text: str | None = None
    count: int | None = None
    min: int | None = None
    max: int | None = None
    text: str | None = None


class QuantityOut(_Open):
    """A number of people: exact or a range."""

    count: int | None = None
    min: int | None = None
    max: int | None = None
    text: str | None = None
    span: Span | None = None
    breakdown: list[SideCountOut] | None = None


class PlaceOut(_Open):
    """Where an event happened."""

    name: str
    name_ar: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    precision: PlacePrecision = "unknown"
    text: str | None = None
    span: Span | None = None


class TimeOut(_Open):
    """When an event happened."""

    start: str | None = None
    end: str | None = None
    precision: TimePrecision = "unknown"
    text: str | None = None
    span: Span | None = None


class AttributionOut(_Open):
    """Who says so."""

    source: str
    text: str
    span: Span | None = None


class EvidenceOut(_Open):
    """The sentence an event came from and its trigger words."""

    sentence: str
    span: Span
    trigger: str | None = None
    trigger_span: Span | None = None


class AcledOut(_Open):
    """The ACLED event type and sub-event type."""

    event_type: str
    sub_event_type: str


class EventOut(_Open):
    """One stored event: the v1 record of ``event.schema.json``."""

    id: str
    event_type: EventType
    sub_type: str | None = None
    acled: AcledOut | None = None
    plover: str | None = None
    modality: Modality
    genericity: Genericity
    attribution: AttributionOut | None = None
    actors: list[ActorOut]
    location: PlaceOut | None
    time: TimeOut
    fatalities: QuantityOut | None = None
    injuries: QuantityOut | None = None
    casualties: QuantityOut | None = None  # killed and wounded under one figure, counted as neither
    evidence: EvidenceOut
    confidence: float | None = Field(default=None, ge=0, le=1)
    extractor: str | None = None
    document_id: str | None = None
    cluster_id: str | None = None


class EventPage(BaseModel):
    """A page of events; pass ``next_cursor`` as ``cursor`` for the next one."""

    events: list[EventOut]
    limit: int
    next_cursor: str | None


class DocumentOut(_Open):
    """A stored document (the ``document`` object of a v1 result); ``text`` only where asked."""

    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    language: str
    published: str | None = None
    text_sha256: str
    text: str | None = None


class DocumentPage(BaseModel):
    """A page of documents, without their text."""

    documents: list[DocumentOut]
    limit: int
    next_cursor: str | None


class EventDetail(BaseModel):
    """One event with the documents it was coded from (its own first, then its cluster's)."""

    event: EventOut
    documents: list[DocumentOut]


class DocumentDetail(BaseModel):
    """One document with its text and its stored events."""

    document: DocumentOut
    events: list[EventOut]


class ActorInfo(BaseModel):
    """An actor of the dictionary."""

    id: str
    parent_id: str | None
    name: str
    name_ar: str | None


class ActorList(BaseModel):
    """The actor dictionary."""

    actors: list[ActorInfo]


class PlaceInfo(BaseModel):
    """A place of the bundled gazetteer."""

    key: str
    kind: str
    name: str
    name_ar: str | None
    lat: float
    lon: float
    admin1: str | None
    admin2: str | None
    precision: PlacePrecision
    population: int | None


class PlacePage(BaseModel):
    """Places whose names start with the query."""

    places: list[PlaceInfo]
    limit: int
    next_cursor: str | None


class StatsRow(BaseModel):
    """How many events fall in one period and group."""

    model_config = ConfigDict(extra="allow")

    period: str | None
    event_type: str | None = None
    actor: str | None = None
    admin1: str | None = None
    count: int


class Stats(BaseModel):
    """Event counts by period and by the requested dimensions."""

    interval: Literal["day", "week", "month"]
    by: list[Literal["type", "actor", "admin1"]]
    total: int
    rows: list[StatsRow]


class DocumentIn(BaseModel):
    """A document to ingest: the same object as a line of ``rasid extract --input-format jsonl``."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "id": "report-1",
                    "text": "قُتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين أمس.",
                    "language": "ar",
                    "published": "2021-05-10",
                }
            ]
        },
    )

    id: str | int = Field(description="the document's id (a string, or a number taken as a string)")
    text: str = Field(description="the report's text")
    language: str | None = Field(default=None, description="ISO 639-1 code; detected when null")
    published: str | None = Field(default=None, description="publication date, YYYY-MM-DD")
    url: str | None = None
    source: str | None = None
    title: str | None = None

    def as_record(self) -> dict[str, Any]:
        """The object as ``rasid.ingest.archive.record_from_object`` reads it."""
        return self.model_dump()


class IngestResult(BaseModel):
    """What ``POST /documents`` did: the outcome, the stored document and its events."""

    status: Literal["stored", "updated", "unchanged", "duplicate", "near_duplicate"]
    document: DocumentOut
    events: list[EventOut]


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
