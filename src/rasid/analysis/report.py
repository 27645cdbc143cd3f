"""The cycles report as figures (PNG) and one self-contained HTML page.

matplotlib (the ``rasid[analysis]`` extra) draws with the Agg backend, so no display is
needed. ``write_report`` writes ``NAME.html`` with the figures embedded and the same figures
as PNG files beside it (``NAME-timeline.png`` ...). Every text taken from the data is escaped.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from rasid.analysis.cycles import CyclesResult, format_p
from rasid.analysis.hawkes import intensity

FIGURES = ("timeline", "intensity", "kernels", "residuals")
_COLOURS = ("#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("the HTML report needs matplotlib: pip install 'rasid[analysis]'") from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def render_figures(result: CyclesResult) -> dict[str, bytes]:
    """The four figures as PNG bytes: timeline, intensity, kernels, residuals."""
    plt = _pyplot()
    labels = [spec.label for spec in result.streams.specs]
    params = result.fit.params
    d = params.dims
    out: dict[str, bytes] = {}

    fig, axes = plt.subplots(d, 1, figsize=(10, 2.2 * d), sharex=True, squeeze=False)
    for i, trend in enumerate(result.trends):
        ax = axes[i, 0]
        weeks = np.array(trend.week_starts, dtype="datetime64[D]")
        ax.step(weeks, trend.counts, where="post", color=_COLOURS[i % len(_COLOURS)], lw=1.2)
        for cp in trend.change_points:
            ax.axvline(np.datetime64(cp), color="black", ls="--", lw=0.8)
        ax.set_ylabel("per week")
        ax.set_title(f"{labels[i]}: weekly incidents (dashed: change points)", fontsize=9, loc="left")
    fig.tight_layout()
    out["timeline"] = _png(plt, fig)

    grid = np.linspace(0.0, result.data.end, min(4000, int(result.data.end * 8) + 2))[1:]
    lam = intensity(result.data, params, grid)
    days = np.datetime64(result.streams.start) + (grid * 86400).astype("timedelta64[s]")
    fig, axes = plt.subplots(d, 1, figsize=(10, 2.2 * d), sharex=True, squeeze=False)
    for i in range(d):
        ax = axes[i, 0]
        colour = _COLOURS[i % len(_COLOURS)]
        ax.plot(days, lam[:, i], color=colour, lw=0.8)
        ax.axhline(params.mu[i], color="grey", ls=":", lw=0.8)
        events = np.datetime64(result.streams.start) + (result.data.stream(i) * 86400).astype(
            "timedelta64[s]"
        )
        ax.plot(events, np.zeros(len(events)), "|", color="black", ms=6)
        ax.set_ylabel("per day")
        ax.set_title(
            f"{labels[i]}: fitted intensity (dotted: baseline; ticks: incidents)", fontsize=9, loc="left"
        )
    fig.tight_layout()
    out["intensity"] = _png(plt, fig)

    lags = np.linspace(0.0, max(5 * params.half_life, 1e-3), 200)
    fig, axes = plt.subplots(d, d, figsize=(3.4 * d, 2.6 * d), squeeze=False)
    for target in range(d):
        for source in range(d):
            ax = axes[target, source]
            iv = result.intervals[d + target * d + source]
            shape = params.beta * np.exp(-params.beta * lags)
            ax.plot(lags, params.alpha[target, source] * shape, color=_COLOURS[source % len(_COLOURS)])
            upper = iv.upper if math.isfinite(iv.upper) else params.alpha[target, source]
            ax.fill_between(lags, iv.lower * shape, upper * shape, color="grey", alpha=0.3)
            ax.set_title(f"{labels[source]} → {labels[target]}", fontsize=8)
            ax.set_xlabel("days after", fontsize=8)
    fig.suptitle(
        "Excitation kernels (extra events per day; band: 95% interval of the branching ratio)", fontsize=9
    )
    fig.tight_layout()
    out["kernels"] = _png(plt, fig)

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    top = 0.0
    for g in result.goodness:
        waits = np.sort(g.residuals)
        if not len(waits):
            continue
        theory = -np.log(1 - (np.arange(1, len(waits) + 1) - 0.5) / len(waits))
        ax.plot(theory, waits, ".", ms=3, color=_COLOURS[g.stream % len(_COLOURS)], label=labels[g.stream])
        top = max(top, float(theory[-1]), float(waits[-1]))
    ax.plot([0, top], [0, top], color="black", lw=0.8)
    ax.set_xlabel("Exp(1) quantiles")
    ax.set_ylabel("rescaled waiting times")
    ax.set_title("Time-rescaling check (on the line: good fit)", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    out["residuals"] = _png(plt, fig)
    return out


def _png(plt: Any, fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def _row(cells: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"


def _ci(values: list[float | None]) -> str:
    low, high = values
    return f"{low:.3g} – {'∞' if high is None else f'{high:.3g}'}"


def render_html(result: CyclesResult, figures: dict[str, bytes]) -> str:
    """One self-contained page: the plain answer, the tables of numbers, the figures."""
    doc = result.to_dict()
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>rasid: cycles report</title><style>",
        "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}",
        "table{border-collapse:collapse;margin:1em 0}",
        "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}",
        "img{max-width:100%}.answer p{font-size:1.1em}</style></head><body>",
        "<h1>Does one kind of event follow another?</h1>",
        "<div class='answer'>" + "".join(f"<p>{html.escape(s)}</p>" for s in doc["answer"]) + "</div>",
        "<h2>Data</h2><table>",
        _row(["stream", "actors (actor1, rolled up)", "types", "incidents", "per day"], "th"),
    ]
    for s in doc["streams"]:
        parts.append(
            _row(
                [
                    s["label"],
                    ", ".join(s["actors"]),
                    ", ".join(s["types"]),
                    str(s["incidents"]),
                    f"{s['rate_per_day']:.3f}",
                ]
            )
        )
    window = doc["window"]
    precision = doc["date_precision"]
    excluded = ", ".join(f"{k}: {v}" for k, v in precision["excluded"].items()) or "none"
    parts += [
        "</table>",
        f"<p>Window {html.escape(window['start'])} to {html.escape(window['end'])} "
        f"({window['days']:.0f} days). "
        f"Filters: {html.escape(str(doc['filters']) if doc['filters'] else 'none')}. "
        f"Reports merged into incidents: {precision['reports_merged_into_incidents']}. "
        f"Events not known to the day were {html.escape(precision['imprecise'])} "
        f"(spread: {precision['spread']}; left out: {html.escape(excluded)}). "
        f"Same-day events: {html.escape(precision['day'])}.</p>",
        "<h2>Model</h2><p>Multivariate Hawkes process, exponential kernels with one shared decay, fitted by "
        "maximum likelihood; 95% profile-likelihood intervals.</p><table>",
        _row(["parameter", "estimate", "95% interval", "p (LR test of 0)"], "th"),
    ]
    for b in doc["baselines"]:
        parts.append(
            _row([f"baseline of {b['stream']} (per day)", f"{b['mu_per_day']:.4g}", _ci(b["ci95"]), ""])
        )
    for e in doc["excitation"]:
        p = format_p(e["p_value"]) if "p_value" in e else ""
        parts.append(_row([f"branching {e['from']} → {e['to']}", f"{e['alpha']:.3g}", _ci(e["ci95"]), p]))
    decay = doc["decay"]
    parts.append(
        _row(["half-life (days)", f"{decay['half_life_days']:.3g}", _ci(decay["half_life_ci95"]), ""])
    )
    parts.append("</table>")
    tests = doc["tests"]
    parts += [
        "<h2>Tests</h2><table>",
        _row(["null hypothesis", "LR statistic", "p", "reference"], "th"),
        _row(
            [
                "independent Poisson processes",
                f"{tests['vs_independent_poisson']['lr_statistic']:.2f}",
                format_p(tests["vs_independent_poisson"]["p_value"]),
                tests["vs_independent_poisson"]["reference"],
            ]
        ),
        _row(
            [
                "self-excitation only (no cross terms)",
                f"{tests['vs_self_excitation_only']['lr_statistic']:.2f}",
                format_p(tests["vs_self_excitation_only"]["p_value"]),
                tests["vs_self_excitation_only"]["reference"],
            ]
        ),
        "</table><table>",
        _row(["stream", "KS statistic (time rescaling)", "p"], "th"),
    ]
    for g in doc["goodness_of_fit"]:
        ks = "n/a" if g["ks_statistic"] is None else f"{g['ks_statistic']:.3f}"
        parts.append(
            _row([g["stream"], ks, format_p(g["p_value"] if g["p_value"] is not None else math.nan)])
        )
    parts.append(
        f"</table><p>Spectral radius of the branching matrix: {doc['branching']['spectral_radius']:.3f} "
        "(below 1: the process is stable).</p>"
    )
    parts.append("<h2>Trends</h2><ul>")
    for t in doc["trends"]:
        cps = ", ".join(t["change_points"]) or "none"
        means = ", ".join(f"{m:.2f}" for m in t["segment_means_per_week"])
        parts.append(
            f"<li>{html.escape(t['label'])}: change points {html.escape(cps)}; "
            f"mean per week by segment: {html.escape(means)}</li>"
        )
    parts.append("</ul>")
    captions = {
        "timeline": "Weekly incidents per stream, with change points",
        "intensity": "Fitted intensities",
        "kernels": "Excitation kernels with 95% intervals",
        "residuals": "Goodness of fit: rescaled waiting times against Exp(1)",
    }
    for name in FIGURES:
        data = base64.b64encode(figures[name]).decode("ascii")
        parts.append(
            f"<figure><img alt='{captions[name]}' src='data:image/png;base64,{data}'>"
            f"<figcaption>{captions[name]}</figcaption></figure>"
        )
    parts.append("<p>Made by rasid analyze cycles.</p></body></html>")
    return "\n".join(parts)


def write_report(result: CyclesResult, path: Path) -> list[Path]:
    """Write ``path`` (HTML) and its PNG figures beside it; returns every file written."""
    figures = render_figures(result)
    written = []
    for name, png in figures.items():
        target = path.with_name(f"{path.stem}-{name}.png")
        target.write_bytes(png)
        written.append(target)
    path.write_text(render_html(result, figures), encoding="utf-8")
    return [path, *written]
