// The trends panel: incidents per week of two event streams, from /analysis/trends, each drawn as
// a small bar chart with the mean weekly level of each segment and its change points marked.
// It follows the page's governorate and date filters (the streams fix actors and types).
import { clear, el, t } from "./dom.js";
import { typeColor } from "./colors.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 96;
const AXIS = 16;

/** The dashboard's streams: a string key (i18n ``trend_streams.KEY``), the API label and selection. */
export const DEFAULT_STREAMS = [
  {
    key: "isis_attacks",
    label: "ISIS attacks",
    selection: "ISIS:attack,explosive,suicide_attack,shelling",
    color: typeColor("attack"),
  },
  {
    key: "sweeps",
    label: "Sweeps and deployments",
    selection: "SYR_REGIME,SYR_GOV,IRN_MIL,RUS_MIL:sweep_operation,deployment",
    color: typeColor("sweep_operation"),
  },
];

/** A date kept left to right inside Arabic text (Unicode isolates: 2017-04-23, not 23-04-2017). */
function isolate(text) {
  return `\u2066${text}\u2069`;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** The ``/analysis/trends`` URL for the streams under the page's governorate and dates. */
export function trendsUrl(state, streams = DEFAULT_STREAMS) {
  const params = new URLSearchParams();
  for (const stream of streams) params.append("stream", `${stream.label}=${stream.selection}`);
  for (const key of ["admin1", "since", "until"]) if (state[key]) params.set(key, state[key]);
  return `/analysis/trends?${params}`;
}

/** A weekly mean as people read it: one decimal, two below 1 (0.25), none for whole numbers. */
export function formatRate(value) {
  if (Number.isInteger(value)) return String(value);
  return value < 1 ? value.toFixed(2) : value.toFixed(1);
}

export class TrendsPanel {
  constructor(container, { fetchJson }) {
    this.container = container;
    this.fetchJson = fetchJson;
    this.url = null; // the URL of the data shown (or being loaded)
    this.data = null;
    this.error = null;
  }

  /** Load the trends for ``state`` (once per URL) and draw them. */
  async show(state) {
    const url = trendsUrl(state);
    if (url !== this.url) {
      this.url = url;
      this.data = null;
      this.error = null;
      this.draw();
      try {
        const data = await this.fetchJson(url);
        if (url !== this.url) return; // a newer request took over
        this.data = data;
      } catch (error) {
        if (url !== this.url) return;
        this.error = error;
      }
    }
    this.draw();
  }

  /** Draw what is loaded: a message while loading or after an error, else one chart per stream. */
  draw() {
    const root = clear(this.container);
    root.setAttribute("aria-busy", String(!this.data && !this.error));
    if (this.error) {
      root.append(el("p", { class: "trends-message error" }, t("trends_failed", { error: this.error.message })));
      return;
    }
    if (!this.data) {
      root.append(el("p", { class: "trends-message" }, t("trends_loading")));
      return;
    }
    // Every figure takes its place in the grid first; then each chart takes its figure's width.
    const figures = this.data.streams.map((stream, i) => this.figure(root, stream, DEFAULT_STREAMS[i]));
    figures.forEach((figure, i) => this.fill(figure, this.data.streams[i], DEFAULT_STREAMS[i]));
  }

  /** The name of a stream in the interface language (the API's label for one the page does not know). */
  streamName(stream, spec) {
    return spec ? t(`trend_streams.${spec.key}`) : stream.label;
  }

  /** One stream's figure with its heading, appended to ``root``. */
  figure(root, stream, spec) {
    const name = this.streamName(stream, spec);
    const id = `trend-${spec ? spec.key : stream.label.replace(/\W+/g, "-")}`;
    const heading = el("h3", { id: `${id}-title` }, name, " ", el("span", { class: "trend-count" }, t("trend_incidents", { n: stream.incidents })));
    const figure = el("figure", { class: "trend", "data-stream": spec ? spec.key : stream.label, "aria-labelledby": `${id}-title` }, heading);
    root.append(figure);
    return figure;
  }

  /** A figure's chart and its change points in words (or why there is no chart). */
  fill(figure, stream, spec) {
    if (!stream.weeks.length) {
      figure.append(el("p", { class: "trends-message" }, t("no_events")));
      return;
    }
    const width = Math.max(figure.clientWidth || 600, 200);
    const name = this.streamName(stream, spec);
    figure.append(this.chart(stream, name, width, spec ? spec.color : "#555555"), this.changes(stream, this.data.min_weeks_for_change_points));
  }

  /** The weekly bars, the mean level of each segment as a step line, and a dashed line per change. */
  chart(stream, name, width, color) {
    const { weeks, counts, changes } = stream;
    const means = stream.segment_means_per_week;
    const plot = HEIGHT - AXIS;
    const peak = Math.max(1, ...counts);
    const barWidth = width / weeks.length;
    const y = (value) => plot - (value / peak) * (plot - 6);
    const root = svg("svg", {
      width,
      height: HEIGHT,
      viewBox: `0 0 ${width} ${HEIGHT}`,
      role: "img",
      class: "trend-svg",
      "aria-label": t("trend_label", {
        name,
        first: weeks[0],
        last: weeks[weeks.length - 1],
        peak: Math.max(0, ...counts),
        changes: changes.length,
      }),
    });
    let bars = "";
    counts.forEach((n, i) => {
      if (!n) return;
      const w = Math.max(barWidth - (barWidth > 3 ? 1 : 0), 0.8);
      bars += `M${(i * barWidth).toFixed(1)} ${y(n).toFixed(1)}h${w.toFixed(1)}V${plot}h${(-w).toFixed(1)}z`;
    });
    if (bars) root.appendChild(svg("path", { d: bars, fill: color, class: "trend-bars" }));
    root.appendChild(svg("line", { x1: 0, y1: plot, x2: width, y2: plot, class: "axis" }));
    // Segment k runs from the week of change k-1 (or the first week) to the week of change k.
    const bounds = [0, ...changes.map((c) => weeks.indexOf(c.date)), weeks.length];
    let level = "";
    means.forEach((mean, k) => {
      const x0 = bounds[k] * barWidth;
      const x1 = bounds[k + 1] * barWidth;
      level += `${k ? "L" : "M"}${x0.toFixed(1)} ${y(mean).toFixed(1)}H${x1.toFixed(1)}`;
    });
    if (level) root.appendChild(svg("path", { d: level, class: "trend-mean" }));
    for (const change of changes) {
      const x = weeks.indexOf(change.date) * barWidth;
      root.appendChild(svg("line", { x1: x, y1: 0, x2: x, y2: plot, class: "trend-change", "data-date": change.date }));
    }
    for (const [i, anchor] of [[0, "start"], [weeks.length - 1, "end"]]) {
      const label = svg("text", { x: anchor === "start" ? 2 : width - 2, y: plot + 12, "text-anchor": anchor });
      label.textContent = weeks[i];
      root.appendChild(label);
    }
    return el("div", { class: "trend-chart", dir: "ltr" }, root);
  }

  /** The change points in words (the chart's content for those who cannot see it). */
  changes(stream, minWeeks) {
    if (stream.weeks.length < minWeeks) return el("p", { class: "trend-changes" }, t("trend_too_short", { n: minWeeks }));
    if (!stream.changes.length) {
      const mean = stream.segment_means_per_week[0] ?? 0;
      return el("p", { class: "trend-changes" }, t("trend_no_change", { rate: formatRate(mean) }));
    }
    return el(
      "ul",
      { class: "trend-changes" },
      stream.changes.map((c) =>
        el(
          "li",
          { "data-date": c.date },
          t(c.after_per_week > c.before_per_week ? "trend_change_up" : "trend_change_down", {
            date: isolate(c.date),
            before: formatRate(c.before_per_week),
            after: formatRate(c.after_per_week),
          }),
        ),
      ),
    );
  }
}
