"""Numbers in Arabic and English text: digits, number words, ranges, bounds and vague quantities.

``find_numbers`` returns every quantity in a text with its span. The value is read as:

- an exact number (``5``, ``١٬٢٠٠``, ``خمسة وعشرون``, ``twenty-five``, a dual noun such as
  ``عنصرين``): ``count = min = max = n``;
- a range (``between 5 and 7``, ``ما بين 5 و7``, ``من 3 إلى 5``, ``5-7``, ``5 or 6``):
  ``count`` None, ``min``/``max`` the two ends;
- a lower bound (``at least 4``: min 4; ``أكثر من 10``/``more than 10``: min 11), an upper
  bound (``up to 10``: max 10; ``less than 10``: max 9), with the other end None;
- an approximation (``نحو 20``, ``about 20``, ``قرابة``, ``حوالي``): ``count`` is the stated
  figure (the best estimate) and ``min``/``max`` are 20% either side (floor/ceiling);
- a vague quantity from the data file (``dozens``/``عشرات``: 24..99, ``عدد من``/``several``:
  min 2, ``scores``: min 40, ``hundreds``/``مئات``: 200..999, ``a few``/``بضعة``: 2..9).

Arabic words may carry the proclitics و ف ب ل ك and the article; the span leaves out the
conjunction and preposition but keeps the article. Dates and clock times written with digits
(``12/3/2023``, ``10:30``) are not numbers. All word lists live in
``rasid/data/lexicons/numbers.toml``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from rasid.data import read_toml
from rasid.records import Span
from rasid.text.normalize import NormalizedText, normalize_text, normalize_with_offsets

_DATA_FILE = "lexicons/numbers.toml"
_MAX_CACHED_WORDS = 8192  # per phrase set: its cache starts afresh beyond it

# Dates and clock times first, so that their parts never read as numbers or ranges; digits
# glued to Latin letters (3rd, 1990s, 5km) or to # (#3, &#8220;) are not counts either.
_TOKEN = re.compile(
    r"(?P<date>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2})"
    r"|(?P<other>\d+[a-z]+|&?#\d+;?)"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
    r"|(?P<word>[a-z]+|[\u0621-\u064a]+)"
    r"|(?P<punct>\S)"
)
# Proclitics tried on an Arabic word: conjunction, then preposition, then the article.
_CLITICS = tuple(
    sorted(
        {
            c + p + a
            for c in ("", "و", "ف")
            for p in ("", "ب", "ل", "ك")
            for a in ("", "ال")
            if p != "ل" or not a
        }
        | {c + "لل" for c in ("", "و", "ف")},
        key=len,
    )
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A quantity found in a text: its span and words, and its value (see the module doc)."""

    span: Span
    text: str
    count: int | None
    min: int | None
    max: int | None


class _Token(NamedTuple):  # one per token of every text read: tuples are the quickest to make
    kind: str  # date | other | num | word | punct
    text: str  # normalised
    start: int  # offsets into the normalised text
    end: int


@dataclass(frozen=True, slots=True)
class _Value:
    start: int  # first token
    end: int  # one past the last token
    skip: int  # proclitic letters left out of the span at the start of the first token
    count: int | None
    min: int | None
    max: int | None
    prefix: str = ""  # the proclitics of the first token (normalised)

    @property
    def exact(self) -> bool:
        return self.count is not None and self.min == self.count == self.max


@dataclass(frozen=True, slots=True)
class _Lexicon:
    ar_words: dict[str, int]
    ar_known: frozenset[str]
    ar_scales: dict[str, int]
    ar_dual_scales: dict[str, int]
    no_article: frozenset[str]
    no_clitic: frozenset[str]
    ordinals: frozenset[str]
    duals: frozenset[str]
    dual_confirm: frozenset[str]
    en_words: dict[str, int]
    en_scales: dict[str, int]
    en_hundred: str
    en_dozen: str
    en_article: frozenset[str]
    en_one_blockers: frozenset[str]
    phrases: dict[tuple[str, ...], int]
    phrase_set: _PhraseSet
    not_numbers: _PhraseSet
    vague: dict[tuple[str, ...], tuple[int | None, int | None]]
    vague_set: _PhraseSet
    bounds: dict[str, _PhraseSet]
    open_and: _PhraseSet
    open_to: _PhraseSet
    conj_and: _PhraseSet
    conj_to: _PhraseSet


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(m.group() for m in _TOKEN.finditer(normalize_text(phrase)))


class _PhraseSet:
    """Multi-word phrases over tokens, indexed by their first word; Arabic ones take proclitics."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        self.firsts: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.phrases, key=len, reverse=True):
            self.firsts.setdefault(phrase[0], []).append(phrase)
        self._starts: dict[str, tuple[tuple[str, list[tuple[str, ...]]], ...]] = {}

    def _starting(self, first: str) -> tuple[tuple[str, list[tuple[str, ...]]], ...]:
        """(proclitics, phrases, longest first) of each reading of ``first`` that begins a phrase
        (remembered in ``_starts``, which ``match`` reads first)."""
        found = tuple(
            (prefix, self.firsts[first[len(prefix) :]])
            for prefix in (_CLITICS if not first.isascii() else ("",))
            if first.startswith(prefix) and first[len(prefix) :] in self.firsts
        )
        if len(self._starts) >= _MAX_CACHED_WORDS:
            self._starts.clear()
        self._starts[first] = found
        return found

    def match(self, tokens: list[_Token], i: int) -> tuple[int, str, tuple[str, ...]] | None:
        """(end index, proclitics of the first token, phrase) of the longest phrase at token ``i``."""
        if i >= len(tokens):
            return None
        first = tokens[i].text
        starts = self._starts.get(first)
        if starts is None:
            starts = self._starting(first)
        best: tuple[int, str, tuple[str, ...]] | None = None
        for prefix, phrases in starts:
            for phrase in phrases:
                end = i + len(phrase)
                if end > len(tokens) or any(tokens[i + k].text != w for k, w in enumerate(phrase[1:], 1)):
                    continue
                if best is None or end > best[0]:
                    best = (end, prefix, phrase)
                break
        return best


def _phrase_set(items: Iterable[str]) -> _PhraseSet:
    return _PhraseSet(_words(p) for p in items)


def _table(raw: dict[str, Any]) -> dict[str, int]:
    return {normalize_text(k): int(v) for k, v in raw.items()}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = read_toml(_DATA_FILE)
    ar, en, bounds, ranges = data["arabic"], data["english"], data["bounds"], data["ranges"]
    vague = {
        _words(w): (entry.get("min"), entry.get("max")) for entry in data["vague"] for w in entry["words"]
    }
    phrases = {_words(k): int(v) for k, v in data["phrases"].items()}
    return _Lexicon(
        ar_words=_table(ar["words"]),
        ar_known=frozenset(_table(ar["words"]) | _table(ar["scales"]) | _table(ar["dual_scales"])),
        ar_scales=_table(ar["scales"]),
        ar_dual_scales=_table(ar["dual_scales"]),
        no_article=frozenset(normalize_text(w) for w in ar["no_article"]),
        no_clitic=frozenset(normalize_text(w) for w in ar["no_clitic"]),
        ordinals=frozenset(normalize_text(w) for w in ar["ordinals"]),
        duals=frozenset(normalize_text(w) for w in data["duals"]["words"]),
        dual_confirm=frozenset(normalize_text(w) for w in data["duals"]["confirm"]),
        en_words=_table(en["words"]),
        en_scales=_table(en["scales"]),
        en_hundred=en["hundred"],
        en_dozen=en["dozen"],
        en_article=frozenset(en["article"]),
        en_one_blockers=frozenset(en["one_blockers"]),
        phrases=phrases,
        phrase_set=_PhraseSet(phrases),
        not_numbers=_phrase_set(data["not_numbers"]["words"]),
        vague=vague,
        vague_set=_PhraseSet(vague),
        bounds={k: _phrase_set(v) for k, v in bounds.items()},
        open_and=_phrase_set(ranges["open_and"]),
        open_to=_phrase_set(ranges["open_to"]),
        conj_and=_phrase_set(ranges["and"]),
        conj_to=_phrase_set(ranges["to"]),
    )


def _tokenize(normalized: str) -> list[_Token]:
    return [
        _Token(m.lastgroup or "punct", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(normalized)
    ]


@lru_cache(maxsize=16384)
def _split_clitics(word: str, known: frozenset[str]) -> tuple[str, str] | None:
    """(prefix, stem) with the stem in ``known``, the bare word first, then shorter prefixes first.

    ``known`` is one of the lexicon's word sets (cached: the same words come back all the time).
    """
    lex = _lexicon()
    for prefix in _CLITICS:
        if not word.startswith(prefix):
            continue
        stem = word[len(prefix) :]
        if stem not in known:
            continue
        if prefix and stem in lex.no_clitic:
            continue
        if prefix.endswith(("ال", "لل")) and stem in lex.no_article:
            continue
        return prefix, stem
    return None


def _skip_for(prefix: str) -> int:
    """How many proclitic letters the span leaves out: all but the article."""
    return len(prefix) - 2 if prefix.endswith(("ال", "لل")) else len(prefix)


def _exact(start: int, end: int, value: int, *, prefix: str = "") -> _Value:
    return _Value(start, end, _skip_for(prefix), value, value, value, prefix)


def _read_digits(tokens: list[_Token], i: int, lex: _Lexicon) -> _Value | None:
    token = tokens[i]
    if token.kind != "num":
        return None
    number = float(token.text.replace(",", ""))
    end = i + 1
    if end < len(tokens):
        word = tokens[end].text
        scale = lex.ar_scales.get(word) or lex.en_scales.get(word) or (100 if word == lex.en_hundred else 0)
        if scale:
            number *= scale
            end += 1
    if number != int(number):
        return None
    return _exact(i, end, int(number))


def _read_arabic(tokens: list[_Token], i: int, lex: _Lexicon, *, allow_conj: bool = True) -> _Value | None:
    """An Arabic number phrase: units before tens (خمسة وعشرون), hundreds, thousands, millions."""
    if tokens[i].kind != "word":
        return None
    known = lex.ar_known
    split = _split_clitics(tokens[i].text, known)
    if split is None:
        return None
    prefix, stem = split
    if stem in lex.ar_words and lex.ar_words[stem] == 10 and i > 0 and tokens[i - 1].text in lex.ordinals:
        return None
    total, last_scale = 0, math.inf
    hundreds: int | None = None
    tens: int | None = None
    units: int | None = None

    def group() -> int:
        return (hundreds or 0) + (tens or 0) + (units or 0)

    def empty() -> bool:
        return hundreds is None and tens is None and units is None

    end = i
    word, joined = stem, False
    while True:
        value = lex.ar_words.get(word)
        if end == i:  # the first word: anything goes
            if word in lex.ar_dual_scales:
                total, last_scale = lex.ar_dual_scales[word], lex.ar_dual_scales[word] // 2
            elif word in lex.ar_scales:
                total = last_scale = lex.ar_scales[word]
            elif value is not None and value >= 100:
                hundreds = value
            elif value is not None and value >= 10:
                tens = value
            else:
                units = value
        elif word in lex.ar_scales and not joined:
            scale = lex.ar_scales[word]
            if empty() or group() >= 1000 or scale >= last_scale:
                break
            total, last_scale = total + group() * scale, scale
            hundreds = tens = units = None
        elif value is None:
            break
        elif not joined:
            if value == 10 and units is not None and tens is None:  # خمسة عشر
                tens = 10
            elif value == 100 and units is not None and units >= 3 and hundreds is None and tens is None:
                hundreds, units = units * 100, None  # ثلاث مئة
            else:
                break
        elif value < 10:
            if units is not None or tens is not None:
                break
            units = value
        elif value < 100:
            if tens is not None or (value == 10 and units is not None):
                break
            tens = value
        else:
            if not empty() or total == 0:
                break
            hundreds = value
        end += 1
        if end >= len(tokens) or tokens[end].kind != "word":
            break
        word, joined = tokens[end].text, False
        # In the middle of a number a leading و is the conjunction, even in واحد (و + أحد).
        if allow_conj and word.startswith("و") and word[1:] in known:
            word, joined = word[1:], True
    return _exact(i, end, total + group(), prefix=prefix)


def _read_english(tokens: list[_Token], i: int, lex: _Lexicon) -> _Value | None:
    """An English number phrase: twenty-five, two hundred and five, a thousand, two dozen."""
    start_word = tokens[i].text
    if tokens[i].kind != "word" or not start_word.isascii():
        return None
    if start_word == "one" and i > 0 and tokens[i - 1].text in lex.en_one_blockers:
        return None
    total, current, last_scale = 0, 0, math.inf
    low_tens = low_unit = False
    has_hundred = False
    end = i
    if start_word in lex.en_article:
        nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if nxt not in lex.en_scales and nxt not in (lex.en_hundred, lex.en_dozen):
            return None
        current, end = 1, i + 1
    while end < len(tokens):
        word = tokens[end].text
        value = lex.en_words.get(word)
        if value is not None:
            if (
                value < 10
                and not low_unit
                and (not low_tens or value > 0)
                and (low_tens or current % 100 == 0)
            ):
                low_unit = True
            elif 10 <= value < 20 and current % 100 == 0 and not low_tens and not low_unit:
                low_tens = low_unit = True
            elif value >= 20 and not low_tens and not low_unit and current % 100 == 0:
                low_tens = True
            else:
                break
            current += value
        elif word == lex.en_hundred and 1 <= current <= 9 and not has_hundred:
            current, has_hundred, low_unit = current * 100, True, False
        elif word in lex.en_scales and current >= 1 and lex.en_scales[word] < last_scale:
            total, last_scale = total + current * lex.en_scales[word], lex.en_scales[word]
            current, has_hundred, low_tens, low_unit = 0, False, False, False
        elif word == lex.en_dozen and 1 <= current <= 9 and not has_hundred:
            current *= 12
            end += 1
            break
        elif word == "-":
            following = lex.en_words.get(tokens[end + 1].text) if end + 1 < len(tokens) else None
            if not (low_tens and not low_unit and following is not None and 0 < following < 10):
                break
        elif word == "and" and (has_hundred or total) and end + 1 < len(tokens):
            if tokens[end + 1].text not in lex.en_words:
                break
        else:
            break
        end += 1
    while end > i and tokens[end - 1].text in ("-", "and"):
        end -= 1
    if end == i or (start_word in lex.en_article and end == i + 1):
        return None
    return _exact(i, end, total + current)


def _read_dual(tokens: list[_Token], i: int, lex: _Lexicon) -> _Value | None:
    if tokens[i].kind != "word":
        return None
    split = _split_clitics(tokens[i].text, lex.duals)
    if split is None:
        return None
    end = i + 1
    if end < len(tokens) and tokens[end].text in lex.dual_confirm:
        end += 1
    return _exact(i, end, 2, prefix=split[0])


def _read_base(tokens: list[_Token], i: int, lex: _Lexicon, *, allow_conj: bool = True) -> _Value | None:
    """One quantity without bounds: a fixed phrase, a vague phrase, digits or number words."""
    found = lex.phrase_set.match(tokens, i)
    if found:
        return _exact(i, found[0], lex.phrases[found[2]], prefix=found[1])
    found = lex.vague_set.match(tokens, i)
    if found:
        low, high = lex.vague[found[2]]
        return _Value(i, found[0], _skip_for(found[1]), None, low, high, found[1])
    return (
        _read_digits(tokens, i, lex)
        or _read_arabic(tokens, i, lex, allow_conj=allow_conj)
        or _read_english(tokens, i, lex)
        or _read_dual(tokens, i, lex)
    )


def _range(first: _Value, second: _Value, start: int, skip: int) -> _Value | None:
    if not (first.exact and second.exact) or first.count is None or second.count is None:
        return None
    if first.count >= second.count:
        return None
    return _Value(start, second.end, skip, None, first.count, second.count)


def _read_second(tokens: list[_Token], j: int, lex: _Lexicon, conj: _PhraseSet) -> _Value | None:
    """The second end of a range after a connector; an Arabic و may sit on the number itself."""
    if j >= len(tokens):
        return None
    found = conj.match(tokens, j)
    if found and not found[1]:
        return _read_base(tokens, found[0], lex) if found[0] < len(tokens) else None
    second = _read_base(tokens, j, lex)
    if second is not None and second.prefix == "و" and ("و",) in conj.phrases:
        return second
    return None


def _read_opened_range(tokens: list[_Token], i: int, lex: _Lexicon) -> _Value | None:
    """between N and M, ما بين N وM, from N to M, من N إلى M."""
    for openers, conj in ((lex.open_and, lex.conj_and), (lex.open_to, lex.conj_to)):
        found = openers.match(tokens, i)
        if not found or found[0] >= len(tokens):
            continue
        for allow_conj in (True, False):
            first = _read_base(tokens, found[0], lex, allow_conj=allow_conj)
            if first is None or first.prefix:
                break
            second = _read_second(tokens, first.end, lex, conj)
            if second is not None:
                result = _range(first, second, i, _skip_for(found[1]))
                if result:
                    return result
    return None


def _bounded(value: _Value, kind: str, start: int, end: int, skip: int) -> _Value:
    n = value.count if value.exact else None
    low, high, count = value.min, value.max, None
    if kind == "approx":
        count = n
        if n is not None:
            low, high = math.floor(n * 0.8), math.ceil(n * 1.2)
    elif kind == "at_least":
        low, high = (n if n is not None else low), None
    elif kind == "more_than":
        low, high = (n + 1 if n is not None else low), None
    elif kind == "less_than":
        low, high = None, (max(n - 1, 0) if n is not None else high)
    elif kind == "up_to":
        low, high = None, (n if n is not None else high)
    return _Value(start, end, skip, count, low, high)


def _read_mention(tokens: list[_Token], i: int, lex: _Lexicon) -> _Value | None:
    opened = _read_opened_range(tokens, i, lex)
    if opened:
        return opened
    for kind in ("at_least", "more_than", "less_than", "up_to", "approx"):
        found = lex.bounds[kind].match(tokens, i)
        if found and found[0] < len(tokens):
            inner = _read_plain(tokens, found[0], lex)
            if inner is not None and not inner.prefix:
                return _bounded(inner, kind, i, inner.end, _skip_for(found[1]))
    return _read_plain(tokens, i, lex)


def _read_plain(tokens: list[_Token], i: int, lex: _Lexicon) -> _Value | None:
    """A quantity, then what may follow it: a bound (5 على الأقل) or the end of a range (5-7)."""
    value = _read_base(tokens, i, lex)
    if value is None:
        return None
    for kind in ("at_least", "approx"):
        found = lex.bounds[kind + "_after"].match(tokens, value.end)
        if found and not found[1]:
            return _bounded(value, kind, i, found[0], value.skip)
    if value.exact and value.end < len(tokens):
        found = lex.conj_to.match(tokens, value.end)
        if found and not found[1] and found[0] < len(tokens):
            second = _read_base(tokens, found[0], lex)
            if second is not None and not second.prefix:
                result = _range(value, second, i, value.skip)
                if result:
                    return result
    return value


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word that can begin a quantity (number words, duals, first words of phrases)."""
    lex = _lexicon()
    firsts: set[str] = set()
    for phrases in (
        lex.phrase_set,
        lex.vague_set,
        lex.not_numbers,
        *lex.bounds.values(),
        lex.open_and,
        lex.open_to,
    ):
        firsts |= phrases.firsts.keys()
    return frozenset(
        firsts | lex.ar_known | lex.duals | lex.en_words.keys() | lex.en_scales.keys() | lex.en_article
    )


@lru_cache(maxsize=65536)
def _may_start(word: str) -> bool:
    """Whether ``word``, with or without Arabic proclitics, can begin a quantity."""
    starters = _starters()
    return any(word.startswith(p) and word[len(p) :] in starters for p in _CLITICS)


def find_numbers(text: str, *, normalized: NormalizedText | None = None) -> list[NumberMention]:
    """Every quantity in ``text``, in order and non-overlapping, with spans into ``text``.

    ``normalized`` is ``normalize_with_offsets(text)`` when the caller already has it.
    """
    lex = _lexicon()
    norm = normalized or normalize_with_offsets(text)
    tokens = _tokenize(norm.text)
    out: list[NumberMention] = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind not in ("num", "word"):
            i += 1
            continue
        if tokens[i].kind == "word" and not _may_start(tokens[i].text):
            i += 1
            continue
        skipped = lex.not_numbers.match(tokens, i)
        if skipped and not skipped[1]:
            i = skipped[0]
            continue
        value = _read_mention(tokens, i, lex)
        if value is None:
            i += 1
            continue
        start = tokens[value.start].start + value.skip
        span = norm.to_original(start, tokens[value.end - 1].end)
        out.append(NumberMention(span, text[span[0] : span[1]], value.count, value.min, value.max))
        i = value.end
    return out


def parse_number(words: str) -> int | None:
    """The exact number that ``words`` spell out in full (digits or number words), else None."""
    lex = _lexicon()
    tokens = _tokenize(normalize_text(words))
    if not tokens:
        return None
    value = _read_mention(tokens, 0, lex)
    if value is None or value.end != len(tokens) or not value.exact or value.prefix:
        return None
    return value.count


@lru_cache(maxsize=2)
def number_words(sections: tuple[str, ...] = ("arabic", "english")) -> frozenset[str]:
    """The one-word number words of ``numbers.toml`` (words, scales and dual scales of the given
    language sections, and every vague quantity), normalised: a cheap test of whether a word
    may start or end a quantity before the full reader runs."""
    data = read_toml("lexicons/numbers.toml")
    words: list[str] = []
    for name in sections:
        section = data.get(name, {})
        words += [*section.get("words", {}), *section.get("scales", {}), *section.get("dual_scales", {})]
    words += [w for group in data.get("vague", []) for w in group.get("words", [])]
    return frozenset(normalize_text(w).lower() for w in words if " " not in w.strip())
