"""Actor mentions: the actor dictionary (``data/actors.toml``) and the finder that uses it.

``ActorDictionary.find`` reads a text and returns every actor it names, with spans into that
text, the proclitics in front of each name and the resolved actor id. Names whose meaning
changed with the fall of the Assad government on 2024-12-08 ("قوات الحكومة السورية",
"Syrian army") are resolved by date. Short English forms that are also ordinary words ("IS")
match only when written as in the dictionary.

Reads: a text (Arabic or English) and optionally the date the text speaks of.
Adds: ``ActorMention`` records; ids follow the ontology (``shared/spec/ontology.md`` §3).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.data import read_toml
from rasid.errors import DataFileError
from rasid.records import Span
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import normalize_key, normalize_text, normalize_with_offsets

logger = logging.getLogger(__name__)

DATA_FILE = "actors.toml"

_ID = re.compile(r"^[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHEN = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
# Matcher values that are not actor ids: a blocking phrase, and the index of an ambiguous name.
_NOT_ACTOR = "-"
_AMBIGUOUS = "?"
# Value of an armed group the ontology has no id for (``[[unlisted]]``): its words, id null.
_UNLISTED = "~"


# "Russian and Syrian warplanes": a capitalised adjective, "and", right before a mention.
_COORDINATED_ADJECTIVE = re.compile(r"\b([A-Z][A-Za-z-]+)\s+and\s+$")
_ADJECTIVE_WINDOW = 40  # characters: an adjective and " and "


def top_level(actor_id: str | None) -> str | None:
    """The top-level id of an actor id: ``"IRN_MIL.FATEMIYOUN"`` -> ``"IRN_MIL"``; None stays None."""
    if not actor_id:
        return None
    return actor_id.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the dictionary; ``parent`` is the id one level up (None for top-level ids)."""

    id: str
    parent: str | None
    name: str
    name_ar: str
    acled_name: str | None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a text: where, the words, the resolved id and the proclitics seen."""

    span: Span
    text: str
    id: str | None
    name: str
    prefix: str  # normalised proclitics in front of the name, e.g. "و", "ل", "وب"


@dataclass(frozen=True, slots=True)
class _Ambiguous:
    before: str
    after: str
    switch_date: str


def _as_date(value: Any, *, where: str) -> str:
    text = str(value).strip()
    if not _DATE.match(text):
        raise DataFileError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)", where=DATA_FILE)
    return text


def _strings(table: Mapping[str, Any], key: str, *, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"{where}: {key} must be a list of strings", where=DATA_FILE)
    return value


def _required(table: Mapping[str, Any], key: str, *, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: {key} is missing or empty", where=DATA_FILE)
    return value.strip()


def _expand(alias: str, groups: Iterable[tuple[str, ...]]) -> set[str]:
    """The alias and its spellings with each variant form replaced by the others."""
    forms = {alias}
    for group in groups:
        for spelling in list(forms):
            for old in group:
                if old in spelling:
                    forms.update(spelling.replace(old, new) for new in group if new != old)
    return forms


def _squash(text: str) -> str:
    return " ".join(text.split())


def _date_key(when: str | None) -> str | None:
    if when is None:
        return None
    found = _WHEN.match(when.strip())
    if found is None:
        logger.warning("cannot read date %r; resolving time-aware actor names as before the switch", when)
        return None
    return found.group(0)


def _merge(matches: Iterable[PhraseMatch]) -> list[PhraseMatch]:
    """Longest first, then leftmost; drop anything that overlaps a match already kept."""
    kept: list[PhraseMatch] = []
    for match in sorted(matches, key=lambda m: (m.span[0] - m.span[1], m.span[0])):
        start, end = match.span
        if all(end <= s or start >= e for s, e in (k.span for k in kept)):
            kept.append(match)
    return sorted(kept, key=lambda m: m.span)


class ActorDictionary:
    """Actor names from a parsed dictionary (the layout of ``data/actors.toml``), ready to match."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.switch_date = _as_date(data.get("switch_date", "2024-12-08"), where="switch_date")
        self._entries: dict[str, ActorEntry] = {}
        self._ambiguous: list[_Ambiguous] = []
        self._owner: dict[str, tuple[str, str]] = {}  # alias key -> (value, alias as written)
        self._loose: list[tuple[str, str]] = []
        self._exact: list[tuple[str, str]] = []
        self._spellings: dict[str, set[str]] = {}  # matcher key -> exact spellings

        groups = self._read_variants(data.get("variant", []))
        normalized_groups = [tuple(normalize_text(f) for f in g) for g in groups]
        for index, table in enumerate(data.get("actor", [])):
            self._read_actor(table, index, groups, normalized_groups)
        for entry in self._entries.values():
            if entry.parent is not None and entry.parent not in self._entries:
                raise DataFileError(f"actor {entry.id}: parent {entry.parent} is not in the dictionary")
        for index, table in enumerate(data.get("ambiguous", [])):
            self._read_ambiguous(table, index, groups, normalized_groups)
        for index, table in enumerate(data.get("not_actor", [])):
            where = f"not_actor[{index}]"
            phrases = _strings(table, "phrases_ar", where=where) + _strings(table, "phrases_en", where=where)
            for phrase in phrases:
                self._add(phrase, _NOT_ACTOR, exact=False, groups=normalized_groups, where=where)
        for index, table in enumerate(data.get("unlisted", [])):
            self._read_aliases(table, _UNLISTED, groups, normalized_groups, where=f"unlisted[{index}]")
        self._adversaries = self._read_adversaries(data.get("adversaries", []))

        self._matcher = PhraseMatcher(self._loose)
        self._exact_matcher = PhraseMatcher(self._exact)

    @classmethod
    def load_default(cls) -> ActorDictionary:
        """The dictionary shipped in ``rasid/data/actors.toml`` (built once, then cached)."""
        return _load_default()

    # -- reading the data ---------------------------------------------------------------------

    @staticmethod
    def _read_variants(tables: Any) -> list[tuple[str, ...]]:
        groups: list[tuple[str, ...]] = []
        for index, table in enumerate(tables):
            forms = _strings(table, "forms", where=f"variant[{index}]")
            if len(forms) < 2 or any(not f for f in forms):
                raise DataFileError(f"variant[{index}]: forms needs two or more non-empty spellings")
            groups.append(tuple(forms))
        return groups

    def _read_actor(
        self,
        table: Mapping[str, Any],
        index: int,
        groups: list[tuple[str, ...]],
        normalized_groups: list[tuple[str, ...]],
    ) -> None:
        actor_id = _required(table, "id", where=f"actor[{index}]")
        where = f"actor {actor_id}"
        if not _ID.match(actor_id):
            raise DataFileError(f"{where}: ids are upper-case words joined by dots")
        if actor_id in self._entries:
            raise DataFileError(f"{where}: the id appears twice")
        acled = table.get("acled_name")
        self._entries[actor_id] = ActorEntry(
            id=actor_id,
            parent=actor_id.rsplit(".", 1)[0] if "." in actor_id else None,
            name=_required(table, "name", where=where),
            name_ar=_required(table, "name_ar", where=where),
            acled_name=acled.strip() if isinstance(acled, str) and acled.strip() else None,
        )
        self._read_aliases(table, actor_id, groups, normalized_groups, where=where)

    def _read_aliases(
        self,
        table: Mapping[str, Any],
        value: str,
        groups: list[tuple[str, ...]],
        normalized_groups: list[tuple[str, ...]],
        *,
        where: str,
    ) -> None:
        for alias in _strings(table, "aliases_ar", where=where) + _strings(table, "aliases_en", where=where):
            self._add(alias, value, exact=False, groups=normalized_groups, where=where)
        for alias in _strings(table, "case_sensitive_en", where=where):
            self._add(alias, value, exact=True, groups=groups, where=where)

    def _read_ambiguous(
        self,
        table: Mapping[str, Any],
        index: int,
        groups: list[tuple[str, ...]],
        normalized_groups: list[tuple[str, ...]],
    ) -> None:
        where = f"ambiguous[{index}]"
        before = _required(table, "before", where=where)
        after = _required(table, "after", where=where)
        for actor_id in (before, after):
            if actor_id not in self._entries:
                raise DataFileError(f"{where}: {actor_id} is not in the dictionary")
        switch = table.get("switch_date")
        switch_date = self.switch_date if switch is None else _as_date(switch, where=where)
        self._ambiguous.append(_Ambiguous(before, after, switch_date))
        self._read_aliases(table, f"{_AMBIGUOUS}{index}", groups, normalized_groups, where=where)

    def _read_adversaries(self, tables: Any) -> frozenset[frozenset[str]]:
        pairs: set[frozenset[str]] = set()
        for index, table in enumerate(tables):
            pair = _strings(table, "pair", where=f"adversaries[{index}]")
            if len(pair) != 2 or len(set(pair)) != 2:
                raise DataFileError(f"adversaries[{index}]: pair needs two different ids")
            for actor_id in pair:
                if actor_id not in self._entries or top_level(actor_id) != actor_id:
                    raise DataFileError(f"adversaries[{index}]: {actor_id} is not a top-level id here")
            pairs.add(frozenset(pair))
        return frozenset(pairs)

    def _add(self, alias: str, value: str, *, exact: bool, groups: list[tuple[str, ...]], where: str) -> None:
        if not alias.strip() or alias != _squash(alias):
            raise DataFileError(f"{where}: alias {alias!r} is empty or has stray spaces")
        spellings = _expand(alias, groups) if exact else _expand(_squash(normalize_text(alias)), groups)
        for spelling in sorted(spellings):
            key = normalize_key(spelling)
            owner = self._owner.setdefault(key, (value, alias))
            if owner[0] != value:
                raise DataFileError(f"{where}: alias {alias!r} already names another actor ({owner[1]!r})")
            if exact:
                self._exact.append((spelling, value))
                self._spellings.setdefault(_squash(normalize_text(spelling)), set()).add(spelling)
            else:
                self._loose.append((spelling, value))

    # -- using it -----------------------------------------------------------------------------

    def find(self, text: str, *, when: str | None = None) -> list[ActorMention]:
        """Every actor named in ``text``, in order, with spans into ``text``.

        The longest name wins where names overlap ("الميليشيات التابعة للقوات الروسية" is one
        mention, not two). ``when`` is the ISO date the text speaks of (the event date, else the
        publication date; a month or a year is accepted): time-aware names resolve to their
        ``before`` id before the switch date (2024-12-08 unless the entry says otherwise) and to
        their ``after`` id from it on. Without a date they resolve to the ``before`` id, since
        most archive reporting predates the fall of the Assad government.
        """
        normalized = normalize_with_offsets(text)
        exact = [
            m
            for m in self._exact_matcher.find(text, normalized=normalized)
            if _squash(m.text) in self._spellings.get(m.phrase, ())
        ]
        day = _date_key(when)
        mentions: list[ActorMention] = []
        for match in _merge([*self._matcher.find(text, normalized=normalized), *exact]):
            if match.value == _NOT_ACTOR:
                continue
            if match.value == _UNLISTED:
                mentions.append(ActorMention(match.span, match.text, None, match.text, match.prefix))
                continue
            actor_id = self._resolve(match.value, day)
            name = self._entries[actor_id].name
            mentions.append(ActorMention(match.span, match.text, actor_id, name, match.prefix))
        return self._with_coordinated_adjectives(text, mentions, day)

    def _with_coordinated_adjectives(
        self, text: str, mentions: list[ActorMention], day: str | None
    ) -> list[ActorMention]:
        """English adjectives joined before one head name one party each: "Russian and Syrian
        warplanes" is Russian warplanes and Syrian warplanes."""
        if " and " not in text:
            return mentions  # every Arabic sentence and most English ones
        added: list[ActorMention] = []
        for mention in mentions:
            head = mention.text.split(" ", 1)
            if len(head) < 2:
                continue
            # Only the few words before the mention: the pattern is anchored at its start.
            start = max(0, mention.span[0] - _ADJECTIVE_WINDOW)
            before = _COORDINATED_ADJECTIVE.search(text, start, mention.span[0])
            if before is None or before.end() != mention.span[0]:
                continue
            adjective = before.group(1)
            phrase = f"{adjective} {head[1]}"
            found = self._matcher.find(phrase)
            if (
                len(found) == 1
                and found[0].span == (0, len(phrase))
                and found[0].value not in (_NOT_ACTOR, _UNLISTED)
            ):
                actor_id = self._resolve(found[0].value, day)
                span = (before.start(1), before.end(1))
                added.append(ActorMention(span, adjective, actor_id, self._entries[actor_id].name, ""))
        return sorted([*mentions, *added], key=lambda m: m.span) if added else mentions

    def _resolve(self, value: str, day: str | None) -> str:
        if not value.startswith(_AMBIGUOUS):
            return value
        name = self._ambiguous[int(value[len(_AMBIGUOUS) :])]
        if day is None or day < name.switch_date:
            return name.before
        return name.after

    def entry(self, actor_id: str) -> ActorEntry | None:
        """The dictionary entry of an id, or None when the id is not in the dictionary."""
        return self._entries.get(actor_id)

    def entries(self) -> list[ActorEntry]:
        """Every entry, parents before their children (as written in the data file)."""
        return list(self._entries.values())

    def are_adversaries(self, a: str, b: str) -> bool:
        """Whether two actors fight each other, judged on their top-level ids; symmetric."""
        first, second = top_level(a), top_level(b)
        if first is None or second is None:
            return False
        return frozenset((first, second)) in self._adversaries


@lru_cache(maxsize=1)
def _load_default() -> ActorDictionary:
    return ActorDictionary(read_toml(DATA_FILE))
