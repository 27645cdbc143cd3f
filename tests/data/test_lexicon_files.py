"""Every knowledge file under src/rasid/data/lexicons (and ontology.toml, boilerplate.tsv) is well formed."""

from __future__ import annotations

import re

import pytest

from rasid.data import read_toml, read_tsv
from rasid.errors import DataFileError
from rasid.extract.lexicon import TriggerLexicon, trigger_lexicon, type_mappings
from rasid.records import EVENT_TYPES
from rasid.text.normalize import normalize_key

PLOVER = {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "SUPPORT", "PROTEST", "OTHER"}
ARABIC = re.compile("[\u0600-\u06ff]")


def test_lexicon_files_ontology_maps_every_type() -> None:
    mappings = type_mappings()
    assert set(mappings) == set(EVENT_TYPES)
    for event_type, mapping in mappings.items():
        assert mapping.plover in PLOVER, event_type
        assert mapping.acled_event_type and mapping.acled_sub_event_type, event_type


def test_lexicon_files_triggers_cover_every_type_in_both_languages() -> None:
    types = read_toml("lexicons/triggers.toml")["types"]
    for event_type in EVENT_TYPES:
        spec = types[event_type]
        words_ar = [w for k, v in spec.items() if k.startswith("ar_") or k == "weak_ar" for w in v]
        words_en = [w for k, v in spec.items() if k.startswith("en_") or k == "weak_en" for w in v]
        assert words_ar and words_en, f"{event_type} lacks Arabic or English triggers"
        assert all(ARABIC.search(w) for w in words_ar), event_type
        assert not any(ARABIC.search(w) for w in words_en), event_type


def test_lexicon_files_no_trigger_names_two_types() -> None:
    owner: dict[str, str] = {}
    for event_type, spec in read_toml("lexicons/triggers.toml")["types"].items():
        for _key, words in spec.items():
            if not isinstance(words, list):
                continue
            for word in words:
                seen = owner.setdefault(normalize_key(word), event_type)
                assert seen == event_type, f"{word!r} is a trigger of {seen} and {event_type}"


@pytest.mark.parametrize(
    ("text", "language", "event_type"),
    [("هاجمت", "ar", "attack"), ("بالقصف", "ar", "shelling"), ("shelled", "en", "shelling")],
)
def test_lexicon_files_triggers_match_in_text(text: str, language: str, event_type: str) -> None:
    hits = trigger_lexicon().find(text, language=language)
    assert [h.event_type for h in hits] == [event_type]


def test_lexicon_files_modality_roles_context_participants_have_their_keys() -> None:
    modality = read_toml("lexicons/modality.toml")
    for group in ("negated", "denied", "hypothetical", "claimed", "alleged", "recurring", "not_cue"):
        assert modality[group]["ar"] and modality[group]["en"], group
    assert modality["attribution"]["prepositions"]
    roles = read_toml("lexicons/roles.toml")
    for lang in ("ar", "en"):
        for key in ("agent", "target", "partitive", "coordinators", "beneficiary"):
            assert roles[lang][key], (lang, key)
    context = read_toml("lexicons/context.toml")
    for key in ("clause_breaks_ar", "clause_breaks_en", "vague_places", "question_starts_ar"):
        assert context[key], key
    participants = read_toml("lexicons/participants.toml")
    for key in ("armed_ar", "armed_en", "ar", "en"):
        assert participants[key], key
    assert not set(participants["armed_ar"]) & set(participants["ar"])


def test_lexicon_files_boilerplate_patterns_compile() -> None:
    rows = read_tsv("boilerplate.tsv")
    assert rows
    for row in rows:
        re.compile(row["pattern"], re.IGNORECASE)


def test_lexicon_files_split_idiom_without_its_mark_is_refused() -> None:
    with pytest.raises(DataFileError, match="verb … object"):
        TriggerLexicon({"types": {"attack": {"ar_split": ["أطلق النار"]}}})
    lexicon = TriggerLexicon({"split_gap": 3, "types": {"attack": {"ar_split": ["أطلق … النار"]}}})
    assert [h.match.phrase for h in lexicon.find("أطلق مسلحون النار", language="ar")] == ["اطلق … النار"]


def test_lexicon_files_english_split_idioms_match_across_a_modifier() -> None:
    with pytest.raises(DataFileError, match="en_split"):
        TriggerLexicon({"types": {"arrest": {"en_split": ["dismantled cell"]}}})
    lexicon = TriggerLexicon({"split_gap": 4, "types": {"arrest": {"en_split": ["dismantled … cell"]}}})
    hits = lexicon.find("Police dismantled an Islamic State cell in Homs", language="en")
    assert [(h.event_type, h.match.text) for h in hits] == [("arrest", "dismantled")]
    assert lexicon.find("Police dismantled three checkpoints in Homs", language="en") == []
    # Arabic idioms do not match English text, nor English idioms Arabic text.
    assert lexicon.find("فككت الشرطة خلية في حمص", language="ar") == []


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("شنت خلايا داعش هجوماً على نقاط لقوات النظام", "attack"),
        ("نصب التنظيم كميناً لدورية في البادية", "attack"),
        ("نفذ مجهولون تفجيراً قرب السوق", "explosive"),
        ("شنت القوات التركية قصفاً مدفعياً على القرى", "shelling"),
    ],
)
def test_lexicon_files_arabic_accusative_nouns_are_triggers(text: str, event_type: str) -> None:
    # The tanween alef of an indefinite object (هجوماً) is an ending like the pronoun endings.
    assert event_type in {h.event_type for h in trigger_lexicon().find(text, language="ar")}
