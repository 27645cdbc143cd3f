"""Casualty figures of an incident told by several reports (UCDP-style best/low/high)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rasid.records import Quantity
from rasid.resolve.merge import casualty_range


def test_merge_a_range_counts_at_its_low_end() -> None:
    dozens = Quantity(count=None, min=24, max=99, text="عشرات")
    assert casualty_range([dozens]) == {"best": 24, "min": 24, "max": 99, "reports": 1}


def test_merge_best_is_the_median_of_the_reports() -> None:
    found = casualty_range([Quantity(count=3), Quantity(count=5), Quantity(count=40), None])
    assert found == {"best": 5, "min": 3, "max": 40, "reports": 3}


def test_merge_no_figures_no_range() -> None:
    assert casualty_range([None, Quantity(count=None, min=None, max=None)]) is None


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=12))
def test_merge_best_lies_between_low_and_high(counts: list[int]) -> None:
    found = casualty_range([Quantity(count=c) for c in counts])
    assert found is not None
    assert found["min"] <= found["best"] <= found["max"]
    assert (found["min"], found["max"]) == (min(counts), max(counts))
