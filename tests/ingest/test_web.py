"""URL and feed sources through ``iter_documents``, against a local server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from rasid.ingest import IngestFailure, iter_documents
from rasid.ingest.fetch import Fetcher
from rasid.ingest.web import MemoryState
from rasid.records import Document
from web_pages import ARTICLE_AR, ARTICLE_EN, ARTICLE_TRUNCATED, atom, rss2

HTML = "text/html; charset=utf-8"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(allow_private=True, min_interval=0, retries=0) as made:
        yield made


def _read(sources: list[str], **options: object) -> tuple[list[Document], list[IngestFailure]]:
    items = list(iter_documents(sources, **options))  # type: ignore[arg-type]
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, IngestFailure)],
    )


def _serve_feed(httpserver: HTTPServer, etag: str | None = None) -> str:
    items = [("ar-1", "/ar/1.html", "اشتباك قرب الميادين"), ("en-1", "/en/1.html", "Drone strike near Idlib")]
    headers = {"ETag": etag} if etag else {}
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss2(items), content_type="application/rss+xml", headers=headers
    )
    httpserver.expect_request("/ar/1.html").respond_with_data(ARTICLE_AR, content_type=HTML)
    httpserver.expect_request("/en/1.html").respond_with_data(ARTICLE_EN, content_type=HTML)
    return httpserver.url_for("/feed.xml")


def _paths(httpserver: HTTPServer) -> list[str]:
    return [request.path for request, _ in httpserver.log]


def test_web_feed_page_and_file_mixed(httpserver: HTTPServer, fetcher: Fetcher, tmp_path: Path) -> None:
    feed_url = _serve_feed(httpserver)
    httpserver.expect_request("/cut.html").respond_with_data(ARTICLE_TRUNCATED, content_type=HTML)
    local = tmp_path / "note.txt"
    local.write_text("تقرير محلي قصير عن قصف مدفعي على بلدة في ريف إدلب.", encoding="utf-8")
    page_url = httpserver.url_for("/cut.html")
    documents, failures = _read([str(local), feed_url, page_url], fetcher=fetcher)
    assert failures == []
    assert [d.id for d in documents] == [
        "note.txt",
        httpserver.url_for("/ar/1.html"),
        httpserver.url_for("/en/1.html"),
        page_url,
    ]
    arabic, english, truncated = documents[1:]
    assert arabic.language == "ar" and "بادية الميادين" in arabic.text and "جميع الحقوق" not in arabic.text
    assert arabic.title == "اشتباك قرب الميادين" and arabic.published == "2025-03-04"  # the feed's date
    assert (
        english.language == "en"
        and "killing three civilians" in english.text
        and "Copyright" not in english.text
    )
    assert english.origin == english.url == httpserver.url_for("/en/1.html") and english.source == "127.0.0.1"
    # A page cut off mid-sentence still gives the text it has.
    assert "Hajin" in truncated.text and "asked both sides to" in truncated.text


def test_web_atom_feed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/atom").respond_with_data(
        atom([("urn:a", "/ar/1.html", "x")]), content_type="application/atom+xml"
    )
    httpserver.expect_request("/ar/1.html").respond_with_data(ARTICLE_AR, content_type=HTML)
    documents, failures = _read([httpserver.url_for("/atom")], fetcher=fetcher)
    assert failures == [] and [d.id for d in documents] == [httpserver.url_for("/ar/1.html")]


def test_web_invalid_feed_is_reported_and_the_run_goes_on(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/bad.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>مقطوع</title></chan',
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/en/1.html").respond_with_data(ARTICLE_EN, content_type=HTML)
    documents, failures = _read(
        [httpserver.url_for("/bad.xml"), httpserver.url_for("/en/1.html")], fetcher=fetcher
    )
    assert [f.error.code for f in failures] == ["E109"]
    assert "not well-formed XML" in failures[0].error.message
    assert [d.id for d in documents] == [httpserver.url_for("/en/1.html")]


def test_web_url_refused_without_allow_private(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/en/1.html").respond_with_data(ARTICLE_EN, content_type=HTML)
    local = tmp_path / "a.txt"
    local.write_text("Shelling hit the town of Maarat al-Numan on Friday.", encoding="utf-8")
    documents, failures = _read([httpserver.url_for("/en/1.html"), "ftp://files.example/x.txt", str(local)])
    assert [f.error.code for f in failures] == ["E107", "E107"]
    assert [d.id for d in documents] == ["a.txt"]
    assert httpserver.log == []


def test_web_seen_items_are_not_fetched_again(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    feed_url = _serve_feed(httpserver)
    state = MemoryState()
    first, _ = _read([feed_url], fetcher=fetcher, state=state)
    assert len(first) == 2
    httpserver.clear_log()
    again, failures = _read([feed_url], fetcher=fetcher, state=state)
    assert again == [] and failures == []
    assert _paths(httpserver) == ["/feed.xml"]  # the feed only; same body: nothing else read


def test_web_conditional_request_304(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    feed_url = _serve_feed(httpserver, etag='"feed-v1"')
    state = MemoryState()
    _read([feed_url], fetcher=fetcher, state=state)
    httpserver.clear()
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"feed-v1"'}).respond_with_data(
        "", status=304
    )
    documents, failures = _read([feed_url], fetcher=fetcher, state=state)
    assert documents == [] and failures == []
    assert _paths(httpserver) == ["/feed.xml"]
    record = state.get_fetch(feed_url)
    assert record is not None and record.status_code == 304 and record.etag == '"feed-v1"'


def test_web_failed_items_permanent_and_passing(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    items = [("gone", "/gone.html", "a"), ("busy", "/busy.html", "b"), ("ok", "/ar/1.html", "c")]
    httpserver.expect_request("/feed.xml").respond_with_data(rss2(items), content_type="application/rss+xml")
    httpserver.expect_request("/gone.html").respond_with_data("no", status=404)
    httpserver.expect_oneshot_request("/busy.html").respond_with_data("later", status=503)
    httpserver.expect_request("/ar/1.html").respond_with_data(ARTICLE_AR, content_type=HTML)
    state = MemoryState()
    documents, failures = _read([httpserver.url_for("/feed.xml")], fetcher=fetcher, state=state)
    assert [d.id for d in documents] == [httpserver.url_for("/ar/1.html")]
    assert [f.error.code for f in failures] == ["E108", "E108"]
    assert "(item of " in failures[0].where
    # The 404 is taken (not tried again); the 503 is left for the next poll, which reads the feed in full.
    assert state.seen_feed_items(httpserver.url_for("/feed.xml")) == {"gone", "ok"}
    httpserver.expect_request("/busy.html").respond_with_data(ARTICLE_EN, content_type=HTML)
    httpserver.clear_log()
    documents, failures = _read([httpserver.url_for("/feed.xml")], fetcher=fetcher, state=state)
    assert failures == [] and [d.id for d in documents] == [httpserver.url_for("/busy.html")]
    assert _paths(httpserver) == ["/feed.xml", "/busy.html"]


def test_web_should_stop_between_items(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    feed_url = _serve_feed(httpserver)
    state = MemoryState()
    taken: list[Document | IngestFailure] = []
    stream = iter_documents([feed_url], fetcher=fetcher, state=state, should_stop=lambda: len(taken) >= 1)
    taken.extend(stream)
    assert [getattr(d, "id", None) for d in taken] == [httpserver.url_for("/ar/1.html")]
    assert state.seen_feed_items(feed_url) == {"ar-1"}
    assert state.get_fetch(feed_url) is None  # not recorded: the next read takes the rest
    documents, _ = _read([feed_url], fetcher=fetcher, state=state)
    assert [d.id for d in documents] == [httpserver.url_for("/en/1.html")]


def test_web_binary_and_plain_text_pages(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/doc.pdf").respond_with_data(b"%PDF-1.7 ...", content_type="application/pdf")
    httpserver.expect_request("/note.txt").respond_with_data(
        "Clashes erupted between two armed groups in Afrin on Sunday.", content_type="text/plain"
    )
    documents, failures = _read(
        [httpserver.url_for("/doc.pdf"), httpserver.url_for("/note.txt")], fetcher=fetcher
    )
    assert [f.error.code for f in failures] == ["E102"]
    assert [d.text for d in documents] == ["Clashes erupted between two armed groups in Afrin on Sunday."]
