"""Places joined by coordination: one action told for several places is one event per place.

"Shelling targets Idlib and Hama", "airstrikes hit X, Y and Z": as ACLED codes them, one event
per location, with the same type, parties and time. The project's gold convention
(``tests/quality/README.md``) codes one event per incident, type and governorate, so places of
one governorate ("قصف على بلدتي X وY" in one governorate) stay one event, at the first place.
This module only finds the places of such a list; ``extract.events`` makes the events.

Places that play different roles are not a list: "from X towards Y" (origin and target),
"between X and Y" (a front line or a road), "X, Y" or "X and its countryside" where Y holds X
(one place, the more precise one is kept).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from rasid.records import Event, Place, Sentence

# What may stand between two places of one list: a comma and/or "and", then maybe a repeated
# preposition or a place word ("the town of"). Anything else (a verb, a number, an unknown
# name, "in" alone) ends the list. Group "and" says whether the link has a conjunction.
_GAP_EN = re.compile(
    r"^\s*(?:(?P<and>(?:,\s*)?(?:and|as\s+well\s+as|&))\s+|,\s*)"
    r"(?:(?:in|on|at|near|targeting|against)\s+)?(?:the\s+)?"
    r"(?:(?:towns?|villages?|cit(?:y|ies)|areas?|neighbou?rhoods?|districts?)\s+of\s+)?"
    # "... and areas in Daraa al-Balad": a place word, then its preposition
    r"(?:(?:other\s+)?(?:towns?|villages?|areas?|positions?|sites?)\s+(?:in|near|around)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_GAP_AR = re.compile(
    r"^\s*(?:(?P<and>(?:[،,]\s*)?و)|[،,])\s*(?:(?:في|على|ب)\s*)?"
    r"(?:(?:ال)?(?:بلدة|مدينة|قرية|حي|منطقة|بلدات|مدن|قرى|أحياء|مناطق)\s+)?"
    # "... ومناطق في درعا البلد": a place word, then its preposition
    r"(?:(?:ال)?(?:بلدات|قرى|مناطق|مواقع|نقاط)\s+(?:في|ب)\s*)?$"
)
# A list that follows these words is one place between its names, or where an action comes from.
_NOT_TARGET_EN = re.compile(r"\b(?:from|between|out\s+of)\s+(?:the\s+)?\S*\s*$", re.IGNORECASE)
# "في كل من X وY" (in each of X and Y) is a list of targets all the same.
_NOT_TARGET_AR = re.compile(r"(?:^|\s)(?<!كل )(?:من|بين)\s+\S*\s*$")

_BROADER = frozenset({"admin2", "region", "admin1"})


def _link(text: str, left: Place, right: Place, *, language: str) -> str | None:
    """How two places are joined: "and" (a conjunction), "comma" (a comma alone) or None."""
    if left.span is None or right.span is None or right.span[0] < left.span[1]:
        return None
    found = (_GAP_AR if language == "ar" else _GAP_EN).match(text[left.span[1] : right.span[0]])
    if found is None:
        return None
    return "and" if found.group("and") else "comma"


def _encloses(outer: Place, inner: Place) -> bool:
    """Whether ``outer`` is an area that holds ``inner`` (its governorate, district or countryside)."""
    if outer.precision not in _BROADER or outer.admin1 is None or outer.admin1 != inner.admin1:
        return False
    if outer.precision == "admin2":
        return inner.precision == "point" and outer.admin2 == inner.admin2
    if outer.precision == "region":
        return inner.precision == "point"
    return inner.precision != "admin1"


def _same_place(a: Place, b: Place) -> bool:
    if a.key is not None and a.key == b.key:
        return True
    return a.lat is not None and a.lat == b.lat and a.lon == b.lon


def coordinated_places(text: str, places: list[Place], index: int, *, language: str) -> list[Place]:
    """The places listed with ``places[index]`` as the target or location of one action, in order.

    ``text`` is the sentence the place spans point into; ``places`` are its place mentions in
    order. Returns ``[places[index]]`` alone when the place is in no list, when the list
    follows "from" or "between" (an origin, a front line), and keeps out a place that holds
    another of the list ("Kafr Zita, Hama": one place), repeats of one place and every place
    after the first of its governorate.
    """
    links = [_link(text, a, b, language=language) for a, b in pairwise(places)]
    first = last = index
    while first > 0 and links[first - 1]:
        first -= 1
    while last < len(links) and links[last]:
        last += 1
    # A comma alone joins a list only before its "and" ("X, Y and Z"); at the end of one it
    # opens an apposition: "Mohassan, south-east of Deir ez-Zor", "Kafr Zita, Hama".
    while last > first and links[last - 1] == "comma":
        last -= 1
    if not first <= index <= last or first == last:
        return [places[index]]
    head = places[first]
    before = text[: head.span[0]] if head.span else ""
    before = before[-40:]
    if (_NOT_TARGET_AR if language == "ar" else _NOT_TARGET_EN).search(before):
        return [places[index]]
    group = places[first : last + 1]
    kept: list[Place] = []
    for place in group:
        if place.precision in ("country", "unknown") or any(_same_place(place, k) for k in kept):
            continue
        if any(place.admin1 == k.admin1 for k in kept):
            continue  # one event per governorate
        if any(_encloses(place, other) for other in group if other is not place):
            continue
        kept.append(place)
    return kept or [places[index]]


def one_event_per_place(
    event: Event,
    sentence: Sentence,
    places: list[Place],
    *,
    language: str,
    weak: bool,
    event_id: Callable[[tuple[int, int]], str],
) -> list[Event]:
    """``event``, and one copy for each further place listed with its place (one per governorate).

    ``places`` are the event's own place mentions in ``sentence`` (offsets into the sentence);
    ``weak``: its trigger is a mere killing word. The copies share type, parties and time; the
    casualties stay with the first event, as one toll told for a list cannot be split and must
    never be counted twice. ``event_id`` gives a copy's id from its place span in the document,
    so ids stay deterministic and distinct; the first event keeps its own.
    """
    location = event.location
    if location is None or location.span is None or len(places) < 2:
        return [event]
    if weak or event.modality != "asserted":
        # "killed in X and Y" may be where the dead were taken; a threat against X and Y is one.
        return [event]
    offset = sentence.start
    local = (location.span[0] - offset, location.span[1] - offset)
    index = next((i for i, p in enumerate(places) if p.span == local), None)
    if index is None:
        return [event]  # the place came from the lede, not from this sentence
    listed = coordinated_places(sentence.text, places, index, language=language)
    if len(listed) < 2:
        return [event]

    def shifted(place: Place) -> Place:
        span = (place.span[0] + offset, place.span[1] + offset) if place.span else None
        return replace(place, span=span)

    # The first event takes the list's first place: the more precise one where the nearest
    # place was an area holding another place of the list.
    out = [event if listed[0] is places[index] else replace(event, location=shifted(listed[0]))]
    for place in listed[1:]:
        moved = shifted(place)
        assert moved.span is not None
        out.append(
            replace(
                event,
                id=event_id(moved.span),
                location=moved,
                fatalities=None,
                injuries=None,
                casualties=None,
            )
        )
    return out
