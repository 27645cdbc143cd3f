"""Arabic and English normalisation for matching, with a map back to the original offsets.

Matching happens on normalised text (diacritics and tatweel removed, alef/yaa/taa-marbuta
variants unified, Eastern Arabic digits made ASCII, Latin lower-cased); every match is
mapped back to the original text through ``NormalizedText.to_original`` so that evidence
spans always slice the clean text the user sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rasid.records import Span

# Harakat, Quranic marks, superscript alef and tatweel: removed.
_REMOVED = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
)
_LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ک": "ك",
    "ی": "ي",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PUNCT = {"\u066b": ".", "\u066c": ",", "\u060c": "،"}

_TABLE: dict[int, str | None] = {ord(c): None for c in _REMOVED}
_TABLE.update({ord(k): v for k, v in (_LETTERS | _DIGITS | _PUNCT).items()})


def _is_presentation_form(char: str) -> bool:
    code = ord(char)
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def _normalize_char(char: str) -> str:
    if _is_presentation_form(char) and ord(char) not in _TABLE:
        decomposed = unicodedata.normalize("NFKC", char)
        if decomposed != char:
            return "".join(_normalize_char(c) for c in decomposed)
    mapped = _TABLE.get(ord(char), char)
    if mapped is None:
        return ""
    lowered = mapped.lower()
    return lowered if len(lowered) == len(mapped) else mapped


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text plus, for each of its characters, the offset it came from."""

    original: str
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)
    aligned: bool = False  # every offset is its own index: spans need no mapping

    def to_original(self, start: int, end: int) -> Span:
        """Map a span of the normalised text to the span of the original text it came from."""
        if start >= end:
            pos = self.offsets[start]
            return (pos, pos)
        last = self.offsets[end - 1]
        # A character that expanded (a ligature) maps several normalised characters to one.
        stop = self.offsets[end] if self.offsets[end] > last else last + 1
        return (self.offsets[start], stop)


_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_REMOVED_CHARS = re.compile("[" + "".join(re.escape(c) for c in _REMOVED) + "]")
_REMOVED_SET = frozenset(_REMOVED)


@lru_cache(maxsize=256)
def normalize_with_offsets(text: str) -> NormalizedText:
    """Normalise ``text`` for matching and keep the offset map back to it.

    Cached: every matcher of a sentence asks for the same text.
    """
    fast = _translated(text)
    if fast is not None:
        if len(fast) == len(text):
            return NormalizedText(text, fast, tuple(range(len(text) + 1)), aligned=True)
        # Only removals changed the length (diacritics, tatweel): keep the offsets of the rest.
        kept = [i for i, c in enumerate(text) if c not in _REMOVED_SET]
        kept.append(len(text))
        return NormalizedText(text, fast, tuple(kept))
    parts: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        out = _normalize_char(char)
        parts.append(out)
        offsets.extend([index] * len(out))
    offsets.append(len(text))
    return NormalizedText(text, "".join(parts), tuple(offsets))


def normalize_text(text: str) -> str:
    """Normalise a text (Arabic or English) for matching; idempotent.

    The same text as ``normalize_with_offsets(text).text``, without building the offsets
    when the fast path of that function applies (indexing many texts for search).
    """
    fast = _translated(text)
    return fast if fast is not None else normalize_with_offsets(text).text


def _translated(text: str) -> str | None:
    """The normalised text by one ``translate`` and ``lower``, or None when that is not it.

    It is not for presentation forms (ligatures expand), nor for a capital sigma (``lower``
    writes a final sigma at the end of a word; each character on its own is a plain one),
    nor when ``lower`` changed a length (then each character is normalised on its own): the
    length must be the original's less the removed characters.
    """
    if "\u03a3" in text or _PRESENTATION.search(text):
        return None
    fast = text.translate(_TABLE).lower()
    if len(fast) == len(text) or len(fast) == len(text) - len(_REMOVED_CHARS.findall(text)):
        return fast
    return None


_SPACE = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """A lookup key: normalised, whitespace collapsed, stripped, with joined-word spaces removed."""
    return _SPACE.sub("", normalize_text(text)).strip()
