"""Multivariate Hawkes processes with exponential kernels: likelihood, fit, tests, simulation.

The intensity of stream ``i`` at time ``t`` (in days) is

    lambda_i(t) = mu_i + sum_j alpha[i, j] * beta * sum_{t_l^j < t} exp(-beta * (t - t_l^j))

so ``alpha[i, j]`` is a *branching ratio*: the expected number of extra events in stream ``i``
that one event of stream ``j`` brings on; ``beta`` (per day) is one decay shared by all pairs,
reported as the half-life ``ln 2 / beta``. Everything here is pure numpy/scipy on arrays of
times and stream indices; nothing reads a database or prints.

The log-likelihood and its exact gradient are computed in O(n) per stream with running sums
kept in the log domain (``numpy.logaddexp.accumulate``), which is the recursive form of
Ozaki (1979) without a Python loop and without overflow on long windows. The fit is maximum
likelihood with L-BFGS-B; confidence intervals are profile-likelihood intervals (the values
of a parameter that a likelihood-ratio test at 5% does not reject, the other parameters
re-fitted); goodness of fit uses the time-rescaling theorem (Brown et al. 2002) with a
Kolmogorov-Smirnov test of the rescaled waiting times against Exp(1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CHI2_95_1DF = float(stats.chi2.ppf(0.95, 1))  # 3.841...
_MU_MIN = 1e-9
_BETA_MIN = 1e-4
_BETA_MAX = 1e4


@dataclass(frozen=True, slots=True)
class HawkesData:
    """Event times (days from the window start, strictly positive, sorted) with their streams."""

    times: FloatArray
    marks: IntArray
    dims: int
    end: float

    @classmethod
    def from_streams(cls, streams: Sequence[Sequence[float]], end: float) -> HawkesData:
        """Merge per-stream event times (days in ``(0, end]``) into one sorted sequence."""
        times = np.concatenate([np.asarray(s, dtype=np.float64) for s in streams]) if streams else np.zeros(0)
        marks = np.concatenate([np.full(len(s), i, dtype=np.int64) for i, s in enumerate(streams)])
        order = np.argsort(times, kind="stable")
        data = cls(times[order], marks[order], len(streams), float(end))
        data.check()
        return data

    def check(self) -> None:
        """Raise ``ValueError`` unless times are positive, sorted, within the window and marked."""
        if self.dims < 1:
            raise ValueError("at least one stream is needed")
        if len(self.times) != len(self.marks):
            raise ValueError("times and marks differ in length")
        if len(self.times) and (self.times[0] <= 0 or self.times[-1] > self.end):
            raise ValueError("event times must lie in (0, end]")
        if np.any(np.diff(self.times) < 0):
            raise ValueError("event times must be sorted")
        if len(self.marks) and (self.marks.min() < 0 or self.marks.max() >= self.dims):
            raise ValueError("a mark names no stream")

    def counts(self) -> IntArray:
        """The number of events of each stream."""
        return np.bincount(self.marks, minlength=self.dims).astype(np.int64)

    def stream(self, i: int) -> FloatArray:
        """The event times of stream ``i``."""
        return np.asarray(self.times[self.marks == i], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class HawkesParams:
    """Baselines ``mu`` (events/day), branching matrix ``alpha[target, source]``, decay ``beta`` (1/day)."""

    mu: FloatArray
    alpha: FloatArray
    beta: float

    @property
    def dims(self) -> int:
        """Number of streams."""
        return len(self.mu)

    @property
    def half_life(self) -> float:
        """Days for an excitation to fall to half: ln 2 / beta."""
        return math.log(2.0) / self.beta

    def to_vector(self) -> FloatArray:
        """``[mu..., alpha row-major..., beta]``."""
        return np.concatenate([self.mu, self.alpha.ravel(), [self.beta]]).astype(np.float64)

    @classmethod
    def from_vector(cls, theta: FloatArray, dims: int) -> HawkesParams:
        """The inverse of ``to_vector``."""
        theta = np.asarray(theta, dtype=np.float64)
        return cls(
            theta[:dims].copy(), theta[dims : dims + dims * dims].reshape(dims, dims).copy(), float(theta[-1])
        )

    def spectral_radius(self) -> float:
        """Largest absolute eigenvalue of ``alpha``: below 1 the process is stationary."""
        return float(np.max(np.abs(np.linalg.eigvals(self.alpha))))


def parameter_names(dims: int) -> list[str]:
    """Names in vector order: ``mu[0]``, ``alpha[0,1]`` (effect of stream 1 on stream 0), ``beta``."""
    return (
        [f"mu[{i}]" for i in range(dims)]
        + [f"alpha[{i},{j}]" for i in range(dims) for j in range(dims)]
        + ["beta"]
    )


def _running_sums(data: HawkesData, beta: float) -> tuple[FloatArray, FloatArray]:
    """For every event k and stream j: R[k, j] = sum_{l<k, j} e^{-beta (t_k - t_l)} and
    S[k, j] = sum_{l<k, j} (t_k - t_l) e^{-beta (t_k - t_l)}, computed in the log domain."""
    times = data.times
    n = len(times)
    bt = beta * times
    logt = np.log(times)
    r = np.zeros((n, data.dims))
    s = np.zeros((n, data.dims))
    if n == 0:
        return r, s
    neg_inf = np.full(1, -np.inf)
    for j in range(data.dims):
        mask = data.marks == j
        if not mask.any():
            continue
        acc = np.logaddexp.accumulate(np.where(mask, bt, -np.inf))
        acc_t = np.logaddexp.accumulate(np.where(mask, bt + logt, -np.inf))
        # exclusive sums: event k sees only the events before it
        r[:, j] = np.exp(np.concatenate([neg_inf, acc[:-1]]) - bt)
        weighted = np.exp(np.concatenate([neg_inf, acc_t[:-1]]) - bt)
        s[:, j] = np.maximum(times * r[:, j] - weighted, 0.0)
    return r, s


def log_likelihood(theta: FloatArray, data: HawkesData) -> tuple[float, FloatArray]:
    """The log-likelihood of parameters ``theta`` (``HawkesParams.to_vector`` order) and its gradient."""
    d = data.dims
    params = HawkesParams.from_vector(theta, d)
    mu, alpha, beta = params.mu, params.alpha, params.beta
    times, marks, end = data.times, data.marks, data.end
    r, s = _running_sums(data, beta)
    alpha_rows = alpha[marks]  # (n, d): the row of the target stream of each event
    lam = mu[marks] + beta * np.einsum("kj,kj->k", alpha_rows, r)
    if np.any(lam <= 0):
        return -np.inf, np.zeros_like(theta)
    inv = 1.0 / lam
    tail = np.exp(-beta * (end - times))
    comp = np.bincount(marks, weights=1.0 - tail, minlength=d)  # C_j
    late = np.bincount(marks, weights=(end - times) * tail, minlength=d)  # D_j
    value = float(np.sum(np.log(lam)) - mu.sum() * end - np.sum(alpha * comp[None, :]))
    grad_mu = np.bincount(marks, weights=inv, minlength=d) - end
    grad_alpha = np.zeros((d, d))
    for i in range(d):
        rows = marks == i
        grad_alpha[i] = beta * (r[rows] * inv[rows, None]).sum(axis=0) - comp
    grad_beta = float(
        np.sum(inv * np.einsum("kj,kj->k", alpha_rows, r - beta * s)) - np.sum(alpha * late[None, :])
    )
    return value, np.concatenate([grad_mu, grad_alpha.ravel(), [grad_beta]])


def poisson_log_likelihood(data: HawkesData) -> float:
    """The maximised log-likelihood of independent homogeneous Poisson processes."""
    counts = data.counts().astype(np.float64)
    positive = counts[counts > 0]
    return float(np.sum(positive * np.log(positive / data.end)) - positive.sum())


@dataclass(frozen=True, slots=True)
class Fit:
    """A maximum-likelihood fit: parameters, maximised log-likelihood, which parameters were fixed."""

    params: HawkesParams
    log_likelihood: float
    fixed: tuple[int, ...] = ()
    converged: bool = True


def _bounds(dims: int, fixed: dict[int, float]) -> list[tuple[float, float | None]]:
    bounds: list[tuple[float, float | None]] = [(_MU_MIN, None)] * dims
    bounds += [(0.0, None)] * (dims * dims)
    bounds.append((_BETA_MIN, _BETA_MAX))
    for index, value in fixed.items():
        bounds[index] = (value, value)
    return bounds


def _optimise(data: HawkesData, start: FloatArray, fixed: dict[int, float]) -> tuple[FloatArray, float, bool]:
    """L-BFGS-B on the parameters divided by a scale, so that all move on a similar footing."""
    scale = np.maximum(np.abs(start), 1e-3)
    start = start.copy()
    for index, value in fixed.items():
        start[index] = value

    def objective(u: FloatArray) -> tuple[float, FloatArray]:
        value, grad = log_likelihood(u * scale, data)
        if not math.isfinite(value):
            return 1e100, np.zeros_like(u)
        return -value, -grad * scale

    bounds = [
        (lo / s, None if hi is None else hi / s)
        for (lo, hi), s in zip(_bounds(data.dims, fixed), scale, strict=True)
    ]
    result = optimize.minimize(
        objective,
        start / scale,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-7},
    )
    theta = np.asarray(result.x, dtype=np.float64) * scale
    for index, value in fixed.items():
        theta[index] = value
    return theta, -float(result.fun), bool(result.success)


def _starts(data: HawkesData) -> list[FloatArray]:
    """A few starting points over the decay (its likelihood surface is the one with local optima)."""
    d = data.dims
    counts = np.maximum(data.counts(), 1).astype(np.float64)
    mu = 0.6 * counts / data.end
    alpha = np.full((d, d), 0.1) + 0.1 * np.eye(d)
    return [np.concatenate([mu, alpha.ravel(), [beta]]) for beta in (0.05, 0.5, 5.0)]


def fit_hawkes(
    data: HawkesData, *, fixed: dict[int, float] | None = None, start: FloatArray | None = None
) -> Fit:
    """Maximum-likelihood fit; ``fixed`` pins parameters (vector index -> value), ``start`` warm-starts.

    Without ``start`` the best of three starts (decays 0.05, 0.5 and 5 per day) is kept.
    """
    pinned = dict(fixed or {})
    starts = [start] if start is not None else _starts(data)
    best: tuple[FloatArray, float, bool] | None = None
    # L-BFGS-B makes many tiny BLAS calls: threads only add overhead (10x on a busy machine).
    with threadpool_limits(limits=1, user_api="blas"):
        for theta0 in starts:
            found = _optimise(data, np.asarray(theta0, dtype=np.float64), pinned)
            if best is None or found[1] > best[1]:
                best = found
    assert best is not None
    theta, value, converged = best
    return Fit(HawkesParams.from_vector(theta, data.dims), value, tuple(sorted(pinned)), converged)


@dataclass(frozen=True, slots=True)
class Interval:
    """A 95% profile-likelihood interval; ``upper`` is inf when the likelihood never drops enough."""

    lower: float
    upper: float


def profile_interval(data: HawkesData, fit: Fit, index: int, *, level: float = 0.95) -> Interval:
    """The profile-likelihood interval of one parameter (vector index) at ``level``.

    The bound is where twice the drop of the profile log-likelihood reaches the chi-squared
    quantile with one degree of freedom; a branching ratio whose profile at 0 is within it
    gets 0 as its lower bound.
    """
    threshold = fit.log_likelihood - 0.5 * float(stats.chi2.ppf(level, 1))
    theta_hat = fit.params.to_vector()
    estimate = float(theta_hat[index])
    lower_limit = _bounds(data.dims, {})[index][0]
    cache: dict[float, float] = {}

    def gap(value: float) -> float:
        if value not in cache:
            profiled = fit_hawkes(data, fixed={index: value}, start=theta_hat)
            cache[value] = max(profiled.log_likelihood, -1e100) - threshold
        return cache[value]

    step = max(abs(estimate) * 0.25, 1e-3)
    upper = math.inf
    inside = estimate
    for _ in range(40):
        trial = inside + step
        if index == len(theta_hat) - 1 and trial > _BETA_MAX:
            break
        if gap(trial) < 0:
            upper = optimize.brentq(gap, inside, trial, xtol=1e-4 * max(abs(estimate), 1e-2), rtol=1e-4)
            break
        inside, step = trial, step * 2
    lower = lower_limit
    if gap(lower_limit) < 0:
        inside, step = estimate, max(abs(estimate) * 0.25, 1e-3)
        while True:
            trial = max(inside - step, lower_limit)
            if gap(trial) < 0:
                lower = optimize.brentq(gap, trial, inside, xtol=1e-4 * max(abs(estimate), 1e-2), rtol=1e-4)
                break
            inside, step = trial, step * 2
    return Interval(float(lower), float(upper))


def profile_intervals(data: HawkesData, fit: Fit, *, level: float = 0.95) -> list[Interval]:
    """Profile-likelihood intervals of every parameter, in vector order."""
    return [profile_interval(data, fit, index, level=level) for index in range(len(fit.params.to_vector()))]


def chi_bar_squared_sf(statistic: float, boundary: int) -> float:
    """P-value of a likelihood-ratio statistic when ``boundary`` parameters sit on 0 under the null.

    Uses the mixture sum_r C(k, r) 2^-k chi2_r (Self and Liang 1987), exact for independent
    parameters; chi2_0 is a point mass at 0.
    """
    if statistic <= 0:
        return 1.0
    k = boundary
    total = 0.0
    for r in range(1, k + 1):
        total += math.comb(k, r) / 2**k * float(stats.chi2.sf(statistic, r))
    return total


@dataclass(frozen=True, slots=True)
class LikelihoodRatio:
    """A likelihood-ratio test: the statistic 2(l1 - l0), its p-value and how it was referred."""

    statistic: float
    p_value: float
    reference: str


def compare_cross_excitation(
    data: HawkesData, fit: Fit
) -> tuple[LikelihoodRatio, dict[tuple[int, int], LikelihoodRatio]]:
    """Tests against self-excitation only: all cross terms at once, and each cross term alone.

    Both nulls put branching ratios on their boundary (0), so the references are
    chi-bar-squared mixtures (``chi_bar_squared_sf``).
    """
    d = data.dims
    theta = fit.params.to_vector()
    cross = [(i, j) for i in range(d) for j in range(d) if i != j]
    index = {pair: d + pair[0] * d + pair[1] for pair in cross}
    restricted = fit_hawkes(data, fixed={index[p]: 0.0 for p in cross}, start=theta)
    restricted = _best(restricted, fit_hawkes(data, fixed={index[p]: 0.0 for p in cross}))
    stat = max(0.0, 2 * (fit.log_likelihood - restricted.log_likelihood))
    joint = LikelihoodRatio(
        stat, chi_bar_squared_sf(stat, len(cross)), f"chi-bar-squared, {len(cross)} boundary"
    )
    single: dict[tuple[int, int], LikelihoodRatio] = {}
    for pair in cross:
        alone = fit_hawkes(data, fixed={index[pair]: 0.0}, start=theta)
        s = max(0.0, 2 * (fit.log_likelihood - alone.log_likelihood))
        single[pair] = LikelihoodRatio(s, chi_bar_squared_sf(s, 1), "chi-bar-squared, 1 boundary")
    return joint, single


def compare_with_poisson(data: HawkesData, fit: Fit) -> LikelihoodRatio:
    """Test against independent homogeneous Poisson processes (no excitation at all).

    The decay is not identified under this null, so the statistic is referred to chi-squared
    with d^2 + 1 degrees of freedom: a conservative choice (the p-value is, if anything, too large).
    """
    stat = max(0.0, 2 * (fit.log_likelihood - poisson_log_likelihood(data)))
    df = data.dims**2 + 1
    return LikelihoodRatio(stat, float(stats.chi2.sf(stat, df)), f"chi-squared, {df} df (conservative)")


def _best(a: Fit, b: Fit) -> Fit:
    return a if a.log_likelihood >= b.log_likelihood else b


def compensator_at_events(data: HawkesData, params: HawkesParams) -> FloatArray:
    """The compensator Lambda_i(t_k) of each event's own stream at its time (left limit)."""
    r, _ = _running_sums(data, params.beta)
    before = np.zeros((len(data.times), data.dims))
    for j in range(data.dims):
        seen = np.cumsum(data.marks == j)
        before[:, j] = seen - (data.marks == j)  # events of j strictly before k
    accumulated = before - r  # sum_{l<k, j} (1 - e^{-beta (t_k - t_l)})
    rows = params.alpha[data.marks]
    return np.asarray(
        params.mu[data.marks] * data.times + np.einsum("kj,kj->k", rows, accumulated), dtype=np.float64
    )


@dataclass(frozen=True, slots=True)
class GoodnessOfFit:
    """Time-rescaling check of one stream: rescaled waiting times and their KS test against Exp(1)."""

    stream: int
    residuals: FloatArray = field(repr=False)
    ks_statistic: float
    p_value: float


def time_rescaling(data: HawkesData, params: HawkesParams) -> list[GoodnessOfFit]:
    """Per stream, the waiting times in compensator time (Exp(1) if the model is right) and a KS test."""
    lam = compensator_at_events(data, params)
    out = []
    for i in range(data.dims):
        own = lam[data.marks == i]
        waits = np.diff(np.concatenate([[0.0], own]))
        if len(waits) < 2:
            out.append(GoodnessOfFit(i, waits, math.nan, math.nan))
            continue
        test = stats.kstest(waits, "expon")
        out.append(GoodnessOfFit(i, waits, float(test.statistic), float(test.pvalue)))
    return out


def intensity(data: HawkesData, params: HawkesParams, grid: FloatArray) -> FloatArray:
    """The conditional intensity of every stream on a sorted time grid: shape (len(grid), dims)."""
    out = np.tile(params.mu, (len(grid), 1)).astype(np.float64)
    for j in range(data.dims):
        source = data.stream(j)
        if not len(source):
            continue
        # sum over earlier events, by blocks of the grid to bound memory
        for start in range(0, len(grid), 512):
            g = grid[start : start + 512, None]
            lag = g - source[None, :]
            kernel = np.where(lag > 0, np.exp(-params.beta * np.maximum(lag, 0.0)), 0.0).sum(axis=1)
            out[start : start + 512] += params.beta * np.outer(kernel, params.alpha[:, j])
    return out


def simulate_hawkes(params: HawkesParams, end: float, rng: np.random.Generator) -> HawkesData:
    """Ogata's thinning: one realisation on (0, end] of the process with ``params``."""
    d = params.dims
    t = 0.0
    excitation = np.zeros(d)  # current sum over past events of alpha[i, j] beta e^{-beta (t - t_l)}
    times: list[float] = []
    marks: list[int] = []
    while True:
        bound = float(params.mu.sum() + excitation.sum())  # intensities only decay until the next event
        wait = rng.exponential(1.0 / bound)
        t += wait
        if t > end:
            break
        excitation *= math.exp(-params.beta * wait)
        lam = params.mu + excitation
        u = rng.uniform(0.0, bound)
        if u < lam.sum():
            i = int(np.searchsorted(np.cumsum(lam), u, side="right"))
            i = min(i, d - 1)
            times.append(t)
            marks.append(i)
            excitation += params.alpha[:, i] * params.beta
    return HawkesData(np.asarray(times, dtype=np.float64), np.asarray(marks, dtype=np.int64), d, float(end))
