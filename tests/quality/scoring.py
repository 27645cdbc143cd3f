"""Score coded events against the quality gold files (``gold_ar.jsonl``, ``gold_en.jsonl``).

Written once and shared: the gate test (``test_quality_gate.py``) imports it directly, and
``benchmarks/quality.py`` imports it by putting this folder on ``sys.path``.

Matching is per document, greedy and one-to-one, best score first. A system and a gold
event may be paired only when their types are equal or in the same coarse class; the score
is 2 for the same type (1 for the same class) + actor1 Jaccard + 1/2 actor2 Jaccard + 1/2
for the same governorate. Among matched pairs the fields are compared as the news suite of
the shared evaluation does; see README.md beside this file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from rasid.records import Document, Event, Quantity

GOLD_DIR = Path(__file__).resolve().parent
GOLD_FILES: dict[str, Path] = {"ar": GOLD_DIR / "gold_ar.jsonl", "en": GOLD_DIR / "gold_en.jsonl"}

# Types in one class may be matched to each other (at a lower score than the exact type).
COARSE_CLASS: dict[str, str] = {
    "attack": "fighting",
    "clash": "fighting",
    "territory_taken": "fighting",
    "shelling": "remote",
    "airstrike": "remote",
    "explosive": "remote",
    "suicide_attack": "remote",
    "attack_on_civilians": "civilians",
    "assassination": "civilians",
    "abduction": "civilians",
    "arrest": "security",
    "sweep_operation": "security",
    "withdrawal": "movement",
    "deployment": "movement",
    "facilitation": "movement",
    "protest": "protest",
    "riot": "protest",
}
# The fixed top-level actor ids of the ontology (shared/spec/ontology.md section 3).
TOP_LEVEL_ACTORS: frozenset[str] = frozenset(
    {
        "ISIS",
        "SYR_REGIME",
        "SYR_GOV",
        "IRN_MIL",
        "RUS_MIL",
        "SDF",
        "COALITION",
        "TUR_MIL",
        "SNA",
        "HTS",
        "OPP",
        "TRIBAL",
        "ISR_MIL",
        "UNKNOWN_ARMED",
        "CIV",
    }
)
FLOOR_MARGIN = 0.03  # a floor is the measured value minus this, rounded down to two decimals
# The system roles compared with the gold actor2 list (which holds civilian victims as CIV).
ACTOR2_ROLES = ("actor2", "victim", "beneficiary")
# Metrics in report order: (key, label).
METRICS: tuple[tuple[str, str], ...] = (
    ("p", "event precision"),
    ("r", "event recall"),
    ("f1", "event F1"),
    ("type_acc", "exact event_type (matched pairs)"),
    ("actor1_acc", "actor1 top-level ids overlap, or both empty"),
    ("actor2_acc", "actor2 (+ victim, beneficiary) overlap, or both empty"),
    ("admin1_acc", "same governorate (pairs with a gold admin1)"),
    ("fat_agree", "fatality intervals overlap (pairs where either side has fatalities)"),
    ("date_acc", "system interval covers the gold start (pairs with a gold date)"),
    ("modality_acc", "same modality"),
    ("genericity_acc", "same genericity"),
)

Interval = tuple[float, float]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One coded event of a gold document."""

    event_type: str
    modality: str
    genericity: str
    actor1: frozenset[str]
    actor2: frozenset[str]
    admin1: str | None
    fatalities: Interval | None
    injuries: Interval | None
    date_start: str | None
    date_end: str | None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One gold snippet with the events a careful coder found in it."""

    id: str
    language: str
    published: str | None
    text: str
    events: tuple[GoldEvent, ...]

    def to_document(self) -> Document:
        """The document the extractor is run on."""
        return Document(id=self.id, text=self.text, language=self.language, published=self.published)


@dataclass(slots=True)
class Counts:
    """Tallies behind the metrics of one scope (a language or all documents)."""

    docs: int = 0
    gold: int = 0
    system: int = 0
    matched: int = 0
    type_ok: int = 0
    actor1_ok: int = 0
    actor2_ok: int = 0
    admin1_n: int = 0
    admin1_ok: int = 0
    fat_n: int = 0
    fat_ok: int = 0
    date_n: int = 0
    date_ok: int = 0
    modality_ok: int = 0
    genericity_ok: int = 0

    def add(self, other: Counts) -> None:
        """Add another scope's tallies to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def metrics(self) -> dict[str, float | None]:
        """The metrics of ``METRICS`` (None where there was nothing to measure)."""
        p, r = ratio(self.matched, self.system), ratio(self.matched, self.gold)
        m = self.matched
        return {
            "p": p,
            "r": r,
            "f1": f1_score(p, r),
            "type_acc": ratio(self.type_ok, m),
            "actor1_acc": ratio(self.actor1_ok, m),
            "actor2_acc": ratio(self.actor2_ok, m),
            "admin1_acc": ratio(self.admin1_ok, self.admin1_n),
            "fat_agree": ratio(self.fat_ok, self.fat_n),
            "date_acc": ratio(self.date_ok, self.date_n),
            "modality_acc": ratio(self.modality_ok, m),
            "genericity_acc": ratio(self.genericity_ok, m),
        }


@dataclass(frozen=True, slots=True)
class QualityReport:
    """Counts and metrics per language and over all documents (scope ``all``)."""

    counts: dict[str, Counts] = field(default_factory=dict)

    def metrics(self, scope: str = "all") -> dict[str, float | None]:
        """The metrics of one scope: ``ar``, ``en`` or ``all``."""
        return self.counts[scope].metrics()

    def scopes(self) -> list[str]:
        """The languages in file order, then ``all``."""
        return [s for s in self.counts if s != "all"] + ["all"]


def ratio(num: int, den: int) -> float | None:
    """num/den, or None when there is nothing to divide by."""
    return num / den if den else None


def f1_score(p: float | None, r: float | None) -> float | None:
    """Harmonic mean of precision and recall (0 when both are 0, None when either is unknown)."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _interval(value: Any, where: str) -> Interval | None:
    if value is None:
        return None
    if not isinstance(value, dict) or "min" not in value:
        raise ValueError(f"{where}: expected {{'min', 'max'}} or null, got {value!r}")
    lo, hi = value.get("min"), value.get("max")
    low = float(lo) if lo is not None else 0.0
    return (low, float(hi) if hi is not None else math.inf)


def _gold_event(data: dict[str, Any], where: str) -> GoldEvent:
    date = data.get("date")
    if date is not None and not (isinstance(date, dict) and date.get("start")):
        raise ValueError(f"{where}: date must be {{'start', 'end'}} or null")
    return GoldEvent(
        event_type=str(data["event_type"]),
        modality=str(data["modality"]),
        genericity=str(data["genericity"]),
        actor1=frozenset(str(a) for a in data.get("actor1") or ()),
        actor2=frozenset(str(a) for a in data.get("actor2") or ()),
        admin1=data.get("admin1"),
        fatalities=_interval(data.get("fatalities"), f"{where} fatalities"),
        injuries=_interval(data.get("injuries"), f"{where} injuries"),
        date_start=date["start"] if date else None,
        date_end=(date.get("end") or date["start"]) if date else None,
    )


def read_gold(path: Path) -> list[GoldDocument]:
    """Read one gold JSONL file; a malformed line raises ValueError naming the line."""
    documents: list[GoldDocument] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            data = json.loads(line)
            events = tuple(
                _gold_event(e, f"{where} event {i}") for i, e in enumerate(data.get("events") or [])
            )
            documents.append(
                GoldDocument(
                    id=str(data["id"]),
                    language=str(data["language"]),
                    published=data.get("published"),
                    text=str(data["text"]),
                    events=events,
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{where}: malformed gold line ({exc})") from exc
    return documents


def load_gold(languages: Iterable[str] = ("ar", "en")) -> list[GoldDocument]:
    """The gold documents of the given languages, in file order."""
    return [doc for language in languages for doc in read_gold(GOLD_FILES[language])]


def top_ids(event: Event, roles: Sequence[str]) -> frozenset[str]:
    """Top-level actor ids (the part before the first dot) of the event's actors in ``roles``."""
    return frozenset((a.id or "").split(".", 1)[0] for a in event.actors if a.role in roles and a.id)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b| (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def sets_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Actor sets agree when they share an id or are both empty."""
    return bool(a & b) or (not a and not b)


def quantity_interval(quantity: Quantity | None) -> Interval | None:
    """[low, high] of a system count or range (open ranges end at infinity)."""
    if quantity is None:
        return None
    if quantity.count is not None:
        return (float(quantity.count), float(quantity.count))
    if quantity.min is None and quantity.max is None:
        return None
    low = float(quantity.min) if quantity.min is not None else 0.0
    return (low, float(quantity.max) if quantity.max is not None else math.inf)


def intervals_overlap(a: Interval | None, b: Interval | None) -> bool:
    """Both intervals exist and share a point."""
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def same_admin1(system: str | None, gold: str | None) -> bool:
    """Governorate names compared without case, spaces, hyphens and a leading article."""

    def key(name: str | None) -> str:
        text = "".join(c for c in (name or "").casefold() if c.isalnum())
        for article in ("al", "as", "ar", "ad"):
            if text.startswith(article) and len(text) > len(article) + 3:
                return text[len(article) :]
        return text

    return key(system) == key(gold)


def date_covers(event: Event, gold: GoldEvent) -> bool:
    """The system's [start, end] contains the gold date's start."""
    start = (event.time.start or "")[:10]
    end = (event.time.end or event.time.start or "")[:10]
    return bool(start) and gold.date_start is not None and start <= gold.date_start <= end


def pair_score(event: Event, gold: GoldEvent) -> float | None:
    """How well a system event fits a gold event, or None when their types may not be matched."""
    if event.event_type == gold.event_type:
        score = 2.0
    elif COARSE_CLASS.get(event.event_type, "?") == COARSE_CLASS.get(gold.event_type, "!"):
        score = 1.0
    else:
        return None
    score += jaccard(top_ids(event, ("actor1",)), gold.actor1)
    score += 0.5 * jaccard(top_ids(event, ACTOR2_ROLES), gold.actor2)
    if gold.admin1 is not None and event.location is not None:
        score += 0.5 * same_admin1(event.location.admin1, gold.admin1)
    return score


def match_events(system: Sequence[Event], gold: Sequence[GoldEvent]) -> list[tuple[Event, GoldEvent]]:
    """Greedy one-to-one matching, best score first (ties: earlier events first)."""
    candidates = []
    for i, event in enumerate(system):
        for j, gold_event in enumerate(gold):
            score = pair_score(event, gold_event)
            if score is not None:
                candidates.append((-score, i, j))
    used_system: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[Event, GoldEvent]] = []
    for _, i, j in sorted(candidates):
        if i not in used_system and j not in used_gold:
            used_system.add(i)
            used_gold.add(j)
            pairs.append((system[i], gold[j]))
    return pairs


def count_document(system: Sequence[Event], gold: Sequence[GoldEvent]) -> Counts:
    """The tallies of one document's system events against its gold events."""
    counts = Counts(docs=1, gold=len(gold), system=len(system))
    for event, g in match_events(system, gold):
        counts.matched += 1
        counts.type_ok += event.event_type == g.event_type
        counts.actor1_ok += sets_agree(top_ids(event, ("actor1",)), g.actor1)
        counts.actor2_ok += sets_agree(top_ids(event, ACTOR2_ROLES), g.actor2)
        if g.admin1 is not None:
            counts.admin1_n += 1
            counts.admin1_ok += same_admin1(event.location.admin1 if event.location else None, g.admin1)
        system_fat = quantity_interval(event.fatalities)
        if system_fat is not None or g.fatalities is not None:
            counts.fat_n += 1
            counts.fat_ok += intervals_overlap(system_fat, g.fatalities)
        if g.date_start is not None:
            counts.date_n += 1
            counts.date_ok += date_covers(event, g)
        counts.modality_ok += event.modality == g.modality
        counts.genericity_ok += event.genericity == g.genericity
    return counts


def score_documents(
    documents: Iterable[GoldDocument],
    extract: Callable[[Document], Sequence[Event]],
) -> QualityReport:
    """Run ``extract`` on every gold document and tally the scores per language and overall."""
    report = QualityReport()
    total = Counts()
    for doc in documents:
        counts = count_document(extract(doc.to_document()), doc.events)
        report.counts.setdefault(doc.language, Counts()).add(counts)
        total.add(counts)
    report.counts["all"] = total
    return report


def floor_for(value: float, *, margin: float = FLOOR_MARGIN) -> float:
    """The floor to pin for a measured value: value - margin, rounded down to two decimals."""
    # round() first so that 0.70 - 0.03 = 0.6699999... still floors to 0.67.
    return max(0.0, math.floor(round((value - margin) * 100, 6)) / 100)


def check_floors(report: QualityReport, floors: dict[str, dict[str, float]]) -> list[str]:
    """Every metric below its floor, as 'scope metric: value < floor' (empty when the gate passes)."""
    failures = []
    for scope, scope_floors in floors.items():
        measured = report.metrics(scope) if scope in report.counts else {}
        for metric, floor in scope_floors.items():
            value = measured.get(metric)
            if value is None or value < floor:
                failures.append(f"{scope} {metric}: {format_value(value)} < {floor:.2f}")
    return failures


def format_value(value: float | None) -> str:
    """A metric as printed in reports: three decimals, or n/a."""
    return "n/a" if value is None else f"{value:.3f}"
