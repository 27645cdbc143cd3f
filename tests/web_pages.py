"""Web pages and feeds for the fetcher, feed and watch tests, written for this project (not news copy)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

ARTICLE_AR = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>اشتباك قرب الميادين</title></head>
<body>
<nav><a href="/">الرئيسية</a> | <a href="/news">أخبار</a> | <a href="/contact">اتصل بنا</a></nav>
<article>
<h1>اشتباك قرب الميادين</h1>
<p>قُتل عنصران من قوات النظام بهجوم لخلايا داعش في بادية الميادين أمس، بحسب ناشطين من المنطقة.</p>
<p>وأضاف الناشطون أن المهاجمين انسحبوا نحو عمق البادية بعد الهجوم الذي استمر قرابة ساعة.</p>
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>
"""

ARTICLE_EN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Drone strike near Idlib</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Drone strike near Idlib</h1>
<p>A drone strike by Russian forces hit a market in Idlib on Monday, killing three civilians,
local rescuers said.</p>
<p>The rescuers said they pulled two injured people from the rubble of a shop after the strike.</p>
</article>
<footer>Copyright the example newsroom</footer>
</body></html>
"""

# A page cut off in the middle of its second paragraph: no closing tags at all.
ARTICLE_TRUNCATED = """<html lang="en"><head><meta charset="utf-8">
<title>Clashes in Deir ez-Zor</title></head><body><article><h1>Clashes in Deir ez-Zor</h1>
<p>Fighters of the Syrian Democratic Forces clashed with tribal gunmen in the town of Hajin on
Tuesday, according to local activists who followed the fighting.</p>
<p>The activists said the clashes stopped after tribal elders arrived and asked both sides to"""


def rss2(items: Sequence[tuple[str, str, str]], *, title: str = "Test newsroom") -> str:
    """An RSS 2.0 feed of ``(guid, link, title)`` items."""
    body = "".join(
        f'<item><title>{escape(t)}</title><link>{escape(link)}</link><guid isPermaLink="false">'
        f"{escape(guid)}</guid><pubDate>Tue, 04 Mar 2025 10:00:00 +0000</pubDate></item>"
        for guid, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link>{body}</channel></rss>"
    )


def atom(items: Sequence[tuple[str, str, str]]) -> str:
    """An Atom feed of ``(id, link, title)`` entries."""
    body = "".join(
        f"<entry><id>{escape(key)}</id><title>{escape(t)}</title>"
        f'<link rel="alternate" href="{escape(link)}"/>'
        "<updated>2025-03-05T08:30:00Z</updated></entry>"
        for key, link, t in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>أخبار تجريبية</title><id>urn:test:feed</id>{body}</feed>"
    )


def rss1(items: Sequence[tuple[str, str]]) -> str:
    """An RSS 1.0 (RDF) feed of ``(link, title)`` items."""
    body = "".join(
        f'<item rdf:about="{escape(link)}"><title>{escape(t)}</title><link>{escape(link)}</link>'
        "<dc:date>2025-03-06</dc:date></item>"
        for link, t in items
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>RDF test</title></channel>{body}</rdf:RDF>"
    )
