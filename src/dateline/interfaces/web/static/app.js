/* dateline web UI: vanilla JS, no dependencies, routes on the URL fragment.
 * Every page reads the REST API under /api and draws with DOM + SVG. */
"use strict";

const QUAD = {
  1: { label: "verbal cooperation", cls: "q1" },
  2: { label: "material cooperation", cls: "q2" },
  3: { label: "verbal conflict", cls: "q3" },
  4: { label: "material conflict", cls: "q4" },
};
const SVGNS = "http://www.w3.org/2000/svg";
const app = document.getElementById("app");
const actorNames = new Map(); // actor id -> display name, filled from API rows

/* ---------- small helpers ---------- */

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const response = await fetch(url);
  let body;
  try { body = await response.json(); } catch (e) { body = { message: response.statusText }; }
  if (!response.ok) {
    const err = new Error(body.message || `HTTP ${response.status}`);
    err.status = response.status;
    throw err;
  }
  return body;
}

function asList(v) {
  if (v === null || v === undefined || v === "") return [];
  if (Array.isArray(v)) return v;
  if (typeof v === "string" && v.startsWith("[")) {
    try { return JSON.parse(v); } catch (e) { return [v]; }
  }
  return [v];
}

function actorLabel(a) {
  if (a === null || a === undefined) return "";
  if (typeof a === "object") {
    const id = a.id || a.actor_id;
    const name = a.name || id;
    if (id && name) actorNames.set(id, name);
    return name;
  }
  return actorNames.get(a) || a;
}

function actorId(a) {
  return (a && typeof a === "object") ? (a.id || a.actor_id) : a;
}

function actorLinks(list) {
  const items = asList(list);
  if (!items.length) return h("span", { class: "muted" }, "—");
  return items.map((a, i) => [i ? ", " : "", h("a", { href: `#/actor/${encodeURIComponent(actorId(a))}`, class: "actor" }, actorLabel(a))]);
}

/* a TIMEX3 date as a reader says it ("week of 24 Jan 2022"); the raw value in the tooltip */
/* an event's size for reading: its counts ("dead 238 (cumulative)") without the
   character spans of the figures behind them; the key compares counts only */
function sizeCounts(size) {
  return Object.entries(size || {}).filter(([, v]) => typeof v === "number");
}
function sizeText(size) {
  const counts = sizeCounts(size).map(([k, v]) => `${k}: ${v}`).join(", ");
  return counts && size.scope ? `${counts} (${size.scope})` : counts;
}

function fmtDate(date, precision) {
  if (!date) return h("span", { class: "muted" }, "undated");
  return h("span", { class: "date", "data-value": date, title: `${date}${precision ? ` · precision: ${precision}` : ""}` },
    humanDate(date));
}

function auxBadges(aux) {
  return asList(aux).map((a) => h("span", { class: `badge aux aux-${a}` }, a));
}

function quadBadge(q) {
  if (!q || !QUAD[q]) return "";
  return h("span", { class: `badge quad ${QUAD[q].cls}`, title: QUAD[q].label }, `Q${q}`);
}

/* fused events (cross-report fusion) may carry source counts and disagreements */
function fusionBadges(row) {
  const out = [];
  const sources = row.num_sources ?? row.sources_count ?? (Array.isArray(row.sources) ? row.sources.length : null);
  if (sources && sources > 1) out.push(h("span", { class: "badge sources", title: "independent sources" }, `${sources} sources`));
  const dis = row.num_disagreements ?? row.disagreements ?? row.contradictions;
  const n = Array.isArray(dis) ? dis.length : dis;
  if (n) out.push(h("span", { class: "badge disagree", title: "sources or mentions disagree" }, `⚠ ${n} disagreement${n > 1 ? "s" : ""}`));
  return out;
}

function eventHref(row) {
  return `#/event/${encodeURIComponent(row.document_id)}/${encodeURIComponent(row.event_id ?? row.id)}`;
}

function locationName(row) {
  if (row.location_detail) return row.location_detail.name || "";
  if (row.location && typeof row.location === "object") return row.location.name || "";
  return row.location_name || row.location || "";
}

function evidenceText(row) {
  const ev = row.evidence ?? row.sentence ?? row.event_text;
  if (ev && typeof ev === "object") return ev.text || "";
  if (ev) return ev;
  const mentions = asList(row.mentions);
  return mentions.length ? (mentions[0].text || "") : "";
}

/* only web links from document metadata become hrefs (never javascript: or data:) */
function safeUrl(url) {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
  } catch (e) { return null; }
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  const parts = (path || "timeline").split("/").map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || "") };
}

function setHashParams(route, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const str = q.toString();
  location.hash = `#/${route}${str ? "?" + str : ""}`;
}

function loading() { app.replaceChildren(h("p", { class: "muted loading" }, "Loading…")); }

function showError(err) {
  app.replaceChildren(h("div", { class: "error", role: "alert" },
    h("strong", {}, err.status ? `Error ${err.status}: ` : "Error: "), err.message));
}

function pager(params, route, count, limit) {
  const offset = parseInt(params.get("offset") || "0", 10);
  const base = Object.fromEntries(params.entries());
  return h("div", { class: "pager" },
    offset > 0 ? h("a", { href: "#", onclick: (e) => { e.preventDefault(); setHashParams(route, { ...base, offset: Math.max(0, offset - limit) }); } }, "← previous") : "",
    h("span", { class: "muted" }, count ? ` ${offset + 1}–${offset + count} ` : " none "),
    count === limit ? h("a", { href: "#", onclick: (e) => { e.preventDefault(); setHashParams(route, { ...base, offset: offset + limit }); } }, "next →") : "");
}

/* ---------- timeline ---------- */

const FILTERS = [
  ["actor", "Actor", "id, code or name"],
  ["recipient", "Recipient", "id, code or name"],
  ["type", "Type", "e.g. ASSAULT"],
  ["context", "Context", "e.g. military"],
  ["date_from", "From", "YYYY-MM-DD"],
  ["date_to", "To", "YYYY-MM-DD"],
  // empty: the configured display threshold (0.3); 0 shows every event
  ["min_confidence", "Min. confidence", "0.3 by default; 0: all"],
];

async function timelinePage(params) {
  const limit = 100;
  const query = {};
  for (const [k] of FILTERS) query[k] = params.get(k) || "";
  query.quad_class = params.get("quad_class") || "";
  const showNegated = params.get("negated") !== "0";
  const showFuture = params.get("future") !== "0";
  query.include_negated = showNegated;
  query.include_future = showFuture;

  const form = h("form", { class: "filters", id: "timeline-filters" },
    FILTERS.map(([k, label, ph]) => h("label", {}, label,
      h("input", { name: k, value: query[k], placeholder: ph, type: k.startsWith("date") ? "text" : "search" }))),
    h("label", {}, "Quad class", h("select", { name: "quad_class" },
      h("option", { value: "" }, "any"),
      [1, 2, 3, 4].map((q) => h("option", { value: q, selected: String(q) === query.quad_class }, `${q} · ${QUAD[q].label}`)))),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "negated", checked: showNegated }), "negated"),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "future", checked: showFuture }), "future"),
    h("button", { type: "submit" }, "Filter"),
    h("a", { href: "#/timeline", class: "reset" }, "reset"),
    h("a", { href: `#/map${params.toString() ? "?" + params.toString() : ""}`, class: "reset", id: "on-map" }, "these events on the map"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const [k] of FILTERS) next[k] = (data.get(k) || "").trim();
    next.quad_class = data.get("quad_class") || "";
    if (!data.get("negated")) next.negated = "0";
    if (!data.get("future")) next.future = "0";
    setHashParams("timeline", next);
  });

  loading();
  const offset = parseInt(params.get("offset") || "0", 10);
  // the chart aggregates every matching event: it may take longer than the page of
  // events, so the list is drawn first and the chart fills its slot when it arrives
  const chartSlot = h("div", { id: "chart-slot" }, h("section", { class: "chart muted" }, "Loading chart…"));
  const chartDone = api("/api/charts/pairs", { ...query, pairs: 8 })
    .then((chart) => chartSlot.replaceChildren(pairChart(chart)))
    .catch((err) => chartSlot.replaceChildren(h("p", { class: "muted" }, `Chart unavailable: ${err.message}`)));
  const countsSlot = h("div", { id: "counts-slot" });
  const countsDone = eventsChart(countsSlot, query, params);
  const rows = await api("/api/timeline", { ...query, limit, offset });
  const list = h("ol", { class: "timeline", id: "timeline" });
  let lastDate = null;
  for (const row of rows.items) {
    const date = row.date || "";
    if (date.slice(0, 10) !== lastDate) {
      lastDate = date.slice(0, 10);
      list.appendChild(h("li", { class: "day", title: lastDate }, lastDate ? humanDate(lastDate) : "undated"));
    }
    const negated = asList(row.aux).includes("negation");
    list.appendChild(h("li", { class: `event ${negated ? "negated" : ""}`, "data-event": row.event_id ?? row.id },
      h("div", { class: "event-head" },
        h("a", { class: "event-type", href: eventHref(row) }, row.event, row.mode ? h("small", {}, ` · ${row.mode}`) : ""),
        quadBadge(row.quad_class), auxBadges(row.aux), fusionBadges(row),
        fmtDate(row.date, row.date_precision)),
      h("div", { class: "event-actors" }, actorLinks(row.actor_detail || row.actor), h("span", { class: "arrow" }, " → "), actorLinks(row.recipient_detail || row.recipient),
        locationName(row) ? h("span", { class: "place" }, ` @ ${locationName(row)}`) : ""),
      h("blockquote", { class: "evidence" }, evidenceText(row)),
      h("div", { class: "source muted" }, h("a", { href: `#/document/${encodeURIComponent(row.document_id)}` }, row.title || row.document_id))));
  }
  if (!rows.items.length) list.appendChild(h("li", { class: "muted empty" }, "No events match these filters."));
  app.replaceChildren(
    h("h1", {}, "Timeline"), form,
    chartSlot, countsSlot,
    list, pager(params, "timeline", rows.items.length, limit));
  await Promise.all([chartDone, countsDone]);
}

/* cooperation–conflict chart: one actor pair, events per month, cooperation up, conflict down */
function pairChart(data) {
  const box = h("section", { class: "chart", id: "pair-chart" });
  const pairs = data.pairs || [];
  if (!pairs.length) {
    return append(box, [h("h2", {}, "Cooperation and conflict"), h("p", { class: "muted" }, "No events with both an actor and a recipient.")]);
  }
  const pairName = (p) => `${p.actor_name || p.actor} → ${p.recipient_name || p.recipient}`;
  const select = h("select", { id: "pair-select", "aria-label": "Actor pair" },
    pairs.map((p, i) => h("option", { value: i }, `${pairName(p)} (${p.total})`)));
  const holder = h("div", { class: "chart-svg" });
  const draw = () => holder.replaceChildren(pairSvg(pairs[parseInt(select.value, 10)]));
  select.addEventListener("change", draw);
  append(box, [h("div", { class: "chart-head" }, h("h2", {}, "Cooperation and conflict"), select,
    h("span", { class: "legend" }, [1, 2, 3, 4].map((q) => h("span", { class: `key ${QUAD[q].cls}` }, QUAD[q].label))))]);
  box.appendChild(holder);
  draw();
  return box;
}

function pairSvg(pair) {
  const series = pair.series || [];
  const W = 900, H = 220, left = 78, right = 10, top = 12, bottom = 28;
  const mid = top + (H - top - bottom) / 2;
  const coop = (m) => (m.q1 || 0) + (m.q2 || 0);
  const confl = (m) => (m.q3 || 0) + (m.q4 || 0);
  const max = Math.max(1, ...series.map(coop), ...series.map(confl));
  const half = (H - top - bottom) / 2;
  const scale = (n) => (n / max) * half;
  const step = (W - left - right) / Math.max(1, series.length);
  const bw = Math.max(2, Math.min(40, step * 0.7));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "pair-svg", role: "img",
    "aria-label": `cooperation and conflict per month between ${pair.actor_name || pair.actor} and ${pair.recipient_name || pair.recipient}` });
  svg.appendChild(s("line", { x1: left, x2: W - right, y1: mid, y2: mid, class: "axis" }));
  svg.appendChild(s("text", { x: 4, y: top + 10, class: "tick" }, `+${max}`));
  svg.appendChild(s("text", { x: 4, y: H - bottom, class: "tick" }, `−${max}`));
  svg.appendChild(s("text", { x: 4, y: mid - 6, class: "tick" }, "cooperation ↑"));
  svg.appendChild(s("text", { x: 4, y: mid + 14, class: "tick" }, "conflict ↓"));
  const labelEvery = Math.ceil(series.length / 12);
  series.forEach((m, i) => {
    const x = left + i * step + (step - bw) / 2;
    let y = mid;
    for (const q of [2, 1]) { // material cooperation sits next to the axis
      const v = m[`q${q}`] || 0;
      if (!v) continue;
      const hgt = scale(v);
      y -= hgt;
      svg.appendChild(s("rect", { x, y, width: bw, height: hgt, class: `bar ${QUAD[q].cls}` },
        s("title", {}, `${m.month}: ${v} ${QUAD[q].label}`)));
    }
    y = mid;
    for (const q of [4, 3]) {
      const v = m[`q${q}`] || 0;
      if (!v) continue;
      const hgt = scale(v);
      svg.appendChild(s("rect", { x, y, width: bw, height: hgt, class: `bar ${QUAD[q].cls}` },
        s("title", {}, `${m.month}: ${v} ${QUAD[q].label}`)));
      y += hgt;
    }
    if (i % labelEvery === 0) {
      svg.appendChild(s("text", { x: x + bw / 2, y: H - 8, class: "tick", "text-anchor": "middle" }, shortMonth(m.month)));
    }
  });
  return svg;
}

/* ---------- event page ---------- */

function highlightedText(text, spans, opts) {
  // spans: [{start, end, cls, title}] (may overlap): cut the text at every boundary
  const cuts = new Set([0, text.length]);
  for (const sp of spans) { cuts.add(Math.max(0, sp.start)); cuts.add(Math.min(text.length, sp.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: `doc-text ${opts && opts.cls ? opts.cls : ""}` });
  let para = h("p", {});
  out.appendChild(para);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const active = spans.filter((sp) => sp.start <= a && sp.end >= b && sp.start < sp.end);
    const chunks = piece.split(/\n\s*\n/);
    chunks.forEach((chunk, j) => {
      if (j > 0) { para = h("p", {}); out.appendChild(para); }
      if (!chunk) return;
      if (!active.length) { para.appendChild(document.createTextNode(chunk)); return; }
      const el = h("span", {
        class: active.map((sp) => sp.cls).join(" "),
        title: active.map((sp) => sp.title).filter(Boolean).join("\n"),
      }, chunk);
      for (const sp of active) {
        if (sp.attrs) for (const [k, v] of Object.entries(sp.attrs)) el.setAttribute(k, v);
      }
      para.appendChild(el);
      // labels go right after the annotation's last piece, displaCy-style
      for (const sp of active) {
        if (sp.label && sp.end === b && j === chunks.length - 1) {
          para.appendChild(h("span", { class: `tag ${sp.tagCls || ""}` }, sp.label));
        }
      }
    });
  }
  return out;
}

async function eventPage(docId, eventId) {
  loading();
  const data = await api(`/api/documents/${encodeURIComponent(docId)}/events/${encodeURIComponent(eventId)}`);
  const ev = data.event;
  // the fused event (every report of this happening), when the store keeps fusion tables
  const fused = data.fused_id ? await api(`/api/fused/${encodeURIComponent(data.fused_id)}`).catch(() => null) : null;
  for (const [id, a] of Object.entries(data.actors || {})) actorNames.set(id, a.name);
  const doc = data.document;
  const spans = (ev.mentions || []).map((m, i) => ({
    start: m.start, end: m.end, cls: "evidence-mark", title: `mention ${i + 1} of ${ev.event}`,
    attrs: { "data-mention": i },
  }));
  const quote = data.attribution;
  if (quote) {
    for (const c of quote.content || []) spans.push({ start: c.start, end: c.end, cls: "attributed", title: "the claim this event comes from" });
    if (quote.speaker && quote.speaker.span) spans.push({ start: quote.speaker.span.start, end: quote.speaker.span.end, cls: "speaker-mark", title: "speaker" });
  }
  for (const c of data.contradictions || []) {
    for (const sp of c.spans || []) spans.push({ start: sp.start, end: sp.end, cls: "contradiction-mark", title: `disagrees on ${c.attribute}` });
  }
  const loc = ev.location;
  const facts = h("dl", { class: "facts" },
    h("dt", {}, "Type"), h("dd", {}, h("strong", {}, ev.event), ev.mode ? ` · ${ev.mode}` : "", " ", quadBadge(ev.quad_class)),
    h("dt", {}, "Actor"), h("dd", { class: "actors" }, actorLinks(ev.actor)),
    h("dt", {}, "Recipient"), h("dd", { class: "recipients" }, actorLinks(ev.recipient)),
    // two-sided events keep every party as actor; this row says who the other side is
    asList(ev.counterpart).length ? [h("dt", {}, "With"), h("dd", { class: "counterparts" }, actorLinks(ev.counterpart))] : "",
    h("dt", {}, "Date"), h("dd", {}, fmtDate(ev.date, ev.date_precision), ev.date ? h("span", { class: "muted" }, ` · ${ev.date_precision ? `precision: ${ev.date_precision} · ` : ""}TIMEX3 `, h("code", { class: "raw-date" }, ev.date)) : ""),
    h("dt", {}, "Place"), h("dd", {}, loc && loc.name ? [loc.name, loc.country ? ` (${loc.country})` : "",
      loc.lat !== null && loc.lat !== undefined ? h("span", { class: "muted" }, ` ${Number(loc.lat).toFixed(2)}, ${Number(loc.lon).toFixed(2)}`) : ""] : h("span", { class: "muted" }, "—")),
    h("dt", {}, "Context"), h("dd", {}, asList(ev.context).join(", ") || h("span", { class: "muted" }, "—")),
    h("dt", {}, "Auxiliary"), h("dd", {}, asList(ev.aux).length ? auxBadges(ev.aux) : h("span", { class: "muted" }, "none (asserted)")),
    sizeText(ev.size) ? [h("dt", {}, "Size"), h("dd", {}, sizeText(ev.size))] : "",
    h("dt", {}, "Attribution"), h("dd", { class: "attribution" }, quote
      ? [h("span", { class: "speaker" }, quote.speaker && (quote.speaker.name || (quote.speaker.span && quote.speaker.span.text)) || "unknown speaker"),
         ` (${quote.kind} quote): “`, (quote.content || []).map((c) => c.text).join(" … "), "”"]
      : (ev.attribution ? ev.attribution : h("span", { class: "muted" }, "the reporter"))),
    h("dt", {}, "Confidence"), h("dd", {}, ev.confidence !== null && ev.confidence !== undefined ? Number(ev.confidence).toFixed(2) : "—"));
  const contra = data.contradictions || [];
  const contraBox = h("section", { class: "contradictions" }, h("h2", {}, "Contradictions"),
    contra.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Attribute"), h("th", {}, "Values"), h("th", {}, "Evidence"))),
      h("tbody", {}, contra.map((c) => h("tr", {}, h("td", {}, c.attribute),
        h("td", {}, (c.values || []).map((v) => typeof v === "object" ? JSON.stringify(v) : String(v)).join(" vs ")),
        h("td", {}, (c.spans || []).map((sp) => h("q", {}, sp.text)).map((q, i) => [i ? " / " : "", q]))))))
      : h("p", { class: "muted" }, "No mention of this event disagrees with another."));
  const fusedSources = fused && (fused.sources || []).length > 1 ? fused.sources : null;
  const sources = fusedSources ? h("section", { class: "sources" },
    h("h2", {}, "Reports of this event", h("small", { class: "muted" }, ` · ${fused.num_sources} independent source(s) · `,
      h("a", { href: `#/fused/${encodeURIComponent(fused.id)}`, id: "fused-link" }, "compare them side by side"))),
    h("ul", {}, fusedSources.map((src) => h("li", {},
      src.document_id === doc.id && src.event_id === ev.id ? h("strong", {}, src.title || src.document_id)
        : h("a", { href: eventHref(src) }, src.title || src.document_id),
      h("span", { class: "muted" }, ` ${[src.publisher, src.published ? humanDate(src.published) : ""].filter(Boolean).join(" · ")}`),
      src.duplicate_of ? h("span", { class: "muted" }, ` (copy of ${src.duplicate_of})`) : ""))),
    (fused.contradictions || []).length ? h("ul", { class: "cross-contradictions" }, fused.contradictions.map((c) =>
      h("li", {}, h("strong", {}, c.attribute), ": ", (c.values || []).map((v, i) => `${typeof v === "object" ? JSON.stringify(v) : v}${c.documents && c.documents[i] ? ` (${c.documents[i]})` : ""}`).join(" vs "))))
      : h("p", { class: "muted" }, "The reports agree."))
    : Array.isArray(ev.sources) ? h("section", { class: "sources" }, h("h2", {}, "Sources"),
      h("ul", {}, ev.sources.map((src) => h("li", {}, src.title || src.document_id || JSON.stringify(src))))) : "";
  const text = highlightedText(doc.text, spans, { cls: "event-text" });
  app.replaceChildren(
    h("p", { class: "crumbs" }, h("a", { href: "#/timeline" }, "Timeline"), " / ",
      h("a", { href: `#/document/${encodeURIComponent(doc.id)}` }, doc.title || doc.id), " / ", `${ev.event} (${ev.id})`),
    h("h1", {}, ev.event, " ", fusionBadges({ ...ev, num_sources: fused ? fused.num_sources : ev.num_sources,
      contradictions: contra.length + (fused ? (fused.contradictions || []).length : 0) })),
    h("div", { class: "two-col" },
      h("div", { class: "col-text" },
        h("h2", {}, "Evidence in the source", h("small", { class: "muted" }, ` · ${(ev.mentions || []).length} mention(s)`)),
        h("p", { class: "legend" }, h("span", { class: "key key-evidence" }, "event mention"), quote ? h("span", { class: "key key-attributed" }, "attributed claim") : "",
          contra.length ? h("span", { class: "key key-contradiction" }, "disagreeing span") : ""),
        text),
      h("aside", { class: "col-facts" }, h("h2", {}, "The event"), facts, contraBox, sources)));
  const first = text.querySelector(".evidence-mark");
  if (first) first.scrollIntoView({ block: "center" });
}

/* ---------- document page ---------- */

const LAYERS = [
  ["entities", "Entities"], ["actors", "Actors"], ["places", "Places"],
  ["timexes", "Time"], ["quotes", "Quotes"], ["events", "Events"],
];

async function documentPage(docId) {
  loading();
  const x = await api(`/api/documents/${encodeURIComponent(docId)}`);
  const doc = x.document;
  for (const a of x.actors || []) actorNames.set(a.id, a.name);
  const spans = [];
  for (const e of x.entities || []) spans.push({ ...e.span, cls: "l-entities", label: e.label, tagCls: "t-entities", title: `entity: ${e.label}` });
  for (const a of x.actors || []) for (const m of a.mentions || []) spans.push({ start: m.start, end: m.end, cls: "l-actors", title: `actor: ${a.name} (${a.id})` });
  for (const p of x.places || []) spans.push({ ...p.span, cls: "l-places", title: `place: ${p.name}${p.country ? " (" + p.country + ")" : ""}` });
  for (const t of x.timexes || []) spans.push({ ...t.span, cls: "l-timexes", label: t.value ? humanDate(t.value) : t.type, tagCls: "t-timexes", title: `${t.type}: ${t.value || "unresolved"}` });
  for (const q of x.quotes || []) {
    for (const c of q.content || []) spans.push({ ...c, cls: "l-quotes", title: `quote (${q.kind}) by ${q.speaker && (q.speaker.name || (q.speaker.span && q.speaker.span.text)) || "?"}` });
    if (q.cue) spans.push({ ...q.cue, cls: "l-quotes cue", title: "speech cue" });
    if (q.speaker && q.speaker.span) spans.push({ ...q.speaker.span, cls: "l-quotes spk", label: "SPEAKER", tagCls: "t-quotes" });
  }
  for (const ev of x.events || []) {
    for (const m of ev.mentions || []) spans.push({ start: m.start, end: m.end, cls: "l-events", label: ev.event, tagCls: "t-events",
      title: `event ${ev.id}: ${ev.event}`, attrs: { "data-event": ev.id } });
  }
  const hidden = new Set();
  const text = highlightedText(doc.text, spans, { cls: "layered" });
  text.addEventListener("click", (e) => {
    const el = e.target.closest("[data-event]");
    if (el) location.hash = `#/event/${encodeURIComponent(doc.id)}/${encodeURIComponent(el.getAttribute("data-event"))}`;
  });
  const toggles = h("div", { class: "layer-toggles", id: "layer-toggles" }, LAYERS.map(([k, label]) =>
    h("label", { class: `check key l-${k}` }, h("input", { type: "checkbox", checked: true, "data-layer": k, onchange: (e) => {
      if (e.target.checked) hidden.delete(k); else hidden.add(k);
      text.classList.toggle(`hide-${k}`, !e.target.checked);
    } }), `${label} (${(k === "actors" ? (x.actors || []).length : (x[k] || []).length)})`)));
  const ran = new Set(x.layers || []);
  app.replaceChildren(
    h("p", { class: "crumbs" }, h("a", { href: "#/documents" }, "Documents"), " / ", doc.title || doc.id),
    h("h1", {}, doc.title || doc.id),
    h("p", { class: "meta muted" }, [doc.publisher, doc.published ? humanDate(doc.published) : "", doc.byline].filter(Boolean).join(" · "),
      safeUrl(doc.url) ? [" · ", h("a", { href: safeUrl(doc.url), rel: "noreferrer noopener", target: "_blank" }, "original")] : "",
      ` · stages: ${[...ran].join(", ") || "none"}`),
    toggles,
    h("div", { class: "two-col" },
      h("div", { class: "col-text" }, text),
      h("aside", { class: "col-facts" },
        h("h2", {}, "Events"), (x.events || []).length ? "" : h("p", { class: "muted" }, ran.has("events") ? "No events found." : "Events were not extracted."),
        h("ul", { class: "plain" }, (x.events || []).map((ev) => h("li", {},
          h("a", { href: `#/event/${encodeURIComponent(doc.id)}/${encodeURIComponent(ev.id)}` }, ev.event), " ",
          quadBadge(ev.quad_class), auxBadges(ev.aux), " ", actorLinks(ev.actor), " → ", actorLinks(ev.recipient)))),
        h("h2", {}, "Quotes"), (x.quotes || []).length ? "" : h("p", { class: "muted" }, ran.has("quotes") ? "No quotes found." : "Quotes were not extracted."),
        h("ul", { class: "plain quotes" }, (x.quotes || []).map((q) => h("li", {},
          h("strong", {}, q.speaker && (q.speaker.name || (q.speaker.span && q.speaker.span.text)) || "unknown speaker"), ": ",
          quoted((q.content || []).map((c) => c.text).join(" … "))))),
        (x.contradictions || []).length ? [h("h2", {}, "Contradictions"), h("ul", { class: "plain" }, x.contradictions.map((c) =>
          h("li", {}, h("a", { href: `#/event/${encodeURIComponent(doc.id)}/${encodeURIComponent(c.event_id)}` }, c.event_id), `: ${c.attribute} — `,
            (c.values || []).map((v) => typeof v === "object" ? JSON.stringify(v) : String(v)).join(" vs "))))] : "")));
}

async function documentsPage(params) {
  loading();
  const limit = 50;
  const rows = await api("/api/documents", { limit, offset: params.get("offset") || 0 });
  app.replaceChildren(h("h1", {}, "Documents"),
    h("table", { class: "list" }, h("thead", {}, h("tr", {}, ["Published", "Title", "Publisher", "Events", "Quotes"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows.items.map((d) => h("tr", {},
        h("td", {}, d.published ? fmtDate(d.published) : ""), h("td", {}, h("a", { href: `#/document/${encodeURIComponent(d.id)}` }, d.title || d.id)),
        h("td", {}, d.publisher || ""), h("td", {}, d.n_events ?? d.events ?? ""), h("td", {}, d.n_quotes ?? d.quotes ?? ""))))),
    pager(params, "documents", rows.items.length, limit));
}

/* ---------- quotes ---------- */

async function quotesPage(params) {
  loading();
  const speaker = params.get("speaker") || "";
  const text = params.get("text") || "";
  const limit = 50;
  const [speakers, rows] = await Promise.all([
    api("/api/speakers", { limit: 200 }),
    api("/api/quotes", { speaker, text, limit, offset: params.get("offset") || 0 }),
  ]);
  const form = h("form", { class: "filters" },
    h("label", {}, "Speaker", h("input", { name: "speaker", value: speaker, type: "search" })),
    h("label", {}, "Words", h("input", { name: "text", value: text, type: "search" })),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    setHashParams("quotes", { speaker: data.get("speaker").trim(), text: data.get("text").trim() });
  });
  app.replaceChildren(h("h1", {}, "Quotes"), form, h("div", { class: "two-col wide-right" },
    h("aside", { class: "speakers" }, h("h2", {}, "Speakers"), h("ul", { class: "plain", id: "speaker-list" },
      speakers.items.map((sp) => h("li", { class: sp.key === speaker || sp.name === speaker ? "active" : "" },
        h("a", { href: `#/quotes?speaker=${encodeURIComponent(sp.key)}` }, sp.name), h("span", { class: "muted" }, ` ${sp.quotes}`))))),
    h("div", {}, h("ul", { class: "quote-list", id: "quote-list" }, rows.items.map((q) => h("li", {},
      h("blockquote", {}, quoted(q.content)),
      h("div", { class: "muted" }, q.speaker_actor_id
        ? h("a", { href: `#/actor/${encodeURIComponent(q.speaker_actor_id)}` }, h("strong", {}, q.speaker || q.speaker_actor_id))
        : h("strong", {}, q.speaker || "unknown speaker"),
        q.kind ? ` · ${q.kind}` : "", q.cue_text || q.cue ? ` · “${q.cue_text || q.cue}”` : "", q.date ? ` · ${humanDate(q.date)}` : "", " · ",
        h("a", { href: `#/document/${encodeURIComponent(q.document_id)}` }, q.title || "source"))))),
      rows.items.length ? "" : h("p", { class: "muted" }, "No quotes."),
      pager(params, "quotes", rows.items.length, limit))));
}

/* a direct quote's content may already carry its quotation marks */
function quoted(text) {
  const t = String(text || "").trim();
  return /^["“‘'«]/.test(t) ? t : `“${t}”`;
}

/* ---------- actors ---------- */

async function actorsPage(params) {
  loading();
  const name = params.get("name") || "";
  const rows = await api("/api/actors", { name, limit: 200 });
  const form = h("form", { class: "filters" }, h("label", {}, "Name", h("input", { name: "name", value: name, type: "search" })),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => { e.preventDefault(); setHashParams("actors", { name: new FormData(form).get("name").trim() }); });
  app.replaceChildren(h("h1", {}, "Actors"), form,
    h("table", { class: "list" }, h("thead", {}, h("tr", {}, ["Actor", "Id", "Code", "Kind", "Documents", "Mentions"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows.items.map((a) => h("tr", {},
        h("td", {}, h("a", { href: `#/actor/${encodeURIComponent(a.id ?? a.actor_id)}` }, a.name)),
        h("td", { class: "mono" }, a.id ?? a.actor_id), h("td", {}, a.code || ""), h("td", {}, a.kind || ""),
        h("td", {}, a.documents ?? a.n_documents ?? ""), h("td", {}, a.mentions ?? a.n_mentions ?? ""))))));
}

async function actorPage(id) {
  loading();
  const data = await api(`/api/actors/${encodeURIComponent(id)}`);
  const a = data.actor;
  actorNames.set(a.id, a.name);
  for (const [k, v] of Object.entries(data.names || {})) actorNames.set(k, v);
  const list = (rows) => h("ul", { class: "plain" }, rows.length ? rows.map((r) => h("li", {},
    fmtDate(r.date, r.date_precision), " ", h("a", { href: eventHref(r) }, r.event), " ", quadBadge(r.quad_class), auxBadges(r.aux), " ",
    actorLinks(r.actor_detail || r.actor), " → ", actorLinks(r.recipient_detail || r.recipient))) : h("li", { class: "muted" }, "none"));
  app.replaceChildren(
    h("p", { class: "crumbs" }, h("a", { href: "#/actors" }, "Actors"), " / ", a.name),
    h("h1", {}, a.name, " ", h("small", { class: "muted mono" }, a.id)),
    h("p", { class: "meta muted" }, [a.kind, a.code, a.sector, a.wikidata].filter(Boolean).join(" · "),
      " · ", h("a", { href: `#/timeline?actor=${encodeURIComponent(a.id)}` }, "timeline as actor"),
      " · ", h("a", { href: `#/quotes?speaker=${encodeURIComponent(a.id)}` }, "quotes")),
    h("section", { class: "chart", id: "actor-chart" }, h("h2", {}, "Events per month"), actorSvg(data.months || []), earlierNote(data)),
    h("div", { class: "two-col even" },
      h("section", {}, h("h2", {}, `As actor`, shownOf(data.as_actor.length, data.as_actor_total)), list(data.as_actor)),
      h("section", {}, h("h2", {}, `As recipient`, shownOf(data.as_recipient.length, data.as_recipient_total)), list(data.as_recipient))));
}

function shownOf(shown, total) {
  return h("small", { class: "muted" }, total && total > shown ? ` (the ${shown} most recent of ${total})` : ` (${shown})`);
}

/* a chart window shorter than the actor's history says what it leaves out */
function earlierNote(data) {
  const e = data.earlier;
  if (!e || !e.from || !(data.months || []).length) return "";
  const n = e.as_actor + e.as_recipient;
  return h("p", { class: "muted chart-note", id: "earlier-note" },
    `Showing the most recent ${data.months.length} months (${humanDate(data.months[0].month)} – ${humanDate(data.months[data.months.length - 1].month)}); `,
    `${n} earlier event${n === 1 ? "" : "s"} since ${humanDate(e.from)} not drawn.`);
}

/* indexes of the months to label: at most ~12; over two years, Januaries only */
function monthTicks(months) {
  const out = new Set();
  if (months.length <= 24) {
    const every = Math.ceil(months.length / 12);
    months.forEach((_, i) => { if (i % every === 0) out.add(i); });
    return out;
  }
  const januaries = months.map((m, i) => [m, i]).filter(([m]) => m.endsWith("-01"));
  const every = Math.ceil(januaries.length / 12);
  // counted from the most recent January, so that the latest year is always labelled
  januaries.reverse().forEach(([, i], k) => { if (k % every === 0) out.add(i); });
  return out;
}

function actorSvg(months) {
  if (!months.length) return h("p", { class: "muted" }, "No dated events.");
  const W = 900, H = 160, left = 30, bottom = 24, top = 10;
  const max = Math.max(1, ...months.map((m) => Math.max(m.as_actor, m.as_recipient)));
  const step = (W - left - 10) / months.length;
  const bw = Math.max(2, Math.min(18, step * 0.35));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "actor-svg", role: "img", "aria-label": "events per month as actor and as recipient" });
  svg.appendChild(s("line", { x1: left, x2: W - 10, y1: H - bottom, y2: H - bottom, class: "axis" }));
  svg.appendChild(s("text", { x: 2, y: top + 8, class: "tick" }, max));
  const labelled = monthTicks(months.map((m) => m.month));
  months.forEach((m, i) => {
    const x = left + i * step + step / 2;
    for (const [k, dx, cls] of [["as_actor", -bw, "as-actor"], ["as_recipient", 0, "as-recipient"]]) {
      const hgt = (m[k] / max) * (H - top - bottom);
      if (hgt) svg.appendChild(s("rect", { x: x + dx, y: H - bottom - hgt, width: bw, height: hgt, class: `bar ${cls}`, "data-month": m.month },
        s("title", {}, `${shortMonth(m.month)}: ${m[k]} ${k.replace("_", " ")}`)));
    }
    if (labelled.has(i)) svg.appendChild(s("text", { x, y: H - 6, class: "tick", "text-anchor": "middle" }, shortMonth(m.month)));
  });
  return h("div", {}, svg, h("p", { class: "legend" }, h("span", { class: "key as-actor" }, "as actor"), h("span", { class: "key as-recipient" }, "as recipient")));
}

/* ---------- search ---------- */

async function searchPage(params) {
  const q = params.get("q") || "";
  document.getElementById("search-input").value = q;
  if (!q) { app.replaceChildren(h("h1", {}, "Search"), h("p", { class: "muted" }, "Type a query above.")); return; }
  loading();
  const rows = await api("/api/search", { q, limit: 50 });
  app.replaceChildren(h("h1", {}, `Search: ${q}`), h("ul", { class: "plain results" }, rows.items.map((r) => h("li", {},
    h("span", { class: "badge" }, r.kind || "document"), " ",
    h("a", { href: `#/document/${encodeURIComponent(r.document_id)}` }, r.title || r.document_id),
    h("div", { class: "snippet" }, snippet(r.snippet || ""))))),
    rows.items.length ? "" : h("p", { class: "muted" }, "Nothing found."));
}

function snippet(text) {
  // FTS snippets mark hits with [ ]; show them as <mark> without trusting any HTML
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    out.push(text.slice(last, m.index), h("mark", {}, m[1]));
    last = re.lastIndex;
  }
  out.push(text.slice(last));
  return out;
}

/* ---------- API reference (rendered from the OpenAPI description, offline) ---------- */

async function apiPage() {
  loading();
  const spec = await api("/api/openapi.json");
  const rows = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters || []).map((p) => h("li", {}, h("code", {}, p.name),
        p.required ? " (required)" : "", p.description ? ` — ${p.description}` : ""));
      rows.push(h("tr", { "data-path": path },
        h("td", { class: "mono" }, method.toUpperCase()),
        h("td", { class: "mono" }, path, op.security ? h("span", { class: "badge", title: "needs the bearer token" }, "token") : ""),
        h("td", {}, op.summary || "", params.length ? h("ul", { class: "params" }, params) : "")));
    }
  }
  app.replaceChildren(h("h1", {}, `${spec.info.title} API ${spec.info.version}`),
    h("p", { class: "muted" }, "Machine-readable description: ", h("a", { href: "/api/openapi.json" }, "/api/openapi.json"),
      ". Errors are JSON: {\"status\": code, \"message\": \"...\"}."),
    h("table", { class: "list", id: "api-table" }, h("thead", {}, h("tr", {}, h("th", {}, "Method"), h("th", {}, "Path"), h("th", {}, "What"))),
      h("tbody", {}, rows)));
}

/* ---------- router ---------- */

async function route() {
  const hash = location.hash;
  const { parts, params } = parseHash();
  const page = parts[0] || "timeline";
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === page);
  try {
    if (page === "event" && parts.length >= 3) await eventPage(parts[1], parts.slice(2).join("/"));
    else if (page === "document" && parts[1]) await documentPage(parts.slice(1).join("/"));
    else if (page === "documents") await documentsPage(params);
    else if (page === "quotes") await quotesPage(params);
    else if (page === "actor" && parts[1]) await actorPage(parts.slice(1).join("/"));
    else if (page === "actors") await actorsPage(params);
    else if (page === "map") await mapPage(params);
    else if (page === "fused" && parts[1]) await fusedPage(parts.slice(1).join("/"));
    else if (page === "fused") await fusedListPage(params);
    else if (page === "story" && parts[1]) await storyPage(parts[1]);
    else if (page === "stories") await storiesPage(params);
    else if (page === "search") await searchPage(params);
    else if (page === "api") await apiPage();
    else await timelinePage(params);
  } catch (err) {
    showError(err);
  }
  document.body.dataset.page = page;
  // tests (and people) can tell which route is on screen: the hash it was drawn for
  if (location.hash === hash) document.body.dataset.rendered = hash;
}

/* the pages in map.js, charts.js and fusion.js are loaded after this file: start once all are */
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setHashParams("search", { q: document.getElementById("search-input").value.trim() });
  });
  window.addEventListener("hashchange", route);
  api("/api/stats").then((st) => {
    const n = (k) => ((st.tables && st.tables[k]) ?? st[k] ?? 0);
    document.getElementById("store-stats").textContent = `${n("documents")} documents · ${n("events")} events · ${n("quotes")} quotes`;
  }).catch(() => {});
  route();
});
