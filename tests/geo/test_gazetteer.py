"""Tests for the gazetteer data file and name lookup (rasid.geo.gazetteer)."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.data import read_toml, read_tsv
from rasid.errors import DataFileError
from rasid.geo.gazetteer import (
    ADMIN1_NAMES,
    DEFAULT_FILE,
    EXTRA_FILE,
    KINDS,
    Gazetteer,
    GazetteerEntry,
    latin_key,
    latin_skeleton,
)

ROWS = read_tsv(DEFAULT_FILE) + read_tsv(EXTRA_FILE)
GAZ = Gazetteer.load_default()
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
LATIN_LETTER = re.compile("[A-Za-z]")


def row(**overrides: str) -> dict[str, str]:
    base = {
        "key": "town.test",
        "kind": "town",
        "name": "Testville",
        "name_ar": "تجربة",
        "aliases_en": "",
        "aliases_ar": "",
        "lat": "35.0",
        "lon": "40.0",
        "admin1": "Deir ez-Zor",
        "admin2": "",
        "population": "",
        "needs_cue": "",
    }
    return base | overrides


def test_gazetteer_file_has_every_governorate_and_district() -> None:
    kinds = [r["kind"] for r in ROWS]
    assert len(ROWS) >= 250
    assert kinds.count("country") == 1
    assert kinds.count("governorate") == 14
    assert kinds.count("district") == 62
    assert {r["admin1"] for r in ROWS if r["kind"] == "governorate"} == set(ADMIN1_NAMES)


@pytest.mark.parametrize("entry", ROWS, ids=[r["key"] for r in ROWS])
def test_gazetteer_file_row_is_valid(entry: dict[str, str]) -> None:
    assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", entry["key"])
    assert entry["key"].split(".")[0] in {
        "country",
        "gov",
        "dist",
        "town",
        "village",
        "region",
        "oilfield",
        "landmark",
        "nbh",
    }
    assert entry["kind"] in KINDS
    assert 32.3 <= float(entry["lat"]) <= 37.4
    assert 35.7 <= float(entry["lon"]) <= 42.4
    if entry["kind"] == "country":
        assert entry["admin1"] == ""
    else:
        assert entry["admin1"] in ADMIN1_NAMES
    assert entry["name"] and LATIN_LETTER.search(entry["name"])
    assert ARABIC_LETTER.search(entry["name_ar"]), "name_ar must be in Arabic script"
    for alias in filter(None, entry["aliases_ar"].split("|")):
        assert ARABIC_LETTER.search(alias), f"Arabic alias {alias!r} has no Arabic letter"
    for alias in filter(None, entry["aliases_en"].split("|")):
        assert not ARABIC_LETTER.search(alias), f"English alias {alias!r} has Arabic letters"
    assert entry["population"] == "" or int(entry["population"]) > 0
    names = {
        entry["name"],
        entry["name_ar"],
        *entry["aliases_en"].split("|"),
        *entry["aliases_ar"].split("|"),
    }
    for cue in filter(None, entry["needs_cue"].split("|")):
        assert cue.lstrip("!") in names, f"needs_cue {cue!r} is not a name of {entry['key']}"


def test_gazetteer_extra_file_is_generated_and_loaded() -> None:
    extra = read_tsv(EXTRA_FILE)
    assert len(extra) > 300
    assert all(GAZ.get(r["key"]) is not None for r in extra)
    # Single-word names of generated rows need a cue in running text; neighbourhoods a place word.
    for r in extra:
        if r["kind"] == "neighbourhood" and " " not in r["name_ar"].strip():
            assert "!" + r["name_ar"] in r["needs_cue"].split("|"), r["key"]


def test_gazetteer_file_keys_are_unique() -> None:
    keys = [r["key"] for r in ROWS]
    assert len(keys) == len(set(keys))


def test_gazetteer_file_admin2_names_a_district_of_the_same_governorate() -> None:
    districts = {(r["admin1"], r["name"]) for r in ROWS if r["kind"] == "district"}
    for entry in ROWS:
        if entry["admin2"]:
            assert (entry["admin1"], entry["admin2"]) in districts, entry["key"]
    for entry in ROWS:
        if entry["kind"] == "district":
            assert entry["admin2"] == entry["name"]


def test_gazetteer_relative_file_names_existing_entries() -> None:
    relative = read_toml("gazetteer/relative.toml")
    for phrase, key in relative["named"].items():
        base = phrase.split()[0]
        assert GAZ.get(base) is not None, phrase
        assert GAZ.get(key) is not None, key


@pytest.mark.parametrize(
    "name",
    [
        "ديرالزور",
        "دير الزور",
        "دَيْر الزُّور",
        "Deir ez-Zor",
        "Dayr az Zawr",
        "Deir Ezzor",
        "deir al-zor",
        "DEIR EZ ZOR",
    ],
)
def test_gazetteer_lookup_deir_ez_zor_spellings(name: str) -> None:
    found = GAZ.lookup(name)
    assert found[0].key == "gov.deir-ez-zor"
    assert "town.deir-ez-zor" in [e.key for e in found]


@pytest.mark.parametrize(
    "name", ["البوكمال", "أبو كمال", "ابو كمال", "البو كمال", "Albu Kamal", "Abu Kamal", "al-Bukamal"]
)
def test_gazetteer_lookup_bukamal_spellings(name: str) -> None:
    best = GAZ.lookup(name)[0]
    assert best.admin2 == "Abu Kamal"
    assert (best.lat, best.lon) == pytest.approx((34.45, 40.92), abs=0.02)


@pytest.mark.parametrize(
    "name", ["بالميادين", "والميادين", "الميادين", "ميادين", "Mayadin", "al-Mayadin", "Al Mayadeen"]
)
def test_gazetteer_lookup_with_clitics_and_without_article(name: str) -> None:
    keys = [e.key for e in GAZ.lookup(name)]
    assert "town.al-mayadin" in keys


def test_gazetteer_lookup_ranks_governorate_district_town() -> None:
    assert [e.key for e in GAZ.lookup("الميادين")][:2] == ["dist.al-mayadin", "town.al-mayadin"]
    assert [e.key for e in GAZ.lookup("Aleppo")][:2] == ["gov.aleppo", "town.aleppo"]
    kinds = [e.kind for e in GAZ.lookup("دير الزور")]
    assert kinds == sorted(kinds, key=KINDS.index)


def test_gazetteer_lookup_ranks_by_population_within_a_kind() -> None:
    gaz = Gazetteer.from_rows(
        [row(key="town.small", population="100"), row(key="town.big", population="5000", name_ar="تجربه")]
    )
    assert [e.key for e in gaz.lookup("Testville")] == ["town.big", "town.small"]


def test_gazetteer_lookup_ignores_country_suffix() -> None:
    assert GAZ.lookup("Tal Abyad, Syria")[0].key == GAZ.lookup("Tal Abyad")[0].key
    assert GAZ.lookup("تل أبيض، سوريا")[0].name == "Tal Abyad"


def test_gazetteer_lookup_falls_back_to_a_skeleton_match() -> None:
    assert "town.al-mayadin" in [e.key for e in GAZ.lookup("Miyadin")]
    assert GAZ.lookup("Miyadin", fuzzy=False) == []
    assert GAZ.lookup("Dayr al Zur")[0].key == "gov.deir-ez-zor"


def test_gazetteer_lookup_unknown_name_is_empty() -> None:
    assert GAZ.lookup("Springfield") == []
    assert GAZ.lookup("") == []
    assert GAZ.lookup("   ") == []


def entry(key: str) -> GazetteerEntry:
    found = GAZ.get(key)
    assert found is not None, key
    return found


def test_gazetteer_entry_to_place_has_precision_by_kind() -> None:
    assert entry("gov.deir-ez-zor").to_place().precision == "admin1"
    assert entry("dist.al-mayadin").to_place().precision == "admin2"
    assert entry("region.deir-ez-zor-badia").to_place().precision == "region"
    assert entry("country.syria").to_place().precision == "country"
    place = entry("town.hajin").to_place(text="هجين", span=(3, 7))
    assert (place.precision, place.country, place.key, place.span) == ("point", "SY", "town.hajin", (3, 7))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"kind": "city"}, "unknown kind"),
        ({"admin1": "Baghdad"}, "unknown admin1"),
        ({"lat": "north"}, "not numbers"),
        ({"population": "many"}, "whole number"),
        ({"key": ""}, "no key"),
    ],
)
def test_gazetteer_from_rows_rejects_bad_rows(bad: dict[str, str], message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        Gazetteer.from_rows([row(**bad)])


def test_gazetteer_rejects_duplicate_keys() -> None:
    with pytest.raises(DataFileError, match="duplicate"):
        Gazetteer.from_rows([row(), row()])


def test_gazetteer_builds_quickly() -> None:
    start = time.perf_counter()
    gaz = Gazetteer.from_rows(read_tsv(DEFAULT_FILE))
    gaz.find_names("اشتباكات في دير الزور والميادين")
    assert time.perf_counter() - start < 1.0


def test_gazetteer_entry_is_frozen() -> None:
    entry = GazetteerEntry("k", "town", "n", "ن", (), 35.0, 40.0, "Deir ez-Zor", None, None)
    with pytest.raises(AttributeError):
        entry.name = "other"  # type: ignore[misc]


@given(st.text(max_size=40))
def test_gazetteer_latin_keys_are_idempotent(text: str) -> None:
    assert latin_key(latin_key(text)) == latin_key(text)
    assert re.fullmatch("[a-z0-9]*", latin_skeleton(text))


@given(st.text(alphabet=st.sampled_from(list("ابتدرزسلمنوي الأةىDeirzo-' ,")), max_size=30))
def test_gazetteer_lookup_never_fails(text: str) -> None:
    for entry in GAZ.lookup(text):
        assert isinstance(entry, GazetteerEntry)
