"""Participants the actor dictionary cannot name: "gunmen", "الشرطة", "protesters" (id null)."""

from __future__ import annotations

from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.actors import ActorMention
from rasid.text.matcher import PhraseMatcher


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    data = read_toml("lexicons/participants.toml")
    return PhraseMatcher([(w, "") for w in [*data.get("ar", []), *data.get("en", [])]])


def find_participants(text: str, *, known: list[ActorMention]) -> list[ActorMention]:
    """Generic participant words in ``text`` that no dictionary mention covers, as id-less mentions."""
    out: list[ActorMention] = []
    for match in _matcher().find(text):
        if any(m.span[0] < match.span[1] and match.span[0] < m.span[1] for m in known):
            continue
        out.append(ActorMention(match.span, match.text, None, match.text, match.prefix))
    return out
