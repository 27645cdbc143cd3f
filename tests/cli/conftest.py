"""Fixtures for the command tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """The local test server listens on 127.0.0.1 only: no test reaches another address."""
    return ("127.0.0.1", 0)
