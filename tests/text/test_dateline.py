"""Datelines: the place a wire report was filed from, read only at the start of a document."""

from __future__ import annotations

import pytest

from rasid.text.dateline import dateline_place


@pytest.mark.parametrize(
    ("text", "language", "place"),
    [
        ("DAMASCUS, July 15 (Rasid) - At least 30 people were killed in Sweida.", "en", "DAMASCUS"),
        ("BEIRUT (Reuters) - Syrian forces shelled the town.", "en", "BEIRUT"),
        ("DEIR EZ-ZOR, Syria, March 3 (AP) — Gunmen killed two men.", "en", "DEIR EZ-ZOR"),
        ("دمشق - قتل ثلاثة عناصر في ريف درعا.", "ar", "دمشق"),
        ("دير الزور – رصد: قتل ثلاثة عناصر في البادية.", "ar", "دير الزور"),
        ("القامشلي (رصد) - قصفت طائرة مسيرة سيارة.", "ar", "القامشلي"),
    ],
)
def test_dateline_place_is_read_at_the_start(text: str, language: str, place: str) -> None:
    span = dateline_place(text, language)
    assert span is not None and text[span[0] : span[1]] == place


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Gunmen killed two men in Daraa on Monday.", "en"),
        ("Gunmen killed two men - officials said.", "en"),
        ("قتل ثلاثة عناصر من قوات النظام بهجوم في ريف درعا.", "ar"),
        ("DAMASCUS -", "en"),  # a dateline with no report after it is no dateline
    ],
)
def test_dateline_none_where_the_report_starts_at_once(text: str, language: str) -> None:
    assert dateline_place(text, language) is None
