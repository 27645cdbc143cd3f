"""Tests for rasid.extract.casualties.assign_sides: whose people a casualty figure counts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.data import read_toml
from rasid.extract.actors import ActorDictionary
from rasid.extract.casualties import CasualtySide, assign_sides, find_casualties
from rasid.extract.events import extract_events
from rasid.records import Document, Span

Row = tuple[str, str | None, str | None]  # kind, actor id, actor words


@dataclass(frozen=True)
class FakeActor:
    """Any object with span, id and text will do (ActorLike)."""

    span: Span
    id: str | None
    text: str


def sides_of(text: str) -> list[CasualtySide]:
    actors = ActorDictionary.load_default().find(text)
    return assign_sides(text, find_casualties(text), actors)


def rows(text: str) -> list[Row]:
    return [(s.kind, s.actor_id, s.actor_text) for s in sides_of(text)]


def check_spans(text: str, sides: list[CasualtySide]) -> None:
    for side in sides:
        if side.actor_span is None:
            assert side.actor_text is None
            assert side.actor_id is None
        else:
            assert text[side.actor_span[0] : side.actor_span[1]] == side.actor_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أفادت شبكة محلية بمقتل 5 عناصر من قوات النظام قرب البلدة",
            [("fatalities", "SYR_REGIME", "قوات النظام")],
        ),
        ("أفادت شبكة محلية بمقتل ٥ عناصر من قوات النظام", [("fatalities", "SYR_REGIME", "قوات النظام")]),
        (
            "قتل عنصران من ميليشيا فاطميون بانفجار لغم",
            [("fatalities", "IRN_MIL.FATEMIYOUN", "ميليشيا فاطميون")],
        ),
        ("قُتل عنصرانِ من ميليشيا فاطميون", [("fatalities", "IRN_MIL.FATEMIYOUN", "ميليشيا فاطميون")]),
        ("مقتل ثلاثة من عناصر قسد في كمين", [("fatalities", "SDF", "عناصر قسد")]),
        ("مقتل عنصر من قسد برصاص مجهولين", [("fatalities", "SDF", "قسد")]),
        # A name in quotes is still the side the count names.
        ('قتل 3 عناصر من "هيئة تحرير الشام" بكمين', [("fatalities", "HTS", "هيئة تحرير الشام")]),
        ("قتل 3 عناصر من «قسد» بهجوم", [("fatalities", "SDF", "قسد")]),
        ("مقتل 7 من مسلحي داعش بغارة", [("fatalities", "ISIS", "مسلحي داعش")]),
        ("سقوط قتلى في صفوف قوات النظام", [("fatalities", "SYR_REGIME", "قوات النظام")]),
        ("مقتل قيادي في داعش", [("fatalities", "ISIS", "داعش")]),
        # ل and the article share a letter, so the name's words keep the ل
        ("أصيب 4 عناصر تابعين للفرقة الرابعة", [("injuries", "SYR_REGIME.DIV4", "للفرقة الرابعة")]),
        ("سقوط 12 بين قتيل وجريح من قوات النظام", [("casualties", "SYR_REGIME", "قوات النظام")]),
        ("5 قتلى من قسد", [("fatalities", "SDF", "قسد")]),
    ],
)
def test_casualty_sides_arabic_partitive(text: str, expected: list[Row]) -> None:
    found = sides_of(text)
    assert rows(text) == expected
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The ambush ended up killing three soldiers of the regime",
            [("fatalities", "SYR_REGIME", "the regime")],
        ),
        ("4 SDF fighters were killed near the dam", [("fatalities", "SDF", "SDF fighters")]),
        ("five ISIS militants were killed in the raid", [("fatalities", "ISIS", "ISIS militants")]),
        ("Two Turkish soldiers were killed", [("fatalities", "TUR_MIL", "Turkish soldiers")]),
        ("12 casualties among SDF fighters", [("casualties", "SDF", "SDF fighters")]),
        (
            "The raid killed 5 ISIS members and 3 civilians",
            [("fatalities", "ISIS", "ISIS"), ("fatalities", "CIV", "civilians")],
        ),
    ],
)
def test_casualty_sides_english_partitive(text: str, expected: list[Row]) -> None:
    found = sides_of(text)
    assert rows(text) == expected
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("مقتل مدنيين بقصف مدفعي", "مدنيين"),
        ("مقتل طفلين بانفجار", "طفلين"),
        ("مقتل طفلتين بانفجار", "طفلتين"),
        ("مقتل امرأة بقصف", "امرأة"),
        ("مقتل إمرأة بقصف", "إمرأة"),
        ("استشهد 3 أطفال", "أطفال"),
        ("مقتل 3 أشخاص من عائلة واحدة", "عائلة"),
        ("killing a civilian", "a civilian"),
        ("two children were killed", "children"),
        ("a woman was wounded", "woman"),
    ],
)
def test_casualty_sides_civilian_nouns_are_civ(text: str, words: str) -> None:
    (side,) = sides_of(text)
    assert side.actor_id == "CIV"
    assert words in (side.actor_text or "")
    check_spans(text, [side])


@pytest.mark.parametrize(
    "text",
    [
        "مقتل جنديين تركيين بقصف",
        "مقتل 3 أشخاص في الريف الشرقي",
        "مقتل 5 عناصر بهجوم لداعش",
        "إصابة 3 أشخاص من قبل قسد",
        "4 people were killed by ISIS",
        "killed 5 in an ISIS attack",
        "A soldier was killed",
    ],
)
def test_casualty_sides_none_when_nothing_names_the_side(text: str) -> None:
    found = sides_of(text)
    assert found
    assert all(s.actor_id is None and s.actor_text is None and s.actor_span is None for s in found)


def test_casualty_sides_nationality_needs_the_actor_dictionary() -> None:
    text = "مقتل جنديين تركيين بقصف"
    casualties = find_casualties(text)
    assert assign_sides(text, casualties, [])[0].actor_id is None
    start = text.index("جنديين")
    actor = FakeActor((start, start + len("جنديين تركيين")), "TUR_MIL", "جنديين تركيين")
    (side,) = assign_sides(text, casualties, [actor])
    assert (side.actor_id, side.actor_text, side.actor_span) == ("TUR_MIL", actor.text, actor.span)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "مقتل 5 عناصر من قوات النظام وإصابة 3 آخرين",
            [("fatalities", "SYR_REGIME", "قوات النظام"), ("injuries", "SYR_REGIME", "قوات النظام")],
        ),
        ("مقتل 3 مدنيين وإصابة 5 آخرين", [("fatalities", "CIV", "مدنيين"), ("injuries", "CIV", "مدنيين")]),
        (
            "قتلى وجرحى من قوات النظام",
            [("fatalities", "SYR_REGIME", "قوات النظام"), ("injuries", "SYR_REGIME", "قوات النظام")],
        ),
        (
            "مقتل 4 مدنيين و6 عناصر من قوات النظام",
            [("fatalities", "CIV", "مدنيين"), ("fatalities", "SYR_REGIME", "قوات النظام")],
        ),
        ("5 قتلى و3 جرحى من قسد", [("fatalities", None, None), ("injuries", "SDF", "قسد")]),
        ("إصابة 3 آخرين", [("injuries", None, None)]),
    ],
)
def test_casualty_sides_several_figures(text: str, expected: list[Row]) -> None:
    found = sides_of(text)
    assert rows(text) == expected
    check_spans(text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت قسد مقتل 3 من مقاتليها", "SDF"),
        ("أعلنت قوات النظام مقتل 4 من عناصرها", "SYR_REGIME"),
        ("The SDF said three of its fighters were killed", "SDF"),
        ("مقتل 3 من مقاتليها", None),  # nobody named before the count
    ],
)
def test_casualty_sides_possessive_points_back(text: str, expected: str | None) -> None:
    found = sides_of(text)
    assert [s.actor_id for s in found] == [expected]
    check_spans(text, found)


def test_casualty_sides_keep_order_kind_and_quantity() -> None:
    text = "مقتل 4 مدنيين و6 عناصر من قوات النظام"
    casualties = find_casualties(text)
    actors = ActorDictionary.load_default().find(text)
    reversed_sides = assign_sides(text, list(reversed(casualties)), actors)
    assert [(s.kind, s.quantity) for s in reversed_sides] == [
        (m.kind, m.quantity) for m in reversed(casualties)
    ]
    assert [s.actor_id for s in reversed_sides] == ["SYR_REGIME", "CIV"]
    assert assign_sides(text, [], actors) == []


def test_casualty_sides_given_actors_only() -> None:
    text = "مقتل 5 عناصر من قوات النظام"
    assert [s.actor_id for s in assign_sides(text, find_casualties(text), [])] == [None]


def test_casualty_sides_data_file_every_civilian_noun_is_civ() -> None:
    for noun in read_toml("lexicons/casualties.toml")["sides"]["civilian"]:
        text = f"killing 3 {noun}" if noun.isascii() else f"مقتل 3 {noun}"
        sides = assign_sides(text, find_casualties(text), [])
        assert [s.actor_id for s in sides] == ["CIV"], noun


def test_casualty_sides_data_file_every_partitive_leads_to_the_side() -> None:
    sides_data = read_toml("lexicons/casualties.toml")["sides"]
    for word in sides_data["partitive"]:
        if word.isascii():
            text = f"killing 3 soldiers {word} ISIS"
            name = "ISIS"
        else:
            text = f"مقتل 3 عناصر {word} داعش"
            name = "داعش"
        start = text.rindex(name)
        actor = FakeActor((start, start + len(name)), "ISIS", name)
        sides = assign_sides(text, find_casualties(text), [actor])
        assert [s.actor_id for s in sides] == ["ISIS"], word


VOCABULARY = [
    "مقتل", "قتلى", "وجرحى", "وإصابة", "5", "خمسة", "عناصر", "عنصر", "من", "في صفوف", "قوات النظام",
    "قسد", "داعش", "مدنيين", "طفلين", "آخرين", "مقاتليها", "بين قتيل وجريح", "،", ".",
    "killed", "killing", "wounded", "three", "soldiers", "of", "the regime", "SDF fighters",
    "civilians", "its", "others", "casualties", "a", "civilian", "by", "ISIS",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=14))
def test_casualty_sides_actor_spans_slice_back(words: list[str]) -> None:
    text = " ".join(words)
    casualties = find_casualties(text)
    actors = ActorDictionary.load_default().find(text)
    sides = assign_sides(text, casualties, actors)
    assert [(s.kind, s.quantity) for s in sides] == [(m.kind, m.quantity) for m in casualties]
    check_spans(text, sides)
    named = {(a.id, a.span) for a in actors}
    for side in sides:
        assert side.actor_span is None or (side.actor_id, side.actor_span) in named or side.actor_id == "CIV"


def test_casualty_sides_its_people_in_a_partys_report_are_the_speakers() -> None:
    text = "The SDF said Turkish drones struck a car near Qamishli on Tuesday, killing two of its members."
    (event,) = extract_events(Document(id="t", text=text, language="en", published="2025-06-10"))
    assert {(a.role, a.id) for a in event.actors} == {("actor1", "TUR_MIL"), ("actor2", "SDF")}
    assert event.fatalities is not None and event.fatalities.breakdown[0].actor_id == "SDF"
