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
from typing import NamedTuple

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
    """One phrase found in a text: the span in the given text, its words there, the dictionary
    phrase it matched (normalised; a dual or suffixed form names its singular entry) and the value."""

    span: Span
    text: str
    phrase: str
    value: str
    prefix: str  # the proclitics in front of the phrase (normalised), e.g. "وب"; never the article


class _Reading(NamedTuple):
    """One way to read the first word: proclitics removed, the core left, where the span starts."""

    prefix: str
    core: str
    skip: int  # characters of the word before the span starts


def _glue(first: str) -> str:
    """What joins the words of a key that begins with ``first``: nothing after Arabic, a space after Latin."""
    return "" if _ARABIC.match(first) else " "


def _key(words: Iterable[str]) -> str:
    """Arabic words are joined without spaces (ديرالزور = دير الزور); Latin ones keep them (US ≠ U.S.)."""
    words = list(words)
    return (_glue(words[0]) if words else " ").join(words)


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
_Starters = tuple[tuple[_Reading, str], ...]  # readings that begin a longer phrase, with the key so far
_Single = tuple[_Reading, str, str, str]  # the reading of a one-word match, its phrase, value and prefix
_MAX_CACHED_WORDS = 100_000  # per matcher: the cache starts afresh beyond it


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of a normalised text, their offsets and the set of distinct words."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    vocabulary: frozenset[str]


@lru_cache(maxsize=512)
def _words_of(text: str) -> _Words:
    """The words of a normalised text with their offsets (cached: every matcher asks)."""
    matches = list(_WORD.finditer(text))
    words = tuple(m.group() for m in matches)
    return _Words(words, tuple(m.start() for m in matches), tuple(m.end() for m in matches), frozenset(words))


def _endings_of(word: str, suffixes: tuple[str, ...]) -> tuple[str, ...]:
    """The word and the word without each allowed ending (each matcher caches them: ``_endings``).

    A taa marbuta is written ت before an ending (غارة -> غارتين، إصابته), so a stem left
    ending in ت is also read with its ة (ه once normalised).
    """
    out = [word]
    if suffixes and _ARABIC.match(word):
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                stem = word[: -len(suffix)]
                out.append(stem)
                if stem.endswith("ت") and len(stem) >= 3:
                    out.append(stem[:-1] + "ه")
    return tuple(out)


def _feminine_duals(words: list[str]) -> list[list[str]]:
    """The two dual forms of a phrase of feminine words that agree (عبوة ناسفة -> عبوتان ناسفتان،
    عبوتين ناسفتين): only the last word of a phrase takes endings, so the others are listed here.
    A phrase with an article or a word not ending in ة (ه once normalised) has none."""
    if len(words) < 2 or not all(
        _ARABIC.match(w) and w.endswith("ه") and not w.startswith("ال") for w in words
    ):
        return []
    return [[w[:-1] + ending for w in words] for ending in ("تان", "تين")]


@lru_cache(maxsize=32768)
def _readings_of(word: str, verbs: bool) -> tuple[tuple[_Reading, ...], frozenset[str]]:
    """Every reading of a word's proclitics, and the set of their cores (cached: words recur)."""
    readings = tuple(_iter_readings(word, verbs))
    return readings, frozenset(r.core for r in readings)


class PhraseMatcher:
    """Find dictionary phrases in text. ``suffixes`` is a regex alternation of endings (Arabic
    only): the last word of a phrase may carry one (a taa marbuta then written ت), and a phrase
    of agreeing feminine words also matches in the dual."""

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
            written = _WORD.findall(normalize_text(phrase))
            for words in (written, *(_feminine_duals(written) if suffixes else ())):
                key = _key(words)
                if key:
                    self._first_words.add(words[0])  # also for a spelling that only differs in spaces
                if key and key not in self._index:
                    self._index[key] = (" ".join(written), value)
                    self._max_words = max(self._max_words, len(words))
        # Every proper beginning of a key: a phrase of several words is looked for only as long
        # as the words read so far begin one.
        self._key_prefixes = frozenset(key[:n] for key in self._index for n in range(1, len(key)))
        self._suffixes = tuple(sorted((s for s in suffixes.split("|") if s), key=len, reverse=True))
        self._verbs = verbs
        self._word_cache: dict[str, tuple[_Starters, _Single | None]] = {}
        # Each word's readings of its endings, as ``_endings`` gives them (a plain dict: the
        # suffixes would be hashed again on every lookup of a cache shared by all matchers).
        self._ending_cache: dict[str, tuple[str, ...]] = {}
        # The words of ``_word_cache`` that start a phrase: a sentence none of whose words is
        # among them is passed over with one set intersection.
        self._live_words: set[str] = set()

    def __len__(self) -> int:
        return len(self._index)

    def _endings(self, word: str) -> tuple[str, ...]:
        """The word and the word without each of this matcher's endings (cached)."""
        found = self._ending_cache.get(word)
        if found is None:
            if len(self._ending_cache) >= _MAX_CACHED_WORDS:
                self._ending_cache.clear()
            found = self._ending_cache[word] = _endings_of(word, self._suffixes)
        return found

    def _learn(self, words: Iterable[str]) -> None:
        """Record, for each new word, the readings that can start a longer phrase (with the key
        they begin) and its own one-word match; words that start something join ``_live_words``."""
        cache, index, first_words = self._word_cache, self._index, self._first_words
        for word in words:
            readings, cores = _readings_of(word, self._verbs)
            starters: _Starters = ()
            if not cores.isdisjoint(first_words):
                starters = tuple((r, r.core + _glue(r.core)) for r in readings if r.core in first_words)
            single = None
            if self._suffixes:
                single = next(
                    (
                        (r, *index[key], r.prefix)
                        for r in readings
                        for key in self._endings(r.core)
                        if key in index
                    ),
                    None,
                )
            elif not index.keys().isdisjoint(cores):
                r = next(r for r in readings if r.core in index)
                single = (r, *index[r.core], r.prefix)
            cache[word] = (starters, single)
            if starters or single is not None:
                self._live_words.add(word)

    def _match_at(self, split: _Words, i: int, starters: _Starters, single: _Single | None) -> _Found | None:
        """The longest phrase at word ``i``: (start, end, phrase, value, prefix) in normalised text.

        Of phrases of the same length the first starter's wins, and of its readings of the last
        word the first ending's. Words are added while the key so far begins some phrase's key.
        """
        best: tuple[int, _Reading, tuple[str, str]] | None = None  # (last word, starter, phrase)
        if starters:
            index, prefixes, words = self._index, self._key_prefixes, split.words
            ending_cache = self._ending_cache
            stop = i + min(self._max_words, len(words) - i)
            for reading, stem in starters:
                glue = stem[len(reading.core) :]
                for last in range(i + 1, stop):
                    if stem not in prefixes:
                        break
                    if best is None or last > best[0]:
                        word = words[last]
                        for end in ending_cache.get(word) or self._endings(word):
                            found = index.get(stem + end)
                            if found is not None:
                                best = (last, reading, found)
                                break
                    stem += words[last] + glue
        if best is not None:
            last, reading, (phrase, value) = best
            return (split.starts[i] + reading.skip, split.ends[last], phrase, value, reading.prefix)
        if single is not None:
            reading, phrase, value, prefix = single
            return (split.starts[i] + reading.skip, split.ends[i], phrase, value, prefix)
        return None

    def find(self, text: str, *, normalized: NormalizedText | None = None) -> list[PhraseMatch]:
        """All non-overlapping matches in ``text``, in order, the longest phrase winning an overlap."""
        norm = normalized or normalize_with_offsets(text)
        split = _words_of(norm.text)
        cache = self._word_cache
        unknown = split.vocabulary.difference(cache)
        if unknown:
            if len(cache) + len(unknown) > _MAX_CACHED_WORDS:
                cache.clear()
                self._live_words.clear()
                unknown = split.vocabulary
            self._learn(unknown)
        live = self._live_words.intersection(split.vocabulary)
        if not live:  # most sentences hold no word of most dictionaries
            return []
        found: list[_Found] = []
        for i, word in enumerate(split.words):
            if word in live:
                match = self._match_at(split, i, *cache[word])
                if match is not None:
                    found.append(match)
        if len(found) > 1:
            found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
            taken: list[_Found] = []
            for item in found:
                if all(item[1] <= t[0] or item[0] >= t[1] for t in taken):
                    taken.append(item)
            found = sorted(taken)
        out: list[PhraseMatch] = []
        for start, end, phrase, value, prefix in found:
            ostart, oend = (start, end) if norm.aligned else norm.to_original(start, end)
            out.append(PhraseMatch((ostart, oend), text[ostart:oend], phrase, value, prefix))
        return out
