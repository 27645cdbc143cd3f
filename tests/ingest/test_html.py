"""Tests for rasid.ingest.html and HTML files read through iter_documents."""

from __future__ import annotations

import pytest

from rasid.errors import EmptyInputError
from rasid.ingest.html import decode_html, extract_article, find_declared_charset

BODY = [
    "قصفت قوات النظام بقذائف المدفعية أطراف قرية في ريف حماة الشمالي صباح الثلاثاء.",
    "وقال مسعف من المنطقة إن القصف أدى إلى إصابة ثلاثة مدنيين بينهم طفل.",
    "وأضاف أن فرق الدفاع المدني نقلت المصابين إلى مستشفى قريب.",
]
NAV = ["الرئيسية", "أخبار سوريا", "اتصل بنا"]
FOOTER = "جميع الحقوق محفوظة لموقع المرصد التجريبي"


def make_page(*, charset: str = "utf-8", extra_body: str = "") -> str:
    """A small article page with navigation, share buttons, a plugin notice and a footer."""
    links = "".join(f'<li><a href="/p{i}">{name}</a></li>' for i, name in enumerate(NAV))
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in BODY)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>قصف على ريف حماة الشمالي</title>
<meta property="article:published_time" content="2024-03-05T08:30:00+02:00">
</head><body>
<header><nav><ul>{links}</ul></nav></header>
<main><article>
<h1>قصف على ريف حماة الشمالي</h1>
{paragraphs}
{extra_body}
<p>This post is also available in: English</p>
</article></main>
<div class="share-buttons"><a href="#">شارك: فيسبوك</a> <a href="#">تويتر</a></div>
<footer><p>{FOOTER}</p><nav><a href="/privacy">سياسة الخصوصية</a></nav></footer>
</body></html>"""


def test_read_html_keeps_article_and_drops_navigation_and_footer(write, read_all) -> None:
    path = write("report.html", make_page())
    documents, failures = read_all([path])
    assert failures == []
    (document,) = documents
    for sentence in BODY:
        assert sentence in document.text
    for name in NAV:
        assert name not in document.text
    assert FOOTER not in document.text
    assert "سياسة الخصوصية" not in document.text
    assert "فيسبوك" not in document.text
    assert "also available" not in document.text  # removed by clean_text
    assert "<p>" not in document.text
    assert document.id == "report.html"
    assert document.title == "قصف على ريف حماة الشمالي"
    assert document.published == "2024-03-05"
    assert document.language == "ar"


def test_read_html_published_argument_overrides_the_page_date(write, read_all) -> None:
    path = write("report.htm", make_page())
    documents, _ = read_all([path], published="2024-04-01")
    assert documents[0].published == "2024-04-01"


@pytest.mark.parametrize("codec", ["windows-1256", "iso-8859-6"])
def test_read_html_declared_arabic_code_page(codec: str, write, read_all) -> None:
    path = write("legacy.html", make_page(charset=codec), encoding=codec)
    documents, failures = read_all([path])
    assert failures == []
    assert BODY[0] in documents[0].text


def test_read_html_as_text_when_asked(write, read_all) -> None:
    path = write("page.html", make_page())
    documents, _ = read_all([path], input_format="text")
    assert "<article>" in documents[0].text


def test_read_html_without_article_text_fails(write, read_all) -> None:
    good = write("b.txt", BODY[0])
    empty = write("a.html", "<html><head><title>x</title></head><body>   </body></html>")
    documents, failures = read_all([empty, good])
    assert [f.error.code for f in failures] == ["E101"]
    assert failures[0].where == str(empty)
    assert [d.id for d in documents] == ["b.txt"]


def test_extract_article_accepts_an_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + make_page()
    article = extract_article(page, where="x.html")
    assert BODY[1] in article.text


def test_extract_article_empty_markup_fails() -> None:
    with pytest.raises(EmptyInputError):
        extract_article("  \n ", where="x.html")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="windows-1256">', "windows-1256"),
        (b"<META CHARSET=ISO-8859-6>", "iso-8859-6"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "windows-1256"),
        (b"<title>no charset</title>", None),
    ],
)
def test_find_declared_charset(head: bytes, expected: str | None) -> None:
    assert find_declared_charset(b"<html><head>" + head + b"</head></html>") == expected


def test_decode_html_uses_the_declared_code_page() -> None:
    word = "مرحبا"  # reads as Arabic in both code pages; only the declaration decides
    data = f'<meta charset="iso-8859-6"><p>{word}</p>'.encode("iso-8859-6")
    assert word in decode_html(data, where="x.html")
