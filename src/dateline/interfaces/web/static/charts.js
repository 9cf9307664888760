/* Events per day or week, by event type or by actor -> recipient dyad: stacked bars
 * under the timeline (GET /api/charts/daily, the timeline's filters apply). */
"use strict";

// distinct series colours (colour-blind safe, Okabe-Ito), then grey for "other"
const SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#332288",
  "#882255", "#44AA99", "#999933", "#AA4499"];
const OTHER_COLOUR = "#b8b8b8";

async function eventsChart(slot, query, params) {
  const group = params.get("chart_group") === "dyad" ? "dyad" : "type";
  const bucket = params.get("chart_bucket") === "week" ? "week" : "day";
  const box = h("section", { class: "chart", id: "events-chart" });
  const groupSelect = h("select", { id: "chart-group", "aria-label": "Series" },
    h("option", { value: "type", selected: group === "type" }, "by event type"),
    h("option", { value: "dyad", selected: group === "dyad" }, "by dyad (actor → recipient)"));
  const bucketSelect = h("select", { id: "chart-bucket", "aria-label": "Bars" },
    h("option", { value: "day", selected: bucket === "day" }, "per day"),
    h("option", { value: "week", selected: bucket === "week" }, "per week"));
  const holder = h("div", { class: "chart-svg" }, h("p", { class: "muted" }, "Loading…"));
  const legend = h("div", { class: "legend series-legend" });
  const note = h("p", { class: "muted chart-note" });
  append(box, [h("div", { class: "chart-head" }, h("h2", {}, "Events over time"), groupSelect, bucketSelect), holder, legend, note]);
  slot.replaceChildren(box);

  async function draw() {
    const g = groupSelect.value, b = bucketSelect.value;
    holder.replaceChildren(h("p", { class: "muted" }, "Loading…"));
    try {
      const data = await api("/api/charts/daily", { ...query, group: g, bucket: b, top: 8 });
      box.dataset.group = g;
      box.dataset.bucket = b;
      if (!data.buckets.length) {
        holder.replaceChildren(h("p", { class: "muted" }, g === "dyad"
          ? "No events dated to a day (or week) with both an actor and a recipient."
          : `No events dated to a ${b === "week" ? "week or day" : "day"}.`));
        legend.replaceChildren();
        note.replaceChildren();
        return;
      }
      const series = data.series.map((sr, i) => ({ ...sr, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] }));
      if (data.other) series.push({ ...data.other, key: "other", colour: OTHER_COLOUR });
      holder.replaceChildren(stackedBars(data.buckets, series, b, (day) => {
        // a click on a bar: the timeline of that day (or week)
        const end = new Date(`${day}T00:00:00Z`);
        if (b === "week") end.setUTCDate(end.getUTCDate() + 6);
        setHashParams("timeline", { ...Object.fromEntries(params.entries()), date_from: day,
          date_to: end.toISOString().slice(0, 10), offset: "" });
      }));
      legend.replaceChildren(...series.map((sr) => h("span", { class: "key-item" },
        h("span", { class: "swatch", "data-colour": sr.colour }), `${sr.label} (${sr.total})`)));
      for (const sw of legend.querySelectorAll(".swatch")) sw.style.background = sw.dataset.colour;
      note.textContent = [
        b === "day" ? "Events dated to a day." : "Events dated to a day or a week; a week starts on Monday.",
        g === "dyad" ? " An event counts once per actor–recipient pair." : "",
        data.earlier ? ` ${data.earlier} earlier event(s) are before the chart's first ${b}.` : "",
      ].join("");
    } catch (err) {
      holder.replaceChildren(h("p", { class: "muted" }, `Chart unavailable: ${err.message}`));
    }
  }
  const redraw = () => {
    // keep the choice in the URL without re-rendering the page
    const next = new URLSearchParams(params);
    next.set("chart_group", groupSelect.value);
    next.set("chart_bucket", bucketSelect.value);
    history.replaceState(null, "", `#/timeline?${next.toString()}`);
    document.body.dataset.rendered = location.hash;
    return draw();
  };
  groupSelect.addEventListener("change", redraw);
  bucketSelect.addEventListener("change", redraw);
  await draw();
}

function stackedBars(buckets, series, bucket, onPick) {
  const W = 900, H = 200, left = 34, right = 8, top = 10, bottom = 26;
  const totals = buckets.map((_, i) => series.reduce((n, sr) => n + sr.counts[i], 0));
  const max = Math.max(1, ...totals);
  const step = (W - left - right) / buckets.length;
  const bw = Math.max(1, Math.min(24, step * 0.8));
  const scale = (n) => (n / max) * (H - top - bottom);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "counts-svg", role: "img",
    "aria-label": `events per ${bucket}` });
  svg.appendChild(s("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "axis" }));
  svg.appendChild(s("text", { x: 2, y: top + 8, class: "tick" }, max));
  const labelEvery = Math.ceil(buckets.length / 10);
  buckets.forEach((day, i) => {
    const x = left + i * step + (step - bw) / 2;
    let y = H - bottom;
    for (const sr of series) {
      const n = sr.counts[i];
      if (!n) continue;
      const hgt = scale(n);
      y -= hgt;
      svg.appendChild(s("rect", { x, y, width: bw, height: hgt, fill: sr.colour, class: "bar count-bar", "data-series": sr.key, "data-bucket": day,
        onclick: () => onPick(day) },
        s("title", {}, `${bucket === "week" ? humanDate(isoWeekOf(day)) : humanDate(day)}: ${n} ${sr.label}`)));
    }
    if (i % labelEvery === 0) {
      svg.appendChild(s("text", { x: x + bw / 2, y: H - 8, class: "tick", "text-anchor": "middle" }, humanDate(day)));
    }
  });
  return svg;
}

/* "2023-03-06" (a Monday) -> "2023-W10" */
function isoWeekOf(day) {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const jan1 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1));
  const week = 1 + Math.floor((thursday - jan1) / (7 * 86400000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
