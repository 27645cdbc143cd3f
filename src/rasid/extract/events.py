"""The rule-based extractor: one document in, v1 events out.

Per sentence: find triggers, actors, places, times and casualty words; give each trigger
its actors by role; merge triggers that describe the same event (هجمات ... الهجمات ...
استهدافها); then judge modality and genericity and pick the place and time nearest to the
trigger. Every field keeps the span of the words it came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache, partial

from rasid.data import data_path, read_toml
from rasid.extract.actors import ActorDictionary, ActorMention, top_level
from rasid.extract.arabic_typing import (
    PROTEST_TYPES,
    force_against_protesters,
    in_protest_topic,
    refine_arabic_types,
)
from rasid.extract.attribution import find_attribution
from rasid.extract.candidates import (
    Candidate,
    attach_bystanders,
    build_candidates,
    counted_sides,
    merge_candidates,
    overlaps,
    refers_back,
    with_proclitics,
)
from rasid.extract.casualties import CasualtyMention, CasualtySide, assign_sides, find_casualties
from rasid.extract.coordination import one_event_per_place
from rasid.extract.coreference import is_definite_party, merge_later_mentions
from rasid.extract.lexicon import (
    VIOLENT_TYPES,
    TriggerHit,
    TriggerLexicon,
    context_words,
    trigger_lexicon,
    type_mappings,
)
from rasid.extract.modality import (
    SentenceCues,
    counted_as_several,
    find_cues,
    judge_genericity,
    judge_modality,
)
from rasid.extract.participants import find_participants, is_civilian_word
from rasid.extract.report_model import IncidentModel, incident_model
from rasid.extract.reporting import reporting_cues, reports_incident
from rasid.extract.roles import follows_exposure_verb
from rasid.geo.control import held_by
from rasid.geo.resolve import find_places
from rasid.records import (
    ActorRef,
    Attribution,
    Document,
    Event,
    Evidence,
    Place,
    Quantity,
    Sentence,
    SideCount,
    TimeValue,
)
from rasid.resolve.time import find_times, since_then
from rasid.text.dateline import dateline_place
from rasid.text.matcher import PhraseMatcher
from rasid.text.normalize import normalize_text
from rasid.text.sentences import split_sentences

EXTRACTOR = "rasid.rules/0.1"
CODED_LANGUAGES = ("ar", "en")
_NEEDS_PARTIES = frozenset({"facilitation"})
_ARMED_ONLY = frozenset({"withdrawal", "deployment"})


@dataclass(slots=True)
class _DocumentContext:
    """What the lede of a document says, for events whose own sentence is silent."""

    place: Place | None = None
    time: TimeValue | None = None
    first_sentence_start: int = 0
    text_sha256: str = ""  # the document's, hashed once for the ids of all its events
    dateline: tuple[int, int] | None = None  # the place words of a dateline ("DAMASCUS, July 15 -")


@lru_cache(maxsize=1)
def coder_version() -> str:
    """What codes a document, as stored beside it: the rules, the judge and their knowledge.

    ``rasid.rules/0.1+rasid.incident-ar/1@<digest>``: the digest covers every knowledge file the
    extractor reads (lexicons, actors, ontology, gazetteer, models), so that editing a lexicon
    makes the next ``rasid run`` re-code stored documents, with the change logged.
    """
    digest = hashlib.sha256()
    for name in sorted(_knowledge_files()):
        digest.update(name.encode("utf-8"))
        digest.update(data_path(name).read_bytes())
    return f"{EXTRACTOR}+{incident_model().label}@{digest.hexdigest()[:12]}"


def _knowledge_files() -> list[str]:
    names = ["actors.toml", "ontology.toml"]
    for folder in ("lexicons", "gazetteer", "models"):
        for entry in data_path(folder).iterdir():
            if entry.name.endswith((".toml", ".tsv", ".json")):
                names.append(f"{folder}/{entry.name}")
    return names


def extract_events(
    document: Document,
    *,
    actors: ActorDictionary | None = None,
    lexicon: TriggerLexicon | None = None,
    use_model: bool = True,
) -> list[Event]:
    """Code every event of ``document`` (Arabic or English; other languages give no events).

    ``use_model=False`` leaves out the learned incident judge (``extract.report_model``): the
    rules alone decide, as when the judge itself is trained.
    """
    if document.language not in CODED_LANGUAGES or not document.text.strip():
        return []
    actors = actors or ActorDictionary.load_default()
    lexicon = lexicon or trigger_lexicon()
    model = incident_model() if use_model and document.language == "ar" else None
    sentences = split_sentences(document.text)
    context = _lede_context(document, sentences[:2])
    coded: list[tuple[Event, TriggerHit, bool]] = []
    seen: set[str] = set()
    for sentence in sentences:
        for event, trigger, reported in _sentence_events(
            document, sentence, context, actors=actors, lexicon=lexicon, model=model
        ):
            if event.id not in seen:
                seen.add(event.id)
                coded.append((event, trigger, reported))
    return merge_later_mentions(coded)


def _not_in_dateline(places: list[Place], sentence: Sentence, context: _DocumentContext) -> list[Place]:
    """The places but the one a dateline names: where the report was filed, not what it tells."""
    if context.dateline is None:
        return places
    start, end = context.dateline
    return [
        p
        for p in places
        if p.span is None or (sentence.start + p.span[0], sentence.start + p.span[1]) != (start, end)
    ]


def _lede_context(document: Document, lede: Sequence[Sentence]) -> _DocumentContext:
    context = _DocumentContext(
        first_sentence_start=lede[0].start if lede else 0,
        text_sha256=document.text_sha256,
        dateline=dateline_place(document.text, document.language),
    )
    for sentence in lede:
        if context.place is None:
            places = _not_in_dateline(find_places(sentence.text), sentence, context)
            if places:
                best = min(places, key=lambda p: _PRECISION_RANK.get(p.precision, 9))
                context.place = _shift_place(best, sentence.start)
        if context.time is None:
            for time in find_times(sentence.text, published=document.published):
                if time.start and time.precision in ("day", "week"):
                    context.time = _shift_time(time, sentence.start)
                    break
    return context


_PRECISION_RANK = {"point": 0, "admin2": 1, "region": 2, "admin1": 3, "country": 4, "unknown": 5}


def _sentence_events(
    document: Document,
    sentence: Sentence,
    context: _DocumentContext,
    *,
    actors: ActorDictionary,
    lexicon: TriggerLexicon,
    model: IncidentModel | None = None,
) -> list[tuple[Event, TriggerHit, bool]]:
    """The events of one sentence, each with its main trigger and whether it reports an incident."""
    text, language = sentence.text, document.language
    triggers = lexicon.find(text, language=language)
    # "the trial over the killing of ...": an event told elsewhere; it keeps its own time and toll.
    referenced = [t for t in triggers if t.referenced]
    triggers = [t for t in triggers if not t.referenced]
    # What is reported starts at its first event or casualty word; a source phrase ends there.
    stops = [t.span[0] for t in triggers]
    killing_words = [t for t in triggers if t.form == "weak"]
    killing = bool(killing_words)  # قتلوا، killed: violence told beside the triggers
    if any(t.form not in _SUPPORTING_FORMS for t in triggers):
        triggers = [t for t in triggers if t.form != "weak"]
    if not killing and any(t.form == "cue" and t.event_type == "airstrike" for t in triggers):
        # "تحليق مكثف لطائرات حربية", "helicopters hovered over the town": flying is no strike.
        flights = [m.span for m in _overflight_words(language).find(text)]
        triggers = [t for t in triggers if not (flights and _flies_over(text, t, flights, language))]
    if not triggers:
        return []
    times = find_times(text, published=document.published)
    # فجر اليوم is "at dawn today", not "detonated": words inside a time expression trigger nothing,
    # nor does a part of the day right before one (فجر الجمعة: the time holds only the weekday).
    triggers = [
        t
        for t in triggers
        if not any(tm.span and overlaps(t.span, tm.span) for tm in times)
        and not _part_of_day_before(text, t, times)
    ]
    if not triggers:
        return []
    when = next((t.start for t in times if t.start), None) or document.published
    casualties = find_casualties(text)
    if referenced:
        # "arrested a man involved in the killing of two civilians": that toll is the other event's
        casualties = [c for c in casualties if not any(overlaps(c.cue_span, t.span) for t in referenced)]
    # "أفاد ناشطون بوفاة شاب": a casualty word ends the source phrase too.
    stops += [c.cue_span[0] for c in casualties]
    attribution = find_attribution(text, language=language, stops=stops)
    source = attribution.span if attribution is not None else None
    # Who says so (بحسب ناشطين، the SDF said) is a source, not a participant.
    found = actors.find(text, when=when)
    mentions = [m for m in found if source is None or not _inside(m.span, source)]
    # The parties the source names: a party reporting its own act claims it (_sourced_by_its_doer).
    source_ids = frozenset(
        m.id.split(".", 1)[0] for m in found if m.id and source is not None and _inside(m.span, source)
    )
    generic = [
        (m, is_armed)
        for m, is_armed in find_participants(text, known=mentions, actors=actors)
        if source is None or not _inside(m.span, source)
    ]
    armed = any(m.id and not m.id.startswith("CIV") for m in mentions) or any(
        is_armed for _, is_armed in generic
    )
    mentions = sorted(mentions + [m for m, _ in generic], key=lambda m: m.span[0])
    armed_words = frozenset(m.span for m, is_armed in generic if is_armed)
    places = _not_in_dateline(
        find_places(text, held=held_by((m.id for m in mentions if m.id), when)), sentence, context
    )
    # A word of a place's name triggers nothing: "سهل الغاب" (the Ghab plain) is no "facilitated".
    named = [p.span for p in places if p.span]
    triggers = [t for t in triggers if not any(_inside(t.span, span) for span in named)]
    if not triggers:
        return []
    elsewhere = _deaths_elsewhere(text, killing_words, triggers, places, times)
    if elsewhere:
        triggers = sorted([*triggers, *elsewhere], key=lambda t: t.span)
    if killing and armed and _burned_by_killers(triggers, text, language):
        # "قتلوا ثلاثة عناصر وأحرقوا آلية": armed men who kill and burn attack, they do not riot.
        not_riot = [t for t in triggers if t.event_type != "riot"]
        triggers = not_riot + [
            t for t in killing_words if not any(tm.span and overlaps(t.span, tm.span) for tm in times)
        ]
        triggers.sort(key=lambda t: t.span)
    triggers = _supported(
        triggers,
        armed=armed,
        places=places,
        weapon=_weapon_words(language),
        occurred=lambda: bool(casualties) or reporting_cues().has_occurrence(text, language=language),
        gathered=lambda: reporting_cues().has_gathering(text, language=language),
    )
    if not armed:
        # Without an armed party, "evacuated" and "mobilized" are about floods and fires.
        triggers = [t for t in triggers if t.event_type not in _ARMED_ONLY]
    if not triggers:
        return []
    side_list = assign_sides(text, casualties, mentions) if casualties else []
    candidates = build_candidates(
        text, language, triggers, mentions, counted=counted_sides(casualties, side_list)
    )
    if language == "ar":
        candidates = force_against_protesters(text, candidates)
    candidates = merge_candidates(
        text, candidates, [p.span for p in places if p.span], frozenset(t.span for t in elsewhere)
    )
    if language == "ar":
        candidates = refine_arabic_types(text, candidates)
    if not candidates:
        return []  # every trigger named something else (a flood, a drug bust, a website)
    cues = find_cues(text, language=language)
    sides = {id(c): side for c, side in zip(casualties, side_list, strict=True)}
    if language == "ar" and all(c.event_type in PROTEST_TYPES for c in candidates):
        # "احتجاجاً على مقتل شاب برصاص عناصر الأمن": the death is what the protest is about
        casualties = [c for c in casualties if not in_protest_topic(text, c.cue_span[0])]
    assigned = _assign_casualties(candidates, casualties)
    timed = _assign_times(candidates, times, referenced)
    kept = [
        index
        for index, candidate in enumerate(candidates)
        if _codable(
            candidate, has_toll=bool(assigned.get(index)), has_time=bool(timed.get(index)), places=places
        )
        and not (
            candidate.trigger.form == "cue"
            and len(candidates) > 1
            and not (candidate.roles or assigned.get(index))
            and not _place_of_its_own(places, candidate, candidates)
        )
        and not _falls_back(text, candidate, candidates, killing=killing)
    ]  # a weapon word beside another event, with nothing of its own (parties, toll, place), is part of it
    _share_the_other_side(candidates, actors)
    _intervening_force(text, candidates, armed_words, language)
    _strikes_from_the_air(candidates, language)
    _share_the_subject(text, candidates)
    _share_the_doer(text, candidates, language)
    attach_bystanders(text, [candidates[i] for i in kept], mentions)
    events = []
    for index in kept:
        candidate = candidates[index]
        own = _own_places(places, candidate, candidates)
        event = _build_event(
            document,
            sentence,
            candidate,
            cues=cues,
            times=timed.get(index, []),
            places=own or places,
            casualties=assigned.get(index, []),
            sides=sides,
            attribution=attribution,
            source_ids=source_ids,
            context=context,
            actors=actors,
            armed_words=armed_words,
        )
        reported = reports_incident(
            text, candidate, language=language, has_toll=bool(assigned.get(index)), places=places
        )
        # Another event's places are no list of this one's: only its own, or the sentence's when alone.
        listed = own if own or len(candidates) == 1 else []
        for each in one_event_per_place(
            event,
            sentence,
            listed,
            language=language,
            weak=candidate.trigger.form == "weak",
            event_id=partial(_event_id, context.text_sha256, sentence, candidate.trigger, event.event_type),
        ):
            events.append((each, candidate.trigger, reported))
    if (
        model is not None
        and events
        and not any(p.precision != "country" for p in places)
        and (context.place is None or context.place.precision == "country")
        and not _this_wars_parties(mentions)
    ):
        events = _judged(text, events, model)
    return events


def _part_of_day_before(text: str, trigger: TriggerHit, times: list[TimeValue]) -> bool:
    """Whether a trigger is a part of the day (فجر، صباح) standing right before a time expression."""
    if normalize_text(trigger.match.text) not in _parts_of_day():
        return False
    return any(tm.span and not text[trigger.span[1] : tm.span[0]].strip() for tm in times)


@lru_cache(maxsize=1)
def _parts_of_day() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in read_toml("lexicons/time.toml")["markers"]["part_of_day"])


def _this_wars_parties(mentions: list[ActorMention]) -> bool:
    """Whether a mention names a party that exists only in this war (``this_wars_parties`` of
    context.toml): the sentence is about it even where its place is missing from the gazetteer
    ("قرية عون الدادات"), so the rules decide. Names that other countries' agencies share
    (الأمن العام، الأسايش: ``shared_agency_names``) do not count."""
    parties, shared = _this_wars_words()
    return any(
        (m.id or "").split(".", 1)[0] in parties and normalize_text(m.text).lower() not in shared
        for m in mentions
    )


@lru_cache(maxsize=1)
def _this_wars_words() -> tuple[frozenset[str], frozenset[str]]:
    """The ids of ``this_wars_parties`` and the normalised ``shared_agency_names`` (both languages)."""
    data = read_toml("lexicons/context.toml")
    names = [*data.get("shared_agency_names_ar", []), *data.get("shared_agency_names_en", [])]
    return frozenset(data["this_wars_parties"]), frozenset(normalize_text(w).lower() for w in names)


def _judged(
    text: str, events: list[tuple[Event, TriggerHit, bool]], model: IncidentModel
) -> list[tuple[Event, TriggerHit, bool]]:
    """Let the learned judge decide for a sentence no gazetteer place anchors, in a report whose
    lede names none either.

    Where the gazetteer places a sentence or its report, the rules written for this war decide
    (a later sentence of a report placed in Syria is about the same place); elsewhere
    (newswire about other countries, sentences whose place is in the lede) the judge says
    whether the sentence reports an incident of the event's PLOVER class. An event it
    rejects stays a mere mention: it can still join an earlier event of the document.
    """
    verdicts = model.reports(text)
    judged: list[tuple[Event, TriggerHit, bool]] = []
    for event, trigger, reported in events:
        verdict = verdicts.get(event.plover or "")
        if verdict is None or event.modality != "asserted":
            # Claims, allegations, denials and plans are statements the ontology keeps as such.
            judged.append((event, trigger, reported))
            continue
        extractor = f"{event.extractor}+{model.label}"
        judged.append((replace(event, extractor=extractor), trigger, reported and verdict))
    return judged


def _own_places(places: list[Place], candidate: Candidate, candidates: list[Candidate]) -> list[Place]:
    """The places after one of the candidate's triggers and before the next trigger (maybe none).

    "اشتباكات في ريف حماة واشتباكات أخرى في ريف درعا": the second clashes are in Daraa, though
    Hama is closer to their trigger.
    """
    starts = sorted(t.span[0] for c in candidates for t in c.triggers)
    own = []
    for trigger in candidate.triggers:
        end = next((s for s in starts if s > trigger.span[0]), None)
        own += [
            p for p in places if p.span and p.span[0] >= trigger.span[1] and (end is None or p.span[0] < end)
        ]
    return own


def _place_of_its_own(places: list[Place], candidate: Candidate, candidates: list[Candidate]) -> bool:
    """Whether the candidate names a place after its trigger, and the others name other places.

    "Shelling on the Latakia countryside and an explosion in Idlib city": the blast is elsewhere.
    When the other events name no place of their own, a weapon word's place is theirs too ("sent
    a convoy of armoured vehicles and artillery to its bases in Hasakah").
    """
    mine = {p.name for p in _own_places(places, candidate, candidates)}
    others = {p.name for c in candidates if c is not candidate for p in _own_places(places, c, candidates)}
    return bool(mine and others and mine - others)


_CLAUSE_JOIN = re.compile(r"(?:^|\s)(?:and|و)(?:\s|$)|[,،;؛…]")


def _deaths_elsewhere(
    text: str,
    killing_words: list[TriggerHit],
    triggers: list[TriggerHit],
    places: list[Place],
    times: list[TimeValue],
) -> list[TriggerHit]:
    """Killing words that tell deaths at a place of their own, beside an event told at another:
    "airstrikes target Idlib countryside and a fighter was killed in Daraa countryside", "Human
    losses in Aleppo and 13 airstrikes target Dael". Beside a real trigger a killing word is
    otherwise its toll; here it is another incident of the sentence."""
    if not killing_words or not triggers or any(t.form == "weak" for t in triggers):
        return []
    # "Dozens dead in Syria as forces launch an assault in Idlib": the country holds every place.
    spans = sorted(p.span for p in places if p.span and p.precision != "country")
    if len(spans) < 2:
        return []
    everything = sorted([*triggers, *killing_words], key=lambda t: t.span)

    def own(trigger: TriggerHit) -> tuple[int, int] | None:
        index = everything.index(trigger)
        end = everything[index + 1].span[0] if index + 1 < len(everything) else None
        return next((s for s in spans if s[0] >= trigger.span[1] and (end is None or s[0] < end)), None)

    theirs = [place for place in map(own, triggers) if place is not None]
    if not theirs:
        return []  # events without a place of their own may be where the deaths are
    kept = []
    for word in killing_words:
        place = own(word)
        if place is None or place in theirs or any(tm.span and overlaps(word.span, tm.span) for tm in times):
            continue
        index = everything.index(word)
        if index and own(everything[index - 1]) is None:
            continue  # "shelling leaves wounded in X", "warplanes kill 3 in X": the toll of that event
        if _CLAUSE_JOIN.search(text[word.span[1] : place[0]]):
            continue  # "... causes casualties and cargo planes drop aid on X": X is not where they died
        following = everything[index + 1] if index + 1 < len(everything) else None
        if (
            following is not None
            and "و" not in following.match.prefix  # "... في حلب وغارات على ..."
            and not _CLAUSE_JOIN.search(text[place[1] : following.span[0]])
        ):
            continue  # "killed in Aleppo's outskirts clashes": the place is the next event's too
        kept.append(word)
    return kept


def _falls_back(text: str, candidate: Candidate, candidates: list[Candidate], *, killing: bool) -> bool:
    """Unnamed attackers pulling back after their raid hand over no territory.

    "ثم انسحبوا باتجاه البادية" beside the attack, "the attackers withdrew into the desert":
    a withdrawal whose parties the dictionary cannot name is part of the violent event of its
    sentence (``killing``: the sentence has killing words), or of the one its definite agents
    ("المهاجمون", "the attackers") refer back to.
    """
    if candidate.event_type != "withdrawal" or any(a.id for a, _ in candidate.roles):
        return False
    if killing or any(c.event_type in VIOLENT_TYPES for c in candidates if c is not candidate):
        return True
    agents = [a for a, role in candidate.roles if role == "actor1"]
    return bool(agents) and all(
        is_definite_party(a.text, text[max(0, a.span[0] - 8) : a.span[0]]) for a in agents
    )


def _codable(candidate: Candidate, *, has_toll: bool, has_time: bool, places: list[Place]) -> bool:
    """Someone, somewhere, some time or some toll: else a word for an event, not a codable event."""
    if candidate.event_type in _NEEDS_PARTIES and not candidate.roles:
        return False  # "with the help of" whom, for whom?
    # An Arabic finite verb (تعرضت لهجوم، فجر) states that an incident happened even when its
    # parties are beyond the dictionaries; the incident judge still weighs the sentence.
    arabic_verb = any(t.form == "verb" and t.language == "ar" for t in candidate.triggers)
    return bool(candidate.roles or has_toll or has_time or places or arabic_verb)


@lru_cache(maxsize=2)
def _weapon_words(language: str) -> re.Pattern[str] | None:
    """Weapon words (not blast words) of ``lexicons/context.toml``, as one pattern per language."""
    words = context_words("weapons", language)
    if not words:
        return None
    alternatives = "|".join(re.escape(normalize_text(w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:^|\s|[وفبلك]|ال)(?:{alternatives})")


@lru_cache(maxsize=1)
def _vague_place_words() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in read_toml("lexicons/context.toml")["vague_places"])


def _is_vague(place: Place) -> bool:
    """A bare 'the desert' or the whole country says less than the place the lede named."""
    words = normalize_text(place.text or "").strip()
    return place.precision == "country" or words in _vague_place_words()


_SUPPORTING_FORMS = frozenset({"weak", "cue"})


def _supported(
    triggers: list[TriggerHit],
    *,
    armed: bool,
    places: list[Place],
    weapon: re.Pattern[str] | None = None,
    occurred: Callable[[], bool] = lambda: False,
    gathered: Callable[[], bool] = lambda: False,
) -> list[TriggerHit]:
    """Killing words, weapons and blasts name a conflict event only in a conflict context.

    That is a real trigger beside them, an armed actor, or a place in Syria (the war this
    dictionary covers): "at least 10 people died after eating ...", "a gas tank exploded",
    "missile tests" are not conflict events; "4 ISIS members killed", "14 shells hit Dahya
    al-Assad" are. ``weapon`` matches the weapon words of ``lexicons/context.toml``;
    ``occurred()`` says the sentence tells that something happened (a toll, an occurrence verb),
    ``gathered()`` that a crowd did something (``[gathering]`` of ``lexicons/reporting.toml``);
    they are asked only when the answer matters.
    """
    if any(t.form not in _SUPPORTING_FORMS for t in triggers):
        return triggers
    in_syria = any(p.precision != "country" for p in places)
    if armed or in_syria:
        return triggers
    # A weapon (a mortar shell, a bomb, a car bomb) that went off or was fired is an attack
    # wherever it is: "خمس قذائف هاون انفجرت ...", "a bomb exploded in a market, wounding 37".
    if weapon is not None and any(weapon.search(normalize_text(t.match.text)) for t in triggers):
        return triggers if occurred() else []
    # Protesters who marched, gathered or chanted are a protest wherever they are: they carry
    # no arms that could support their words ("تجمع عدة مئات من المتظاهرين ...").
    if any(t.event_type == "protest" for t in triggers):
        return triggers if gathered() else []
    return []


_FLIGHT_BEFORE = 3  # "تحليق مكثف لطائرات", "overflight of reconnaissance planes": words before the aircraft
_FLIGHT_AFTER = 6  # "helicopters of the US-led coalition hovered": English words after it


def _flies_over(text: str, trigger: TriggerHit, flights: list[tuple[int, int]], language: str) -> bool:
    """Whether an aircraft cue is the subject or object of a flying word right beside it."""
    if trigger.form != "cue" or trigger.event_type != "airstrike":
        return False
    start, end = trigger.span
    for f_start, f_end in flights:
        if f_end <= start and len(text[f_end:start].split()) <= _FLIGHT_BEFORE:
            return True
        if language != "ar" and f_start >= end and len(text[end:f_start].split()) <= _FLIGHT_AFTER:
            return True
    return False


@lru_cache(maxsize=2)
def _overflight_words(language: str) -> PhraseMatcher:
    """Words for aircraft flying over rather than striking (``overflight_*`` of context.toml)."""
    return PhraseMatcher({w: "overflight" for w in context_words("overflight", language)})


@lru_cache(maxsize=2)
def _destruction_words(language: str) -> frozenset[str]:
    """The riot phrases that destroy property (``destruction_*`` of context.toml), normalised."""
    return frozenset(" ".join(normalize_text(w).split()) for w in context_words("destruction", language))


def _share_the_other_side(candidates: list[Candidate], actors: ActorDictionary) -> None:
    """A clash that names only one side ("after fighting with HTS") was fought by the party
    that acts in another event of its sentence, when the two are adversaries ("government forces
    took control of the town after fighting with HTS"): that party is its actor1 too."""
    for clash in candidates:
        if clash.event_type != "clash" or clash.ids("actor1"):
            continue
        sides = clash.ids("actor2")
        for other in candidates:
            if other is clash:
                continue
            agents = [(a, r) for a, r in other.roles if r == "actor1" and a.id]
            if agents and any(actors.are_adversaries(a.id or "", side) for a, _ in agents for side in sides):
                clash.roles.extend((a, "actor1") for a, _ in agents)
                break


def _intervening_force(
    text: str, candidates: list[Candidate], armed_words: frozenset[tuple[int, int]], language: str
) -> None:
    """A force that disperses or suppresses a protest is its actor2, not a protester.

    "فرقت الشرطة بالغاز المسيل للدموع متظاهرين", "Police fired tear gas to disperse protesters":
    in a protest or riot whose actor1 holds both armed people (a party of the dictionary, police,
    soldiers) and others, with a word of intervention (``intervention_*`` of context.toml) in the
    sentence, the armed ones intervened (ACLED's protest with intervention).
    """
    protests = [c for c in candidates if c.event_type in ("protest", "riot")]
    if not protests or not _intervention_words(language).find(text):
        return
    for candidate in protests:
        doers = [(a, r) for a, r in candidate.roles if r == "actor1"]
        armed = {id(a) for a, _ in doers if a.span in armed_words or (a.id and not a.id.startswith("CIV"))}
        if not armed or len(armed) == len(doers):
            continue
        candidate.roles = [
            (a, "actor2" if id(a) in armed and r == "actor1" else r) for a, r in candidate.roles
        ]


def _strikes_from_the_air(candidates: list[Candidate], language: str) -> None:
    """Strikes by a party that strikes Syria from the air are air strikes: "Israeli strikes hit
    weapons depots", "ضربات إسرائيلية" (``air_powers`` and ``strike_words_*`` of context.toml)."""
    words = _strike_words(language)
    powers = _air_powers()
    for candidate in candidates:
        doers = candidate.ids("actor1")
        if candidate.event_type != "attack" or not doers or not doers <= powers:
            continue
        # The strike word is the trigger ("Israeli strikes hit") or heads the doer's name
        # ("ضربات إسرائيلية تستهدف").
        named = [normalize_text(t.match.phrase).lower() for t in candidate.triggers]
        named += [
            normalize_text(a.text).lower().split(" ", 1)[0] for a, r in candidate.roles if r == "actor1"
        ]
        if any(word in words for word in named):
            candidate.event_type = "airstrike"


@lru_cache(maxsize=1)
def _air_powers() -> frozenset[str]:
    return frozenset(read_toml("lexicons/context.toml")["air_powers"])


@lru_cache(maxsize=2)
def _strike_words(language: str) -> frozenset[str]:
    return frozenset(normalize_text(w).lower() for w in context_words("strike_words", language))


@lru_cache(maxsize=2)
def _intervention_words(language: str) -> PhraseMatcher:
    return PhraseMatcher([(w, "intervention") for w in context_words("intervention", language)])


def _share_the_subject(text: str, candidates: list[Candidate]) -> None:
    """A verb joined by و / "and" / "but" to an earlier verb of its sentence, with no subject of its own,
    shares that verb's subject: "توغلت قوة إسرائيلية في القرية واعتقلت 3 شبان", "Israeli forces
    pushed into the town and detained three men" (the Israeli force arrested them). An English
    participle after a comma shares the subject of the clause before it, whatever its trigger:
    "The SDF launched a security operation in al-Hol camp, arresting 24 suspected IS members".
    Killing and injury words are left alone: "وقتل 3" is mostly passive."""
    for index, candidate in enumerate(candidates):
        trigger = candidate.trigger
        if index == 0 or trigger.form != "verb":
            continue
        participle = False
        if trigger.language == "ar":
            if "و" not in trigger.match.prefix:
                continue
        else:
            before = text[max(0, trigger.span[0] - 8) : trigger.span[0]].rstrip()
            participle = before.endswith(",") and trigger.match.text.lower().endswith("ing")
            if not participle and before.rsplit(None, 1)[-1:] not in (["and"], ["but"]):
                continue
        if any(r == "actor1" for _, r in candidate.roles):
            continue
        earlier = candidates[index - 1]
        subject = [(a, r) for a, r in earlier.roles if r == "actor1"]
        # An event noun's doer named before it is the subject of its light verb ("نفذت قوات الأمن
        # حملة تمشيط ... واعتقلت"), which the joined verb shares as well.
        told_first = all(a.span[1] <= earlier.trigger.span[0] for a, _ in subject)
        if subject and (participle or earlier.trigger.form == "verb" or told_first):
            candidate.roles.extend(subject)


def _share_the_doer(text: str, candidates: list[Candidate], language: str) -> None:
    """An event noun told as what led to the event before it ("... إثر هجوم على مواقع قوات
    النظام", "... after an attack on regime positions"), with no doer of its own, was done by
    that event's doer, unless it names that doer as its target."""
    for index, candidate in enumerate(candidates):
        trigger = candidate.trigger
        if index == 0 or trigger.form not in ("noun", "plural"):
            continue
        if any(r == "actor1" for _, r in candidate.roles):
            continue
        if not _after_sequence_word(text, trigger, language):
            continue
        earlier = candidates[index - 1]
        doers = [(a, r) for a, r in earlier.roles if r == "actor1" and a.id]
        if doers and not ({a.id for a, _ in doers} & candidate.ids("actor2")):
            candidate.roles.extend(doers)


def _after_sequence_word(text: str, trigger: TriggerHit, language: str) -> bool:
    """Whether an event noun follows a sequence word (إثر، بعد، after) within two words."""
    if trigger.form not in ("noun", "plural"):
        return False
    before = [normalize_text(w).lower() for w in text[: with_proclitics(trigger)[0]].split()[-2:]]
    return any(w in _sequence_words(language) for w in before)


@lru_cache(maxsize=2)
def _sequence_words(language: str) -> frozenset[str]:
    """Words that tell an event led to the one before it (``sequence_*`` of context.toml)."""
    return frozenset(normalize_text(w).lower() for w in context_words("sequence", language))


def _burned_by_killers(triggers: list[TriggerHit], text: str, language: str) -> bool:
    """Whether the sentence's riot words are only burning or smashing verbs, beside no other
    violence and no crowd: next to killing words and an armed party they are part of an armed
    attack, not a riot (the attackers may still withdraw: "... قبل أن ينسحبوا")."""
    riot = [t for t in triggers if t.event_type == "riot"]
    destruction = _destruction_words(language)
    return (
        bool(riot)
        and all(t.match.phrase in destruction for t in riot)
        and all(t.event_type in ("riot", "withdrawal") for t in triggers if t.form not in _SUPPORTING_FORMS)
        and not any(t.event_type == "protest" for t in triggers)
        and not reporting_cues().has_gathering(text, language=language)
    )


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _assign_casualties(
    candidates: list[Candidate], casualties: list[CasualtyMention]
) -> dict[int, list[CasualtyMention]]:
    out: dict[int, list[CasualtyMention]] = {}
    violent = [i for i, c in enumerate(candidates) if c.event_type in VIOLENT_TYPES] or list(
        range(len(candidates))
    )
    for mention in casualties:
        best = min(
            violent,
            key=lambda i: min(abs(mention.cue_span[0] - t.span[0]) for t in candidates[i].triggers),
        )
        out.setdefault(best, []).append(mention)
    return out


def _distance(span: tuple[int, int], trigger: TriggerHit) -> int:
    # What follows the trigger (هجوم ... في بادية الميادين أمس) is nearer than what precedes it.
    if span[0] >= trigger.span[1]:
        return span[0] - trigger.span[1]
    return (trigger.span[0] - span[1]) * 2 + 1


def _assign_times(
    candidates: list[Candidate], times: list[TimeValue], referenced: Sequence[TriggerHit] = ()
) -> dict[int, list[TimeValue]]:
    """Each time expression goes to the event it is nearest to (ومنذ انسحاب التنظيم ... أواخر عام 2017),
    unless an event only referred to is nearer ("اعتقال أحد المتورطين في انتهاكات آذار الماضي":
    March dates the violations, not the arrest)."""
    out: dict[int, list[TimeValue]] = {}
    for time in times:
        if time.span is None:
            continue
        span = time.span
        best = min(
            range(len(candidates)), key=lambda i: min(_distance(span, t) for t in candidates[i].triggers)
        )
        nearest = min(_distance(span, t) for t in candidates[best].triggers)
        if any(_distance(span, t) < nearest for t in referenced):
            continue
        out.setdefault(best, []).append(time)
    return out


def _sum_quantities(mentions: list[CasualtyMention], kind: str, offset: int) -> Quantity | None:
    found = [m.quantity for m in mentions if m.kind == kind]
    if not found:
        return None
    if len(found) == 1:
        q = found[0]
        return replace(q, span=(q.span[0] + offset, q.span[1] + offset) if q.span else None)
    exact = all(q.count is not None for q in found)
    low = sum((q.count if q.count is not None else (q.min or 0)) for q in found)
    highs = [q.count if q.count is not None else q.max for q in found]
    high = sum(h for h in highs if h is not None) if all(h is not None for h in highs) else None
    first = found[0]
    return Quantity(
        count=low if exact else None,
        min=low,
        max=high,
        text=" + ".join(q.text or "" for q in found),
        span=(first.span[0] + offset, first.span[1] + offset) if first.span else None,
    )


def _nearest(items: Sequence[Place | TimeValue], trigger: TriggerHit) -> int | None:
    best, best_distance = None, None
    for index, item in enumerate(items):
        span = item.span
        if span is None:
            continue
        distance = _distance(span, trigger)
        if best_distance is None or distance < best_distance:
            best, best_distance = index, distance
    return best


# Fire comes from a place and lands on another: "shelling from Idlib on Latakia".
_ORIGIN_EN = re.compile(
    r"\bfrom\s+(?:(?:the|their|its)\s+)?"
    r"(?:(?:positions?|areas?|bases?|posts?|points?|territory)\s+(?:in|of|near|at|around)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_ROAD_TO_EN = re.compile(
    r"\b(?:highway|road|route|way|motorway)\s+(?:to|towards?)\s+(?:the\s+)?$", re.IGNORECASE
)
# "على طريق حلب – اللاذقية الدولي قرب أريحا", "on the Aleppo-Latakia highway near Ariha": the
# towns a road is named after (after its word, or after the dash of its first end).
_ROAD_END_AR = re.compile(
    r"(?:^|\s)[وبعل]?(?:ال)?(?:طريق|أوتوستراد|اوتوستراد)\s+(?:\S+\s+){0,3}?(?:[–—-]\s*)?$"
)
_FIRST_END_EN = re.compile(r"\b[A-Z][\w'’-]*\s*[–—-]\s*$")  # "Aleppo-" before "Latakia highway"
_ROAD_END_AFTER_EN = re.compile(
    r"^(?:\s*[–—-]\s*[A-Z][\w'’]*(?:[ -][A-Z][\w'’]*)?)?\s+(?:highway|road|motorway|expressway)\b"
)
_FIRED = frozenset({"shelling", "airstrike"})


def _where_it_happened(
    text: str, places: list[Place], *, language: str, event_type: str, lede_place: bool = False
) -> list[Place]:
    """The places where the event happened: less the towns a road is named after when another
    place says where on it ("طريق حلب – اللاذقية قرب أريحا"), those a shelling or an air strike
    was fired from, and those a road it happened on leads to ("on the highway to Damascus"),
    unless that is all (and, for the road, the lede names no place).

    The road-name rule reads both languages; the rest is English only: Arabic "من" also opens
    "بالقرب من" (near) and partitives, and "طريق دمشق" names the road by either end.
    """
    # A town a road is named after: only where another place says where on the road.
    off_road = [p for p in places if p.span is None or not _names_a_road(text, p.span)]
    if off_road:
        places = off_road
    if language != "en":
        return places
    # "on the highway to Damascus": the road, not the city it leads to (the lede's place, if any,
    # says better where the road is).
    on_the_way = [p for p in places if p.span is None or not _ROAD_TO_EN.search(text[: p.span[0]])]
    places = on_the_way if on_the_way or lede_place else places
    if event_type not in _FIRED:
        return places
    targets = [p for p in places if p.span is None or not _ORIGIN_EN.search(text[: p.span[0]])]
    return targets or places


def _names_a_road(text: str, span: tuple[int, int]) -> bool:
    """Whether the place at ``span`` is one of the towns a road is named after: after the word for
    a road (or the dash of its first end) in Arabic, before "-Y highway" or "highway" in English,
    or after "X-" when a road word follows."""
    before, after = text[max(0, span[0] - 40) : span[0]], text[span[1] : span[1] + 40]
    if _ROAD_END_AR.search(before):
        return True
    if _FIRST_END_EN.search(before):
        after = after.lstrip()
        return after.split(" ", 1)[0].lower() in ("highway", "road", "motorway", "expressway")
    return _ROAD_END_AFTER_EN.match(after) is not None


def _shift_place(place: Place, offset: int) -> Place:
    span = (place.span[0] + offset, place.span[1] + offset) if place.span else None
    return replace(place, span=span)


def _shift_time(time: TimeValue, offset: int) -> TimeValue:
    span = (time.span[0] + offset, time.span[1] + offset) if time.span else None
    return replace(time, span=span)


def _build_event(
    document: Document,
    sentence: Sentence,
    candidate: Candidate,
    *,
    cues: SentenceCues,
    times: list[TimeValue],
    places: list[Place],
    casualties: list[CasualtyMention],
    sides: dict[int, CasualtySide],
    attribution: Attribution | None,
    context: _DocumentContext,
    actors: ActorDictionary,
    armed_words: frozenset[tuple[int, int]] = frozenset(),
    source_ids: frozenset[str] = frozenset(),
) -> Event:
    offset = sentence.start
    trigger = candidate.trigger
    event_type = candidate.event_type
    own = [sides[id(c)] for c in casualties if id(c) in sides]
    victims = _victims_of(own, candidate, offset)
    # A party named as no party of the event (a speaker) whose people the toll counts was hit.
    hit = {(v.id, v.span) for v in victims}
    refs = [r for r in _actor_refs(candidate, offset) if not (r.role == "other" and (r.id, r.span) in hit)]
    refs += victims
    actor2 = {(r.id or "").split(".", 1)[0] for r in refs if r.role in ("actor2", "victim")}
    # An attack on plain people named without a party ("قتل مسلحون شابا") is one on civilians;
    # a person killed in clashes may have fought in them.
    harmed = {
        "CIV" if r.id is None and is_civilian_word(r.text) else (r.id or "").split(".", 1)[0]
        for r in refs
        if r.role in ("actor2", "victim")
    }
    if (event_type in ("attack", "clash") and actor2 and actor2 <= {"CIV"}) or (
        event_type == "attack" and harmed and harmed <= {"CIV"}
    ):
        event_type = "attack_on_civilians"
    elif event_type == "attack_on_civilians" and actor2 and "CIV" not in actor2 and "" not in actor2:
        event_type = "attack"  # violence against armed people only is not violence against civilians
    if event_type == "attack_on_civilians":
        refs = _as_civilians(refs, armed_words, offset)
    elif event_type in _PLAIN_PEOPLE_ARE_CIVILIANS:
        # Plain people kidnapped ("اختطف مسلحون تاجرا"), arrested ("اعتقلت 12 شاباً") or killed by a
        # bomb, a shell or a strike ("ما أدى إلى مقتل شابين") are civilians, as for an attack on them.
        refs = _as_civilians(refs, armed_words, offset, only=is_civilian_word)

    time_index = _nearest(times, trigger)
    time = _shift_time(times[time_index], offset) if time_index is not None else None
    targets = _where_it_happened(
        sentence.text,
        places,
        language=document.language,
        event_type=event_type,
        lede_place=context.place is not None,
    )
    place_index = _nearest(targets, trigger)
    place = _shift_place(targets[place_index], offset) if place_index is not None else context.place
    if place is not None and context.place is not None and _is_vague(place):
        place = context.place  # "في البادية" after a lede that said which desert

    # Only a ل before the trigger can be a preposition rather than a purpose.
    # The words before the proclitics: "تتعرض قرى جبل الزاوية جنوبي إدلب لقصف" (a ل counted as a
    # word would push the verb out of the window).
    purpose_blocked = trigger.match.prefix.endswith("ل") and follows_exposure_verb(
        sentence.text, with_proclitics(trigger)[0]
    )
    actor1 = candidate.ids("actor1") | candidate.ids("facilitator")
    beneficiaries = candidate.ids("beneficiary") | candidate.ids("actor2")
    collusion = event_type == "facilitation" and any(
        actors.are_adversaries(a, b) for a in actor1 for b in beneficiaries
    )
    modality = judge_modality(
        sentence.text, cues=cues, trigger=trigger, purpose_blocked=purpose_blocked, collusion=collusion
    )
    if modality == "asserted" and (
        _tells_its_own_act(sentence.text, candidate, document.language)
        or _sourced_by_its_doer(attribution, candidate, source_ids, sentence.text)
    ):
        modality = "claimed"
    provisional = time or TimeValue()
    # "140 هجوماً انتحارياً": an Arabic singular noun counted as several incidents. Counted
    # strikes and shells ("30 غارة") are one bombardment, often of one day, so they do not count.
    counted = (
        document.language == "ar"
        and event_type not in _BOMBARDMENT
        and any(
            t.form in ("noun", "plural") and counted_as_several(sentence.text, with_proclitics(t)[0])
            for t in candidate.triggers
        )
    )
    genericity = judge_genericity(cues=cues, trigger=trigger, time=provisional, counted=counted)
    if time is None:
        time = _fallback_time(document, context, sentence, genericity=genericity)
    elif genericity == "recurring":
        # "تصاعد الهجمات منذ مطلع العام الجاري": a pattern from then up to publication
        time = since_then(document.text, time, document.published)

    mapping = type_mappings()[event_type]
    acled_type, acled_sub = mapping.acled_event_type, mapping.acled_sub_event_type
    armed_target = bool(actor2 - {"CIV"})
    if event_type == "assassination" and armed_target and mapping.armed_target_acled_event_type:
        acled_type = mapping.armed_target_acled_event_type
        acled_sub = mapping.armed_target_acled_sub_event_type or acled_sub
    if event_type == "territory_taken" and actor1 & {"SYR_REGIME", "SYR_GOV"}:
        acled_sub = mapping.government_acled_sub_event_type or acled_sub

    evidence = Evidence(
        sentence=sentence.text,
        span=sentence.span,
        trigger=trigger.match.text,
        trigger_span=(trigger.span[0] + offset, trigger.span[1] + offset),
    )
    attribution_out = None
    if attribution is not None:
        span = attribution.span
        attribution_out = replace(attribution, span=(span[0] + offset, span[1] + offset) if span else None)
    confidence = 0.4 + 0.2 * bool(actor1) + 0.1 * bool(place) + 0.1 * (time.start is not None)
    confidence += 0.1 * (trigger.form != "weak") + 0.05 * bool(actor2)
    # A report's first sentence carries its main event; later ones add detail and background.
    confidence += 0.05 * (sentence.start == context.first_sentence_start)
    # "... captured the town after fierce battles": what led to the main event is background.
    confidence -= 0.1 * _after_sequence_word(sentence.text, trigger, document.language)
    return Event(
        id=_event_id(context.text_sha256, sentence, trigger, event_type),
        event_type=event_type,
        modality=modality,
        genericity=genericity,
        evidence=evidence,
        actors=tuple(refs),
        location=place,
        time=time,
        fatalities=_with_breakdown(_sum_quantities(casualties, "fatalities", offset), own, "fatalities")
        or (
            _assassinated(event_type, modality, candidate, sentence.text, document.language, offset)
            if genericity == "specific"
            else None  # "سلسلة من حوادث الاغتيال": a series has no implied toll of one
        ),
        injuries=_with_breakdown(_sum_quantities(casualties, "injuries", offset), own, "injuries"),
        casualties=_sum_quantities(casualties, "casualties", offset),
        attribution=attribution_out,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        plover=mapping.plover,
        confidence=min(confidence, 0.95),
        extractor=EXTRACTOR,
    )


# The pluperfect of a clause that tells what had happened before the event reported.
_PRIOR_CLAUSE = re.compile(r"(?:كان|كانت|كانوا|وكان|وكانت|وكانوا)\s+قد\s|\bhad\s+(?:been\s+)?\w+")


def _sourced_by_its_doer(
    attribution: Attribution | None, candidate: Candidate, source_ids: frozenset[str], text: str
) -> bool:
    """Whether the source the sentence names is its event's doer ("U.S. forces killed a commander
    in a raid, the U.S. military said", "..., the group's news agency said"): a party's report
    of its own act is a claim. ``source_ids`` are the top-level ids of the parties the source names."""
    if attribution is None:
        return False
    doers = {
        top_level(a.id) for a, r in candidate.roles if r == "actor1" and a.id and not a.id.startswith("CIV")
    }
    if not doers:
        return False
    if attribution.span is not None and _OWN_SOURCE_EN.search(text[: attribution.span[0]]):
        return True  # "the group's news agency said": the doer's own outlet
    return bool(doers & source_ids)


# "the group's news agency said", "its media office said": the source belongs to the doer.
_OWN_SOURCE_EN = re.compile(
    r"\b(?:the\s+(?:group|organi[sz]ation|militia|movement|faction)['’]s|its|their)\s+$", re.IGNORECASE
)


def _tells_its_own_act(text: str, candidate: Candidate, language: str) -> bool:
    """Whether the event's doer is the speaker of the sentence, telling its own side's act: "قالت
    هيئة تحرير الشام إن مقاتليها قتلوا ...", "أعلنت قسد سيطرتها على ...", "The coalition said one
    of its aircraft struck ..." (a claim, as the ontology's modality has it)."""
    for actor, role in candidate.roles:
        if role != "actor1" or not actor.id or actor.id.startswith("CIV"):
            continue
        if language == "ar":
            before = text[: actor.span[0] - len(actor.prefix)].split()[-1:]
            if not before or normalize_text(before[0]) not in _arabic_saying():
                continue
            # The clause's first words (after إن, a time word may come first: "أعلنت قسد اليوم
            # سيطرتها") refer back to the speaker.
            after = [w.strip("،,.") for w in text[actor.span[1] :].split()[:3]]
            if after and after[0] in ("إن", "أن", "ان", "بأن"):
                after = after[1:3]
            if any(refers_back(w, "ar") for w in after[:2]):
                return True
            # "أعلنت وزارة الداخلية السورية تفكيك خلية": the act announced, as a noun right after
            # the speaker (a time word may stand between), is the speaker's own
            trigger = candidate.trigger
            gap = text[actor.span[1] : trigger.span[0] - len(trigger.match.prefix)].split()
            if trigger.form in ("noun", "plural") and len(gap) <= 1 and candidate.event_type in _OWN_ACTS:
                return True
        elif _english_own_report(text[actor.span[1] :]):
            return True
    return False


# Acts a party announces as its own (an announced death or shelling may be another's).
_OWN_ACTS = frozenset({"arrest", "sweep_operation", "territory_taken", "deployment", "withdrawal"})


@lru_cache(maxsize=1)
def _arabic_saying() -> frozenset[str]:
    return frozenset(normalize_text(w) for w in context_words("saying", "ar"))


def _english_own_report(rest: str) -> bool:
    """Whether ``rest`` (the words after a party) opens with a verb of saying whose clause refers
    back to the party in its first three words ("said one of its aircraft ...")."""
    match = _english_own_report_pattern().match(rest)
    return match is not None and any(refers_back(w, "en") for w in match.group(1).split())


@lru_cache(maxsize=1)
def _english_own_report_pattern() -> re.Pattern[str]:
    verbs = "|".join(re.escape(w) for w in context_words("own_report", "en"))
    return re.compile(rf"\s*(?:{verbs})(?:\s+on\s+\w+)?(?:\s+that)?\s+([A-Za-z]+(?:\s+[A-Za-z]+){{0,2}})")


def _assassinated(
    event_type: str, modality: str, candidate: Candidate, text: str, language: str, offset: int
) -> Quantity | None:
    """One dead for an assassination told without a toll ("اغتال مسلحون القيادي"), unless it was
    an attempt or its target survived (``survived_*`` of context.toml) or it did not happen.
    ``text`` is the sentence, ``offset`` where it starts in the document."""
    if event_type != "assassination" or modality in ("negated", "hypothetical"):
        return None
    if _survival_words(language).find(text):
        return None
    trigger = candidate.trigger.match
    return Quantity(1, 1, 1, trigger.text, (trigger.span[0] + offset, trigger.span[1] + offset))


@lru_cache(maxsize=2)
def _survival_words(language: str) -> PhraseMatcher:
    return PhraseMatcher([(w, "survived") for w in context_words("survived", language)])


def _fallback_time(
    document: Document, context: _DocumentContext, sentence: Sentence, *, genericity: str
) -> TimeValue:
    """The lede's time for an event its sentence does not date, else the week before publication.

    A lede time told in the event's own sentence, in a clause of what had happened before ("...
    جثة شاب مقتول، وكان قد اختطف قبل أسبوع", "had been abducted a week earlier"), dates that
    earlier event only.
    """
    lede = context.time
    if (
        lede is not None
        and lede.span is not None
        and sentence.start <= lede.span[0] < sentence.end
        and _PRIOR_CLAUSE.search(document.text, max(sentence.start, lede.span[0] - 40), lede.span[0])
    ):
        lede = None
    if genericity == "specific" and lede is not None:
        return lede
    if genericity == "specific" and document.published:
        # A news report with no time words tells of the days before it was published.
        end = date.fromisoformat(document.published[:10])
        return TimeValue((end - timedelta(days=6)).isoformat(), end.isoformat(), "week", None, None)
    return TimeValue()


def _with_breakdown(total: Quantity | None, sides: list[CasualtySide], kind: str) -> Quantity | None:
    """The total with, when the text says whose people they were, one count per side."""
    parts = [s for s in sides if s.kind == kind and (s.actor_id or s.actor_text)]
    if total is None or not parts:
        return total
    breakdown = tuple(
        SideCount(s.actor_id, s.actor_text, s.quantity.count, s.quantity.min, s.quantity.max, s.quantity.text)
        for s in parts
    )
    return replace(total, breakdown=breakdown)


# Events told in units of fire (strikes, shells): a count of them is one bombardment.
_BOMBARDMENT = frozenset({"airstrike", "shelling"})

# Events whose unnamed plain victims (young men, farmers, a doctor, detainees) are civilians; a person
# killed in clashes may have fought in them, and an attack on them becomes attack_on_civilians.
_PLAIN_PEOPLE_ARE_CIVILIANS = frozenset(
    {"abduction", "arrest", "explosive", "shelling", "airstrike", "suicide_attack", "assassination"}
)


def _victims_of(sides: list[CasualtySide], candidate: Candidate, offset: int) -> list[ActorRef]:
    """The side whose people were killed or hurt is acted on, unless it is the attacker's own."""
    present = {(a.id, a.span[0]) for a, r in candidate.roles if r != "other"}
    attackers = candidate.ids("actor1")
    refs: list[ActorRef] = []
    for side in sides:
        if (
            side.actor_span is None
            or side.actor_text is None
            or (side.actor_id, side.actor_span[0]) in present
        ):
            continue
        top = (side.actor_id or "").split(".", 1)[0]
        if top and top in attackers:
            continue  # the attackers' own losses: not a second target
        role = "victim" if top == "CIV" else "actor2"
        span = (side.actor_span[0] + offset, side.actor_span[1] + offset)
        refs.append(ActorRef(role, side.actor_id, side.actor_text, side.actor_text, span))
        present.add((side.actor_id, side.actor_span[0]))
    return refs


def _as_civilians(
    refs: list[ActorRef],
    armed_words: frozenset[tuple[int, int]],
    offset: int,
    *,
    only: Callable[[str], bool] | None = None,
) -> list[ActorRef]:
    """Unnamed people an attack on civilians was done to ("executed two men") are its civilian victims.

    Armed participants ("gunmen", "soldiers") and named parties keep their role and id; with
    ``only``, just the people whose words it accepts.
    """
    out = []
    for ref in refs:
        local = (ref.span[0] - offset, ref.span[1] - offset) if ref.span else None
        if (
            ref.role == "actor2"
            and ref.id is None
            and local not in armed_words
            and (only is None or only(ref.text))
        ):
            ref = replace(ref, role="victim", id="CIV")
        out.append(ref)
    return out


def _actor_refs(candidate: Candidate, offset: int) -> list[ActorRef]:
    refs: list[ActorRef] = []
    seen: set[tuple[str | None, str, int]] = set()
    for mention, role in sorted(candidate.roles, key=lambda r: r[0].span[0]):
        key = (mention.id, role, mention.span[0])
        if key in seen:
            continue
        seen.add(key)
        refs.append(
            ActorRef(
                role=role,
                id=mention.id,
                name=mention.name or mention.text,
                text=mention.text,
                span=(mention.span[0] + offset, mention.span[1] + offset),
            )
        )
    return refs


def _event_id(
    text_sha256: str,
    sentence: Sentence,
    trigger: TriggerHit,
    event_type: str,
    place: tuple[int, int] | None = None,
) -> str:
    """Document hash, evidence span and type; ``place``: the place span of a further place of a list."""
    key = f"{text_sha256}:{sentence.start}:{sentence.end}:{trigger.span[0]}:{event_type}"
    if place is not None:
        key += f":{place[0]}:{place[1]}"
    return "ev_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
