"""English spellings of Arabic place names: a key that many transliterations share.

English reports spell the same Syrian place in many ways: Deir / Dayr / Der, Kafr / Kfar /
Kafar, Tall / Tal / Tel, -iyah / -iya / -iyeh / -ieh, ou / u / o, ee / i, q / k, doubled or single
letters, al- / el- / as- / ash- or a space instead of the hyphen. ``latin_variant_key`` maps such
spellings to one key, keeping the vowels' classes (a against i/e against u/o), so that it is much
stricter than the consonant skeleton of ``rasid.geo.gazetteer.latin_skeleton``: a name whose key
equals a gazetteer name's key is read as that name (with that name's own cue rules), while a
skeleton match needs a cue and a close key (``keys_close``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rasid.data import read_toml

# Apostrophes and ʿayn/hamza marks that English spellings of Arabic names carry, or drop.
APOSTROPHES = "'’‘`ʿʾ´"
_TOKEN_SPLIT = re.compile(r"[\s\-]+")
# Sun-letter articles written joined to the name's first letters ("Ezzor", "Assalam").
_JOINED_ARTICLE = re.compile(r"^(?:e|a)(?P<c>[dnrstz])(?P=c)(?=[a-z]{2})")
_DATA = read_toml("gazetteer/spelling.toml")
# The Arabic article as English spellings write it, sun-letter forms included.
LATIN_ARTICLES = frozenset(_DATA["articles"])
# The first words of compound names: each spelling -> its one form.
_WORD_FORMS: dict[str, str] = {
    spelling: form for form, spellings in _DATA["word_forms"].items() for spelling in spellings
}
_ENDINGS = tuple((ending, new) for ending, new in _DATA["endings"])
_LETTERS = tuple((old, new) for old, new in _DATA["letters"])
_SOUNDS = tuple((old, new) for old, new in _DATA["sounds"])
_DOUBLES = re.compile(r"([a-z])\1+")
_NON_LETTER = re.compile(r"[^a-z]+")


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in folded if not unicodedata.combining(c) and c not in APOSTROPHES)


def _word_key(word: str, *, first: bool) -> str:
    word = _WORD_FORMS.get(word, word)
    article = ""
    if not first:
        joined = _JOINED_ARTICLE.match(word)
        if joined is not None:
            article, word = "al", word[joined.end() - 1 :]
    word = _NON_LETTER.sub("", word)
    for old, new in _LETTERS:
        word = word.replace(old, new)
    for ending, new in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            word = word[: -len(ending)] + new
            break
    for old, new in _SOUNDS:
        word = word.replace(old, new)
    return article + _DOUBLES.sub(r"\1", word)


@lru_cache(maxsize=65536)
def latin_variant_key(text: str) -> str:
    """The key that spellings of one Latin-script place name share (Al-Bokamal ~ Al-Bukamal,
    Hammuriyyeh ~ Hamouriyah, Kfar Nabuda ~ Kafr Nabudah); every article counts as "al"."""
    tokens = [t for t in _TOKEN_SPLIT.split(_fold(text)) if t]
    out = []
    for index, token in enumerate(tokens):
        if token in LATIN_ARTICLES:
            out.append("al")
        else:
            key = _word_key(token, first=index == 0 or tokens[index - 1] in LATIN_ARTICLES)
            if index + 1 < len(tokens) and tokens[index + 1] in LATIN_ARTICLES:
                key = _construct_state(key)
            out.append(key)
    return "".join(out)


def _construct_state(key: str) -> str:
    """A word's key before an article without the -t of the construct state: Taybat al-Imam,
    Taybet al-Imam and Taiba al-Imam write one name (طيبة الإمام)."""
    if len(key) >= 5 and key.endswith(("at", "it")):
        return key[:-2] + "a"
    return key


def article_free(text: str) -> str | None:
    """``text`` without its leading article ("al-Tabaqa" -> "Tabaqa"), or None if it has none."""
    match = re.match(r"^(?:al|el|ad|ed|ar|er|as|es|ash|esh|at|et|az|ez|an|en)[-\s]+(?=\S)", text, re.I)
    return text[match.end() :] if match is not None else None


def keys_close(a: str, b: str) -> bool:
    """Whether two variant keys differ by little: at most one edit in five letters, and never
    more than two (Bedama ~ Badama; al-Bahariyah is not al-Bahra)."""
    if a == b:
        return True
    limit = min(2, max(len(a), len(b)) // 5)
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
