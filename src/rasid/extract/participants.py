"""Participants the actor dictionary cannot name: "gunmen", "الشرطة", "protesters" (id null).

A participant word, or a strike or aircraft noun, followed by a nationality adjective is read
with it: "قوة إسرائيلية خاصة" is one mention with the Israeli forces' id, "غارة جوية أميركية"
names the US forces, "الشرطة العراقية" keeps its adjective with id null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.actors import ActorDictionary, ActorMention
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import normalize_text

ARMED = "armed"
PEOPLE = "people"
_HEAD = "head"  # a strike or aircraft noun: a participant only with a nationality adjective
_MAX_MODIFIERS = 2
# The next word after a position: spaces, then anything up to a space or punctuation.
_NEXT_WORD = re.compile(r"\s+([^\s،,.:;؛!?()\[\]«»\"“”]+)")
# Adjective endings, longest first: إسرائيليين، إسرائيليون، إسرائيليان، إسرائيلية، إسرائيلي.
_ENDINGS = ("يين", "يون", "يان", "يه", "ي")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    matcher: PhraseMatcher
    modifiers: frozenset[str]
    made: frozenset[str]
    nationality: dict[str, str]  # normalised masculine singular (or broken plural) -> id or ""
    civilian: frozenset[str]  # ``civilian_ar``/``civilian_en``, normalised and lower-cased


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = read_toml("lexicons/participants.toml")
    armed = [(w, ARMED) for w in [*data.get("armed_ar", []), *data.get("armed_en", [])]]
    people = [(w, PEOPLE) for w in [*data.get("ar", []), *data.get("en", [])]]
    heads = [(w, _HEAD) for w in data.get("national_heads_ar", [])]
    return _Lexicon(
        matcher=PhraseMatcher(armed + people + heads),
        modifiers=frozenset(normalize_text(w) for w in data.get("national_modifiers_ar", [])),
        made=frozenset(normalize_text(w) for w in data.get("made_ar", [])),
        nationality={normalize_text(k): v for k, v in data.get("nationality_ar", {}).items()},
        civilian=frozenset(normalize_text(w).lower() for w in [*data["civilian_ar"], *data["civilian_en"]]),
    )


def is_civilian_word(text: str) -> bool:
    """Whether an unnamed participant is plain people (شاب، رجلين، التاجر، villagers): ``civilian_*``."""
    words = _lexicon().civilian
    norm = normalize_text(text).lower()
    return norm in words or (norm.startswith("ال") and norm[2:] in words)


def nationality_of(word: str) -> str | None:
    """The actor id a nationality adjective names ("" for none of ours), or None if it is none.

    Any article, gender and number: "الإسرائيلية", "أميركيين", "الأتراك".
    """
    table = _lexicon().nationality
    text = normalize_text(word)
    for form in (text, text[2:] if text.startswith("ال") and len(text) > 4 else None):
        if form is None:
            continue
        if form in table:
            return table[form]
        for ending in _ENDINGS:
            if form.endswith(ending) and len(form) > len(ending) + 2:
                found = table.get(form[: -len(ending)] + "ي")
                if found is not None:
                    return found
    return None


def _with_nationality(text: str, match: PhraseMatch, lex: _Lexicon) -> tuple[int, str | None] | None:
    """Where the adjective after ``match`` ends and the id it names, or None without one."""
    position, modifiers = match.span[1], 0
    while True:
        found = _NEXT_WORD.match(text, position)
        if found is None:
            return None
        word = found.group(1)
        actor_id = nationality_of(word)
        if actor_id is not None:
            after = _NEXT_WORD.match(text, found.end())
            if after is not None and normalize_text(after.group(1)) in lex.made:
                return None  # "صواريخ روسية الصنع": where a weapon was made, not who used it
            return found.end(), actor_id or None
        if modifiers >= _MAX_MODIFIERS or normalize_text(word) not in lex.modifiers:
            return None
        modifiers += 1
        position = found.end()


def find_participants(
    text: str, *, known: list[ActorMention], actors: ActorDictionary | None = None
) -> list[tuple[ActorMention, bool]]:
    """Generic participant words in ``text`` that no dictionary mention covers: (mention, armed).

    The mention has id null, unless a nationality adjective that names one of our actors
    follows (``participants.toml``: ``nationality_ar``); its name comes from ``actors`` (the
    bundled dictionary by default), the dictionary the extractor codes with.
    """
    lex = _lexicon()
    out: list[tuple[ActorMention, bool]] = []
    for match in lex.matcher.find(text):
        start, end = match.span
        actor_id: str | None = None
        national = _with_nationality(text, match, lex) if match.value != PEOPLE else None
        if national is not None:
            end, actor_id = national
        elif match.value == _HEAD:
            continue
        if any(m.span[0] < end and start < m.span[1] for m in known):
            continue
        words = text[start:end]
        name = words
        if actor_id is not None:
            entry = (actors or ActorDictionary.load_default()).entry(actor_id)
            name = entry.name if entry is not None else words
        out.append((ActorMention((start, end), words, actor_id, name, match.prefix), match.value != PEOPLE))
    return out
