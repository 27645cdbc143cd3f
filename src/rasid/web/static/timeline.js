// The timeline: incidents (one entry per cluster) per day or week, stacked by type, drawn as one SVG path per type.
// Dragging across it selects a date range (the page's since/until filters).
import { t } from "./dom.js";
import { typeColor } from "./colors.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 120;
const AXIS = 18;
const DAY_MS = 86400000;
const MAX_DAY_BINS = 1500;

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

/** Milliseconds of an ISO day (UTC). */
export function dayMs(iso) {
  return Date.parse(`${iso}T00:00:00Z`);
}

/** The ISO day of a millisecond time (UTC). */
export function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first day of the bin that holds ``iso``: the day itself, or the Monday of its week. */
export function binStart(iso, interval) {
  const ms = dayMs(iso);
  if (interval !== "week") return ms;
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
  return ms - weekday * DAY_MS;
}

/** Counts per bin and type for dated events: {interval, starts: [ms], counts: [Map(type -> n)]}. */
export function binEvents(events, interval) {
  const dated = events.filter((e) => e.start);
  if (!dated.length) return { interval, starts: [], counts: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of dated) {
    const ms = dayMs(e.start);
    if (ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  }
  if (interval === "day" && (hi - lo) / DAY_MS > MAX_DAY_BINS) interval = "week";
  const step = interval === "week" ? 7 * DAY_MS : DAY_MS;
  const first = binStart(isoDay(lo), interval);
  const n = Math.floor((binStart(isoDay(hi), interval) - first) / step) + 1;
  const starts = Array.from({ length: n }, (_, i) => first + i * step);
  const counts = Array.from({ length: n }, () => new Map());
  for (const e of dated) {
    const i = Math.round((binStart(e.start, interval) - first) / step);
    counts[i].set(e.event_type, (counts[i].get(e.event_type) || 0) + 1);
  }
  return { interval, starts, counts };
}

export class Timeline {
  constructor(container, { onRange }) {
    this.container = container;
    this.onRange = onRange;
    this.bins = { interval: "week", starts: [], counts: [] };
    this.range = null;
  }

  /** Draw ``events`` (already filtered by everything but dates) and the selected ``range``. */
  draw(events, interval, range) {
    this.bins = binEvents(events, interval);
    this.range = range;
    const { starts, counts } = this.bins;
    const width = Math.max(this.container.clientWidth || 600, 240);
    const root = svg("svg", {
      width,
      height: HEIGHT,
      viewBox: `0 0 ${width} ${HEIGHT}`,
      role: "img",
      class: "timeline-svg",
    });
    this.container.replaceChildren(root);
    let entries = 0;
    for (const bin of counts) for (const n of bin.values()) entries += n;
    root.dataset.entries = String(entries);
    if (!starts.length) {
      root.setAttribute("aria-label", t("no_events"));
      return;
    }
    const last = isoDay(starts[starts.length - 1]);
    root.setAttribute(
      "aria-label",
      t("timeline_label", { interval: t(this.bins.interval), first: isoDay(starts[0]), last }),
    );
    const plot = HEIGHT - AXIS;
    const barWidth = width / starts.length;
    let peak = 1;
    for (const bin of counts) {
      let total = 0;
      for (const n of bin.values()) total += n;
      if (total > peak) peak = total;
    }
    const paths = new Map();
    counts.forEach((bin, i) => {
      let y = plot;
      for (const [type, n] of [...bin.entries()].sort()) {
        const h = (n / peak) * (plot - 4);
        const x = i * barWidth;
        const w = Math.max(barWidth - (barWidth > 3 ? 1 : 0), 0.6);
        const d = `M${x.toFixed(1)} ${(y - h).toFixed(1)}h${w.toFixed(1)}v${h.toFixed(1)}h${(-w).toFixed(1)}z`;
        paths.set(type, (paths.get(type) || "") + d);
        y -= h;
      }
    });
    for (const [type, d] of paths) root.appendChild(svg("path", { d, fill: typeColor(type) }));
    root.appendChild(svg("line", { x1: 0, y1: plot, x2: width, y2: plot, class: "axis" }));
    this.drawLabels(root, width, plot);
    this.selection = svg("rect", { y: 0, height: plot, class: "brush", visibility: "hidden" });
    root.appendChild(this.selection);
    this.showRange();
    this.attachBrush(root, barWidth);
  }

  drawLabels(root, width, plot) {
    const { starts } = this.bins;
    const ticks = Math.min(6, starts.length);
    for (let k = 0; k < ticks; k++) {
      const i = Math.round((k * (starts.length - 1)) / Math.max(ticks - 1, 1));
      const x = (i + 0.5) * (width / starts.length);
      const anchor = k === 0 ? "start" : k === ticks - 1 ? "end" : "middle";
      const label = svg("text", { x: Math.min(Math.max(x, 2), width - 2), y: plot + 13, "text-anchor": anchor });
      label.textContent = isoDay(starts[i]);
      root.appendChild(label);
    }
  }

  binIndex(root, clientX, barWidth) {
    const box = root.getBoundingClientRect();
    const x = Math.min(Math.max(clientX - box.left, 0), box.width - 0.01);
    return Math.min(Math.floor(x / barWidth), this.bins.starts.length - 1);
  }

  binEnd(i) {
    const step = this.bins.interval === "week" ? 7 * DAY_MS : DAY_MS;
    return isoDay(this.bins.starts[i] + step - DAY_MS);
  }

  showRange() {
    const { starts } = this.bins;
    if (!this.range || !(this.range.since || this.range.until) || !starts.length || !this.selection) {
      if (this.selection) this.selection.setAttribute("visibility", "hidden");
      return;
    }
    const width = Number(this.selection.ownerSVGElement.getAttribute("width"));
    const barWidth = width / starts.length;
    const since = this.range.since ? dayMs(this.range.since) : starts[0];
    const until = this.range.until ? dayMs(this.range.until) : starts[starts.length - 1];
    const step = this.bins.interval === "week" ? 7 * DAY_MS : DAY_MS;
    const a = Math.max(0, Math.floor((since - starts[0]) / step));
    const b = Math.min(starts.length - 1, Math.floor((until - starts[0]) / step));
    if (b < a) {
      this.selection.setAttribute("visibility", "hidden");
      return;
    }
    this.selection.setAttribute("x", a * barWidth);
    this.selection.setAttribute("width", Math.max((b - a + 1) * barWidth, 2));
    this.selection.setAttribute("visibility", "visible");
  }

  attachBrush(root, barWidth) {
    let anchor = null;
    const preview = (i) => {
      const [a, b] = anchor <= i ? [anchor, i] : [i, anchor];
      this.selection.setAttribute("x", a * barWidth);
      this.selection.setAttribute("width", Math.max((b - a + 1) * barWidth, 2));
      this.selection.setAttribute("visibility", "visible");
      return [a, b];
    };
    root.addEventListener("pointerdown", (event) => {
      anchor = this.binIndex(root, event.clientX, barWidth);
      root.setPointerCapture(event.pointerId);
      preview(anchor);
    });
    root.addEventListener("pointermove", (event) => {
      if (anchor !== null) preview(this.binIndex(root, event.clientX, barWidth));
    });
    root.addEventListener("pointerup", (event) => {
      if (anchor === null) return;
      const [a, b] = preview(this.binIndex(root, event.clientX, barWidth));
      anchor = null;
      this.onRange({ since: isoDay(this.bins.starts[a]), until: this.binEnd(b) });
    });
  }
}
