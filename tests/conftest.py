"""Shared fixtures. ``../shared`` (spec, seed, eval data) is read only through ``shared_dir``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Shared 2-core machines are slow and noisy: no per-example deadline; in CI the examples are
# derandomised so that a run is reproducible (locally they stay random to keep finding cases).
settings.register_profile("rasid", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("rasid")
# Deduplication uses sentence embeddings when rasid[embed] is installed; tests that want them ask
# for them (tests/resolve), the rest stay quick and deterministic with words only.
os.environ.setdefault("RASID_EMBEDDINGS", "off")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's ``../shared`` folder; skips the test when this checkout has none beside it."""
    if not (SHARED / "spec").is_dir():
        pytest.skip(f"../shared is not beside this checkout ({SHARED}): spec/seed/eval tests skipped")
    return SHARED


@pytest.fixture(scope="session")
def event_schema(shared_dir: Path) -> dict[str, Any]:
    """The v1 contract: shared/spec/event.schema.json."""
    schema: dict[str, Any] = json.loads(
        (shared_dir / "spec" / "event.schema.json").read_text(encoding="utf-8")
    )
    return schema


@pytest.fixture(scope="session")
def seed_text(shared_dir: Path) -> str:
    """The foundation report (shared/seed)."""
    path = shared_dir / "seed" / "deir-ez-zor-badia-report.ar.txt"
    if not path.is_file():
        pytest.skip(f"seed report missing: {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_user_gazetteer(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read a gazetteer index the user imported into their home folder."""
    monkeypatch.setenv("RASID_GAZETTEER", str(tmp_path_factory.getbasetemp() / "no-gazetteer.sqlite"))
