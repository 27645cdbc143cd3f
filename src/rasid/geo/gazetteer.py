"""The gazetteer: Syrian places with their Arabic and English names, and name lookup.

Reads ``data/gazetteer/places.tsv`` (its header and ``data/README.md`` describe the columns and
sources). ``Gazetteer.lookup`` finds the entries a name can mean, after normalisation: Arabic
with or without diacritics, article, proclitics or the space in joined names (ديرالزور), English in
any case, with or without hyphens, apostrophes or the article (al-, el-, ash- ...), and, when
nothing else matched, by a consonant skeleton of the English spelling (Mayadeen ~ Mayadin).
``Gazetteer.matcher`` is the phrase matcher that finds the names in running text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from rasid.data import read_tsv
from rasid.errors import DataFileError
from rasid.records import Place
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import NormalizedText, normalize_key, normalize_text

logger = logging.getLogger(__name__)

DEFAULT_FILE = "gazetteer/places.tsv"

# Best candidates first when a name is ambiguous (a governorate before its capital, ...).
KINDS: tuple[str, ...] = (
    "country",
    "governorate",
    "district",
    "subdistrict",
    "town",
    "village",
    "region",
    "oilfield",
    "landmark",
)
ADMIN1_NAMES: tuple[str, ...] = (
    "Deir ez-Zor",
    "Aleppo",
    "Idlib",
    "Raqqa",
    "Hasakah",
    "Homs",
    "Hama",
    "Latakia",
    "Tartus",
    "Damascus",
    "Rif Dimashq",
    "Daraa",
    "As-Suwayda",
    "Quneitra",
)
KIND_PRECISION: dict[str, str] = {
    "country": "country",
    "governorate": "admin1",
    "district": "admin2",
    "subdistrict": "admin2",
    "town": "point",
    "village": "point",
    "landmark": "point",
    "oilfield": "point",
    "region": "region",
}
KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(KINDS)}

# How strongly a name needs a cue in running text: none; a preposition, place word or relative
# expression; a place word or relative expression; a place word only (a district named like its seat).
CUE_NONE, CUE_SOFT, CUE_STRICT, CUE_PLACE_WORD = 0, 1, 2, 3

_ARABIC = re.compile("[\u0621-\u064a]")
_APOSTROPHES = "'’‘`ʿʾ´"
POSSESSIVE_MARKS = ("'", "’")
_LATIN_ARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "ed",
        "ar",
        "er",
        "as",
        "es",
        "ash",
        "esh",
        "at",
        "et",
        "az",
        "ez",
        "an",
        "en",
        "ul",
        "adh",
    }
)
_ARTICLE_TOKEN = re.compile(
    r"^(?:al|el|ad|ed|ar|er|as|es|ash|esh|at|et|az|ez|an|en|ul|adh)[-\s]+(?=\S)", re.I
)
_TOKEN_SPLIT = re.compile(r"[\s\-]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"))
_SKELETON_DROP = re.compile(r"[aeiouyw]")
_SKELETON_MIN = 3
# Arabic proclitics a typed name may carry, longest first; "لل" stands for ل + the article.
_AR_PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place of the gazetteer. ``needs_cue`` holds its names that need a cue in running text
    (a leading ``!`` marks the strict ones, that a preposition does not license)."""

    key: str
    kind: str
    name: str
    name_ar: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    admin1: str | None
    admin2: str | None
    population: int | None
    needs_cue: tuple[str, ...] = ()

    @property
    def precision(self) -> str:
        """The ``Place.precision`` of this entry (``point`` for towns, ``admin1`` for governorates ...)."""
        return KIND_PRECISION.get(self.kind, "unknown")

    @property
    def names(self) -> tuple[str, ...]:
        """The English name, the Arabic name and every alias."""
        return (self.name, self.name_ar, *self.aliases)

    def to_place(self, *, text: str | None = None, span: tuple[int, int] | None = None) -> Place:
        """This entry as a ``Place`` (with the words and span it was found at, if any)."""
        return Place(
            name=self.name,
            name_ar=self.name_ar or None,
            lat=self.lat,
            lon=self.lon,
            admin1=self.admin1,
            admin2=self.admin2,
            country="SY",
            precision=self.precision,
            text=text,
            span=span,
            key=self.key,
        )


def is_arabic(text: str) -> bool:
    """Whether ``text`` holds Arabic letters."""
    return _ARABIC.search(text) is not None


def phrase_key(text: str) -> str:
    """The key a phrase has in the phrase matcher: normalised, single-spaced."""
    return " ".join(normalize_text(text).split())


def latin_key(text: str) -> str:
    """A lookup key for a Latin-script name: accents folded, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub("", folded)


def latin_loose_key(text: str) -> str:
    """``latin_key`` without article tokens anywhere (Deir ez-Zor ~ Deir al-Zor ~ Deir Zor)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c) and c not in _APOSTROPHES)
    tokens = [t for t in _TOKEN_SPLIT.split(folded) if t]
    kept = [t for t in tokens if t not in _LATIN_ARTICLES] or tokens
    return latin_key("".join(kept))


def latin_skeleton(text: str) -> str:
    """A consonant skeleton of a Latin-script name, for a last-resort fuzzy match (Mayadeen ~ Mayadin)."""
    key = latin_loose_key(text)
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    key = key.replace("q", "k").replace("c", "k")
    key = key.rstrip("h") or key
    key = key[0] + _SKELETON_DROP.sub("", key[1:]) if key else key
    return re.sub(r"(.)\1+", r"\1", key)


def arabic_loose_key(text: str) -> str:
    """``normalize_key`` with the article dropped from every word (جسر الشغور ~ جسر شغور)."""
    words = normalize_text(text).split()
    return "".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words)


def _arabic_query_keys(name: str) -> list[tuple[int, str]]:
    """(tier, key) pairs for an Arabic query: as written, then without proclitics on the first word."""
    exact = normalize_key(name)
    keys = [(0, exact)]
    words = normalize_text(name).split()
    if words:
        first, rest = words[0], "".join(words[1:])
        for clitic in _AR_PROCLITICS:
            if first.startswith(clitic) and len(first) - len(clitic) >= 3:
                stem = first[len(clitic) :]
                if clitic.endswith("ال"):
                    stem = "ال" + stem
                keys.append((1, stem + rest))
        if first.startswith("لل") and len(first) > 4:
            keys.append((1, "ال" + first[2:] + rest))
    keys.append((1, arabic_loose_key(name)))
    return keys


def _latin_variants(alias: str) -> list[str]:
    """Spellings of an English alias as it may appear in text: hyphen or space, any apostrophe, no article."""
    forms = {alias, alias.replace("-", " ")}
    article = _ARTICLE_TOKEN.match(alias)
    if article is not None:
        rest = alias[article.end() :]
        if len(latin_key(rest)) >= 5:
            forms.update({rest, rest.replace("-", " ")})
    out: set[str] = set()
    for form in forms:
        if any(c in form for c in _APOSTROPHES):
            for mark in ("'", "’", "‘", "`", "ʿ", ""):
                out.add(re.sub(f"[{_APOSTROPHES}]", mark, form))
        else:
            out.add(form)
    # The possessive is one word for the matcher ("Deir ez-Zor's countryside").
    out.update([f"{form}{mark}s" for form in list(out) for mark in POSSESSIVE_MARKS])
    return sorted(out)


def _cue_levels(entry: GazetteerEntry) -> dict[str, int]:
    levels: dict[str, int] = {}
    for raw in entry.needs_cue:
        strict = raw.startswith("!")
        levels[raw.lstrip("!")] = CUE_STRICT if strict else CUE_SOFT
    return levels


def _rank(entry: GazetteerEntry) -> tuple[int, int, str]:
    return (KIND_RANK.get(entry.kind, len(KINDS)), -(entry.population or 0), entry.key)


class Gazetteer:
    """Places and their names; ``lookup`` for typed names, ``matcher`` for names in running text."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self._entries = tuple(entries)
        self._by_key: dict[str, GazetteerEntry] = {}
        for entry in self._entries:
            if entry.key in self._by_key:
                raise DataFileError(f"duplicate gazetteer key {entry.key!r}")
            self._by_key[entry.key] = entry
        self._exact: dict[str, list[GazetteerEntry]] = {}
        self._loose: dict[str, list[GazetteerEntry]] = {}
        self._fuzzy: dict[str, list[GazetteerEntry]] = {}
        self._phrases: dict[str, dict[str, int]] = {}  # phrase key -> {entry key: cue level}
        for entry in self._entries:
            self._index_entry(entry)
        self._merge_joined_spellings()
        self._mark_district_phrases()
        self._matcher: PhraseMatcher | None = None
        # Hook: typed names this gazetteer does not know go to ``fallback`` (see _default_gazetteer).
        self.fallback: Callable[[str], list[GazetteerEntry]] | None = None
        # "Tal Abyad, Syria": a trailing country name is dropped from a typed name.
        countries = [normalize_text(n) for e in self._entries if e.kind == "country" for n in e.names if n]
        alternatives = "|".join(re.escape(n) for n in sorted(set(countries), key=len, reverse=True))
        self._country_suffix = (
            re.compile(rf"(?:\s*[,،(]\s*|\s+)(?:{alternatives})\s*\)?\s*$") if countries else None
        )

    def _index_entry(self, entry: GazetteerEntry) -> None:
        levels = _cue_levels(entry)
        for alias in dict.fromkeys(a for a in entry.names if a):
            level = levels.get(alias, CUE_NONE)
            if is_arabic(alias):
                _add(self._exact, normalize_key(alias), entry)
                _add(self._loose, arabic_loose_key(alias), entry)
                variants = [alias]
            else:
                _add(self._exact, latin_key(alias), entry)
                _add(self._loose, latin_loose_key(alias), entry)
                skeleton = latin_skeleton(alias)
                if len(skeleton) >= _SKELETON_MIN:
                    _add(self._fuzzy, skeleton, entry)
                variants = _latin_variants(alias)
            for variant in variants:
                key = phrase_key(variant)
                if key:
                    slot = self._phrases.setdefault(key, {})
                    slot[entry.key] = max(slot.get(entry.key, CUE_NONE), level)

    def _merge_joined_spellings(self) -> None:
        # The matcher reads "البو كمال" and "البوكمال" as one phrase: they must name the same entries.
        groups: dict[str, list[str]] = {}
        for key in self._phrases:
            groups.setdefault(key.replace(" ", ""), []).append(key)
        for keys in groups.values():
            if len(keys) > 1:
                merged: dict[str, int] = {}
                for key in keys:
                    for entry_key, level in self._phrases[key].items():
                        merged[entry_key] = max(merged.get(entry_key, CUE_NONE), level)
                for key in keys:
                    self._phrases[key] = dict(merged)

    def _mark_district_phrases(self) -> None:
        # A district named like its seat ("الميادين") is the town in running text; the district
        # needs a place word ("منطقة الميادين", "Mayadin district").
        for slot in self._phrases.values():
            kinds = {self._by_key[k].kind for k in slot}
            if "district" in kinds and len(kinds) > 1:
                for key in slot:
                    if self._by_key[key].kind == "district":
                        slot[key] = CUE_PLACE_WORD

    @property
    def entries(self) -> tuple[GazetteerEntry, ...]:
        """Every entry, in file order."""
        return self._entries

    def get(self, key: str) -> GazetteerEntry | None:
        """The entry with this gazetteer key, if any."""
        return self._by_key.get(key)

    def lookup(self, name: str, *, fuzzy: bool = True) -> list[GazetteerEntry]:
        """The entries ``name`` can mean, best first.

        Exact matches (after normalisation) come before article- or proclitic-stripped ones, and
        those before consonant-skeleton matches of English spellings; within a tier a
        governorate comes before a district, a town, a village ..., then the larger population.
        A trailing ", Syria" is ignored; ``fuzzy=False`` leaves out the skeleton matches.
        """
        text = normalize_text(name.strip()) if is_arabic(name) else name.strip().lower()
        if self._country_suffix is not None:
            text = self._country_suffix.sub("", text) or text
        if not text:
            return []
        found: dict[str, tuple[int, GazetteerEntry]] = {}

        def collect(index: Mapping[str, list[GazetteerEntry]], key: str, tier: int) -> None:
            for entry in index.get(key, ()):
                if entry.key not in found or found[entry.key][0] > tier:
                    found[entry.key] = (tier, entry)

        if is_arabic(text):
            for tier, key in _arabic_query_keys(text):
                collect(self._exact, key, tier)
                collect(self._loose, key, tier + 1)
        else:
            stripped = re.sub(r"^the\s+", "", text, flags=re.I)
            collect(self._exact, latin_key(stripped), 0)
            collect(self._loose, latin_loose_key(stripped), 1)
        if not found and self.fallback is not None:
            imported = self.fallback(text)
            if imported:
                return imported
        if not is_arabic(text):
            stripped = re.sub(r"^the\s+", "", text, flags=re.I)
            if not found and fuzzy:
                skeleton = latin_skeleton(stripped)
                if len(skeleton) >= _SKELETON_MIN:
                    collect(self._fuzzy, skeleton, 3)
        ordered = sorted(found.values(), key=lambda item: (item[0], *_rank(item[1])))
        return [entry for _, entry in ordered]

    @property
    def matcher(self) -> PhraseMatcher:
        """The phrase matcher over every name; a match's ``value`` is its phrase key."""
        if self._matcher is None:
            # Spaced spellings first: of the phrases that differ only in spaces the matcher keeps the
            # first, and only a spaced one lets it match both "البو كمال" and "البوكمال".
            ordered = sorted(self._phrases, key=lambda key: -len(key.split()))
            self._matcher = PhraseMatcher({key: key for key in ordered})
        return self._matcher

    def find_names(self, text: str, *, normalized: NormalizedText | None = None) -> list[PhraseMatch]:
        """Every gazetteer name in ``text``: non-overlapping ``PhraseMatch``es in order, longest first."""
        return self.matcher.find(text, normalized=normalized)

    def phrase_entries(self, phrase: str) -> list[tuple[GazetteerEntry, int]]:
        """The entries a matched phrase key names, each with how strongly it needs a cue, best first."""
        slot = self._phrases.get(phrase, {})
        pairs = [(self._by_key[key], level) for key, level in slot.items()]
        return sorted(pairs, key=lambda pair: _rank(pair[0]))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]], *, where: str = DEFAULT_FILE) -> Gazetteer:
        """A gazetteer from rows shaped like ``places.tsv`` (raises ``DataFileError`` on a bad row)."""
        return cls(entry_from_row(row, where=f"{where}: row {n}") for n, row in enumerate(rows, start=1))

    @classmethod
    def load_default(cls) -> Gazetteer:
        """The bundled gazetteer, built once per process."""
        return _default_gazetteer()


def _add(index: dict[str, list[GazetteerEntry]], key: str, entry: GazetteerEntry) -> None:
    if not key:
        return
    bucket = index.setdefault(key, [])
    if entry not in bucket:
        bucket.append(entry)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def entry_from_row(row: Mapping[str, str], *, where: str = DEFAULT_FILE) -> GazetteerEntry:
    """One ``GazetteerEntry`` from a ``places.tsv`` row, checked."""
    key = (row.get("key") or "").strip()
    place = f"{where} ({key or 'no key'})"
    if not key:
        raise DataFileError("row has no key", where=place)
    kind = (row.get("kind") or "").strip()
    if kind not in KIND_RANK:
        raise DataFileError(f"unknown kind {kind!r}", where=place)
    try:
        lat, lon = float(row.get("lat") or ""), float(row.get("lon") or "")
    except ValueError as exc:
        raise DataFileError("lat/lon are not numbers", where=place) from exc
    admin1 = (row.get("admin1") or "").strip() or None
    if admin1 is not None and admin1 not in ADMIN1_NAMES:
        raise DataFileError(f"unknown admin1 {admin1!r}", where=place)
    population_text = (row.get("population") or "").strip()
    try:
        population = int(population_text) if population_text else None
    except ValueError as exc:
        raise DataFileError(f"population {population_text!r} is not a whole number", where=place) from exc
    return GazetteerEntry(
        key=key,
        kind=kind,
        name=(row.get("name") or "").strip(),
        name_ar=(row.get("name_ar") or "").strip(),
        aliases=_split(row.get("aliases_en") or "") + _split(row.get("aliases_ar") or ""),
        lat=lat,
        lon=lon,
        admin1=admin1,
        admin2=(row.get("admin2") or "").strip() or None,
        population=population,
        needs_cue=_split(row.get("needs_cue") or ""),
    )


@cache
def _default_gazetteer() -> Gazetteer:
    gazetteer = Gazetteer.from_rows(read_tsv(DEFAULT_FILE))
    logger.debug("gazetteer: %d entries", len(gazetteer.entries))
    gazetteer.fallback = _imported_lookup(gazetteer)
    return gazetteer


# --- Hook: an imported GeoNames index (``rasid gazetteer import``, rasid.geo.index) ---------------
# The default gazetteer asks it for typed names it does not know (exact and article-stripped
# lookups found nothing; before the fuzzy skeleton match). It is never used for running text.
def _imported_lookup(gazetteer: Gazetteer) -> Callable[[str], list[GazetteerEntry]]:
    from rasid.geo.index import lookup_imported  # rasid.geo.index imports this module

    def lookup(name: str) -> list[GazetteerEntry]:
        return lookup_imported(name, bundled=gazetteer)

    return lookup
