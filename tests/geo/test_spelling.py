"""English spelling variants of place names, and the areas named after a place they hold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.geo.gazetteer import Gazetteer
from rasid.geo.resolve import find_places, resolve_place
from rasid.geo.spelling import article_free, keys_close, latin_variant_key

GAZ = Gazetteer.load_default()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Al-Bokamal", "Al-Bukamal"),
        ("Hammuriyyeh", "Hamouriyah"),
        ("Kfar Nabuda", "Kafr Nabudah"),
        ("al-Tabaqa", "Al-Tabaqah"),
        ("Al-Salamia", "As-Salamiyah"),
        ("Deir Ezzor", "Deir ez-Zor"),
        ("Dayr al Zur", "Deir ez-Zor"),
        ("Tal Rifaat", "Tall Rifaat"),
        ("Tel Rifaat", "Tall Rifaat"),
        ("Jisr al-Shughour", "Jisr ash-Shughur"),
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("Ein Issa", "Ayn Issa"),
        ("Maarat al-Numan", "Maarrat an-Nu'man"),
        ("Sheikh Miskeen", "Shaykh Miskin"),
        # The construct state's -t before an article is written or dropped.
        ("Taiba al-Imam", "Taybat al-Imam"),
        ("Taybet al-Imam", "Taybat al-Imam"),
        ("Rawda al-Hamra", "Rawdat al-Hamra"),
    ],
)
def test_spelling_variant_key_joins_common_transliterations(one: str, other: str) -> None:
    assert latin_variant_key(one) == latin_variant_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Omar", "Al-Omar"),  # a personal name is not the oil field
        ("Islam", "Salamiyah"),
        ("al-Bahariyah", "Al-Bahra"),
        ("Sermin", "Sarmin"),  # vowels of another class: a skeleton match, which needs a cue
        ("Taybat", "Tayba"),  # only before an article is the -t a construct state
    ],
)
def test_spelling_variant_key_keeps_different_names_apart(one: str, other: str) -> None:
    assert latin_variant_key(one) != latin_variant_key(other)


def test_spelling_keys_close_allows_one_edit_in_five_letters() -> None:
    assert keys_close(latin_variant_key("Bedama"), latin_variant_key("Badama"))
    assert keys_close(latin_variant_key("Sermin"), latin_variant_key("Sarmin"))
    assert not keys_close(latin_variant_key("al-Bahariyah"), latin_variant_key("Al-Bahra"))
    assert not keys_close("abc", "xyz")


def test_spelling_article_free() -> None:
    assert article_free("al-Tabaqa") == "Tabaqa"
    assert article_free("Ash Shaddadi") == "Shaddadi"
    assert article_free("Manbij") is None


@given(st.text(alphabet="abdehiklmnoqrstuyz -'", max_size=30))
def test_spelling_variant_key_is_letters_only_and_stable(name: str) -> None:
    key = latin_variant_key(name)
    assert key == latin_variant_key(name) and (key.isalpha() or key == "")


def test_gazetteer_variant_phrases_name_the_listed_spellings() -> None:
    assert "al-bukamal" in GAZ.variant_phrases("Al-Bokamal")
    assert GAZ.variant_phrases("Regime") == []
    assert GAZ.variant_phrases("البوكمال") == []


def test_gazetteer_lookup_reads_a_variant_before_any_skeleton() -> None:
    keys = [e.key for e in GAZ.lookup("Al-Bokamal", fuzzy=False)]
    assert keys and keys[0] == "town.al-bukamal"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Warplanes raided Al-Bokamal twice overnight", "town.al-bukamal"),
        ("Jets bombed al-Tabaqa after midnight", "town.tabqa"),
        ("Two shells hit Hammuriyyeh yesterday", "town.hamouriyah"),
    ],
)
def test_resolve_variant_spelling_needs_no_cue_like_its_name(text: str, key: str) -> None:
    assert [p.key for p in find_places(text)] == [key]


def test_resolve_skeleton_match_needs_a_close_spelling() -> None:
    # Same consonants as Al-Bahra (Deir ez-Zor), but a different name: not read as that village.
    assert [p.key for p in find_places("Fighters advanced in al-Bahariyah farms")] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # Tarmala shares its consonants with Teir Maaleh (Homs), a loose match.
        ("Warplanes struck Tarmala village", True),
        ("Warplanes struck Tarmala village in the countryside of Homs", True),
        ("Idlib - warplanes struck Tarmala village", False),
    ],
)
def test_resolve_loose_spelling_in_another_governorate_than_the_text_names_is_no_match(
    text: str, kept: bool
) -> None:
    assert ("Teir Maaleh" in {p.name for p in find_places(text)}) is kept


def test_resolve_typed_variant_spelling() -> None:
    best, _ = resolve_place("Al-Bokamal")
    assert best is not None and best.key == "town.al-bukamal"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Jabal al-Akrad in the northern countryside of Latakia saw heavy fighting", "region.jabal-al-akrad"),
        ("Clashes in Hajin, in the eastern countryside of Deir Ezzor", "town.hajin"),
        ("اشتباكات في بلدة هجين في ريف دير الزور الشرقي", "town.hajin"),
    ],
)
def test_resolve_area_after_a_place_it_holds_is_dropped(text: str, key: str) -> None:
    places = find_places(text)
    assert [p.key for p in places] == [key]


def test_resolve_area_of_another_governorate_stays() -> None:
    places = find_places("Clashes in Hajin and the eastern countryside of Homs")
    assert [p.precision for p in places] == ["point", "region"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Two people died in shelling near Syria's al-Bab on Sunday", "town.al-bab"),
        ("Warplanes struck Idlib's Saraqib again", "town.saraqib"),
        ("US forces killed two men in a raid in northern Syria's Aleppo province", "gov.aleppo"),
        ("A drone struck a car in Syria's northeastern Hasakah province", "gov.hasakah"),
    ],
)
def test_resolve_area_that_owns_the_next_place_is_dropped(text: str, key: str) -> None:
    assert [p.key for p in find_places(text)] == [key]


def test_resolve_a_compass_adjective_alone_names_part_of_a_governorate() -> None:
    # Without "Syria's" before it, "northeastern Hasakah" is the governorate's northeast.
    assert [p.precision for p in find_places("A drone struck a car in northeastern Hasakah")] == ["region"]


def test_resolve_possessive_of_another_governorate_stays() -> None:
    places = find_places("Hama's governor visited Saraqib")
    assert len(places) == 2


def test_resolve_area_around_another_town_stays() -> None:
    # "The outskirts of Saraqib" is around Saraqib: it does not hold Jisr al-Shughur.
    places = find_places("Shells fired from Jisr al-Shughur on the outskirts of Saraqib")
    assert [p.key for p in places] == ["town.jisr-al-shughur", "town.saraqib@near"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # "Dara Azza" is one village's name: not Daraa followed by a word.
        ("Warplanes bombed Dara Azza village at dawn", []),
        ("Warplanes bombed Aleppo city at dawn", ["Aleppo"]),
        ("Warplanes bombed Idlib and Kafr Nabl town", ["Idlib", "Kafranbel"]),
    ],
)
def test_resolve_first_word_of_a_longer_place_name_is_no_match(text: str, names: list[str]) -> None:
    assert [p.name for p in find_places(text)] == names


@pytest.mark.parametrize(
    "text",
    ["شهدت بادية الميادين شرقي دير الزور هجوماً", "هجوم في بادية الميادين بريف دير الزور الشرقي"],
)
def test_resolve_an_area_of_the_governorate_after_a_towns_desert_is_dropped(text: str) -> None:
    # The desert around al-Mayadin says more than "east of Deir ez-Zor", which holds it.
    assert [p.key for p in find_places(text)] == ["town.al-mayadin@desert"]
