"""Who did what to whom: role assignment for the actors around one trigger.

The rules read the words between the trigger and each actor (``gap``): agent markers
(من قبل، على يد، by), target markers (على، ضد، on, against), partitives after casualty
words (قتلى من قوات الأسد), coordination (قوات الأسد والميليشيات الإيرانية), genitives
after nominal triggers (هجمات تنظيم داعش، هجوم لخلايا داعش), Arabic verb-subject-object
and English subject-verb-object order, and passives (were attacked by; تعرضت ... لهجوم).
An actor with no cue keeps no guessed role beyond what word order gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rasid.data import read_toml
from rasid.extract.actors import ActorDictionary, ActorMention, top_level
from rasid.extract.lexicon import TriggerHit, trigger_lexicon
from rasid.text.normalize import normalize_text
from rasid.text.numbers import number_words

# Event types with one main participant: unmarked actors act, they are not acted on.
ONE_PARTY_TYPES = frozenset({"sweep_operation", "deployment", "withdrawal", "protest", "riot", "other"})
_WORD = re.compile(r"[^\s،,.:;؛]+")
# Events between two sides (a protest may turn into one), where "with" names the opponent.
_TWO_SIDED = frozenset({"clash", "riot", "protest"})
# Events done to people: a count right after their verb is whom they were done to.
_DONE_TO_PEOPLE = frozenset({"arrest", "abduction"})
# "4 ISIS members killed", "two soldiers dead": the people before these words are the victims.
# The most words a marker phrase that must end a gap has ("suspected of being members of").
_LONGEST_MARKER = 6
_ENGLISH_RESULT = re.compile(r"(?:ed|dead|died|deaths|casualties|fatalities)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Markers:
    agent: tuple[str, ...]
    target: tuple[str, ...]
    target_phrases: frozenset[str]
    partitive: tuple[str, ...]
    exposure: tuple[str, ...]
    passive: frozenset[str]
    passive_aux: frozenset[str]
    coordinators: frozenset[str]
    beneficiary: tuple[str, ...]
    accusation: frozenset[str]
    relative: frozenset[str]
    head_of: tuple[str, ...]
    opponent: frozenset[str]
    remains: frozenset[str]
    cell: frozenset[str]
    finding: tuple[str, ...]
    denial: tuple[str, ...]
    charge: tuple[str, ...]
    identity: frozenset[str]
    membership: tuple[str, ...]
    holder: tuple[str, ...]
    partner: tuple[str, ...]
    responsibility: tuple[str, ...]
    charged_back: tuple[str, ...]
    demand: tuple[str, ...]
    custody: tuple[str, ...]
    custody_after: tuple[str, ...]
    killing_verbs: frozenset[str]
    object_ends: frozenset[str]


@lru_cache(maxsize=2)
def _markers(language: str) -> _Markers:
    data = read_toml("lexicons/roles.toml")["ar" if language == "ar" else "en"]

    def norm(key: str) -> tuple[str, ...]:
        return tuple(" ".join(_words(w)) for w in data.get(key, []))

    return _Markers(
        agent=norm("agent"),
        target=norm("target"),
        target_phrases=frozenset(p for p in norm("target") if " " in p),
        partitive=norm("partitive"),
        exposure=norm("exposure"),
        passive=frozenset(norm("passive")),
        passive_aux=frozenset(norm("passive_aux")),
        coordinators=frozenset(norm("coordinators")),
        beneficiary=norm("beneficiary"),
        accusation=frozenset(norm("accusation")),
        relative=frozenset(norm("relative")),
        head_of=norm("head_of"),
        opponent=frozenset(norm("opponent")),
        remains=frozenset(norm("remains")),
        cell=frozenset(norm("cell")),
        finding=norm("finding"),
        denial=norm("denial"),
        charge=norm("charge"),
        identity=frozenset(norm("identity")),
        membership=norm("membership"),
        holder=norm("holder"),
        partner=norm("partner"),
        responsibility=norm("responsibility"),
        charged_back=norm("charged_back"),
        demand=norm("demand"),
        custody=norm("custody"),
        custody_after=norm("custody_after"),
        killing_verbs=frozenset(norm("killing_verbs")),
        object_ends=frozenset(norm("object_ends")),
    )


@lru_cache(maxsize=32)
def _words(text: str) -> tuple[str, ...]:
    """The normalised words of ``text`` (cached: one trigger's rules read the same gaps several times)."""
    # The accusative alef (حاجزاً -> حاجزا) does not change what a marker word means.
    return tuple(
        [w[:-1] if len(w) > 3 and w.endswith("ا") else w for w in _WORD.findall(normalize_text(text))]
    )


_ENGLISH_TOKEN = re.compile(r"[A-Za-z]+")


def _english_passive_aux(sentence: str, start: int, trigger: TriggerHit, markers: _Markers) -> bool:
    """Whether one of the two English words before the trigger makes it passive ("were attacked").

    A progressive ("were attacking") is active, and "IS" in capitals in a sentence that is not
    all capitals is the Islamic State, not a verb ("IS executes a man").
    """
    if trigger.match.text.split(" ", 1)[0].lower().endswith("ing"):
        return False
    before = sentence[start : trigger.span[0]]
    shouting = not any(c.islower() for c in sentence)
    tokens = _ENGLISH_TOKEN.findall(before)[-2:]
    return any(token.lower() in markers.passive_aux and (shouting or not token.isupper()) for token in tokens)


@lru_cache(maxsize=1)
def _english_object_words() -> frozenset[str]:
    """Words that open an object noun phrase: determiners, quantities and number words."""
    numbers = read_toml("lexicons/numbers.toml")["english"]["words"]
    return frozenset(
        [
            "a",
            "an",
            "the",
            "his",
            "her",
            "their",
            "its",
            "some",
            "several",
            "dozens",
            "scores",
            "hundreds",
            "thousands",
            "tens",
            "more",
            "about",
            "around",
            "nearly",
            "over",
            *numbers,
        ]
    )


def _english_object_after(sentence: str, end: int) -> bool:
    """Whether an object follows an English killing word: "militants killed 5 soldiers" is
    active, "5 soldiers killed in the attack" is not."""
    rest = sentence[end:].lstrip(" ")
    if rest[:1].isdigit():
        return True
    word = _ENGLISH_TOKEN.match(rest)
    return word is not None and word.group().lower() in _english_object_words()


@lru_cache(maxsize=64)
def _phrase_index(phrases: tuple[str, ...]) -> tuple[dict[str, tuple[tuple[str, ...], ...]], frozenset[str]]:
    """The phrases by first word (each with the words that follow it), and the set of phrases.

    Cached per marker list: a gap is then looked up word by word instead of phrase by phrase.
    """
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        first, *rest = phrase.split(" ")
        by_first.setdefault(first, []).append(tuple(rest))
    return {first: tuple(rests) for first, rests in by_first.items()}, frozenset(phrases)


def _has(words: Sequence[str], phrases: tuple[str, ...], *, strip_clitics: bool) -> bool:
    """Whether one of ``phrases`` stands in ``words`` as whole words, or (``strip_clitics``) a
    one-word phrase after a conjunction (و، ف) glued to it."""
    if not words:
        return "" in phrases  # an empty phrase is all an empty gap holds
    by_first, whole = _phrase_index(phrases)
    if not by_first.keys().isdisjoint(words):
        for index, word in enumerate(words):
            for rest in by_first.get(word, ()):
                if not rest or tuple(words[index + 1 : index + 1 + len(rest)]) == rest:
                    return True
    if strip_clitics:
        after_conjunction = {w[1:] for w in words if w[:1] in "وف" and len(w) > 2}
        return not after_conjunction.isdisjoint(whole)
    return False


def _object_of_english_killing(lead: Sequence[str], markers: _Markers) -> bool:
    """Whether an English actor stands in the object of an active killing verb a few words before
    it: "killed a senior Hurras al-Din leader", "killed two HTS fighters", the ones killed."""
    words = [w.lower() for w in lead[-4:]]
    for index in range(len(words) - 1, -1, -1):
        if words[index] in markers.killing_verbs:
            return index > 0 and words[index - 1] not in markers.passive_aux
        if words[index] in markers.object_ends:
            return False
    return False


# Events that a party holding people in custody does to them (torture, killing).
_DONE_IN_CUSTODY = frozenset({"attack_on_civilians", "attack"})


def _in_custody_of(sentence: str, gap: Sequence[str], actor: ActorMention, markers: _Markers) -> bool:
    """Whether ``actor`` is named as the holder of a place of custody: after a custody word at the
    end of the gap before it ("في سجون النظام"), by its own first word ("الأفرع الأمنية"), or, in
    English, right before a custody noun ("in a regime prison")."""
    if _has(gap[-3:], markers.custody, strip_clitics=False):
        return True
    own = _words(actor.text)
    if own and _has(own[:1], markers.custody, strip_clitics=False):
        return True
    if markers.custody_after:
        after = _words(sentence[actor.span[1] : actor.span[1] + 30])
        return any(after[: len(p.split(" "))] == tuple(p.split(" ")) for p in markers.custody_after)
    return False


def _ends_with(text: str, phrases: frozenset[str]) -> bool:
    """Whether the last one or two words of ``text`` are one of ``phrases`` (normalised words)."""
    return _ends_in(_words(text), phrases)


def _ends_in(words: Sequence[str], phrases: frozenset[str], *, longest: int = 2) -> bool:
    """Whether the last one to ``longest`` of these normalised words are one of ``phrases``."""
    return any(" ".join(words[-n:]) in phrases for n in range(1, longest + 1) if len(words) >= n)


def _is_coordination(gap: str, markers: _Markers) -> bool:
    stripped = gap.strip()
    if not stripped:
        return True
    words = _words(stripped)
    if not words:  # only punctuation (a comma)
        return True
    return all(w in markers.coordinators for w in words)


def _classify(gap: str, actor: ActorMention, markers: _Markers, *, language: str) -> str:
    words = _words(gap)
    if _ends_in(words, markers.target_phrases, longest=_LONGEST_MARKER):
        return "target"  # "to hunt down IS cells": the phrase right before wins over its "to"
    if _has(words, markers.agent, strip_clitics=language == "ar"):
        return "agent"
    if _has(words, markers.beneficiary, strip_clitics=language == "ar"):
        return "beneficiary"
    if _has(words, markers.target, strip_clitics=language == "ar"):
        return "target"
    if words and words[-1] in markers.partitive:
        return "partitive"
    return "none"


def assign_roles(
    sentence: str,
    *,
    language: str,
    trigger: TriggerHit,
    event_type: str,
    before: Sequence[ActorMention],
    after: Sequence[ActorMention],
    segment_start: int,
    counted: frozenset[tuple[int, int]] = frozenset(),
    instrument: tuple[int, int] | None = None,
) -> list[tuple[ActorMention, str]]:
    """Roles (actor1, actor2, facilitator, beneficiary, victim) for the actors of one trigger.

    ``before``/``after`` are the actor mentions of the trigger's segment on either side of it,
    in text order; spans are offsets into ``sentence``. ``counted`` holds the spans of actors
    that a casualty figure counts (the people killed or hurt): in an event with two sides
    they are acted on, unless an agent marker (من قبل، على يد) says otherwise. ``instrument``
    is the span of the weapon a verb was done with ("بعبوة ناسفة"): it stands between the
    verb's actors without separating them.
    """
    markers = _markers(language)
    t_start, t_end = trigger.span
    # Arabic killing words are mostly nouns (مقتل، قتلى); English ones are verbs (kills, killed).
    is_noun = trigger.form in ("noun", "plural") or (trigger.form == "weak" and language == "ar")
    # Read only where the exposure test below looks at it: an Arabic ل before the trigger.
    pre_context: Sequence[str] = ()
    if trigger.match.prefix.endswith("ل"):
        pre_context = _words(sentence[max(segment_start, t_start - 40) : t_start])
    passive = (
        " ".join(_words(trigger.match.text)) in markers.passive
        or (
            language == "en"
            and trigger.form == "weak"
            and _ENGLISH_RESULT.search(trigger.match.text) is not None
            and not _english_object_after(sentence, t_end)
        )
        or (
            language == "en"
            and _english_passive_aux(sentence, max(segment_start, t_start - 40), trigger, markers)
        )
        or (trigger.match.prefix.endswith("ل") and _has(pre_context, markers.exposure, strip_clitics=True))
        # The trigger phrase itself may hold the exposure verb: "القوات تعرضت لهجوم".
        or (language == "ar" and " " in trigger.match.text and _starts_with_exposure(trigger.match.text))
    )
    # A verb that agrees with a plural subject (اغتالوا، هاجموا) has its subject before it:
    # Arabic verbs before their subject stay singular, so what follows is the object.
    # (Whatever form the lexicon gives the word: خطفوا is listed under the noun خطف.)
    plural_verb = language == "ar" and trigger.form != "weak" and _is_plural_verb(trigger.match.text)
    # An Arabic verb trigger of one word: its subject, if any, follows it (not "استهدفت طائرة
    # مسيرة", whose subject is inside the trigger phrase).
    bare_verb = language == "ar" and trigger.form == "verb" and " " not in trigger.match.text.strip()
    labels: dict[int, str] = {}
    accused = _accused(sentence, trigger, before, markers, segment_start=segment_start, language=language)
    if accused is not None:
        before = [a for a in before if id(a) in accused]
        labels.update(dict.fromkeys(accused, "agent"))

    # Actors after the trigger, left to right.
    anchor = t_end
    previous: str | None = None
    # An unnamed group and the named party it is of ("وفصائل من الجيش السوري"): one side.
    belongs_to: dict[int, ActorMention] = {}
    trigger_words = _words(trigger.match.text)
    in_demand = False
    for index, actor in enumerate(after):
        settled = False  # a custodian, or a party named in a demand: whatever a casualty count says
        gap = sentence[anchor : actor.span[0]]
        if instrument is not None and anchor <= instrument[0] and instrument[1] <= actor.span[0]:
            gap = sentence[anchor : instrument[0]] + sentence[instrument[1] : actor.span[0]]
        words = _words(gap)
        gap_words = len(words)
        if previous is not None and _ends_in(words, markers.identity, longest=_LONGEST_MARKER):
            label = previous  # "مسلحون يعتقد أنهم من خلايا داعش": who the party before is believed to be
        elif _has(words, markers.charge, strip_clitics=False):
            label = "finder"  # named in the charge ("بتهمة التعامل مع خلايا داعش"): no party
        elif _accused_after(sentence, words, actor, markers):
            label = "agent"  # "نفت قسد ... القصف، متهمة الفصائل بالوقوف خلفه": the accused did it
        elif event_type in ("protest", "riot") and (
            in_demand or _has((*trigger_words, *words), markers.demand, strip_clitics=language == "ar")
        ):
            # (the trigger may open the demand itself: "احتجاجاً على مقتل شاب برصاص عناصر الأمن")
            label = "finder"  # named in the demand ("تطالب بخروج الميليشيات الإيرانية"): no party
            settled = in_demand = True  # and so is every party named after it
        elif _has(words[-6:], markers.partner, strip_clitics=language == "ar"):
            # "بالتعاون مع التحالف", "in a joint operation with the coalition": acts with the agent,
            # which it does not replace ("the SDF said it had captured ... with the coalition")
            label = "partner"
        elif event_type in _DONE_IN_CUSTODY and _in_custody_of(sentence, words, actor, markers):
            label = "agent"  # "توفي معتقل تحت التعذيب في سجون النظام": who held him did it
            settled = True
        elif _has(words[-6:], markers.holder, strip_clitics=False):
            label = "target"  # "shelled villages held by the SDF": who holds the place struck
        elif language == "ar" and _belongs(gap, markers):
            # "دورية تابعة لإدارة الأمن العام": the force the patrol belongs to; but in "ضد مركز
            # تابع لقوات ..." the thing that belongs is no actor, and the gap tells the role
            owned = len([w for w in words if w != "ل"])  # the words for what belongs
            if previous is not None and owned == 1:
                label = previous
                belongs_to[id(after[index - 1])] = actor  # "ومسلحين موالين للنظام البائد": one side
            elif previous is None and index == 0 and bare_verb and not passive and owned == 2:
                label = "agent"  # "هاجمت خلايا تابعة لتنظيم داعش": the group of the verb's subject
            else:
                label = _classify(gap, actor, markers, language=language)
        elif language != "ar" and _has(words[-4:], markers.membership, strip_clitics=False):
            label = previous or "partitive"  # "the dead belonged to X": X's people
        elif event_type in _TWO_SIDED and 1 <= gap_words <= 3 and words[-1].lower() in markers.opponent:
            # "اشتبك المتظاهرون مع الجنود", "معارك عنيفة مع فصائل المعارضة": the other side, not
            # a partner (an adjective or two of the trigger may stand before "مع")
            label = "target"
        elif previous is not None and gap_words == 1 and words[0].lower() in markers.partitive:
            label = previous  # "دورية من الأمن العسكري", "قناص من قوات النظام": whose men they are
            belongs_to[id(after[index - 1])] = actor
        elif (
            previous is not None
            and actor.prefix == "ل"
            and gap.strip() in ("", "ل")  # the span may start after the ل or include it (للفرقة)
            and after[index - 1].id is None
        ):
            label = previous  # "دورية لإدارة الأمن العام": the force an unnamed patrol belongs to
        elif (
            index == 0
            and (gap_words <= 1 or (gap_words == 2 and words[-1] in markers.partitive))
            and " ".join(_words(trigger.match.text)) in markers.agent
        ):
            # the trigger is itself an agent marker: "برصاص خلايا التنظيم", and the head of a
            # construct after it is the shooter's too: "برصاص عناصر الجندرما"، "برصاص قناص من قسد"
            label = "agent"
        elif index == 0 and gap_words == 0 and _ends_with(trigger.match.text, markers.remains):
            label = "target"  # "عثر على جثة شاب": whose body it is
        elif index == 0 and gap_words <= 1 and _ends_with(trigger.match.text, markers.cell):
            label = "target"  # "تفكيك خلية لتنظيم داعش": whose cell was taken
        elif (
            previous == "agent"
            and index >= 1
            and all(labels[id(a)] == "agent" for a in after[:index])
            and gap_words == 0
            and bare_verb
            and not passive
            and "و" not in actor.prefix
            and not gap.strip()
        ):
            # verb-subject-object: "هاجم مسلحون دورية": the noun after the subject (and after
            # the force the subject belongs to: "اعتقلت دورية للأمن العام شابين")
            label = "target"
        elif previous is not None and _is_coordination(gap, markers):
            label = previous
        elif event_type == "withdrawal" and language == "ar" and actor.prefix.endswith("ل"):
            label = "target"  # "تسليم مواقعها لقوات الحكومة": whom the places were handed to
        elif _has(words, markers.head_of, strip_clitics=False):
            label = "agent"  # "القوة التي سيطرت ... وعلى رأسها الميليشيات": heads the party that acted
        else:
            label = _classify(gap, actor, markers, language=language)
            if (
                bare_verb
                and index == 0
                and not before
                and gap_words == 2
                and not (passive or plural_verb)
                and is_partitive_of_people(sentence, actor.span[0])
            ):
                label = "agent"  # "هاجمت عناصر من قوات النظام": members of X are the VSO subject
            elif label == "none" and language == "ar" and "ل" in actor.prefix and gap_words <= 1 and is_noun:
                label = "beneficiary" if event_type == "facilitation" else "agent"
            elif label == "none" and index == 0 and gap_words <= 3:
                if (
                    trigger.form == "weak"
                    and language == "ar"
                    and gap_words == 0
                    and len(after) > 1
                    and _nominative_plural(actor)
                ):
                    # "قتل مسلحون مجهولون شابين": a sound plural in -ون right after the verb, with
                    # an object after it, is the subject (a passive has no object)
                    label = "agent"
                elif passive:
                    label = "target"
                elif (
                    language == "ar"
                    and gap_words == 0
                    and (actor.id is None or actor.id.startswith("CIV"))
                    and (
                        (is_noun and event_type in _DONE_TO_PEOPLE and not _nominative_plural(actor))
                        or (trigger.form == "verb" and _oblique_person(actor))
                    )
                ):
                    # "باعتقال شابين": whom an arrest or abduction was done to (but "خطف مسلحون"
                    # is a verb and its subject); "واعتقلت شابين": a subject is nominative, so
                    # people in the oblique case are the object
                    label = "none"
                elif plural_verb or (
                    language == "ar"
                    and _has_number(gap)
                    and (
                        is_noun
                        or (segment_start > 0 and "و" in trigger.match.prefix)
                        or event_type in _DONE_TO_PEOPLE
                    )
                ):
                    # "اغتالوا رجلا", "بخطف سبعة جنود": the object; a count names whom it was done to,
                    # also after a verb joined (و) to an earlier trigger whose subject it shares
                    # ("داهمت دورية ... واعتقلت ثلاثة شبان") and after an arrest or abduction verb
                    # ("القوات اعتقلت ستة أشخاص").
                    label = "none"
                elif (language == "ar" and trigger.form != "weak") or (
                    is_noun and event_type in ONE_PARTY_TYPES
                ):
                    # VSO subject, or genitive after a nominal trigger; after a killing word
                    # (مقتل شاب، بقتل عنصرين) the genitive is the one killed.
                    label = "agent"
        if counted and actor.span in counted and event_type not in ONE_PARTY_TYPES and not settled:
            label = _counted_label(gap, actor, markers, language=language)
        labels[id(actor)] = label
        previous = label
        anchor = actor.span[1]

    # An English verb in the active voice: a past form only with an object after it, since a
    # headline drops the auxiliary of a passive ("2 members of the factions assassinated on a road").
    active_subject = (
        language == "en"
        and trigger.form == "verb"
        and not passive
        and (not trigger.match.text.lower().endswith("ed") or _english_object_after(sentence, t_end))
    )
    # Actors before the trigger, right to left (nearest first).
    anchor = t_start
    previous = None
    for actor in reversed(before):
        if id(actor) in labels:
            continue  # the accused of an allegation
        gap = sentence[actor.span[1] : anchor]
        lead = sentence[max(segment_start, actor.span[0] - 30) : actor.span[0]]
        lead_words = _words(lead)
        if trigger.form == "verb" and is_relative_gap(gap, language):
            label = "agent"  # the antecedent of "التي سيطرت" / "who attacked" is its subject
        elif _denies(lead_words, _words(gap), markers):
            label = "speaker"  # "نفى المركز الإعلامي لقسد اعتقال ...", "the SDF denied arresting"
        elif _found_remains(lead_words, _words(gap), markers):
            label = "finder"  # "عثر الأهالي على جثة شاب", "residents found the body of": no party
        elif _ends_in(lead_words, markers.remains):
            label = "target"  # "... على جثة شاب مقتولاً": whose body it is
        elif (
            language == "ar"
            and previous is not None
            and not _words(gap)
            and lead_words[-1:]
            and lead_words[-1] in markers.killing_verbs
            and _nominative_plural(actor)
        ):
            # "قتل مسلحون مجهولون القيادي ... بإطلاق النار": a killing verb, its subject (a
            # nominative plural), then its object; not two names of one side
            label = "agent"
        elif previous is not None and _is_coordination(gap, markers):
            label = previous
        elif _has(lead_words, markers.exposure, strip_clitics=True):
            label = "target"
        elif _has(lead_words[-4:], markers.partner, strip_clitics=language == "ar"):
            label = "partner"  # "نفذت قسد بمساندة من طيران التحالف ... واعتقلت": acts with the agent
        elif _partitive_lead(lead_words, markers) and not (active_subject and not _words(gap)):
            # "5 members of X were killed": X's people were hurt; but "members of a Bedouin tribe
            # abducted a merchant": the subject of an active verb right after it acted
            label = "partitive"
        elif language == "en" and _object_of_english_killing(lead_words, markers):
            label = "target"  # "US forces killed a senior Hurras al-Din leader in a drone strike"
        elif language == "ar" and lead_words[-1:] == ("بين",) and event_type not in _TWO_SIDED:
            # "بين المعتقلين شبان ... بعد سيطرة قوات النظام": "among" them, no party; only
            # between two sides of a clash does بين name parties
            label = "finder"
        else:
            lead_label = _classify(lead_words[-1] if lead_words else "", actor, markers, language=language)
            label = lead_label if lead_label in ("agent", "target") else "none"
        if counted and actor.span in counted and event_type not in ONE_PARTY_TYPES:
            label = _counted_label(lead, actor, markers, language=language)
        labels[id(actor)] = label
        previous = label
        anchor = actor.span[0]
    # "Gunmen believed to be from ISIS ambushed ...": who the party before is believed to be
    # shares its role (read left to right, once the party's own role is known).
    for left, right in pairwise(before):
        if _ends_in(
            _words(sentence[left.span[1] : right.span[0]]), markers.identity, longest=_LONGEST_MARKER
        ):
            labels[id(right)] = labels[id(left)]

    return _resolve(
        before,
        after,
        labels,
        event_type=event_type,
        passive=passive,
        language=language,
        verbal=not is_noun,
        belongs_to=belongs_to,
    )


@lru_cache(maxsize=256)
def _starts_with_exposure(text: str) -> bool:
    """Whether an Arabic trigger phrase opens with an exposure verb ("تعرضت لهجوم")."""
    words = _words(text)[:1]
    return bool(words) and _has(words, _markers("ar").exposure, strip_clitics=True)


@lru_cache(maxsize=256)
def _is_plural_verb(text: str) -> bool:
    """Whether an Arabic verb carries a plural subject ending (اغتالوا، فجروا، هاجمن)."""
    words = normalize_text(text).split()  # not _words: it drops the final alef
    return bool(words) and len(words[0]) > 3 and words[0].endswith("وا")


def _has_number(gap: str) -> bool:
    """Whether the words of ``gap`` hold a number (digits or an Arabic number word)."""
    numbers = number_words(("arabic",))
    return any(w.isdigit() or w in numbers or w[1:] in numbers for w in _words(gap))


def _counted_label(lead: str, actor: ActorMention, markers: _Markers, *, language: str) -> str:
    """The people a casualty figure counts were acted on, unless a marker names them the agent."""
    return "agent" if _classify(lead, actor, markers, language=language) == "agent" else "target"


_ACCUSED_OF_EN = frozenset({"of", "for"})
_ARTICLES_EN = frozenset({"a", "an", "the"})


def _accused(
    sentence: str,
    trigger: TriggerHit,
    before: Sequence[ActorMention],
    markers: _Markers,
    *,
    segment_start: int,
    language: str,
) -> set[int] | None:
    """The actors an accusation names as doing the event (ids of mentions), or None.

    "اتهم ناشطون عناصر من الميليشيا بقتل شاب", "X accused Y of shelling": the actors between
    the accusation verb and a trigger governed by ب / "of" are the accused; an actor right
    after the verb, with others after it, is the accuser, a source rather than a participant.
    """
    accusation = markers.accusation
    if not before or not any(
        w in accusation or (w[:1] in "وف" and w[1:] in accusation)
        for w in _words(sentence[segment_start : trigger.span[0]])
    ):
        return None  # no accusation verb before the trigger (the common case, read once)
    verb_end = None
    for match in _WORD.finditer(sentence, segment_start, trigger.span[0]):
        word = normalize_text(match.group()).lower()
        if word in markers.accusation or (word[:1] in "وف" and word[1:] in markers.accusation):
            verb_end = match.end()
    if verb_end is None:
        return None
    if language == "ar":
        governed = trigger.match.prefix.endswith("ب")
    else:
        previous = _words(sentence[max(segment_start, trigger.span[0] - 12) : trigger.span[0]])
        governed = bool(previous) and previous[-1].lower() in _ACCUSED_OF_EN
    # "اتهموا عناصر من الميليشيا بقتل شاب تحت التعذيب": the charge may be a killing word before
    # the trigger; the accused stand between the verb and it.
    charge = (
        trigger.span[0]
        if governed
        else _responsibility_start(sentence, verb_end, trigger.span[0], markers)
        or _charge_start(sentence, verb_end, trigger.span[0], language)
    )
    if charge is None:
        return None
    after_verb = [a for a in before if verb_end <= a.span[0] and a.span[1] <= charge]
    if len(after_verb) > 1 and len(_words(sentence[verb_end : after_verb[0].span[0]])) == 0:
        after_verb = after_verb[1:]  # the accuser
    return {id(a) for a in after_verb} or None


def _responsibility_start(sentence: str, start: int, end: int, markers: _Markers) -> int | None:
    """Where words charging the accused with responsibility start between an accusation verb
    and the trigger ("بالوقوف وراء", "مسؤولية", "of being behind"), or None."""
    matches = list(_WORD.finditer(sentence, start, end))
    words = [normalize_text(m.group()).lower() for m in matches]
    for index in range(len(words)):
        if any(" ".join(words[index : index + n]) in markers.responsibility for n in (1, 2, 3)):
            return matches[index].start()
    return None


def _charge_start(sentence: str, start: int, end: int, language: str) -> int | None:
    """Where the first killing or event word governed by ب / "of" after an accusation verb
    starts, between ``start`` and ``end`` (the trigger), or None."""
    lexicon = trigger_lexicon()
    previous = ""
    for match in _WORD.finditer(sentence, start, end):
        word = match.group()
        if language == "ar" and word.startswith("ب") and lexicon.find(word[1:], language="ar"):
            return match.start()
        if language != "ar" and previous.lower() in _ACCUSED_OF_EN and lexicon.find(word, language="en"):
            return match.start()
        previous = word
    return None


def _resolve(
    before: Sequence[ActorMention],
    after: Sequence[ActorMention],
    labels: dict[int, str],
    *,
    event_type: str,
    passive: bool,
    language: str,
    verbal: bool,
    belongs_to: dict[int, ActorMention] | None = None,
) -> list[tuple[ActorMention, str]]:
    one_party = event_type in ONE_PARTY_TYPES
    has_agent = any(v == "agent" for v in labels.values())
    agent_after = any(labels[id(a)] == "agent" for a in after)
    party_agent = any(
        labels[id(a)] == "agent" and a.id and not a.id.startswith("CIV") for a in (*before, *after)
    )
    out: list[tuple[ActorMention, str]] = []
    # Unmarked actors before the trigger: the subject, unless the clause is passive.
    for actor in before:
        label = labels[id(actor)]
        if label == "partner":
            label = "agent"
        if label == "speaker":
            # Who denies an act is its alleged doer, unless the sentence names another party as doer.
            label = "finder" if party_agent else "agent"
        if label == "none" and language == "ar" and verbal and agent_after:
            continue  # verb-subject-object: the subject follows; what precedes belongs to another clause
        if label == "none":
            if passive:
                label = "target"
            elif one_party or not has_agent:
                label = "agent"
            else:
                label = "target"
        if label == "partitive":
            label = "agent" if one_party else "target"
        out.append((actor, label))
    for actor in after:
        label = labels[id(actor)]
        if label == "partner":
            label = "agent"
        if label == "none":
            label = "agent" if one_party and not has_agent else "target"
        if label == "partitive":
            label = "agent" if one_party else "target"
        out.append((actor, label))
    roles = [(actor, _role_name(label, actor, event_type)) for actor, label in out]
    if event_type == "clash":
        roles = _split_sides(roles, belongs_to or {})
    return roles


def _split_sides(
    roles: list[tuple[ActorMention, str]], belongs_to: dict[int, ActorMention]
) -> list[tuple[ActorMention, str]]:
    """Clashes between A and B: the first side named is actor1, the others actor2.

    A clash has two sides even where no rule named an agent ("سقط قتلى من عناصر الفصائل خلال
    اشتباكات مع قوات النظام": both were read as acted on): when two of the sides named are
    adversaries (``[[adversaries]]`` of the actor dictionary), the first named is actor1.
    A group without an id named first ("بين الفصائل الدرزية وقوات الأمن العام") is the first
    side, unless it is of a party named right after it ("فصائل من الجيش الوطني"); such a group
    (``belongs_to``) is on its party's side.
    """
    sides = _sides_of(roles, belongs_to)
    if not belongs_to:
        return sides
    side = {id(a): r for a, r in sides}
    return [
        (a, side.get(id(belongs_to[id(a)]), r) if a.id is None and id(a) in belongs_to else r)
        for a, r in sides
    ]


def _sides_of(
    roles: list[tuple[ActorMention, str]], belongs_to: dict[int, ActorMention]
) -> list[tuple[ActorMention, str]]:
    """The two sides of ``_split_sides`` before the groups of a party join it."""
    doers = sorted((a for a, r in roles if r == "actor1"), key=lambda a: a.span[0])
    if (
        doers
        and doers[0].id is None
        and id(doers[0]) not in belongs_to
        and any(a.id for a in doers[1:])
        and not any(r == "actor2" for _, r in roles)
    ):
        lead = doers[0]
        return [(a, "actor2" if r == "actor1" and a is not lead and a.id else r) for a, r in roles]
    first = next((top_level(a.id) for a, r in roles if r == "actor1" and a.id), None)
    if first is None:
        sides = sorted(
            (a for a, r in roles if r == "actor2" and a.id and not a.id.startswith("CIV")),
            key=lambda a: a.span[0],
        )
        if not sides:
            return roles
        first = top_level(sides[0].id)
        # Only sides that fight each other: "fighting with HTS and allied factions" names one side.
        dictionary = ActorDictionary.load_default()
        if first is None or not any(dictionary.are_adversaries(first, a.id or "") for a in sides[1:]):
            return roles
        roles = [(a, "actor1" if r == "actor2" and top_level(a.id) == first else r) for a, r in roles]
    roles = [(a, "actor2" if r == "actor1" and a.id and top_level(a.id) != first else r) for a, r in roles]
    if not any(r == "actor2" for _, r in roles):
        # "اشتباكات بين قوات الأمن العام وفصائل محلية": with no other side named, a group the
        # dictionary does not know, named after the first side, is the other side.
        start = min(a.span[0] for a, r in roles if r == "actor1" and top_level(a.id) == first)
        roles = [
            (a, "actor2" if r == "actor1" and a.id is None and a.span[0] > start else r) for a, r in roles
        ]
    return roles


def _accused_after(sentence: str, gap: Sequence[str], actor: ActorMention, markers: _Markers) -> bool:
    """Whether an actor after the trigger is accused of it: an accusation word right before it,
    and words charging it with the event told before ("بالوقوف خلفه", "of carrying it out")
    within a few words after it."""
    last = gap[-1] if gap else ""
    if not (last in markers.accusation or (last[:1] in "وف" and last[1:] in markers.accusation)):
        return False
    following = _words(sentence[actor.span[1] : actor.span[1] + _CHARGE_WINDOW])
    return _has(following, markers.charged_back, strip_clitics=False)


_CHARGE_WINDOW = 60  # characters after an accused party in which its charge may stand


def _belongs(gap: str, markers: _Markers) -> bool:
    """Whether an Arabic gap ends in a word of belonging (تابعة ل، ينتمون إلى) before the actor."""
    words = [w for w in _words(gap) if w not in ("ل", "الى", "إلى")]
    return bool(words) and _has(words[-1:], markers.membership, strip_clitics=False)


def _oblique_person(actor: ActorMention) -> bool:
    """Whether an Arabic mention starts with a noun in the oblique or accusative case: a dual or
    sound plural in -ين (شابين، مدنيين) or an accusative in -ا (شابا، رجلا), which no subject takes."""
    words = normalize_text(actor.text).split()
    return bool(words) and (
        (len(words[0]) > 4 and words[0].endswith("ين")) or (len(words[0]) > 3 and words[0].endswith("ا"))
    )


def _nominative_plural(actor: ActorMention) -> bool:
    """Whether an Arabic mention starts with a sound masculine plural in the nominative (مسلحون)."""
    words = normalize_text(actor.text).split()
    return bool(words) and len(words[0]) > 4 and words[0].endswith("ون")


def _partitive_lead(lead: Sequence[str], markers: _Markers) -> bool:
    """Whether the words before an actor end in a partitive ("من", "of", "of an")."""
    words = list(lead)
    if words and words[-1].lower() in _ARTICLES_EN:
        words.pop()  # "fighters of an Iranian-backed militia"
    return bool(words) and words[-1] in markers.partitive


def _denies(lead: Sequence[str], gap: Sequence[str], markers: _Markers) -> bool:
    """Whether an actor is who denies the event: a denial verb up to three words before it
    (VSO: "نفى المركز الإعلامي لقسد") or right after it, between it and the trigger (SVO)."""
    words = [w for w in lead if len(w) > 1]  # not the proclitic of the mention (ل in لقسد)
    return _has(words[-3:], markers.denial, strip_clitics=True) or _has(
        gap[:1], markers.denial, strip_clitics=True
    )


def _found_remains(lead: Sequence[str], gap: Sequence[str], markers: _Markers) -> bool:
    """Whether an actor found a body: a finding verb right before it (VSO) or after it, and the
    body between it and the trigger."""
    body = next((i for i in range(len(gap)) if _ends_in(gap[: i + 1], markers.remains)), None)
    if body is None:
        return False
    return _has(lead[-1:], markers.finding, strip_clitics=True) or _has(
        gap[:body][:2], markers.finding, strip_clitics=True
    )


def _role_name(label: str, actor: ActorMention, event_type: str) -> str:
    if label == "finder":
        return "other"  # found the body, named in the charge, or denied what another did
    top = (actor.id or "").split(".", 1)[0]
    if top == "CIV" and event_type not in ("protest", "riot"):
        return "victim"  # civilians are the ones harmed, never the armed side
    if label == "agent":
        return "actor1"
    if label == "beneficiary" or (label == "target" and event_type == "facilitation"):
        return "beneficiary"
    if top == "CIV":
        return "victim"
    return "actor2"


def is_relative_gap(gap: str, language: str) -> bool:
    """Whether ``gap`` is just a relative pronoun (التي، الذي، who, which): "القوات التي سيطرت"."""
    words = _words(gap)
    return len(words) == 1 and words[0].lower() in _markers(language).relative


def follows_exposure_verb(sentence: str, start: int) -> bool:
    """True when an Arabic exposure verb (تعرض، عرضة) shortly precedes ``start``: ل there is a preposition."""
    words = _words(sentence[max(0, start - 60) : start])[-6:]
    return _has(words, _markers("ar").exposure, strip_clitics=True)


def is_partitive_of_people(sentence: str, start: int) -> bool:
    """True for "عناصر من X", "fighters of X": X names the side whose members are counted."""
    words = _words(sentence[max(0, start - 40) : start])[-3:]
    markers = _markers("ar") if any("\u0600" <= c <= "\u06ff" for c in "".join(words)) else _markers("en")
    if len(words) < 2 or words[-1] not in markers.partitive:
        return False
    # English target markers are phrases with their preposition ("members of").
    return (
        words[-2] in markers.target
        or words[-2].lstrip("وف") in markers.target
        or " ".join(words[-2:]).lower() in markers.target
    )
