"""Cross-document deduplication: which coded events report the same real-world incident.

Reads events (``Report``: an event seen with its document's language, source and date) and
assigns each a cluster id, with the reasons. Pure logic, no database: ``rasid.store.clusters``
loads candidates from the store and writes the result.

How a report finds its cluster:

1. **Blocking** (``ClusterIndex``): candidates come from buckets keyed by day and by place
   (a 0.5° grid cell for precise places, the governorate for coarse ones, the top-level
   actors for reports without a place); only reports whose date ranges lie within
   ``slack_days`` of each other and whose places can match are ever compared, never all pairs.
2. **Pair score** (``score_pair``): a weighted mean of the features both reports have:
   event-type compatibility, top-level actor overlap, place distance or admin match, date
   overlap, casualty agreement and evidence-text similarity (embeddings or words). Hard
   vetoes: incompatible types, dates apart, precise places farther than ``radius_km``,
   different governorates.
3. **Attachment**: a report joins the best cluster whose best member scores at least
   ``link`` and none of whose members vetoes it or comes from the same document (a round-up
   lists several incidents: one document never reports one incident twice). A report
   without a usable place or date joins only on strong evidence (a shared actor, text
   similarity ``strong_text`` and score ``strong``) and is marked ``weak``. A report placed
   only in the country ("in Syria") counts as placed, with the low place score
   ``country_place``, beside a placed report that shares one of its parties.
4. **Merges**: when a report also scores ``merge`` with a second cluster, the two merge;
   the cluster assigned first (the oldest) keeps its id, the other id is reported in a
   ``Merge`` so that the store can log it. Ids never change otherwise.

Weights, thresholds and type classes live in ``rasid/data/dedup.toml``.
"""

from __future__ import annotations

import math
import tomllib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from rasid.errors import DataFileError
from rasid.records import Document, Event
from rasid.resolve.similarity import content_words, embedding_similarity, word_similarity
from rasid.text.normalize import normalize_text

DEDUP_VERSION = "rasid.dedup/1"
PRECISE_PLACES = frozenset({"point", "admin2"})
COARSE_PLACES = frozenset({"admin1", "region"})
DATED_PRECISIONS = frozenset({"day", "week"})
NON_PARTIES = frozenset({"CIV"})  # victims are not a party that tells two incidents apart
CELL_DEGREES = 0.5
UNDATED_KEPT = 5000  # undated, unanchored reports an index keeps (the most recent)
_EARTH_KM = 6371.0
_FEATURES = ("type", "actors", "place", "date", "casualties", "text")


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Thresholds, weights and event-type classes (``rasid/data/dedup.toml``)."""

    link: float
    merge: float
    strong: float
    strong_text: float
    slack_days: int
    max_span_days: int
    radius_km: float
    weights: Mapping[str, float]
    type_class: Mapping[str, str]
    related: frozenset[frozenset[str]]
    same_type: float
    same_class: float
    related_score: float
    stopwords: frozenset[str] = frozenset()
    country_place: float = 0.4

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DedupConfig:
        """Read the configuration from the parsed TOML; raises ``DataFileError`` when malformed."""
        try:
            thresholds, window, types = data["thresholds"], data["window"], data["types"]
            type_class = {t: name for name, members in types["classes"].items() for t in members}
            related = frozenset(frozenset(pair) for pair in types["related_classes"]["pairs"])
            config = cls(
                link=float(thresholds["link"]),
                merge=float(thresholds["merge"]),
                strong=float(thresholds["strong"]),
                strong_text=float(thresholds["strong_text"]),
                slack_days=int(window["slack_days"]),
                max_span_days=int(window["max_span_days"]),
                radius_km=float(window["radius_km"]),
                weights={k: float(data["weights"][k]) for k in _FEATURES},
                type_class=type_class,
                related=related,
                same_type=float(types["same_type"]),
                same_class=float(types["same_class"]),
                related_score=float(types["related"]),
                country_place=float(window.get("country_place", 0.4)),
                stopwords=frozenset(
                    normalize_text(str(w)).lower() for w in data.get("stopwords", {}).get("words", [])
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataFileError(f"dedup.toml: malformed ({exc!r})") from exc
        if not 0 < config.link <= config.merge <= 1 or not 0 < config.strong <= 1:
            raise DataFileError("dedup.toml: thresholds must satisfy 0 < link <= merge <= 1")
        if not 0 <= config.country_place <= 1:
            raise DataFileError("dedup.toml: country_place must lie in [0, 1]")
        if config.radius_km <= 0 or config.slack_days < 0 or config.max_span_days < 1:
            raise DataFileError("dedup.toml: window values out of range")
        return config

    @classmethod
    def load_default(cls) -> DedupConfig:
        """The bundled configuration (read once)."""
        return _default_config()


@lru_cache(maxsize=1)
def _default_config() -> DedupConfig:
    text = resources.files("rasid.data").joinpath("dedup.toml").read_text(encoding="utf-8")
    return DedupConfig.from_dict(tomllib.loads(text))


@dataclass(frozen=True, slots=True)
class Report:
    """One event as the clusterer sees it: its features, document, language and source.

    ``start``/``end`` are day ordinals of a usable date range (None when the event's date is
    unknown or vaguer than ``max_span_days``); ``anchor`` is the publication day, used
    only to find candidates for an undated report. ``vector`` is the evidence sentence's
    embedding (float32 bytes) when an encoder was available.
    """

    event_id: str
    document_id: str
    event_type: str
    actors: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    place_precision: str = "unknown"
    start: int | None = None
    end: int | None = None
    anchor: int | None = None
    fatalities: tuple[int, int] | None = None
    words: frozenset[str] = frozenset()
    vector: bytes | None = None
    language: str = "und"
    source: str | None = None

    @property
    def precise(self) -> bool:
        """A town, village or district with coordinates."""
        return self.place_precision in PRECISE_PLACES and self.lat is not None and self.lon is not None

    @property
    def located(self) -> bool:
        """A place at least as precise as a governorate (region included) that names its governorate."""
        return self.precise or (self.place_precision in COARSE_PLACES and self.admin1 is not None)

    @property
    def in_country_only(self) -> bool:
        """Placed only in the country as a whole ("an attack in Syria")."""
        return self.place_precision == "country"

    @property
    def dated(self) -> bool:
        """A date range of at most ``max_span_days`` days."""
        return self.start is not None and self.end is not None


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _bounds(event: Event) -> tuple[int, int] | None:
    quantity = event.fatalities
    if quantity is None:
        return None
    if quantity.count is not None:
        return (quantity.count, quantity.count)
    if quantity.min is not None or quantity.max is not None:
        low = quantity.min if quantity.min is not None else quantity.max
        high = quantity.max if quantity.max is not None else quantity.min
        if low is not None and high is not None:
            return (low, high)
    return None


def report_of(
    event: Event,
    *,
    document: Document | None = None,
    vector: bytes | None = None,
    config: DedupConfig | None = None,
) -> Report:
    """The ``Report`` of a coded event, with its document's language, source and publication date."""
    config = config or DedupConfig.load_default()
    start, end = _day(event.time.start), _day(event.time.end)
    if start is not None and end is None:
        end = start
    if (
        start is None
        or end is None
        or event.time.precision not in DATED_PRECISIONS
        or end < start
        or end - start + 1 > config.max_span_days
    ):
        start = end = None
    place = event.location
    return Report(
        event_id=event.id,
        document_id=event.document_id or (document.id if document else ""),
        event_type=event.event_type,
        actors=frozenset(
            a.id.split(".", 1)[0] for a in event.actors if a.id and a.id.split(".", 1)[0] not in NON_PARTIES
        ),
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        place_precision=place.precision if place else "unknown",
        start=start,
        end=end,
        anchor=_day(document.published) if document else None,
        fatalities=_bounds(event),
        words=content_words(event.evidence.sentence, stopwords=config.stopwords),
        vector=vector,
        language=document.language if document else "und",
        source=(document.source or None) if document else None,
    )


@dataclass(frozen=True, slots=True)
class PairScore:
    """How two reports compare: the score, each feature's score, and a veto when they cannot match."""

    score: float
    features: Mapping[str, float]
    veto: str | None = None
    weak: bool = False  # one of them lacks a place or a date: only strong evidence counts

    def passes(self, threshold: float, config: DedupConfig) -> bool:
        """True when the pair links at ``threshold`` (weak pairs need the strong-evidence rule too)."""
        if self.veto is not None:
            return False
        if self.weak:
            return (
                self.score >= max(threshold, config.strong)
                and self.features.get("text", 0.0) >= config.strong_text
                and self.features.get("actors", 0.0) > 0
            )
        return self.score >= threshold


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def type_score(a: str, b: str, config: DedupConfig) -> float:
    """1 for the same type, less for the same class or related classes, 0 when incompatible."""
    if a == b:
        return config.same_type
    class_a, class_b = config.type_class.get(a), config.type_class.get(b)
    if class_a is None or class_b is None:
        return 0.0
    if class_a == class_b:
        return config.same_class
    if frozenset((class_a, class_b)) in config.related:
        return config.related_score
    return 0.0


def _veto(reason: str) -> PairScore:
    return PairScore(0.0, {}, reason)


def score_pair(a: Report, b: Report, config: DedupConfig | None = None) -> PairScore:
    """Compare two reports feature by feature; the score is the weighted mean of the features both have."""
    config = config or DedupConfig.load_default()
    features: dict[str, float] = {}
    kind = type_score(a.event_type, b.event_type, config)
    if kind == 0:
        return _veto(f"types {a.event_type} and {b.event_type} are incompatible")
    features["type"] = kind
    if a.dated and b.dated:
        assert a.start is not None and a.end is not None and b.start is not None and b.end is not None
        overlap = min(a.end, b.end) - max(a.start, b.start) + 1
        if overlap > 0:
            # Containment, squared: a day inside the other's week matches; shifted weeks fall off fast.
            features["date"] = (overlap / min(a.end - a.start + 1, b.end - b.start + 1)) ** 2
        elif -overlap < config.slack_days:
            # A day or two apart: a report's "on Wednesday" may be when it was said, not done.
            features["date"] = 0.3 / (1 - overlap)
        else:
            return _veto(f"dates {-overlap + 1} days apart")
    if a.located and b.located:
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return _veto(f"governorates {a.admin1} and {b.admin1} differ")
        if a.precise and b.precise:
            assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
            distance = _haversine_km(a.lat, a.lon, b.lat, b.lon)
            if distance > config.radius_km:
                return _veto(f"places {distance:.0f} km apart")
            features["place"] = max(0.0, 1 - distance / config.radius_km)
        elif a.admin2 and a.admin2 == b.admin2:
            features["place"] = 0.8
        else:
            features["place"] = 0.6
    elif _country_beside_place(a, b):
        # "An attack in Syria" may be the attack another report places in a town: compatible,
        # weak evidence, and only between reports that share a party.
        features["place"] = config.country_place
    if a.actors and b.actors:
        features["actors"] = len(a.actors & b.actors) / len(a.actors | b.actors)
    if a.fatalities is not None and b.fatalities is not None:
        features["casualties"] = _casualty_agreement(a.fatalities, b.fatalities)
    text = None
    if a.vector is not None and b.vector is not None:
        text = embedding_similarity(a.vector, b.vector)
    if text is None and (a.language == b.language or "und" in (a.language, b.language)):
        # Words say nothing across languages: without embeddings the text feature is left out.
        text = word_similarity(a.words, b.words)
    if text is not None:
        features["text"] = text
    total = sum(config.weights[k] for k in features)
    score = sum(config.weights[k] * v for k, v in features.items()) / total if total else 0.0
    placed = (a.located and b.located) or "place" in features
    weak = not (placed and a.dated and b.dated)
    return PairScore(round(score, 4), {k: round(v, 4) for k, v in features.items()}, None, weak)


def _country_beside_place(a: Report, b: Report) -> bool:
    """One report placed only in the country, the other there too or located, with a shared party."""
    return (
        (a.in_country_only or b.in_country_only)
        and (a.in_country_only or a.located)
        and (b.in_country_only or b.located)
        and not a.actors.isdisjoint(b.actors)
    )


def _casualty_agreement(a: tuple[int, int], b: tuple[int, int]) -> float:
    """1 when the ranges overlap, else the ratio of the nearer ends (tolls rise as reports come in)."""
    if a[0] <= b[1] and b[0] <= a[1]:
        return 1.0
    low, high = (a, b) if a[1] < b[0] else (b, a)
    return ((low[1] + 1) / (high[0] + 1)) ** 2


@dataclass(frozen=True, slots=True)
class Attachment:
    """Where one report went: its cluster, the score, and the reasons (features that matched).

    ``matched`` is the member event it scored best with (None for a new cluster); ``weak``
    marks a report that joined without a usable place or date, on text and actors alone.
    """

    event_id: str
    cluster_id: str
    score: float | None
    reasons: Mapping[str, Any]
    matched: str | None = None
    weak: bool = False

    @property
    def new_cluster(self) -> bool:
        """True when the report started its own cluster."""
        return self.matched is None


@dataclass(frozen=True, slots=True)
class Merge:
    """Two clusters found to be one incident: ``absorbed`` takes the id ``kept`` (the older)."""

    kept: str
    absorbed: str
    event_id: str  # the report that linked them
    score: float
    reasons: Mapping[str, Any]


@dataclass(slots=True)
class _Cluster:
    id: str
    rank: int
    members: list[str] = field(default_factory=list)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES))


def _index_keys(report: Report) -> list[tuple[Any, ...]]:
    keys: list[tuple[Any, ...]] = [("actor", actor) for actor in report.actors]
    if report.precise:
        assert report.lat is not None and report.lon is not None
        keys.append(("cell", *_cell(report.lat, report.lon)))
        if report.admin1:
            keys.append(("a1", report.admin1))
    elif report.located:
        keys += [("a1", report.admin1), ("a1c", report.admin1)]
    else:
        keys += [("nactor", actor) for actor in report.actors]
    return keys


def _query_keys(report: Report) -> list[tuple[Any, ...]]:
    keys: list[tuple[Any, ...]] = [("nactor", actor) for actor in report.actors]
    if report.precise:
        assert report.lat is not None and report.lon is not None
        row, col = _cell(report.lat, report.lon)
        keys += [("cell", row + i, col + j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
        if report.admin1:
            keys.append(("a1c", report.admin1))
    elif report.located:
        keys.append(("a1", report.admin1))
    else:
        keys = [("actor", actor) for actor in report.actors]
    return keys


class ClusterIndex:
    """Reports already clustered, bucketed by day and place, and the clusters they form.

    Fill it with ``add`` (reports from the store, with their cluster ids and age rank) and
    call ``assign`` for each new document's reports. ``evict_before`` drops reports that
    ended before a day, so that a stream in date order keeps memory flat. ``apart`` holds
    manual splits: an event id and the event ids it must not share a cluster with again.
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig.load_default()
        self._reports: dict[str, Report] = {}
        self._cluster_of: dict[str, str] = {}
        self._clusters: dict[str, _Cluster] = {}
        self._days: dict[int | None, dict[tuple[Any, ...], list[str]]] = {}
        self._undated: deque[str] = deque()
        self._next_rank = 0
        self.apart: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self._reports)

    def cluster_of(self, event_id: str) -> str | None:
        """The cluster id of an indexed event, or None."""
        return self._cluster_of.get(event_id)

    def members(self, cluster_id: str) -> list[str]:
        """The indexed event ids of a cluster."""
        cluster = self._clusters.get(cluster_id)
        return list(cluster.members) if cluster else []

    def add(self, report: Report, cluster_id: str, *, rank: int | None = None) -> None:
        """Index a report already in ``cluster_id``; ``rank`` orders clusters by age (lower = older)."""
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            if rank is None:
                rank = self._next_rank
            self._next_rank = max(self._next_rank, rank + 1)
            cluster = self._clusters[cluster_id] = _Cluster(cluster_id, rank)
        cluster.members.append(report.event_id)
        self._reports[report.event_id] = report
        self._cluster_of[report.event_id] = cluster_id
        day = report.end if report.dated else report.anchor
        buckets = self._days.setdefault(day, {})
        for key in _index_keys(report):
            buckets.setdefault(key, []).append(report.event_id)
        if day is None:
            self._undated.append(report.event_id)
            if len(self._undated) > UNDATED_KEPT:
                self._forget(self._undated.popleft())

    def _candidate_ids(self, report: Report) -> Iterator[str]:
        keys = _query_keys(report)
        if not keys:
            return
        slack, span = self.config.slack_days, self.config.max_span_days
        if report.dated:
            assert report.start is not None and report.end is not None
            days: Iterable[int | None] = range(report.start - slack, report.end + slack + span)
        elif report.anchor is not None:
            days = range(report.anchor - span - slack, report.anchor + slack + span)
        else:
            days = [d for d in self._days if d is not None]
        seen: set[str] = set()
        for day in [*days, None]:
            buckets = self._days.get(day)
            if not buckets:
                continue
            for key in keys:
                for event_id in buckets.get(key, ()):
                    if event_id not in seen:
                        seen.add(event_id)
                        yield event_id

    def _best_links(self, report: Report) -> list[tuple[str, PairScore, str]]:
        """Per candidate cluster that the report may join: (cluster id, best pair score, member id)."""
        best: dict[str, tuple[PairScore, str]] = {}
        barred: set[str] = set()
        for event_id in self._candidate_ids(report):
            cluster_id = self._cluster_of[event_id]
            if cluster_id in barred:
                continue
            other = self._reports[event_id]
            if other.document_id == report.document_id or self._kept_apart(report.event_id, event_id):
                barred.add(cluster_id)
                continue
            pair = score_pair(report, other, self.config)
            if pair.veto is not None:
                barred.add(cluster_id)
                continue
            if pair.passes(self.config.link, self.config):
                known = best.get(cluster_id)
                if known is None or pair.score > known[0].score:
                    best[cluster_id] = (pair, event_id)
        links = [(c, pair, member) for c, (pair, member) in best.items() if c not in barred]
        links = [link for link in links if not self._vetoed(report, link[0])]
        return sorted(links, key=lambda link: (-link[1].score, self._clusters[link[0]].rank))

    def _kept_apart(self, a: str, b: str) -> bool:
        """True when a manual split keeps events ``a`` and ``b`` in different clusters."""
        return b in self.apart.get(a, ()) or a in self.apart.get(b, ())

    def _vetoed(self, report: Report, cluster_id: str) -> bool:
        """True when some member of the cluster comes from the report's document or vetoes it."""
        for member in self._clusters[cluster_id].members:
            other = self._reports[member]
            if other.document_id == report.document_id or self._kept_apart(report.event_id, member):
                return True
            if score_pair(report, other, self.config).veto is not None:
                return True
        return False

    def _clusters_compatible(self, a: str, b: str) -> bool:
        members_a = [self._reports[m] for m in self._clusters[a].members]
        for member in self._clusters[b].members:
            other = self._reports[member]
            for report in members_a:
                if report.document_id == other.document_id or self._kept_apart(report.event_id, member):
                    return False
                if score_pair(report, other, self.config).veto is not None:
                    return False
        return True

    def assign(self, reports: Sequence[Report]) -> tuple[list[Attachment], list[Merge]]:
        """Cluster one document's reports against the index (and add them to it).

        Returns one ``Attachment`` per report, in order, and the ``Merge``s its reports caused.
        A report that starts a cluster gets its own event id as the cluster id.
        """
        attachments: list[Attachment] = []
        merges: list[Merge] = []
        for report in reports:
            links = self._best_links(report)
            if not links:
                reasons: dict[str, Any] = {"new": True, "located": report.located, "dated": report.dated}
                cluster_id = report.event_id
                if cluster_id in self._clusters:  # an id already taken (a split) stays taken
                    cluster_id = f"{report.event_id}~{self._next_rank}"
                self.add(report, cluster_id)
                attachments.append(Attachment(report.event_id, cluster_id, None, reasons))
                continue
            cluster_id, pair, member = links[0]
            for other_id, other_pair, _ in links[1:]:
                if other_pair.score < self.config.merge or not self._clusters_compatible(
                    cluster_id, other_id
                ):
                    continue
                kept, absorbed = sorted((cluster_id, other_id), key=lambda c: (self._clusters[c].rank, c))
                self.merge(kept, absorbed)
                merges.append(Merge(kept, absorbed, report.event_id, other_pair.score, _reasons(other_pair)))
                cluster_id = kept
            self.add(report, cluster_id)
            attachments.append(
                Attachment(report.event_id, cluster_id, pair.score, _reasons(pair), member, pair.weak)
            )
        return attachments, merges

    def merge(self, kept: str, absorbed: str) -> None:
        """Put every member of cluster ``absorbed`` into cluster ``kept`` (a manual merge replayed)."""
        target, source = self._clusters[kept], self._clusters.pop(absorbed)
        for member in source.members:
            self._cluster_of[member] = kept
        target.members.extend(source.members)

    def _forget(self, event_id: str) -> None:
        report = self._reports.pop(event_id, None)
        cluster_id = self._cluster_of.pop(event_id, None)
        if report is None or cluster_id is None:
            return
        cluster = self._clusters.get(cluster_id)
        if cluster is not None:
            cluster.members.remove(event_id)
            if not cluster.members:
                del self._clusters[cluster_id]

    def evict_before(self, day: int) -> int:
        """Forget dated reports that ended before ``day`` (a day ordinal); returns how many."""
        old = [d for d in self._days if d is not None and d < day]
        forgotten = 0
        for d in old:
            ids = {event_id for bucket in self._days.pop(d).values() for event_id in bucket}
            for event_id in ids:
                self._forget(event_id)
            forgotten += len(ids)
        return forgotten


def _reasons(pair: PairScore) -> dict[str, Any]:
    """The reasons of an attachment: each feature's score, the total, and the strong-evidence mode."""
    return {"score": pair.score, "features": dict(pair.features), "weak": pair.weak}


def cluster_stream(
    documents: Iterable[Sequence[Report]], *, config: DedupConfig | None = None, horizon_days: int = 30
) -> Iterator[Attachment | Merge]:
    """Cluster documents' reports in arrival order (roughly by date), memory bounded by ``horizon_days``.

    Each item of ``documents`` is one document's reports. Reports whose date range ended
    more than ``horizon_days`` before the latest date seen are forgotten: they can no longer
    be joined. Yields every attachment and merge as it happens.
    """
    index = ClusterIndex(config)
    latest: int | None = None
    evicted = 0
    for reports in documents:
        attachments, merges = index.assign(reports)
        yield from attachments
        yield from merges
        ends = [r.end for r in reports if r.end is not None]
        if ends and (latest is None or max(ends) > latest):
            latest = max(ends)
            if latest - evicted >= 7:  # evicting once a week keeps it cheap
                index.evict_before(latest - horizon_days)
                evicted = latest
