"""Areas of control: which governorates a party held, and when (``data/gazetteer/control.toml``).

Used only to break ties between places of the same name in different governorates, after
what the text itself says (a governorate named nearby) has been taken into account.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rasid.data import read_toml
from rasid.errors import DataFileError
from rasid.geo.gazetteer import ADMIN1_NAMES


@dataclass(frozen=True, slots=True)
class ControlArea:
    """The governorates one party held in a period (``end`` empty: still holds)."""

    actor: str
    admin1: frozenset[str]
    start: str
    end: str

    def covers(self, day: str | None) -> bool:
        """Whether the period holds ``day`` (an ISO date); with no date, every period does."""
        if not day:
            return True
        day = day[:10]
        return self.start <= day and (not self.end or day < self.end)


@lru_cache(maxsize=1)
def control_areas() -> tuple[ControlArea, ...]:
    """The bundled areas of control; an unknown governorate name is a ``DataFileError``."""
    areas = []
    for n, row in enumerate(read_toml("gazetteer/control.toml").get("area", []), start=1):
        names = frozenset(row.get("admin1", []))
        unknown = names - set(ADMIN1_NAMES)
        if unknown:
            raise DataFileError(
                f"gazetteer/control.toml: area {n} names unknown governorates {sorted(unknown)}"
            )
        areas.append(
            ControlArea(str(row["actor"]), names, str(row.get("start", "")), str(row.get("end", "")))
        )
    return tuple(areas)


def held_by(actor_ids: Iterable[str], day: str | None) -> frozenset[str]:
    """The governorates that any of these parties (ids roll up to their top level) held on ``day``."""
    tops = {a.split(".", 1)[0] for a in actor_ids if a}
    held: set[str] = set()
    for area in control_areas():
        if area.actor in tops and area.covers(day):
            held |= area.admin1
    return frozenset(held)
