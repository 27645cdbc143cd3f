"""Datelines: where a wire report was filed, written before its first sentence.

"DAMASCUS, July 15 (Reuters) - ..." and "دمشق - رصد: ..." name the city the report was
filed from, not the place of what it tells; a place named there is no event's place. The
dateline is read only at the very start of a document.
"""

from __future__ import annotations

import re

# An English dateline: a place in capitals (one to four words, maybe ", Country"), an optional
# date ("July 15", "Jul 15"), an optional agency in brackets, then a dash or a colon.
_ENGLISH = re.compile(
    r"\s*(?P<place>[A-Z][A-Z'.-]+(?:\s+[A-Z][A-Z'.-]+){0,3})(?:,\s*[A-Z][A-Za-z'.-]+){0,2}"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\([^()\n]{1,40}\))?"
    r"\s*(?:[-–—]{1,2}|:)\s+"
)
# An Arabic dateline: one to three words (the place), an optional agency after a dash, slash
# or in brackets, then a dash or a colon: "دمشق - ", "دير الزور – رصد: ", "القامشلي (رصد) - ".
_ARABIC = re.compile(
    r"\s*(?P<place>[\u0621-\u064A]+(?:\s+[\u0621-\u064A]+){0,2})"
    r"(?:\s*(?:[-–—/]\s*[\u0621-\u064A]+(?:\s+[\u0621-\u064A]+)?|\([^()\n]{1,40}\)))?"
    r"\s*(?:[-–—]|:)\s+"
)


def dateline_place(text: str, language: str) -> tuple[int, int] | None:
    """The span of the place words of a dateline at the start of ``text``, or None.

    The words are only a dateline's place if a place name covers all of them (the caller
    checks): "قصفت الطائرات درعا - بحسب ناشطين - ..." starts like one, but its words are a clause.
    """
    pattern = _ARABIC if language == "ar" else _ENGLISH
    match = pattern.match(text)
    # A whole sentence is no dateline: the report must go on after it.
    if match is None or match.end() >= len(text.rstrip()):
        return None
    return match.span("place")
