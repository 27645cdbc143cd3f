"""Participants the actor dictionary cannot name: "gunmen", "الشرطة", "protesters" (id null)."""

from __future__ import annotations

from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.actors import ActorMention
from rasid.text.matcher import PhraseMatcher

ARMED = "armed"
PEOPLE = "people"


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    data = read_toml("lexicons/participants.toml")
    armed = [(w, ARMED) for w in [*data.get("armed_ar", []), *data.get("armed_en", [])]]
    people = [(w, PEOPLE) for w in [*data.get("ar", []), *data.get("en", [])]]
    return PhraseMatcher(armed + people)


def find_participants(text: str, *, known: list[ActorMention]) -> list[tuple[ActorMention, bool]]:
    """Generic participant words in ``text`` that no dictionary mention covers: (id-less mention, armed)."""
    out: list[tuple[ActorMention, bool]] = []
    for match in _matcher().find(text):
        if any(m.span[0] < match.span[1] and match.span[0] < m.span[1] for m in known):
            continue
        out.append(
            (ActorMention(match.span, match.text, None, match.text, match.prefix), match.value == ARMED)
        )
    return out
