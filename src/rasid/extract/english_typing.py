"""Event types of an English sentence where its trigger words name several kinds of event.

Reads the merged candidates of one English sentence and settles their types the way the
ontology (and ACLED, which it maps to) defines them:

- a demonstration where the demonstrators use violence (stones, arson, clashes) is a ``riot``;
  one met with lethal or serious force, with no violence by the demonstrators, is
  ``attack_on_civilians``; one met with arrests, tear gas or dispersal stays a ``protest``
  (a protest with intervention); a trigger after "against"/"condemning" is what the protest
  is about, not an event of the sentence;
- a place taken after the other side withdrew, or without resistance, with no fighting in the
  sentence, is a non-violent transfer: ``withdrawal``;
- "captured a commander" is an arrest, "expelled the ambassador" no event;
- a raid flown by aircraft is an ``airstrike``; a weapon introduced by "using"/"with" is how the
  event before it was done; a base or convoy named beside a violent event is its target, not a
  deployment;
- arrests for ordinary crime, troop movements in a flood, blasts in an accident and attacks
  on websites are not conflict events.

The cue words live in ``data/lexicons/english_typing.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rasid.data import read_toml
from rasid.extract.installations import absorb_installations
from rasid.text.matcher import PhraseMatch, PhraseMatcher

if TYPE_CHECKING:
    from rasid.extract.candidates import Candidate

_WORD = re.compile(r"[A-Za-z0-9'’-]+")
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+$", re.IGNORECASE)
# Words that end the object of a verb of taking: "captured the town from militants".
_OBJECT_END = frozenset(
    {
        "from",
        "in",
        "on",
        "at",
        "near",
        "after",
        "where",
        "which",
        "who",
        "that",
        "and",
        "as",
        "to",
        "by",
        "with",
        "following",
        "during",
        "before",
        "when",
        "while",
        "for",
    }
)
_OBJECT_WORDS = 6  # "captured a senior Islamic State commander"

_PROTEST_TYPES = frozenset({"protest", "riot"})
# Types that, in a sentence about a demonstration, describe what happened at it.
_PROTEST_PARTS = frozenset({"protest", "riot", "attack", "attack_on_civilians", "arrest", "clash"})
_FIGHTING = frozenset(
    {
        "attack",
        "clash",
        "shelling",
        "airstrike",
        "explosive",
        "suicide_attack",
        "assassination",
        "attack_on_civilians",
    }
)
_VIOLENT = _FIGHTING
_REMOTE = frozenset({"shelling", "airstrike"})
_NOT_CONFLICT_IN_CRIME = frozenset(
    {"arrest", "territory_taken", "sweep_operation", "deployment", "withdrawal"}
)
_MOVEMENTS = frozenset({"deployment", "withdrawal", "sweep_operation"})
_INSTALLATIONS = frozenset(
    {
        "base",
        "bases",
        "post",
        "posts",
        "point",
        "points",
        "checkpoint",
        "checkpoints",
        "barracks",
        "convoy",
        "convoys",
        "headquarters",
    }
)
_RAIDS = frozenset({"raid", "raids"})
_BOMBING = frozenset({"bombing", "bombings", "bombed"})
_AIR_WORDS = 8  # "raids carried out by a squadron of warplanes": an aircraft after "by" this close
_AIRCRAFT_BEFORE = 3  # "warplanes renew the raids": an aircraft this close before the raid
_BLAST_WORDS = 12  # a blast this close to shelling, in the same clause, is its impact
_AT_GAP = 4  # words between "during"/"as" and the protest word
_TOPIC_GAP = 2  # words between "against the" and the trigger it introduces
_INSTRUMENT_GAP = 3  # words between "using" and the weapon


@dataclass(frozen=True, slots=True)
class EnglishTypingCues:
    """One matcher per cue group of ``english_typing.toml``."""

    lethal_force: PhraseMatcher
    at_protest: PhraseMatcher
    protest_topic: PhraseMatcher
    no_resistance: PhraseMatcher
    aircraft: PhraseMatcher
    instrument: PhraseMatcher
    blast_effects: frozenset[str]
    capture_verbs: frozenset[str]
    people: frozenset[str]
    shooting_verbs: frozenset[str]
    office_holders: frozenset[str]
    killing_words: frozenset[str]
    taking_words: frozenset[str]
    diplomats: PhraseMatcher
    crime: PhraseMatcher
    disaster: PhraseMatcher
    cyber: PhraseMatcher


@lru_cache(maxsize=1)
def english_typing_cues() -> EnglishTypingCues:
    """The bundled cues of ``data/lexicons/english_typing.toml``."""
    data = read_toml("lexicons/english_typing.toml")

    def matcher(key: str) -> PhraseMatcher:
        return PhraseMatcher([(w, key) for w in data[key]])

    return EnglishTypingCues(
        lethal_force=matcher("en_lethal_force"),
        at_protest=matcher("en_at_protest"),
        protest_topic=matcher("en_protest_topic"),
        no_resistance=matcher("en_no_resistance"),
        aircraft=matcher("en_aircraft"),
        instrument=matcher("en_instrument"),
        blast_effects=frozenset(w.lower() for w in data["en_blast_effects"]),
        capture_verbs=frozenset(w.lower() for w in data["en_capture_verbs"]),
        people=frozenset(w.lower() for w in data["en_people"]),
        shooting_verbs=frozenset(w.lower() for w in data["en_shooting_verbs"]),
        office_holders=frozenset(w.lower() for w in data["en_office_holders"]),
        killing_words=frozenset(w.lower() for w in data["en_raid_killing"]),
        taking_words=frozenset(w.lower() for w in data["en_raid_taking"]),
        diplomats=matcher("en_diplomats"),
        crime=matcher("en_crime"),
        disaster=matcher("en_disaster"),
        cyber=matcher("en_cyber"),
    )


def refine_english_types(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Settle the types of the merged candidates of one English sentence (see the module doc).

    Reads the candidates' triggers, types and roles; returns the candidates that stay, with
    their types set, where candidates that name one incident are merged into one.
    """
    if not candidates:
        return candidates
    cues = english_typing_cues()
    kept = _drop_non_conflict(text, candidates, cues)
    kept = _people_taken(text, kept, cues)
    kept = _air_raids(text, kept, cues)
    kept = _raids_on_places(text, kept)
    kept = _deadly_raids(text, kept, cues)
    kept = _targeted_killings(text, kept, cues)
    kept = _instruments(text, kept, cues)
    kept = _blast_effects(text, kept, cues)
    kept = _resolve_protest(text, kept, cues)
    kept = _resolve_transfer(text, kept, cues)
    return _absorb_installations(kept)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _drop_non_conflict(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """Ordinary crime, disasters and cyber attacks: the words of a conflict event, not one."""
    kept = candidates
    if cues.crime.find(text):
        kept = [c for c in kept if c.event_type not in _NOT_CONFLICT_IN_CRIME]
    if cues.disaster.find(text):
        # Killing and blast words, aircraft and troop movements there are about the disaster;
        # a bomb or a shell is not.
        kept = [c for c in kept if c.event_type not in _MOVEMENTS and not _disaster_words_only(c, cues)]
    if cues.cyber.find(text):
        kept = [c for c in kept if c.event_type != "attack" or c.trigger.form == "weak"]
    return kept


def _disaster_words_only(candidate: Candidate, cues: EnglishTypingCues) -> bool:
    """Whether every trigger of the candidate is a killing word, a blast or an aircraft."""
    for trigger in candidate.triggers:
        if trigger.form == "weak":
            continue
        words = trigger.match.text.lower()
        if trigger.form == "cue" and (words in cues.blast_effects or cues.aircraft.find(words)):
            continue
        return False
    return True


def _object_words(text: str, end: int) -> list[str]:
    """The few words after a verb that can be its object, up to a preposition or clause word."""
    out: list[str] = []
    for word in _words(text[end:])[:_OBJECT_WORDS]:
        if word in _OBJECT_END:
            break
        out.append(word)
    return out


def _people_taken(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """A verb of taking with people as object (or passive subject) is an arrest, with diplomats none."""
    kept: list[Candidate] = []
    for candidate in candidates:
        if (
            candidate.event_type != "territory_taken"
            or candidate.trigger.match.text.lower() not in cues.capture_verbs
        ):
            kept.append(candidate)
            continue
        start, end = candidate.trigger.span
        after = " ".join(_object_words(text, end))
        before = text[:start]
        subject = _words(before)[-5:] if _PASSIVE.search(before) else []
        if cues.diplomats.find(after) or (subject and cues.diplomats.find(" ".join(subject))):
            continue  # "expelled the ambassador": diplomacy
        if cues.people & {*after.split(), *subject}:
            candidate.event_type = "arrest"
        kept.append(candidate)
    return kept


def _near(text: str, a: tuple[int, int], b: tuple[int, int], words: int) -> bool:
    lo, hi = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    return len(_words(text[lo:hi])) <= words if hi > lo else True


def _air_raids(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """A raid or bomb an aircraft carries out ("warplanes raid", "raids by helicopters",
    "warplanes bomb") is an air strike; it joins an air strike named beside it."""
    aircraft = [m.span for m in cues.aircraft.find(text)]
    kept: list[Candidate] = []
    for candidate in candidates:
        if _flown(text, candidate, aircraft):
            candidate.event_type = "airstrike"
            host = next(
                (
                    k
                    for k in kept
                    if k.event_type == "airstrike"
                    and _near(text, k.triggers[-1].span, candidate.trigger.span, _AIR_WORDS)
                    and not _other_attackers(k, candidate)
                ),
                None,
            )
            if host is not None:
                _absorb(host, candidate)
                continue
        kept.append(candidate)
    return kept


_DETENTION_WORDS = frozenset(
    {
        "arrest",
        "arrests",
        "arrested",
        "arresting",
        "detain",
        "detained",
        "detaining",
        "detention",
        "detentions",
        "detainees",
        "custody",
        "suspects",
        "suspect",
        "homes",
        "houses",
        "house",
        "home",
        "police",
        "policemen",
        "warrant",
        "seized",
        "confiscated",
        "smuggling",
    }
)
_TARGETING = frozenset({"target", "targets", "targeted", "targeting", "on", "against", "hit", "hits"})


def _raids_on_places(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """ "Raids target Deir Ezzor", "renewed raids on the countryside of Hama": in war reporting,
    raids aimed at places, with nothing about detaining anyone, are air raids.

    A raid on homes, of the police, or with arrests, detainees or suspects stays an arrest.
    """
    words = set(_words(text))
    if words & _DETENTION_WORDS:
        return candidates
    for candidate in candidates:
        trigger_words = {w for t in candidate.triggers for w in _words(t.match.text)}
        if candidate.event_type != "arrest" or not trigger_words <= _RAIDS:
            continue
        after = _words(text[candidate.trigger.span[1] :])[:2]
        if (after and after[0] in _TARGETING) or after[:2] == ["by", "warplanes"]:
            candidate.event_type = "airstrike"
    return candidates


def _deadly_raids(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """ "US forces said they killed a senior IS official in a raid": a raid told only by whom it
    killed, with nobody detained, is an attack, not an arrest."""
    if not any(c.event_type == "arrest" for c in candidates):
        return candidates
    words = set(_words(text))
    if not words.isdisjoint(cues.taking_words) or words.isdisjoint(cues.killing_words):
        return candidates
    for candidate in candidates:
        raids = [t for t in candidate.triggers if t.event_type == "arrest"]
        if candidate.event_type == "arrest" and all(set(_words(t.match.text)) <= _RAIDS for t in raids):
            candidate.event_type = "attack"
    return candidates


def _targeted_killings(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """ "Gunmen shot dead a local council member", "gunned down a former commander": one person
    of an office or rank, shot dead, was the target of an assassination (ontology: the targeted
    killing of a specific person)."""
    for candidate in candidates:
        if candidate.event_type not in ("attack", "attack_on_civilians"):
            continue
        trigger = candidate.trigger
        if trigger.match.text.lower() not in cues.shooting_verbs:
            continue
        words = _object_words(text, trigger.span[1])
        if words[:1] not in (["a"], ["an"], ["the"]):
            continue  # "shot dead two officers", "shot dead civilians": no one person
        head = next((w for w in words[1:6] if w in cues.office_holders), None)
        if head is not None:
            candidate.event_type = "assassination"
    return candidates


def _flown(text: str, candidate: Candidate, aircraft: list[tuple[int, int]]) -> bool:
    """Whether an aircraft word is the agent of a raid or bomb candidate."""
    words = {w for t in candidate.triggers for w in _words(t.match.text)}
    raid = candidate.event_type == "arrest" and words <= _RAIDS
    bomb = candidate.event_type == "explosive" and all(
        t.form == "cue" or t.match.text.lower() in _BOMBING for t in candidate.triggers
    )
    if not (raid or bomb):
        return False
    start, end = candidate.trigger.span
    for a_start, a_end in aircraft:
        if a_end <= start and len(_words(text[a_end:start])) <= _AIRCRAFT_BEFORE:
            return True  # "warplanes raid", "warplanes intensify their raids"
        between = _words(text[end:a_start])
        if a_start >= end and len(between) <= _AIR_WORDS and "by" in between:
            return True  # "raids carried out by warplanes"
    return False


def _other_attackers(a: Candidate, b: Candidate) -> bool:
    a1, b1 = a.ids("actor1"), b.ids("actor1")
    return bool(a1 and b1 and not a1 & b1)


def _absorb(target: Candidate, other: Candidate) -> None:
    present = {id(a) for a, _ in target.roles}
    target.roles.extend((a, r) for a, r in other.roles if id(a) not in present)
    target.triggers.extend(other.triggers)


def _instruments(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """A weapon after "using"/"with" says how the event before it was done: attacked ... using mortars."""
    instruments = cues.instrument.find(text)
    kept: list[Candidate] = []
    for candidate in candidates:
        start = candidate.trigger.span[0]
        host = next(
            (k for k in reversed(kept) if k.event_type in _VIOLENT and k.trigger.span[1] <= start),
            None,
        )
        used = any(
            m.span[1] <= start and len(_words(text[m.span[1] : start])) <= _INSTRUMENT_GAP
            for m in instruments
        )
        if candidate.trigger.form == "cue" and candidate.event_type in _VIOLENT and host is not None and used:
            if candidate.trigger.priority > host.trigger.priority:
                host.event_type = candidate.event_type
            _absorb(host, candidate)
            continue
        kept.append(candidate)
    return kept


def _blast_effects(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """ "Explosions rocked the area as militants fired rockets": the blasts are the rockets' impacts.

    Only in the same clause: "shelling on X and an explosion in Y" are two incidents.
    """
    for candidate in candidates:
        blasts = [t for t in candidate.triggers if t.event_type == "explosive"]
        fired = [t for t in candidate.triggers if t.event_type in _REMOTE]
        if (
            candidate.event_type == "explosive"
            and fired
            and all(t.form == "cue" and t.match.text.lower() in cues.blast_effects for t in blasts)
        ):
            # Merged already, where the blast word outranked the fire that caused it.
            candidate.trigger = max(fired, key=lambda t: t.priority)
            candidate.event_type = candidate.trigger.event_type
    remote = [c for c in candidates if c.event_type in _REMOTE]
    kept: list[Candidate] = []
    for candidate in candidates:
        blast = candidate.event_type == "explosive" and all(
            t.form == "cue" and t.match.text.lower() in cues.blast_effects for t in candidate.triggers
        )
        host = next((r for r in remote if blast and _same_clause(text, r, candidate)), None)
        if host is not None:
            _absorb(host, candidate)
            continue
        kept.append(candidate)
    return kept


def _same_clause(text: str, a: Candidate, b: Candidate) -> bool:
    """Whether two candidates are close, with no "and" joining a second incident between them."""
    for x in a.triggers:
        if x.span[0] <= b.trigger.span[0]:
            lo, hi = x.span[1], b.trigger.span[0]
        else:
            lo, hi = b.trigger.span[1], x.span[0]
        between = _words(text[lo:hi]) if hi > lo else []
        if len(between) <= _BLAST_WORDS and "and" not in between:
            return True
    return False


def _after_topic_word(text: str, start: int, topics: list[PhraseMatch]) -> bool:
    return any(m.span[1] <= start and len(_words(text[m.span[1] : start])) <= _TOPIC_GAP for m in topics)


def _resolve_protest(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """One demonstration: riot when demonstrators use violence, attack_on_civilians when met
    with lethal force, else a protest (arrests and tear gas make it a protest with intervention)."""
    if not any(c.event_type in _PROTEST_TYPES for c in candidates):
        return candidates
    topics = cues.protest_topic.find(text)
    # "rallies against the execution of ...": what the protest is about, not a second event.
    kept = [
        c
        for c in candidates
        if c.event_type in _PROTEST_TYPES or not _after_topic_word(text, c.trigger.span[0], topics)
    ]
    protests = [c for c in kept if c.event_type in _PROTEST_TYPES]
    parts = [
        c
        for c in kept
        if c.event_type in _PROTEST_PARTS
        and (c.event_type != "arrest" or _arrest_at_protest(text, c, protests, cues))
    ]
    if any(c.event_type in ("riot", "clash") for c in parts):
        event_type = "riot"
    elif any(not _after_topic_word(text, m.span[0], topics) for m in cues.lethal_force.find(text)):
        event_type = "attack_on_civilians"
    else:
        event_type = "protest"
    main = next(c for c in parts if c.event_type in _PROTEST_TYPES)
    for other in parts:
        if other is not main:
            _absorb(main, other)
    main.event_type = event_type
    return [c for c in kept if c is main or c not in parts]


def _arrest_at_protest(
    text: str, arrest: Candidate, protests: list[Candidate], cues: EnglishTypingCues
) -> bool:
    """Arrests of the demonstrators, or made during the protest, are an intervention in it.

    "Police detained protesters", "arrested 100 people as supporters staged sit-ins": yes;
    "detained people who organise demonstrations", "detained before the rally": no, the
    arrest is the event and the protest what it is about.
    """
    objects = {w for t in arrest.triggers for w in _object_words(text, t.span[1])}
    at = cues.at_protest.find(text)
    for protest in protests:
        for trigger in protest.triggers:
            if trigger.form == "verb":
                return True
            if trigger.form == "cue" and set(_words(trigger.match.text)) <= objects:
                return True  # the demonstrators are the ones detained
            if any(
                m.span[1] <= trigger.span[0] and len(_words(text[m.span[1] : trigger.span[0]])) <= _AT_GAP
                for m in at
            ):
                return True
    return False


def _resolve_transfer(text: str, candidates: list[Candidate], cues: EnglishTypingCues) -> list[Candidate]:
    """A place taken after the other side pulled out, or without resistance, changed hands
    without a battle: one withdrawal (ACLED's non-violent transfer of territory)."""
    taken = [c for c in candidates if c.event_type == "territory_taken"]
    if not taken or any(c.event_type in _FIGHTING and c.trigger.form != "weak" for c in candidates):
        return candidates
    left = [c for c in candidates if c.event_type == "withdrawal"]
    if not left and not cues.no_resistance.find(text):
        return candidates
    parts = sorted(taken + left, key=lambda c: c.trigger.span[0])
    main = parts[0]
    for other in parts[1:]:
        _absorb(main, other)
    main.event_type = "withdrawal"
    return [c for c in candidates if c is main or c not in parts]


def _absorb_installations(candidates: list[Candidate]) -> list[Candidate]:
    """A base, post or convoy named beside a violent event is its target or place, not a deployment.

    Whoever the base belongs to ("a military base", "the army's convoy") is acted on.
    """
    return absorb_installations(
        candidates,
        violent=_VIOLENT,
        names_installation=lambda t: bool(_INSTALLATIONS & set(_words(t.match.text))),
    )
