"""Tests for building (``rasid.geo.geonames``) and reading (``rasid.geo.index``) a GeoNames index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from geonames_format import alternate_line, place_line, write_dump
from rasid.errors import DataFileError, MalformedRecordError
from rasid.geo.gazetteer import Gazetteer
from rasid.geo.geonames import build_index, kind_of, read_alternate_names
from rasid.geo.index import GazetteerIndex, default_index_path, lookup_imported
from rasid.geo.resolve import resolve_place

# geonameid, name, asciiname, alternatenames, lat, lon, class, code, admin1 code, population
PLACES = [
    tuple(row.split("|"))
    for row in (
        "170654|Damascus|Damascus|Damas,Dimashq,دمشق|33.5102|36.29128|P|PPLC|03|1569394",
        "9100001|Jdaydat ‘Arţūz|Jdaydat `Artuz|Jdeidet Artouz,Judaydat Artuz|33.4403|36.1575|P|PPL|08|0",
        "9100002|Bakh‘ā|Bakh`a|Bakhaa,Bakha|33.8725|36.5236|P|PPL|08|2000",
        "9100003|Tilfītā|Talfita|Tilfita,Telfita|33.6300|36.3800|P|PPL|08|",
        "9100004|Mashqītā|Mashqita|Mushqita|35.5500|35.9500|P|PPL|10|",
        "9100005|Ḩajīn|Hajin|Hadjin|34.6957|40.8299|P|PPL|02|37935",
        "9100006|Rif-dimashq|Rif-dimashq|Rif Dimashq Governorate|33.5|36.75|A|ADM1|08|0",
        "9100007|Talfita Prison|Talfita Prison|سجن تلفيتا|33.6656|36.3336|S|PRN|08|",
        "9100008|Jabal ash Shaykh|Jabal ash Shaykh|Mount Hermon,جبل الشيخ|33.4161|35.8569|T|MT||",
        "9100009|Buhayrat al Asad|Buhayrat al Asad|Lake Assad|35.98|38.25|H|RSV||",
        "9100010|Damascus-Beirut Road|Damascus-Beirut Road||33.55|36.1|R|RD|08|",
        "9100011|Frunluq Forest|Frunluq Forest||35.83|35.93|V|FRST|10|",
    )
]
# alternateNameId, geonameid, isolanguage, name, isPreferredName
ALTERNATES = [
    ("1", "170654", "ar", "دمشق", "1"),
    ("2", "9100001", "ar", "جديدة عرطوز", "1"),
    ("3", "9100002", "ar", "بخعة", "1"),
    ("4", "9100002", "link", "https://example.org/Bakhaa", ""),
    ("5", "9100003", "ar", "تلفيتا", ""),
    ("6", "9100003", "en", "Tilfita", ""),
    ("7", "9100004", "ar-SY", "مشقيتا", ""),
    ("8", "9100004", "fr", "Slenfé", ""),
    ("9", "9100006", "ar", "ريف دمشق", "1"),
    ("10", "9100009", "ar", "بحيرة الأسد", ""),
    ("11", "2643743", "ar", "لندن", "1"),
    ("12", "9100005", "ar", "هجين", "1"),
]


@pytest.fixture
def dump(tmp_path: Path) -> tuple[Path, Path]:
    return write_dump(tmp_path, PLACES, ALTERNATES)


@pytest.fixture
def index(dump: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GazetteerIndex:
    out = tmp_path / "index" / "gazetteer.sqlite"
    monkeypatch.setenv("RASID_GAZETTEER", str(out))
    build_index(dump[0], output=out, alternate_names=dump[1])
    return GazetteerIndex(out)


def test_geonames_import_summary_counts(dump: tuple[Path, Path], tmp_path: Path) -> None:
    summary = build_index(dump[0], output=tmp_path / "g.sqlite", alternate_names=dump[1])
    assert summary.places == 10 and summary.skipped_places == 2
    assert summary.arabic_names == 10  # دمشق twice (SY.txt and alternates) is one row
    info = GazetteerIndex(tmp_path / "g.sqlite").info()
    assert (info.places, info.names, info.arabic_names) == (10, summary.names, 10)
    assert info.sources == ("SY.txt", "alternateNamesV2.txt") and info.built_at


def test_geonames_import_tables_have_the_documented_columns(index: GazetteerIndex) -> None:
    db = sqlite3.connect(index.path)
    places = {row[1] for row in db.execute("PRAGMA table_info(places)")}
    names = {row[1] for row in db.execute("PRAGMA table_info(names)")}
    assert places >= {"geonameid", "name", "asciiname", "lat", "lon", "feature_class", "feature_code"}
    assert places >= {"population", "admin1", "admin2"} and names >= {"key", "geonameid", "name", "lang"}
    indexed = {row[4] for row in db.execute("SELECT * FROM sqlite_master WHERE type = 'index'") if row[4]}
    assert any("(key)" in sql for sql in indexed)
    langs = dict(db.execute("SELECT name, lang FROM names WHERE geonameid = 9100004"))
    assert langs["مشقيتا"] == "ar-SY" and "Slenfé" not in langs
    assert db.execute("SELECT COUNT(*) FROM names WHERE geonameid = 2643743").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM names WHERE name LIKE 'https:%'").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("بخعة", "geonames.9100002"),
        ("بَخْعَة", "geonames.9100002"),
        ("Bakhaa", "geonames.9100002"),
        ("bakha", "geonames.9100002"),
        ("Bakh`a", "geonames.9100002"),
        ("جديدة عرطوز", "geonames.9100001"),
        ("جديدةعرطوز", "geonames.9100001"),
        ("Jdeidet Artouz", "geonames.9100001"),
        ("Jdaydat Artuz", "geonames.9100001"),
        ("تلفيتا", "geonames.9100003"),
        ("Telfita", "geonames.9100003"),
        ("مشقيتا", "geonames.9100004"),
        ("جبل الشيخ", "geonames.9100008"),
    ],
)
def test_geonames_index_lookup_spellings(index: GazetteerIndex, name: str, key: str) -> None:
    assert index.lookup(name)[0].key == key


def test_geonames_index_entry_fields(index: GazetteerIndex) -> None:
    entry = index.get("geonames.9100002")
    assert entry is not None
    assert entry.name == "Bakh‘ā" and entry.name_ar == "بخعة" and entry.kind == "village"
    assert entry.population == 2000 and entry.precision == "point"
    assert (entry.lat, entry.lon) == (33.8725, 36.5236)
    assert index.get("geonames.9100010") is None and index.get("town.hajin") is None
    kinds = {e.key: e.kind for e in index.entries()}
    assert kinds["geonames.170654"] == "town" and kinds["geonames.9100006"] == "governorate"
    assert kinds["geonames.9100007"] == "landmark" and kinds["geonames.9100009"] == "region"
    assert len(index) == 10


@pytest.mark.parametrize(
    ("key", "admin1"),
    [
        ("geonames.170654", "Damascus"),
        ("geonames.9100002", "Rif Dimashq"),
        ("geonames.9100004", "Latakia"),
        ("geonames.9100005", "Deir ez-Zor"),
        # Nearest to Damascus's seat, but code 08's places are mostly nearest to Rif Dimashq's.
        ("geonames.9100001", "Rif Dimashq"),
    ],
)
def test_geonames_import_admin1_from_bundled_seats(index: GazetteerIndex, key: str, admin1: str) -> None:
    entry = index.get(key)
    assert entry is not None and entry.admin1 == admin1


def test_geonames_import_admin2_is_a_bundled_district_of_the_governorate(index: GazetteerIndex) -> None:
    districts = {(e.admin1, e.admin2) for e in Gazetteer.load_default().entries if e.kind == "district"}
    for entry in index.entries():
        if entry.kind in ("town", "village", "landmark"):
            assert (entry.admin1, entry.admin2) in districts
    hajin = index.get("geonames.9100005")
    assert hajin is not None and hajin.admin2 == "Abu Kamal"
    governorate = index.get("geonames.9100006")
    assert governorate is not None and governorate.admin2 is None


def test_geonames_lookup_imported_prefers_the_bundled_entry(index: GazetteerIndex) -> None:
    bundled = Gazetteer.load_default()
    assert [e.key for e in lookup_imported("Hadjin", bundled=bundled)] == ["town.hajin"]
    assert [e.key for e in lookup_imported("Hadjin")] == ["geonames.9100005"]


def test_geonames_default_gazetteer_falls_back_to_the_index(index: GazetteerIndex) -> None:
    gazetteer = Gazetteer.load_default()
    assert gazetteer.lookup("بخعة")[0].key == "geonames.9100002"
    assert gazetteer.lookup("دمشق")[0].key == "gov.damascus"  # the bundled one stays first
    place, _ = resolve_place("Bakhaa, Syria")
    assert place is not None and place.key == "geonames.9100002" and place.admin1 == "Rif Dimashq"


def test_geonames_default_gazetteer_without_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASID_GAZETTEER", str(tmp_path / "missing.sqlite"))
    assert Gazetteer.load_default().lookup("بخعة") == []
    assert default_index_path() == tmp_path / "missing.sqlite"


def test_geonames_default_path_in_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASID_GAZETTEER", raising=False)
    assert default_index_path() == Path.home() / ".local/share/rasid/gazetteer.sqlite"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("170654\tDamascus\tDamascus\n", "expected 19 tab-separated columns, found 3"),
        (place_line(("1", "X", "X", "", "north", "36.1", "P", "PPL", "08", "")), "latitude 'north'"),
        (place_line(("1", "X", "X", "", "33.1", "361", "P", "PPL", "08", "")), "longitude '361'"),
        (place_line(("x1", "X", "X", "", "33.1", "36.1", "P", "PPL", "08", "")), "geonameid 'x1'"),
        (place_line(("1", "X", "X", "", "33.1", "36.1", "P", "PPL", "08", "many")), "population 'many'"),
    ],
)
def test_geonames_import_malformed_place_line_keeps_the_old_index(
    dump: tuple[Path, Path], tmp_path: Path, line: str, message: str
) -> None:
    out = tmp_path / "g.sqlite"
    build_index(dump[0], output=out)
    before = out.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text(place_line(PLACES[0]) + place_line(PLACES[1]) + line, encoding="utf-8")
    with pytest.raises(MalformedRecordError) as caught:
        build_index(bad, output=out)
    assert f"{bad}:3: " in str(caught.value) and message in str(caught.value)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "SY.txt",
        "alternateNamesV2.txt",
        "bad.txt",
        "g.sqlite",
    ]


def test_geonames_import_malformed_alternate_line_writes_nothing(
    dump: tuple[Path, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "alt.txt"
    bad.write_text(alternate_line(ALTERNATES[0]) + "5\t170654\tar\n", encoding="utf-8")
    out = tmp_path / "new" / "g.sqlite"
    with pytest.raises(MalformedRecordError, match=r"alt\.txt:2: expected 8 or 10"):
        build_index(dump[0], output=out, alternate_names=bad)
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_geonames_import_streams_a_large_alternate_names_file(
    dump: tuple[Path, Path], tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as handle:
        for n in range(250_000):
            handle.write(f"{n}\t{3_000_000 + n}\tar\tمكان {n}\t\t\t\t\t\t\n")
        handle.write(alternate_line(ALTERNATES[2]))
    seen: list[int] = []
    names = list(read_alternate_names(big, ids={9100002}, progress=lambda _, n: seen.append(n)))
    assert [(a.geonameid, a.name, a.preferred) for a in names] == [(9100002, "بخعة", True)]
    assert seen == [100_000, 200_000]
    summary = build_index(dump[0], output=tmp_path / "g.sqlite", alternate_names=big)
    assert summary.alternate_lines == 1 and summary.places == 10


@pytest.mark.parametrize(
    ("cls", "code", "population", "kind"),
    [
        ("P", "PPL", 500, "village"),
        ("P", "PPL", 20_000, "town"),
        ("P", "PPLA2", None, "town"),
        ("A", "ADM2", None, "district"),
        ("A", "PCLI", None, "country"),
        ("L", "OILF", None, "oilfield"),
        ("S", "AIRP", None, "landmark"),
        ("H", "STM", None, "region"),
        ("H", "WLL", None, "landmark"),
        ("T", "DSRT", None, "region"),
    ],
)
def test_geonames_kind_of_feature(cls: str, code: str, population: int | None, kind: str) -> None:
    assert kind_of(cls, code, population) == kind


def test_geonames_import_duplicate_id_is_malformed(tmp_path: Path) -> None:
    bad = tmp_path / "dup.txt"
    bad.write_text(place_line(PLACES[2]) * 2, encoding="utf-8")
    with pytest.raises(MalformedRecordError, match="geonameid 9100002 appears twice"):
        build_index(bad, output=tmp_path / "g.sqlite")
    assert not (tmp_path / "g.sqlite").exists()


def test_geonames_import_unwritable_output_is_a_clean_error(dump: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot create the index folder"):
        build_index(dump[0], output=tmp_path / "file" / "g.sqlite")
