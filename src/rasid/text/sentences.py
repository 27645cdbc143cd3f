"""Sentence splitting with character offsets."""

from __future__ import annotations

import re

from rasid.records import Sentence

# A sentence ends at . ! ? ؟ ؛ or … followed by space/end, or at a line break.
# A full stop after a single capital letter (U.S., J. Smith) or between digits does not end one.
# (The look-behinds come after the first mark, one character wider, so that the many positions
# that hold no mark fail at once.)
_BOUNDARY = re.compile(r"([.!?؟؛…](?<![A-Z]\..)(?<!\b[A-Z].)[.!?؟؛…]*)(?=\s|$)|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each keeps its start/end offsets, whitespace trimmed."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(1) if match.group(1) else match.start()
        _append(sentences, text, start, end)
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(text[start:end], start, end))
