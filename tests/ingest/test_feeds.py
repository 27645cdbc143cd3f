"""Feeds: RSS 2.0, Atom and RSS 1.0 to items; invalid XML and XML tricks are clear errors."""

from __future__ import annotations

import pytest

from rasid.errors import FeedError
from rasid.ingest.feeds import looks_like_feed, parse_feed
from web_pages import atom, rss1, rss2

BASE = "https://news.example/feeds/main.xml"


def test_feeds_rss2_items_with_relative_links() -> None:
    xml = rss2(
        [("g1", "/ar/2025/03/attack.html", "هجوم على حاجز"), ("g2", "https://other.example/b", "Clash")]
    )
    feed = parse_feed(xml.encode(), base_url=BASE, where=BASE)
    assert feed.title == "Test newsroom"
    assert [(i.key, i.url, i.title, i.published) for i in feed.items] == [
        ("g1", "https://news.example/ar/2025/03/attack.html", "هجوم على حاجز", "2025-03-04"),
        ("g2", "https://other.example/b", "Clash", "2025-03-04"),
    ]


def test_feeds_atom_entries() -> None:
    feed = parse_feed(
        atom([("urn:1", "https://news.example/x", "اشتباك")]).encode(), base_url=BASE, where=BASE
    )
    assert feed.title == "أخبار تجريبية"
    assert [(i.key, i.url, i.published) for i in feed.items] == [
        ("urn:1", "https://news.example/x", "2025-03-05")
    ]


def test_feeds_rss1_items() -> None:
    feed = parse_feed(
        rss1([("https://news.example/r1", "Protest in Daraa")]).encode(), base_url=BASE, where=BASE
    )
    assert [(i.key, i.url, i.title, i.published) for i in feed.items] == [
        ("https://news.example/r1", "https://news.example/r1", "Protest in Daraa", "2025-03-06")
    ]


def test_feeds_items_without_link_are_skipped_and_guid_permalink_used() -> None:
    xml = (
        "<rss><channel><title>t</title><item><title>no link</title></item>"
        "<item><guid>https://news.example/p/7</guid></item></channel></rss>"
    )
    feed = parse_feed(xml.encode(), base_url=BASE, where=BASE)
    assert [(i.key, i.url) for i in feed.items] == [("https://news.example/p/7", "https://news.example/p/7")]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut', "not well-formed XML"),
        (b"<rss><channel><title>A &nbsp; B</title></channel></rss>", "not well-formed XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<rss><channel><title>&b;</title></channel></rss>",
            "forbidden XML features",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><title>&x;</title></channel></rss>",
            "forbidden XML features",
        ),
        (b"<rss><item/></rss>", "without a <channel>"),
        (b"<html><body>not a feed</body></html>", "not an RSS or Atom feed"),
    ],
)
def test_feeds_invalid_feed_is_a_clear_error(data: bytes, fragment: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(data, base_url=BASE, where=BASE)
    assert fragment in info.value.message and info.value.code == "E109"
    assert str(info.value).startswith(BASE)


@pytest.mark.parametrize(
    ("data", "media_type", "expected"),
    [
        (rss2([]).encode(), "text/xml", True),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- comment -->\n<feed xmlns='x'>", None, True),
        (rss1([]).encode(), "application/xml", True),
        (b"<rss version='2.0'><channel><item><title>cut", "text/html", True),  # broken, still a feed
        (b"anything", "application/atom+xml", True),
        (b"<!DOCTYPE html><html><head><title>rss feed</title>", "text/html", False),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", "application/xhtml+xml", False),
        (b"plain text about feeds", "text/plain", False),
    ],
)
def test_feeds_looks_like_feed(data: bytes, media_type: str | None, expected: bool) -> None:
    assert looks_like_feed(data, media_type) is expected
