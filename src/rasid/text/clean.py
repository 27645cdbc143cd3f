"""Clean text: what every span refers to.

Line endings are unified, control characters dropped and site boilerplate lines
(multilingual-plugin notices, share prompts) removed. Patterns live in
``data/boilerplate.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasid.data import read_tsv

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    patterns = [row["pattern"] for row in read_tsv("boilerplate.tsv")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def is_boilerplate_line(line: str) -> bool:
    """True when a whole line is site boilerplate rather than article text."""
    stripped = line.strip()
    return bool(stripped) and _boilerplate().fullmatch(stripped) is not None


def clean_text(raw: str) -> str:
    """Unify line breaks, drop control characters and boilerplate lines, trim the ends."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n") if not is_boilerplate_line(line)]
    return "\n".join(lines).strip()
