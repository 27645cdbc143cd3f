"""Feeds to items: RSS 2.0, RSS 1.0 (RDF) and Atom -> article links with titles and dates.

Parsed with ``defusedxml`` (no entity expansion, no external entities or DTD fetches), and
strictly: a feed that is not well-formed XML is an error (``FeedError``, E109), not a guess.
``looks_like_feed`` decides from the media type and the root element whether fetched
bytes are a feed at all; anything else is read as an article.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from rasid.errors import FeedError
from rasid.ingest.base import parse_published

FEED_MEDIA_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_SNIFF_BYTES = 2048
# The first element after the XML declaration, comments, processing instructions and a doctype.
_ROOT = re.compile(
    rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w.-]*:)?(rss|feed|RDF)[\s>/]",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed: a stable ``key`` (guid, id or link), its article URL, title and date."""

    key: str
    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title and its items, in the feed's order."""

    title: str | None
    items: tuple[FeedItem, ...]


def looks_like_feed(data: bytes, media_type: str | None = None) -> bool:
    """True when the bytes are an RSS or Atom feed by media type or by root element."""
    if media_type in FEED_MEDIA_TYPES:
        return True
    return _ROOT.match(data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")) is not None


def parse_feed(data: bytes, *, base_url: str, where: str) -> Feed:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed, links made absolute against ``base_url``.

    Items without a link are skipped. Raises ``FeedError`` when the bytes are not
    well-formed XML, use forbidden XML features (entities, external references), or are
    XML but not a feed.
    """
    try:
        root = fromstring(data)
    except ParseError as exc:
        raise FeedError(f"the feed is not well-formed XML ({exc})", where=where) from None
    except DefusedXmlException as exc:
        raise FeedError(f"the feed uses forbidden XML features ({exc})", where=where) from None
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError("an RSS feed without a <channel>", where=where)
        items = [_rss2_item(item, base_url) for item in channel.findall("item")]
        title = _text(channel.find("title"))
    elif root.tag == f"{_ATOM}feed":
        items = [_atom_entry(entry, base_url) for entry in root.findall(f"{_ATOM}entry")]
        title = _text(root.find(f"{_ATOM}title"))
    elif root.tag == f"{_RDF}RDF":
        items = [_rss1_item(item, base_url) for item in root.findall(f"{_RSS1}item")]
        title = _text(root.find(f"{_RSS1}channel/{_RSS1}title"))
    else:
        raise FeedError(f"XML with root element <{root.tag}> is not an RSS or Atom feed", where=where)
    return Feed(title=title, items=tuple(item for item in items if item is not None))


def _rss2_item(item: Element, base_url: str) -> FeedItem | None:
    link = _text(item.find("link"))
    guid_element = item.find("guid")
    guid = _text(guid_element)
    if not link and guid and guid_element is not None and guid_element.get("isPermaLink", "true") == "true":
        link = guid
    published = _rfc822_date(_text(item.find("pubDate"))) or _iso_date(_text(item.find(f"{_DC}date")))
    return _item(guid, link, _text(item.find("title")), published, base_url)


def _atom_entry(entry: Element, base_url: str) -> FeedItem | None:
    link = None
    for element in entry.findall(f"{_ATOM}link"):
        if element.get("rel", "alternate") == "alternate" and element.get("href"):
            link = element.get("href")
            break
    published = _iso_date(_text(entry.find(f"{_ATOM}published"))) or _iso_date(
        _text(entry.find(f"{_ATOM}updated"))
    )
    return _item(
        _text(entry.find(f"{_ATOM}id")), link, _text(entry.find(f"{_ATOM}title")), published, base_url
    )


def _rss1_item(item: Element, base_url: str) -> FeedItem | None:
    link = _text(item.find(f"{_RSS1}link")) or item.get(f"{_RDF}about")
    published = _iso_date(_text(item.find(f"{_DC}date")))
    return _item(item.get(f"{_RDF}about"), link, _text(item.find(f"{_RSS1}title")), published, base_url)


def _item(
    key: str | None, link: str | None, title: str | None, published: str | None, base_url: str
) -> FeedItem | None:
    if not link:
        return None
    url = urljoin(base_url, link.strip())
    return FeedItem(key=(key or url).strip(), url=url, title=title, published=published)


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _rfc822_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return _iso_date(value)


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_published(value)
    except ValueError:
        return None
