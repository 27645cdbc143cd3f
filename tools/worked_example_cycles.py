"""Reproduce docs/cycles-deir-ez-zor.md: import UCDP GED Syria (dev split) and analyse Deir ez-Zor.

    .venv/bin/python tools/worked_example_cycles.py [PATH_TO/ged_syria_2016_2019.dev.csv]

Writes docs/cycles-deir-ez-zor.json and the report's PNG figures (docs/cycles-deir-ez-zor-*.png);
the HTML report and the database go to a temporary folder. The data file stays outside the repository.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CSV = ROOT.parent / "shared" / "eval" / "ucdp-ged-syria" / "ged_syria_2016_2019.dev.csv"
STREAMS = ["IS attacks=ISIS:attack", "Government attacks=SYR_REGIME:attack"]


def main() -> int:
    """Import, analyse, copy the figures and the JSON into docs/."""
    csv_path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    rasid = str(Path(sys.executable).with_name("rasid"))
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "ged.db")
        subprocess.run([rasid, "import", "--format", "ucdp-ged", str(csv_path), "--db", db], check=True)
        common = ["analyze", "cycles", "--db", db, "--admin1", "Deir ez-Zor"]
        for stream in STREAMS:
            common += ["--stream", stream]
        report = Path(folder) / "cycles-deir-ez-zor.html"
        subprocess.run([rasid, *common, "--format", "html", "--output", str(report)], check=True)
        out = subprocess.run([rasid, *common, "--format", "json"], check=True, capture_output=True, text=True)
        doc = json.loads(out.stdout)
        doc.pop("trends")  # weekly counts: long, and in the figures
        (ROOT / "docs" / "cycles-deir-ez-zor.json").write_text(
            json.dumps(doc, indent=2) + "\n", encoding="utf-8"
        )
        for png in Path(folder).glob("*.png"):
            shutil.copy(png, ROOT / "docs" / png.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
