/* The map page: Leaflet (vendored, offline) over the bundled Natural Earth countries,
 * no tile server. Located events are circles coloured by their most frequent PLOVER
 * quad class and sized by count; a date range (two sliders over the located events'
 * days) filters them. The timeline's filters apply (#/map?actor=...&date_from=...). */
"use strict";

const QUAD_COLOURS = { 1: "#8fcf9b", 2: "#2e8b57", 3: "#f2a38a", 4: "#c0392b" };
const NO_QUAD_COLOUR = "#7f8c9a";
let worldRings = null;

/* world-110m.json holds SVG paths in an equirectangular projection (x = lon + 180,
 * y = 90 - lat): back to [lat, lon] rings for Leaflet */
function countryRings(d) {
  const rings = [];
  for (const part of d.split("Z")) {
    const ring = [];
    for (const m of part.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)) {
      ring.push([90 - parseFloat(m[2]), parseFloat(m[1]) - 180]);
    }
    if (ring.length > 2) rings.push(ring);
  }
  return rings;
}

async function loadWorld() {
  if (!worldRings) {
    const world = await fetch("/static/world-110m.json").then((r) => r.json());
    worldRings = world.countries.map((c) => ({ name: c.name, rings: countryRings(c.d) }));
  }
  return worldRings;
}

function dayList(first, last) {
  const norm = (d) => (d.length === 7 ? `${d}-01` : d.slice(0, 10));
  const out = [];
  const start = new Date(`${norm(first)}T00:00:00Z`), end = new Date(`${norm(last)}T00:00:00Z`);
  if (isNaN(start) || isNaN(end)) return out;
  for (let d = start; d <= end && out.length < 40000; d = new Date(d.getTime() + 86400000)) out.push(d.toISOString().slice(0, 10));
  return out;
}

function mapQuery(params) {
  const query = {};
  for (const [k] of FILTERS) query[k] = params.get(k) || "";
  query.quad_class = params.get("quad_class") || "";
  query.include_negated = params.get("negated") !== "0";
  query.include_future = params.get("future") !== "0";
  return query;
}

async function mapPage(params) {
  loading();
  const query = mapQuery(params);
  const [world, data] = await Promise.all([loadWorld(), api("/api/map", query)]);
  const filtered = Object.entries(query).filter(([k, v]) => v && v !== true && !k.startsWith("date")).map(([k, v]) => `${k}: ${v}`);

  const mapEl = h("div", { id: "map", class: "leaflet-map", role: "region", "aria-label": "map of located events" });
  const detail = h("div", { class: "map-detail", id: "map-detail" }, h("p", { class: "muted" }, "Select a place to list its events."));
  const summary = h("p", { class: "muted", id: "map-summary" });
  const days = data.extent && data.extent.first ? dayList(data.extent.first, data.extent.last) : [];
  const range = dateRange(days, query.date_from, query.date_to);
  app.replaceChildren(h("h1", {}, "Map of located events"),
    h("p", { class: "muted" }, filtered.length ? `Filters: ${filtered.join(", ")}. ` : "",
      h("a", { href: `#/timeline${params.toString() ? "?" + params.toString() : ""}` }, "as a timeline")),
    range.el, summary,
    h("div", { class: "two-col map-cols" },
      h("div", { class: "map-box" }, mapEl, quadLegend(),
        h("p", { class: "credit muted" }, "Boundaries: Natural Earth 1:110m (public domain), via world-atlas. Map: Leaflet.")),
      detail));

  const map = L.map(mapEl, { minZoom: 1, maxZoom: 12, zoomSnap: 0.5, worldCopyJump: false, attributionControl: false,
    maxBounds: [[-85, -240], [85, 240]], preferCanvas: false });
  map.createPane("countries").style.zIndex = 250;
  for (const c of world) {
    L.polygon(c.rings, { pane: "countries", interactive: false, className: "country-shape",
      color: "#b9b2a3", weight: 0.6, fillColor: "#efebe1", fillOpacity: 1 }).addTo(map);
  }
  const dots = L.featureGroup().addTo(map);
  const state = () => {
    const c = map.getCenter();
    mapEl.dataset.zoom = String(map.getZoom());
    mapEl.dataset.center = `${c.lat.toFixed(3)},${c.lng.toFixed(3)}`;
  };
  map.on("zoomend moveend", state);

  function showPlace(p) {
    detail.replaceChildren(h("h2", {}, p.name || "?", h("small", { class: "muted" }, ` ${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`)),
      h("p", { class: "muted" }, `${p.count} event(s)`, " · ", [1, 2, 3, 4].filter((q) => p.quads && p.quads[`q${q}`]).map((q) => [quadBadge(q), ` ${p.quads[`q${q}`]} `])),
      h("ul", { class: "plain" }, p.events.map((r) => h("li", {}, fmtDate(r.date, r.date_precision), " ",
        h("a", { href: eventHref(r) }, r.event), " ", quadBadge(r.quad_class), r.title ? h("span", { class: "muted" }, ` · ${r.title}`) : ""))),
      p.count > p.events.length ? h("p", { class: "muted" }, `… and ${p.count - p.events.length} more`) : "");
  }

  function drawPoints(points, total) {
    dots.clearLayers();
    const max = Math.max(1, ...points.map((p) => p.count));
    for (const p of points) {
      const colour = QUAD_COLOURS[p.quad_class] || NO_QUAD_COLOUR;
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: 5 + 15 * Math.sqrt(p.count / max), color: "#1d2330", weight: 1, opacity: 0.9,
        fillColor: colour, fillOpacity: 0.78, className: `event-dot q${p.quad_class || 0}`,
      });
      // a DOM node, never an HTML string: place names come from documents
      marker.bindTooltip(h("span", {}, `${p.name || "?"}: ${p.count} event(s)`));
      marker.on("click", () => showPlace(p));
      marker.addTo(dots);
      const path = marker.getElement();
      if (path) { path.setAttribute("data-place", p.name || ""); path.setAttribute("data-count", p.count); }
    }
    mapEl.dataset.points = String(points.length);
    mapEl.dataset.events = String(points.reduce((n, p) => n + p.count, 0));
    summary.textContent = `${total ?? points.reduce((n, p) => n + p.count, 0)} located event(s) at ${points.length} place(s)` +
      (range.from() ? `, ${humanDate(range.from())} – ${humanDate(range.to())}.` : ".");
  }

  // the view first: Leaflet adds layers (and their SVG paths) once the map has one
  const points = data.points || [];
  if (points.length) {
    map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.4), { maxZoom: 6 });
  } else {
    map.setView([30, 10], 1.5);
  }
  drawPoints(points, data.total);
  state();

  range.onChange(async (from, to) => {
    const next = { ...Object.fromEntries(params.entries()), date_from: from, date_to: to };
    history.replaceState(null, "", `#/map?${new URLSearchParams(next).toString()}`);
    mapEl.dataset.loading = "1";
    try {
      const fresh = await api("/api/map", { ...query, date_from: from, date_to: to });
      drawPoints(fresh.points || [], fresh.total);
      detail.replaceChildren(h("p", { class: "muted" }, "Select a place to list its events."));
    } catch (err) {
      summary.textContent = `Map unavailable: ${err.message}`;
    } finally {
      delete mapEl.dataset.loading;
      document.body.dataset.rendered = location.hash;
    }
  });
}

function quadLegend() {
  return h("p", { class: "legend map-legend" }, [1, 2, 3, 4].map((q) => h("span", { class: `key ${QUAD[q].cls}` }, QUAD[q].label)),
    h("span", { class: "key q0" }, "no quad class"), h("span", { class: "muted" }, " · size: number of events"));
}

/* Two sliders over the located events' days; onChange(from, to) after a move ends. */
function dateRange(days, from, to) {
  const listeners = [];
  if (days.length < 2) {
    return { el: h("div", { class: "date-range muted", id: "date-range" }, days.length ? `All located events are dated ${humanDate(days[0])}.` : ""),
      from: () => from || "", to: () => to || "", onChange: (fn) => listeners.push(fn) };
  }
  const clampIndex = (day, fallback) => {
    if (!day) return fallback;
    const i = days.findIndex((d) => d >= day.slice(0, 10));
    return i < 0 ? days.length - 1 : i;
  };
  const lo = h("input", { type: "range", id: "range-from", min: 0, max: days.length - 1, value: clampIndex(from, 0), "aria-label": "from" });
  const hi = h("input", { type: "range", id: "range-to", min: 0, max: days.length - 1, value: clampIndex(to, days.length - 1), "aria-label": "to" });
  const label = h("span", { class: "range-label", id: "range-label" });
  const reset = h("button", { type: "button", class: "link-button", id: "range-reset" }, "all dates");
  const current = () => [Math.min(+lo.value, +hi.value), Math.max(+lo.value, +hi.value)];
  const show = () => { const [a, b] = current(); label.textContent = `${humanDate(days[a])} – ${humanDate(days[b])}`; };
  const fire = () => { const [a, b] = current(); for (const fn of listeners) fn(days[a], days[b]); };
  for (const input of [lo, hi]) { input.addEventListener("input", show); input.addEventListener("change", fire); }
  reset.addEventListener("click", () => { lo.value = 0; hi.value = days.length - 1; show(); fire(); });
  show();
  return {
    el: h("div", { class: "date-range", id: "date-range" }, h("span", { class: "muted" }, "Dates from"), lo,
      h("span", { class: "muted" }, "to"), hi, label, reset),
    from: () => days[current()[0]], to: () => days[current()[1]],
    onChange: (fn) => listeners.push(fn),
  };
}
