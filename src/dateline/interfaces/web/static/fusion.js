/* Cross-report pages: fused events (one per happening, its reports side by side with
 * their disagreements highlighted) and story clusters (GET /api/fused, /api/stories). */
"use strict";

function fusedHref(id) { return `#/fused/${encodeURIComponent(id)}`; }

function actorList(ids) {
  return actorLinks(asList(ids).map((id) => ({ id, name: actorNames.get(id) || id })));
}

function placeText(loc) {
  if (!loc || !loc.name) return "";
  return `${loc.name}${loc.country ? ` (${loc.country})` : ""}`;
}

async function fusedListPage(params) {
  loading();
  const limit = 50;
  const minSources = params.get("min_sources") || "1";
  const onlyDisagreeing = params.get("disagreements") === "1";
  const type = params.get("type") || "";
  const rows = await api("/api/fused", { min_sources: minSources, disagreements: onlyDisagreeing, type, limit, offset: params.get("offset") || 0 });
  const form = h("form", { class: "filters", id: "fused-filters" },
    h("label", {}, "Type", h("input", { name: "type", value: type, type: "search", placeholder: "e.g. ASSAULT" })),
    h("label", {}, "Sources at least", h("input", { name: "min_sources", value: minSources, type: "number", min: 1 })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "disagreements", checked: onlyDisagreeing }), "sources disagree"),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const d = new FormData(form);
    setHashParams("fused", { type: (d.get("type") || "").trim(), min_sources: d.get("min_sources") || "", disagreements: d.get("disagreements") ? "1" : "" });
  });
  app.replaceChildren(h("h1", {}, "Fused events"),
    h("p", { class: "muted" }, "One row per happening, however many reports tell it."), form,
    h("table", { class: "list", id: "fused-table" }, h("thead", {}, h("tr", {}, ["Date", "Event", "Actors", "Recipients", "Place", "Sources", "Mentions", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows.items.map((f) => h("tr", { "data-fused": f.id },
        h("td", {}, fmtDate(f.date, f.date_precision)),
        h("td", {}, h("a", { href: fusedHref(f.id) }, f.event)),
        h("td", {}, actorList(f.actors)), h("td", {}, actorList(f.recipients)),
        h("td", {}, placeText(f.location)), h("td", {}, f.num_sources), h("td", {}, f.num_mentions),
        h("td", {}, f.disagreements ? h("span", { class: "badge disagree" }, `⚠ ${f.disagreements}`) : ""))))),
    rows.items.length ? "" : h("p", { class: "muted" }, "No fused events (ingest with fusion on, or `dateline stories --rebuild`)."),
    pager(params, "fused", rows.items.length, limit));
}

/* the attributes compared across reports: label, value of a source, display */
const FUSED_ROWS = [
  ["Date", (src) => src.date || "", (src) => fmtDate(src.date, src.date_precision)],
  ["Actors", (src) => asList(src.actors).join(","), (src) => actorList(src.actors)],
  ["Recipients", (src) => asList(src.recipients).join(","), (src) => actorList(src.recipients)],
  ["Place", (src) => placeText(src.location), (src) => placeText(src.location) || h("span", { class: "muted" }, "—")],
  ["Size", (src) => JSON.stringify(sizeCounts(src.size)),
    (src) => sizeText(src.size) || h("span", { class: "muted" }, "—")],
  ["Asserted", (src) => String(src.asserted), (src) => (src.asserted ? "yes" : "no (negated, future or hypothetical)")],
];

async function fusedPage(id) {
  loading();
  const f = await api(`/api/fused/${encodeURIComponent(id)}`);
  const sources = f.sources || [];
  // each report's own event detail: its actors' names and its evidence sentence
  const details = await Promise.all(sources.slice(0, 12).map((src) =>
    api(`/api/documents/${encodeURIComponent(src.document_id)}/events/${encodeURIComponent(src.event_id)}`).catch(() => null)));
  for (const d of details) for (const [aid, a] of Object.entries((d && d.actors) || {})) actorNames.set(aid, a.name);
  const contested = new Set((f.contradictions || []).map((c) => c.attribute.split(".")[0]));
  const header = h("tr", {}, h("th", {}, ""), sources.map((src, i) => h("th", { class: "source-head" },
    h("a", { href: eventHref(src) }, src.title || src.document_id),
    h("div", { class: "muted" }, [src.publisher, src.published ? humanDate(src.published) : ""].filter(Boolean).join(" · ")),
    src.duplicate_of ? h("div", { class: "badge", title: "a copy of another report: not an independent source" }, "copy") : "",
    details[i] === null ? h("div", { class: "muted" }, "(report unavailable)") : "")));
  const body = FUSED_ROWS.map(([label, key, show]) => {
    const values = sources.map(key);
    const differs = new Set(values).size > 1;
    const flagged = differs || contested.has(label.toLowerCase());
    return h("tr", { class: flagged ? "differs" : "", "data-attribute": label.toLowerCase() },
      h("th", { scope: "row" }, label, flagged ? h("span", { class: "badge disagree", title: "the reports disagree" }, "≠") : ""),
      sources.map((src) => h("td", {}, show(src))));
  });
  body.push(h("tr", { class: "evidence-row" }, h("th", { scope: "row" }, "Evidence"), sources.map((src, i) =>
    h("td", {}, evidenceOf(src, details[i])))));
  const disagreements = (f.contradictions || []).map((c) => h("li", {}, h("strong", {}, c.attribute), ": ",
    (c.values || []).map((v, i) => [i ? " vs " : "", h("span", { class: "contested" }, typeof v === "object" ? JSON.stringify(v) : String(v)),
      c.documents && c.documents[i] ? h("span", { class: "muted" }, ` (${titleOf(sources, c.documents[i])})`) : ""])));
  app.replaceChildren(
    h("p", { class: "crumbs" }, h("a", { href: "#/fused" }, "Fused events"), " / ", f.id),
    h("h1", {}, f.event, " ", quadBadge(f.quad_class), fusionBadges({ num_sources: f.num_sources, contradictions: (f.contradictions || []).length })),
    h("p", { class: "meta" }, fmtDate(f.date, f.date_precision), " · ", actorList(f.actors), " → ", actorList(f.recipients),
      placeText(f.location) ? ` @ ${placeText(f.location)}` : "",
      h("span", { class: "muted" }, ` · ${f.num_sources} independent source(s), ${f.num_documents} report(s), ${f.num_mentions} mention(s)`)),
    h("section", { class: "disagreements", id: "fused-disagreements" }, h("h2", {}, "Where the reports disagree"),
      disagreements.length ? h("ul", {}, disagreements) : h("p", { class: "muted" }, "The reports agree.")),
    h("section", { class: "side-by-side" }, h("h2", {}, "The reports side by side"),
      h("div", { class: "table-scroll" }, h("table", { class: "compare", id: "fused-compare" }, h("thead", {}, header), h("tbody", {}, body)))),
    (f.possibly_same_as || []).length ? h("section", {}, h("h2", {}, "Possibly the same happening"), h("ul", { class: "plain" },
      f.possibly_same_as.map((p) => h("li", {}, h("a", { href: fusedHref(p.fused_id) }, p.fused_id), h("span", { class: "muted" }, ` score ${Number(p.score).toFixed(2)}`))))) : "");
}

function titleOf(sources, docId) {
  const src = sources.find((x) => x.document_id === docId);
  return src ? (src.publisher || src.title || docId) : docId;
}

/* the sentence(s) behind a report's event, its mention words marked */
function evidenceOf(src, detail) {
  const mentions = asList(src.mentions);
  if (!detail || !detail.document || !detail.document.text) {
    return mentions.length ? mentions.map((m) => h("q", {}, m.text)) : h("span", { class: "muted" }, "—");
  }
  const text = detail.document.text;
  const sentences = detail.document.sentences || [];
  const spans = mentions.map((m) => ({ start: m.start, end: m.end, cls: "evidence-mark" }));
  const first = mentions[0];
  const sentence = first && sentences.find((s2) => s2.start <= first.start && first.start < s2.end);
  const [a, b] = sentence ? [sentence.start, sentence.end] : first ? [Math.max(0, first.start - 120), Math.min(text.length, first.end + 120)] : [0, 0];
  const local = spans.filter((sp) => sp.start >= a && sp.end <= b).map((sp) => ({ ...sp, start: sp.start - a, end: sp.end - a }));
  return highlightedText(text.slice(a, b), local, { cls: "evidence-snippet" });
}

async function storiesPage(params) {
  loading();
  const limit = 50;
  const rows = await api("/api/stories", { limit, offset: params.get("offset") || 0, min_documents: params.get("min_documents") || 1 });
  app.replaceChildren(h("h1", {}, "Stories"),
    h("p", { class: "muted" }, "Documents about the same story, most recently active first."),
    h("ul", { class: "story-list", id: "story-list" }, rows.items.map((st) => h("li", { "data-story": st.id },
      h("a", { href: `#/story/${st.id}` }, h("strong", {}, st.label || `story ${st.id}`)),
      h("span", { class: "muted" }, ` · ${humanDate(st.first_date)}${st.last_date !== st.first_date ? ` – ${humanDate(st.last_date)}` : ""}`,
        ` · ${st.n_documents} document(s), ${st.n_sources} source(s)`),
      h("div", { class: "muted small" }, [asList(st.events).join(", "), asList(st.places).join(", ")].filter(Boolean).join(" · "))))),
    rows.items.length ? "" : h("p", { class: "muted" }, "No stories."),
    pager(params, "stories", rows.items.length, limit));
}

async function storyPage(id) {
  loading();
  const [st, fused] = await Promise.all([api(`/api/stories/${encodeURIComponent(id)}`), api("/api/fused", { story: id, limit: 200 })]);
  app.replaceChildren(
    h("p", { class: "crumbs" }, h("a", { href: "#/stories" }, "Stories"), " / ", st.label || `story ${st.id}`),
    h("h1", {}, st.label || `Story ${st.id}`),
    h("p", { class: "meta muted" }, `${humanDate(st.first_date)}${st.last_date !== st.first_date ? ` – ${humanDate(st.last_date)}` : ""}`,
      ` · ${st.n_documents} document(s) from ${st.n_sources} independent source(s)`),
    h("p", {}, "Actors: ", actorList(st.actors), h("span", { class: "muted" }, ` · places: ${asList(st.places).join(", ") || "—"}`)),
    h("div", { class: "two-col even" },
      h("section", {}, h("h2", {}, "Documents"), h("ul", { class: "plain", id: "story-documents" }, asList(st.documents).map((d) => h("li", {},
        fmtDate(d.published, "day"), " ", h("a", { href: `#/document/${encodeURIComponent(d.id)}` }, d.title || d.id),
        h("span", { class: "muted" }, d.publisher ? ` · ${d.publisher}` : ""),
        d.duplicate_of ? h("span", { class: "badge", title: `a copy of ${d.duplicate_of}` }, "copy") : "")))),
      h("section", {}, h("h2", {}, "Fused events"), h("ul", { class: "plain", id: "story-fused" }, fused.items.length ? fused.items.map((f) => h("li", {},
        fmtDate(f.date, f.date_precision), " ", h("a", { href: fusedHref(f.id) }, f.event), " ", actorList(f.actors), " → ", actorList(f.recipients),
        f.num_sources > 1 ? h("span", { class: "badge sources" }, `${f.num_sources} sources`) : "",
        f.disagreements ? h("span", { class: "badge disagree" }, `⚠ ${f.disagreements}`) : "")) : h("li", { class: "muted" }, "none")))));
}
