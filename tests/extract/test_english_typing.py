"""English event typing: protests met with force, handovers, captures, aircraft, non-conflict contexts.

The sentences are written for these tests in the style of Syrian conflict news.
"""

from __future__ import annotations

import pytest

from rasid.data import read_toml
from rasid.extract.english_typing import english_typing_cues
from rasid.extract.events import extract_events
from rasid.records import Document, Event


def _events(text: str) -> list[Event]:
    return extract_events(Document(id="t", text=text, language="en", published="2020-03-10"))


def _main_type(text: str) -> str:
    events = _events(text)
    if not events:
        return "none"
    return max(enumerate(events), key=lambda pair: (pair[1].confidence, -pair[0]))[1].event_type


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # Demonstrators who use violence: a riot, whatever the police did.
        ("Protesters hurled rocks at security forces in Daraa on Friday.", "riot"),
        (
            "Clashes broke out between police and protesters in Suwayda as the demonstrations "
            "went on for a third day.",
            "riot",
        ),
        # Lethal force against a peaceful protest: violence against civilians.
        (
            "Security forces opened fire on peaceful protesters in Daraa on Friday, killing three of them.",
            "attack_on_civilians",
        ),
        # Arrests or tear gas at a protest: a protest with intervention.
        ("Police detained dozens of protesters during a protest in Suwayda on Sunday.", "protest"),
        ("Police fired tear gas to disperse a demonstration in Suwayda on Sunday.", "protest"),
    ],
)
def test_english_typing_protest_family(text: str, event_type: str) -> None:
    assert _main_type(text) == event_type


def test_english_typing_protest_topic_is_not_an_event() -> None:
    events = _events("Hundreds of residents of Suwayda rallied on Friday against the execution of two men.")
    assert [e.event_type for e in events] == ["protest"]


def test_english_typing_arrest_before_a_rally_stays_an_arrest() -> None:
    text = "Security forces in Daraa detained people who organise or join the weekly demonstrations."
    assert _main_type(text) == "arrest"


@pytest.mark.parametrize(
    "text",
    [
        "The SDF took control of the village of al-Busayrah on Monday after regime forces pulled out of it.",
        "Turkish-backed factions entered Tal Abyad on Monday without resistance and took control of it.",
    ],
)
def test_english_typing_handover_is_a_withdrawal(text: str) -> None:
    assert _main_type(text) == "withdrawal"


def test_english_typing_taking_after_battles_stays_territory_taken() -> None:
    text = "Regime forces recaptured the village of Kafr Nabudah on Monday after fierce clashes."
    assert "territory_taken" in [e.event_type for e in _events(text)]
    assert "withdrawal" not in [e.event_type for e in _events(text)]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The SDF captured a senior ISIS commander near al-Shaddadi on Tuesday.", "arrest"),
        ("The SDF captured the village of Baghuz near al-Bukamal on Tuesday.", "territory_taken"),
    ],
)
def test_english_typing_capture_of_people_is_an_arrest(text: str, event_type: str) -> None:
    assert _main_type(text) == event_type


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Regime warplanes renewed their raids on the countryside of Jisr al-Shughur.", "airstrike"),
        ("Dozens of raids carried out by Russian warplanes hit the south of Idlib.", "airstrike"),
        ("Regime forces carried out raids on houses in the town of Nawa in Daraa.", "arrest"),
    ],
)
def test_english_typing_raids_by_aircraft_are_airstrikes(text: str, event_type: str) -> None:
    assert _main_type(text) == event_type


def test_english_typing_weapon_after_using_names_how_an_attack_was_done() -> None:
    text = "ISIS cells attacked regime positions on the outskirts of al-Mayadin using heavy mortars."
    assert _main_type(text) == "shelling"


def test_english_typing_blasts_beside_rocket_fire_are_its_impacts() -> None:
    text = "Several explosions shook the town of Maarat al-Numan as regime forces fired rockets at it."
    assert [e.event_type for e in _events(text)] == ["shelling"]


def test_english_typing_suicide_bomber_blast_is_one_suicide_attack() -> None:
    text = "A suicide bomber blew himself up at a checkpoint in Azaz, and the explosion killed four."
    assert [e.event_type for e in _events(text)] == ["suicide_attack"]


def test_english_typing_base_under_fire_is_a_target_not_a_deployment() -> None:
    text = "A regime military base near Hama came under a missile attack on Friday."
    assert [e.event_type for e in _events(text)] == ["shelling"]


@pytest.mark.parametrize(
    "text",
    [
        "Police in Homs arrested two men on Sunday and seized drugs and counterfeit money in their car.",
        "The army mobilized on Monday to evacuate residents of villages in Hama hit by heavy flooding.",
        "A military aircraft crashed near Hama on Monday during a training flight, killing its two pilots.",
        "Hackers attacked the website of the ministry in Damascus on Monday.",
        "The government expelled the ambassador on Monday and gave him 72 hours to leave.",
    ],
)
def test_english_typing_non_conflict_contexts_give_no_event(text: str) -> None:
    assert _events(text) == []


def test_english_typing_cues_file_has_every_group() -> None:
    data = read_toml("lexicons/english_typing.toml")
    assert all(key.startswith("en_") and words for key, words in data.items())
    cues = english_typing_cues()
    assert cues.lethal_force.find("police opened fire") and "commander" in cues.people


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Renewed raids target the western countryside of Aleppo and leave casualties.", "airstrike"),
        ("Raids on several villages of the Hama countryside continued through the night.", "airstrike"),
        ("Security forces carried out raids on homes in the town and arrested eleven men.", "arrest"),
        ("Police raids on a smuggling ring in the city netted several suspects.", "arrest"),
    ],
)
def test_english_typing_raids_on_places_are_air_raids_unless_someone_is_detained(
    text: str, event_type: str
) -> None:
    assert event_type in [e.event_type for e in _events(text)]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Gunmen on a motorcycle shot dead a former rebel commander in the town of Jasim.", "assassination"),
        ("Unknown assailants gunned down the mukhtar of the village near Tafas.", "assassination"),
        ("Gunmen shot dead two officers in Jasim.", "attack_on_civilians"),
        ("Gunmen shot dead a shepherd near Palmyra.", "attack_on_civilians"),
    ],
)
def test_english_typing_one_office_holder_shot_dead_is_an_assassination(text: str, event_type: str) -> None:
    document = Document(id="t", text=text, language="en", published="2025-06-10")
    assert [e.event_type for e in extract_events(document)] == [event_type]
