"""Installations named beside a violent event: its targets, not a deployment.

"هجمات منسقة على حواجز ونقاط لقوات الأمن العام", "an attack on a military base": the checkpoint,
post, base or convoy is what was struck, and whoever it belongs to is acted on. Both languages'
typing (``arabic_typing``, ``english_typing``) fold such deployment candidates into the event.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasid.extract.candidates import Candidate
    from rasid.extract.lexicon import TriggerHit


def absorb_installations(
    candidates: list[Candidate], *, violent: Collection[str], names_installation: Callable[[TriggerHit], bool]
) -> list[Candidate]:
    """The candidates with each deployment told only by installation nouns (``names_installation``
    of every trigger, no verb) folded into the first candidate of a ``violent`` type, its owners
    acted on. Unchanged when no candidate is violent."""
    target = next((c for c in candidates if c.event_type in violent), None)
    if target is None:
        return candidates
    kept: list[Candidate] = []
    for candidate in candidates:
        if candidate.event_type == "deployment" and all(
            t.form != "verb" and names_installation(t) for t in candidate.triggers
        ):
            present = {id(a) for a, _ in target.roles}
            target.roles.extend((a, "actor2") for a, _ in candidate.roles if id(a) not in present)
            target.triggers.extend(candidate.triggers)
            continue
        kept.append(candidate)
    return kept
