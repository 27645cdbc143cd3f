"""``analyze cycles``: does one kind of event follow another? A Hawkes analysis with a plain answer.

``analyze_cycles`` takes events (from the store or anywhere), builds the streams
(``rasid.analysis.streams``), fits a multivariate Hawkes process with exponential kernels
(``rasid.analysis.hawkes``), computes 95% profile-likelihood intervals, likelihood-ratio tests
against independent Poisson processes and against self-excitation only, a time-rescaling
goodness-of-fit check and weekly trends with change points, and words the result for people
before giving the numbers. Pure: no database, no files, no printing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from rasid.analysis.hawkes import (
    Fit,
    GoodnessOfFit,
    HawkesData,
    Interval,
    LikelihoodRatio,
    compare_cross_excitation,
    compare_with_poisson,
    fit_hawkes,
    profile_intervals,
    time_rescaling,
)
from rasid.analysis.streams import StreamEvents, StreamSpec, build_streams
from rasid.analysis.trends import Trend, stream_trend
from rasid.records import Event

MIN_EVENTS = 5
ALPHA_LEVEL = 0.05


@dataclass(frozen=True, slots=True)
class CyclesResult:
    """Everything the report shows: the streams, the fit, intervals, tests, fit check and trends."""

    streams: StreamEvents
    data: HawkesData
    fit: Fit
    intervals: tuple[Interval, ...]
    joint_cross: LikelihoodRatio
    cross: dict[tuple[int, int], LikelihoodRatio]
    poisson: LikelihoodRatio
    goodness: tuple[GoodnessOfFit, ...]
    trends: tuple[Trend, ...]
    filters: dict[str, Any]

    def answer(self) -> list[str]:
        """The result in plain sentences, the direct answer first."""
        return plain_answer(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``rasid analyze cycles --format json``."""
        return result_dict(self)


def analyze_cycles(
    events: Iterable[Event],
    specs: Sequence[StreamSpec],
    *,
    since: date | None = None,
    until: date | None = None,
    imprecise: str = "exclude",
    filters: dict[str, Any] | None = None,
) -> CyclesResult:
    """Fit the streams' Hawkes model and test it; raises ``ValueError`` when the data cannot answer.

    Needs two or more streams and at least ``MIN_EVENTS`` incidents in each.
    """
    if len(specs) < 2:
        raise ValueError("give two or more streams")
    streams = build_streams(events, specs, since=since, until=until, imprecise=imprecise)
    for spec, times in zip(specs, streams.times, strict=True):
        if len(times) < MIN_EVENTS:
            raise ValueError(
                f"stream {spec.label!r} has {len(times)} incidents in this window: "
                f"at least {MIN_EVENTS} are needed"
            )
    data = HawkesData.from_streams([list(t) for t in streams.times], streams.length)
    fit = fit_hawkes(data)
    intervals = tuple(profile_intervals(data, fit))
    joint, single = compare_cross_excitation(data, fit)
    return CyclesResult(
        streams=streams,
        data=data,
        fit=fit,
        intervals=intervals,
        joint_cross=joint,
        cross=single,
        poisson=compare_with_poisson(data, fit),
        goodness=tuple(time_rescaling(data, fit.params)),
        trends=tuple(
            stream_trend(spec.label, dates, streams.start, streams.end)
            for spec, dates in zip(specs, streams.dates, strict=True)
        ),
        filters=dict(filters or {}),
    )


def format_duration(days: float) -> str:
    """``3.2 days`` or ``7 hours``: a half-life people can read."""
    if not math.isfinite(days):
        return "unbounded"
    if days >= 1.0:
        return f"{days:.1f} days"
    return f"{days * 24:.1f} hours"


def format_p(p: float) -> str:
    """A p-value as people write it."""
    if not math.isfinite(p):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _alpha_index(dims: int, target: int, source: int) -> int:
    return dims + target * dims + source


def _half_life_interval(result: CyclesResult) -> tuple[float, float]:
    beta = result.intervals[-1]
    low = math.log(2) / beta.upper if math.isfinite(beta.upper) and beta.upper > 0 else 0.0
    high = math.log(2) / beta.lower if beta.lower > 0 else math.inf
    return low, high


def plain_answer(result: CyclesResult) -> list[str]:
    """One sentence per direction between streams, then self-excitation, fit and the usual caveat."""
    params = result.fit.params
    d = params.dims
    labels = [spec.label for spec in result.streams.specs]
    hl_low, hl_high = _half_life_interval(result)
    sentences = []
    for source in range(d):
        for target in range(d):
            if source == target:
                continue
            a = float(params.alpha[target, source])
            ci = result.intervals[_alpha_index(d, target, source)]
            test = result.cross[(target, source)]
            if test.p_value < ALPHA_LEVEL:
                fold = 1 + a * params.beta / params.mu[target]
                sentences.append(
                    f"After one event of “{labels[source]}”, the rate of “{labels[target]}” rises about "
                    f"{fold:.1f}-fold at once, and the extra rate halves every "
                    f"{format_duration(params.half_life)} (95% CI {format_duration(hl_low)} to "
                    f"{format_duration(hl_high)}); each one is followed by about "
                    f"{a:.2f} extra events of “{labels[target]}” "
                    f"(95% CI {ci.lower:.2f} to {ci.upper:.2f}; p = {format_p(test.p_value)})."
                )
            else:
                sentences.append(
                    f"After one event of “{labels[source]}”, the rate of “{labels[target]}” does not rise "
                    f"significantly (p = {format_p(test.p_value)}; estimated {a:.2f} extra events each, "
                    f"95% CI {ci.lower:.2f} to {ci.upper:.2f})."
                )
    for i in range(d):
        a = float(params.alpha[i, i])
        ci = result.intervals[_alpha_index(d, i, i)]
        sentences.append(
            f"Events of “{labels[i]}” cluster among themselves: each is followed by about {a:.2f} more "
            f"(95% CI {ci.lower:.2f} to {ci.upper:.2f})."
        )
    bad = [labels[g.stream] for g in result.goodness if math.isfinite(g.p_value) and g.p_value < ALPHA_LEVEL]
    if bad:
        sentences.append(
            "The model does not fit "
            + " and ".join(bad)
            + " well (time-rescaling KS test p < 0.05): read its numbers with care."
        )
    else:
        sentences.append("The model fits every stream acceptably (time-rescaling KS tests, p >= 0.05).")
    sentences.append(
        "These are associations in time between coded events, not proof that one causes the other; "
        "events the sources missed, and common causes, can produce the same pattern."
    )
    return sentences


def _interval(iv: Interval) -> list[float | None]:
    return [round(iv.lower, 6), round(iv.upper, 6) if math.isfinite(iv.upper) else None]


def result_dict(result: CyclesResult) -> dict[str, Any]:
    """The JSON-ready document: answer first, then streams, parameters, intervals, tests, trends."""
    params = result.fit.params
    d = params.dims
    streams = result.streams
    labels = [spec.label for spec in streams.specs]
    counts = result.data.counts()
    radius = params.spectral_radius()
    stationary: list[float | None] = [None] * d
    if radius < 1:
        rates = np.linalg.solve(np.eye(d) - params.alpha, params.mu)
        stationary = [round(float(r), 6) for r in rates]
    hl_low, hl_high = _half_life_interval(result)
    excitation = []
    for target in range(d):
        for source in range(d):
            a = float(params.alpha[target, source])
            entry: dict[str, Any] = {
                "from": labels[source],
                "to": labels[target],
                "alpha": round(a, 6),
                "ci95": _interval(result.intervals[_alpha_index(d, target, source)]),
                "peak_multiplier": round(1 + a * params.beta / float(params.mu[target]), 4),
            }
            if source != target:
                test = result.cross[(target, source)]
                entry["lr_statistic"] = round(test.statistic, 4)
                entry["p_value"] = test.p_value
            excitation.append(entry)
    return {
        "answer": result.answer(),
        "filters": result.filters,
        "window": {
            "start": streams.start.isoformat(),
            "end": streams.end.isoformat(),
            "days": streams.length,
        },
        "date_precision": {
            "day": "the events of one day are spread evenly over it, ordered by a hash of their ids",
            "imprecise": "spread over their date range" if streams.spread else "excluded",
            "spread": streams.spread,
            "excluded": streams.excluded,
            "reports_merged_into_incidents": streams.merged_reports,
        },
        "streams": [
            {
                "label": spec.label,
                "actors": list(spec.actors),
                "types": list(spec.types),
                "incidents": int(counts[i]),
                "rate_per_day": round(float(counts[i]) / streams.length, 6),
            }
            for i, spec in enumerate(streams.specs)
        ],
        "model": {
            "kernel": "exponential, one decay shared by all pairs",
            "time_unit": "day",
            "log_likelihood": round(result.fit.log_likelihood, 4),
            "converged": result.fit.converged,
            "intervals": "95% profile likelihood",
        },
        "baselines": [
            {
                "stream": labels[i],
                "mu_per_day": round(float(params.mu[i]), 6),
                "ci95": _interval(result.intervals[i]),
            }
            for i in range(d)
        ],
        "excitation": excitation,
        "decay": {
            "beta_per_day": round(params.beta, 6),
            "ci95": _interval(result.intervals[-1]),
            "half_life_days": round(params.half_life, 4),
            "half_life_ci95": [round(hl_low, 4), round(hl_high, 4) if math.isfinite(hl_high) else None],
        },
        "branching": {
            "matrix": [[round(float(x), 6) for x in row] for row in params.alpha],
            "spectral_radius": round(radius, 6),
            "stationary_rate_per_day": stationary,
            "share_triggered": [
                None if r is None else round(1 - float(params.mu[i]) / r, 4) for i, r in enumerate(stationary)
            ],
        },
        "tests": {
            "vs_independent_poisson": _test(result.poisson),
            "vs_self_excitation_only": _test(result.joint_cross),
        },
        "goodness_of_fit": [
            {
                "stream": labels[g.stream],
                "method": "time-rescaling theorem, KS test of rescaled waiting times against Exp(1)",
                "ks_statistic": None if math.isnan(g.ks_statistic) else round(g.ks_statistic, 6),
                "p_value": None if math.isnan(g.p_value) else g.p_value,
            }
            for g in result.goodness
        ],
        "trends": [t.to_dict() for t in result.trends],
    }


def _test(test: LikelihoodRatio) -> dict[str, Any]:
    return {"lr_statistic": round(test.statistic, 4), "p_value": test.p_value, "reference": test.reference}
