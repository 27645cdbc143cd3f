"""Extraction quality on the gold snippets of tests/quality (and, optionally, the shared dev suites).

    .venv/bin/python benchmarks/quality.py [--details] [--dev-suites] [--write]

Scores ``rasid.extract.events.extract_events`` on tests/quality/gold_ar.jsonl and gold_en.jsonl
with the same code as the quality gate (tests/quality/scoring.py) and prints the metrics per
language and overall, with the floors the measured values would pin. ``--details`` lists the
documents whose events differ from the gold. ``--dev-suites`` also runs ../shared/eval/score.py
(when it exists beside the project) for the seed, gsr-assault, gsr-protest, case2021 and ucdp
suites and collects their summary lines (about a minute). ``--write`` rewrites
benchmarks/quality.md; without ``--dev-suites`` it keeps the summary lines already there.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "quality"))

from scoring import (  # noqa: E402  (the scoring code lives beside the gate test, written once)
    ACTOR2_ROLES,
    METRICS,
    GoldDocument,
    QualityReport,
    count_document,
    floor_for,
    format_value,
    load_gold,
    score_documents,
    top_ids,
)

from rasid.extract.events import EXTRACTOR, extract_events  # noqa: E402

SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
DEV_SUITES = ("seed", "gsr-assault", "gsr-protest", "case2021", "ucdp")
REPORT_MD = ROOT / "benchmarks" / "quality.md"
_DEV_HEADING = "## Shared dev suites"
_SUITE_TIMEOUT_S = 1800


def run_dev_suites(suites: tuple[str, ...] = DEV_SUITES) -> list[str]:
    """Run ../shared/eval/score.py for each suite with .venv/bin first on PATH; their summary lines."""
    env = dict(os.environ)
    bin_dir = ROOT / ".venv" / "bin"
    first = bin_dir if bin_dir.is_dir() else Path(sys.executable).parent
    env["PATH"] = os.pathsep.join([str(first), env.get("PATH", "")])
    lines = []
    for suite in suites:
        print(f"running {suite} ...", file=sys.stderr)
        try:
            done = subprocess.run(
                [sys.executable, str(SCORE_PY), suite],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=_SUITE_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            lines.append(f"{suite}: timed out after {_SUITE_TIMEOUT_S} s")
            continue
        out = [line for line in done.stdout.splitlines() if line.strip()]
        if done.returncode != 0 or not out:
            err = [line for line in done.stderr.splitlines() if line.strip()]
            lines.append(f"{suite}: failed (exit {done.returncode}): {err[-1] if err else 'no output'}")
        else:
            lines.append(out[-1])
    return lines


def previous_dev_lines(path: Path = REPORT_MD) -> list[str]:
    """The dev-suite summary lines of an earlier quality.md (empty when there are none)."""
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    if _DEV_HEADING not in text:
        return []
    section = text.split(_DEV_HEADING, 1)[1]
    if "```text" not in section:
        return []
    block = section.split("```text", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def format_table(report: QualityReport) -> list[str]:
    """The metrics as a Markdown table: one row per metric, one column per scope."""
    scopes = report.scopes()
    lines = [
        "| metric | " + " | ".join(scopes) + " |",
        "|---|" + "---:|" * len(scopes),
    ]
    for label, attr in (
        ("documents", "docs"),
        ("gold events", "gold"),
        ("system events", "system"),
        ("matched pairs", "matched"),
    ):
        counts = " | ".join(str(getattr(report.counts[s], attr)) for s in scopes)
        lines.append(f"| {label} | {counts} |")
    for key, label in METRICS:
        values = " | ".join(format_value(report.metrics(s)[key]) for s in scopes)
        lines.append(f"| `{key}`: {label} | {values} |")
    bases = " | ".join(
        f"{report.counts[s].admin1_n} / {report.counts[s].fat_n} / {report.counts[s].date_n}" for s in scopes
    )
    lines.append(f"| pairs with a gold admin1 / fatalities on either side / a gold date | {bases} |")
    return lines


def print_details(documents: list[GoldDocument]) -> None:
    """Each document whose system events differ from its gold events, side by side."""
    for doc in documents:
        events = extract_events(doc.to_document())
        c = count_document(events, doc.events)
        perfect = c.matched == c.gold == c.system and all(
            ok == c.matched for ok in (c.type_ok, c.actor1_ok, c.actor2_ok, c.modality_ok, c.genericity_ok)
        )
        if perfect and c.fat_ok == c.fat_n and c.date_ok == c.date_n and c.admin1_ok == c.admin1_n:
            continue
        print(f"\n{doc.id}: {doc.text}")
        for g in doc.events:
            print(
                f"  gold   {g.event_type:<20} {g.modality:<12} {g.genericity:<9} "
                f"a1={sorted(g.actor1)} a2={sorted(g.actor2)} {g.admin1} "
                f"fat={g.fatalities} date={g.date_start}"
            )
        for e in events:
            fat = e.fatalities.to_dict() if e.fatalities else None
            print(
                f"  system {e.event_type:<20} {e.modality:<12} {e.genericity:<9} "
                f"a1={sorted(top_ids(e, ('actor1',)))} a2={sorted(top_ids(e, ACTOR2_ROLES))} "
                f"{e.location.admin1 if e.location else None} fat={fat} date={e.time.start}..{e.time.end}"
            )


def write_report(report: QualityReport, dev_lines: list[str], *, docs_per_s: float) -> None:
    """Rewrite benchmarks/quality.md."""
    lines = [
        "# Extraction quality",
        "",
        f"Measured {date.today().isoformat()} with extractor `{EXTRACTOR}`"
        f" (Python {platform.python_version()}),",
        "by `.venv/bin/python benchmarks/quality.py --dev-suites --write`. Regenerate it after extractor",
        "changes; the floors of `tests/quality/test_quality_gate.py` are these values minus 0.03.",
        "",
        "## Gold snippets (`tests/quality/gold_*.jsonl`)",
        "",
        "Events matched per document (greedy, one-to-one; same type or same coarse class); the",
        "accuracies are over matched pairs. See `tests/quality/README.md` for the conventions.",
        "",
        *format_table(report),
        "",
        f"Extraction speed on these snippets: {docs_per_s:.0f} documents/s (one run, indicative only).",
        "",
        _DEV_HEADING,
        "",
        "Summary lines of `../shared/eval/score.py SUITE` (dev split), as each suite prints them.",
        "",
    ]
    if dev_lines:
        lines += ["```text", *dev_lines, "```"]
    else:
        lines.append("Not run (../shared/eval/score.py was not beside this checkout).")
    REPORT_MD.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {REPORT_MD.relative_to(ROOT)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list the documents that differ from the gold")
    parser.add_argument("--dev-suites", action="store_true", help="also run ../shared/eval/score.py suites")
    parser.add_argument("--write", action="store_true", help="rewrite benchmarks/quality.md")
    args = parser.parse_args()

    documents = load_gold()
    started = time.perf_counter()
    report = score_documents(documents, extract_events)
    docs_per_s = len(documents) / (time.perf_counter() - started)

    print(f"extractor {EXTRACTOR}, {len(documents)} gold documents\n")
    print("\n".join(format_table(report)))
    print("\nfloors these values would pin (value - 0.03, rounded down):")
    for scope in report.scopes():
        floors = {key: floor_for(v) for key, v in report.metrics(scope).items() if v is not None}
        print(f"  {scope}: " + ", ".join(f"{k}={v:.2f}" for k, v in floors.items()))
    if args.details:
        print_details(documents)

    dev_lines: list[str] = []
    if args.dev_suites:
        if SCORE_PY.is_file():
            dev_lines = run_dev_suites()
            print("\n" + "\n".join(dev_lines))
        else:
            print(f"\n--dev-suites: {SCORE_PY} not found; skipped", file=sys.stderr)
    if args.write:
        write_report(report, dev_lines or previous_dev_lines(), docs_per_s=docs_per_s)


if __name__ == "__main__":
    main()
