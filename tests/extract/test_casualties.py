"""Tests for rasid.extract.casualties: deaths and injuries tied to Arabic and English cues."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.data import read_toml
from rasid.extract.casualties import CasualtyMention, find_casualties

Row = tuple[str, int | None, int | None, int | None]


def rows(text: str) -> list[Row]:
    return [(m.kind, m.quantity.count, m.quantity.min, m.quantity.max) for m in find_casualties(text)]


def check_spans(text: str, found: list[CasualtyMention]) -> None:
    for mention in found:
        span = mention.quantity.span
        assert span is not None
        assert text[span[0] : span[1]] == mention.quantity.text
        assert text[mention.cue_span[0] : mention.cue_span[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أفادت مصادر بمقتل 5 عناصر من قوات النظام", [("fatalities", 5, 5, 5)]),
        ("أفادت مصادر بمقتل ٥ عناصر من قوات النظام", [("fatalities", 5, 5, 5)]),
        ("سقط 5 قتلى في القصف", [("fatalities", 5, 5, 5)]),
        ("قتل خمسة من عناصر الميليشيا", [("fatalities", 5, 5, 5)]),
        ("قُتل خمسةُ عناصر", [("fatalities", 5, 5, 5)]),
        ("لقي 3 أشخاص حتفهم بانفجار لغم", [("fatalities", 3, 3, 3)]),
        ("لقوا حتفهم وعددهم 4", [("fatalities", 4, 4, 4)]),
        ("استشهد 7 مدنيين", [("fatalities", 7, 7, 7)]),
        ("ارتفعت حصيلة القتلى إلى 15", [("fatalities", 15, 15, 15)]),
        ("مقتل ما لا يقل عن 12 شخصاً", [("fatalities", None, 12, None)]),
        ("مقتل أكثر من عشرة عناصر", [("fatalities", None, 11, None)]),
        ("مقتل العشرات من المدنيين", [("fatalities", None, 24, 99)]),
        ("مقتل عدد من العناصر", [("fatalities", None, 2, None)]),
        ("أسفر عن مقتل عنصرين", [("fatalities", 2, 2, 2)]),
        ("سقوط قتيلين", [("fatalities", 2, 2, 2)]),
        ("أصيب 4 مدنيين بجروح", [("injuries", 4, 4, 4)]),
        ("وقوع 6 إصابات", [("injuries", 6, 6, 6)]),
        ("عشرة جرحى", [("injuries", 10, 10, 10)]),
        ("جرح ثلاثة مدنيين", [("injuries", 3, 3, 3)]),
        ("ارتفع عدد القتلى في صفوف الميليشيات إلى 12 عنصراً", [("fatalities", 12, 12, 12)]),
        ("قتل 5 مدنيين بينهم 3 أطفال و2 من النساء", [("fatalities", 5, 5, 5)]),
        # The pronoun counts the dead, unless the sentence already counts them.
        ("استهدفت مسيرة سيارتهما ما أدى إلى مقتلهما", [("fatalities", 2, 2, 2)]),
        ("استهدفت مسيرة سيارته ما أدى إلى مقتله", [("fatalities", 1, 1, 1)]),
        ("قتل مسلحون ثلاثة شبان ما أدى إلى مقتلهم", [("fatalities", 3, 3, 3)]),
        ("أطلق مسلحون النار على شاب ما أدى إلى مقتله", [("fatalities", 1, 1, 1)]),
        ("قتل مسلحون شاباً في درعا وأدى الهجوم إلى مقتله", [("fatalities", 1, 1, 1)]),
    ],
)
def test_casualties_arabic_single_figures(text: str, expected: list[Row]) -> None:
    found = find_casualties(text)
    assert rows(text) == expected
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أسفر الهجوم عن مقتل عنصرين وإصابة ثلاثة آخرين",
            [("fatalities", 2, 2, 2), ("injuries", 3, 3, 3)],
        ),
        ("مقتل 3 وإصابة 5", [("fatalities", 3, 3, 3), ("injuries", 5, 5, 5)]),
        ("5 قتلى و3 جرحى", [("fatalities", 5, 5, 5), ("injuries", 3, 3, 3)]),
        ("5 قتلى 3 جرحى", [("fatalities", 5, 5, 5), ("injuries", 3, 3, 3)]),
        (
            "قتل 5 مدنيين بينهم 3 أطفال وجرح 10 آخرون",
            [("fatalities", 5, 5, 5), ("injuries", 10, 10, 10)],
        ),
        ("مقتل 4 مدنيين و6 عناصر", [("fatalities", 4, 4, 4), ("fatalities", 6, 6, 6)]),
    ],
)
def test_casualties_arabic_deaths_and_injuries_together(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected
    check_spans(text, find_casualties(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strike killed 6 civilians", [("fatalities", 6, 6, 6)]),
        ("killing 6 civilians, including 2 women", [("fatalities", 6, 6, 6)]),
        ("Six people died and two were hurt", [("fatalities", 6, 6, 6), ("injuries", 2, 2, 2)]),
        ("4 soldiers were killed and 7 wounded", [("fatalities", 4, 4, 4), ("injuries", 7, 7, 7)]),
        ("3 killed, 5 injured", [("fatalities", 3, 3, 3), ("injuries", 5, 5, 5)]),
        ("killed 5, injured 3", [("fatalities", 5, 5, 5), ("injuries", 3, 3, 3)]),
        ("the bodies of 12 men were found", [("fatalities", 12, 12, 12)]),
        ("at least 20 dead", [("fatalities", None, 20, None)]),
        ("between 5 and 7 people were killed", [("fatalities", None, 5, 7)]),
        ("dozens of civilians were wounded", [("injuries", None, 24, 99)]),
        ("5 ISIS members killed 3 civilians", [("fatalities", 3, 3, 3)]),
        ("wounding twenty-five others", [("injuries", 25, 25, 25)]),
        ("28 members of the regime forces were killed", [("fatalities", 28, 28, 28)]),
        (
            "143 killed yesterday, including 28 soldiers, and 34 civilians died in the shelling",
            [("fatalities", 143, 143, 143)],
        ),
        ("kill &#8220;Abu Omar&#8221; and others", []),
    ],
)
def test_casualties_english(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected
    check_spans(text, find_casualties(text))


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("مقتل عنصر من قسد", [("fatalities", 1, 1, 1)], "عنصر"),
        ("مقتل الشاب برصاص مجهولين", [("fatalities", 1, 1, 1)], "الشاب"),
        ("مقتل طفل وامرأة", [("fatalities", 2, 2, 2)], "طفل وامرأة"),
        ("لقي شاب حتفه", [("fatalities", 1, 1, 1)], "حتفه"),
        ("لقيت امرأة مصرعها", [("fatalities", 1, 1, 1)], "مصرعها"),
        ("A soldier was killed", [("fatalities", 1, 1, 1)], "A soldier"),
        ("killing a civilian", [("fatalities", 1, 1, 1)], "a civilian"),
    ],
)
def test_casualties_one_person_named_by_a_singular_noun(text: str, expected: list[Row], words: str) -> None:
    found = find_casualties(text)
    assert rows(text) == expected
    assert found[0].quantity.text == words
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no casualties were reported", [("fatalities", 0, 0, 0), ("injuries", 0, 0, 0)]),
        ("There were no injuries", [("injuries", 0, 0, 0)]),
        ("no one was killed", [("fatalities", 0, 0, 0)]),
        ("انفجرت عبوة دون وقوع إصابات", [("fatalities", 0, 0, 0), ("injuries", 0, 0, 0)]),
        ("القصف لم يسفر عن إصابات", [("fatalities", 0, 0, 0), ("injuries", 0, 0, 0)]),
        ("دون أن يسفر ذلك عن وقوع إصابات", [("fatalities", 0, 0, 0), ("injuries", 0, 0, 0)]),
        ("ولم يسفر القصف عن قتلى", [("fatalities", 0, 0, 0)]),
        ("لم يصب أحد بأذى", [("fatalities", 0, 0, 0), ("injuries", 0, 0, 0)]),
    ],
)
def test_casualties_negated_cues_are_zero(text: str, expected: list[Row]) -> None:
    found = find_casualties(text)
    assert rows(text) == expected
    check_spans(text, found)


def test_casualties_negation_needs_the_right_words_in_between() -> None:
    assert rows("لم تعرف حتى الآن أعداد القتلى") == [("fatalities", None, 1, None)]


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("سقوط قتلى وجرحى", [("fatalities", None, 1, None), ("injuries", None, 1, None)], ["قتلى", "جرحى"]),
        (
            "ينتج عنها قتلى وجرحى من قوات النظام",
            [("fatalities", None, 1, None), ("injuries", None, 1, None)],
            ["قتلى", "جرحى"],
        ),
        ("people were killed", [("fatalities", None, 1, None)], ["killed"]),
    ],
)
def test_casualties_cue_without_number_means_at_least_one(
    text: str, expected: list[Row], words: list[str]
) -> None:
    found = find_casualties(text)
    assert rows(text) == expected
    assert [m.quantity.text for m in found] == words
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "expected", "cue"),
    [
        ("أسفر القصف عن سقوط 12 بين قتيل وجريح", [("casualties", 12, 12, 12)], "بين قتيل وجريح"),
        ("أسفر القصف عن سقوط ١٢ بين قتيلٍ وجريح", [("casualties", 12, 12, 12)], "بين قتيلٍ وجريح"),
        ("سقوط 12 ما بين قتيل وجريح", [("casualties", 12, 12, 12)], "بين قتيل وجريح"),
        ("سقوط 9 قتلى وجرحى", [("casualties", 9, 9, 9)], "قتلى وجرحى"),
        ("سقوط 12 قتيلاً وجريحاً", [("casualties", 12, 12, 12)], "قتيلاً وجريحاً"),
        ("خلف الهجوم 15 ضحية بين قتيل وجريح", [("casualties", 15, 15, 15)], "بين قتيل وجريح"),
        ("عشرات الضحايا بين قتيل وجريح", [("casualties", None, 24, 99)], "بين قتيل وجريح"),
        ("أدى الانفجار إلى مقتل وإصابة 8 أشخاص", [("casualties", 8, 8, 8)], "مقتل وإصابة"),
        ("ارتفعت حصيلة القتلى والجرحى إلى 20", [("casualties", 20, 20, 20)], "القتلى والجرحى"),
        ("12 people were killed or wounded", [("casualties", 12, 12, 12)], "killed or wounded"),
        ("the blast left 12 dead and injured", [("casualties", 12, 12, 12)], "dead and injured"),
        ("the shelling caused 12 casualties", [("casualties", 12, 12, 12)], "casualties"),
        ("killing and wounding at least 30 people", [("casualties", None, 30, None)], "killing and wounding"),
        ("The number of dead and wounded rose to 30", [("casualties", 30, 30, 30)], "dead and wounded"),
        ("16 casualties at least were killed", [("fatalities", 16, 16, 16)], "killed"),
    ],
)
def test_casualties_lumped_dead_and_wounded_are_not_deaths(text: str, expected: list[Row], cue: str) -> None:
    found = find_casualties(text)
    assert rows(text) == expected
    assert text[found[0].cue_span[0] : found[0].cue_span[1]] == cue
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مقتل 3 وإصابة 5 بقصف", [("fatalities", 3, 3, 3), ("injuries", 5, 5, 5)]),
        ("killed 5 and wounded 3", [("fatalities", 5, 5, 5), ("injuries", 3, 3, 3)]),
        ("سقوط قتلى وجرحى", [("fatalities", None, 1, None), ("injuries", None, 1, None)]),
        ("people were killed and wounded", [("fatalities", None, 1, None), ("injuries", None, 1, None)]),
        ("سقوط ضحايا بين قتيل وجريح", [("fatalities", None, 1, None), ("injuries", None, 1, None)]),
        ("the strike caused heavy casualties", [("casualties", None, 1, None)]),
        ("أسفر القصف عن خسائر بشرية", [("casualties", None, 1, None)]),
        ("casualties as 3 were killed", [("fatalities", 3, 3, 3)]),
        ("no casualties were reported", [("fatalities", 0, 0, 0), ("injuries", 0, 0, 0)]),
        (
            "سقوط 20 بين قتيل وجريح، ومقتل 4 في بلدة مجاورة",
            [("casualties", 20, 20, 20), ("fatalities", 4, 4, 4)],
        ),
    ],
)
def test_casualties_lumped_only_with_one_number(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected
    check_spans(text, find_casualties(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مقتل 12 شخصاً بقصف", [("fatalities", 12, 12, 12)]),
        ("إصابة 15 عنصرا", [("injuries", 15, 15, 15)]),
        ("مقتل 3 أشخاص من عائلة واحدة", [("fatalities", 3, 3, 3)]),
    ],
)
def test_casualties_counted_noun_is_not_one_more_person(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


def test_casualties_unknown_figure_only_when_no_number_of_that_kind() -> None:
    assert rows("قتلى في القصف ومقتل 3 عناصر") == [("fatalities", 3, 3, 3)]


@pytest.mark.parametrize(
    "text",
    [
        "قتل طفل يبلغ من العمر 12 عاماً",
        "killed in 2019",
        "قتل في 12 آذار 2023",
        "مقتل 5 وتدمير 3 آليات",
        "قتل عند الكيلو 40",
        "وقتل عنصر من اللواء 47",
        "killed 12 km from the town",
        "قتل خلال 24 ساعة",
        "killed on March 12",
    ],
)
def test_casualties_numbers_that_count_other_things_are_left_out(text: str) -> None:
    counts = {m.quantity.count for m in find_casualties(text)}
    assert not counts & {12, 2019, 3, 40, 47, 24}


def test_casualties_several_incidents_all_returned_in_order() -> None:
    text = "قتل 3 في دير الزور، وفي حادثة أخرى قتل 4 في الرقة."
    found = find_casualties(text)
    assert [(m.kind, m.quantity.count) for m in found] == [("fatalities", 3), ("fatalities", 4)]
    check_spans(text, found)


def test_casualties_stop_at_sentence_end() -> None:
    assert rows("سقطت 5 قذائف على البلدة. وسقط قتلى") == [("fatalities", None, 1, None)]
    assert rows("Five families fled. Later two were killed") == [("fatalities", 2, 2, 2)]


def test_casualties_no_cue_no_result() -> None:
    assert find_casualties("قصفت قوات النظام 5 قرى في ريف دير الزور") == []
    assert find_casualties("") == []


def test_casualties_cue_span_points_at_the_cue() -> None:
    text = "أسفر الهجوم عن مقتل خمسة عناصر"
    (mention,) = find_casualties(text)
    assert text[mention.cue_span[0] : mention.cue_span[1]] == "مقتل"
    assert mention.quantity.text == "خمسة"


def test_casualties_data_file_every_cue_takes_a_number() -> None:
    data = read_toml("lexicons/casualties.toml")
    for group in data["cues"]:
        for word in group["words"]:
            text = f"{word} 7" if group["side"] == "after" else f"7 {word}"
            found = [(m.kind, m.quantity.count) for m in find_casualties(text)]
            assert (group["kind"], 7) in found, (word, found)


def test_casualties_data_file_every_zero_word_is_negated() -> None:
    data = read_toml("lexicons/casualties.toml")
    for word, kind in data["zero"]["words"].items():
        negator = "no" if word.isascii() else "دون"
        kinds = {m.kind for m in find_casualties(f"{negator} {word}") if m.quantity.count == 0}
        assert kinds == ({"fatalities", "injuries"} if kind == "both" else {kind}), word


VOCABULARY = [
    "مقتل", "قتلى", "وجرحى", "وإصابة", "5", "خمسة", "عنصرين", "بينهم", "دون", "وقوع", "إصابات",
    "killed", "wounded", "including", "no", "casualties", "a", "soldier", "at", "least", "12",
    "بين قتيل وجريح", "or", "شخصاً",
    "،", ",", ".", "عام", "2017", "آذار", "ً", "ـ", "حتفه",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=14))
def test_casualties_spans_slice_back(words: list[str]) -> None:
    text = " ".join(words)
    found = find_casualties(text)
    check_spans(text, found)
    for mention in found:
        assert mention.kind in ("fatalities", "injuries", "casualties")
        q = mention.quantity
        assert q.min is None or q.max is None or q.min <= q.max


@pytest.mark.parametrize(
    "text",
    [
        "The shelling goes on, raising to 233 the number of people killed since August 2018.",
        "Some 930 people were killed during 41 days of military operations around the town.",
        "Renewed strikes bring to more than 390 the civilians killed since the start of the escalation.",
        "ارتفع إلى 120 عدد القتلى منذ بداية الشهر جراء القصف على البلدة",
        "قتل 40 عنصراً خلال 5 أيام من المعارك في ريف حماة",
        "Over the past two weeks 40 people were killed in the province.",
    ],
)
def test_casualties_running_totals_over_days_are_not_one_incidents_toll(text: str) -> None:
    assert all(m.quantity.count is None and (m.quantity.min or 0) <= 1 for m in find_casualties(text))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("In the deadliest strike in months, 5 people were killed in the city.", 5),
        ("Three civilians were killed in the town, which has been besieged since 2015.", 3),
        ("قتل 3 مدنيين في قصف على البلدة المحاصرة منذ عام 2015", 3),
        ("Five people were killed in an attack 3 days ago.", 5),
        ("The death toll of the market bombing rose to 12 on Sunday.", 12),
        # Two or three days of fighting are one battle, whose toll the figure is.
        ("قتل 40 عنصراً خلال 3 أيام من المعارك في ريف حماة", 40),
        ("وأسفرت المعارك خلال اليومين الماضيين عن مقتل 11 عنصراً", 11),
        ("Forty fighters were killed in two days of fighting in Idlib province.", 40),
        # A subset told as an aside between commas stands in no count's way.
        ("Three civilians, including a child, were killed when a car bomb exploded in Afrin.", 3),
        # A toll that rose to a figure, however long the event's name before it.
        ("ارتفع عدد قتلى التفجير الذي استهدف سوقاً في مدينة منبج إلى 19 شخصاً", 19),
    ],
)
def test_casualties_a_date_or_superlative_near_the_toll_is_no_period(text: str, count: int) -> None:
    assert [m.quantity.count for m in find_casualties(text) if m.kind == "fatalities"] == [count]


@pytest.mark.parametrize(
    "text",
    [
        "The death toll of the market bombing rose to 12 on Sunday.",
        "The toll from Sunday's car bomb rose to 12.",
        "ارتفعت حصيلة قتلى التفجير الذي ضرب السوق الشعبي إلى 12",
    ],
)
def test_casualties_what_a_toll_rose_to_counts_however_far_the_toll(text: str) -> None:
    assert [m.quantity.count for m in find_casualties(text) if m.kind == "fatalities"] == [12]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A second figure coordinated with the first takes its cue (one verb, two sides).
        (
            "وقتل 5 عناصر من هيئة تحرير الشام و3 من قوات النظام خلال اشتباكات",
            [("fatalities", 5, 5, 5), ("fatalities", 3, 3, 3)],
        ),
        (
            "Five HTS fighters and three regime soldiers were killed in clashes",
            [("fatalities", 5, 5, 5), ("fatalities", 3, 3, 3)],
        ),
        # A cue between them leads its own figure: no coordination.
        ("قتل 5 عناصر وأصيب 3 آخرون", [("fatalities", 5, 5, 5), ("injuries", 3, 3, 3)]),
        # Coordinated figures after "بينهم" are a breakdown of the figure before, not more dead.
        ("قتل 10 أشخاص بينهم 3 أطفال و2 نساء", [("fatalities", 10, 10, 10)]),
    ],
)
def test_casualties_coordinated_figures_share_their_cue(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


def test_casualties_a_subset_word_before_another_cue_does_not_swallow_its_figure() -> None:
    # "بينهم طفلان" is a breakdown of the dead; "أصيب 7" after it is the wounded.
    assert rows("قتل 4 مدنيين بينهم طفلان وأصيب 7 آخرون") == [("fatalities", 4, 4, 4), ("injuries", 7, 7, 7)]


def test_casualties_a_number_counting_a_family_is_no_toll() -> None:
    # "three members of one family": three dead, not three and one.
    text = "A landmine exploded near Hama, killing three members of one family who were collecting truffles."
    assert [(c.kind, c.quantity.count) for c in find_casualties(text)] == [("fatalities", 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قضى طفل وأصيب آخران بانفجار قنبلة عنقودية", [("fatalities", 1, 1, 1), ("injuries", 2, 2, 2)]),
        ("قضى ثلاثة مدنيين بقصف مدفعي", [("fatalities", 3, 3, 3)]),
        ("قضت المحكمة بسجنه خمس سنوات", []),
    ],
)
def test_casualties_died_and_two_others(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected
