"""Who did what to whom: the role rules, each on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.data import read_toml
from rasid.extract.actors import ActorDictionary
from rasid.extract.attribution import find_attribution
from rasid.extract.candidates import opens_reported_clause
from rasid.extract.events import extract_events
from rasid.extract.participants import find_participants, nationality_of
from rasid.extract.roles import _has, _markers
from rasid.records import Document


def _roles(text: str, *, language: str = "ar") -> list[tuple[str, str | None, str]]:
    """(role, id, text) of every actor of every event coded from ``text``."""
    document = Document(id="t", text=text, language=language, published="2019-05-02")
    return [(a.role, a.id, a.text) for e in extract_events(document) for a in e.actors]


def _role_of(roles: list[tuple[str, str | None, str]], words: str) -> set[str]:
    return {role for role, _, text in roles if words in text}


def test_roles_counted_people_are_acted_on_not_agents() -> None:
    # The people a casualty figure counts were harmed; they did not set off the bomb.
    roles = _roles("وأعلنت مصادر طبية مقتل أربعة أشخاص وإصابة سبعة آخرين في انفجار سيارة مفخخة قرب السوق.")
    assert _role_of(roles, "أشخاص") == {"actor2"}


def test_roles_counted_people_before_a_passive_casualty_verb() -> None:
    roles = _roles("وقال مصدر طبي إن خمسة أشخاص قتلوا جراء ضربة جوية أميركية قرب البلدة.")
    assert _role_of(roles, "أشخاص") == {"actor2"}
    assert ("actor1", "COALITION", "ضربة جوية أميركية") in roles


def test_roles_counted_people_named_by_an_agent_marker_stay_agents() -> None:
    roles = _roles("وقتل ثلاثة من عناصر الشرطة العراقية في هجوم شنه مسلحون على حاجز قرب المدينة.")
    assert _role_of(roles, "الشرطة العراقية") == {"actor2"}
    assert _role_of(roles, "مسلحون") == {"actor1"}


def test_attribution_source_ends_where_the_report_begins() -> None:
    sentence = "أعلنت مصادر أمنية مقتل خمسة أشخاص في انفجار عبوة ناسفة"
    stop = sentence.index("مقتل")
    found = find_attribution(sentence, language="ar", stops=[stop])
    assert found is not None
    assert "أشخاص" not in found.source
    assert found.span is not None and found.span[1] <= stop


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (
            "Turkish-backed fighters shelled villages near Tal Tamr, wounding three civilians, the SDF said.",
            "the SDF",
        ),
        ("Gunmen killed two men near Tafas on Monday, a local official said.", "a local official"),
        ("Rebels shelled the town, the defence ministry reported", "the defence ministry"),
    ],
)
def test_attribution_closing_source_of_english_news(sentence: str, source: str) -> None:
    found = find_attribution(sentence, language="en")
    assert found is not None and found.source == source


def test_attribution_closing_source_is_no_participant() -> None:
    roles = _roles("Turkish-backed fighters shelled villages near Tal Tamr, the SDF said.", language="en")
    assert not [r for r in roles if r[1] == "SDF"]
    # Without the comma and the closing verb, there is no source: the army said it shelled.
    assert find_attribution("The army said it shelled the village.", language="en") is None
    assert (
        find_attribution("Gunmen attacked a convoy, and then the convoy reported it.", language="en") is None
    )


def test_roles_exposure_verb_inside_the_trigger_makes_the_subject_the_target() -> None:
    roles = _roles("وذكر بيان عسكري أن القوات الأميركية تعرضت لهجوم بالأسلحة الخفيفة في المدينة أمس.")
    assert ("actor2", "COALITION", "القوات الأميركية") in roles


def test_roles_the_party_whose_bullets_or_fire_killed_is_the_agent() -> None:
    roles = _roles("قتل ثلاثة عناصر من قسد برصاص خلايا التنظيم في بلدة الشحيل.")
    assert _role_of(roles, "خلايا التنظيم") == {"actor1"}
    assert _role_of(roles, "قسد") == {"actor2"}
    roles = _roles("أصيب مدنيان بنيران قناص من قوات النظام في بلدة الكبينة.")
    assert _role_of(roles, "قوات النظام") == {"actor1"}


def test_roles_the_party_after_a_unit_and_min_shares_its_role() -> None:
    # "دورية من الأمن العسكري": the patrol's branch raided, with the patrol.
    roles = _roles("داهمت دورية من الأمن العسكري منازل في بلدة الكرك الشرقي.")
    assert _role_of(roles, "الأمن العسكري") == {"actor1"}
    roles = _roles("هاجم مسلحون دورية من قوات النظام قرب بلدة الكرك الشرقي.")
    assert _role_of(roles, "قوات النظام") == {"actor2"}


def test_roles_a_count_after_a_verb_joined_to_an_earlier_trigger_is_its_object() -> None:
    roles = _roles("داهمت دورية من الأمن العسكري منازل في بلدة الكرك الشرقي واعتقلت ثلاثة شبان.")
    assert _role_of(roles, "شبان") == {"victim"}  # acted on, as plain people: civilians


def test_roles_a_clash_has_two_sides_even_when_both_were_read_as_acted_on() -> None:
    roles = _roles("سقط أربعة قتلى من عناصر الفصائل خلال اشتباكات مع قوات النظام في كفرنبل.")
    assert _role_of(roles, "الفصائل") == {"actor1"}
    assert _role_of(roles, "قوات النظام") == {"actor2"}
    # Allies named together are one side: neither becomes the attacker.
    allies = _roles(
        "Dozens died in fighting with Hay'at Tahrir al-Sham and allied rebel factions in Kafr Nabudah.",
        language="en",
    )
    assert not [r for r in allies if r[0] == "actor1"]


def test_roles_whose_body_was_found_was_killed() -> None:
    # Acted on; an unnamed man killed in an attack on civilians is its civilian victim.
    assert _role_of(_roles("عثر على جثة رجل مقتولاً قرب بلدة الشحيل."), "رجل") == {"victim"}


@pytest.mark.parametrize(
    ("text", "language", "finders", "dead"),
    [
        ("عثر الأهالي على جثة رجل مقتولاً قرب بلدة الشحيل.", "ar", "الأهالي", "رجل"),
        ("عثر أهالي البلدة على جثة شاب مقتول بالرصاص في ريف درعا الشرقي.", "ar", "أهالي", "شاب"),
        ("Residents found the body of a farmer shot dead near al-Shuhayl.", "en", "Residents", None),
    ],
)
def test_roles_who_found_a_body_is_no_party_to_the_killing(
    text: str, language: str, finders: str, dead: str | None
) -> None:
    roles = _roles(text, language=language)
    assert _role_of(roles, finders) == {"other"}
    if dead is not None:
        assert _role_of(roles, dead) in ({"actor2"}, {"victim"})  # acted on


@pytest.mark.parametrize("verb", ["هاجمت", "قصفت"])
def test_roles_members_of_a_party_right_after_a_verb_are_its_subject(verb: str) -> None:
    # Verb-subject-object: "عناصر من X" right after the verb are X's men doing it.
    roles = _roles(f"{verb} عناصر من قوات النظام بلدة طفس في ريف درعا الغربي.")
    assert _role_of(roles, "قوات النظام") == {"actor1"}


def test_roles_members_of_a_party_after_a_subject_are_the_object() -> None:
    assert _role_of(_roles("هاجمت قوات النظام عناصر من قسد قرب دير حافر."), "قسد") == {"actor2"}
    # The subject is inside the trigger phrase ("استهدفت طائرة مسيرة"): what follows is the object.
    roles = _roles("استهدفت طائرة مسيرة عناصر من قوات النظام قرب تدمر.")
    assert _role_of(roles, "قوات النظام") == {"actor2"}


# A man assassinated or kidnapped is a civilian victim (plain people, as in an attack on civilians).
@pytest.mark.parametrize("verb", ["اغتالوا", "خطفوا"])
def test_roles_plural_verb_has_its_subject_before_it(verb: str) -> None:
    roles = _roles(f"وذكر مصدر محلي أن مجهولين {verb} رجل أعمال في المدينة مساء أمس.")
    assert ("actor1", "UNKNOWN_ARMED", "مجهولين") in roles
    assert _role_of(roles, "رجل") == {"victim"}


def test_roles_a_count_after_a_nominal_trigger_names_whom_it_was_done_to() -> None:
    roles = _roles("وفي البلدة قامت الجماعة المسلحة أمس بخطف سبعة جنود قرب الحدود.")
    assert _role_of(roles, "جنود") == {"actor2"}


@pytest.mark.parametrize(
    "sentence, target",
    [
        ("وقالت مصادر إن عبوة ناسفة انفجرت لدى مرور دورية للشرطة في الحي.", "دورية"),
        ("وقالت مصادر إن سيارة مفخخة فجرت حافلة تابعة للجيش عند المدخل.", "للجيش"),
    ],
)
def test_roles_target_words_before_the_actor(sentence: str, target: str) -> None:
    assert _role_of(_roles(sentence), target) == {"actor2"}


def test_roles_the_speaker_of_a_reported_clause_is_no_participant() -> None:
    roles = _roles("وقالت الشرطة إن مسلحين هاجموا حاجزا للجيش في المدينة.")
    assert not any(text == "الشرطة" for _, _, text in roles)
    assert _role_of(roles, "مسلحين") == {"actor1"}
    assert _role_of(roles, "للجيش") == {"actor2"}


@pytest.mark.parametrize(
    "text, opens",
    [
        ("قالت الشرطة إن مسلحين", True),
        ("ذكر مصدر أن عبوة", True),
        ("زعم التنظيم في بيانه أن عناصره", False),  # the clause refers back to the speaker
        ("أعلنت قسد أنها", False),
    ],
)
def test_candidates_reported_clause(text: str, opens: bool) -> None:
    start = text.index(" ", text.index(" ") + 1)  # after the speaker
    assert opens_reported_clause(text, start, len(text)) is opens


def test_roles_opponent_after_with_in_a_clash() -> None:
    roles = _roles("واشتبك مسلحون مجهولون مع عناصر الشرطة قرب مدينة الميادين أمس.")
    assert ("actor1", "UNKNOWN_ARMED", "مسلحون مجهولون") in roles
    assert _role_of(roles, "الشرطة") == {"actor2"}


def test_roles_suicide_bomber_is_the_agent() -> None:
    roles = _roles("وأفاد شهود بأن انتحاريا يقود سيارة مفخخة فجر نفسه قرب حاجز للشرطة في المدينة.")
    assert _role_of(roles, "انتحاريا") == {"actor1"}


@pytest.mark.parametrize(
    "word, actor_id",
    [
        ("إسرائيلية", "ISR_MIL"),
        ("الاسرائيليين", "ISR_MIL"),
        ("أميركي", "COALITION"),
        ("الأمريكية", "COALITION"),
        ("روسية", "RUS_MIL"),
        ("الأتراك", "TUR_MIL"),
        ("العراقية", ""),
        ("جوية", None),
        ("الصغير", None),
    ],
)
def test_participants_nationality_of(word: str, actor_id: str | None) -> None:
    assert nationality_of(word) == actor_id


@pytest.mark.parametrize(
    "text, words, actor_id",
    [
        ("وشنت طائرة بدون طيار أميركية غارة على سيارة", "طائرة بدون طيار أميركية", "COALITION"),
        ("واقتحمت قوة إسرائيلية خاصة البلدة", "قوة إسرائيلية", "ISR_MIL"),
        ("وانتشرت الشرطة العراقية في الشارع", "الشرطة العراقية", None),
    ],
)
def test_participants_with_nationality(text: str, words: str, actor_id: str | None) -> None:
    found = [m for m, _ in find_participants(text, known=[])]
    assert [(m.text, m.id) for m in found if m.text == words] == [(words, actor_id)]
    for mention in found:
        assert text[mention.span[0] : mention.span[1]] == mention.text


def test_participants_weapon_made_somewhere_names_no_party() -> None:
    found = find_participants("وسقطت صواريخ روسية الصنع على الحي", known=[])
    assert not any(m.id for m, _ in found)


def test_participants_strike_noun_alone_is_no_participant() -> None:
    found = find_participants("وشنت الطائرات غارة جوية على البلدة", known=[])
    assert not any("غارة" in m.text for m, _ in found)


def test_participants_nationality_ids_are_in_the_dictionary() -> None:
    dictionary = ActorDictionary.load_default()
    table = read_toml("lexicons/participants.toml")["nationality_ar"]
    assert table
    for word, actor_id in table.items():
        assert actor_id == "" or dictionary.entry(actor_id) is not None, word


def test_actors_gunmen_loyal_to_a_party_are_not_unidentified() -> None:
    text = "members of the regime forces and gunmen loyal to them were killed"
    mentions = ActorDictionary.load_default().find(text)
    assert "UNKNOWN_ARMED" not in {m.id for m in mentions}


def _has_by_substring(words: tuple[str, ...], phrases: tuple[str, ...], *, strip_clitics: bool) -> bool:
    """The marker test as first written: each phrase searched for, spaced, in the spaced gap."""
    joined = " " + " ".join(words) + " "
    if any(f" {phrase} " in joined for phrase in phrases):
        return True
    if strip_clitics:
        after_conjunction = {w[1:] for w in words if w[:1] in "وف" and len(w) > 2}
        return any(phrase in after_conjunction for phrase in phrases)
    return False


_GAP_WORDS = st.sampled_from(["من", "قبل", "على", "يد", "وعلى", "فمن", "قبلها", "by", "the", "on", "ضد", "x"])


@given(
    st.lists(_GAP_WORDS, max_size=6).map(tuple),
    st.lists(st.lists(_GAP_WORDS, min_size=1, max_size=3).map(" ".join), max_size=5).map(tuple),
    st.booleans(),
)
def test_roles_has_finds_what_a_substring_search_finds(
    words: tuple[str, ...], phrases: tuple[str, ...], strip_clitics: bool
) -> None:
    assert _has(words, phrases, strip_clitics=strip_clitics) == _has_by_substring(
        words, phrases, strip_clitics=strip_clitics
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_roles_has_agrees_with_a_substring_search_on_the_marker_lists(language: str) -> None:
    markers = _markers(language)
    for phrases in (markers.agent, markers.target, markers.exposure, markers.beneficiary, markers.head_of):
        for phrase in phrases:
            words = tuple(phrase.split())
            for gap in (words, ("x", *words), (*words, "x"), words[:-1], ("و" + words[0], *words[1:])):
                for strip in (True, False):
                    assert _has(gap, phrases, strip_clitics=strip) == _has_by_substring(
                        gap, phrases, strip_clitics=strip
                    ), (phrase, gap, strip)


@pytest.mark.parametrize(
    "text, agent_words, target_words",
    [
        # "IS" in capitals is the group, not the auxiliary of a passive.
        ("IS executes a man in the main square of al-Mayadin.", "IS", "a man"),
        # A progressive is active: the subject is still the agent.
        ("ISIS fighters were attacking army posts near Palmyra.", "ISIS", "army"),
        # In a headline in capitals, WAS is still the auxiliary.
        ("A REGIME CONVOY WAS AMBUSHED BY IS NEAR PALMYRA", "IS", "REGIME"),
    ],
)
def test_roles_english_auxiliaries_make_only_participles_passive(
    text: str, agent_words: str, target_words: str
) -> None:
    roles = _roles(text, language="en")
    assert "actor1" in _role_of(roles, agent_words)
    assert _role_of(roles, target_words) <= {"actor2", "victim"} and _role_of(roles, target_words)


@pytest.mark.parametrize(
    ("text", "agent", "target"),
    [
        ("ISIS militants killed five soldiers near Palmyra.", "ISIS", "soldiers"),
        ("Regime forces killed 12 civilians in Idlib.", "Regime", "civilians"),
    ],
)
def test_roles_an_english_killing_word_with_an_object_is_active(text: str, agent: str, target: str) -> None:
    roles = _roles(text, language="en")
    assert _role_of(roles, agent) == {"actor1"}
    assert _role_of(roles, target) <= {"actor2", "victim"} and _role_of(roles, target)


def test_roles_an_english_killing_word_without_an_object_is_passive() -> None:
    assert _role_of(_roles("Five soldiers killed near Palmyra.", language="en"), "soldiers") == {"actor2"}


@pytest.mark.parametrize(
    ("text", "language", "denier", "role"),
    [
        # The denier is the alleged doer when the sentence names no other ...
        ("نفت قسد اعتقال نساء في بلدة الشحيل.", "ar", "قسد", "actor1"),
        ("The SDF denied arresting three women in al-Shuhayl.", "en", "SDF", "actor1"),
        # ... and no party to the event when it does.
        (
            "نفى المكتب الإعلامي لقوات سوريا الديمقراطية اعتقال عناصر قسد نساء في الشحيل.",
            "ar",
            "قوات سوريا",
            "other",
        ),
    ],
)
def test_roles_who_denies_an_event_is_its_alleged_doer_or_no_party(
    text: str, language: str, denier: str, role: str
) -> None:
    assert _role_of(_roles(text, language=language), denier) == {role}


@pytest.mark.parametrize(
    ("text", "language", "words", "role"),
    [
        # A party named in the charge is no party to the arrest.
        (
            "اعتقلت قوات النظام ثلاثة شبان بتهمة التواصل مع فصائل المعارضة في درعا.",
            "ar",
            "فصائل المعارضة",
            "other",
        ),
        (
            "The SDF arrested two men on charges of belonging to ISIS cells in al-Busayra.",
            "en",
            "ISIS",
            "other",
        ),
        # A count right after an arrest verb is whom they arrested.
        ("وقالت مصادر إن القوات اعتقلت ستة أشخاص في البلدة.", "ar", "أشخاص", "actor2"),
        # "fighters of an X": X lost the fighters.
        (
            "Five fighters of an Iranian-backed militia were killed when ISIS stormed their post.",
            "en",
            "militia",
            "actor2",
        ),
    ],
)
def test_roles_charges_counts_and_partitives(text: str, language: str, words: str, role: str) -> None:
    assert _role_of(_roles(text, language=language), words) == {role}


def test_roles_the_group_the_dead_belonged_to_lost_them() -> None:
    roles = _roles(
        "The dead belonged to the Fatemiyoun brigade, and two more fighters were wounded.", language="en"
    )
    assert _role_of(roles, "Fatemiyoun") == {"actor2"}


@pytest.mark.parametrize(
    ("text", "words", "role"),
    [
        # A sound plural in -ون right after a killing verb, with an object after it, is the subject.
        ("قتل مسلحون مجهولون شابين في بلدة الشحيل.", "مسلحون", "actor1"),
        # ... and the plain people it killed are civilian victims (an attack on civilians).
        ("قتل مسلحون مجهولون شابين في بلدة الشحيل.", "شابين", "victim"),
        # Duals and the accusative name people too.
        ("أعدم تنظيم داعش رجلين في ساحة بلدة الشحيل.", "رجلين", "victim"),
    ],
)
def test_roles_arabic_subjects_and_objects_of_a_killing_verb(text: str, words: str, role: str) -> None:
    assert _role_of(_roles(text), words) == {role}


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("هاجم مسلحون يُرجح أنهم من تنظيم داعش حاجزاً لقوات النظام في البادية.", "ar", "داعش"),
        ("قتل عنصران من الأمن العام بهجوم شنه مسلحون يعتقد أنهم من خلايا التنظيم قرب البلدة.", "ar", "خلايا"),
        ("استهدف مسلحون يشتبه بانتمائهم إلى تنظيم داعش سيارة للجيش قرب تدمر.", "ar", "داعش"),
        ("Gunmen believed to be from ISIS ambushed an army patrol near Palmyra.", "en", "ISIS"),
    ],
)
def test_roles_who_the_doers_are_believed_to_be_acted_too(text: str, language: str, words: str) -> None:
    # A party named as who the attackers are suspected to be is in the attackers' role, not the
    # target's: the partitive after "يعتقد أنهم" describes the gunmen.
    assert _role_of(_roles(text, language=language), words) == {"actor1"}


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("نفذت قوات الأمن العام حملة تمشيط في قرى ريف حمص بحثاً عن فلول النظام البائد.", "ar", "فلول"),
        ("أطلقت قسد حملة أمنية في ريف دير الزور لملاحقة خلايا تنظيم داعش.", "ar", "خلايا"),
        (
            "The SDF launched a security operation east of Deir ez-Zor to hunt down Islamic State cells.",
            "en",
            "Islamic",
        ),
    ],
)
def test_roles_whom_a_sweep_hunts_is_acted_on(text: str, language: str, words: str) -> None:
    assert _role_of(_roles(text, language=language), words) == {"actor2"}


def test_roles_an_unnamed_group_of_a_named_party_is_on_its_side_of_a_clash() -> None:
    roles = _roles(
        "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وفصائل من الجيش السوري في محيط سد تشرين."
    )
    assert _role_of(roles, "قوات سوريا الديمقراطية") == {"actor1"}
    assert _role_of(roles, "فصائل") == {"actor2"}
    assert _role_of(roles, "الجيش السوري") == {"actor2"}


@pytest.mark.parametrize(
    ("text", "language", "doer"),
    [
        ("نفذت قوات الأمن العام حملة تمشيط واسعة في قرى ريف حمص، واعتقلت خلالها 12 شخصاً.", "ar", "SYR_GOV"),
        ("The SDF launched a raid on a house in al-Busayrah and detained two men.", "en", "SDF"),
    ],
)
def test_roles_a_joined_verb_shares_the_subject_of_an_event_nouns_light_verb(
    text: str, language: str, doer: str
) -> None:
    document = Document(id="t", text=text, language=language, published="2025-05-02")
    arrests = [e for e in extract_events(document) if e.event_type == "arrest"]
    assert arrests
    assert {(a.id or "").split(".")[0] for a in arrests[0].actors if a.role == "actor1"} == {doer}


def test_roles_men_detained_are_civilian_victims() -> None:
    roles = _roles("Israeli forces entered the village of Jamla and detained two men.", language="en")
    assert ("victim", "CIV", "men") in roles


@pytest.mark.parametrize(
    ("text", "language", "first", "second"),
    [
        (
            "اندلعت اشتباكات بين الفصائل الدرزية وقوات الأمن العام في مدينة السويداء.",
            "ar",
            "الفصائل الدرزية",
            "الأمن العام",
        ),
        (
            "Clashes broke out between Druze factions and government forces in Sweida city.",
            "en",
            "Druze",
            "government",
        ),
    ],
)
def test_roles_a_group_without_an_id_named_first_is_the_first_side_of_a_clash(
    text: str, language: str, first: str, second: str
) -> None:
    roles = _roles(text, language=language)
    assert _role_of(roles, first) == {"actor1"}
    assert _role_of(roles, second) == {"actor2"}


def test_roles_the_subject_between_a_killing_verb_and_its_object_acted() -> None:
    # "قتل [subject] [object] بإطلاق النار": the gunmen and the commander are not one side.
    roles = _roles("قتل مسلحون مجهولون القيادي السابق أحمد الخلف بإطلاق النار عليه في مدينة جاسم.")
    assert _role_of(roles, "مسلحون مجهولون") == {"actor1"}
    assert _role_of(roles, "القيادي") == {"actor2"}


@pytest.mark.parametrize(
    ("text", "language", "loyal"),
    [
        (
            "اندلعت اشتباكات عنيفة بين قوات الأمن العام ومسلحين موالين للنظام البائد في ريف جبلة.",
            "ar",
            "مسلحين",
        ),
        ("هاجم مسلحون موالون للرئيس المخلوع بشار الأسد حاجزاً للأمن العام في بانياس.", "ar", "مسلحون"),
        (
            "Fighting broke out between Syrian security forces and gunmen loyal to former president "
            "Bashar al-Assad in Latakia.",
            "en",
            "gunmen",
        ),
    ],
)
def test_roles_gunmen_loyal_to_the_old_regime_are_its_side(text: str, language: str, loyal: str) -> None:
    roles = _roles(text, language=language)
    regime = {role for role, actor_id, _ in roles if actor_id == "SYR_REGIME"}
    assert regime and regime == _role_of(roles, loyal)
    assert "UNKNOWN_ARMED" not in {actor_id for _, actor_id, _ in roles}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("HTS detained three media activists in Idlib city after they criticized the group.", "en"),
        ("اعتقلت هيئة تحرير الشام ناشطين إعلاميين في مدينة إدلب.", "ar"),
    ],
)
def test_roles_activists_detained_are_civilian_victims(text: str, language: str) -> None:
    assert "CIV" in {actor_id for role, actor_id, _ in _roles(text, language=language) if role == "victim"}
