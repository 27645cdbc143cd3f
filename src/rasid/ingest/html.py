"""HTML pages to article text, title and date (trafilatura), without navigation or footers."""

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


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What a page holds: the article text (paragraphs on their own lines), title and date."""

    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None


def find_declared_charset(data: bytes) -> str | None:
    """The encoding a page names in ``<meta charset>`` or ``http-equiv`` near its start."""
    match = _CHARSET.search(data[:_CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(data: bytes, *, where: str) -> str:
    """The text of an HTML file, honouring its declared charset (see ``decode_bytes``)."""
    return decode_bytes(data, where=where, declared=find_declared_charset(data))


def extract_article(html: str, *, where: str) -> HtmlArticle:
    """The main text of a page with its title and date, via trafilatura.

    Navigation, footers, share rows and comments are dropped by trafilatura; boilerplate
    lines it keeps are removed later by ``clean_text``. Raises ``EmptyInputError`` when
    the page has no article text.
    """
    import trafilatura  # slow to import: only when a page is read

    # lxml refuses str input that carries an XML encoding declaration (XHTML pages).
    markup = _XML_DECLARATION.sub("", html.lstrip("\ufeff"), count=1)
    if not markup.strip():
        raise EmptyInputError("the HTML file is empty", where=where)
    result: Any = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
    )
    text = str(getattr(result, "text", None) or "") if result is not None else ""
    if not text.strip():
        raise EmptyInputError("no article text found in the HTML page", where=where)
    return HtmlArticle(
        text=text,
        title=_metadata_string(getattr(result, "title", None)),
        published=_page_date(getattr(result, "date", None), where=where),
        url=_metadata_string(getattr(result, "url", None)),
    )


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
