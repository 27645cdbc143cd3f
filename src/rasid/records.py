"""Records passed between the pipeline stages.

Every record is a frozen, slotted dataclass. ``to_dict`` methods produce exactly the
shape of the v1 contract (``event.schema.json``); ``from_dict`` functions read it back.
Spans are ``(start, end)`` character offsets into ``Document.text``, the clean text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

Span = tuple[int, int]

EVENT_TYPES: tuple[str, ...] = (
    "attack",
    "clash",
    "shelling",
    "airstrike",
    "explosive",
    "suicide_attack",
    "attack_on_civilians",
    "assassination",
    "abduction",
    "arrest",
    "sweep_operation",
    "territory_taken",
    "withdrawal",
    "deployment",
    "facilitation",
    "protest",
    "riot",
    "other",
)
MODALITIES: tuple[str, ...] = ("asserted", "claimed", "alleged", "denied", "negated", "hypothetical")
GENERICITIES: tuple[str, ...] = ("specific", "recurring")
ROLES: tuple[str, ...] = ("actor1", "actor2", "facilitator", "beneficiary", "victim", "other")
PLACE_PRECISIONS: tuple[str, ...] = ("point", "admin2", "admin1", "region", "country", "unknown")
TIME_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "quarter", "year", "unknown")


def sha256_text(text: str) -> str:
    """Hex sha256 of a text encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Document:
    """One report. ``text`` is the clean text that every span refers to."""

    id: str
    text: str
    language: str = "und"
    published: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    origin: str | None = None  # where it was read from (path, URL, archive:line)

    @property
    def text_sha256(self) -> str:
        """sha256 of the clean text."""
        return sha256_text(self.text)

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The ``document`` object of an extraction result."""
        out: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "title": self.title,
            "language": self.language,
            "published": self.published,
            "text_sha256": self.text_sha256,
        }
        if with_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document with its offsets."""

    text: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return (self.start, self.end)


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that a stage recognised (actor, place, time, trigger, number ...)."""

    kind: str
    text: str
    span: Span
    value: str | None = None  # what it resolved to: an actor id, a place key, an event type ...


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor taking part in an event, with the words that named it."""

    role: str
    id: str | None
    name: str
    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "id": self.id,
            "name": self.name,
            "text": self.text,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place. ``text``/``span`` are the words it came from, when it came from text."""

    name: str
    name_ar: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = "SY"
    precision: str = "unknown"
    text: str | None = None
    span: Span | None = None
    key: str | None = None  # gazetteer key

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "name_ar": self.name_ar,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "country": self.country,
            "precision": self.precision,
            "text": self.text,
            "span": list(self.span) if self.span is not None else None,
        }


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A resolved (or unresolved) time: ISO dates, precision and the words it came from."""

    start: str | None = None
    end: str | None = None
    precision: str = "unknown"
    text: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "precision": self.precision,
            "text": self.text,
        }
        if self.span is not None:
            out["span"] = list(self.span)
        return out


UNKNOWN_TIME = TimeValue()


@dataclass(frozen=True, slots=True)
class SideCount:
    """The part of a casualty figure that counts one side's people ("5 عناصر من قوات النظام")."""

    actor_id: str | None
    actor_text: str | None
    count: int | None = None
    min: int | None = None
    max: int | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "actor_text": self.actor_text,
            "count": self.count,
            "min": self.min,
            "max": self.max,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number of people: exact (``count``) or a range (``min``/``max``), and by side when known."""

    count: int | None = None
    min: int | None = None
    max: int | None = None
    text: str | None = None
    span: Span | None = None
    breakdown: tuple[SideCount, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"count": self.count, "min": self.min, "max": self.max, "text": self.text}
        if self.span is not None:
            out["span"] = list(self.span)
        if self.breakdown:
            out["breakdown"] = [part.to_dict() for part in self.breakdown]
        return out


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says so: the named source and the words that name it."""

    source: str
    text: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "text": self.text}
        if self.span is not None:
            out["span"] = list(self.span)
        return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event came from, and the trigger words inside it."""

    sentence: str
    span: Span
    trigger: str | None = None
    trigger_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sentence": self.sentence, "span": list(self.span)}
        if self.trigger is not None and self.trigger_span is not None:
            out["trigger"] = self.trigger
            out["trigger_span"] = list(self.trigger_span)
        return out


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event in the v1 contract."""

    id: str
    event_type: str
    modality: str
    genericity: str
    evidence: Evidence
    actors: tuple[ActorRef, ...] = ()
    location: Place | None = None
    time: TimeValue = field(default=UNKNOWN_TIME)
    fatalities: Quantity | None = None
    injuries: Quantity | None = None
    attribution: Attribution | None = None
    # Killed and wounded under one figure ("12 بين قتيل وجريح"): counted as neither.
    casualties: Quantity | None = None
    sub_type: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    plover: str | None = None
    confidence: float = 0.5
    extractor: str | None = None
    document_id: str | None = None
    cluster_id: str | None = None

    def with_ids(self, *, document_id: str | None, cluster_id: str | None) -> Event:
        """A copy that carries its stored document and cluster ids (``self`` when it does already)."""
        if document_id == self.document_id and cluster_id == self.cluster_id:
            return self
        # Field by field rather than dataclasses.replace: stores copy every event they save,
        # and the fields were checked when ``self`` was made. (Half the time of replace.)
        copy = object.__new__(Event)
        for name in _EVENT_FIELDS_BUT_IDS:
            object.__setattr__(copy, name, getattr(self, name))
        object.__setattr__(copy, "document_id", document_id)
        object.__setattr__(copy, "cluster_id", cluster_id)
        return copy

    def to_dict(self) -> dict[str, Any]:
        """The event object of the v1 contract (plus the additive ``extractor`` and ``casualties`` fields)."""
        return {
            "id": self.id,
            "event_type": self.event_type,
            "sub_type": self.sub_type,
            "acled": {
                "event_type": self.acled_event_type or "",
                "sub_event_type": self.acled_sub_event_type or "",
            },
            "plover": self.plover or "",
            "modality": self.modality,
            "genericity": self.genericity,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "actors": [a.to_dict() for a in self.actors],
            "location": self.location.to_dict() if self.location else None,
            "time": self.time.to_dict(),
            "fatalities": self.fatalities.to_dict() if self.fatalities else None,
            "injuries": self.injuries.to_dict() if self.injuries else None,
            "casualties": self.casualties.to_dict() if self.casualties else None,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
            "document_id": self.document_id,
            "cluster_id": self.cluster_id,
        }


_EVENT_FIELDS_BUT_IDS = tuple(f.name for f in fields(Event) if f.name not in ("document_id", "cluster_id"))


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """The events coded from one document (or the error that stopped it)."""

    document: Document
    events: tuple[Event, ...] = ()
    error: str | None = None

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "document": self.document.to_dict(with_text=with_text),
            "events": [e.to_dict() for e in self.events],
        }
        if self.error:
            out["error"] = self.error
        return out


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """The last fetch of one URL: its validators (ETag, Last-Modified), outcome and document.

    ``fetched_at`` is an ISO 8601 UTC time; ``error`` holds the failure, if any.
    """

    url: str
    fetched_at: str
    final_url: str | None = None
    status_code: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_sha256: str | None = None
    document_id: str | None = None
    error: str | None = None


def _span(value: Any) -> Span | None:
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return (int(value[0]), int(value[1]))
    return None


def _quantity(value: Any) -> Quantity | None:
    if not isinstance(value, dict):
        return None
    breakdown = tuple(
        SideCount(
            p.get("actor_id"), p.get("actor_text"), p.get("count"), p.get("min"), p.get("max"), p.get("text")
        )
        for p in value.get("breakdown") or []
        if isinstance(p, dict)
    )
    return Quantity(
        value.get("count"),
        value.get("min"),
        value.get("max"),
        value.get("text"),
        _span(value.get("span")),
        breakdown,
    )


def event_from_dict(data: dict[str, Any]) -> Event:
    """Read an event back from its v1 dict (as stored or as printed)."""
    loc = data.get("location")
    place = None
    if isinstance(loc, dict):
        place = Place(
            name=loc.get("name") or "",
            name_ar=loc.get("name_ar"),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            admin1=loc.get("admin1"),
            admin2=loc.get("admin2"),
            country=loc.get("country"),
            precision=loc.get("precision") or "unknown",
            text=loc.get("text"),
            span=_span(loc.get("span")),
        )
    t = data.get("time") or {}
    ev = data["evidence"]
    attr = data.get("attribution")
    acled = data.get("acled") or {}
    return Event(
        id=data["id"],
        event_type=data["event_type"],
        modality=data["modality"],
        genericity=data["genericity"],
        evidence=Evidence(
            sentence=ev["sentence"],
            span=_span(ev["span"]) or (0, 0),
            trigger=ev.get("trigger"),
            trigger_span=_span(ev.get("trigger_span")),
        ),
        actors=tuple(
            ActorRef(
                a["role"], a.get("id"), a.get("name") or "", a.get("text") or "", _span(a["span"]) or (0, 0)
            )
            for a in data.get("actors") or []
        ),
        location=place,
        time=TimeValue(
            t.get("start"), t.get("end"), t.get("precision") or "unknown", t.get("text"), _span(t.get("span"))
        ),
        fatalities=_quantity(data.get("fatalities")),
        injuries=_quantity(data.get("injuries")),
        casualties=_quantity(data.get("casualties")),
        attribution=Attribution(attr["source"], attr["text"], _span(attr.get("span")))
        if isinstance(attr, dict)
        else None,
        sub_type=data.get("sub_type"),
        acled_event_type=acled.get("event_type") or None,
        acled_sub_event_type=acled.get("sub_event_type") or None,
        plover=data.get("plover") or None,
        confidence=float(data.get("confidence", 0.5)),
        extractor=data.get("extractor"),
        document_id=data.get("document_id"),
        cluster_id=data.get("cluster_id"),
    )
