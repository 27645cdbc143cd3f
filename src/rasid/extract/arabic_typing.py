"""Settle the types of an Arabic sentence's merged candidates, as ``english_typing`` does for English.

- What a protest is about: a trigger right after a topic word names its cause. "تظاهر الأهالي
  تنديداً بقصف البلدة" reports a protest about a shelling, not a shelling: the shelling may be
  real, but this sentence neither dates nor places it, and coding it would add an incident at
  the protest's place and day. The topic words (``[protest_topic]`` of
  ``lexicons/reporting.toml``: احتجاجاً على، تنديداً، رفضاً، تضامناً مع ...) play the part of
  "in protest at", "denouncing", "against" in English.
- Force against protesters: "أطلقت قوات الأمن النار على المتظاهرين" is the security forces'
  attack on the protesters (ACLED's excessive force against protesters), not that attack and a
  protest by them: a protester word right after "على" and the attack before it joins the attack
  as its target.
- Accidents: killing, injury and blast words in a sentence about a road accident, a gas leak or a
  flood (``disaster_ar`` of ``lexicons/context.toml``) tell the accident, not a conflict event,
  as ``en_disaster`` does for English; a weapon or an attack verb still counts.
- Assassinations: one office holder (a mukhtar, a commander, a council member) shot dead is the
  targeted killing of a specific person (``shooting_ar``, ``shot_at_ar`` and
  ``office_holders_ar`` of ``lexicons/context.toml``), as "shot dead a local council member".
- Bombardment by aircraft: "الطائرات الروسية تقصف بلدات" is an air strike whoever's verb
  "قصف" is; the subject names the aircraft (``aircraft_ar`` of ``lexicons/context.toml``).
  Verb-first forms (قصفت الطائرات) are air-strike triggers of their own.
"""

from __future__ import annotations

from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.candidates import Candidate, word_count
from rasid.extract.installations import absorb_installations as fold_installations
from rasid.extract.lexicon import TriggerHit, context_words
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import normalize_text

PROTEST_TYPES = frozenset({"protest", "riot"})
_TOPIC_GAP = 2  # words between a topic word and the trigger it introduces (احتجاجاً على استمرار قصف)
_HOLDER_WORDS = 3  # words between a killing word and the office holder killed (قتل مسلحون مجهولون القيادي)


@lru_cache(maxsize=1)
def _topic_words() -> PhraseMatcher:
    words = read_toml("lexicons/reporting.toml").get("protest_topic", {}).get("ar", [])
    return PhraseMatcher([(w, "topic") for w in words])


@lru_cache(maxsize=1)
def _aircraft_words() -> PhraseMatcher:
    words = context_words("aircraft", "ar")
    return PhraseMatcher([(w, "aircraft") for w in words])


@lru_cache(maxsize=1)
def _disaster_words() -> PhraseMatcher:
    return PhraseMatcher([(w, "disaster") for w in context_words("disaster", "ar")])


@lru_cache(maxsize=1)
def _blast_words() -> frozenset[str]:
    return frozenset(context_words("blasts", "ar"))


def refine_arabic_types(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """An Arabic sentence's candidates without protest topics and accidents, air strikes typed."""
    kept = drop_protest_topics(text, candidates)
    kept = drop_accidents(text, kept)
    kept = absorb_installations(kept)
    for candidate in kept:
        if candidate.event_type == "shelling" and _shelled_by_aircraft(text, candidate):
            candidate.event_type = "airstrike"
        elif candidate.event_type in ("attack", "attack_on_civilians") and _office_holder_shot(text):
            candidate.event_type = "assassination"
    return kept


@lru_cache(maxsize=1)
def _shooting_cues() -> tuple[PhraseMatcher, PhraseMatcher, frozenset[str]]:
    """The shooting words, the killing or aiming words and the office holders of ``context.toml``."""
    shooting = PhraseMatcher([(w, "shot") for w in context_words("shooting", "ar")])
    aimed = PhraseMatcher([(w, "aimed") for w in context_words("shot_at", "ar")])
    holders = frozenset(normalize_text(w) for w in context_words("office_holders", "ar"))
    return shooting, aimed, holders


def _office_holder_shot(text: str) -> bool:
    """ "قُتل مختار بلدة اليادودة برصاص مسلحين", "أطلق مسلحون النار على عضو المجلس المحلي":
    one person of an office or rank, a few words after a killing word or "النار على", in a
    sentence about shooting, was the target of an assassination (as "shot dead a local council
    member" in English)."""
    shooting, aimed, holders = _shooting_cues()
    if not shooting.find(text):
        return False
    for match in aimed.find(text):
        words = [normalize_text(w) for w in text[match.span[1] :].split()[: _HOLDER_WORDS + 1]]
        for index, word in enumerate(words[:_HOLDER_WORDS]):
            if word in holders or (word[:1] in "وف" and word[1:] in holders):
                # "قتل ضابط وثلاثة عناصر": one of several killed, not a targeted killing
                following = words[index + 1] if index + 1 < len(words) else ""
                return not following.startswith("و")
    return False


def drop_protest_topics(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates without those that only name what the sentence's protest is about.

    Applies only where the sentence has a protest or riot: another candidate goes when each of
    its triggers follows a topic word within ``_TOPIC_GAP`` words.
    """
    if not any(c.event_type in PROTEST_TYPES for c in candidates):
        return candidates
    topics = _topic_words().find(text)
    if not topics:
        return candidates
    return [
        c
        for c in candidates
        if c.event_type in PROTEST_TYPES or not all(_after_topic(text, t.span[0], topics) for t in c.triggers)
    ]


def drop_accidents(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates without those told only by killing, injury or blast words in an accident.

    A candidate with an armed actor1 stays: "قتل شاب برصاص مجهولين بعد حادث سير" is a shooting.
    """
    if not candidates or not _disaster_words().find(text):
        return candidates
    blasts = _blast_words()
    return [
        c
        for c in candidates
        if c.ids("actor1") - {"CIV"}
        or not all(t.form == "weak" or (t.form == "cue" and t.match.phrase in blasts) for t in c.triggers)
    ]


@lru_cache(maxsize=1)
def _installation_words() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in context_words("installations", "ar"))


def absorb_installations(candidates: list[Candidate]) -> list[Candidate]:
    """Checkpoints, posts, bases and convoys named beside a violent event are its targets, not a
    deployment: "هجمات منسقة على حواجز ونقاط لقوات الأمن العام" (``installations_ar`` of
    ``lexicons/context.toml``)."""
    installations = _installation_words()
    return fold_installations(
        candidates,
        violent=_VIOLENCE - {"arrest"},
        names_installation=lambda t: bool(installations & set(normalize_text(t.match.phrase).split())),
    )


_VIOLENCE = frozenset({"attack", "shelling", "airstrike", "attack_on_civilians", "explosive", "arrest"})
_ON_GAP = 5  # "أطلقت قوات الأمن النار على": words from the attack word to the protesters
_OBJECT_GAP = 3  # "اعتقلت قوات الأمن عشرة متظاهرين": a verb's subject (and a count) before its object


def force_against_protesters(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates with a protester word that an attack before it is "on" (على) folded into that
    attack. Run before candidates merge, so that the word joins no protest told before it
    ("خرجت مظاهرة ... وأطلقت قوات النظام النار على المتظاهرين")."""
    kept: list[Candidate] = []
    for candidate in candidates:
        trigger = candidate.trigger
        attack = kept[-1] if kept else None
        if (
            attack is not None
            and attack.event_type in _VIOLENCE
            and candidate.event_type == "protest"
            and trigger.form == "cue"
            and len(candidate.triggers) == 1
            and (_on(text, attack.triggers[-1].span[1], trigger.span[0]) or _object(text, attack, trigger))
        ):
            attack.roles.extend((actor, "actor2") for actor, _ in candidate.roles)
            continue
        kept.append(candidate)
    return kept


def _object(text: str, attack: Candidate, protesters: TriggerHit) -> bool:
    """Whether a protester word is the direct object of the attack verb before it, after at most
    its subject: "هاجم مسلحون المتظاهرين". Not a nominative plural, which is the subject
    ("هاجم متظاهرون السفارة"), nor after a preposition ("النار في الهواء لتفريق المتظاهرين")."""
    verb = attack.triggers[-1]
    between = text[verb.span[1] : protesters.span[0]]
    words = between.split()
    return (
        verb.form == "verb"
        and attack.event_type != "arrest"  # protesters arrested at a protest: the protest stays
        and not protesters.match.text.endswith("ون")
        and len(words) <= _OBJECT_GAP
        and not any(w.startswith(("و", "ل", "في", "ب")) for w in words)
        and not any(mark in between for mark in "،,.؛;")
    )


def _on(text: str, start: int, end: int) -> bool:
    """Whether the words from ``start`` to ``end`` end in "على" (the object of an attack), close by."""
    words = text[start:end].split()
    return bool(words) and words[-1] in ("على", "علي") and len(words) <= _ON_GAP


def in_protest_topic(text: str, start: int) -> bool:
    """Whether a word at ``start`` follows a protest topic word (احتجاجاً على، تنديداً) closely:
    it names what a protest is about."""
    return _after_topic(text, start, _topic_words().find(text))


def _after_topic(text: str, start: int, topics: list[PhraseMatch]) -> bool:
    return any(m.span[1] <= start and word_count(text, m.span[1], start) <= _TOPIC_GAP for m in topics)


_SUBJECT_GAP = 3  # words between an aircraft word and the verb it is the subject of


def _shelled_by_aircraft(text: str, candidate: Candidate) -> bool:
    """Whether the one who shelled is named by an aircraft word (الطائرات الروسية، المروحيات تقصف)."""
    if any(role == "actor1" and _aircraft_words().find(actor.text) for actor, role in candidate.roles):
        return True
    start = candidate.trigger.span[0]
    return any(
        word_count(text, m.span[1], start) <= _SUBJECT_GAP for m in _aircraft_words().find(text[:start])
    )
