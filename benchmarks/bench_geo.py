"""Speed and memory of geocoding with the bundled gazetteer (run on demand).

    .venv/bin/python benchmarks/bench_geo.py [--repeats 5] [--json]

Prints medians over repeats, on one core (one process, no threads):

* ``load_s`` and ``rss_mb``: building the bundled gazetteer and its phrase matcher in a fresh
  Python process, and that process's peak resident memory afterwards (the interpreter included);
* ``typed_per_s``: typed names resolved per second (``resolve_place``), every Arabic and English
  name and alias of every gazetteer entry, plus relative expressions built on them;
* ``text_per_s``: place mentions resolved per second in running text (``find_places``), one short
  Arabic or English sentence per name.

With ``RASID_GAZETTEER`` pointing at an index built by ``rasid gazetteer import``, typed names the
bundled gazetteer does not know also go to that index, so the same command reports that setting.
Machines are shared and noisy: compare medians, never single runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from rasid.geo.gazetteer import Gazetteer, is_arabic
from rasid.geo.resolve import find_places, resolve_place

_LOAD_SCRIPT = """
import json, resource, time
started = time.perf_counter()
from rasid.geo.gazetteer import Gazetteer
gazetteer = Gazetteer.load_default()
gazetteer.matcher
elapsed = time.perf_counter() - started
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"load_s": elapsed, "rss_mb": rss_mb, "entries": len(gazetteer.entries)}))
"""


def measure_load() -> dict[str, float]:
    """Load time (imports of the geo package included) and peak RSS of a fresh process."""
    out = subprocess.run([sys.executable, "-c", _LOAD_SCRIPT], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))


def typed_names(gazetteer: Gazetteer) -> list[str]:
    """Every name and alias of the gazetteer, and a relative expression on each town name."""
    names = [name for entry in gazetteer.entries for name in entry.names if name]
    towns = [e for e in gazetteer.entries if e.kind == "town"]
    names += [f"ريف {e.name_ar} الشرقي" for e in towns if e.name_ar]
    names += [f"10 km east of {e.name}" for e in towns]
    return names


def sentences(gazetteer: Gazetteer) -> list[str]:
    """One short sentence per name, each naming the place after a preposition."""
    out = []
    for entry in gazetteer.entries:
        for name in entry.names:
            if not name:
                continue
            arabic = is_arabic(name)
            out.append(
                f"قصفت الطائرات مواقع في {name} صباح اليوم"
                if arabic
                else f"Warplanes hit sites in {name} today"
            )
    return out


def rate(items: list[str], resolve: Callable[[str], int]) -> tuple[float, int]:
    """(mentions per second, mentions resolved) for one pass over ``items``."""
    started = time.perf_counter()
    resolved = sum(resolve(item) for item in items)
    return resolved / (time.perf_counter() - started), resolved


def _typed(name: str) -> int:
    return int(resolve_place(name)[0] is not None)


def _text(sentence: str) -> int:
    return len(find_places(sentence))


def main() -> None:
    """Run the benchmark and print its medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    loads = [measure_load() for _ in range(args.repeats)]
    gazetteer = Gazetteer.load_default()
    names, texts = typed_names(gazetteer), sentences(gazetteer)
    typed = [rate(names, _typed) for _ in range(args.repeats)]
    text = [rate(texts, _text) for _ in range(args.repeats)]
    result = {
        "entries": loads[0]["entries"],
        "load_s": round(statistics.median(x["load_s"] for x in loads), 3),
        "rss_mb": round(statistics.median(x["rss_mb"] for x in loads), 1),
        "typed_names": len(names),
        "typed_resolved": typed[0][1],
        "typed_per_s": round(statistics.median(x[0] for x in typed)),
        "text_sentences": len(texts),
        "text_mentions": text[0][1],
        "text_per_s": round(statistics.median(x[0] for x in text)),
        "repeats": args.repeats,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>15}  {value}")


if __name__ == "__main__":
    main()
