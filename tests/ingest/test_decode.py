"""Tests for rasid.ingest.decode: byte-order marks, binary input, UTF-8 and legacy code pages."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.errors import BinaryInputError, DecodeError, RasidError
from rasid.ingest.decode import arabic_score, decode_bytes, describe_binary, detect_bom

SHELLING = "قصفت مدفعية النظام أطراف بلدة كفرنبل جنوبي إدلب صباح الأحد وأصيب مدنيان."
ARREST = "اعتقلت دورية أمنية شابين من أهالي مدينة درعا عند حاجز على الطريق الدولي."
SHORT = "سقط صاروخان على الحي الشرقي."
MIXED = "Reuters: قتل ثلاثة مدنيين في دير الزور on Monday."
ARABIC_SENTENCES = [SHELLING, ARREST, SHORT, MIXED]
ENGLISH = "Two civilians were wounded when a shell hit a market in Ariha on Tuesday."


def test_decode_bytes_plain_utf8() -> None:
    assert decode_bytes(SHELLING.encode("utf-8"), where="a.txt") == SHELLING


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
@pytest.mark.parametrize("text", [SHELLING, ENGLISH, MIXED])
def test_decode_bytes_byte_order_marks(bom: bytes, codec: str, text: str) -> None:
    assert decode_bytes(bom + text.encode(codec), where="a.txt") == text


@pytest.mark.parametrize("text", [SHELLING, ENGLISH])
def test_decode_bytes_utf16_with_bom_is_not_binary(text: str) -> None:
    data = text.encode("utf-16")  # Python writes the mark; the payload is full of NUL bytes
    assert b"\x00" in data
    assert decode_bytes(data, where="a.txt") == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [SHELLING, ENGLISH, MIXED])
def test_decode_bytes_utf16_without_bom(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec), where="a.txt") == text


@pytest.mark.parametrize("text", ARABIC_SENTENCES)
def test_decode_bytes_windows_1256_arabic(text: str) -> None:
    assert decode_bytes(text.encode("windows-1256"), where="a.txt") == text


@pytest.mark.parametrize("text", ARABIC_SENTENCES)
def test_decode_bytes_iso_8859_6_arabic(text: str) -> None:
    data = text.encode("iso-8859-6")
    assert data.decode("windows-1256") != text  # the two code pages really disagree here
    assert decode_bytes(data, where="a.txt") == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Le convoi a été touché près de la frontière, a déclaré un témoin.", "latin-1"),
        ("Die Straße nach Süden wurde für Fahrzeuge gesperrt, sagte ein Sprecher.", "latin-1"),
        ("He said \u201cthe checkpoint was hit twice\u201d \u2014 then left.", "windows-1252"),
    ],
)
def test_decode_bytes_latin_script_fallback(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), where="a.txt") == text


def test_decode_bytes_other_code_page_is_a_decode_error() -> None:
    data = "Колонна техники прошла через город вечером в четверг.".encode("cp1251")
    with pytest.raises(DecodeError, match=r"convert it to UTF-8") as info:
        decode_bytes(data, where="report.txt")
    assert info.value.where == "report.txt"
    assert info.value.code == "E105"


def test_decode_bytes_nul_bytes_are_binary() -> None:
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(b"header\x00\x01\x02\x03 more bytes" * 10, where="blob.txt")


def test_decode_bytes_control_bytes_are_binary() -> None:
    data = bytes(range(1, 32)) * 40 + b"some text"
    with pytest.raises(BinaryInputError, match="control characters"):
        decode_bytes(data, where="blob.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"PK\x03\x04ab", "ZIP"),
    ],
)
def test_decode_bytes_known_binary_signatures(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError, match=kind):
        decode_bytes(data, where="blob.txt")


def test_decode_bytes_broken_payload_after_bom_is_a_decode_error() -> None:
    data = codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le") + b"\x00"  # odd length
    with pytest.raises(DecodeError, match="utf-16-le"):
        decode_bytes(data, where="a.txt")


def test_decode_bytes_nearly_utf8_keeps_the_text() -> None:
    data = (SHELLING * 3).encode("utf-8")[:-2]  # cut inside the final character
    text = decode_bytes(data, where="a.txt")
    assert text.startswith(SHELLING)
    assert text.count("\ufffd") == 1


def test_decode_bytes_one_arabic_letter_in_cp1256_is_not_taken_for_utf8() -> None:
    text = "The village of Kafr Nabl (كفرنبل) was shelled."
    assert decode_bytes(text.encode("windows-1256"), where="a.txt") == text


def test_decode_bytes_declared_charset_settles_an_ambiguous_word() -> None:
    word = "مرحبا"
    assert decode_bytes(word.encode("iso-8859-6"), where="a.html", declared="iso-8859-6") == word


def test_decode_bytes_ignores_a_latin1_declaration_on_arabic_bytes() -> None:
    data = ARREST.encode("windows-1256")
    assert decode_bytes(data, where="a.html", declared="iso-8859-1") == ARREST


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + b"x", ("utf-8", 3)),
        (codecs.BOM_UTF16_LE + b"x\x00", ("utf-16-le", 2)),
        (codecs.BOM_UTF32_LE + b"x\x00\x00\x00", ("utf-32-le", 4)),
        (codecs.BOM_UTF16_BE + b"\x00x", ("utf-16-be", 2)),
        (b"plain", None),
    ],
)
def test_detect_bom_names_the_codec(data: bytes, expected: tuple[str, int] | None) -> None:
    assert detect_bom(data) == expected


def test_describe_binary_accepts_text() -> None:
    assert describe_binary(ENGLISH.encode()) is None
    assert describe_binary(SHELLING.encode()) is None
    assert describe_binary(b"") is None


def test_arabic_score_prefers_the_right_code_page() -> None:
    data = SHELLING.encode("iso-8859-6")
    assert arabic_score(data.decode("iso-8859-6")) > arabic_score(data.decode("windows-1256"))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_decode_bytes_utf8_round_trip(text: str) -> None:
    # A leading U+FEFF encodes to the UTF-8 byte-order mark, which decoding rightly drops.
    assert decode_bytes(text.encode("utf-8"), where="x") == text.removeprefix("\ufeff")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_decode_bytes_utf16_bom_round_trip(text: str) -> None:
    assert decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), where="x") == text


@given(st.binary(max_size=300))
def test_decode_bytes_any_bytes_give_text_or_a_rasid_error(data: bytes) -> None:
    try:
        result = decode_bytes(data, where="x")
    except RasidError as exc:
        assert isinstance(exc, BinaryInputError | DecodeError)
    else:
        assert isinstance(result, str)
