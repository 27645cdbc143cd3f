"""Dictionary phrase matching over Arabic and English text, clitic-aware, with original offsets.

A ``PhraseMatcher`` is built once from ``{phrase: value}`` and finds every phrase in a text:
on word boundaries, longest match first, never overlapping, with Arabic proclitics
(و ف ب ل ك and the article, e.g. وبالميادين، للتنظيم) allowed in front of a phrase, and
spaces inside a phrase optional (ديرالزور matches دير الزور). Matching runs on normalised
text; the returned spans point into the text that was given.

It works word by word: the text is split into words once, and at each word the few
readings of its proclitics are looked up in a hash of the phrases (spaces removed), for
phrase lengths from the longest down. That keeps the cost linear in the text whatever
the size of the dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rasid.records import Span
from rasid.text.normalize import NormalizedText, normalize_text, normalize_with_offsets

# Hyphens between Latin letters and inner apostrophes stay inside a word (al-Mayadin, Ma'dan);
# a possessive 's does not, nor a dash between Arabic words (عادة-كما), which is punctuation.
_WORD = re.compile(r"\w+(?:(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])\w+|['’](?!s\b)\w+)*")
_ARABIC = re.compile("[\u0621-\u064a]")
_CONJUNCTIONS = ("", "و", "ف")
_NOUN_PREPOSITIONS = ("", "ب", "ل", "ك")
_VERB_PARTICLES = ("", "ل", "س")  # jussive/purpose ل and future س


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """One phrase found in a text: the span in the given text, the matched words and the value."""

    span: Span
    text: str
    phrase: str
    value: str
    prefix: str  # the proclitics in front of the phrase (normalised), e.g. "وب"; never the article


@dataclass(frozen=True, slots=True)
class _Reading:
    """One way to read the first word: proclitics removed, the core left, where the span starts."""

    prefix: str
    core: str
    skip: int  # characters of the word before the span starts


def _key(words: Iterable[str]) -> str:
    """Arabic words are joined without spaces (ديرالزور = دير الزور); Latin ones keep them (US ≠ U.S.)."""
    words = list(words)
    return ("" if words and _ARABIC.match(words[0]) else " ").join(words)


@lru_cache(maxsize=65536)
def _readings_of(word: str, verbs: bool) -> tuple[_Reading, ...]:
    """Every reading of a word's proclitics (cached: the same words come back all the time)."""
    return tuple(_iter_readings(word, verbs))


def _iter_readings(word: str, verbs: bool) -> Iterator[_Reading]:
    yield _Reading("", word, 0)
    if not _ARABIC.match(word):
        return
    particles = _VERB_PARTICLES if verbs else _NOUN_PREPOSITIONS
    for conj in _CONJUNCTIONS:
        if not word.startswith(conj):
            continue
        for particle in particles:
            pre = conj + particle
            if not pre or not word.startswith(pre) or len(word) - len(pre) < 2:
                continue
            yield _Reading(pre, word[len(pre) :], len(pre))
        if verbs:
            continue
        rest = word[len(conj) :]
        for particle in ("ب", "ك", ""):
            body = rest[len(particle) :] if rest.startswith(particle) else None
            if body is not None and body.startswith("ال") and len(body) > 3:
                # A noun listed without its article may carry one (الهجوم، بالهجوم).
                yield _Reading(conj + particle, body[2:], len(conj) + len(particle))
        if rest.startswith("لل") and len(rest) > 3:
            # ل + the article share a letter: للتنظيم is ل + التنظيم; للهجوم is ل + الهجوم.
            yield _Reading(conj + "ل", "ا" + rest[1:], len(conj))
            yield _Reading(conj + "ل", rest[2:], len(conj))


_Found = tuple[int, int, str, str, str]


@lru_cache(maxsize=256)
@lru_cache(maxsize=512)
def _words_of(text: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    """The words of a normalised text with their offsets (cached: every matcher asks)."""
    matches = list(_WORD.finditer(text))
    return (
        tuple(m.group() for m in matches),
        tuple(m.start() for m in matches),
        tuple(m.end() for m in matches),
    )


@lru_cache(maxsize=65536)
def _endings_of(word: str, suffixes: tuple[str, ...]) -> tuple[str, ...]:
    """The word and the word without each allowed ending (cached)."""
    out = [word]
    if suffixes and _ARABIC.match(word):
        out += [word[: -len(s)] for s in suffixes if word.endswith(s) and len(word) - len(s) >= 2]
    return tuple(out)


class PhraseMatcher:
    """Find dictionary phrases in text. ``suffixes`` is a regex alternation of endings (Arabic only)."""

    def __init__(
        self,
        phrases: Mapping[str, str] | Iterable[tuple[str, str]],
        *,
        suffixes: str = "",
        verbs: bool = False,
    ) -> None:
        items = phrases.items() if isinstance(phrases, Mapping) else phrases
        self._index: dict[str, tuple[str, str]] = {}
        self._first_words: set[str] = set()
        self._max_words = 1
        for phrase, value in items:
            words = _WORD.findall(normalize_text(phrase))
            key = _key(words)
            if key:
                self._first_words.add(words[0])  # also for a spelling that only differs in spaces
            if key and key not in self._index:
                self._index[key] = (" ".join(words), value)
                self._max_words = max(self._max_words, len(words))
        self._suffixes = tuple(sorted((s for s in suffixes.split("|") if s), key=len, reverse=True))
        self._verbs = verbs
        self._word_cache: dict[str, tuple[tuple[_Reading, ...], tuple[_Reading, str, str, str] | None]] = {}

    def __len__(self) -> int:
        return len(self._index)

    def _readings(self, word: str) -> tuple[_Reading, ...]:
        return _readings_of(word, self._verbs)

    def _endings(self, word: str) -> tuple[str, ...]:
        return _endings_of(word, self._suffixes)

    def _word_info(self, word: str) -> tuple[tuple[_Reading, ...], tuple[_Reading, str, str, str] | None]:
        """For one word: the readings that can start a longer phrase, and its own one-word match."""
        info = self._word_cache.get(word)
        if info is None:
            readings = self._readings(word)
            starters = tuple(r for r in readings if r.core in self._first_words)
            single = None
            for reading in readings:
                for candidate in self._endings(reading.core):
                    found = self._index.get(candidate)
                    if found is not None:
                        single = (reading, found[0], found[1], reading.prefix)
                        break
                if single is not None:
                    break
            if len(self._word_cache) > 100_000:
                self._word_cache.clear()
            info = self._word_cache[word] = (starters, single)
        return info

    def _match_at(
        self,
        words: tuple[str, ...],
        starts: tuple[int, ...],
        ends: tuple[int, ...],
        i: int,
        starters: tuple[_Reading, ...],
        single: tuple[_Reading, str, str, str] | None,
    ) -> _Found | None:
        """The longest phrase at word ``i``: (start, end, phrase, value, prefix) in normalised text."""
        longest = min(self._max_words, len(words) - i)
        if starters and longest > 1:
            index = self._index
            for n in range(longest, 1, -1):
                last = i + n - 1
                endings = self._endings(words[last])
                for reading in starters:
                    glue = "" if _ARABIC.match(reading.core) else " "
                    stem = glue.join([reading.core, *words[i + 1 : last]]) + glue
                    for end in endings:
                        found = index.get(stem + end)
                        if found is not None:
                            return (starts[i] + reading.skip, ends[last], found[0], found[1], reading.prefix)
        if single is not None:
            reading, phrase, value, prefix = single
            return (starts[i] + reading.skip, ends[i], phrase, value, prefix)
        return None

    def find(self, text: str, *, normalized: NormalizedText | None = None) -> list[PhraseMatch]:
        """All non-overlapping matches in ``text``, in order, the longest phrase winning an overlap."""
        norm = normalized or normalize_with_offsets(text)
        words, starts, ends = _words_of(norm.text)
        cache = self._word_cache
        found: list[_Found] = []
        for i, word in enumerate(words):
            info = cache.get(word) or self._word_info(word)
            if info[0] or info[1] is not None:  # most words start nothing: skip them cheaply
                match = self._match_at(words, starts, ends, i, info[0], info[1])
                if match is not None:
                    found.append(match)
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[_Found] = []
        for item in found:
            if all(item[1] <= t[0] or item[0] >= t[1] for t in taken):
                taken.append(item)
        taken.sort()
        out: list[PhraseMatch] = []
        for start, end, phrase, value, prefix in taken:
            ostart, oend = norm.to_original(start, end)
            out.append(PhraseMatch((ostart, oend), text[ostart:oend], phrase, value, prefix))
        return out
