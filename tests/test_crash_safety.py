"""Crash safety: ``rasid run`` killed with SIGKILL at several points, then run again, leaves
exactly the database one uninterrupted run leaves (documents, events, mentions, near-duplicate
links and signatures; nothing lost, nothing doubled)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasid.cli.run import bundled_samples
from rasid.pipeline import run_sources
from rasid.store import Store

CORPUS = Path(__file__).resolve().parent / "data" / "html"
# Documents committed before each kill; each restarted run is killed at the next point.
KILL_POINTS = (1, 100, 200)
TABLES = {
    "documents": "id, text_sha256, language, published, url, source, title, origin, text, "
    "duplicate_of, similarity",
    "events": "*",
    "event_actors": "event_id, role, actor_id, name, text, span_start, span_end",
    "mentions": "document_id, kind, text, span_start, span_end, value",
    "document_minhash": "*",
}


def _corpus(path: Path) -> int:
    """A JSONL archive of a few hundred documents: originals, stories joined in pairs,
    republished copies (near-duplicates), exact duplicates and a language rasid does not code."""
    samples = [json.loads(line) for line in Path(bundled_samples()).read_text(encoding="utf-8").splitlines()]
    bodies = [page.read_text(encoding="utf-8").strip() for page in sorted(CORPUS.glob("*.txt"))]
    records = [{"id": s["id"], "text": s["text"], "published": s.get("published")} for s in samples]
    records += [{"id": f"page-{i}", "text": body, "published": "2023-01-01"} for i, body in enumerate(bodies)]
    for step in (1, 5, 9):
        records += [
            {
                "id": f"pair-{step}-{i}",
                "text": f"{body.split(chr(10))[0]}\n{bodies[(i + step) % len(bodies)].split(chr(10))[-1]}",
            }
            for i, body in enumerate(bodies)
        ]
    originals = [r for r in records if len(r["text"].split()) >= 40]
    records += [
        {"id": f"copy-{r['id']}", "text": "\n".join(reversed(r["text"].split("\n"))) + "\n(نقلاً عن وكالات)"}
        for r in originals
    ]
    records += [{"id": f"same-{r['id']}", "text": r["text"]} for r in originals[::4]]
    records += [
        {"id": f"fr-{i}", "text": f"Rapport numéro {i} : la situation reste calme dans la région."}
        for i in range(8)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return len(records)


def _run(archive: Path, db: Path) -> subprocess.Popen[bytes]:
    code = "from rasid.cli.main import cli; cli()"
    command = [sys.executable, "-c", code, "run", str(archive), "--db", str(db), "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("select count(*) from documents").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {
            table: sorted(conn.execute(f"select {columns} from {table}").fetchall(), key=repr)
            for table, columns in TABLES.items()
        }


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_crash_safety_sigkill_then_rerun_equals_one_run(tmp_path: Path) -> None:
    archive = tmp_path / "corpus.jsonl"
    assert _corpus(archive) >= 250

    # The uninterrupted run happens in this process (the same call `rasid run` makes), which
    # spares a start-up; the interrupted ones are real processes killed with SIGKILL.
    reference = tmp_path / "reference.db"
    with Store.open(str(reference)) as store:
        assert not run_sources([str(archive)], store=store).failures
    expected = _dump(reference)
    assert len(expected["documents"]) > max(KILL_POINTS) and expected["events"]
    assert sum(1 for row in expected["documents"] if row[9] is not None) >= 20  # near-duplicates linked

    db = tmp_path / "crashed.db"
    killed = 0
    for point in KILL_POINTS:
        process = _run(archive, db)
        deadline = time.monotonic() + 120
        while process.poll() is None and _committed(db) < point and time.monotonic() < deadline:
            time.sleep(0.005)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.communicate(timeout=60)
        assert _committed(db) < len(expected["documents"])
    assert killed == len(KILL_POINTS)

    process = _run(archive, db)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    found = _dump(db)
    for table, rows in expected.items():
        missing = sorted(set(rows) - set(found[table]), key=repr)[:3]
        extra = sorted(set(found[table]) - set(rows), key=repr)[:3]
        assert found[table] == rows, f"{table}: only in one run {missing}; only after kills {extra}"
