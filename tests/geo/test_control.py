"""Areas of control as the last tie-breaker between places of the same name."""

from __future__ import annotations

import pytest

from rasid.geo.control import control_areas, held_by
from rasid.geo.gazetteer import ADMIN1_NAMES, Gazetteer
from rasid.geo.resolve import find_places


def _village(key: str, admin1: str, lat: str, lon: str) -> dict[str, str]:
    return {
        "key": key,
        "kind": "village",
        "name": "Tell Zaytun",
        "name_ar": "تل الزيتون",
        "aliases_en": "",
        "aliases_ar": "",
        "lat": lat,
        "lon": lon,
        "admin1": admin1,
        "admin2": "",
        "population": "",
        "needs_cue": "",
    }


SARAQIB = {**_village("town.saraqib", "Idlib", "35.86", "36.80"), "kind": "town", "name": "Saraqib"}
SARAQIB["name_ar"] = "سراقب"
# Two villages of one (made-up) name, one in Idlib and one in Hasakah, and a town in Idlib.
TWINS = Gazetteer.from_rows(
    [
        _village("village.tz-idlib", "Idlib", "35.9", "36.6"),
        _village("village.tz-hasakah", "Hasakah", "36.5", "40.7"),
        SARAQIB,
    ]
)


def test_control_areas_name_known_governorates_and_roll_up_ids() -> None:
    assert all(area.admin1 <= set(ADMIN1_NAMES) for area in control_areas())
    assert "Hasakah" in held_by(["SDF.ASAYISH"], "2020-06-01")
    assert "Idlib" in held_by(["HTS"], "2020-06-01")
    assert "Idlib" not in held_by(["HTS"], "2025-06-01")  # HTS became the government
    assert held_by([], "2020-06-01") == frozenset()


@pytest.mark.parametrize(("held_by_actor", "expected"), [("SDF", "Hasakah"), ("HTS", "Idlib")])
def test_control_breaks_a_tie_between_two_places_of_one_name(held_by_actor: str, expected: str) -> None:
    held = held_by([held_by_actor], "2020-06-01")
    places = find_places("قصف على قرية تل الزيتون", gazetteer=TWINS, held=held)
    assert [p.admin1 for p in places] == [expected]


def test_control_yields_to_a_governorate_the_text_names() -> None:
    held = held_by(["SDF"], "2020-06-01")
    places = find_places("قصف على قرية تل الزيتون قرب مدينة سراقب", gazetteer=TWINS, held=held)
    assert places and places[0].admin1 == "Idlib"
