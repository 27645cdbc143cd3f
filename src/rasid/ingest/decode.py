"""Bytes to text: byte-order marks, binary detection, UTF-8 and the Arabic single-byte code pages.

Order of decisions: a byte-order mark wins (UTF-8, UTF-16, UTF-32); then binary input is
refused (NUL bytes, control bytes, known binary signatures), except UTF-16 without a mark;
then strict UTF-8; then an encoding the document declares; then windows-1256 against
ISO-8859-6, chosen by how Arabic the result reads; then windows-1252/latin-1 when the
text reads as Latin script; anything else is a ``DecodeError``.
"""

from __future__ import annotations

import codecs
import logging
import re

from rasid.errors import BinaryInputError, DecodeError

logger = logging.getLogger(__name__)

SNIFF_BYTES = 8192

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
)
# Bytes that occur in text: tab, line feed, form feed, carriage return, escape, backspace.
_TEXT_CONTROLS = b"\t\n\x0c\r\x1b\x08"
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS) + b"\x7f"
_MAX_CONTROL_SHARE = 0.05
_LATIN_FAMILY = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})
_ARABIC_CODECS = ("cp1256", "iso8859-6")
_JUDGE_CHARS = 65536  # how much of a legacy-encoded text is scored to choose its code page
_MIN_GOOD_PER_BAD_UTF8 = 50  # valid non-ASCII characters per broken one

_WORD = re.compile(r"[^\W\d_]+")
_ARABIC_LETTERS = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_ARABIC_WORD = re.compile(r"[\u0621-\u0652\u0671-\u06d3]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_HARAKAT = re.compile(r"[\u064b-\u0652]")
_C1_CONTROLS = re.compile(r"[\u0080-\u009f]")
# The Arabic definite article (alef, lam) opening a word: frequent in any Arabic prose.
_DEFINITE = re.compile(r"(?<![\u0621-\u064a])\u0627\u0644[\u0621-\u064a]")
# Non-letters that Latin-script text in windows-1252/latin-1 commonly holds: quotes, dashes, symbols.
_TYPOGRAPHY = frozenset("\u00a0\u00ab\u00bb\u00b0\u00a3\u00a7\u00a9\u00ae\u00b1\u00b7\u00bd")
_TYPOGRAPHY |= frozenset("\u20ac\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022")


def detect_bom(data: bytes) -> tuple[str, int] | None:
    """The codec named by a leading byte-order mark and the mark's length, or None."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec == "utf-32-le" and len(data) % 4:
                continue  # an odd-sized "UTF-32" file is UTF-16 LE starting with U+0000
            return codec, len(bom)
    return None


def describe_binary(sample: bytes) -> str | None:
    """Why ``sample`` (the first bytes of an input) looks binary, or None when it may be text."""
    for signature, kind in _SIGNATURES:
        if sample.startswith(signature):
            return f"this looks like {kind}, not text; convert it to text first"
    if b"\x00" in sample:
        return "it contains NUL bytes (binary data, not text)"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        return f"{controls} of its first {len(sample)} bytes are control characters (binary data, not text)"
    return None


def decode_bytes(data: bytes, *, where: str, declared: str | None = None) -> str:
    """Decode the bytes of one input to text (see the module docstring for the order).

    ``declared`` is an encoding named by the document itself (an HTML ``meta charset``);
    it is trusted only when strict UTF-8 fails, and Latin-1-family declarations are
    ignored because old Arabic sites often mislabel windows-1256 pages that way.
    Raises ``BinaryInputError`` for binary data and ``DecodeError`` for text in an
    encoding this function cannot identify.
    """
    bom = detect_bom(data)
    if bom is not None:
        codec, length = bom
        try:
            return data[length:].decode(codec)
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"starts with a {codec} byte-order mark but is not valid {codec}: {exc}", where=where
            ) from None
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        utf16 = _decode_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    reason = describe_binary(sample)
    if reason is not None:
        raise BinaryInputError(f"not a text file: {reason}", where=where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    nearly = _decode_nearly_utf8(data)
    if nearly is not None:
        logger.warning("%s: invalid UTF-8 bytes replaced with U+FFFD (%s)", where, utf8_error.reason)
        return nearly
    text = _decode_declared(data, declared)
    if text is not None:
        return text
    text = _decode_arabic_single_byte(data)
    if text is not None:
        logger.info("%s: not UTF-8; read as an Arabic single-byte encoding", where)
        return text
    text = _decode_latin(data)
    if text is not None:
        logger.info("%s: not UTF-8; read as windows-1252/latin-1", where)
        return text
    raise DecodeError(
        "cannot decode the text: it is not UTF-8, UTF-16, windows-1256, ISO-8859-6 or Latin-1 text "
        f"(first bad byte at offset {utf8_error.start}); convert it to UTF-8",
        where=where,
    )


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: NULs only in the high bytes of ASCII characters."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[:SNIFF_BYTES]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.1 * half and even <= 0.01 * half:
        codec = "utf-16-le"
    elif even >= 0.1 * half and odd <= 0.01 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if any(ch < " " and ch not in "\t\n\r\x0c" for ch in text[:SNIFF_BYTES]):
        return None
    return text


def _decode_nearly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a cut-off character, one stray byte), or None."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    bad = replaced - data.count(b"\xef\xbf\xbd")  # U+FFFD written in the file is not damage
    good = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    if bad and good >= _MIN_GOOD_PER_BAD_UTF8 * bad:
        return text
    return None


def _decode_declared(data: bytes, declared: str | None) -> str | None:
    if not declared:
        return None
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec in _LATIN_FAMILY or codec.startswith("utf"):
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def arabic_score(text: str) -> float:
    """How much ``text`` reads like Arabic prose (higher is better; negative for mojibake)."""
    words = _WORD.findall(text)
    arabic_words = sum(1 for w in words if _ARABIC_WORD.fullmatch(w))
    mixed = sum(1 for w in words if _ARABIC_LETTERS.search(w) and _LATIN_LETTER.search(w))
    definite = len(_DEFINITE.findall(text))
    harakat = len(_HARAKAT.findall(text))
    controls = len(_C1_CONTROLS.findall(text))
    return arabic_words + 3 * definite - 4 * mixed - 0.5 * harakat - 5 * controls


def _reads_as_arabic(text: str) -> bool:
    words = _WORD.findall(text)
    arabic_words = sum(1 for w in words if _ARABIC_WORD.fullmatch(w))
    mixed = sum(1 for w in words if _ARABIC_LETTERS.search(w) and _LATIN_LETTER.search(w))
    if arabic_words == 0 or mixed > 0.1 * arabic_words or _C1_CONTROLS.search(text):
        return False
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    arabic_letters = len(_ARABIC_LETTERS.findall(text))
    if arabic_letters < 0.6 * non_ascii:
        return False
    # Several words and no definite article at all: another script read through an Arabic code page.
    return arabic_words < 4 or _DEFINITE.search(text) is not None


def _decode_arabic_single_byte(data: bytes) -> str | None:
    candidates: list[tuple[float, str]] = []
    for codec in _ARABIC_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_JUDGE_CHARS]
        if _reads_as_arabic(sample):
            candidates.append((arabic_score(sample), text))
    if not candidates:
        return None
    # max() keeps the first of equal scores: windows-1256, the more common code page.
    return max(candidates, key=lambda candidate: candidate[0])[1]


def _decode_latin(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    sample = text[:_JUDGE_CHARS]
    non_ascii = [ch for ch in sample if ord(ch) > 127]
    if not non_ascii:
        return text
    ascii_letters = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    latin_like = sum(1 for ch in non_ascii if (ch.isalpha() and ord(ch) < 0x250) or ch in _TYPOGRAPHY)
    if latin_like >= 0.9 * len(non_ascii) and ascii_letters >= 2 * len(non_ascii):
        return text
    return None
