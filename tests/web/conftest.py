"""Fixtures for the dashboard tests: a samples store with a hostile document, a live server,
and headless Debian Chromium driven by Playwright (installed here when missing, else skipped)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rasid.cli.run import bundled_samples
from rasid.pipeline import run_sources
from rasid.store import Store

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# A report whose text, title and outlet carry markup that would run if the page inserted it as HTML.
XSS_DOCUMENT = {
    "id": "xss-report",
    "title": "<script>window.__xss_title = 1</script>قصف على معرة النعمان",
    "source": '" onerror="window.__xss_source = 1',
    "published": "2020-01-21",
    "language": "ar",
    "text": (
        "قُتل ثلاثة مدنيين بقصف مدفعي لقوات النظام على مدينة معرة النعمان في ريف إدلب أمس. "
        '<script>window.__xss = 1</script> وقال ناشطون "><img src=x" onerror="window.__xss = 2"> '
        "إن القصف استهدف سوقاً شعبياً."
    ),
}


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``e2e`` mark (deselect the browser tests with ``-m "not e2e"``)."""
    config.addinivalue_line("markers", "e2e: drives the dashboard in headless Chromium")


def find_chromium() -> str | None:
    """The system Chromium: ``$RASID_CHROMIUM`` or the first browser on the PATH."""
    configured = os.environ.get("RASID_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def install_chromium() -> str | None:
    """Install Debian's chromium with apt-get (as root only); the reason it failed otherwise."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available to install Chromium"
    if os.geteuid() != 0:
        return "Chromium is not installed and installing it needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=900, env=env)
        except (OSError, subprocess.SubprocessError) as exc:
            return f"could not install Chromium with {' '.join(command)}: {exc}"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The path of a Chromium binary, installing Debian's package when none is there."""
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')")
    path = find_chromium()
    if path is None:
        problem = install_chromium()
        path = find_chromium()
        if path is None:
            pytest.skip(f"no Chromium for the end-to-end tests: {problem or 'not found after installing'}")
    return path


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the bundled samples and the hostile document, as ``rasid run`` codes them."""
    folder = tmp_path_factory.mktemp("web")
    archive = folder / "extra.jsonl"
    archive.write_text(json.dumps(XSS_DOCUMENT, ensure_ascii=False) + "\n", encoding="utf-8")
    path = folder / "dashboard.db"
    with Store.open(str(path)) as store:
        summary = run_sources([bundled_samples(), str(archive)], store=store)
    assert summary.events > 20 and not summary.failures
    return path


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving an app on the loopback interface in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(dashboard_db: Path) -> Iterator[LiveServer]:
    """The API and dashboard over ``dashboard_db`` on a free loopback port."""
    from rasid.api.app import create_app

    with LiveServer(create_app(str(dashboard_db))) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    """Headless Chromium (the system binary) under Playwright."""
    from playwright.sync_api import Error, sync_playwright

    manager = sync_playwright().start()
    try:
        try:
            launched = manager.chromium.launch(
                executable_path=chromium_path, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
        except Error as exc:
            pytest.skip(f"Chromium at {chromium_path} does not start headless: {exc}")
        yield launched
        launched.close()
    finally:
        manager.stop()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh laptop-sized page in English; it fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.set_default_timeout(10_000)
    yield opened
    context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture(scope="session")
def artefacts() -> Path:
    """The folder for screenshots (``test-artifacts/web/``)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS
