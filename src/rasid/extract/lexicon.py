"""Trigger and cue lexicons, loaded once from ``data/lexicons/*.toml`` and ``data/ontology.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.data import read_toml
from rasid.errors import DataFileError
from rasid.records import EVENT_TYPES
from rasid.text.matcher import PhraseMatch, PhraseMatcher

_MONTH_NAMES = frozenset({"March", "May"})
FORMS = ("verb", "noun", "plural", "weak", "cue")
SPLIT_MARK = "…"  # between the verb and the object of an ar_split idiom
_CLAUSE_BREAK = frozenset(",.;:،؛")


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger word found in a text: its event type, grammatical form and priority."""

    event_type: str
    form: str  # verb | noun | plural | weak (killing words) | cue (weapons, blasts)
    priority: int
    language: str  # ar | en
    match: PhraseMatch
    # Right after a reference word ("the trial over", "المتورطين في"): an event told elsewhere,
    # which takes its own clause's time, place and toll but is reported by no one here.
    referenced: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return self.match.span


@dataclass(frozen=True, slots=True)
class TypeMapping:
    """ACLED and PLOVER names for one event type."""

    acled_event_type: str
    acled_sub_event_type: str
    plover: str
    armed_target_acled_event_type: str | None = None
    armed_target_acled_sub_event_type: str | None = None
    government_acled_sub_event_type: str | None = None


class TriggerLexicon:
    """All trigger words of all event types, with one matcher per language."""

    def __init__(self, data: dict[str, Any]) -> None:
        types = data.get("types", {})
        unknown = set(types) - set(EVENT_TYPES)
        if unknown:
            raise DataFileError(f"triggers.toml names unknown event types: {sorted(unknown)}")
        self.priority: dict[str, int] = {t: int(spec.get("priority", 0)) for t, spec in types.items()}
        nouns: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
        verbs: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
        for event_type, spec in types.items():
            for lang in ("ar", "en"):
                for form, key in (("verb", "verbs"), ("noun", "nouns"), ("plural", "plurals")):
                    bucket = verbs if form == "verb" else nouns
                    for word in spec.get(f"{lang}_{key}", []):
                        bucket[lang].append((word, f"{event_type}|{form}"))
                for word in spec.get(f"weak_{lang}", []):
                    nouns[lang].append((word, f"{event_type}|weak"))
                for word in spec.get(f"{lang}_cues", []):
                    nouns[lang].append((word, f"{event_type}|cue"))
        suffixes = str(data.get("arabic_suffixes", ""))
        # Verbs and nouns take different proclitics (وقصفت vs بالقصف), so each has its own matcher.
        self._matchers = {
            "ar": (
                PhraseMatcher(nouns["ar"], suffixes=suffixes),
                PhraseMatcher(verbs["ar"], suffixes=suffixes, verbs=True),
            ),
            "en": (PhraseMatcher(nouns["en"]), PhraseMatcher(verbs["en"])),
        }
        reference = data.get("reference", {})
        self._reference = {
            "ar": PhraseMatcher([(w, "r") for w in reference.get("ar", [])]),
            "en": PhraseMatcher([(w, "r") for w in reference.get("en", [])]),
        }
        # Verb-object idioms with room for a subject (Arabic) or a modifier (English) between
        # (ar_split, en_split): per language, verb -> {object: event type}.
        self._split_gap = int(data.get("split_gap", 0))
        # "أطلق عناصر الأمن النار في الهواء": fire into the air is aimed at no one.
        self._split_blockers = PhraseMatcher([(w, "blocked") for w in data.get("split_blockers", [])])
        self._split: dict[str, tuple[dict[str, dict[str, str]], PhraseMatcher, PhraseMatcher]] = {}
        for lang in ("ar", "en"):
            objects: dict[str, dict[str, str]] = {}
            for event_type, spec in types.items():
                for idiom in spec.get(f"{lang}_split", []):
                    verb, _, obj = (part.strip() for part in idiom.partition(SPLIT_MARK))
                    if not verb or not obj:
                        raise DataFileError(f"triggers.toml: {lang}_split {idiom!r} is not 'verb … object'")
                    objects.setdefault(verb, {})[obj] = event_type
            idiom_verbs = PhraseMatcher(
                [(verb, verb) for verb in objects],
                suffixes=suffixes if lang == "ar" else "",
                verbs=lang == "ar",
            )
            idiom_objects = PhraseMatcher(
                [(obj, obj) for found in objects.values() for obj in found],
                suffixes=suffixes if lang == "ar" else "",
            )
            self._split[lang] = (objects, idiom_verbs, idiom_objects)
        anaphora = data.get("anaphora", {})
        self._anaphora = {
            lang: PhraseMatcher([(w, "a") for w in anaphora.get(lang, [])]) for lang in ("ar", "en")
        }
        reaction = data.get("reaction", {})
        self._reaction = {
            lang: (
                PhraseMatcher([(w, "r") for w in reaction.get(lang, [])], suffixes=suffixes),
                PhraseMatcher([(w, "c") for w in reaction.get(f"{lang}_cause", [])]),
            )
            for lang in ("ar", "en")
        }
        self._reaction_gap = int(reaction.get("gap", 0))
        exclude = data.get("exclude", {})
        self._exclude = {
            "ar": PhraseMatcher([(w, "x") for w in exclude.get("ar", [])], suffixes=suffixes),
            "en": PhraseMatcher([(w, "x") for w in exclude.get("en", [])]),
        }

    def find(self, text: str, *, language: str) -> list[TriggerHit]:
        """Every trigger in ``text`` (spans into it), minus those inside an exclusion phrase."""
        lang = "ar" if language == "ar" else "en"
        hits: list[TriggerHit] = []
        noun_matcher, verb_matcher = self._matchers[lang]
        matches = sorted(
            noun_matcher.find(text) + verb_matcher.find(text), key=lambda m: m.span[0] - m.span[1]
        )
        split = self._split_matches(text, lang)
        if not matches and not split:
            return hits
        excluded = [m.span for m in self._exclude[lang].find(text)]
        taken: list[PhraseMatch] = []
        for match in matches:  # longest first; a shorter match inside a longer one is dropped
            if all(match.span[1] <= t.span[0] or match.span[0] >= t.span[1] for t in taken):
                taken.append(match)
        for match in split:
            # The idiom wins over its bare verb (أحرق شاب نفسه is no arson), never over a longer match.
            overlapping = [t for t in taken if match.span[0] < t.span[1] and t.span[0] < match.span[1]]
            if all(t.span == match.span for t in overlapping):
                taken = [t for t in taken if t.span != match.span] + [match]
        references = [m.span for m in self._reference[lang].find(text)]
        demonstratives = [m.span[1] for m in self._anaphora[lang].find(text)]
        causes = self._reaction_causes(text, lang)
        for match in sorted(taken, key=lambda m: m.span[0]):
            if any(s <= match.span[0] < e for s, e in excluded):
                continue
            # "the trial over the assassination of ...": a reference, not a report
            referenced = any(0 <= match.span[0] - e <= 12 for _, e in references)
            nominal = not match.value.endswith("|verb")
            if nominal and demonstratives and _right_after(text, demonstratives, match):
                continue  # "هذه الانتهاكات", "this attack": an event told before, not a new one
            if nominal and causes and self._is_reaction_cause(text, match, causes):
                continue  # "sanctions over the chemical attack": the reason for a reaction
            if lang == "en" and match.text in _MONTH_NAMES:
                continue  # "in March", "on May 3": the month, not a march
            event_type, form = match.value.split("|")
            hits.append(
                TriggerHit(event_type, form, self.priority.get(event_type, 0), lang, match, referenced)
            )
        return hits

    def _reaction_causes(self, text: str, lang: str) -> list[tuple[int, int]]:
        """The cause markers (over, بسبب) of a sentence that tells a diplomatic reaction (sanctions)."""
        reactions, causes = self._reaction[lang]
        if not reactions.find(text):
            return []
        return [m.span for m in causes.find(text)]

    def _is_reaction_cause(self, text: str, match: PhraseMatch, causes: list[tuple[int, int]]) -> bool:
        """Whether a cause marker stands a few words before ``match``, in the same clause."""
        for _, end in causes:
            gap = text[end : match.span[0]]
            if (
                end <= match.span[0]
                and len(gap.split()) <= self._reaction_gap
                and not _CLAUSE_BREAK & set(gap)
            ):
                return True
        return False

    def _split_matches(self, text: str, lang: str) -> list[PhraseMatch]:
        """The verbs of ``ar_split`` / ``en_split`` idioms whose object follows within ``split_gap`` words.

        Each match spans the verb; its phrase is "verb … object" and its value the idiom's type.
        """
        split_objects, split_verbs, split_words = self._split[lang]
        if not split_objects:
            return []
        verbs = split_verbs.find(text)
        if not verbs:
            return []
        objects = split_words.find(text)
        found = []
        for verb in verbs:
            allowed = split_objects.get(verb.value, {})
            for obj in objects:
                if obj.span[0] < verb.span[1]:
                    continue
                if len(text[verb.span[1] : obj.span[0]].split()) > self._split_gap:
                    break
                if obj.value in allowed:
                    after = text[obj.span[1] : obj.span[1] + 20]
                    if any(not after[: m.span[0]].strip() for m in self._split_blockers.find(after)):
                        break
                    phrase = f"{verb.phrase} {SPLIT_MARK} {obj.phrase}"
                    value = f"{allowed[obj.value]}|verb"
                    found.append(PhraseMatch(verb.span, verb.text, phrase, value, verb.prefix))
                    break
        return found


def _right_after(text: str, ends: list[int], match: PhraseMatch) -> bool:
    """Whether ``match`` (with its proclitics) follows one of ``ends`` with only a space between."""
    start = match.span[0] - len(match.prefix)
    return any(end <= start and not text[end:start].strip() for end in ends)


class CueLexicon:
    """All modality and genericity cue groups in one matcher per language (one pass per sentence)."""

    def __init__(self, groups: dict[str, tuple[list[str], list[str]]]) -> None:
        self.names = tuple(groups)
        phrases: dict[str, dict[str, list[str]]] = {"ar": {}, "en": {}}
        for name, (words_ar, words_en) in groups.items():
            for lang, words in (("ar", words_ar), ("en", words_en)):
                for word in words:
                    phrases[lang].setdefault(word, []).append(name)
        self._matchers = {
            lang: PhraseMatcher([(w, ",".join(names)) for w, names in by_word.items()])
            for lang, by_word in phrases.items()
        }

    def find(self, text: str, *, language: str) -> dict[str, list[PhraseMatch]]:
        """Cue phrases in ``text`` by group name."""
        found: dict[str, list[PhraseMatch]] = {name: [] for name in self.names}
        for match in self._matchers["ar" if language == "ar" else "en"].find(text):
            for name in match.value.split(","):
                found[name].append(match)
        return found


def context_words(key: str, language: str) -> list[str]:
    """The ``{key}_ar`` or ``{key}_en`` list of ``lexicons/context.toml`` (empty when absent)."""
    return list(read_toml("lexicons/context.toml").get(f"{key}_{'ar' if language == 'ar' else 'en'}", []))


@lru_cache(maxsize=1)
def trigger_lexicon() -> TriggerLexicon:
    """The bundled trigger lexicon."""
    return TriggerLexicon(read_toml("lexicons/triggers.toml"))


@lru_cache(maxsize=1)
def modality_cues() -> CueLexicon:
    """The cue groups negated, denied, hypothetical, claimed, alleged, counter_accusation and
    recurring, and not_cue."""
    data = read_toml("lexicons/modality.toml")
    return CueLexicon(
        {
            name: (list(data[name].get("ar", [])), list(data[name].get("en", [])))
            for name in (
                "negated",
                "denied",
                "hypothetical",
                "claimed",
                "alleged",
                "counter_accusation",
                "recurring",
                "not_cue",
            )
        }
    )


@lru_cache(maxsize=1)
def type_mappings() -> dict[str, TypeMapping]:
    """ACLED/PLOVER mapping per event type, from ``data/ontology.toml``."""
    types = read_toml("ontology.toml")["types"]
    missing = set(EVENT_TYPES) - set(types)
    if missing:
        raise DataFileError(f"ontology.toml lacks event types: {sorted(missing)}")
    return {name: TypeMapping(**spec) for name, spec in types.items()}


# Violence against people (PLOVER ASSAULT, plus abductions): the events casualties belong to.
VIOLENT_TYPES = frozenset({t for t, m in type_mappings().items() if m.plover == "ASSAULT"} | {"abduction"})
