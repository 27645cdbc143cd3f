"""Checks on the shipped actor dictionary, src/rasid/data/actors.toml."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rasid.data import read_toml
from rasid.extract.actors import ActorDictionary, top_level
from rasid.text.normalize import normalize_key

# The top-level ids and ACLED-style names of the ontology (shared/spec/ontology.md §3).
ONTOLOGY_ACTORS = {
    "ISIS": "Islamic State (Syria)",
    "SYR_REGIME": "Military Forces of Syria (2000-2024)",
    "SYR_GOV": "Military Forces of Syria (2024-)",
    "IRN_MIL": "Iranian-backed militias",
    "RUS_MIL": "Military Forces of Russia",
    "SDF": "SDF",
    "COALITION": "Military Forces of the United States / Coalition",
    "TUR_MIL": "Military Forces of Turkey",
    "SNA": "Syrian National Army",
    "HTS": "HTS",
    "OPP": "Opposition rebels",
    "TRIBAL": "Arab tribal militias",
    "ISR_MIL": "Military Forces of Israel",
    "UNKNOWN_ARMED": "Unidentified Armed Group (Syria)",
    "CIV": "Civilians (Syria)",
}

ARABIC_TEXT = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u0671-\u06d3\u064b-\u0652 0-9]+$")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Proclitics the matcher adds itself; a name written with them would never match plain text.
CLITIC_START = re.compile(r"^(?:وال|فال|بال|كال|لل)")
BARE_MILITIAS = ["الميليشيات", "ميليشيات", "المليشيات", "مليشيات", "ميليشيا", "مليشيا", "militias", "militia"]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return read_toml("actors.toml")


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load_default()


def all_aliases(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(alias, field, owner) for every name in the file; owner is an id or ambiguous[i]."""
    out: list[tuple[str, str, str]] = []
    for table in data["actor"]:
        for field in ("aliases_ar", "aliases_en", "case_sensitive_en"):
            out += [(alias, field, table["id"]) for alias in table.get(field, [])]
    for index, table in enumerate(data["ambiguous"]):
        for field in ("aliases_ar", "aliases_en", "case_sensitive_en"):
            out += [(alias, field, f"ambiguous[{index}]") for alias in table.get(field, [])]
    return out


def test_actors_file_loads(data: dict[str, Any]) -> None:
    actors = ActorDictionary(data)
    assert len(actors.entries()) == len(data["actor"])
    assert actors.switch_date == "2024-12-08"


def test_actors_file_has_every_ontology_actor_with_acled_name(actors: ActorDictionary) -> None:
    for actor_id, acled_name in ONTOLOGY_ACTORS.items():
        entry = actors.entry(actor_id)
        assert entry is not None, actor_id
        assert entry.parent is None
        assert entry.acled_name == acled_name


def test_actors_file_has_no_other_top_level_ids(actors: ActorDictionary) -> None:
    for entry in actors.entries():
        assert top_level(entry.id) in ONTOLOGY_ACTORS, entry.id


def test_actors_file_parents_exist_and_come_first(data: dict[str, Any]) -> None:
    seen: set[str] = set()
    for table in data["actor"]:
        actor_id = table["id"]
        assert actor_id not in seen, f"{actor_id} twice"
        if "." in actor_id:
            assert actor_id.rsplit(".", 1)[0] in seen, actor_id
        seen.add(actor_id)


def test_actors_file_no_alias_names_two_actors(data: dict[str, Any]) -> None:
    owners: dict[str, set[str]] = {}
    for alias, _, owner in all_aliases(data):
        owners.setdefault(normalize_key(alias), set()).add(owner)
    for table in data["not_actor"]:
        for phrase in table.get("phrases_ar", []) + table.get("phrases_en", []):
            owners.setdefault(normalize_key(phrase), set()).add("not_actor")
    clashes = {key: sorted(who) for key, who in owners.items() if len(who) > 1}
    assert clashes == {}


def test_actors_file_arabic_names_in_arabic_script(data: dict[str, Any]) -> None:
    for alias, field, owner in all_aliases(data):
        if field == "aliases_ar":
            assert ARABIC_TEXT.match(alias), (owner, alias)
        else:
            assert not ARABIC_LETTER.search(alias) and LATIN_LETTER.search(alias), (owner, alias)
    for table in data["actor"]:
        assert ARABIC_TEXT.match(table["name_ar"]), table["id"]
        assert not ARABIC_LETTER.search(table["name"]), table["id"]
    for table in data["not_actor"]:
        assert all(ARABIC_TEXT.match(p) for p in table.get("phrases_ar", []))


def test_actors_file_names_are_plain(data: dict[str, Any]) -> None:
    for alias, field, owner in all_aliases(data):
        assert alias == " ".join(alias.split()), (owner, alias)
        if field == "aliases_ar":
            assert not CLITIC_START.match(alias), (owner, alias)


def test_actors_file_case_sensitive_names_have_capitals(data: dict[str, Any]) -> None:
    for alias, field, owner in all_aliases(data):
        if field == "case_sensitive_en":
            assert alias != alias.lower(), (owner, alias)


def test_actors_file_bare_militias_absent(data: dict[str, Any], actors: ActorDictionary) -> None:
    keys = {normalize_key(alias) for alias, _, _ in all_aliases(data)}
    for word in BARE_MILITIAS:
        assert normalize_key(word) not in keys, word
        assert actors.find(word) == []


def test_actors_file_every_top_level_actor_has_names_in_both_languages(data: dict[str, Any]) -> None:
    for table in data["actor"]:
        if table["id"] in ONTOLOGY_ACTORS:
            assert table.get("aliases_ar"), table["id"]
            assert table.get("aliases_en") or table.get("case_sensitive_en"), table["id"]


def test_actors_file_every_name_is_found_whole(data: dict[str, Any], actors: ActorDictionary) -> None:
    ambiguous = data["ambiguous"]
    for alias, _, owner in all_aliases(data):
        mentions = actors.find(alias, when="2000-01-01")
        assert len(mentions) == 1 and mentions[0].span == (0, len(alias)), (owner, alias, mentions)
        if owner.startswith("ambiguous["):
            table = ambiguous[int(owner[len("ambiguous[") : -1])]
            assert mentions[0].id == table["before"], alias
            assert actors.find(alias, when="2099-01-01")[0].id == table["after"], alias
        else:
            assert mentions[0].id == owner, alias


def test_actors_file_not_actor_phrases_block(data: dict[str, Any], actors: ActorDictionary) -> None:
    for table in data["not_actor"]:
        for phrase in table.get("phrases_ar", []) + table.get("phrases_en", []):
            assert actors.find(phrase) == [], phrase


def test_actors_file_ambiguous_entries(data: dict[str, Any], actors: ActorDictionary) -> None:
    for table in data["ambiguous"]:
        assert actors.entry(table["before"]) is not None
        assert actors.entry(table["after"]) is not None
        assert table["before"] != table["after"]
    government = [t for t in data["ambiguous"] if t["before"] == "SYR_REGIME" and t["after"] == "SYR_GOV"]
    assert government and "switch_date" not in government[0]


def test_actors_file_adversaries(data: dict[str, Any], actors: ActorDictionary) -> None:
    pairs = [frozenset(t["pair"]) for t in data["adversaries"]]
    assert len(pairs) == len(set(pairs))
    for pair in pairs:
        assert len(pair) == 2 and pair <= set(ONTOLOGY_ACTORS)
    assert actors.are_adversaries("ISIS", "SYR_REGIME")
    assert not actors.are_adversaries("CIV", "UNKNOWN_ARMED")


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("داعش", "ISIS"),
        ("تنظيم داعش", "ISIS"),
        ("خلايا داعش", "ISIS"),
        ("التنظيم", "ISIS"),
        ("تنظيم الدولة", "ISIS"),
        ("تنظيم الدولة الإسلامية", "ISIS"),
        ("عناصر التنظيم", "ISIS"),
        ("خلايا التنظيم", "ISIS"),
        ("مسلحي داعش", "ISIS"),
        ("Islamic State", "ISIS"),
        ("IS", "ISIS"),
        ("ISIL", "ISIS"),
        ("Daesh", "ISIS"),
        ("IS cells", "ISIS"),
        ("قوات الأسد", "SYR_REGIME"),
        ("قوات النظام", "SYR_REGIME"),
        ("ميليشيات الأسد", "SYR_REGIME"),
        ("النظام السوري", "SYR_REGIME"),
        ("نظام الأسد", "SYR_REGIME"),
        ("جيش النظام", "SYR_REGIME"),
        ("عناصر النظام", "SYR_REGIME"),
        ("قوات النظام السوري", "SYR_REGIME"),
        ("الأجهزة الأمنية التابعة للنظام", "SYR_REGIME"),
        ("الأمن العسكري", "SYR_REGIME.MIL_INTEL"),
        ("المخابرات الجوية", "SYR_REGIME.AIR_INTEL"),
        ("Assad forces", "SYR_REGIME"),
        ("regime forces", "SYR_REGIME"),
        ("pro-regime forces", "SYR_REGIME"),
        ("the regime", "SYR_REGIME"),
        ("الدفاع الوطني", "SYR_REGIME.NDF"),
        ("NDF", "SYR_REGIME.NDF"),
        ("National Defence Forces", "SYR_REGIME.NDF"),
        ("الفرقة الرابعة", "SYR_REGIME.DIV4"),
        ("Fourth Division", "SYR_REGIME.DIV4"),
        ("ميليشيا القاطرجي", "SYR_REGIME.QATERJI"),
        ("Qaterji", "SYR_REGIME.QATERJI"),
        ("الحرس الجمهوري", "SYR_REGIME.REP_GUARD"),
        ("قوات النمر", "SYR_REGIME.TIGER"),
        ("الفرقة 25", "SYR_REGIME.TIGER"),
        ("الميليشيات الإيرانية", "IRN_MIL"),
        ("ميليشيات إيران", "IRN_MIL"),
        ("الميليشيات الموالية لإيران", "IRN_MIL"),
        ("الحرس الثوري", "IRN_MIL.IRGC"),
        ("Iranian militias", "IRN_MIL"),
        ("Iran-backed militias", "IRN_MIL"),
        ("IRGC", "IRN_MIL.IRGC"),
        ("فاطميون", "IRN_MIL.FATEMIYOUN"),
        ("Liwa Fatemiyoun", "IRN_MIL.FATEMIYOUN"),
        ("زينبيون", "IRN_MIL.ZAINABIYOUN"),
        ("حزب الله اللبناني", "IRN_MIL.HEZBOLLAH"),
        ("النجباء", "IRN_MIL.NUJABA"),
        ("كتائب حزب الله", "IRN_MIL.KATAIB_HEZBOLLAH"),
        ("لواء الباقر", "IRN_MIL.BAQIR"),
        ("القوات الروسية", "RUS_MIL"),
        ("الجيش الروسي", "RUS_MIL"),
        ("الميليشيات الروسية", "RUS_MIL"),
        ("الميليشيات المدعومة روسياً", "RUS_MIL"),
        ("Russian warplanes", "RUS_MIL"),
        ("الفيلق الخامس", "RUS_MIL.FIFTH_CORPS"),
        ("Liwa al-Quds", "RUS_MIL.QUDS"),
        ("فاغنر", "RUS_MIL.WAGNER"),
        ("Wagner", "RUS_MIL.WAGNER"),
        ("قوات سوريا الديمقراطية", "SDF"),
        ("قسد", "SDF"),
        ("وحدات حماية الشعب", "SDF.YPG"),
        ("مجلس دير الزور العسكري", "SDF.DMC"),
        ("Manbij Military Council", "SDF.MANBIJ_MC"),
        ("التحالف الدولي", "COALITION"),
        ("قوات التحالف", "COALITION"),
        ("القوات الأميركية", "COALITION"),
        ("الجيش الأمريكي", "COALITION"),
        ("طيران التحالف", "COALITION"),
        ("American forces", "COALITION"),
        ("الجيش التركي", "TUR_MIL"),
        ("Turkish army", "TUR_MIL"),
        ("الجيش الوطني السوري", "SNA"),
        ("الجيش الوطني", "SNA"),
        ("SNA", "SNA"),
        ("Hamza Division", "SNA.HAMZA"),
        ("Sultan Murad", "SNA.SULTAN_MURAD"),
        ("Amshat", "SNA.AMSHAT"),
        ("تحرير الشام", "HTS"),
        ("النصرة", "HTS"),
        ("جبهة فتح الشام", "HTS"),
        ("Hayat Tahrir al-Sham", "HTS"),
        ("فصائل المعارضة", "OPP"),
        ("المعارضة المسلحة", "OPP"),
        ("الجيش السوري الحر", "OPP"),
        ("فيلق الشام", "OPP.FAYLAQ_SHAM"),
        ("جيش الإسلام", "OPP.JAYSH_ISLAM"),
        ("FSA", "OPP"),
        ("Syrian insurgents", "OPP"),
        ("مقاتلو العشائر", "TRIBAL"),
        ("قوات العشائر", "TRIBAL"),
        ("العكيدات", "TRIBAL"),
        ("البقارة", "TRIBAL"),
        ("clan fighters", "TRIBAL"),
        ("الجيش الإسرائيلي", "ISR_MIL"),
        ("إسرائيل", "ISR_MIL"),
        ("IDF", "ISR_MIL"),
        ("مسلحون مجهولون", "UNKNOWN_ARMED"),
        ("مجهولين", "UNKNOWN_ARMED"),
        ("مجموعة مسلحة مجهولة", "UNKNOWN_ARMED"),
        ("unknown assailants", "UNKNOWN_ARMED"),
        ("مدنيون", "CIV"),
        ("الأهالي", "CIV"),
        ("أطفال", "CIV"),
        ("امرأة", "CIV"),
        ("رعاة", "CIV"),
        ("جامعو الكمأة", "CIV"),
        ("villagers", "CIV"),
        ("a child", "CIV"),
        ("وزارة الدفاع السورية", "SYR_REGIME"),
        ("Syrian Arab Army", "SYR_REGIME"),
        ("SAA", "SYR_REGIME"),
        ("الأمن العام", "HTS"),
    ],
)
def test_actors_file_covers_common_names(actors: ActorDictionary, name: str, actor_id: str) -> None:
    mentions = actors.find(name)
    assert [(m.text, m.id) for m in mentions] == [(name, actor_id)]
