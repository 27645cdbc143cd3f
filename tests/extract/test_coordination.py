"""One action told for a list of places: one event per governorate of the list (our own sentences)."""

from __future__ import annotations

import pytest

from rasid.extract.events import extract_events
from rasid.records import Document, Event


def _events(text: str, language: str) -> list[Event]:
    return extract_events(Document(id="t", text=text, language=language, published="2018-03-01"))


def _admin1s(events: list[Event]) -> list[str | None]:
    return [e.location.admin1 if e.location else None for e in events]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Government artillery pounded Idlib and Hama on Monday", "en", ["Idlib", "Hama"]),
        ("Warplanes bombed Idlib, Hama and Aleppo overnight", "en", ["Idlib", "Hama", "Aleppo"]),
        ("قصفت قوات النظام بالمدفعية محافظتي إدلب وحماة أمس", "ar", ["Idlib", "Hama"]),
        ("غارات جوية على كل من إدلب وحماة وحلب", "ar", ["Idlib", "Hama", "Aleppo"]),
        # a place word and its preposition may stand before the next place
        (
            "Regime forces shell the northern countryside of Hama and areas in Daraa al-Balad",
            "en",
            ["Hama", "Daraa"],
        ),
        ("قصفت قوات النظام ريف حماة الشمالي ومناطق في درعا البلد", "ar", ["Hama", "Daraa"]),
    ],
)
def test_coordination_lists_give_one_event_per_governorate(
    text: str, language: str, expected: list[str]
) -> None:
    events = _events(text, language)
    assert _admin1s(events) == expected
    assert len({e.event_type for e in events}) == 1
    assert len({e.id for e in events}) == len(events)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Rockets were fired from Idlib and Hama at Latakia", "en"),  # an origin, not a target
        ("Fighting raged between Idlib and Hama", "en"),  # a front line
        ("اشتباكات عنيفة بين إدلب وحماة", "ar"),
        ("The army shelled Kafr Zita, Hama", "en"),  # the town and its governorate: one place
        ("The army threatened to shell Idlib and Hama", "en"),  # a threat is one statement
    ],
)
def test_coordination_keeps_one_event_when_places_play_other_roles(text: str, language: str) -> None:
    events = _events(text, language)
    assert len(events) <= 1


def test_coordination_keeps_towns_of_one_governorate_in_one_event() -> None:
    events = _events("قصفت قوات النظام بالمدفعية بلدتي كفرزيتا واللطامنة", "ar")
    assert len(events) == 1
    assert events[0].location is not None and events[0].location.name == "Kafr Zita"


def test_coordination_counts_a_toll_once_on_the_first_event() -> None:
    events = _events("Government airstrikes on Idlib and Hama killed 9 civilians", "en")
    assert _admin1s(events) == ["Idlib", "Hama"]
    tolls = [e.fatalities.count for e in events if e.fatalities is not None]
    assert tolls == [9]
    assert events[0].fatalities is not None


def test_coordination_ids_are_deterministic_and_distinct() -> None:
    text = "Government artillery pounded Idlib and Hama on Monday"
    first, again = _events(text, "en"), _events(text, "en")
    assert [e.id for e in first] == [e.id for e in again]
    assert first[0].id != first[1].id


def test_coordination_apposition_is_no_list() -> None:
    events = _events("Gunmen attacked a checkpoint near the town of Mohassan, east of Deir ez-Zor", "en")
    assert len(events) == 1
