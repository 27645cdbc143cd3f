"""Areas named right beside a place: the area that says a point is elsewhere, the area that
only repeats where a place is ("X in the countryside of Y"), and the area that owns the place
named after it ("Syria's al-Bab").

Pure functions over the ``Place`` list that ``rasid.geo.resolve.find_places`` builds, in text order.
"""

from __future__ import annotations

import re

from rasid.records import Place

_ENCLOSING_PRECISIONS = frozenset({"admin1", "admin2", "region"})
# What may stand between a place and the area said to hold it: a comma, "في", "ب", "in".
_ENCLOSING_GAP = re.compile(r"^[\s,،(]*(?:في|ب|بـ|in)?[\s,،]*$", re.IGNORECASE)


def drop_misplaced(text: str, places: list[Place]) -> list[Place]:
    """Drop a point that the area named right after it says is elsewhere.

    "قرية الحميدية بريف القنيطرة", "Hamidiyah, Quneitra countryside": the text puts the village
    in Quneitra; when the only Hamidiyah the gazetteer knows (and chose, context considered)
    lies in another governorate, it is another place of that name, and the area stays.
    """
    kept: list[Place] = []
    for index, place in enumerate(places):
        after = places[index + 1] if index + 1 < len(places) else None
        if (
            after is not None
            and place.precision == "point"
            and after.precision in _ENCLOSING_PRECISIONS
            and place.span is not None
            and after.span is not None
            and after.admin1
            and place.admin1
            and place.admin1 != after.admin1
            and _ENCLOSING_GAP.match(text[place.span[1] : after.span[0]])
        ):
            continue
        kept.append(place)
    return kept


# What may stand between a place and the area that holds it: "X, Y countryside", "X town in the
# countryside of Y", "قرية X في ريف Y", "بلدة X بريف Y".
_HOLDING_GAP = re.compile(
    r"^[\s,،(]*(?:(?:town|city|village|towns|villages|area|camp)\s+)?(?:في|ب|بـ|in|within)?\s*(?:the\s+)?[\s,،]*$",
    re.IGNORECASE,
)


def drop_enclosing(text: str, places: list[Place]) -> list[Place]:
    """Drop an area named right after a place it holds: the place says more.

    "Jabal al-Akrad in the northern countryside of Latakia", "قرية الحميدية بريف حماة": one
    location, the more precise one; the area adds nothing the place's admin1/admin2 do not, and
    an event told after the pair ("... witnesses clashes") should not take the area because it
    stands nearer. Only a gazetteer point or named region, and an area of its governorate (and
    district, for a district) that follows it with nothing but a comma, "in (the)" or a place
    word between.
    """
    kept: list[Place] = []
    for place in places:
        before = kept[-1] if kept else None
        if (
            before is not None
            and before.span is not None
            and place.span is not None
            and place.precision in _ENCLOSING_PRECISIONS
            and not around_a_point(place)
            # "بادية الميادين شرقي دير الزور": an area around a town is inside its governorate too
            and (_precise_place(before) or around_a_point(before))
            and before.admin1 is not None
            and place.admin1 == before.admin1
            and (place.precision != "admin2" or place.admin2 == before.admin2)
            and _HOLDING_GAP.match(text[before.span[1] : place.span[0]])
        ):
            continue
        kept.append(place)
    return kept


# "Syria's", "Idlib's": the area owns the place named right after it.
# "Syria's al-Bab", "Syria's northeastern Hasakah province" (a compass adjective may follow).
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+(?:the\s+)?(?:[a-z-]+ern\s+)?$", re.IGNORECASE)


def drop_possessors(text: str, places: list[Place]) -> list[Place]:
    """Drop a place that owns the place named right after it: "near Syria's al-Bab", "Idlib's
    Saraqib", "Damascus's Jobar", "northern Syria's Aleppo province". The owned place says more,
    and a relative word before the owner ("near") is about it. Only the country or a part of it
    (no governorate) or a place of the owned place's own governorate.
    """
    kept: list[Place] = []
    for index, place in enumerate(places):
        after = places[index + 1] if index + 1 < len(places) else None
        if (
            after is not None
            and place.span is not None
            and after.span is not None
            and (
                _precise_place(after)
                # "northern Syria's Aleppo province": a province of a country or a part of it
                or (place.admin1 is None and after.precision in ("admin1", "admin2"))
            )
            and (place.admin1 is None or place.admin1 == after.admin1)
            and _POSSESSIVE_GAP.match(text[place.span[1] : after.span[0]])
        ):
            continue
        kept.append(place)
    return kept


# Kinds of gazetteer entries that are points: the area "near" one of them holds no other place.
_POINT_KINDS = ("town.", "village.", "nbh.", "landmark.", "oilfield.")


def around_a_point(place: Place) -> bool:
    """An area derived around a point ("on the outskirts of Saraqib"): it holds no other town."""
    key = place.key or ""
    return "@" in key and key.startswith(_POINT_KINDS)


def _precise_place(place: Place) -> bool:
    """A point, or a named region of the gazetteer (not one derived from a relative expression)."""
    return place.precision == "point" or (place.precision == "region" and "@" not in (place.key or "@"))
