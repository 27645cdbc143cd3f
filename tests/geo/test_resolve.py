"""Tests for toponym resolution in running text and for typed names (rasid.geo.resolve)."""

from __future__ import annotations

import math
import time
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.data import read_toml
from rasid.geo.gazetteer import KINDS, Gazetteer
from rasid.geo.resolve import find_places, resolve_place, shift_point
from rasid.records import Place

GAZ = Gazetteer.load_default()
DEZ_CITY = (35.3359, 40.1408)
MAYADIN = (35.0198, 40.4515)


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def point(place: Place) -> tuple[float, float]:
    assert place.lat is not None and place.lon is not None
    return (place.lat, place.lon)


def only(text: str) -> Place:
    places = find_places(text)
    assert len(places) == 1, [(p.text, p.key) for p in places]
    return places[0]


@pytest.mark.parametrize(
    "variant",
    ["ديرالزور", "دير الزور", "دَيْر الزُّور", "Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour"],
)
def test_resolve_find_places_deir_ez_zor_spellings(variant: str) -> None:
    text = f"قصف مدفعي على {variant} أمس" if not variant.isascii() else f"Shelling hit {variant} on Monday"
    place = only(text)
    assert place.text == variant
    assert place.admin1 == "Deir ez-Zor"
    assert place.precision == "admin1"
    assert point(place) == pytest.approx(DEZ_CITY, abs=0.01)
    assert place.span is not None and text[place.span[0] : place.span[1]] == variant


@pytest.mark.parametrize(
    "variant", ["البوكمال", "أبو كمال", "البو كمال", "Albu Kamal", "Abu Kamal", "al-Bukamal"]
)
def test_resolve_find_places_bukamal_spellings(variant: str) -> None:
    place = only(f"غارة جوية قرب الحدود في {variant} اليوم")
    assert place.text == variant
    assert place.admin2 == "Abu Kamal"
    assert km_between(point(place), (34.4523, 40.9185)) < 2


@pytest.mark.parametrize(
    ("text", "words", "key"),
    [
        ("سقطت قذيفة بالميادين صباحا", "الميادين", "town.al-mayadin"),
        ("وصلت تعزيزات لديرالزور", "ديرالزور", "gov.deir-ez-zor"),
        ("اشتباكات وريف دير الزور الشرقي", "ريف دير الزور الشرقي", "region.deir-ez-zor-east"),
        ("انفجار لغم بريف ديرالزور الشرقي", "ريف ديرالزور الشرقي", "region.deir-ez-zor-east"),
        ("وصلت القوات للرقة", "للرقة", "gov.raqqa"),
        ("غارات وبالبوكمال", "البوكمال", "town.al-bukamal"),
    ],
)
def test_resolve_find_places_with_clitics(text: str, words: str, key: str) -> None:
    place = only(text)
    assert (place.text, place.key) == (words, key)


@pytest.mark.parametrize(
    ("text", "words", "admin2"),
    [
        ("هجوم في ريف دير الزور", "ريف دير الزور", None),
        ("كمين في بادية الميادين", "بادية الميادين", "Al-Mayadin"),
        ("تمشيط غربي دير الزور", "غربي دير الزور", None),
        ("مقتل مدني قرب الميادين", "قرب الميادين", "Al-Mayadin"),
        ("clashes near al-Mayadin", "near al-Mayadin", "Al-Mayadin"),
        (
            "cells active in the eastern countryside of Deir ez-Zor",
            "eastern countryside of Deir ez-Zor",
            None,
        ),
        ("a raid in Deir ez-Zor's western countryside", "Deir ez-Zor's western countryside", None),
        ("قصف على الريف الشرقي لمحافظة دير الزور", "الريف الشرقي لمحافظة دير الزور", None),
        ("انفجار على بعد 5 كم شرق هجين", "على بعد 5 كم شرق هجين", "Abu Kamal"),
        ("تمشيط إلى الشرق من الميادين", "إلى الشرق من الميادين", "Al-Mayadin"),
    ],
)
def test_resolve_relative_expression_is_one_region_mention(text: str, words: str, admin2: str | None) -> None:
    place = only(text)
    assert place.text == words
    assert place.precision == "region"
    assert place.admin1 == "Deir ez-Zor"
    assert place.admin2 == admin2
    assert place.span is not None and text[place.span[0] : place.span[1]] == words


def test_resolve_relative_points_move_in_the_named_direction() -> None:
    west = only("تمشيط غربي دير الزور")
    assert point(west)[1] < DEZ_CITY[1] and point(west)[0] == pytest.approx(DEZ_CITY[0], abs=0.01)
    countryside = only("هجوم في ريف دير الزور")
    assert point(countryside) == pytest.approx(DEZ_CITY, abs=0.001)
    near = only("clashes near al-Mayadin")
    assert point(near) == pytest.approx(MAYADIN, abs=0.001)
    southeast = only("shelling on the south-eastern countryside of Idlib")
    idlib = GAZ.get("gov.idlib")
    assert idlib is not None
    assert point(southeast)[0] < idlib.lat and point(southeast)[1] > idlib.lon
    northeast = only("ريف دير الزور الشمالي الشرقي")
    assert point(northeast)[0] > DEZ_CITY[0] and point(northeast)[1] > DEZ_CITY[1]


@pytest.mark.parametrize(
    ("text", "km"), [("5 km east of Hajin", 5), ("انفجار على بعد 12 كم جنوب الميادين", 12)]
)
def test_resolve_distance_in_text_is_used(text: str, km: float) -> None:
    place = only(text)
    base = GAZ.lookup("Hajin" if "Hajin" in text else "الميادين")[-1]
    assert km_between(point(place), (base.lat, base.lon)) == pytest.approx(km, rel=0.02)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("هجمات في بادية دير الزور", "region.deir-ez-zor-badia"),
        ("هجمات في بادية ديرالزور", "region.deir-ez-zor-badia"),
        ("ISIS cells in the Deir ez-Zor desert", "region.deir-ez-zor-badia"),
        ("عبور عناصر إلى شرق الفرات", "region.euphrates-north-bank"),
        ("على الضفة الجنوبية لنهر الفرات", "region.euphrates-south-bank"),
        ("eastern Deir ez-Zor", "region.deir-ez-zor-east"),
        ("في ريف حلب الشمالي", "region.aleppo-north"),
        ("southern Idlib", "region.idlib-south"),
    ],
)
def test_resolve_named_region_wins_over_its_parts(text: str, key: str) -> None:
    assert only(text).key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("في مدينة دير الزور", "town.deir-ez-zor"),
        ("في محافظة دير الزور", "gov.deir-ez-zor"),
        ("في دير الزور", "gov.deir-ez-zor"),
        ("في منطقة الميادين", "dist.al-mayadin"),
        ("في الميادين", "town.al-mayadin"),
        ("in the city of Raqqa", "town.raqqa"),
        ("in Raqqa city", "town.raqqa"),
        ("in Raqqa province", "gov.raqqa"),
        ("the northeastern city of Qamishli", "town.qamishli"),
        # The coast of Latakia and Tartus is one named region.
        ("شهدت مناطق الساحل السوري اشتباكات", "region.syrian-coast"),
        ("clashes on the Syrian coast", "region.syrian-coast"),
        # A prison named after its town is in it.
        ("توفي معتقل في سجن صيدنايا", "town.ocha-sy030401"),
        ("died in Sednaya prison", "town.ocha-sy030401"),
    ],
)
def test_resolve_place_words_pick_the_kind(text: str, key: str) -> None:
    assert only(text).key == key


@pytest.mark.parametrize(
    "text",
    [
        "فتح الباب أمام المفاوضات",
        "ذكرت قناة الميادين أن الاشتباكات مستمرة",
        "Al-Mayadeen TV reported the clashes",
        "يجب السماح بالنشاطات النووية السلمية",
        "القوات السورية والإيرانية",
        "خرجت مظاهرة في الميادين العامة",
        "قال إن جاسم وصل",
        "نقل الصور إلى الموقع",
        "حماة الديار",
        "الجبهة الشامية",
        "انتشار الحراك الشعبي",
        "تسيل الدماء في الشوارع",
        "The State Duma voted",
        # a body named after a place is no mention of where something happened
        "a local official of the Deir ez-Zor Civil Council",
        "قيادي في مجلس دير الزور العسكري",
    ],
)
def test_resolve_common_words_are_not_places(text: str) -> None:
    assert find_places(text) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("دخلت القوات مدينة الباب", "town.al-bab"),
        ("اشتباكات في الباب", "town.al-bab"),
        ("اشتباكات في قرية الصور", "village.al-sour"),
        ("تظاهرة في السلمية", "town.as-salamiyah"),
        ("اعتقالات في بلدة جاسم", "town.jasim"),
        ("هجوم على حقل العمر النفطي", "oilfield.al-omar"),
        ("اشتباكات في مخيم الهول", "landmark.al-hol-camp"),
    ],
)
def test_resolve_cues_license_names_that_are_common_words(text: str, key: str) -> None:
    assert only(text).key == key


def test_resolve_a_longer_name_given_an_article_leaves_the_name_inside_it() -> None:
    # "الباب شرقي" reads as Bab Sharqi (Damascus) without its article; with it, it is al-Bab, east of Aleppo.
    places = find_places("انفجرت سيارة مفخخة في مدينة الباب شرقي حلب")
    assert [p.key for p in places][:1] == ["town.al-bab"]
    assert find_places("قذيفة على حي باب شرقي في دمشق")[0].name == "Bab Sharqi"


def test_resolve_text_context_disambiguates_same_names() -> None:
    near_bukamal = find_places("اشتباكات في قرية الصالحية بريف البوكمال")
    assert near_bukamal[0].key == "village.al-salihiyah-abu-kamal"
    near_city = find_places("اشتباكات في قرية الصالحية قرب حطلة")
    assert near_city[0].key == "village.al-salihiyah"


def test_resolve_finds_every_mention_in_order() -> None:
    text = "قصفت الطائرات بلدتي ذيبان والشحيل، ثم الميادين. Later, strikes hit Hajin and al-Susah."
    places = find_places(text)
    assert [p.key for p in places] == [
        "town.diban",
        "town.al-shuhayl",
        "town.al-mayadin",
        "town.hajin",
        "town.al-susah",
    ]
    spans = [p.span for p in places]
    assert all(a is not None and b is not None and a[1] <= b[0] for a, b in pairwise(spans))
    assert all(p.country == "SY" for p in places)


def test_resolve_desert_with_a_direction_moves_from_the_named_badia() -> None:
    badia = GAZ.get("region.homs-badia")
    assert badia is not None
    place = only("clashes in the eastern desert of Homs")
    assert place.text == "eastern desert of Homs"
    assert place.key == "region.homs-badia@desert:east"
    assert point(place)[1] > badia.lon and place.admin1 == "Homs"
    arabic = only("كمين في بادية دير الزور الشرقية")
    assert arabic.key == "region.deir-ez-zor-badia@desert:east"
    assert arabic.name_ar == "بادية دير الزور الشرقية"
    rif = only("قصف على ريف دمشق الغربي")
    assert (rif.name_ar, rif.admin1, rif.precision) == ("ريف دمشق الغربي", "Rif Dimashq", "region")


def test_resolve_coordinated_countrysides_are_two_mentions() -> None:
    places = find_places("قصف على ريف حلب وريف إدلب الجنوبي")
    assert [(p.text, p.key) for p in places] == [
        ("ريف حلب", "gov.aleppo@countryside"),
        ("ريف إدلب الجنوبي", "region.idlib-south"),
    ]


def test_resolve_relative_file_covers_every_kind_and_direction() -> None:
    relative = read_toml("gazetteer/relative.toml")
    for table in relative["distance_km"].values():
        assert set(table) == set(KINDS)
    bearings = sorted(d["bearing"] for d in relative["directions"].values())
    assert bearings == [0, 45, 90, 135, 180, 225, 270, 315]
    for direction in relative["directions"].values():
        assert len(direction["ar_adjective"]) == 2 and direction["en_adverb"] and direction["en_adjective"]


def test_resolve_shift_point_moves_the_right_distance() -> None:
    lat, lon = shift_point(35.0, 40.0, bearing=90, km=25)
    assert lat == pytest.approx(35.0, abs=1e-4) and lon > 40.0
    assert km_between((35.0, 40.0), (lat, lon)) == pytest.approx(25, rel=0.01)
    assert shift_point(35.0, 40.0, bearing=0, km=0) == (35.0, 40.0)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ديرالزور", "gov.deir-ez-zor"),
        ("Deir Ezzor, Syria", "gov.deir-ez-zor"),
        ("أبو كمال", "town.al-bukamal"),
        ("Albu Kamal", "town.al-bukamal"),
        ("Syria", "country.syria"),
        ("ريف دير الزور الشرقي", "region.deir-ez-zor-east"),
        ("قرية الباغوز", "village.al-baghuz"),
        ("الميادين، دير الزور", "town.al-mayadin"),
        ("Meyadeen", "dist.al-mayadin"),
    ],
)
def test_resolve_place_typed_names(name: str, key: str) -> None:
    best, others = resolve_place(name)
    assert best is not None and best.key == key
    assert all(isinstance(p, Place) for p in others)


def test_resolve_place_relative_expression_and_candidates() -> None:
    best, others = resolve_place("أرض زراعية على أطراف بلدة هجين")
    assert best is not None and best.precision == "region" and best.admin2 == "Abu Kamal"
    best, others = resolve_place("دير الزور")
    assert best is not None and best.precision == "admin1"
    assert [p.key for p in others] == ["town.deir-ez-zor"]


@pytest.mark.parametrize("name", ["", "   ", "Springfield", "لا شيء هنا"])
def test_resolve_place_unknown_name(name: str) -> None:
    assert resolve_place(name) == (None, [])


def test_resolve_is_fast_on_short_texts() -> None:
    texts = [
        "قتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين شرقي دير الزور",
        "Airstrikes hit the eastern countryside of Deir ez-Zor near al-Mayadin on Monday",
        "اشتباكات بين قسد ومسلحين في بلدة ذيبان بريف دير الزور الشرقي",
        "The SDF arrested three men in Hajin and al-Susah",
    ]
    for text in texts:
        find_places(text)
    start = time.perf_counter()
    for i in range(400):
        find_places(texts[i % 4] + " " * (i % 3))
    assert 400 / (time.perf_counter() - start) >= 1000


NAMES = ["دير الزور", "الميادين", "البوكمال", "Deir ez-Zor", "al-Mayadin", "ريف دير الزور الشرقي", "Hajin"]
FILLER = st.text(alphabet=st.sampled_from(list("0123456789 .,،؛:()-\n")), max_size=12)


@given(FILLER, st.sampled_from(NAMES), FILLER)
def test_resolve_known_name_is_found_and_spans_slice_back(prefix: str, name: str, suffix: str) -> None:
    text = f"{prefix} {name} {suffix}"
    places = find_places(text)
    assert any(p.text == name for p in places)
    for place in places:
        assert place.span is not None
        assert text[place.span[0] : place.span[1]] == place.text


MIXED = st.text(
    alphabet=st.sampled_from(
        list("ابتدرزسلمنويهةىأإ الفرات ريف قرب شرق غربي\u064e\u0651\u0640 DeirzoMayadinear ,.-")
    ),
    max_size=60,
)


@given(MIXED, st.sampled_from(NAMES), MIXED)
def test_resolve_spans_slice_back_and_never_overlap(prefix: str, name: str, suffix: str) -> None:
    text = prefix + name + suffix
    places = find_places(text)
    last_end = 0
    for place in places:
        assert place.span is not None
        start, end = place.span
        assert last_end <= start < end <= len(text)
        assert text[start:end] == place.text
        assert place.precision in ("point", "admin2", "admin1", "region", "country")
        last_end = end


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Shelling on Menbej killed two civilians", "town.manbij"),
        ("Clashes went on in Der-Ezzor all night", "gov.deir-ez-zor"),
        ("Warplanes struck targets on al-Tabaqa again", "town.tabqa"),
        ("Three shells fell in Sheikh Meskin at dawn", "town.sheikh-miskin"),
    ],
)
def test_resolve_unlisted_english_spelling_after_a_preposition(text: str, key: str) -> None:
    places = find_places(text)
    assert [p.key for p in places] == [key]
    assert all(text[p.span[0] : p.span[1]] == p.text for p in places if p.span)


@pytest.mark.parametrize(
    "text",
    [
        "Manbuj officials met the delegation",  # no preposition or place word: not read as a place
        "The Grand mufti spoke at the Grand hall",  # a neighbourhood's name needs a place word
    ],
)
def test_resolve_unlisted_spelling_needs_a_cue(text: str) -> None:
    assert find_places(text) == []


def test_resolve_neighbourhood_needs_its_own_place_word() -> None:
    assert [p.key for p in find_places("وتكررت حملات الاعتقال في بلدات الغوطة")] == ["region.eastern-ghouta"]
    place = find_places("Clashes in the Al Mufti neighbourhood")[0]
    assert place.precision == "point" and place.admin1 is not None


def test_resolve_typed_common_word_neighbourhood_is_null_with_candidates() -> None:
    best, others = resolve_place("القدس")
    assert best is None and others and all(p.country == "SY" for p in others)


def _names(text: str) -> list[tuple[str, str | None]]:
    from rasid.geo.resolve import find_places

    return [(p.name, p.admin1) for p in find_places(text)]


def test_resolve_a_point_the_next_area_places_elsewhere_is_dropped() -> None:
    names = _names("قرية الحميدية بريف القنيطرة")
    assert names and all(admin1 == "Quneitra" for _, admin1 in names)
    assert ("Hameidiyyeh", "Tartus") in _names("قرية الحميدية في ريف طرطوس")


def test_resolve_coordinated_places_are_both_kept() -> None:
    assert {admin1 for _, admin1 in _names("قصف على مدينة حلب وريف إدلب")} == {"Aleppo", "Idlib"}


def test_resolve_the_neighbourhoods_of_a_city_name_no_neighbourhood() -> None:
    assert _names("قصف مدفعي على أحياء المدينة الخاضعة لسيطرة التنظيم") == []
    assert ("Homs", "Homs") in _names("قصف على أحياء حمص")
    assert _names("قصف على حي المدينة في حماة")[0] == ("Madina", "Hama")


def test_resolve_ala_is_a_preposition_before_a_place() -> None:
    assert ("Palmyra", "Homs") in _names("هجوم على تدمر")
