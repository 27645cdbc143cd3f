"""`rasid keys create|list|revoke` and `rasid serve` (a real uvicorn on loopback)."""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from rasid.cli.main import cli


def test_keys_cli_creates_lists_and_revokes(tmp_path: Path) -> None:
    db = str(tmp_path / "keys.db")
    runner = CliRunner()
    made = runner.invoke(cli, ["keys", "create", "newsroom", "--db", db])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert token.startswith("rsd_") and len(token) > 40
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT name, prefix, digest FROM api_keys").fetchall()
    assert stored == [("newsroom", token[:12], hashlib.sha256(token.encode()).hexdigest())]
    assert token not in (tmp_path / "keys.db").read_bytes().decode("latin-1")
    listed = json.loads(runner.invoke(cli, ["keys", "list", "--db", db, "--format", "json"]).stdout)
    assert listed[0]["name"] == "newsroom" and listed[0]["revoked_at"] is None
    assert token not in runner.invoke(cli, ["keys", "list", "--db", db]).output
    revoked = runner.invoke(cli, ["keys", "revoke", "newsroom", "--db", db])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    listed = json.loads(runner.invoke(cli, ["keys", "list", "--db", db, "--format", "json"]).stdout)
    assert listed[0]["revoked_at"] is not None
    missing = runner.invoke(cli, ["keys", "revoke", "nobody", "--db", db])
    assert missing.exit_code == 1 and "no key" in missing.output
    empty = runner.invoke(cli, ["keys", "create", "  ", "--db", db])
    assert empty.exit_code == 2


def test_serve_cli_explains_a_missing_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "rasid[api]" in result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_cli_answers_on_loopback(samples_db: Path) -> None:
    port = _free_port()
    entry = "from rasid.cli.main import cli; cli()"
    command = [sys.executable, "-c", entry, "serve", "--db", str(samples_db), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/events", params={"limit": 2}, timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert answer.status_code == 200 and len(answer.json()["events"]) == 2
        assert "access-control-allow-origin" not in answer.headers
    finally:
        server.terminate()
        server.wait(timeout=10)
