"""HTML pages to article text, title, date, author and language (trafilatura).

trafilatura finds the article and drops navigation, sidebars, footers, comments and most
share and related-posts blocks. What it keeps is then tidied by site-independent rules:
table rows become lines of cells, table ruler lines go, and a headline or byline line that
repeats the page's title, author or date at the top of the text is dropped (layouts where
the headline sits inside the article block). Boilerplate lines (multilingual-plugin notices,
share rows, related posts) are removed afterwards by ``clean_text``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from rasid.errors import EmptyInputError
from rasid.ingest.base import parse_published
from rasid.ingest.decode import decode_bytes

logger = logging.getLogger(__name__)

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CHARSET_SNIFF_BYTES = 4096
_HTML_LANG = re.compile(r"<html\b[^>]{0,500}?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.IGNORECASE)
_TABLE_RULER = re.compile(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")
_SENTENCE_END = tuple(".!?؟…")
# A headline or byline repeated at the top of the text: only among the first lines, and short.
_HEAD_LINES = 3
_MAX_BYLINE_WORDS = 15


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What a page holds: the article text (paragraphs on their own lines) and its metadata.

    ``language`` is the one the page declares (``<html lang>``), two letters; the stored
    document's language is still detected from the text, which is more reliable.
    """

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None


def find_declared_charset(data: bytes) -> str | None:
    """The encoding a page names in ``<meta charset>`` or ``http-equiv`` near its start."""
    match = _CHARSET.search(data[:_CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(data: bytes, *, where: str) -> str:
    """The text of an HTML file, honouring its declared charset (see ``decode_bytes``)."""
    return decode_bytes(data, where=where, declared=find_declared_charset(data))


def extract_article(html: str, *, where: str) -> HtmlArticle:
    """The main text of a page with its title, date, author and declared language, via trafilatura.

    Navigation, footers, share rows and comments are dropped by trafilatura; tables and a
    repeated headline or byline are tidied here (see the module docstring); boilerplate
    lines it keeps are removed later by ``clean_text``. trafilatura runs in its fast mode
    (no second extractor as a fallback): on news pages it keeps the same text at a
    fraction of the time (``benchmarks/bench_ingest.py``). Raises ``EmptyInputError``
    when the page has no article text.
    """
    import trafilatura  # slow to import: only when a page is read

    # lxml refuses str input that carries an XML encoding declaration (XHTML pages).
    markup = _XML_DECLARATION.sub("", html.lstrip("\ufeff"), count=1)
    if not markup.strip():
        raise EmptyInputError("the HTML file is empty", where=where)
    result: Any = trafilatura.bare_extraction(
        markup,
        fast=True,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    raw = str(getattr(result, "text", None) or "") if result is not None else ""
    title = _metadata_string(getattr(result, "title", None))
    author = _metadata_string(getattr(result, "author", None))
    date_text = _metadata_string(getattr(result, "date", None))
    text = tidy_article_text(raw, title=title, author=author, date=date_text)
    if not text.strip():
        raise EmptyInputError("no article text found in the HTML page", where=where)
    return HtmlArticle(
        text=text,
        title=title,
        published=_page_date(date_text, where=where),
        url=_metadata_string(getattr(result, "url", None)),
        author=author,
        language=declared_language(markup),
    )


def declared_language(html: str) -> str | None:
    """The two- or three-letter language a page declares in ``<html lang>`` (``en-US`` -> ``en``)."""
    match = _HTML_LANG.search(html[:_CHARSET_SNIFF_BYTES])
    return match.group(1).lower() if match else None


def tidy_article_text(
    text: str, *, title: str | None = None, author: str | None = None, date: str | None = None
) -> str:
    """Article text with table rows as lines of cells and a repeated headline or byline dropped.

    A table row (``| a | b |``) becomes ``a | b`` (empty cells dropped), a ruler line
    (``|---|---|``) goes. Among the first lines, one equal to ``title`` goes, and so does a
    short line without closing punctuation that names ``author`` or ``date`` (a byline).
    """
    lines: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if _TABLE_RULER.fullmatch(stripped):
                continue
            cells = [cell.strip() for cell in stripped[1:-1].split("|")]
            line = " | ".join(cell for cell in cells if cell)
        lines.append(line)
    head = [i for i, line in enumerate(lines) if line.strip()][:_HEAD_LINES]
    drop = {i for i in head if _is_headline(lines[i], title) or _is_byline(lines[i], author, date)}
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _is_headline(line: str, title: str | None) -> bool:
    return bool(title) and " ".join(line.split()) == " ".join((title or "").split())


def _is_byline(line: str, author: str | None, date: str | None) -> bool:
    stripped = line.strip()
    if len(stripped.split()) > _MAX_BYLINE_WORDS or stripped.endswith(_SENTENCE_END):
        return False
    return any(value and value in stripped for value in (author, date))


def _metadata_string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _page_date(value: object, *, where: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_published(value)
    except ValueError:
        logger.debug("%s: ignoring page date %r", where, value)
        return None
