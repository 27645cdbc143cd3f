"""``rasid run`` with URLs and feeds, and ``rasid watch``: a local server on 127.0.0.1 only."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from rasid.cli.main import cli
from rasid.cli.watch import parse_interval
from web_pages import ARTICLE_AR, ARTICLE_EN, rss2

HTML = "text/html; charset=utf-8"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_host_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """``rasid run`` waits 1 s between two requests to a host; the tests do not."""
    monkeypatch.setattr("rasid.ingest.fetch.DEFAULT_MIN_INTERVAL", 0.0)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _rows(db: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def _serve(httpserver: HTTPServer, items: list[tuple[str, str, str]]) -> str:
    httpserver.expect_request("/feed.xml").respond_with_data(rss2(items), content_type="application/rss+xml")
    httpserver.expect_request("/ar/1.html").respond_with_data(ARTICLE_AR, content_type=HTML)
    httpserver.expect_request("/en/1.html").respond_with_data(ARTICLE_EN, content_type=HTML)
    return httpserver.url_for("/feed.xml")


ITEMS = [("ar-1", "/ar/1.html", "اشتباك"), ("en-1", "/en/1.html", "Drone strike")]


def test_run_cli_feed_items_become_events(httpserver: HTTPServer, tmp_path: Path) -> None:
    feed_url = _serve(httpserver, ITEMS)
    db = tmp_path / "r.db"
    code, out, err = _invoke("run", feed_url, "--db", str(db), "--allow-private")
    assert code == 0, err
    assert "2 new" in out
    documents = _rows(db, "select id, language from documents order by id")
    assert documents == [(httpserver.url_for("/ar/1.html"), "ar"), (httpserver.url_for("/en/1.html"), "en")]
    types = {row[0] for row in _rows(db, "select event_type from events")}
    assert {"attack", "airstrike"} <= types
    assert len(_rows(db, "select * from feed_items")) == 2
    # Re-running reads the feed only and stores nothing twice.
    httpserver.clear_log()
    code, out, _ = _invoke("run", feed_url, "--db", str(db), "--allow-private")
    assert code == 0 and "read 0 document(s)" in out
    assert [r.path for r, _ in httpserver.log] == ["/feed.xml"]


def test_run_cli_loopback_refused_without_allow_private(httpserver: HTTPServer, tmp_path: Path) -> None:
    feed_url = _serve(httpserver, ITEMS)
    local = tmp_path / "note.txt"
    local.write_text(
        "Shelling hit the town of Maarat al-Numan on Friday, killing two civilians.", encoding="utf-8"
    )
    code, out, err = _invoke("run", str(local), feed_url, "--db", str(tmp_path / "r.db"))
    assert code == 1
    assert "E107" in err and "loopback" in err and "--allow-private" in err
    assert "1 new" in out  # the file was still stored
    assert httpserver.log == []


def test_watch_resumes_across_invocations(httpserver: HTTPServer, tmp_path: Path) -> None:
    feed_url = _serve(httpserver, ITEMS[:1])
    db = tmp_path / "w.db"
    args = ("watch", feed_url, "--db", str(db), "--allow-private", "--cycles", "1", "--delay", "0")
    code, out, err = _invoke(*args)
    assert code == 0, err
    assert "poll 1: 1 new item(s), 0 updated" in out and "done after 1 poll(s)" in out
    # The feed grows by one item; the next watch takes only that one.
    httpserver.clear()
    _serve(httpserver, ITEMS)
    code, out, err = _invoke(*args)
    assert code == 0, err
    assert "poll 1: 1 new item(s)" in out
    assert [r.path for r, _ in httpserver.log] == ["/feed.xml", "/en/1.html"]
    assert len(_rows(db, "select * from documents")) == 2


def test_watch_reports_failures_and_goes_on(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/bad.xml").respond_with_data(
        "<rss><channel><item>", content_type="application/rss+xml"
    )
    feed_url = _serve(httpserver, ITEMS[1:])
    args = [httpserver.url_for("/bad.xml"), feed_url, "--db", str(tmp_path / "w.db"), "--allow-private"]
    code, out, err = _invoke("watch", *args, "--cycles", "1", "--delay", "0")
    assert code == 0
    assert "E109" in err and "poll 1: 1 new item(s), 0 updated" in out and "1 failure(s)" in out


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("10m", 600), ("1h", 3600), ("45", 45), ("1.5m", 90)]
)
def test_watch_interval_parsing(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "10x", "-5s", "0s", "m"])
def test_watch_interval_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)
    code, _, err = _invoke("watch", "https://news.example/feed.xml", "--every", text or "''", "--cycles", "1")
    assert code == 2 and "--every" in err


def test_watch_stops_cleanly_on_sigint(httpserver: HTTPServer, tmp_path: Path) -> None:
    """SIGINT arrives while the first item is being served: it is stored, the second is left for later."""
    process: list[subprocess.Popen[str]] = []

    def interrupting(request: Request) -> Response:
        os.kill(process[0].pid, signal.SIGINT)
        return Response(ARTICLE_AR, content_type=HTML)

    httpserver.expect_request("/feed.xml").respond_with_data(rss2(ITEMS), content_type="application/rss+xml")
    httpserver.expect_request("/ar/1.html").respond_with_handler(interrupting)
    httpserver.expect_request("/en/1.html").respond_with_data(ARTICLE_EN, content_type=HTML)
    db = tmp_path / "w.db"
    command = [
        sys.executable,
        "-c",
        "from rasid.cli.main import cli; cli()",
        "watch",
        httpserver.url_for("/feed.xml"),
    ]
    command += ["--db", str(db), "--allow-private", "--every", "1h", "--delay", "0"]
    process.append(
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    )
    out, err = process[0].communicate(timeout=60)
    assert process[0].returncode == 0, err
    assert "poll 1: 1 new item(s)" in out and "stopped after 1 poll(s)" in out
    assert _rows(db, "select id from documents") == [(httpserver.url_for("/ar/1.html"),)]
    assert _rows(db, "select item_key from feed_items") == [("ar-1",)]
    assert "/en/1.html" not in [r.path for r, _ in httpserver.log]
