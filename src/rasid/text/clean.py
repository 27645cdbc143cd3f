"""Clean text: what every span refers to.

Line endings are unified, control characters dropped and site boilerplate removed:
multilingual-plugin notices ("This post is also available in: English", "هذا المنشور
متوفر أيضًا بـ"), share-button rows, and related-posts headers with the list of short
titles that follows one. The rules are site-independent; their patterns live in
``data/boilerplate.tsv`` and match a line once it is normalised (diacritics and tatweel
removed, alef/yaa/taa-marbuta variants unified, Latin lower-cased), so that one pattern
covers أيضًا / أيضاً / ايضا.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasid.data import read_tsv
from rasid.text.normalize import normalize_text

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Boilerplate lines are short; a long line is article text whatever it starts with.
MAX_BOILERPLATE_CHARS = 200
# After a related-posts header, the titles it lists: short lines without closing punctuation.
MAX_TITLE_WORDS = 16
_SENTENCE_END = tuple(".!?؟…:؛\"'»”)")
_RELATED_HEADER = re.compile(
    r"(read also|read more|see also|related|related posts|related articles|related stories|related news|"
    r"more stories|you may also like|you might also like|recommended for you|اقرا ايضا|اقرا كذلك|"
    r"مواضيع ذات صله|مقالات ذات صله|اخبار ذات صله|مواد ذات صله|قد يعجبك ايضا|قد يهمك|قد يهمك ايضا|"
    r"اخترنا لك|المزيد من الاخبار|اقرا المزيد)\s*:?"
)


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    patterns = [row["pattern"] for row in read_tsv("boilerplate.tsv")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _folded(line: str) -> str:
    return " ".join(normalize_text(line).replace("\u0640", "").split())


def is_boilerplate_line(line: str) -> bool:
    """True when a whole line is site boilerplate rather than article text."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_BOILERPLATE_CHARS:
        return False
    return _boilerplate().fullmatch(_folded(stripped)) is not None


def _is_related_header(line: str) -> bool:
    return _RELATED_HEADER.fullmatch(_folded(line.strip())) is not None


def _is_title_line(line: str) -> bool:
    stripped = line.strip()
    return (
        bool(stripped) and len(stripped.split()) <= MAX_TITLE_WORDS and not stripped.endswith(_SENTENCE_END)
    )


def remove_boilerplate(lines: list[str]) -> list[str]:
    """The lines that are not boilerplate; a related-posts header takes its list of titles with it."""
    kept: list[str] = []
    in_related = False
    for line in lines:
        if in_related:
            if not line.strip() or _is_title_line(line):
                continue
            in_related = False
        if is_boilerplate_line(line):
            in_related = _is_related_header(line)
            continue
        kept.append(line)
    return kept


def clean_text(raw: str) -> str:
    """Unify line breaks, drop control characters and boilerplate lines, trim the ends."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(remove_boilerplate(lines)).strip()
