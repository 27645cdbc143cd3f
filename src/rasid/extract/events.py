"""The rule-based extractor: one document in, v1 events out.

Per sentence: find triggers, actors, places, times and casualty words; give each trigger
its actors by role; merge triggers that describe the same event (هجمات ... الهجمات ...
استهدافها); then judge modality and genericity and pick the place and time nearest to the
trigger. Every field keeps the span of the words it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from rasid.extract.actors import ActorDictionary, ActorMention
from rasid.extract.attribution import find_attribution
from rasid.extract.casualties import CasualtyMention, CasualtySide, assign_sides, find_casualties
from rasid.extract.lexicon import TriggerHit, TriggerLexicon, trigger_lexicon, type_mappings
from rasid.extract.modality import SentenceCues, find_cues, judge_genericity, judge_modality
from rasid.extract.participants import find_participants
from rasid.extract.roles import assign_roles, follows_exposure_verb, is_partitive_of_people
from rasid.geo.resolve import find_places
from rasid.records import (
    ActorRef,
    Attribution,
    Document,
    Event,
    Evidence,
    Place,
    Quantity,
    Sentence,
    SideCount,
    TimeValue,
)
from rasid.resolve.time import find_times
from rasid.text.normalize import normalize_text
from rasid.text.sentences import split_sentences

EXTRACTOR = "rasid.rules/0.1"
CODED_LANGUAGES = ("ar", "en")
# Violence against people (PLOVER ASSAULT, plus abductions): the events casualties belong to.
_VIOLENT = frozenset({t for t, m in type_mappings().items() if m.plover == "ASSAULT"} | {"abduction"})
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
_WORD = re.compile(r"\S+")
_MERGE_WORDS = 10  # a generic and a specific trigger this close describe one event
_NEEDS_PARTIES = frozenset({"facilitation"})
_ARMED_ONLY = frozenset({"withdrawal", "deployment"})
# An actor further than this from its trigger (or the actor before it) is not its argument.
_MAX_GAP_WORDS = 8
# A named group further than this from every trigger is not a participant.
_BYSTANDER_WORDS = 15


@dataclass(slots=True)
class _Candidate:
    trigger: TriggerHit
    event_type: str
    roles: list[tuple[ActorMention, str]] = field(default_factory=list)
    triggers: list[TriggerHit] = field(default_factory=list)
    segment: tuple[int, int] = (0, 0)

    def ids(self, role: str) -> set[str]:
        return {(a.id or "").split(".", 1)[0] for a, r in self.roles if r == role and a.id}


@dataclass(slots=True)
class _DocumentContext:
    """What the lede of a document says, for events whose own sentence is silent."""

    place: Place | None = None
    time: TimeValue | None = None
    first_sentence_start: int = 0


def extract_events(
    document: Document,
    *,
    actors: ActorDictionary | None = None,
    lexicon: TriggerLexicon | None = None,
) -> list[Event]:
    """Code every event of ``document`` (Arabic or English; other languages give no events)."""
    if document.language not in CODED_LANGUAGES or not document.text.strip():
        return []
    actors = actors or ActorDictionary.load_default()
    lexicon = lexicon or trigger_lexicon()
    sentences = split_sentences(document.text)
    context = _lede_context(document, sentences[:2])
    coded: list[tuple[Event, TriggerHit]] = []
    seen: set[str] = set()
    for sentence in sentences:
        for event, trigger in _sentence_events(document, sentence, context, actors=actors, lexicon=lexicon):
            if event.id not in seen:
                seen.add(event.id)
                coded.append((event, trigger))
    return _merge_mentions_of_earlier_events(coded)


_DEFINITE_EN = re.compile(r"\b(the|this|that|these|those|its|their)\s+(\S+\s+)?$", re.IGNORECASE)


def _is_anaphoric(event: Event, trigger: TriggerHit) -> bool:
    """A later 'the attack' / 'الهجوم' / 'القتلى' names an event told before, not a new one."""
    if trigger.form == "weak":
        return True
    if trigger.form not in ("noun", "plural"):
        return False
    if trigger.language == "ar":
        return trigger.match.text.lstrip("وفبلك").startswith(("ال", "ل"))
    before = event.evidence.sentence[: trigger.span[0]]
    return bool(_DEFINITE_EN.search(before))


def _merge_mentions_of_earlier_events(coded: list[tuple[Event, TriggerHit]]) -> list[Event]:
    kept: list[Event] = []
    for event, trigger in coded:
        anaphoric = _is_anaphoric(event, trigger)
        earlier = next((e for e in reversed(kept) if anaphoric and _continues(e, event)), None)
        if earlier is None:
            kept.append(event)
            continue
        kept[kept.index(earlier)] = _absorb(earlier, event)
    return kept


def _top_ids(event: Event, roles: tuple[str, ...]) -> set[str]:
    return {(a.id or "").split(".", 1)[0] for a in event.actors if a.role in roles and a.id}


def _continues(earlier: Event, later: Event) -> bool:
    if later.event_type != earlier.event_type and not (
        later.event_type in _VIOLENT and earlier.event_type in _VIOLENT
    ):
        return False
    if later.modality in ("negated", "denied", "hypothetical") and earlier.modality != later.modality:
        return False
    if later.location is not None and earlier.location is not None:
        same_place = (later.location.admin1 or "") == (earlier.location.admin1 or "")
        if not same_place:
            return False
    return later.genericity == earlier.genericity


def _absorb(earlier: Event, later: Event) -> Event:
    """Fill what the earlier event lacks from a later mention of it (actors, place, casualties).

    A later "the attack" names its attacker only with an explicit marker, so its actor1 is
    taken only when the first mention had none.
    """
    present = {a.id for a in earlier.actors if a.id}
    has_actor1 = any(a.role == "actor1" for a in earlier.actors)
    actors = earlier.actors + tuple(
        a for a in later.actors if a.id not in present and (a.role != "actor1" or not has_actor1)
    )
    return replace(
        earlier,
        actors=actors,
        location=earlier.location or later.location,
        fatalities=earlier.fatalities or later.fatalities,
        injuries=earlier.injuries or later.injuries,
        attribution=earlier.attribution or later.attribution,
    )


def _lede_context(document: Document, lede: Sequence[Sentence]) -> _DocumentContext:
    context = _DocumentContext(first_sentence_start=lede[0].start if lede else 0)
    for sentence in lede:
        if context.place is None:
            places = find_places(sentence.text)
            if places:
                best = min(places, key=lambda p: _PRECISION_RANK.get(p.precision, 9))
                context.place = _shift_place(best, sentence.start)
        if context.time is None:
            for time in find_times(sentence.text, published=document.published):
                if time.start and time.precision in ("day", "week"):
                    context.time = _shift_time(time, sentence.start)
                    break
    return context


_PRECISION_RANK = {"point": 0, "admin2": 1, "region": 2, "admin1": 3, "country": 4, "unknown": 5}


def _sentence_events(
    document: Document,
    sentence: Sentence,
    context: _DocumentContext,
    *,
    actors: ActorDictionary,
    lexicon: TriggerLexicon,
) -> list[tuple[Event, TriggerHit]]:
    text, language = sentence.text, document.language
    triggers = lexicon.find(text, language=language)
    if any(t.form not in _SUPPORTING_FORMS for t in triggers):
        triggers = [t for t in triggers if t.form != "weak"]
    if not triggers:
        return []
    times = find_times(text, published=document.published)
    # فجر اليوم is "at dawn today", not "detonated": words inside a time expression trigger nothing.
    triggers = [t for t in triggers if not any(tm.span and _overlaps(t.span, tm.span) for tm in times)]
    if not triggers:
        return []
    when = next((t.start for t in times if t.start), None) or document.published
    attribution = find_attribution(text, language=language)
    source = attribution.span if attribution is not None else None
    # Who says so (بحسب ناشطين، the SDF said) is a source, not a participant.
    mentions = [m for m in actors.find(text, when=when) if source is None or not _inside(m.span, source)]
    generic = [
        (m, is_armed)
        for m, is_armed in find_participants(text, known=mentions)
        if source is None or not _inside(m.span, source)
    ]
    armed = any(m.id and not m.id.startswith("CIV") for m in mentions) or any(
        is_armed for _, is_armed in generic
    )
    mentions = sorted(mentions + [m for m, _ in generic], key=lambda m: m.span[0])
    places = find_places(text)
    triggers = _supported(triggers, armed=armed, places=places)
    if not armed:
        # Without an armed party, "evacuated" and "mobilized" are about floods and fires.
        triggers = [t for t in triggers if t.event_type not in _ARMED_ONLY]
    if not triggers:
        return []
    candidates = _candidates(text, language, triggers, mentions)
    candidates = _merge(text, candidates)
    cues = find_cues(text, language=language)
    casualties = find_casualties(text)
    sides = {
        id(c): side for c, side in zip(casualties, assign_sides(text, casualties, mentions), strict=True)
    }
    assigned = _assign_casualties(candidates, casualties)
    timed = _assign_times(candidates, times)
    _attach_bystanders(text, candidates, mentions)
    events = []
    for index, candidate in enumerate(candidates):
        if candidate.event_type in _NEEDS_PARTIES and not candidate.roles:
            continue  # "with the help of" whom, for whom? Nothing to code.
        if (
            candidate.trigger.form == "cue"
            and len(candidates) > 1
            and not (candidate.roles or assigned.get(index))
        ):
            continue  # a weapon word beside another event, with nothing of its own
        if not (
            any(r != "other" for _, r in candidate.roles) or assigned.get(index) or timed.get(index) or places
        ):
            continue  # no one, nowhere, no time, no toll: a word for an event, not a codable event
        events.append(
            (
                _build_event(
                    document,
                    sentence,
                    candidate,
                    cues=cues,
                    times=timed.get(index, []),
                    places=places,
                    casualties=assigned.get(index, []),
                    sides=sides,
                    attribution=attribution,
                    context=context,
                    actors=actors,
                ),
                candidate.trigger,
            )
        )
    return events


_VAGUE_PLACE_WORDS = frozenset({"بادية", "البادية", "الصحراء", "badia", "the badia", "desert", "the desert"})


def _is_vague(place: Place) -> bool:
    """A bare 'the desert' or the whole country says less than the place the lede named."""
    words = normalize_text(place.text or "").strip()
    return place.precision == "country" or words in _VAGUE_PLACE_WORDS


def _within(span: tuple[int, int] | None, segment: tuple[int, int]) -> bool:
    return span is not None and segment[0] <= span[0] and span[1] <= segment[1]


_SUPPORTING_FORMS = frozenset({"weak", "cue"})


def _supported(triggers: list[TriggerHit], *, armed: bool, places: list[Place]) -> list[TriggerHit]:
    """Killing words, weapons and blasts name a conflict event only in a conflict context.

    That is a real trigger beside them, an armed actor, or a place in Syria (the war this
    dictionary covers): "at least 10 people died after eating ...", "a gas tank exploded",
    "missile tests" are not conflict events; "4 ISIS members killed", "14 shells hit Dahya
    al-Assad" are.
    """
    if any(t.form not in _SUPPORTING_FORMS for t in triggers):
        return triggers
    in_syria = any(p.precision != "country" for p in places)
    return triggers if armed or in_syria else []


def _attach_bystanders(text: str, candidates: list[_Candidate], mentions: list[ActorMention]) -> None:
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
            _word_count(text, min(mention.span[1], t.span[1]), max(mention.span[0], t.span[0]))
            for t in nearest.triggers
        )
        if distance <= _BYSTANDER_WORDS:
            nearest.roles.append((mention, "other"))


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _word_count(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end])) if end > start else 0


def _candidates(
    text: str, language: str, triggers: list[TriggerHit], mentions: list[ActorMention]
) -> list[_Candidate]:
    """One candidate per trigger, with the actors of its segment assigned to roles."""
    triggers = _join_adjacent(text, sorted(triggers, key=lambda t: t.span[0]))
    free = [m for m in mentions if not any(_overlaps(m.span, t.span) for t in triggers)]
    out: list[_Candidate] = []
    moved: dict[int, list[ActorMention]] = {}
    for i, trigger in enumerate(triggers):
        seg_start = triggers[i - 1].span[1] if i else 0
        seg_end = triggers[i + 1].span[0] if i + 1 < len(triggers) else len(text)
        # Actors between two triggers follow the earlier one, unless they are the later verb's subject.
        lead = [m for m in free if m.span[1] <= trigger.span[0]] if i == 0 else []
        before = _near_before(text, lead, trigger.span[0]) + moved.get(i, [])
        after = _near_after(
            text, [m for m in free if trigger.span[1] <= m.span[0] and m.span[1] <= seg_end], trigger.span[1]
        )
        nxt = triggers[i + 1] if i + 1 < len(triggers) else None
        if nxt is not None and nxt.form == "verb" and after:
            # The subject right before the next verb belongs to that verb (SVO).
            last = after[-1]
            # A subject carries no preposition: لقوات النظام belongs to the noun before it.
            if _word_count(text, last.span[1], nxt.span[0]) <= 1 and not any(p in last.prefix for p in "بلك"):
                group = [last]
                for prev in reversed(after[:-1]):
                    if _word_count(text, prev.span[1], group[0].span[0]) <= 1:
                        group.insert(0, prev)
                    else:
                        break
                if len(group) < len(after) or trigger.form != "verb":
                    after = after[: len(after) - len(group)]
                    moved[i + 1] = group
        inside = [m for m in mentions if _overlaps(m.span, trigger.span)]
        roles = [(m, "actor1") for m in inside]
        roles += assign_roles(
            text,
            language=language,
            trigger=trigger,
            event_type=trigger.event_type,
            before=before,
            after=after,
            segment_start=seg_start,
        )
        out.append(_Candidate(trigger, trigger.event_type, roles, [trigger], (seg_start, seg_end)))
    return out


_CLAUSE_BREAK = re.compile(
    r"[()\[\];؛]|(?<!\S)(?:حيث|التي|الذي|الذين|اللذين|بهدف|لكن|ولكن|where|which|who|while|whereas)(?!\S)"
)


def _join_adjacent(text: str, triggers: list[TriggerHit]) -> list[TriggerHit]:
    """قصف مدفعي وصاروخي, artillery and rocket fire: one event named twice in a row."""
    kept: list[TriggerHit] = []
    for trigger in triggers:
        if (
            kept
            and kept[-1].event_type == trigger.event_type
            and _word_count(text, kept[-1].span[1], trigger.span[0]) <= 1
        ):
            continue
        kept.append(trigger)
    return kept


def _near_after(text: str, actors: list[ActorMention], anchor: int) -> list[ActorMention]:
    """The actors after a trigger that are close to it or to the actor before them, in its clause."""
    kept: list[ActorMention] = []
    for actor in actors:
        gap = text[anchor : actor.span[0]]
        if _word_count(text, anchor, actor.span[0]) > _MAX_GAP_WORDS or _CLAUSE_BREAK.search(gap):
            break
        kept.append(actor)
        anchor = actor.span[1]
    return kept


def _near_before(text: str, actors: list[ActorMention], anchor: int) -> list[ActorMention]:
    """The actors before a trigger that are close to it or to the actor after them."""
    kept: list[ActorMention] = []
    for actor in reversed(actors):
        gap = text[actor.span[1] : anchor]
        if _word_count(text, actor.span[1], anchor) > _MAX_GAP_WORDS or _CLAUSE_BREAK.search(gap):
            # Far back, only "N members of X were killed ... in an attack" still belongs here.
            if is_partitive_of_people(text, actor.span[0]):
                kept.insert(0, actor)
            continue
        kept.insert(0, actor)
        anchor = actor.span[0]
    return kept


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _merge(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Merge candidates that describe one event: same type, or a generic word next to a specific one."""
    merged: list[_Candidate] = []
    for cand in candidates:
        target = next((m for m in merged if _same_event(text, m, cand)), None)
        if target is None:
            merged.append(cand)
            continue
        if {target.event_type, cand.event_type} == {"protest", "clash"}:
            target.event_type = "riot"
        elif _rank(cand) > _rank(target):
            target.event_type = cand.event_type
            target.trigger = cand.trigger
        known = {(id(a), r) for a, r in target.roles}
        present = {a.id for a, _ in target.roles if a.id}
        for actor, role in cand.roles:
            if (id(actor), role) not in known and not (actor.id and actor.id in present):
                target.roles.append((actor, role))
        target.triggers.append(cand.trigger)
        target.segment = (min(target.segment[0], cand.segment[0]), max(target.segment[1], cand.segment[1]))
    return merged


def _rank(candidate: _Candidate) -> int:
    return candidate.trigger.priority + (0 if candidate.trigger.form != "weak" else -100)


def _same_event(text: str, a: _Candidate, b: _Candidate) -> bool:
    a1, b1 = a.ids("actor1"), b.ids("actor1")
    if a1 and b1 and not (a1 & b1):
        return False
    if "cue" in (a.trigger.form, b.trigger.form) and a.event_type in _REFINES and b.event_type in _REFINES:
        # A weapon word names how an event next to it was done: قصفت طائراتها -> an air strike.
        return _word_count(text, a.triggers[-1].span[1], b.trigger.span[0]) <= _MERGE_WORDS
    if a.event_type == b.event_type:
        return True
    if "protest" in (a.event_type, b.event_type) and {a.event_type, b.event_type} & {"riot", "clash"}:
        return True  # a protest that turned violent (stones, clashes with the police) is one riot
    if a.event_type in _REFINES and b.event_type in _REFINES:
        generic = a.event_type in _GENERIC or b.event_type in _GENERIC
        near = _word_count(text, a.triggers[-1].span[1], b.trigger.span[0]) <= _MERGE_WORDS
        empty = not b.roles or not a.roles
        return generic and (near or empty)
    return False


def _assign_casualties(
    candidates: list[_Candidate], casualties: list[CasualtyMention]
) -> dict[int, list[CasualtyMention]]:
    out: dict[int, list[CasualtyMention]] = {}
    violent = [i for i, c in enumerate(candidates) if c.event_type in _VIOLENT] or list(
        range(len(candidates))
    )
    for mention in casualties:
        best = min(
            violent,
            key=lambda i: min(abs(mention.cue_span[0] - t.span[0]) for t in candidates[i].triggers),
        )
        out.setdefault(best, []).append(mention)
    return out


def _distance(span: tuple[int, int], trigger: TriggerHit) -> int:
    # What follows the trigger (هجوم ... في بادية الميادين أمس) is nearer than what precedes it.
    if span[0] >= trigger.span[1]:
        return span[0] - trigger.span[1]
    return (trigger.span[0] - span[1]) * 2 + 1


def _assign_times(candidates: list[_Candidate], times: list[TimeValue]) -> dict[int, list[TimeValue]]:
    """Each time expression goes to the event it is nearest to (ومنذ انسحاب التنظيم ... أواخر عام 2017)."""
    out: dict[int, list[TimeValue]] = {}
    for time in times:
        if time.span is None:
            continue
        span = time.span
        best = min(
            range(len(candidates)), key=lambda i: min(_distance(span, t) for t in candidates[i].triggers)
        )
        out.setdefault(best, []).append(time)
    return out


def _sum_quantities(mentions: list[CasualtyMention], kind: str, offset: int) -> Quantity | None:
    found = [m.quantity for m in mentions if m.kind == kind]
    if not found:
        return None
    if len(found) == 1:
        q = found[0]
        return replace(q, span=(q.span[0] + offset, q.span[1] + offset) if q.span else None)
    exact = all(q.count is not None for q in found)
    low = sum((q.count if q.count is not None else (q.min or 0)) for q in found)
    highs = [q.count if q.count is not None else q.max for q in found]
    high = sum(h for h in highs if h is not None) if all(h is not None for h in highs) else None
    first = found[0]
    return Quantity(
        count=low if exact else None,
        min=low,
        max=high,
        text=" + ".join(q.text or "" for q in found),
        span=(first.span[0] + offset, first.span[1] + offset) if first.span else None,
    )


def _nearest(items: Sequence[Place | TimeValue], trigger: TriggerHit) -> int | None:
    best, best_distance = None, None
    for index, item in enumerate(items):
        span = item.span
        if span is None:
            continue
        distance = _distance(span, trigger)
        if best_distance is None or distance < best_distance:
            best, best_distance = index, distance
    return best


def _shift_place(place: Place, offset: int) -> Place:
    span = (place.span[0] + offset, place.span[1] + offset) if place.span else None
    return replace(place, span=span)


def _shift_time(time: TimeValue, offset: int) -> TimeValue:
    span = (time.span[0] + offset, time.span[1] + offset) if time.span else None
    return replace(time, span=span)


def _build_event(
    document: Document,
    sentence: Sentence,
    candidate: _Candidate,
    *,
    cues: SentenceCues,
    times: list[TimeValue],
    places: list[Place],
    casualties: list[CasualtyMention],
    sides: dict[int, CasualtySide],
    attribution: Attribution | None,
    context: _DocumentContext,
    actors: ActorDictionary,
) -> Event:
    offset = sentence.start
    trigger = candidate.trigger
    event_type = candidate.event_type
    own = [sides[id(c)] for c in casualties if id(c) in sides]
    refs = _actor_refs(candidate, offset) + _victims_of(own, candidate, offset)
    actor2 = {(r.id or "").split(".", 1)[0] for r in refs if r.role in ("actor2", "victim")}
    if event_type in ("attack", "clash") and actor2 and actor2 <= {"CIV"}:
        event_type = "attack_on_civilians"
    elif event_type == "attack_on_civilians" and actor2 and "CIV" not in actor2 and "" not in actor2:
        event_type = "attack"  # violence against armed people only is not violence against civilians

    time_index = _nearest(times, trigger)
    time = _shift_time(times[time_index], offset) if time_index is not None else None
    place_index = _nearest(places, trigger)
    place = _shift_place(places[place_index], offset) if place_index is not None else context.place
    if place is not None and context.place is not None and _is_vague(place):
        place = context.place  # "في البادية" after a lede that said which desert

    purpose_blocked = follows_exposure_verb(sentence.text, trigger.span[0])
    actor1 = candidate.ids("actor1") | candidate.ids("facilitator")
    beneficiaries = candidate.ids("beneficiary") | candidate.ids("actor2")
    collusion = event_type == "facilitation" and any(
        actors.are_adversaries(a, b) for a in actor1 for b in beneficiaries
    )
    modality = judge_modality(
        sentence.text, cues=cues, trigger=trigger, purpose_blocked=purpose_blocked, collusion=collusion
    )
    provisional = time or TimeValue()
    genericity = judge_genericity(cues=cues, trigger=trigger, time=provisional)
    if time is None:
        time = _fallback_time(document, context, genericity=genericity)

    mapping = type_mappings()[event_type]
    acled_type, acled_sub = mapping.acled_event_type, mapping.acled_sub_event_type
    armed_target = bool(actor2 - {"CIV"})
    if event_type == "assassination" and armed_target and mapping.armed_target_acled_event_type:
        acled_type = mapping.armed_target_acled_event_type
        acled_sub = mapping.armed_target_acled_sub_event_type or acled_sub
    if event_type == "territory_taken" and actor1 & {"SYR_REGIME", "SYR_GOV"}:
        acled_sub = mapping.government_acled_sub_event_type or acled_sub

    evidence = Evidence(
        sentence=sentence.text,
        span=sentence.span,
        trigger=trigger.match.text,
        trigger_span=(trigger.span[0] + offset, trigger.span[1] + offset),
    )
    attribution_out = None
    if attribution is not None:
        span = attribution.span
        attribution_out = replace(attribution, span=(span[0] + offset, span[1] + offset) if span else None)
    confidence = 0.4 + 0.2 * bool(actor1) + 0.1 * bool(place) + 0.1 * (time.start is not None)
    confidence += 0.1 * (trigger.form != "weak") + 0.05 * bool(actor2)
    # A report's first sentence carries its main event; later ones add detail and background.
    confidence += 0.05 * (sentence.start == context.first_sentence_start)
    return Event(
        id=_event_id(document, sentence, trigger, event_type),
        event_type=event_type,
        modality=modality,
        genericity=genericity,
        evidence=evidence,
        actors=tuple(refs),
        location=place,
        time=time,
        fatalities=_with_breakdown(_sum_quantities(casualties, "fatalities", offset), own, "fatalities"),
        injuries=_with_breakdown(_sum_quantities(casualties, "injuries", offset), own, "injuries"),
        attribution=attribution_out,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        plover=mapping.plover,
        confidence=min(confidence, 0.95),
        extractor=EXTRACTOR,
    )


def _fallback_time(document: Document, context: _DocumentContext, *, genericity: str) -> TimeValue:
    if genericity == "specific" and context.time is not None:
        return context.time
    if genericity == "specific" and document.published:
        # A news report with no time words tells of the days before it was published.
        end = date.fromisoformat(document.published[:10])
        return TimeValue((end - timedelta(days=6)).isoformat(), end.isoformat(), "week", None, None)
    return TimeValue()


def _with_breakdown(total: Quantity | None, sides: list[CasualtySide], kind: str) -> Quantity | None:
    """The total with, when the text says whose people they were, one count per side."""
    parts = [s for s in sides if s.kind == kind and (s.actor_id or s.actor_text)]
    if total is None or not parts:
        return total
    breakdown = tuple(
        SideCount(s.actor_id, s.actor_text, s.quantity.count, s.quantity.min, s.quantity.max, s.quantity.text)
        for s in parts
    )
    return replace(total, breakdown=breakdown)


def _victims_of(sides: list[CasualtySide], candidate: _Candidate, offset: int) -> list[ActorRef]:
    """The side whose people were killed or hurt is acted on, unless it is the attacker's own."""
    present = {(a.id, a.span[0]) for a, _ in candidate.roles}
    attackers = candidate.ids("actor1")
    refs: list[ActorRef] = []
    for side in sides:
        if (
            side.actor_span is None
            or side.actor_text is None
            or (side.actor_id, side.actor_span[0]) in present
        ):
            continue
        top = (side.actor_id or "").split(".", 1)[0]
        if top and top in attackers:
            continue  # the attackers' own losses: not a second target
        role = "victim" if top == "CIV" else "actor2"
        span = (side.actor_span[0] + offset, side.actor_span[1] + offset)
        refs.append(ActorRef(role, side.actor_id, side.actor_text, side.actor_text, span))
        present.add((side.actor_id, side.actor_span[0]))
    return refs


def _actor_refs(candidate: _Candidate, offset: int) -> list[ActorRef]:
    refs: list[ActorRef] = []
    seen: set[tuple[str | None, str, int]] = set()
    for mention, role in sorted(candidate.roles, key=lambda r: r[0].span[0]):
        key = (mention.id, role, mention.span[0])
        if key in seen:
            continue
        seen.add(key)
        refs.append(
            ActorRef(
                role=role,
                id=mention.id,
                name=mention.name or mention.text,
                text=mention.text,
                span=(mention.span[0] + offset, mention.span[1] + offset),
            )
        )
    return refs


def _event_id(document: Document, sentence: Sentence, trigger: TriggerHit, event_type: str) -> str:
    key = f"{document.text_sha256}:{sentence.start}:{sentence.end}:{trigger.span[0]}:{event_type}"
    return "ev_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
