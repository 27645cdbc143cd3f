"""Language identification by script and function words: Arabic, English, or other."""

from __future__ import annotations

import re

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "from",
        "with",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "been",
        "be",
        "said",
        "says",
        "killed",
        "near",
        "after",
        "over",
        "into",
        "as",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "this",
        "that",
        "which",
        "who",
        "when",
        "while",
        "according",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "least",
        "more",
        "than",
    ]
)
# Frequent function words of other Latin-script languages seen in regional media.
_OTHER = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "ein",
        "eine",
        "mit",
        "von",
        "den",
        "des",
        "dem",
        "zu",
        "auf",
        "wurden",
        "wurde",
        "le",
        "la",
        "les",
        "et",
        "est",
        "une",
        "dans",
        "pour",
        "qui",
        "sur",
        "par",
        "du",
        "au",
        "aux",
        "el",
        "los",
        "las",
        "y",
        "en",
        "por",
        "con",
        "una",
        "del",
        "que",
        "se",
        "ve",
        "bir",
        "bu",
        "ile",
        "için",
        "olarak",
        "da",
        "de",
        "ki",
    ]
)


def detect_language(text: str) -> str:
    """``ar`` when Arabic script dominates, ``en`` for English, ``other`` for other text, ``und`` if empty."""
    sample = text[:5000]
    arabic = len(_ARABIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if arabic == 0 and latin == 0:
        return "und"
    if arabic >= latin:
        return "ar"
    words = [w.lower() for w in _WORDS.findall(sample)]
    english = sum(w in _ENGLISH for w in words)
    other = sum(w in _OTHER for w in words)
    if other > english:
        return "other"
    return "en"
