"""What kind of statement an event is: modality and genericity (ontology §2)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasid.data import read_toml
from rasid.extract.lexicon import TriggerHit, modality_cues
from rasid.records import TimeValue
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import normalize_text
from rasid.text.numbers import find_numbers, number_words

_WORD = re.compile(r"\S+")
_HYPOTHETICAL_WINDOW = 6


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """The modality and genericity cues found in one sentence (spans into the sentence)."""

    negated: tuple[PhraseMatch, ...]
    denied: tuple[PhraseMatch, ...]
    hypothetical: tuple[PhraseMatch, ...]
    claimed: tuple[PhraseMatch, ...]
    alleged: tuple[PhraseMatch, ...]
    recurring: tuple[PhraseMatch, ...]
    counter_accusation: tuple[PhraseMatch, ...] = ()


@lru_cache(maxsize=1)
def _negation_window() -> int:
    return int(read_toml("lexicons/modality.toml")["negated"].get("window", 4))


def find_cues(sentence: str, *, language: str) -> SentenceCues:
    """Find every cue group in ``sentence`` once, for all its events."""
    groups = modality_cues().find(sentence, language=language)

    def found(name: str) -> tuple[PhraseMatch, ...]:
        return tuple(groups[name])

    void = groups["not_cue"]

    def meant(name: str) -> tuple[PhraseMatch, ...]:
        # "لم يتردد في قصف", "من أجل ذلك": the cue word of such a phrase counts for nothing.
        return tuple(c for c in groups[name] if not any(_inside(c, phrase) for phrase in void))

    return SentenceCues(
        negated=meant("negated"),
        denied=found("denied") + _rejected_charges(sentence, language),
        hypothetical=meant("hypothetical"),
        claimed=meant("claimed"),
        alleged=found("alleged"),
        recurring=found("recurring"),
        counter_accusation=found("counter_accusation"),
    )


@lru_cache(maxsize=2)
def _rejection_words(language: str) -> tuple[PhraseMatcher, PhraseMatcher, int]:
    """The rejecting verbs, the words for charges, and how many words may stand between them."""
    denied = read_toml("lexicons/modality.toml")["denied"]
    side = "ar" if language == "ar" else "en"
    return (
        PhraseMatcher({w: "rejecting" for w in denied[f"rejecting_{side}"]}),
        PhraseMatcher({w: "charges" for w in denied[f"charges_{side}"]}),
        int(denied["pair_window"]),
    )


def _rejected_charges(sentence: str, language: str) -> tuple[PhraseMatch, ...]:
    """A rejecting verb with the charges a few words after it, as one denial cue (verb to charges)."""
    verbs, charges, window = _rejection_words(language)
    named = charges.find(sentence)  # rarer than the verbs: most sentences stop here
    if not named:
        return ()
    found = []
    for verb in verbs.find(sentence):
        charge = next(
            (
                c
                for c in named
                if c.span[0] >= verb.span[1] and _words_between(sentence, verb.span[1], c.span[0]) <= window
            ),
            None,
        )
        if charge is not None:
            span = (verb.span[0], charge.span[1])
            text = sentence[span[0] : span[1]]
            found.append(PhraseMatch(span, text, f"{verb.phrase} … {charge.phrase}", "denied", verb.prefix))
    return tuple(found)


def _inside(cue: PhraseMatch, phrase: PhraseMatch) -> bool:
    return phrase.span[0] <= cue.span[0] and cue.span[1] <= phrase.span[1]


def _words_between(sentence: str, start: int, end: int) -> int:
    return len(_WORD.findall(sentence[start:end])) if end > start else 10**6


def _before_within(sentence: str, cues: Sequence[PhraseMatch], trigger: TriggerHit, words: int) -> bool:
    return any(
        c.span[1] <= trigger.span[0] and _words_between(sentence, c.span[1], trigger.span[0]) <= words
        for c in cues
    )


def judge_modality(
    sentence: str,
    *,
    cues: SentenceCues,
    trigger: TriggerHit,
    purpose_blocked: bool,
    collusion: bool,
) -> str:
    """asserted | claimed | alleged | denied | negated | hypothetical for one trigger.

    ``purpose_blocked`` is true when an Arabic ل before a nominal trigger is a preposition
    (تعرضت لهجوم) rather than a purpose (لضرب). ``collusion`` marks help given to a declared
    adversary: such reports are accusations unless a party claims them.
    """
    if any(c.span[1] <= trigger.span[0] for c in cues.denied):
        # "... denied responsibility for the shelling and accused the factions": theirs, alleged
        countered = any(c.span[0] >= trigger.span[1] for c in cues.counter_accusation)
        return "alleged" if countered else "denied"
    if _is_question(sentence):
        return "hypothetical"  # a question asks whether, it does not report
    if _before_within(sentence, cues.negated, trigger, _negation_window()):
        return "negated"
    purpose = (
        trigger.language == "ar"
        and trigger.form in ("noun", "plural")
        and trigger.match.prefix.endswith("ل")
        and not purpose_blocked
    )
    if purpose or _before_within(sentence, cues.hypothetical, trigger, _HYPOTHETICAL_WINDOW):
        return "hypothetical"
    if cues.claimed:
        return "claimed"
    if any(c.span[0] < trigger.span[0] for c in cues.alleged) or collusion:
        return "alleged"  # "accused X of ...": a "suspected member" after the verb is not one
    return "asserted"


@lru_cache(maxsize=1)
def _question_start() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in read_toml("lexicons/context.toml")["question_starts_ar"])
    return re.compile(rf"^\W*(?:{words})(?!\w)")


def _is_question(sentence: str) -> bool:
    stripped = sentence.rstrip(" \"'»”)")
    return stripped.endswith(("?", "؟")) or bool(_question_start().match(sentence))


def judge_genericity(
    *, cues: SentenceCues, trigger: TriggerHit, time: TimeValue, counted: bool = False
) -> str:
    """specific | recurring: a pattern cue, or a series noun (هجمات، attacks) not dated to a day or
    week; ``counted`` is a singular noun counted as several ("140 هجوماً انتحارياً"), a series too."""
    if cues.recurring:
        return "recurring"
    if (trigger.form == "plural" or counted) and time.precision not in ("day", "week"):
        return "recurring"
    return "specific"


def counted_as_several(sentence: str, start: int) -> bool:
    """Whether a number of two or more ends right before ``start`` ("140 هجوماً", "حوالي 30 غارة")."""
    before = sentence[max(0, start - 24) : start]
    last = before.rsplit(None, 1)[-1:] if before[-1:].isspace() else []
    if not last or not (any(c.isdigit() for c in last[0]) or _last_word_key(last[0]) in number_words()):
        return False  # most nouns follow no number: spare the number reader
    numbers = find_numbers(before)
    if not numbers or before[numbers[-1].span[1] :].strip():
        return False
    least = numbers[-1].min if numbers[-1].min is not None else numbers[-1].count
    return least is not None and least >= 2


def _last_word_key(word: str) -> str:
    """A word as the number vocabulary holds it: normalised, lowercased, without و/ف."""
    key = normalize_text(word).lower()
    return key[1:] if key[:1] in "وف" and len(key) > 3 else key
