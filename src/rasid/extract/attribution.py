"""Who says so: the source a sentence attributes its report to (بحسب ناشطين، according to SOHR)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.data import read_toml
from rasid.records import Attribution
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import normalize_text

# A source phrase ends at punctuation or at a complementiser / verb of saying.
_STOP = re.compile(r"[،,.:;؛!?؟\"“”«»()\n]|\s(?:أن|إن|ان|بأن|that|on|in|at)\s|\s[-–—]\s")
_MAX_WORDS = 7
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Cues:
    before: PhraseMatcher  # markers followed by the source
    after: PhraseMatcher  # verbs of saying that follow the source
    nouns: PhraseMatcher  # heads of source phrases


@lru_cache(maxsize=2)
def _cues(language: str) -> _Cues:
    data = read_toml("lexicons/modality.toml")["attribution"]
    lang = "ar" if language == "ar" else "en"
    return _Cues(
        before=PhraseMatcher([(w, "before") for w in data[f"{lang}_before_source"]]),
        after=PhraseMatcher([(w, "after") for w in data[f"{lang}_after_source"]]),
        nouns=PhraseMatcher([(w, "noun") for w in data[f"{lang}_source_nouns"]]),
    )


def _phrase_after(sentence: str, start: int, stops: Sequence[int] = ()) -> tuple[int, int] | None:
    stop = _STOP.search(sentence, start)
    limit = stop.start() if stop else len(sentence)
    limit = min([limit, *(s for s in stops if s > start)])
    words = list(_WORD.finditer(sentence, start, limit))[:_MAX_WORDS]
    if not words:
        return None
    return (words[0].start(), words[-1].end())


def find_attribution(
    sentence: str, *, language: str, offset: int = 0, stops: Sequence[int] = ()
) -> Attribution | None:
    """The attributed source of ``sentence``, with a span shifted by ``offset``, or None.

    ``stops`` are offsets into ``sentence`` where what is reported begins (event and casualty
    words): a source phrase ends there. "أعلنت الشرطة مقتل خمسة أشخاص": the police say so; the
    five people are what they say, not part of the source.
    """
    cues = _cues(language)
    markers, verbs = cues.before.find(sentence), cues.after.find(sentence)
    if not markers and not verbs:
        return None  # the usual case: no source is named
    nouns = cues.nouns.find(sentence)
    for marker in markers:
        span = _phrase_after(sentence, marker.span[1], stops)
        if span is None:
            continue
        source = sentence[span[0] : span[1]]
        # Verbs of saying need a recognisable source right after them (قال ناشطون), not a clause.
        if not _is_preposition(marker) and not _starts_with_noun(nouns, span[0]):
            continue
        return Attribution(
            source=source.strip(),
            text=sentence[marker.span[0] : span[1]],
            span=(offset + marker.span[0], offset + span[1]),
        )
    for verb in verbs:
        heads = [n for n in nouns if n.span[1] <= verb.span[0] and verb.span[0] - n.span[1] <= 40]
        if not heads:
            closing = _closing_source(sentence, verb) if language != "ar" else None
            if closing is not None:
                start = closing
                return Attribution(
                    source=sentence[start : verb.span[0]].strip(" ,"),
                    text=sentence[start : verb.span[1]],
                    span=(offset + start, offset + verb.span[1]),
                )
            continue
        head = heads[-1]
        start = head.span[0]
        source_end = _source_end(sentence, head.span[0], verb.span[0])
        return Attribution(
            source=sentence[start:source_end].strip(" ،,"),
            text=sentence[start : verb.span[1]],
            span=(offset + start, offset + verb.span[1]),
        )
    return None


_CLOSING_TAIL = re.compile(r"[\s\"'”’)]*[.!]?[\s\"'”’)]*$")
_CLOSING_WORDS = 5


def _closing_source(sentence: str, verb: PhraseMatch) -> int | None:
    """Where the source of a closing ", the SDF said." begins, or None.

    English news ends a report with its source: a comma, a few words naming who, and the verb of
    saying as the last word. Those words are the source whatever they are (a party, a ministry).
    """
    if not _CLOSING_TAIL.fullmatch(sentence, verb.span[1]):
        return None
    comma = sentence.rfind(",", 0, verb.span[0])
    if comma < 0:
        return None
    words = list(_WORD.finditer(sentence, comma + 1, verb.span[0]))
    if not 1 <= len(words) <= _CLOSING_WORDS:
        return None
    return words[0].start()


def _is_preposition(marker: PhraseMatch) -> bool:
    """بحسب / according to introduce any source; verbs of saying need a source noun after them."""
    return marker.phrase in _prepositions()


@lru_cache(maxsize=1)
def _prepositions() -> frozenset[str]:
    data = read_toml("lexicons/modality.toml")["attribution"]
    return frozenset(" ".join(normalize_text(w).split()) for w in data["prepositions"])


def _starts_with_noun(nouns: list[PhraseMatch], start: int) -> bool:
    return any(abs(n.span[0] - start) <= 2 for n in nouns)


def _source_end(sentence: str, start: int, verb_start: int) -> int:
    stop = _STOP.search(sentence, start)
    end = min(stop.start(), verb_start) if stop and stop.start() > start else verb_start
    return end
