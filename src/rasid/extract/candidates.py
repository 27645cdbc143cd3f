"""Candidate events of one sentence: a trigger, its actors by role, and the merging of mentions.

Each trigger gets the actors of its segment of the sentence (up to the next trigger; the
subject right before a following verb goes to that verb), with roles from ``roles``; then
candidates that name one event are merged (هجمات ... الهجمات ... استهدافها; a generic
"attack" next to "shelling"; a protest that turned into clashes is a riot).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.actors import ActorMention
from rasid.extract.casualties import CasualtyMention, CasualtySide
from rasid.extract.english_typing import refine_english_types
from rasid.extract.lexicon import TriggerHit, context_words
from rasid.extract.roles import assign_roles, is_partitive_of_people, is_relative_gap
from rasid.text.normalize import normalize_text

_WORD = re.compile(r"\S+")


_GENERIC = frozenset({"attack", "clash"})


# Types that a generic attack/clash word in the same clause can be a less specific name for.
_REFINES = _GENERIC | {
    "shelling",
    "airstrike",
    "explosive",
    "suicide_attack",
    "assassination",
    "attack_on_civilians",
}


_MERGE_WORDS = 10  # a generic and a specific trigger this close describe one event


# A weapon "بـ" at most this many words after a verb (its subject between) is the verb's instrument.
_INSTRUMENT_WORDS = 3


# An actor further than this from its trigger (or the actor before it) is not its argument.
_MAX_GAP_WORDS = 8


# A named group further than this from every trigger is not a participant.
_BYSTANDER_WORDS = 15


@dataclass(slots=True)
class Candidate:
    """An event in the making: its main trigger, type, actors by role and every trigger merged in."""

    trigger: TriggerHit
    event_type: str
    roles: list[tuple[ActorMention, str]] = field(default_factory=list)
    triggers: list[TriggerHit] = field(default_factory=list)

    def ids(self, role: str) -> set[str]:
        """Top-level actor ids in ``role``."""
        return {(a.id or "").split(".", 1)[0] for a, r in self.roles if r == role and a.id}


def attach_bystanders(text: str, candidates: list[Candidate], mentions: list[ActorMention]) -> None:
    """Named groups that no rule gave a role join the nearest event of their sentence as ``other``.

    "Clashes continue in X ... and the regime forces shell Y": the regime forces took part in
    something the sentence reports even where its syntax is beyond the rules; role ``other``
    says so without guessing who did what.
    """
    if not candidates:
        return
    used = {id(a) for c in candidates for a, _ in c.roles}
    for mention in mentions:
        if id(mention) in used or mention.id is None or mention.id.startswith("CIV"):
            continue
        nearest = min(candidates, key=lambda c: min(abs(mention.span[0] - t.span[0]) for t in c.triggers))
        top = mention.id.split(".", 1)[0]
        if any((a.id or "").split(".", 1)[0] == top for a, _ in nearest.roles):
            continue  # already there under its own role
        distance = min(
            word_count(text, min(mention.span[1], t.span[1]), max(mention.span[0], t.span[0]))
            for t in nearest.triggers
        )
        if distance <= _BYSTANDER_WORDS:
            nearest.roles.append((mention, "other"))


def word_count(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end])) if end > start else 0


def counted_sides(casualties: list[CasualtyMention], sides: list[CasualtySide]) -> frozenset[tuple[int, int]]:
    """Spans of the actors a casualty figure counts by name: "مقتل خمسة أشخاص", "5 قتلى من قسد".

    A side named after its figure is the one whose people died or were hurt; a side reached
    through a possessive ("three of its fighters") is named before the figure and may be the
    attacker counting its own losses, so it is left out.
    """
    return frozenset(
        side.actor_span
        for mention, side in zip(casualties, sides, strict=True)
        if side.actor_span is not None
        and side.actor_span[0] >= (mention.quantity.span or mention.cue_span)[0]
    )


def build_candidates(
    text: str,
    language: str,
    triggers: list[TriggerHit],
    mentions: list[ActorMention],
    *,
    counted: frozenset[tuple[int, int]] = frozenset(),
) -> list[Candidate]:
    """One candidate per trigger, with the actors of its segment assigned to roles.

    ``counted`` are the spans of actors that a casualty figure counts ("مقتل خمسة أشخاص"):
    they are acted on unless a marker names them the agent.
    """
    triggers, relative_verbs = _join_adjacent(text, sorted(triggers, key=lambda t: t.span[0]))
    free = [m for m in mentions if not any(overlaps(m.span, t.span) for t in triggers)]
    instruments = _instruments(text, language, triggers)
    out: list[Candidate] = []
    moved: dict[int, list[ActorMention]] = {}
    for i, trigger in enumerate(triggers):
        inside = [m for m in mentions if overlaps(m.span, trigger.span)]
        if i in instruments:
            # The verb before it took this segment's actors; the weapon only names how it was done.
            out.append(Candidate(trigger, trigger.event_type, [(m, "actor1") for m in inside], [trigger]))
            continue
        seg_start = triggers[i - 1].span[1] if i else 0
        skip = with_proclitics(triggers[i + 1]) if i + 1 in instruments else None
        # The segment runs on past an instrument to the next trigger.
        following = i + 2 if skip is not None else i + 1
        seg_end = triggers[following].span[0] if following < len(triggers) else len(text)
        # Actors between two triggers follow the earlier one, unless they are the later verb's subject.
        lead = [m for m in free if m.span[1] <= trigger.span[0]] if i == 0 else []
        before = _near_before(
            text, lead, trigger.span[0], language=language, verb=trigger.form == "verb"
        ) + moved.get(i, [])
        after = _near_after(
            text, [m for m in free if trigger.span[1] <= m.span[0] and m.span[1] <= seg_end], trigger.span[1]
        )
        nxt = triggers[following] if following < len(triggers) else None
        if nxt is not None and nxt.form == "verb" and after:
            # The subject right before the next verb belongs to that verb (SVO).
            last = after[-1]
            # A subject carries no preposition: لقوات النظام belongs to the noun before it.
            if word_count(text, last.span[1], nxt.span[0]) <= 1 and not any(p in last.prefix for p in "بلك"):
                group = [last]
                for prev in reversed(after[:-1]):
                    if word_count(text, prev.span[1], group[0].span[0]) <= 1:
                        group.insert(0, prev)
                    else:
                        break
                if len(group) < len(after) or trigger.form != "verb":
                    after = after[: len(after) - len(group)]
                    moved[following] = group
        roles = [(m, "actor1") for m in inside]
        roles += assign_roles(
            text,
            language=language,
            trigger=trigger,
            event_type=trigger.event_type,
            before=before,
            after=after,
            segment_start=seg_start,
            counted=counted,
            instrument=skip,
        )
        # A relative verb joined to its noun still says the incident happened (see _codable).
        out.append(Candidate(trigger, trigger.event_type, roles, [trigger, *relative_verbs.get(i, [])]))
    return out


def with_proclitics(trigger: TriggerHit) -> tuple[int, int]:
    """A trigger's span with the proclitics in front of it (بعبوة, not عبوة)."""
    return (trigger.span[0] - len(trigger.match.prefix), trigger.span[1])


def _instruments(text: str, language: str, triggers: list[TriggerHit]) -> set[int]:
    """Indexes of Arabic weapon nouns that are the instrument of the verb before them.

    In "استهدف مجهولون بعبوة ناسفة دورية لقوات النظام" the bomb is how the verb's subject
    struck its object: the object after the weapon is the verb's, not the weapon's genitive.
    """
    if language != "ar":
        return set()
    found: set[int] = set()
    for i in range(1, len(triggers)):
        verb, weapon = triggers[i - 1], triggers[i]
        if (
            weapon.form in ("noun", "cue")
            and "ب" in weapon.match.prefix
            and weapon.event_type in _REFINES
            and verb.form == "verb"
            and (verb.event_type in _GENERIC or verb.event_type == weapon.event_type)
            and i - 1 not in found
            and word_count(text, verb.span[1], weapon.span[0]) <= _INSTRUMENT_WORDS
            and not _clause_break().search(text[verb.span[1] : weapon.span[0]])
        ):
            found.add(i)
    return found


@lru_cache(maxsize=1)
def _clause_break() -> re.Pattern[str]:
    data = read_toml("lexicons/context.toml")
    words = "|".join(re.escape(w) for w in [*data["clause_breaks_ar"], *data["clause_breaks_en"]])
    return re.compile(rf"[()\[\];؛]|(?<!\S)(?:{words})(?!\S)")


@lru_cache(maxsize=1)
def _reported_clause() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in read_toml("lexicons/context.toml")["reported_clause_ar"])
    return re.compile(rf"(?<!\S)(?:{words})\s+(\S+)")


# A pronoun ending (عناصره، قواتها، أنهم) refers back to the speaker of a reported clause.
_BACK_REFERENCE = re.compile(r"(?:ه|ها|هم|هما)$")


def refers_back(word: str, language: str) -> bool:
    """Whether a word of a reported clause refers back to its speaker: an Arabic pronoun ending
    (مقاتليها، سيطرتها), an English possessive or pronoun (``said_back_en``: its, their ...)."""
    if language == "ar":
        return _BACK_REFERENCE.search(word) is not None
    return word.lower() in _english_back_reference()


def opens_reported_clause(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds "أن/إن" opening a clause that does not refer back to the speaker.

    "قالت الشرطة إن مسلحين هاجموا": the police speak; "زعم التنظيم أن عناصره هاجموا": the
    group claims its own attack, and stays its agent. The word after "أن" may lie beyond ``end``.
    """
    if "ن" not in text[start:end]:
        return False  # every complementiser ends in ن: most gaps need no search
    window = text[start : end + 30]
    return any(
        m.start() < end - start and not _BACK_REFERENCE.search(m.group(1))
        for m in _reported_clause().finditer(window)
    )


def opens_english_report(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds an English verb of saying whose clause (after "that",
    optional after "said") does not refer back to the speaker in its first three words: "The SDF
    said Turkish drones struck"."""
    match = _english_saying().search(text, start, min(len(text), end + 40))
    if match is None or match.start() >= end:
        return False
    # "said its fighters ...", "said one of its aircraft struck ...": the speaker's own act.
    return not any(refers_back(w, "en") for w in match.group(1).split())


@lru_cache(maxsize=1)
def _english_saying() -> re.Pattern[str]:
    def alternation(key: str) -> str:
        return "|".join(re.escape(w) for w in sorted(context_words(key, "en"), key=len, reverse=True))

    return re.compile(
        rf"\b(?:(?:{alternation('said')})(?:\s+that)?|(?:{alternation('said_that')})\s+that)\s+([A-Za-z]+(?:\s+[A-Za-z]+){{0,2}})"
    )


@lru_cache(maxsize=1)
def _english_back_reference() -> frozenset[str]:
    return frozenset(w.lower() for w in context_words("said_back", "en"))


def _join_adjacent(
    text: str, triggers: list[TriggerHit]
) -> tuple[list[TriggerHit], dict[int, list[TriggerHit]]]:
    """قصف مدفعي وصاروخي, artillery and rocket fire: one event named twice in a row. So is an
    Arabic event noun and the verb right after it, which opens a relative clause without "الذي"
    ("قصف استهدف بلدة عين عيسى", a shelling that targeted the town): the verb's object is the
    noun's. Returns the triggers kept and, by index, the relative verbs joined to each."""
    kept: list[TriggerHit] = []
    relative: dict[int, list[TriggerHit]] = {}
    for trigger in triggers:
        if kept and word_count(text, kept[-1].span[1], trigger.span[0]) <= 1:
            if kept[-1].event_type == trigger.event_type:
                continue
            if (
                trigger.language == "ar"
                and trigger.form == "verb"
                and trigger.event_type in _GENERIC
                and kept[-1].form in ("noun", "plural")
                and kept[-1].event_type in _REFINES
                and word_count(text, kept[-1].span[1], trigger.span[0]) == 0
            ):
                relative.setdefault(len(kept) - 1, []).append(trigger)
                continue
        kept.append(trigger)
    return kept, relative


def _near_after(text: str, actors: list[ActorMention], anchor: int) -> list[ActorMention]:
    """The actors after a trigger that are close to it or to the actor before them, in its clause."""
    kept: list[ActorMention] = []
    for actor in actors:
        gap = text[anchor : actor.span[0]]
        if word_count(text, anchor, actor.span[0]) > _MAX_GAP_WORDS or _clause_break().search(gap):
            break
        kept.append(actor)
        anchor = actor.span[1]
    return kept


def _near_before(
    text: str, actors: list[ActorMention], anchor: int, *, language: str = "ar", verb: bool = False
) -> list[ActorMention]:
    """The actors before a trigger that are close to it or to the actor after them.

    A clause break stops the search, except a relative pronoun right before a verb trigger:
    its antecedent is the verb's subject ("القوات التي سيطرت").
    """
    kept: list[ActorMention] = []
    for actor in reversed(actors):
        gap = text[actor.span[1] : anchor]
        if not kept and verb and is_relative_gap(gap, language):
            kept.insert(0, actor)
            anchor = actor.span[0]
            continue
        if (
            word_count(text, actor.span[1], anchor) > _MAX_GAP_WORDS
            or _clause_break().search(gap)
            or (language == "ar" and opens_reported_clause(text, actor.span[1], anchor))
            or (language == "en" and opens_english_report(text, actor.span[1], anchor))
        ):
            # Far back, only "N members of X were killed ... in an attack" still belongs here.
            if is_partitive_of_people(text, actor.span[0]):
                kept.insert(0, actor)
            continue
        kept.insert(0, actor)
        anchor = actor.span[0]
    return kept


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merge_candidates(
    text: str,
    candidates: list[Candidate],
    place_spans: Sequence[tuple[int, int]] = (),
    apart: frozenset[tuple[int, int]] = frozenset(),
) -> list[Candidate]:
    """Merge candidates that describe one event: same type, or a generic word next to a specific one.

    Two mentions that each name their own, different place ("airstrikes on X and clashes in
    Y", "اشتباكات في X واشتباكات في Y") stay two events; ``place_spans`` are the sentence's
    place mentions. ``apart`` holds the spans of triggers that join no other (deaths told at a
    place of their own beside another event). English sentences then have their types settled
    by ``english_typing`` (a protest met with force, a place handed over, a raid by aircraft ...).
    """
    own = _own_places(text, candidates, place_spans)
    merged: list[Candidate] = []
    places_of: dict[int, set[str]] = {}
    for cand in candidates:
        target = next(
            (
                m
                for m in merged
                if _same_event(text, m, cand)
                and not _elsewhere(own, places_of, m, cand)
                and cand.trigger.span not in apart
                and m.trigger.span not in apart
            ),
            None,
        )
        if target is None:
            merged.append(cand)
            places_of[id(cand)] = {own[id(cand)]} if own.get(id(cand)) else set()
            continue
        if own.get(id(cand)):
            places_of[id(target)].add(own[id(cand)])
        if {target.event_type, cand.event_type} == {"protest", "clash"}:
            target.event_type = "riot"
        elif target.event_type == "riot" and cand.event_type == "protest":
            pass  # a riot is a protest that turned violent; a later protest word does not undo it
        elif _rank(cand) > _rank(target) and not _exchanged_in_a_clash(text, target, cand):
            target.event_type = cand.event_type
            target.trigger = cand.trigger
        known = {(id(a), r) for a, r in target.roles}
        present = {a.id for a, _ in target.roles if a.id}
        for actor, role in cand.roles:
            if (id(actor), role) not in known and not (actor.id and actor.id in present):
                target.roles.append((actor, role))
        target.triggers.append(cand.trigger)
    if merged and all(t.language == "en" for c in merged for t in c.triggers):
        return refine_english_types(text, merged)
    return merged


def _exchanged_in_a_clash(text: str, target: Candidate, cand: Candidate) -> bool:
    """Whether shelling merged into a clash is fire the two sides exchange ("اشتباكات ... وسط
    قصف مدفعي متبادل", "clashes amid mutual shelling"): the event stays a clash."""
    if {target.event_type, cand.event_type} != {"clash", "shelling"}:
        return False
    shelling = cand.trigger if cand.event_type == "shelling" else target.trigger
    # One word before it ("mutual shelling") and four after ("قصف مدفعي متبادل", "shelling
    # between the two sides").
    before = _WORD.findall(text[: shelling.span[0]])[-1:]
    after = _WORD.findall(text[shelling.span[1] :])[:4]
    words = [normalize_text(w).strip("،,.;:").lower() for w in [*before, *after]]
    mutual = _mutual_words(shelling.language)
    return any(
        " ".join(words[i:j]) in mutual for i in range(len(words)) for j in range(i + 1, len(words) + 1)
    )


@lru_cache(maxsize=2)
def _mutual_words(language: str) -> frozenset[str]:
    """Words that make fire mutual (``mutual_*`` of context.toml), normalised."""
    return frozenset(" ".join(normalize_text(w).split()).lower() for w in context_words("mutual", language))


def _own_places(
    text: str, candidates: list[Candidate], place_spans: Sequence[tuple[int, int]]
) -> dict[int, str]:
    """Each candidate's own place: the first place mention after its trigger, before the next trigger."""
    own: dict[int, str] = {}
    for index, cand in enumerate(candidates):
        start = cand.trigger.span[1]
        end = candidates[index + 1].trigger.span[0] if index + 1 < len(candidates) else len(text)
        span = next((p for p in sorted(place_spans) if start <= p[0] < end), None)
        if span is not None:
            own[id(cand)] = " ".join(text[span[0] : span[1]].split())
    return own


def _elsewhere(
    own: dict[int, str], places_of: dict[int, set[str]], target: Candidate, cand: Candidate
) -> bool:
    """Whether ``cand`` names a place of its own that differs from every place ``target`` names."""
    place = own.get(id(cand))
    return bool(place and places_of.get(id(target)) and place not in places_of[id(target)])


def _rank(candidate: Candidate) -> int:
    return candidate.trigger.priority + (0 if candidate.trigger.form != "weak" else -100)


def _same_event(text: str, a: Candidate, b: Candidate) -> bool:
    a1, b1 = a.ids("actor1"), b.ids("actor1")
    if a1 and b1 and not (a1 & b1):
        return False
    if {a.event_type, b.event_type} == {"explosive", "suicide_attack"}:
        return True  # the blast of a suicide bombing is that bombing
    if "cue" in (a.trigger.form, b.trigger.form) and a.event_type in _REFINES and b.event_type in _REFINES:
        # A weapon word names how an event next to it was done: قصفت طائراتها -> an air strike.
        return word_count(text, a.triggers[-1].span[1], b.trigger.span[0]) <= _MERGE_WORDS
    if a.event_type == b.event_type:
        return True
    if "protest" in (a.event_type, b.event_type) and {a.event_type, b.event_type} & {"riot", "clash"}:
        return True  # a protest that turned violent (stones, clashes with the police) is one riot
    if a.event_type in _REFINES and b.event_type in _REFINES:
        generic = a.event_type in _GENERIC or b.event_type in _GENERIC
        near = word_count(text, a.triggers[-1].span[1], b.trigger.span[0]) <= _MERGE_WORDS
        empty = not b.roles or not a.roles
        return generic and (near or empty)
    return False
