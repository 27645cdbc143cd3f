"""The fetcher against a local server on 127.0.0.1 only; other addresses are decided by a stubbed resolver."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator, Sequence

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import rasid.ingest.addresses as policy
from rasid.errors import FetchError, InputTooLargeError, RefusedAddressError
from rasid.ingest.addresses import IPAddress
from rasid.ingest.fetch import USER_AGENT, Fetcher


class FakeClock:
    """A clock that only moves when ``sleep`` is called: rate limits and backoff without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def _local(*names: str) -> object:
    """A resolver that answers 127.0.0.1 for the given names and fails the test for any other."""

    def resolve(host: str, port: int) -> Sequence[str]:
        assert host in names, f"unexpected resolution of {host}"
        return ["127.0.0.1"]

    return resolve


def _fetcher(clock: FakeClock | None = None, **options: object) -> Fetcher:
    clock = clock or FakeClock()
    options.setdefault("allow_private", True)
    return Fetcher(clock=clock, sleep=clock.sleep, **options)  # type: ignore[arg-type]


def test_fetch_loopback_refused_without_allow_private(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page.html").respond_with_data("<p>hello</p>", content_type="text/html")
    with _fetcher(allow_private=False) as fetcher, pytest.raises(RefusedAddressError) as info:
        fetcher.fetch(httpserver.url_for("/page.html"))
    assert "loopback" in info.value.message and "--allow-private" in info.value.message
    assert httpserver.log == []  # refused before anything was sent


def test_fetch_loopback_served_with_allow_private(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page.html").respond_with_data(
        "<p>مرحبا</p>", content_type="text/html; charset=UTF-8", headers={"ETag": '"v1"'}
    )
    with _fetcher() as fetcher:
        response = fetcher.fetch(httpserver.url_for("/page.html"))
    assert response.status_code == 200
    assert response.content.decode("utf-8") == "<p>مرحبا</p>"
    assert (response.media_type, response.charset, response.etag) == ("text/html", "utf-8", '"v1"')
    request = httpserver.log[0][0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("rasid/") and "conflict-event monitor" in USER_AGENT


def test_fetch_connects_to_the_checked_address_with_the_host_name(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("ok")
    url = f"http://news.example:{httpserver.port}/a"
    with _fetcher(resolver=_local("news.example")) as fetcher:
        response = fetcher.fetch(url)
    assert response.final_url == url and response.content == b"ok"
    assert httpserver.log[0][0].headers["Host"] == f"news.example:{httpserver.port}"


def test_fetch_redirects_are_followed_and_each_hop_checked(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("moved here")
    with _fetcher() as fetcher:
        response = fetcher.fetch(httpserver.url_for("/old"))
    assert response.final_url == httpserver.url_for("/new") and response.content == b"moved here"


def test_fetch_redirect_loop_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with _fetcher() as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(httpserver.url_for("/a"))
    assert "redirect loop" in info.value.message and info.value.code == "E108"
    assert len(httpserver.log) == 2


def test_fetch_redirect_cap(httpserver: HTTPServer) -> None:
    for n in range(5):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=307, headers={"Location": f"/r{n + 1}"}
        )
    with _fetcher(max_redirects=3) as fetcher, pytest.raises(FetchError, match="more than 3 redirects"):
        fetcher.fetch(httpserver.url_for("/r0"))
    assert len(httpserver.log) == 4


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://internal.example/admin",  # resolves (stubbed) to the metadata address
        "file:///etc/passwd",
    ],
)
def test_fetch_redirect_to_a_refused_address(httpserver: HTTPServer, location: str) -> None:
    httpserver.expect_request("/go").respond_with_data("", status=302, headers={"Location": location})

    def resolve(host: str, port: int) -> Sequence[str]:
        assert host == "internal.example"
        return ["169.254.169.254"]

    with _fetcher(resolver=resolve) as fetcher, pytest.raises(RefusedAddressError):
        fetcher.fetch(httpserver.url_for("/go"))
    assert len(httpserver.log) == 1


def test_fetch_redirect_to_private_refused_without_allow_private(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop is decided public by the stub; its redirect would go to 10.0.0.7: refused, unsent."""
    answers = {"news.example": ["127.0.0.1"], "intranet.example": ["10.0.0.7"]}
    original = policy.address_refusal

    def verdict(address: IPAddress, *, allow_private: bool = False) -> str | None:
        # Only the verdict on 127.0.0.1 is lifted, so that the first hop can reach the local server.
        return None if str(address) == "127.0.0.1" else original(address, allow_private=allow_private)

    monkeypatch.setattr(policy, "address_refusal", verdict)
    server = _OneShot(
        b"HTTP/1.1 302 Found\r\nLocation: http://intranet.example/\r\nContent-Length: 0\r\n\r\n"
    )
    fetcher = _fetcher(allow_private=False, resolver=lambda host, port: answers[host])
    try:
        with fetcher, pytest.raises(RefusedAddressError) as info:
            fetcher.fetch(f"http://news.example:{server.port}/")
    finally:
        server.close()
    assert "intranet.example resolves to 10.0.0.7, which is a private address" in info.value.message
    assert server.requests == 1


def test_fetch_gzip_bomb_is_refused(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MiB of zeros in about 20 KiB
    assert len(bomb) < 64 * 1024
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with _fetcher(max_bytes=1024 * 1024) as fetcher, pytest.raises(InputTooLargeError) as info:
        fetcher.fetch(httpserver.url_for("/bomb"))
    assert "decompresses to more than" in info.value.message and info.value.code == "E103"


def test_fetch_gzip_page_is_decompressed(httpserver: HTTPServer) -> None:
    page = "<p>نص عربي مضغوط</p>".encode()
    httpserver.expect_request("/z").respond_with_data(
        gzip.compress(page), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with _fetcher() as fetcher:
        assert fetcher.fetch(httpserver.url_for("/z")).content == page


def test_fetch_50mb_page_is_refused_while_streaming(httpserver: HTTPServer) -> None:
    sent: list[int] = []

    def huge(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(50 * 16):  # 50 MiB in 64 KiB chunks, no Content-Length
                sent.append(1)
                yield b"a" * 65536

        return Response(chunks(), content_type="text/html")

    httpserver.expect_request("/huge").respond_with_handler(huge)
    with _fetcher() as fetcher, pytest.raises(InputTooLargeError) as info:
        fetcher.fetch(httpserver.url_for("/huge"))
    assert "reading stopped" in info.value.message
    assert len(sent) < 50 * 16  # the server was not read to the end


def test_fetch_declared_oversize_is_refused_before_reading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 300_000, content_type="text/html")
    with (
        _fetcher(max_bytes=100_000) as fetcher,
        pytest.raises(InputTooLargeError, match="larger than the limit"),
    ):
        fetcher.fetch(httpserver.url_for("/big"))


def test_fetch_conditional_request_304(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed", headers={"If-None-Match": '"abc"'}).respond_with_data("", status=304)
    with _fetcher() as fetcher:
        response = fetcher.fetch(httpserver.url_for("/feed"), etag='"abc"', last_modified="Tue, 04 Mar 2025")
    assert response.not_modified and response.content == b""
    assert httpserver.log[0][0].headers["If-Modified-Since"] == "Tue, 04 Mar 2025"


def test_fetch_retries_5xx_with_backoff(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data(
        "busy", status=502, headers={"Retry-After": "5"}
    )
    httpserver.expect_ordered_request("/flaky").respond_with_data("finally")
    clock = FakeClock()
    with _fetcher(clock, min_interval=0) as fetcher:
        assert fetcher.fetch(httpserver.url_for("/flaky")).content == b"finally"
    assert clock.sleeps == [1.0, 5.0]  # 1 s, then max(2 s, Retry-After 5 s)


def test_fetch_gives_up_after_retries(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/down").respond_with_data("no", status=500)
    clock = FakeClock()
    with _fetcher(clock, min_interval=0, retries=2) as fetcher, pytest.raises(FetchError) as info:
        fetcher.fetch(httpserver.url_for("/down"))
    assert info.value.transient and "after 3 attempts" in info.value.message
    assert clock.sleeps == [1.0, 2.0] and len(httpserver.log) == 3


def test_fetch_client_error_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    with _fetcher() as fetcher, pytest.raises(FetchError, match="HTTP 404") as info:
        fetcher.fetch(httpserver.url_for("/gone"))
    assert not info.value.transient and len(httpserver.log) == 1


def test_fetch_rate_limit_per_host(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data("x")
    clock = FakeClock()
    port = httpserver.port
    with _fetcher(clock, min_interval=1.5, resolver=_local("a.example", "b.example")) as fetcher:
        fetcher.fetch(f"http://a.example:{port}/x")
        fetcher.fetch(f"http://b.example:{port}/x")  # another host: no wait
        assert clock.sleeps == []
        clock.now += 0.5
        fetcher.fetch(f"http://a.example:{port}/x")  # 0.5 s after the first: waits 1 s more
        assert clock.sleeps == [1.0]
        clock.now += 10
        fetcher.fetch(f"http://a.example:{port}/x")
        assert clock.sleeps == [1.0]


class _OneShot:
    """A raw TCP server on 127.0.0.1 that answers every connection with the same bytes, then closes."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.requests = 0
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen()
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                self.requests += 1
                connection.sendall(self.answer)

    def close(self) -> None:
        self._socket.close()


def test_fetch_truncated_body_is_a_clear_error() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n"
    server = _OneShot(head + b"<html><body><p>cut off in the mid")
    clock = FakeClock()
    try:
        with _fetcher(clock, min_interval=0, retries=1) as fetcher, pytest.raises(FetchError) as info:
            fetcher.fetch(f"http://127.0.0.1:{server.port}/page")
    finally:
        server.close()
    assert "connection failed" in info.value.message and info.value.transient
    assert server.requests == 2  # retried once


def test_fetch_truncated_gzip_is_a_clear_error(httpserver: HTTPServer) -> None:
    body = gzip.compress("<p>صفحة مقطوعة</p>".encode() * 50)
    httpserver.expect_request("/cut").respond_with_data(
        body[: len(body) // 2], content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    with _fetcher() as fetcher, pytest.raises(FetchError, match="truncated"):
        fetcher.fetch(httpserver.url_for("/cut"))
