"""Hawkes fitting speed (two streams of 10,000 events each) and, optionally, parameter recovery.

    .venv/bin/python benchmarks/bench_hawkes.py                       # fit time, median of 5
    .venv/bin/python benchmarks/bench_hawkes.py --recovery-seeds 50   # the issue's recovery target

The fit runs on one core (BLAS limited to one thread, as ``fit_hawkes`` does itself).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from rasid.analysis.hawkes import (
    HawkesParams,
    fit_hawkes,
    parameter_names,
    profile_intervals,
    simulate_hawkes,
)

BENCH = HawkesParams(np.array([0.5, 0.5]), np.array([[0.3, 0.2], [0.35, 0.25]]), 2.0)
RECOVERY = HawkesParams(np.array([0.1, 0.1]), np.array([[0.3, 0.2], [0.35, 0.25]]), 10.0)


def bench_fit(repeats: int) -> None:
    """Fit two streams of ~10,000 events each ``repeats`` times; print the median."""
    rng = np.random.default_rng(0)
    data = simulate_hawkes(BENCH, 20_000 / 4.0, rng)
    while min(data.counts()) < 10_000:
        data = simulate_hawkes(BENCH, data.end * 1.05, np.random.default_rng(1))
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        fit = fit_hawkes(data)
        seconds.append(time.perf_counter() - start)
    print(f"events per stream: {list(data.counts())}; converged: {fit.converged}")
    print(f"fit seconds: median {statistics.median(seconds):.2f} (min {min(seconds):.2f}, {repeats} repeats)")


def bench_recovery(seeds: int) -> None:
    """The share of seeds whose estimates are within 15% and whose 95% intervals cover the truth."""
    truth = RECOVERY.to_vector()
    rates = np.linalg.solve(np.eye(2) - RECOVERY.alpha, RECOVERY.mu)
    window = 2000 / rates.sum()
    within, covered, events = [], [], []
    start = time.perf_counter()
    for seed in range(seeds):
        data = simulate_hawkes(RECOVERY, window, np.random.default_rng(seed))
        fit = fit_hawkes(data)
        intervals = profile_intervals(data, fit)
        events.append(len(data.times))
        within.append(np.abs(fit.params.to_vector() / truth - 1) <= 0.15)
        covered.append([iv.lower <= t <= iv.upper for iv, t in zip(intervals, truth, strict=True)])
    print(
        f"recovery over {seeds} seeds (median {statistics.median(events):.0f} events, "
        f"{time.perf_counter() - start:.0f} s)"
    )
    print("parameter      truth   within 15%   95% interval covers")
    for name, t, w, c in zip(parameter_names(2), truth, np.mean(within, 0), np.mean(covered, 0), strict=True):
        print(f"{name:<12} {t:7.3f}   {w:9.2f}   {c:9.2f}")
    print(f"all parameters within 15% at once: {np.mean(np.all(within, axis=1)):.2f} of seeds")


def main() -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--recovery-seeds", type=int, default=0)
    args = parser.parse_args()
    bench_fit(args.repeats)
    if args.recovery_seeds:
        bench_recovery(args.recovery_seeds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
