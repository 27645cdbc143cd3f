"""The Hawkes likelihood, fit, intervals, tests and simulation (rasid.analysis.hawkes)."""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy import optimize

from rasid.analysis.hawkes import (
    HawkesData,
    HawkesParams,
    chi_bar_squared_sf,
    compare_cross_excitation,
    compare_with_poisson,
    fit_hawkes,
    log_likelihood,
    parameter_names,
    profile_intervals,
    simulate_hawkes,
    time_rescaling,
)

# ~2,000 events: short, strong excitation against a sparse baseline (see docs/cycles-deir-ez-zor.md)
TRUE = HawkesParams(np.array([0.1, 0.1]), np.array([[0.3, 0.2], [0.35, 0.25]]), 10.0)
NULL = HawkesParams(np.array([0.1, 0.1]), np.diag([0.3, 0.25]), 10.0)


def _window(params: HawkesParams, events: int = 2000) -> float:
    rates = np.linalg.solve(np.eye(params.dims) - params.alpha, params.mu)
    return float(events / rates.sum())


def test_hawkes_gradient_matches_finite_differences() -> None:
    data = simulate_hawkes(TRUE, 300.0, np.random.default_rng(3))
    theta = TRUE.to_vector() * 1.1
    _, grad = log_likelihood(theta, data)
    numeric = optimize.approx_fprime(theta, lambda x: log_likelihood(x, data)[0], 1e-7)
    assert np.allclose(grad, numeric, rtol=1e-3, atol=1e-2)


def test_hawkes_log_likelihood_of_one_event_is_exact() -> None:
    data = HawkesData.from_streams([[1.0], []], end=2.0)
    theta = HawkesParams(np.array([0.5, 0.2]), np.array([[0.1, 0.0], [0.3, 0.0]]), 1.0).to_vector()
    value, _ = log_likelihood(theta, data)
    expected = np.log(0.5) - 0.7 * 2.0 - (0.1 + 0.3) * (1 - np.exp(-1.0))
    assert value == pytest.approx(expected)


def test_hawkes_data_rejects_times_outside_the_window() -> None:
    with pytest.raises(ValueError, match="must lie in"):
        HawkesData.from_streams([[0.0, 1.0], [2.0]], end=3.0)


def test_hawkes_chi_bar_squared_is_half_chi_squared_for_one_boundary() -> None:
    assert chi_bar_squared_sf(3.841458820694124, 1) == pytest.approx(0.025, abs=1e-6)
    assert chi_bar_squared_sf(0.0, 2) == 1.0


@pytest.mark.slow
def test_hawkes_recovers_parameters_within_15_percent_and_intervals_cover_them() -> None:
    """RASID_SLOW_SEEDS=50 runs the issue's target; by default one seed keeps the suite quick."""
    seeds = range(int(os.environ.get("RASID_SLOW_SEEDS", "1")))
    truth = TRUE.to_vector()
    within, covered = [], []
    for seed in seeds:
        data = simulate_hawkes(TRUE, _window(TRUE), np.random.default_rng(seed))
        fit = fit_hawkes(data)
        intervals = profile_intervals(data, fit)
        within.append(np.abs(fit.params.to_vector() / truth - 1) <= 0.15)
        covered.append([iv.lower <= t <= iv.upper for iv, t in zip(intervals, truth, strict=True)])
    share_within = np.mean(within, axis=0)
    share_covered = np.mean(covered, axis=0)
    names = parameter_names(2)
    assert all(share_within >= 0.9), dict(zip(names, share_within, strict=True))
    assert all(share_covered >= 0.9), dict(zip(names, share_covered, strict=True))


def test_hawkes_without_cross_excitation_rarely_finds_it() -> None:
    significant = 0
    seeds = 20
    for seed in range(seeds):
        data = simulate_hawkes(NULL, _window(NULL, 1000), np.random.default_rng(1000 + seed))
        fit = fit_hawkes(data)
        joint, _ = compare_cross_excitation(data, fit)
        significant += joint.p_value < 0.05
    assert significant / seeds <= 0.05


def test_hawkes_finds_real_cross_excitation_and_beats_poisson() -> None:
    data = simulate_hawkes(TRUE, _window(TRUE, 1000), np.random.default_rng(11))
    fit = fit_hawkes(data)
    joint, single = compare_cross_excitation(data, fit)
    assert joint.p_value < 0.001
    assert single[(1, 0)].p_value < 0.01
    assert compare_with_poisson(data, fit).p_value < 1e-6


def test_hawkes_time_rescaling_accepts_the_true_model_and_rejects_poisson() -> None:
    data = simulate_hawkes(TRUE, _window(TRUE, 1500), np.random.default_rng(5))
    good = time_rescaling(data, TRUE)
    assert all(g.p_value > 0.01 for g in good)
    poisson = HawkesParams(data.counts() / data.end, np.zeros((2, 2)), 1.0)
    assert any(g.p_value < 0.01 for g in time_rescaling(data, poisson))
