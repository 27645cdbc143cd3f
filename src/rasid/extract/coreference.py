"""Mentions of one event across the sentences of a report: "the attack" / "الهجوم" joins the first.

A later definite noun, killing word or casualty word names an event told before; it adds the
victims, place and toll it gives to that event instead of becoming a new one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rasid.extract.lexicon import VIOLENT_TYPES, TriggerHit
from rasid.geo.areas import around_a_point
from rasid.records import Event, Place

_DEFINITE_EN = re.compile(r"\b(the|this|that|these|those|its|their)\s+(\S+\s+)?$", re.IGNORECASE)


_DEFINITE_PARTY_EN = re.compile(r"^(the|these|those)\s", re.IGNORECASE)
_ARTICLE_BEFORE_EN = re.compile(r"\b(the|these|those)\s+$", re.IGNORECASE)


def is_definite_party(words: str, before: str = "") -> bool:
    """Whether a party's mention is definite: المهاجمون، المسلحون, "the gunmen" (the article
    inside ``words`` or ending ``before``, the text right before the mention)."""
    return (
        words.lstrip("وفبلك").startswith("ال")
        or _DEFINITE_PARTY_EN.match(words) is not None
        or _ARTICLE_BEFORE_EN.search(before) is not None
    )


def _definite_unnamed_agent(event: Event) -> bool:
    """Whether the event's only agents are definite and unnamed: المهاجمون، المسلحون، the gunmen."""
    agents = [a for a in event.actors if a.role == "actor1"]
    return bool(agents) and all(a.id is None and is_definite_party(a.text) for a in agents)


def _unnamed_crowd(event: Event) -> bool:
    """Whether a protest's only agents are an unnamed crowd ("protesters gathered", "المحتجون"):
    in a report that told a protest before, they are its protesters (same place and day)."""
    agents = [a for a in event.actors if a.role == "actor1"]
    return event.event_type == "protest" and all(a.id is None for a in agents)


def _is_anaphoric(event: Event, trigger: TriggerHit) -> bool:
    """A later 'the attack' / 'الهجوم' / 'القتلى' names an event told before, not a new one.

    So does a later clause whose agents are definite and unnamed ("المهاجمون أطلقوا النار",
    "the gunmen fled"): they are the parties of an event already told.
    """
    if trigger.form == "weak" or _definite_unnamed_agent(event) or _unnamed_crowd(event):
        return True
    if trigger.form not in ("noun", "plural"):
        return False
    if trigger.language == "ar":
        return trigger.match.text.lstrip("وفبلك").startswith(("ال", "ل"))
    before = event.evidence.sentence[: trigger.span[0]]
    return bool(_DEFINITE_EN.search(before))


def merge_later_mentions(coded: list[tuple[Event, TriggerHit, bool]]) -> list[Event]:
    """Join later mentions of an event to it; drop mentions that refer to an incident told nowhere.

    ``coded`` holds each event with its main trigger and whether its sentence reports an
    incident (``extract.reporting``) or only refers to one ("after the assassination of ...").
    """
    kept: list[Event] = []
    weak: list[bool] = []  # whether each kept event was named by a killing word
    for event, trigger, reported in coded:
        anaphoric = not reported or _is_anaphoric(event, trigger)
        index = next(
            (
                i
                for i in reversed(range(len(kept)))
                if anaphoric and _continues(kept[i], event, apart=weak[i] or trigger.form == "weak")
            ),
            None,
        )
        if index is None:
            if reported:
                kept.append(event)
                weak.append(trigger.form == "weak")
            continue
        # A casualty word's place is often where the dead were taken ("نقلت القتلى إلى مشفى
        # البوكمال"); only a later event word may say more precisely where it happened.
        kept[index] = _absorb(kept[index], event, refine_place=trigger.form != "weak")
    return kept


_PARTY_ROLES = ("actor1", "actor2", "victim", "facilitator", "beneficiary")


def _top_ids(event: Event, roles: tuple[str, ...]) -> set[str]:
    return {(a.id or "").split(".", 1)[0] for a in event.actors if a.role in roles and a.id}


def _led_away(earlier: Event, later: Event) -> bool:
    """Whether a later arrest word is kidnappers leading their captive away ("اختطف مسلحون تاجرا
    ... واقتاده المسلحون": definite, unnamed agents), which is the abduction told before."""
    return (
        earlier.event_type == "abduction" and later.event_type == "arrest" and _definite_unnamed_agent(later)
    )


def _continues(earlier: Event, later: Event, *, apart: bool = False) -> bool:
    if (
        later.event_type != earlier.event_type
        and not (later.event_type in VIOLENT_TYPES and earlier.event_type in VIOLENT_TYPES)
        and not _led_away(earlier, later)
    ):
        return False
    if later.modality in ("negated", "denied", "hypothetical") and earlier.modality != later.modality:
        return False
    if later.location is not None and earlier.location is not None:
        same_place = (later.location.admin1 or "") == (earlier.location.admin1 or "")
        if not same_place:
            return False
        if (
            apart
            and later.evidence.span == earlier.evidence.span
            and later.location.name != earlier.location.name
        ):
            return False  # deaths the sentence told at a place of their own beside another event
    doers, earlier_doers = _top_ids(later, ("actor1",)), _top_ids(earlier, ("actor1",))
    if doers and earlier_doers and not doers & _top_ids(earlier, _PARTY_ROLES):
        return False  # another party acting ("... برصاص قناص من قسد") tells another incident
    return later.genericity == earlier.genericity


def _absorb(earlier: Event, later: Event, *, refine_place: bool = False) -> Event:
    """Fill what the earlier event lacks from a later mention of it (actors, place, casualties);
    with ``refine_place``, a later place that says more in the same governorate replaces it.

    A later "the attack" names its attacker only with an explicit marker, so its actor1 is
    taken only when the first mention had none.
    """
    present = {a.id for a in earlier.actors if a.id}
    # The copies of one mention told for several places (``extract.coordination``) share spans.
    spans = {(a.role, a.span) for a in earlier.actors}
    has_actor1 = any(a.role == "actor1" for a in earlier.actors)
    actors = earlier.actors + tuple(
        a
        for a in later.actors
        if a.id not in present and (a.role, a.span) not in spans and (a.role != "actor1" or not has_actor1)
    )
    return replace(
        earlier,
        actors=actors,
        location=_finer_place(earlier, later) if refine_place else earlier.location or later.location,
        fatalities=earlier.fatalities or later.fatalities,
        injuries=earlier.injuries or later.injuries,
        casualties=earlier.casualties or later.casualties,
        attribution=earlier.attribution or later.attribution,
    )


# How much a place says: a town over a district over a named area or a governorate.
_PRECISION_RANK = {"point": 4, "admin2": 3, "region": 2, "admin1": 1, "country": 0}


def _rank(place: Place) -> float:
    # An area around a town ("near al-Sukhna") says more than a named region or a district.
    return 3.5 if around_a_point(place) else _PRECISION_RANK.get(place.precision, -1)


def _finer_place(earlier: Event, later: Event) -> Place | None:
    """The earlier mention's place, unless a later one says more in the same governorate
    ("... attacked a convoy in the central desert" + "the attack took place near al-Sukhna")."""
    first, then = earlier.location, later.location
    if first is None or then is None:
        return first or then
    finer = _rank(then) > _rank(first)
    inside = first.admin1 is None or first.admin1 == then.admin1
    return then if finer and inside else first
