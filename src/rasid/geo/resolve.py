"""Toponym resolution: place mentions in running text, and typed place names.

``find_places(text)`` reads a text (Arabic or English) and returns every place mention in order,
non-overlapping, each a ``rasid.records.Place`` whose ``text``/``span`` slice the given text.
Names are found by the gazetteer's phrase matcher (clitic-aware: بالميادين، لديرالزور). Around
each name it reads, with the words of ``data/gazetteer/relative.toml``:

* place words that pick a kind ("مدينة دير الزور" is the city, "محافظة ..." the governorate,
  "منطقة الميادين" the district) and license names that are also common words (``needs_cue``);
* relative expressions, which become one mention covering the whole expression: the countryside
  or desert of a place (ريف دير الزور الشرقي، بادية الميادين، eastern countryside of Deir ez-Zor),
  a direction (غربي دير الزور، 5 km east of Hajin, eastern Deir ez-Zor) or nearness (قرب الميادين،
  near al-Mayadin). They resolve to the base place's admin1/admin2 with precision ``region``; the
  point moves from the base point in the named direction by the distance the text gives or, else,
  by ``[distance_km]`` for the base place's kind (e.g. 40 km for the countryside of a governorate,
  10 km "east of" a town); without a direction the point is the base point. Where the gazetteer
  has an entry for the expression (``[named]``: ريف دير الزور الشرقي) that entry is used;
* blockers: a name right after "قناة" or before "TV" is a medium, not a place.

Among the entries a name can mean, a place word's preferred kinds come first, then entries in the
districts, then the governorates, that the text's unambiguous mentions name, then the gazetteer's
order.

Reads: a text. Adds: nothing to it; returns places.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from rasid.data import read_toml
from rasid.geo.areas import drop_enclosing, drop_misplaced, drop_possessors
from rasid.geo.gazetteer import (
    CUE_NONE,
    CUE_PLACE_WORD,
    CUE_SOFT,
    CUE_STRICT,
    POSSESSIVE_MARKS,
    Gazetteer,
    GazetteerEntry,
    entry_rank,
    is_arabic,
    latin_skeleton,
    phrase_key,
)
from rasid.geo.spelling import keys_close, latin_variant_key
from rasid.records import Place
from rasid.text.matcher import PhraseMatch
from rasid.text.normalize import NormalizedText, normalize_text, normalize_with_offsets

RELATIVE_FILE = "gazetteer/relative.toml"
_WINDOW = 90
_KM_PER_DEGREE = 111.32
_PRECISION_RANK = {"point": 0, "region": 1, "admin2": 2, "admin1": 3, "country": 4, "unknown": 5}
_AR_CLITICS = "(?:[وف]?[بلك]?)"
_POSSESSIVES = tuple(f"{mark}s" for mark in POSSESSIVE_MARKS)
# Latin words for the spelling-variant pass: letters with inner apostrophes and hyphens (Qal'aat, al-Madiq).
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’‘`-][A-Za-z]+)*")
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|ed|ar|as|ash|at|az|an|ez|es|en)-[A-Z]")
_LATIN_CAPITAL = re.compile("[A-Z]")
_SKELETON_WORDS = 3  # the longest unknown spelling tried, in words
_SKELETON_MIN_RUNNING = 4  # shorter skeletons are too common in running text


@dataclass(frozen=True, slots=True)
class Direction:
    """A compass direction with the words used to name derived places."""

    name: str
    bearing: float
    en_adverb: str
    en_adjective: str
    ar_adverb: str
    ar_masculine: str
    ar_feminine: str


@dataclass(frozen=True, slots=True)
class _Context:
    """What the words around a name say: its expression's extent, relation, cue and license."""

    start: int  # normalised offsets of the whole expression
    end: int
    relation: str | None = None  # countryside | desert | direction | part | near
    direction: str | None = None
    km: float | None = None
    cue: str | None = None  # a [cues] name: town, village, governorate ...
    preposition: bool = False
    blocked: bool = False
    base_phrase: str | None = None  # the phrase that names the base place, when not the matched one


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The compiled words of relative.toml."""

    patterns: Mapping[str, re.Pattern[str]]
    words: Mapping[str, str]  # normalised word -> direction name, area relation or cue name
    cue_kinds: Mapping[str, tuple[str, ...]]
    directions: Mapping[str, Direction]
    distances: Mapping[str, Mapping[str, float]]
    names: Mapping[str, str]
    named: Mapping[str, str]
    area_starts: frozenset[str]


def _norm_words(words: Iterable[str]) -> list[str]:
    return [" ".join(normalize_text(w).split()) for w in words if w.strip()]


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of normalised words, longest first, spaces matching any whitespace."""
    unique = sorted(set(_norm_words(words)), key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in unique) or "(?!x)x"


def _with_lil(words: Sequence[str]) -> list[str]:
    # الريف after the preposition ل is written للريف.
    return [*words, *("ل" + w[1:] for w in _norm_words(words) if w.startswith("ال"))]


@cache
def _grammar() -> _Grammar:
    return build_grammar(read_toml(RELATIVE_FILE))


def build_grammar(data: Mapping[str, Any]) -> _Grammar:
    """Compile the words of a relative.toml-shaped mapping (``read_toml(RELATIVE_FILE)``)."""
    words: dict[str, str] = {}
    directions: dict[str, Direction] = {}
    ar_adverbs: list[str] = []
    ar_adjectives: list[str] = []
    en_adverbs: list[str] = []
    en_adjectives: list[str] = []
    for name, spec in data["directions"].items():
        directions[name] = Direction(
            name=name,
            bearing=float(spec["bearing"]),
            en_adverb=spec["en_adverb"][0],
            en_adjective=spec["en_adjective"][0],
            ar_adverb=spec["ar_adverb"][0],
            ar_masculine=spec["ar_adjective"][0],
            ar_feminine=spec["ar_adjective"][-1],
        )
        for key in ("ar_adverb", "ar_adjective", "en_adverb", "en_adjective"):
            for word in _norm_words(spec[key]):
                words[word] = name
        ar_adverbs += spec["ar_adverb"]
        ar_adjectives += spec["ar_adjective"]
        en_adverbs += spec["en_adverb"]
        en_adjectives += spec["en_adjective"]
    areas = data["areas"]
    for relation in ("countryside", "desert"):
        for key in (f"{relation}_ar_construct", f"{relation}_ar_definite", f"{relation}_en"):
            for word in _norm_words(_with_lil(areas[key])):
                words[word] = relation
    near = data["near"]
    for word in _norm_words([*near["en_after"]]):
        words[word] = "near"
    cues = data["cues"]
    cue_kinds: dict[str, tuple[str, ...]] = {}
    for cue, spec in cues.items():
        cue_kinds[cue] = tuple(spec["kinds"])
        for key in ("ar", "en_before", "en_after"):
            for word in _norm_words(spec[key]):
                words.setdefault(f"cue:{word}", cue)
    ar_def = _with_lil([*areas["countryside_ar_definite"], *areas["desert_ar_definite"]])
    ar_construct = [*areas["countryside_ar_construct"], *areas["desert_ar_construct"]]
    en_areas = [*areas["countryside_en"], *areas["desert_en"]]
    ar_units, en_units = data["distance"]["ar_units"], data["distance"]["en_units"]
    blockers, preps = data["blockers"], data["prepositions"]
    cue_ar = [w for spec in cues.values() for w in spec["ar"]]
    cue_en_before = [w for spec in cues.values() for w in spec["en_before"]]
    cue_en_after = [w for spec in cues.values() for w in spec["en_after"]]
    number = r"(?P<km>\d+(?:[.,]\d+)?)"
    en_dirs, rural = _alt([*en_adjectives, *en_adverbs]), _alt(areas["rural_en"])
    links = data["links"]
    ar_of, ar_towards = _alt(links["ar_of"]), _alt(links["ar_towards"])
    ar_lead = _alt(data["distance"]["ar_lead"])
    raw = {
        "ar_block_before": rf"(?<!\w){_AR_CLITICS}(?:ال)?(?:{_alt(blockers['ar_before'])})\s+$",
        "ar_block_after": rf"^\s+(?:{_alt(blockers['ar_after'])})(?!\w)",
        "ar_cue": rf"(?<!\w){_AR_CLITICS}(?P<cue>{_alt(cue_ar)})\s+$",
        "ar_area_def": rf"(?<!\w)[وف]?[بك]?(?P<area>{_alt(ar_def)})(?:\s+(?P<dir>{_alt(ar_adjectives)}))?"
        rf"\s+(?:(?:{ar_of})\s+)?ل?$",
        "ar_area_construct": rf"(?<!\w){_AR_CLITICS}(?P<area>{_alt(ar_construct)})\s+$",
        "ar_direction": rf"(?:(?<!\w)(?:[وف]?(?P<lead>{ar_lead})\s+)?{number}\s*(?:{_alt(ar_units)})\s+)?"
        rf"(?:(?<!\w)(?P<towards>{ar_towards})\s+)?(?<!\w){_AR_CLITICS}(?P<dir>{_alt(ar_adverbs)})\s+(?:(?:{ar_of})\s+)?$",
        "ar_near": rf"(?<!\w)[وف]?(?P<near>{_alt(near['ar'])})\s+$",
        "ar_suffix_dir": rf"^\s+(?P<dir>{_alt(ar_adjectives)})(?!\w)",
        "ar_prep": rf"(?<!\w)[وف]?(?:{_alt(preps['ar'])})\s+$",
        "en_block_before": rf"(?<!\w)(?:{_alt(blockers['en_before'])})\s+(?:the\s+)?$",
        "en_block_after": rf"^\s+(?:{_alt(blockers['en_after'])})(?!\w)",
        "en_cue_before": rf"(?<!\w)(?P<cue>{_alt(cue_en_before)})\s+(?:the\s+)?$",
        "en_cue_after": rf"^\s+(?P<cue>{_alt(cue_en_after)})(?!\w)",
        "en_area_of": rf"(?<!\w)(?:(?P<dir>{en_dirs})\s+)?(?P<area>{_alt(en_areas)})"
        r"\s+of\s+(?:the\s+)?$",
        "en_direction": rf"(?:(?<!\w){number}\s*-?\s*(?:{_alt(en_units)})\s+)?(?:(?<!\w)(?:to\s+)?the\s+)?"
        rf"(?<![\w-])(?P<dir>{_alt(en_adverbs)})\s+of\s+(?:the\s+)?$",
        "en_near": rf"(?<!\w)(?P<near>{_alt(near['en'])})\s+(?:the\s+)?$",
        "en_dir_prefix": rf"(?<![\w-])(?:(?:{rural})\s+)?(?P<dir>{en_dirs})\s+(?:(?:{rural})\s+)?$",
        "en_rural": rf"(?<!\w)(?P<rural>{rural})\s+$",
        "en_suffix_area": rf"^(?:['’]s)?\s+(?:(?P<dir>{_alt(en_adjectives)})\s+)?"
        rf"(?P<area>{_alt([*en_areas, *near['en_after']])})(?!\w)",
        "en_prep": rf"(?<!\w)(?:{_alt(preps['en'])})\s+(?:the\s+)?$",
    }
    return _Grammar(
        patterns={name: re.compile(pattern) for name, pattern in raw.items()},
        words=words,
        cue_kinds=cue_kinds,
        directions=directions,
        distances={k: {kind: float(km) for kind, km in v.items()} for k, v in data["distance_km"].items()},
        names=dict(data["names"]),
        named=dict(data["named"]),
        area_starts=frozenset(_norm_words(ar_construct)),
    )


def _word(grammar: _Grammar, text: str | None) -> str | None:
    if text is None:
        return None
    return grammar.words.get(" ".join(text.split()))


def _read_before(grammar: _Grammar, window: str, offset: int, *, arabic: bool) -> dict[str, Any]:
    """Cue, relation and preposition in the normalised text before a name (``window`` ends at it)."""
    bundled = grammar is _grammar()
    found = dict(_read_window(window, arabic) if bundled else _scan_before(grammar, window, arabic))
    if "start" in found:
        found["start"] += offset
    return found


@lru_cache(maxsize=65536)
def _read_window(window: str, arabic: bool) -> tuple[tuple[str, Any], ...]:
    """``_scan_before`` with the bundled grammar, cached: the same few words precede most names."""
    return tuple(_scan_before(_grammar(), window, arabic).items())


def _scan_before(grammar: _Grammar, window: str, arabic: bool) -> dict[str, Any]:
    """What ``_read_before`` finds, with ``start`` relative to the window."""
    offset = 0
    pats = grammar.patterns
    lang = "ar" if arabic else "en"
    out: dict[str, Any] = {}
    if pats[f"{lang}_block_before"].search(window):
        out["blocked"] = True
        return out
    rest = window
    cue = pats[f"{lang}_cue" if arabic else "en_cue_before"].search(window)
    if cue is not None:
        out["cue"] = grammar.words.get("cue:" + " ".join(cue.group("cue").split()))
        rest = window[: cue.start("cue")]
    order = (
        ("ar_area_def", "ar_area_construct", "ar_direction", "ar_near")
        if arabic
        else ("en_area_of", "en_direction", "en_near", "en_dir_prefix", "en_rural")
    )
    for name in order:
        if name == "en_dir_prefix" and (cue is not None or _COUNTRYS.search(rest)):
            # "the northeastern city of Qamishli", "Syria's northeastern Hasakah province": the
            # adjective describes the city or province, it names no part of it
            continue
        m = pats[name].search(rest)
        if m is None:
            continue
        groups = m.groupdict()
        first = min(m.start(g) for g, v in groups.items() if v is not None)
        out["start"] = offset + first
        if groups.get("near"):
            out["relation"] = "near"
        elif groups.get("area"):
            out["relation"] = _word(grammar, groups["area"])
            out["construct"] = name == "ar_area_construct"
        elif groups.get("rural"):
            out["relation"] = "countryside"
        elif name == "en_dir_prefix":
            out["relation"] = "part"
        else:
            out["relation"] = "direction"
        out["direction"] = _word(grammar, groups.get("dir"))
        if groups.get("km"):
            out["km"] = float(groups["km"].replace(",", "."))
        break
    if pats[f"{lang}_prep"].search(rest):
        out["preposition"] = True
    return out


# "Syria's" right before a direction adjective: the adjective places what follows in the country.
_COUNTRYS = re.compile(r"(?<!\w)syria['’]s\s+\S+\s+$", re.IGNORECASE)


def _read_context(grammar: _Grammar, norm: NormalizedText, start: int, end: int, *, phrase: str) -> _Context:
    arabic = is_arabic(phrase)
    lo = max(0, start - _WINDOW)
    before = _read_before(grammar, norm.text[lo:start], lo, arabic=arabic)
    after = norm.text[end : end + _WINDOW]
    pats = grammar.patterns
    if before.get("blocked") or pats["ar_block_after" if arabic else "en_block_after"].match(after):
        return _Context(start, end, blocked=True)
    relation, direction = before.get("relation"), before.get("direction")
    new_start, new_end = before.get("start", start), end
    base_phrase: str | None = None
    cue = before.get("cue")
    if arabic:
        words = phrase.split()
        alias_area = _word(grammar, words[0]) if words[0] in grammar.area_starts else None
        last = grammar.words.get(words[-1]) if alias_area and len(words) > 2 else None
        if last in grammar.directions:
            # "ريف دير الزور الشمالي" + "الشرقي": the alias's own direction grows into a compound.
            probe = " " + words[-1] + after
            m = pats["ar_suffix_dir"].match(probe)
            if m is not None and m.end() > len(words[-1]) + 1:
                direction, new_end = _word(grammar, m.group("dir")), end + m.end() - len(words[-1]) - 1
                relation, base_phrase = alias_area, " ".join(words[1:-1])
        elif (before.get("construct") or alias_area) and direction is None:
            m = pats["ar_suffix_dir"].match(after)
            if m is not None:
                direction, new_end = _word(grammar, m.group("dir")), end + m.end()
                relation = relation or alias_area
    else:
        m = pats["en_suffix_area"].match(after)
        if m is not None and relation in (None, "part", "countryside"):
            area = _word(grammar, m.group("area"))
            relation, new_end = area, end + m.end()
            direction = direction or _word(grammar, m.group("dir"))
        cue_after = pats["en_cue_after"].match(after)
        if cue_after is not None and cue is None and relation is None:
            cue = grammar.words.get("cue:" + " ".join(cue_after.group("cue").split()))
    preposition = bool(before.get("preposition"))
    return _Context(
        start=new_start if relation else start,
        end=new_end if relation else end,
        relation=relation,
        direction=direction,
        km=before.get("km"),
        cue=cue,
        preposition=preposition,
        base_phrase=base_phrase,
    )


def _licensed(level: int, ctx: _Context, kind: str, grammar: _Grammar) -> bool:
    if level == CUE_NONE:
        return True
    if ctx.cue is not None:
        # A place word licenses a name that needs one only when it names that kind ("حي الغوطة"
        # is the neighbourhood, "بلدات الغوطة" is not).
        return level < CUE_PLACE_WORD or kind in grammar.cue_kinds.get(ctx.cue, ())
    if level > CUE_STRICT:  # a district named like its seat needs a place word
        return False
    if ctx.relation is not None:
        return True
    return level == CUE_SOFT and ctx.preposition


def _choose(
    candidates: Sequence[GazetteerEntry],
    ctx: _Context,
    grammar: _Grammar,
    context: AbstractSet[str | None],
    held: frozenset[str] = frozenset(),
) -> GazetteerEntry:
    preferred = grammar.cue_kinds.get(ctx.cue or "", ())

    def score(pair: tuple[int, GazetteerEntry]) -> tuple[int, int, int, int, int]:
        index, entry = pair
        kind_rank = preferred.index(entry.kind) if entry.kind in preferred else len(preferred)
        out_admin2 = 0 if f"2:{entry.admin2}" in context else 1
        out_admin1 = 0 if f"1:{entry.admin1}" in context else 1
        out_held = 0 if entry.admin1 in held else 1
        return (kind_rank, out_admin2, out_admin1, out_held, index)

    return min(enumerate(candidates), key=score)[1]


def _unambiguous_context(found: Iterable[tuple[_Context, list[GazetteerEntry]]]) -> set[str | None]:
    """The governorates ("1:...") and districts ("2:...") that the text's unambiguous mentions name."""
    context: set[str | None] = set()
    for _, candidates in found:
        for level, values in (("1", {c.admin1 for c in candidates}), ("2", {c.admin2 for c in candidates})):
            if len(values) == 1 and None not in values:
                context.add(f"{level}:{values.pop()}")
    return context


def shift_point(lat: float, lon: float, *, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` kilometres from (lat, lon) towards ``bearing`` degrees (0 north, 90 east)."""
    rad = math.radians(bearing)
    dlat = km * math.cos(rad) / _KM_PER_DEGREE
    dlon = km * math.sin(rad) / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    return round(lat + dlat, 4), round(lon + dlon, 4)


def _derive(
    base: GazetteerEntry,
    ctx: _Context,
    grammar: _Grammar,
    gazetteer: Gazetteer,
    *,
    text: str,
    span: tuple[int, int],
) -> Place:
    relation = ctx.relation or "near"
    direction = grammar.directions.get(ctx.direction or "")
    for rel in [relation, "countryside"] if relation == "part" else [relation]:
        if direction is not None:
            exact = gazetteer.get(grammar.named.get(f"{base.key} {rel} {direction.name}", ""))
            if exact is not None:
                return exact.to_place(text=text, span=span)
        area = gazetteer.get(grammar.named.get(f"{base.key} {rel}", ""))
        if area is not None:
            if direction is None:
                return area.to_place(text=text, span=span)
            base = area  # "eastern desert of Homs": east of the Homs Badia
            break
    lat, lon = base.lat, base.lon
    km = ctx.km
    if direction is not None and relation != "near":
        table = "direction" if relation == "direction" else ("part" if relation == "part" else "countryside")
        if km is None:
            km = grammar.distances.get(table, {}).get(base.kind, 10.0)
        lat, lon = shift_point(lat, lon, bearing=direction.bearing, km=km)
    template = relation
    if ctx.km is not None and relation == "direction":
        template = "distance"
    elif relation in ("countryside", "desert") and direction is not None:
        # The countryside or desert of a region is the region itself: "eastern Deir ez-Zor Badia".
        first_word = (normalize_text(base.name_ar).split() or [""])[0]
        area_named = first_word in grammar.area_starts
        template = "region_dir" if base.kind == "region" or area_named else f"{relation}_dir"
    fields = {
        "name": base.name,
        "adjective": direction.en_adjective if direction else "",
        "adverb": direction.en_adverb if direction else "",
        "ar_adverb": direction.ar_adverb if direction else "",
        "ar_adjective": (direction.ar_feminine if relation == "desert" else direction.ar_masculine)
        if direction
        else "",
        "km": f"{ctx.km:g}" if ctx.km is not None else "",
    }
    name_en = grammar.names.get(f"{template}_en", "{name}").format(**fields)
    name_ar = grammar.names.get(f"{template}_ar", "{name}").format(**{**fields, "name": base.name_ar})
    key = (
        f"{base.key}@{relation}"
        + (f":{direction.name}" if direction else "")
        + (f":{ctx.km:g}km" if ctx.km else "")
    )
    return Place(
        name=name_en,
        name_ar=name_ar,
        lat=lat,
        lon=lon,
        admin1=base.admin1,
        admin2=base.admin2 if base.kind != "governorate" else None,
        country="SY",
        precision="region",
        text=text,
        span=span,
        key=key,
    )


@dataclass(frozen=True, slots=True)
class _Found:
    """A name found in the text with what its context says, before the final choice."""

    ctx: _Context
    candidates: list[GazetteerEntry]
    plain: list[GazetteerEntry]  # the candidates if the name stood alone (no relative expression)
    start: int
    end: int
    loose: bool = False  # only a close spelling with the same consonant skeleton (Tarmala ~ Teir Maaleh)


def _candidates(pairs: Iterable[tuple[GazetteerEntry, int]], ctx: _Context) -> list[GazetteerEntry]:
    grammar = _grammar()
    return [entry for entry, level in pairs if _licensed(level, ctx, entry.kind, grammar)]


def _find_names(text: str, norm: NormalizedText, gaz: Gazetteer, grammar: _Grammar) -> list[_Found]:
    offsets = norm.offsets
    found: list[_Found] = []
    for match in _matches(text, norm, gaz):
        phrase = match.value
        start, end = bisect_left(offsets, match.span[0]), bisect_left(offsets, match.span[1])
        if is_arabic(phrase):
            if _article_on_bare_name(phrase, norm.text[start:end]):
                continue  # السورية is an adjective, not سورية with an article
        elif phrase.endswith(_POSSESSIVES):
            end -= 2  # "Deir ez-Zor's": the place is the name without the possessive
        ctx = _read_context(grammar, norm, start, end, phrase=phrase)
        if ctx.blocked:
            continue
        pairs = (gaz.phrase_entries(ctx.base_phrase) if ctx.base_phrase else []) or gaz.phrase_entries(phrase)
        plain_ctx = _Context(start, end, cue=ctx.cue, preposition=ctx.preposition)
        plain = _candidates(gaz.phrase_entries(phrase), plain_ctx)
        candidates = _candidates(pairs, ctx)
        if candidates or plain:
            found.append(_Found(ctx, candidates, plain, start, end))
    return found


def _article_on_bare_name(phrase: str, written: str) -> bool:
    """Whether a name listed without the article is written with one (السورية is no سورية)."""
    return not phrase.startswith("ال") and written.startswith(("ال", "لل"))


def _matches(text: str, norm: NormalizedText, gaz: Gazetteer) -> list[PhraseMatch]:
    """The gazetteer's names in ``text``; where a longer Arabic name is no name because the text
    gives it an article, the names in its words without the last one are read instead:
    "مدينة الباب شرقي حلب" is al-Bab east of Aleppo, not Bab Sharqi with an article."""
    out: list[PhraseMatch] = []
    for match in gaz.find_names(text, normalized=norm):
        phrase = match.value
        if is_arabic(phrase) and " " in phrase.strip():
            start, end = bisect_left(norm.offsets, match.span[0]), bisect_left(norm.offsets, match.span[1])
            if _article_on_bare_name(phrase, norm.text[start:end]):
                cut = text.rfind(" ", match.span[0], match.span[1])
                shorter = text[:cut]
                out += [m for m in gaz.find_names(shorter) if m.span[0] >= match.span[0]]
                continue
        out.append(match)
    return out


def _name_like(word: str) -> bool:
    return word[0].isupper() or _LATIN_ARTICLE.match(word) is not None


def _spelling_variants(
    text: str, norm: NormalizedText, gaz: Gazetteer, grammar: _Grammar, taken: list[tuple[int, int]]
) -> list[_Found]:
    """Capitalised Latin names the matcher missed: other spellings of known names, and names
    that share a place's consonant skeleton.

    "Al-Bokamal" or "Hammuriyyeh" spell listed names another way (``latin_variant_key``): they
    count as those names. "Der-Ezzor" or "Kafar Sajna" only share a skeleton with a close
    spelling: such a name counts like a name that needs a cue: after a preposition, a place
    word or in a relative expression ("shelling on Bedama", "in Der Kheba town"), never bare.
    """
    words = [m for m in _LATIN_WORD.finditer(text)]
    if not words:
        return []
    offsets = norm.offsets
    name_like = [_name_like(w.group()) for w in words]
    part_of_name = [
        like or w.group().lower() in ("al", "el") for like, w in zip(name_like, words, strict=True)
    ]
    spaced = [text[a.end() : b.start()] == " " for a, b in pairwise(words)]
    out: list[_Found] = []
    i = 0
    while i < len(words):
        if not name_like[i]:
            i += 1
            continue
        hit = None
        for n in range(min(_SKELETON_WORDS, len(words) - i), 0, -1):
            if not all(spaced[i : i + n - 1]) or not all(part_of_name[i : i + n]):
                continue
            group = words[i : i + n]
            o_start, o_end = group[0].start(), group[-1].end()
            if any(o_start < t_end and t_start < o_end for t_start, t_end in taken):
                continue
            spelled = text[o_start:o_end]
            pairs, loose = _spelled_pairs(gaz, spelled)
            if not pairs:
                continue
            start, end = bisect_left(offsets, o_start), bisect_left(offsets, o_end)
            ctx = _read_context(grammar, norm, start, end, phrase=spelled)
            if ctx.blocked:
                break
            candidates = _candidates(pairs, ctx)
            plain = _candidates(pairs, _Context(start, end, cue=ctx.cue, preposition=ctx.preposition))
            if candidates or plain:
                hit = (_Found(ctx, candidates, plain, start, end, loose), n)
            break
        if hit is None:
            i += 1
            continue
        out.append(hit[0])
        i += hit[1]
    return out


@lru_cache(maxsize=65536)
def _spelled_pairs(gaz: Gazetteer, spelled: str) -> tuple[tuple[tuple[GazetteerEntry, int], ...], bool]:
    """The entries a capitalised name the matcher missed can mean, with how strongly each needs a
    cue, and whether they rest on the consonant skeleton only (a loose match).

    Another spelling of a known name (Al-Bokamal, Hammuriyyeh: ``latin_variant_key``) is that
    name, cue rules included; else a close spelling with the same consonant skeleton, which
    needs a cue.
    """
    pairs = _variant_pairs(gaz, spelled)
    if pairs:
        return tuple(pairs), False
    return tuple(_skeleton_pairs(gaz, spelled, article=_LATIN_ARTICLE.match(spelled) is not None)), True


def _variant_pairs(gaz: Gazetteer, words: str) -> list[tuple[GazetteerEntry, int]]:
    """The entries of the names that ``words`` spells another way, with those names' cue levels."""
    phrases = gaz.variant_phrases(words)
    if not phrases:
        return []
    levels: dict[str, tuple[GazetteerEntry, int]] = {}
    for phrase in phrases:
        for entry, level in gaz.phrase_entries(phrase):
            if entry.key not in levels or levels[entry.key][1] < level:
                levels[entry.key] = (entry, level)
    return sorted(levels.values(), key=lambda pair: entry_rank(pair[0]))


def _skeleton_pairs(gaz: Gazetteer, words: str, *, article: bool) -> list[tuple[GazetteerEntry, int]]:
    """Entries whose English names share the consonant skeleton of ``words`` and are spelled
    closely enough (``keys_close``); each needs a cue."""
    # An article (al-Tabaqa) marks an Arabic name: a shorter skeleton is then enough.
    entries = gaz.skeleton_entries(words, min_length=_SKELETON_MIN_RUNNING - article)
    if not entries:
        return []
    skeleton, key = latin_skeleton(words), latin_variant_key(words)
    entries = [
        e
        for e in entries
        if any(
            keys_close(key, latin_variant_key(name))
            for name in e.names
            if name and not is_arabic(name) and latin_skeleton(name) == skeleton
        )
    ]
    if any(e.kind != "district" for e in entries):
        entries = [e for e in entries if e.kind != "district"]  # as for names: the town
    # Neighbourhood names are often common words (Grand, Teshreen): they need a place word.
    return [(e, CUE_PLACE_WORD if e.kind == "neighbourhood" else CUE_SOFT) for e in entries]


def find_places(
    text: str, *, gazetteer: Gazetteer | None = None, held: frozenset[str] = frozenset()
) -> list[Place]:
    """Every place mention in ``text``, in order, non-overlapping; spans are offsets into ``text``.

    ``held``: governorates the sentence's parties held at the time (``geo.control.held_by``),
    a last tie-breaker between places of the same name, after the governorates the text names.
    """
    gaz = gazetteer or Gazetteer.load_default()
    grammar = _grammar()
    norm = normalize_with_offsets(text)
    found, context = _names_in(text, gaz)
    places: list[Place] = []
    last_end = 0
    for item in found:
        ctx, candidates = item.ctx, item.candidates
        if not candidates or norm.to_original(ctx.start, ctx.end)[0] < last_end:
            # The relative expression would overlap the previous mention: keep the bare name.
            ctx = _Context(item.start, item.end, cue=ctx.cue, preposition=ctx.preposition)
            candidates = item.plain
            if not candidates or norm.to_original(item.start, item.end)[0] < last_end:
                continue
        entry = _choose(candidates, ctx, grammar, context, held)
        span = norm.to_original(ctx.start, ctx.end)
        words = text[span[0] : span[1]]
        if ctx.relation is None:
            place = entry.to_place(text=words, span=span)
        else:
            place = _derive(entry, ctx, grammar, gaz, text=words, span=span)
        places.append(place)
        last_end = span[1]
    if len(places) > 1:
        places = drop_possessors(text, drop_enclosing(text, drop_misplaced(text, places)))
    return places


@lru_cache(maxsize=4)
def _names_in(text: str, gaz: Gazetteer) -> tuple[tuple[_Found, ...], frozenset[str | None]]:
    """The names in ``text`` with what their context says, and the areas its unambiguous names
    name (cached for the sentence in hand: a lede is read for its place, then for its events)."""
    grammar = _grammar()
    norm = normalize_with_offsets(text)
    found = _find_names(text, norm, gaz, grammar)
    if _LATIN_CAPITAL.search(text):
        taken = [norm.to_original(f.start, f.end) for f in found]
        variants = _spelling_variants(text, norm, gaz, grammar, taken)
        if variants:
            found = sorted([*found, *variants], key=lambda f: f.start)
    found = [f for f in found if not _part_of_longer_name(text, norm.to_original(f.start, f.end)[1])]
    context = _unambiguous_context([(f.ctx, f.candidates or f.plain) for f in found if not f.loose])
    # A loose spelling is no match when the text names governorates and none is its own:
    # "Idlib - warplanes struck Tarmala village" is not Teir Maaleh in Homs.
    named = {area for area in context if area and area.startswith("1:")}
    if named:
        found = [
            f for f in found if not f.loose or any(f"1:{e.admin1}" in named for e in f.candidates or f.plain)
        ]
    return tuple(found), frozenset(context)


@cache
def _longer_name() -> re.Pattern[str]:
    """A capitalised word (or two) and a settlement's place word (relative.toml's town, village
    and neighbourhood words after a name): "Dara Azza village" is one village's name."""
    cues = read_toml(RELATIVE_FILE)["cues"]
    words = [w for kind in ("town", "village", "neighbourhood") for w in cues[kind]["en_after"]]
    return re.compile(rf"[ \t]+[A-Z][\w'’]*(?:[ -][A-Z][\w'’]*)?[ \t]+(?:{_alt(words)})\b")


def _part_of_longer_name(text: str, end: int) -> bool:
    """Whether the Latin name ending at ``end`` is only the first part of a longer place name
    ("Dara Azza village" is not Daraa followed by a word)."""
    return end > 0 and text[end - 1].isascii() and _longer_name().match(text, end) is not None


def _common_word(text: str, entries: Sequence[GazetteerEntry]) -> bool:
    """Whether a typed name is one that needs a place word in running text for all these entries."""
    key = phrase_key(text)
    return all(
        any(phrase_key(cue.lstrip("!")) == key for cue in e.needs_cue if cue.startswith("!")) for e in entries
    )


def resolve_place(name: str, *, gazetteer: Gazetteer | None = None) -> tuple[Place | None, list[Place]]:
    """The best place for a typed name (any spelling, "X, Syria", a relative expression), and the others.

    An exact or article/clitic-stripped gazetteer match wins; then the place mentions in the
    name (the most precise first, so "الميادين، دير الزور" is al-Mayadin); then a fuzzy match of an
    English spelling. Returns ``(None, [])`` when nothing matches.
    """
    gaz = gazetteer or Gazetteer.load_default()
    text = " ".join(name.split())
    if not text:
        return None, []
    entries = gaz.lookup(text, fuzzy=False)
    if entries and all(e.kind == "neighbourhood" for e in entries) and _common_word(text, entries):
        # "القدس" or "الحرية" alone is no more a neighbourhood of a Syrian city than Jerusalem or a word.
        return None, [e.to_place() for e in entries]
    if entries:
        places = [e.to_place() for e in entries]
        return places[0], places[1:]
    mentions = find_places(text, gazetteer=gaz)
    if mentions:
        order = sorted(range(len(mentions)), key=lambda i: (_PRECISION_RANK.get(mentions[i].precision, 5), i))
        best = mentions[order[0]]
        return best, [mentions[i] for i in order[1:]]
    entries = gaz.lookup(text)
    if entries:
        places = [e.to_place() for e in entries]
        return places[0], places[1:]
    return None, []
