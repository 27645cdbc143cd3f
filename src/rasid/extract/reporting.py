"""Whether a nominal event mention reports an incident or only refers to one.

A verb trigger says that something happened; a noun may only name an incident told
elsewhere ("the file of the assassination", "after the attacks"). The anchors that make a
nominal mention a report are listed, with the reasons, in ``data/lexicons/reporting.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.candidates import Candidate, word_count
from rasid.extract.lexicon import type_mappings
from rasid.records import Place
from rasid.text.matcher import PhraseMatcher
from rasid.text.normalize import normalize_text

_EVENTIVE_FORMS = frozenset({"verb"})
_PROCLITICS = frozenset("وفبلك")


@dataclass(frozen=True, slots=True)
class ReportingCues:
    """The occurrence words per language and the longest sentence still read as a headline."""

    matchers: dict[str, PhraseMatcher]
    headline_words: int
    languages: frozenset[str]
    plover: frozenset[str]
    gathering: dict[str, PhraseMatcher]
    background: dict[str, frozenset[str]]

    def has_occurrence(self, text: str, *, language: str) -> bool:
        """Whether ``text`` holds a word saying that an incident (a protest too) happened."""
        return bool(self.matchers["ar" if language == "ar" else "en"].find(text))

    def follows_background_word(self, text: str, start: int, *, language: str) -> bool:
        """Whether the one or two words before offset ``start`` of ``text`` are a ``[background]`` word."""
        words = self.background.get(language)
        if not words:
            return False
        head = text[max(0, start - 40) : start]
        before = normalize_text(head).split()
        if head[-1:] in _PROCLITICS:
            before = before[:-1]  # a proclitic glued to the mention: "صلة بالهجوم"
        phrases = [" ".join(before[-n:]) for n in (1, 2) if len(before) >= n]
        return any(p in words or (p[:1] in _PROCLITICS and p[1:] in words) for p in phrases)

    def has_gathering(self, text: str, *, language: str) -> bool:
        """Whether ``text`` holds a word saying what a crowd did (gathered, marched, chanted)."""
        return bool(self.gathering["ar" if language == "ar" else "en"].find(text))


@lru_cache(maxsize=1)
def reporting_cues() -> ReportingCues:
    """The bundled cues of ``data/lexicons/reporting.toml``."""
    data = read_toml("lexicons/reporting.toml")
    occurrence, gathering = data.get("occurrence", {}), data.get("gathering", {})
    suffixes = str(read_toml("lexicons/triggers.toml").get("arabic_suffixes", ""))

    def matchers(*tables: dict[str, list[str]]) -> dict[str, PhraseMatcher]:
        ar = [(w, "o") for table in tables for w in table.get("ar", [])]
        en = [(w, "o") for table in tables for w in table.get("en", [])]
        return {"ar": PhraseMatcher(ar, suffixes=suffixes, verbs=True), "en": PhraseMatcher(en)}

    return ReportingCues(
        matchers=matchers(occurrence, gathering),
        headline_words=int(data.get("headline_words", 0)),
        languages=frozenset(data.get("languages", [])),
        plover=frozenset(data.get("plover", [])),
        gathering=matchers(gathering),
        background={
            language: frozenset(normalize_text(w) for w in words)
            for language, words in data.get("background", {}).items()
        },
    )


def reports_incident(
    text: str,
    candidate: Candidate,
    *,
    language: str,
    has_toll: bool,
    places: list[Place],
    cues: ReportingCues | None = None,
) -> bool:
    """Whether the candidate of sentence ``text`` reports an incident rather than refers to one."""
    cues = cues or reporting_cues()
    if language not in cues.languages or type_mappings()[candidate.event_type].plover not in cues.plover:
        return True
    if any(t.form in _EVENTIVE_FORMS for t in candidate.triggers) or has_toll:
        return True
    if all(cues.follows_background_word(text, t.span[0], language=language) for t in candidate.triggers):
        return False
    if word_count(text, 0, len(text)) <= cues.headline_words:
        return True
    if any(p.precision != "country" for p in places):
        return True
    return cues.has_occurrence(text, language=language)
