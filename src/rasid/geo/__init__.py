"""geo stage: the gazetteer and toponym resolution (place names in text -> ``Place`` records)."""

from rasid.geo.gazetteer import Gazetteer, GazetteerEntry
from rasid.geo.resolve import find_places, resolve_place, shift_point

__all__ = ["Gazetteer", "GazetteerEntry", "find_places", "resolve_place", "shift_point"]
