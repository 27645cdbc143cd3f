// The event page: coded fields, the evidence sentence with its words marked in the original
// text, every source document, the merged view of its incident (cluster) with every report of it
// and the reasons each report joined, and links to other reports of the same incident.
import { append, clear, el, safeHttpUrl, t } from "./dom.js";
import { typeColor } from "./colors.js";

const WARNED = ["claimed", "alleged", "denied", "negated", "hypothetical"];

/** The marks of an event: [start, end, kind, label] for actors, place, time, casualties, trigger, source. */
export function eventMarks(event, actorName) {
  const marks = [];
  const add = (span, kind, label) => {
    if (Array.isArray(span) && span.length === 2 && span[1] > span[0]) marks.push([span[0], span[1], kind, label]);
  };
  for (const actor of event.actors || []) {
    add(actor.span, "actor", `${t("mark_actor")}: ${actor.id ? actorName(actor.id) : actor.name} (${t(`roles.${actor.role}`)})`);
  }
  if (event.location) add(event.location.span, "place", `${t("mark_place")}: ${event.location.name}`);
  if (event.time) add(event.time.span, "time", `${t("mark_time")}: ${event.time.start || ""}`);
  for (const key of ["fatalities", "injuries", "casualties"]) {
    if (event[key]) add(event[key].span, "casualty", `${t("mark_casualty")}: ${t(`field_${key}`)}`);
  }
  if (event.evidence) add(event.evidence.trigger_span, "trigger", t("mark_trigger"));
  if (event.attribution) add(event.attribution.span, "source", t("mark_source"));
  return marks;
}

/**
 * The code points [from, to) of ``text`` as text nodes and <mark> elements, one per stretch
 * covered by the same marks (overlapping marks give one element with every kind's class).
 * Offsets count Unicode code points, as the records do.
 */
export function markedText(text, from, to, marks) {
  const chars = Array.from(text);
  const end = Math.min(to, chars.length);
  const cuts = new Set([from, end]);
  for (const [s, e] of marks) {
    if (e <= from || s >= end) continue;
    cuts.add(Math.max(s, from));
    cuts.add(Math.min(e, end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = marks.filter(([s, e]) => s <= a && e >= b);
    if (!covering.length) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((m) => m[2]))];
    fragment.append(
      el(
        "mark",
        { class: ["hl", ...kinds.map((k) => `hl-${k}`)].join(" "), "data-kind": kinds.join(" "), title: covering.map((m) => m[3]).join("; ") },
        piece,
      ),
    );
  }
  return fragment;
}

function row(label, ...value) {
  const filled = value.filter((v) => v !== null && v !== undefined && v !== "");
  if (!filled.length) return null;
  return [el("dt", {}, label), el("dd", { dir: "auto" }, ...filled)];
}

function quantity(q) {
  if (!q) return null;
  const value = q.count ?? (q.min !== null && q.max !== null ? `${q.min}–${q.max}` : q.min ?? q.max);
  return [String(value ?? "?"), q.text ? ` (${t("words", { text: q.text })})` : ""];
}

function codedFields(event, ctx) {
  const loc = event.location;
  const time = event.time;
  const actors = (event.actors || []).map((a) =>
    el(
      "li",
      {},
      `${t(`roles.${a.role}`)}: `,
      el("strong", {}, a.id ? ctx.actorName(a.id) : a.name),
      a.id ? ` [${a.id}]` : "",
      " — ",
      el("span", { dir: "auto" }, a.text),
    ),
  );
  return el(
    "dl",
    { class: "fields" },
    row(t("field_type"), t(`types.${event.event_type}`), ` (${event.event_type})`),
    row(t("field_sub_type"), event.sub_type),
    row(t("field_acled"), event.acled ? `${event.acled.event_type} / ${event.acled.sub_event_type}` : null),
    row(t("field_plover"), event.plover),
    row(t("field_modality"), t(`modalities.${event.modality}`)),
    row(t("field_genericity"), t(`genericities.${event.genericity}`)),
    row(t("field_attribution"), event.attribution ? event.attribution.source : null),
    row(t("field_actors"), actors.length ? el("ul", { class: "actors" }, actors) : null),
    loc
      ? row(
          t("field_location"),
          ctx.lang === "ar" && loc.name_ar ? loc.name_ar : loc.name,
          loc.text ? ` (${t("words", { text: loc.text })})` : "",
        )
      : null,
    loc ? row(t("field_admin"), [loc.admin1 ? ctx.governorateName(loc.admin1) : null, loc.admin2].filter(Boolean).join(" / ")) : null,
    loc && loc.lat !== null ? row(t("field_coordinates"), `${loc.lat}, ${loc.lon}`) : null,
    loc ? row(t("field_precision"), t(`precisions.${loc.precision || "unknown"}`)) : null,
    time
      ? row(
          t("field_time"),
          time.start === time.end || !time.end ? time.start || t("undated") : `${time.start} – ${time.end}`,
          time.text ? ` (${t("words", { text: time.text })})` : "",
        )
      : null,
    time ? row(t("field_time_precision"), t(`time_precisions.${time.precision || "unknown"}`)) : null,
    row(t("field_fatalities"), quantity(event.fatalities)),
    row(t("field_injuries"), quantity(event.injuries)),
    event.casualties ? row(t("field_casualties"), quantity(event.casualties)) : null,
    row(t("field_confidence"), event.confidence ?? null),
    row(t("field_extractor"), event.extractor),
    row(t("field_cluster"), event.cluster_id),
    row(t("field_document"), event.document_id),
    row(t("field_id"), event.id),
  );
}

function banner(event) {
  const notes = [];
  if (WARNED.includes(event.modality)) {
    notes.push(el("p", { class: `banner modality-${event.modality}`, role: "note" }, el("strong", {}, t(`modalities.${event.modality}`)), " — ", t(`banner_${event.modality}`)));
  }
  if (event.genericity === "recurring") notes.push(el("p", { class: "banner recurring", role: "note" }, t("banner_recurring")));
  return notes;
}

function highlightLegend() {
  const kinds = ["actor", "place", "time", "casualty", "trigger", "source"];
  return el(
    "ul",
    { class: "hl-legend", "aria-label": t("highlight_legend") },
    kinds.map((k) => el("li", {}, el("mark", { class: `hl hl-${k}` }, t(`mark_${k}`)))),
  );
}

function documentBlock(doc, event, marks, own) {
  const lang = doc.language || "und";
  const url = safeHttpUrl(doc.url);
  let body;
  if (own && event.evidence?.span) {
    const [s, e] = event.evidence.span;
    const chars = Array.from(doc.text || "");
    body = el(
      "div",
      { class: "doc-text", lang, dir: "auto" },
      markedText(doc.text, 0, s, marks),
      el("span", { class: "evidence-in-text" }, markedText(doc.text, s, e, marks)),
      markedText(doc.text, e, chars.length, marks),
    );
  } else {
    body = el("div", { class: "doc-text", lang, dir: "auto" }, doc.text || "");
  }
  return el(
    "section",
    { class: "document", "data-document-id": doc.id },
    el("h4", { dir: "auto" }, doc.title || doc.id),
    own ? el("p", { class: "hint" }, t("this_document")) : null,
    el(
      "p",
      { class: "doc-meta" },
      doc.source ? [`${t("source")}: `, el("span", { dir: "auto" }, doc.source), " · "] : null,
      doc.published ? `${t("published")}: ${doc.published} · ` : null,
      `${t("language")}: ${t(`languages.${lang}`)}`,
      url ? [" · ", el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, t("link"))] : null,
    ),
    body,
  );
}

function relatedBlock(related, ctx) {
  if (!related) return null;
  const items = related.events.map((r) =>
    el(
      "li",
      {},
      el(
        "a",
        { href: `/?event=${encodeURIComponent(r.id)}`, "data-event-id": r.id, onclick: (e) => { e.preventDefault(); ctx.onOpen(r.id); } },
        t(`types.${r.event_type}`),
        " · ",
        r.start || t("undated"),
      ),
      " — ",
      el("span", { dir: "auto" }, r.source || ""),
      r.title ? [" · ", el("span", { dir: "auto" }, r.title)] : null,
    ),
  );
  const copies = related.duplicates.map((d) => {
    const url = safeHttpUrl(d.url);
    return el(
      "li",
      {},
      el("span", { dir: "auto" }, d.title || d.id),
      d.source ? [" — ", el("span", { dir: "auto" }, d.source)] : null,
      d.similarity !== null ? ` (${t("similarity", { value: Number(d.similarity).toFixed(2) })})` : "",
      url ? [" · ", el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, t("link"))] : null,
    );
  });
  return el(
    "section",
    { class: "related" },
    el("h3", {}, t("other_reports")),
    items.length ? el("ul", {}, items) : el("p", {}, t("no_other_reports")),
    copies.length ? [el("h3", {}, t("duplicates")), el("ul", {}, copies)] : null,
  );
}

function range(q) {
  if (!q) return null;
  const spread = q.min === q.max || q.max === null || q.max === undefined ? `${q.min ?? "?"}` : `${q.min ?? "?"}–${q.max}`;
  return t("best_range", { best: q.best ?? "?", range: spread, reports: q.reports ?? 0 });
}

function featureScores(features) {
  return Object.entries(features || {}).map(([name, score], i) => [
    i ? " · " : "",
    el("span", { class: "feature", "data-feature": name }, `${t(`features.${name}`)} ${Number(score).toFixed(2)}`),
  ]);
}

function reasonsOf(member, ctx) {
  const reasons = member.reasons || {};
  const parts = [];
  if (reasons.manual) parts.push(t("reason_manual"));
  else if (member.method === "new" || reasons.new) parts.push(t("reason_new"));
  if (reasons.score !== undefined && reasons.score !== null) parts.push(t("reason_score", { score: Number(reasons.score).toFixed(2) }));
  if (reasons.weak) parts.push(t("reason_weak"));
  return el(
    "span",
    { class: "reasons" },
    parts.join(" · "),
    reasons.features ? [parts.length ? " — " : "", featureScores(reasons.features)] : null,
    reasons.matched && reasons.matched !== member.event_id
      ? [" — ", t("reason_matched"), " ", eventLink(reasons.matched, reasons.matched, ctx)]
      : null,
  );
}

function eventLink(id, label, ctx) {
  return el(
    "a",
    {
      href: `/?event=${encodeURIComponent(id)}`,
      "data-event-id": id,
      onclick: (e) => {
        e.preventDefault();
        ctx.onOpen(id);
      },
    },
    label,
  );
}

function reportItem(member, event, ctx) {
  const own = member.event_id === event.id;
  const lang = member.language || "und";
  const date = member.time?.start || member.published || t("undated");
  return el(
    "li",
    { class: own ? "report own" : "report", "data-event-id": member.event_id, "data-document-id": member.document_id },
    el(
      "p",
      { class: "report-head" },
      el("strong", { dir: "auto" }, member.source || member.document_id),
      ` · ${t(`languages.${lang}`)} · ${date} · `,
      own ? el("span", { class: "hint" }, t("this_report")) : eventLink(member.event_id, t(`types.${member.event_type}`), ctx),
      own ? ` (${t(`types.${member.event_type}`)})` : null,
    ),
    el(
      "p",
      { class: "report-numbers" },
      member.place ? [`${t("field_location")}: `, el("span", { dir: "auto" }, member.place), " · "] : null,
      `${t("field_fatalities")}: `,
      quantity(member.fatalities) || "—",
      " · ",
      `${t("field_injuries")}: `,
      quantity(member.injuries) || "—",
      member.casualties ? [" · ", `${t("field_casualties")}: `, quantity(member.casualties)] : null,
    ),
    member.sentence ? el("blockquote", { class: "report-sentence", lang, dir: "auto" }, member.sentence) : null,
    el("p", { class: "report-reasons" }, `${t("why_joined")}: `, reasonsOf(member, ctx)),
  );
}

function incidentBlock(cluster, event, ctx) {
  if (!cluster) return null;
  const loc = cluster.location;
  const time = cluster.time;
  const votes = Object.entries(cluster.type_votes || {})
    .map(([type, n]) => `${t(`types.${type}`)} ${n}`)
    .join(" · ");
  const merged = el(
    "dl",
    { class: "fields merged" },
    row(t("field_type"), t(`types.${cluster.event_type}`), votes ? ` (${t("votes", { votes })})` : ""),
    loc
      ? row(
          t("field_location"),
          el("span", { dir: "auto" }, ctx.lang === "ar" && loc.name_ar ? loc.name_ar : loc.name),
          ` (${t(`precisions.${loc.precision || "unknown"}`)})`,
        )
      : null,
    time ? row(t("field_time"), time.start === time.end || !time.end ? time.start || t("undated") : `${time.start} – ${time.end}`) : null,
    row(t("field_fatalities"), range(cluster.fatalities)),
    row(t("field_injuries"), range(cluster.injuries)),
    cluster.casualties ? row(t("field_casualties"), range(cluster.casualties)) : null,
    row(
      t("field_sources"),
      String(cluster.sources ?? 0),
      (cluster.source_names || []).length ? [" — ", (cluster.source_names || []).map((n, i) => [i ? " · " : "", el("span", { dir: "auto" }, n)])] : null,
    ),
    row(t("field_languages"), (cluster.languages || []).map((l) => t(`languages.${l}`)).join(" · ")),
    row(t("field_reports"), String(cluster.reports ?? (cluster.members || []).length)),
    cluster.weak ? row(t("field_weak"), t("weak_note")) : null,
  );
  const members = cluster.members || [];
  return el(
    "section",
    { class: "incident", "data-cluster-id": cluster.cluster_id },
    el("h3", {}, t("incident_title")),
    el("p", { class: "hint" }, t("incident_hint")),
    merged,
    el("h3", {}, t("incident_reports_title", { n: members.length })),
    el("ol", { class: "reports" }, members.map((m) => reportItem(m, event, ctx))),
  );
}

/** Fill ``page`` with the event ``id`` (fetched from the API). */
export async function renderEventPage(page, id, ctx) {
  clear(page);
  const back = el("button", { type: "button", class: "back", onclick: ctx.onBack }, `← ${t("back")}`);
  page.append(back);
  let detail;
  let related = null;
  try {
    const path = encodeURIComponent(id);
    [detail, related] = await Promise.all([
      ctx.fetchJson(`/events/${path}`),
      ctx.fetchJson(`/dashboard/events/${path}/related`).catch(() => null),
    ]);
  } catch (error) {
    ctx.onError(error);
    return;
  }
  const event = detail.event;
  let cluster = null;
  if (event.cluster_id) {
    cluster = await ctx.fetchJson(`/clusters/${encodeURIComponent(event.cluster_id)}`).catch(() => null);
  }
  const docs = detail.documents || [];
  const own = docs.find((d) => d.id === event.document_id);
  const marks = eventMarks(event, ctx.actorName);
  const swatch = el("span", { class: "swatch", "aria-hidden": "true" });
  swatch.style.backgroundColor = typeColor(event.event_type);
  const place = event.location ? (ctx.lang === "ar" && event.location.name_ar ? event.location.name_ar : event.location.name) : t("no_place");
  let evidence;
  if (own && event.evidence?.span) {
    const [s, e] = event.evidence.span;
    evidence = el("blockquote", { class: "evidence", lang: own.language || "und", dir: "auto" }, markedText(own.text, s, e, marks));
  } else if (event.evidence) {
    evidence = el("blockquote", { class: "evidence", dir: "auto" }, event.evidence.sentence);
  }
  append(
    page,
    el("h2", { tabindex: "-1" }, swatch, t(`types.${event.event_type}`), " — ", el("span", { dir: "auto" }, place), " — ", event.time?.start || t("undated")),
    banner(event),
    el(
      "section",
      { class: "evidence-section" },
      el("h3", {}, t("evidence")),
      el("p", { class: "hint" }, t("evidence_hint")),
      evidence,
      highlightLegend(),
    ),
    el(
      "div",
      { class: "event-and-incident" },
      el("section", { class: "coded" }, el("h3", {}, t("coded_fields")), codedFields(event, ctx)),
      incidentBlock(cluster, event, ctx),
    ),
    relatedBlock(related, ctx),
    el(
      "section",
      { class: "documents" },
      el("h3", {}, t("source_documents")),
      docs.map((doc) => documentBlock(doc, event, marks, doc.id === event.document_id)),
    ),
  );
  document.title = `${t(`types.${event.event_type}`)} — ${t("app_title")}`;
}
