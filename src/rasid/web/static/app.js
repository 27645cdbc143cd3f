// The dashboard: state in the URL, data from the API, filters, map, timeline and list.
import { append, clear, el, setStrings, t } from "./dom.js";
import { typeColor } from "./colors.js";
import { EventMap, isExactPlace, markerRadius } from "./map.js";
import { Timeline } from "./timeline.js";
import { TrendsPanel } from "./trends.js";
import { renderEventPage } from "./eventpage.js";

const FILTER_KEYS = ["q", "type", "actor", "admin1", "modality", "since", "until"];
const STATE_KEYS = [...FILTER_KEYS, "interval", "chart", "lang", "event"];
const PAGE = 100;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const app = {
  state: {},
  events: [],
  meta: null,
  strings: {},
  shown: PAGE,
  loadedQuery: null,
};

/** The state that the URL holds (unknown keys and malformed dates dropped). */
export function stateFromUrl(search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of STATE_KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  for (const key of ["since", "until"]) if (state[key] && !ISO_DAY.test(state[key])) delete state[key];
  if (state.lang !== "ar" && state.lang !== "en") delete state.lang;
  if (state.interval !== "day" && state.interval !== "week") delete state.interval;
  if (state.chart !== "trends") delete state.chart;
  return state;
}

function urlOf(state) {
  const params = new URLSearchParams();
  for (const key of STATE_KEYS) if (state[key]) params.set(key, state[key]);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

function setState(changes, { push = false } = {}) {
  const next = { ...app.state, ...changes };
  for (const key of Object.keys(next)) if (!next[key]) delete next[key];
  app.state = next;
  const url = urlOf(next);
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

function language() {
  return app.state.lang || "en";
}

/** The name of an actor id in the interface language. */
function actorName(id) {
  const actor = app.meta?.actorsById.get(id);
  if (!actor) return id;
  return language() === "ar" && actor.name_ar ? actor.name_ar : actor.name;
}

function governorateName(name) {
  const found = app.meta?.governoratesByName.get(name);
  return language() === "ar" && found?.name_ar ? found.name_ar : name;
}

function placeName(event) {
  if (language() === "ar" && event.place_ar) return event.place_ar;
  return event.place || t("no_place");
}

function applyLanguage() {
  const lang = language();
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === "ar" ? "rtl" : "ltr";
  setStrings(app.strings[lang] || {}, app.strings.en || {});
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
    node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
  }
  const switcher = document.getElementById("lang-switch");
  switcher.textContent = t("switch_language");
  switcher.lang = lang === "ar" ? "en" : "ar";
  switcher.setAttribute("aria-label", t("switch_language_label"));
  document.title = `${t("app_title")} — ${t("tagline")}`;
}

function option(value, label, selected) {
  return el("option", { value, selected: selected === value }, label);
}

function fillFilters() {
  const s = app.state;
  const meta = app.meta;
  const any = () => option("", t("any"), "");
  const typeSelect = document.getElementById("f-type");
  clear(typeSelect).append(any(), ...meta.event_types.map((v) => option(v, t(`types.${v}`), s.type)));
  const actorSelect = document.getElementById("f-actor");
  clear(actorSelect).append(any());
  for (const actor of meta.actors.filter((a) => !a.parent)) {
    actorSelect.append(option(actor.id, actorName(actor.id), s.actor));
    for (const child of meta.actors.filter((a) => a.parent === actor.id)) {
      actorSelect.append(option(child.id, `\u00a0\u00a0– ${actorName(child.id)}`, s.actor));
    }
  }
  const adminSelect = document.getElementById("f-admin1");
  clear(adminSelect).append(
    any(),
    ...meta.governorates.map((g) => option(g.name, governorateName(g.name), s.admin1)),
  );
  const modalitySelect = document.getElementById("f-modality");
  clear(modalitySelect).append(any(), ...meta.modalities.map((v) => option(v, t(`modalities.${v}`), s.modality)));
  const intervalSelect = document.getElementById("f-interval");
  clear(intervalSelect).append(
    ...["week", "day"].map((v) => option(v, t(v), s.interval || "week")),
  );
  for (const key of ["type", "actor", "admin1", "modality"]) document.getElementById(`f-${key}`).value = s[key] || "";
  document.getElementById("f-q").value = s.q || "";
  document.getElementById("f-since").value = s.since || "";
  document.getElementById("f-until").value = s.until || "";
}

function rollsUp(id, wanted) {
  return id === wanted || id.startsWith(`${wanted}.`);
}

/** Whether an event passes every filter (``dates`` false: all but the date range). */
export function matches(event, state, { dates = true } = {}) {
  if (state.type && event.event_type !== state.type) return false;
  if (state.modality && event.modality !== state.modality) return false;
  if (state.admin1 && (event.admin1 || "").toLowerCase() !== state.admin1.toLowerCase()) return false;
  if (state.actor && !event.actors.some((id) => rollsUp(id, state.actor))) return false;
  if (dates && (state.since || state.until)) {
    if (!event.start) return false;
    if (state.since && (event.end || event.start) < state.since) return false;
    if (state.until && event.start > state.until) return false;
  }
  return true;
}

// Place precisions from the most to the least precise (a cluster's marker stands at the first).
const PRECISION_RANK = ["point", "admin2", "admin1", "region", "country", "unknown"];

function precisionRank(event) {
  if (event.lat === null || event.lon === null) return PRECISION_RANK.length + 1;
  const rank = PRECISION_RANK.indexOf(event.precision || "unknown");
  return rank < 0 ? PRECISION_RANK.length : rank;
}

/**
 * One entry per incident (cluster id) among ``events``: the report with the most precise place
 * (then the earliest date, then the first listed) stands for it, with ``reports`` the number of
 * its reports among ``events`` and ``members`` their ids; an undated one takes a dated report's dates.
 */
export function incidents(events) {
  const groups = new Map();
  for (const event of events) {
    const key = event.cluster_id || event.id;
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  const result = [];
  for (const group of groups.values()) {
    let best = group[0];
    for (const event of group.slice(1)) {
      const [a, b] = [precisionRank(event), precisionRank(best)];
      if (a < b || (a === b && event.start && (!best.start || event.start < best.start))) best = event;
    }
    const entry = { ...best, reports: group.length, members: group.map((e) => e.id) };
    if (!entry.start) {
      // An undated marker still dates its incident on the timeline by a dated report.
      const dated = group.filter((e) => e.start).sort((a, b) => (a.start < b.start ? -1 : 1))[0];
      if (dated) [entry.start, entry.end] = [dated.start, dated.end];
    }
    result.push(entry);
  }
  return result;
}

/** How many reports each cluster id has among ``events``. */
function clusterSizes(events) {
  const sizes = new Map();
  for (const event of events) {
    const key = event.cluster_id || event.id;
    sizes.set(key, (sizes.get(key) || 0) + 1);
  }
  return sizes;
}

function badge(modality) {
  if (modality === "asserted") return null;
  return el("span", { class: `badge modality-${modality}` }, t(`modalities.${modality}`));
}

function listItem(event, sizes) {
  const size = sizes ? sizes.get(event.cluster_id || event.id) || 1 : 1;
  const actors = event.actors.map(actorName).join(" · ");
  const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
  swatch.style.backgroundColor = typeColor(event.event_type);
  const precision = isExactPlace(event.precision) ? null : el("span", { class: "precision" }, t(`precisions.${event.precision || "unknown"}`));
  return el(
    "li",
    {
      class: size > 1 ? "event-item in-incident" : "event-item",
      "data-event-id": event.id,
      "data-type": event.event_type,
      "data-cluster-id": event.cluster_id || event.id,
    },
    el(
      "a",
      { href: urlOf({ ...app.state, event: event.id }), class: "event-link", "data-event-id": event.id },
      swatch,
      el("span", { class: "event-type" }, t(`types.${event.event_type}`)),
      " ",
      badge(event.modality),
      event.genericity === "recurring" ? el("span", { class: "badge recurring" }, t("genericities.recurring")) : null,
      size > 1 ? el("span", { class: "badge incident", title: t("same_incident") }, t("incident_reports", { n: size })) : null,
      el("span", { class: "event-meta" }, event.start || t("undated"), " · ", placeName(event), " ", precision),
      actors ? el("span", { class: "event-actors", dir: "auto" }, actors) : null,
      event.fatalities ? el("span", { class: "event-deaths" }, t("killed", { n: event.fatalities })) : null,
    ),
  );
}

function popupContent(event) {
  return el(
    "div",
    { class: "popup", dir: language() === "ar" ? "rtl" : "ltr" },
    el("strong", {}, t(`types.${event.event_type}`)),
    " ",
    badge(event.modality),
    el("div", {}, event.start || t("undated"), " · ", placeName(event)),
    el("div", { class: "precision" }, t(`precisions.${event.precision || "unknown"}`)),
    event.fatalities ? el("div", {}, t("killed", { n: event.fatalities })) : null,
    event.reports > 1 ? el("div", { class: "popup-reports" }, t("incident_reports", { n: event.reports })) : null,
    el("button", { type: "button", class: "link-button", onclick: () => openEvent(event.id) }, t("open_event")),
  );
}

function drawLegend() {
  const legend = clear(document.getElementById("legend"));
  const present = [...new Set(app.events.map((e) => e.event_type))];
  const items = present.map((type) => {
    const dot = el("span", { class: "swatch", "aria-hidden": "true" });
    dot.style.backgroundColor = typeColor(type);
    return el("li", {}, dot, t(`types.${type}`));
  });
  append(
    legend,
    el("h3", { class: "visually-hidden" }, t("legend_title")),
    el("ul", { class: "legend-types" }, items),
    el(
      "ul",
      { class: "legend-keys" },
      el("li", {}, el("span", { class: "key-point", "aria-hidden": "true" }), t("legend_point")),
      el("li", {}, el("span", { class: "key-area", "aria-hidden": "true" }), t("legend_area")),
      el("li", {}, el("span", { class: "key-size", "aria-hidden": "true" }), t("legend_size")),
    ),
  );
}

function drawList(filtered) {
  const list = clear(document.getElementById("event-list"));
  document.getElementById("list-count").textContent = `(${filtered.length})`;
  if (!filtered.length) list.append(el("li", { class: "empty" }, t("no_events")));
  const sizes = clusterSizes(filtered);
  list.append(...filtered.slice(0, app.shown).map((event) => listItem(event, sizes)));
  document.getElementById("show-more").hidden = filtered.length <= app.shown;
}

function drawDashboard() {
  const s = app.state;
  const filtered = app.events.filter((e) => matches(e, s));
  const found = incidents(filtered);
  const unlocated = found.filter((e) => e.lat === null || e.lon === null).length;
  let summary = t("summary", { shown: filtered.length, total: app.total });
  summary += ` · ${t("incidents", { n: found.length })}`;
  if (unlocated) summary += ` · ${t("unlocated", { n: unlocated })}`;
  document.getElementById("summary").textContent = summary;
  app.map.setEvents(found);
  performance.mark("rasid:map-drawn");
  app.timeline.draw(incidents(app.events.filter((e) => matches(e, s, { dates: false }))), s.interval || "week", {
    since: s.since,
    until: s.until,
  });
  document.getElementById("clear-range").hidden = !(s.since || s.until);
  drawChartTabs();
  drawList(filtered);
}

/** Show the chosen chart (the timeline, or the trends that follow the governorate and dates). */
function drawChartTabs() {
  const chart = app.state.chart || "";
  for (const tab of document.querySelectorAll('[role="tab"][data-chart]')) {
    const selected = tab.dataset.chart === chart;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  for (const node of document.querySelectorAll(".timeline-only")) node.hidden = chart === "trends";
  if (chart === "trends") app.trends.show(app.state);
}

function chooseChart(tab) {
  setState({ chart: tab.dataset.chart });
  drawChartTabs();
}

async function fetchJson(url) {
  const answer = await fetch(url, { headers: { Accept: "application/json" } });
  if (!answer.ok) {
    let detail = `${answer.status}`;
    try {
      detail = (await answer.json()).detail || detail;
    } catch {
      // not JSON: keep the status
    }
    throw new Error(detail);
  }
  return answer.json();
}

async function loadEvents() {
  const q = app.state.q || "";
  if (app.loadedQuery === q) return;
  const url = q ? `/dashboard/events?${new URLSearchParams({ q })}` : "/dashboard/events";
  const data = await fetchJson(url);
  const fields = data.fields;
  app.events = data.rows.map((row) => Object.fromEntries(fields.map((name, i) => [name, row[i]])));
  app.loadedQuery = q;
}

function status(text) {
  const node = document.getElementById("status");
  node.textContent = text;
  node.hidden = !text;
}

async function show() {
  const s = app.state;
  const dashboard = document.getElementById("dashboard-view");
  const page = document.getElementById("event-view");
  if (s.event) {
    dashboard.hidden = true;
    page.hidden = false;
    await renderEventPage(page, s.event, {
      fetchJson,
      actorName,
      governorateName,
      lang: language(),
      onBack: () => openDashboard(),
      onOpen: (id) => openEvent(id),
      onError: (error) => status(t("event_failed", { error: error.message })),
    });
    page.querySelector("h2")?.focus();
  } else {
    page.hidden = true;
    clear(page);
    dashboard.hidden = false;
    app.map.refresh();
    drawDashboard();
  }
}

function openEvent(id) {
  setState({ event: id }, { push: true });
  show();
}

function openDashboard() {
  setState({ event: null }, { push: true });
  show();
}

async function refilter(changes) {
  setState({ ...changes, event: null });
  app.shown = PAGE;
  try {
    await loadEvents();
    status("");
  } catch (error) {
    status(t("load_failed", { error: error.message }));
  }
  drawDashboard();
}

function bindControls() {
  for (const key of ["type", "actor", "admin1", "modality"]) {
    document.getElementById(`f-${key}`).addEventListener("change", (e) => refilter({ [key]: e.target.value }));
  }
  for (const key of ["since", "until"]) {
    document.getElementById(`f-${key}`).addEventListener("change", (e) => refilter({ [key]: e.target.value }));
  }
  document.getElementById("f-interval").addEventListener("change", (e) => refilter({ interval: e.target.value }));
  const tabs = [...document.querySelectorAll('[role="tab"][data-chart]')];
  for (const tab of tabs) {
    tab.addEventListener("click", () => chooseChart(tab));
    tab.addEventListener("keydown", (e) => {
      // Arrow keys move between the tabs (mirrored in Arabic), Home and End to the first and last.
      const forward = document.documentElement.dir === "rtl" ? "ArrowLeft" : "ArrowRight";
      const backward = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
      const at = tabs.indexOf(tab);
      const next = {
        [forward]: tabs[(at + 1) % tabs.length],
        [backward]: tabs[(at - 1 + tabs.length) % tabs.length],
        Home: tabs[0],
        End: tabs[tabs.length - 1],
      }[e.key];
      if (!next) return;
      e.preventDefault();
      chooseChart(next);
      next.focus();
    });
  }
  const search = document.getElementById("f-q");
  document.getElementById("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    refilter({ q: search.value.trim() });
  });
  search.addEventListener("search", () => refilter({ q: search.value.trim() }));
  document.getElementById("f-reset").addEventListener("click", () => {
    const cleared = Object.fromEntries(FILTER_KEYS.map((k) => [k, null]));
    refilter(cleared).then(fillFilters);
  });
  document.getElementById("clear-range").addEventListener("click", () => {
    refilter({ since: null, until: null }).then(fillFilters);
  });
  document.getElementById("show-more").addEventListener("click", () => {
    app.shown += PAGE;
    drawList(app.events.filter((e) => matches(e, app.state)));
  });
  document.getElementById("event-list").addEventListener("click", (e) => {
    const link = e.target.closest("a.event-link");
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    openEvent(link.dataset.eventId);
  });
  document.getElementById("lang-switch").addEventListener("click", () => {
    setState({ lang: language() === "ar" ? "en" : "ar" });
    applyLanguage();
    fillFilters();
    drawLegend();
    app.map.relabel();
    show();
  });
  window.addEventListener("popstate", () => {
    app.state = stateFromUrl(location.search);
    applyLanguage();
    fillFilters();
    refilter({}).then(show);
  });
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!app.state.event) drawDashboard();
    }, 150);
  });
}

function indexMeta(meta) {
  meta.actorsById = new Map(meta.actors.map((a) => [a.id, a]));
  meta.governoratesByName = new Map(meta.governorates.map((g) => [g.name, g]));
  return meta;
}

async function main() {
  app.state = stateFromUrl(location.search);
  if (!app.state.lang && (navigator.language || "").startsWith("ar")) app.state.lang = "ar";
  const [en, ar, meta, outlines] = await Promise.all([
    fetchJson("/assets/i18n/en.json"),
    fetchJson("/assets/i18n/ar.json"),
    fetchJson("/dashboard/meta"),
    fetchJson("/assets/data/syria-admin1.geojson"),
    loadEvents().catch((error) => status(t("load_failed", { error: error.message }))),
  ]);
  performance.mark("rasid:data-loaded");
  app.strings = { en, ar };
  app.meta = indexMeta(meta);
  app.total = meta.total;
  applyLanguage();
  fillFilters();
  app.map = new EventMap(document.getElementById("map"), { onOpen: openEvent, popupContent });
  app.map.setOutlines(outlines);
  app.timeline = new Timeline(document.getElementById("timeline"), {
    onRange: (range) => refilter(range).then(fillFilters),
  });
  app.trends = new TrendsPanel(document.getElementById("trends"), { fetchJson });
  drawLegend();
  bindControls();
  await show();
  document.body.dataset.ready = "true";
  performance.mark("rasid:first-render");
}

export { markerRadius };
main().catch((error) => status(`${error.message}`));
