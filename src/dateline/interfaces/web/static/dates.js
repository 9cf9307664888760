/* TIMEX3 values as a reader says them: "2022-W04" -> "week of 24 Jan 2022",
 * "2022-01" -> "January 2022", "2022-WI" -> "winter 2022". The raw value stays
 * available (the UI puts it in a tooltip). Unknown forms come back unchanged. */
"use strict";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];
const SEASONS = { WI: "winter", SP: "spring", SU: "summer", FA: "autumn" };
const PARTS_OF_DAY = { MO: "morning", MI: "midday", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };
const ORDINALS = ["first", "second", "third", "fourth"];
const REFS = { PRESENT_REF: "now", PAST_REF: "the past", FUTURE_REF: "the future" };
const DURATION_UNITS = { Y: "year", M: "month", W: "week", D: "day", H: "hour" };

function shortDay(d) {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()].slice(0, 3)} ${d.getUTCFullYear()}`;
}

/* Monday of ISO week `week` of `year` (as a UTC date) */
function isoWeekMonday(year, week) {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = new Date(jan4);
  monday1.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() + 6) % 7));
  const d = new Date(monday1);
  d.setUTCDate(monday1.getUTCDate() + (week - 1) * 7);
  return d;
}

function humanDuration(value) {
  const m = /^P(\d+|X)([YMWDH])$/.exec(value);
  if (!m) return null;
  const unit = DURATION_UNITS[m[2]];
  if (m[1] === "X") return `${unit}s`;
  return `${m[1]} ${unit}${m[1] === "1" ? "" : "s"}`;
}

function humanDate(value) {
  if (value === null || value === undefined || value === "") return "";
  const v = String(value).trim();
  if (REFS[v]) return REFS[v];
  let m;
  // day, with an optional time or part of day
  if ((m = /^(\d{4}|XXXX)-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?|T(MO|MI|AF|EV|NI|DT))?$/.exec(v))) {
    const month = parseInt(m[2], 10), day = parseInt(m[3], 10);
    if (month < 1 || month > 12 || day < 1 || day > 31) return v;
    const base = m[1] === "XXXX" ? `${day} ${MONTHS[month - 1].slice(0, 3)} (year unknown)`
      : `${day} ${MONTHS[month - 1].slice(0, 3)} ${parseInt(m[1], 10)}`;
    if (m[4]) return `${base}, ${m[4]}:${m[5]}${m[6] === "Z" ? " UTC" : m[6] ? ` (UTC${m[6]})` : ""}`;
    if (m[7]) return `${base}, ${PARTS_OF_DAY[m[7]]}`;
    return base;
  }
  // ISO week, weekend
  if ((m = /^(\d{4})-W(\d{2})(-WE)?$/.exec(v))) {
    const week = parseInt(m[2], 10);
    if (week < 1 || week > 53) return v;
    const monday = isoWeekMonday(parseInt(m[1], 10), week);
    if (!m[3]) return `week of ${shortDay(monday)}`;
    const sat = new Date(monday), sun = new Date(monday);
    sat.setUTCDate(monday.getUTCDate() + 5);
    sun.setUTCDate(monday.getUTCDate() + 6);
    return sat.getUTCMonth() === sun.getUTCMonth()
      ? `weekend of ${sat.getUTCDate()}–${shortDay(sun)}`
      : `weekend of ${sat.getUTCDate()} ${MONTHS[sat.getUTCMonth()].slice(0, 3)}–${shortDay(sun)}`;
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(v))) {
    const month = parseInt(m[2], 10);
    return month >= 1 && month <= 12 ? `${MONTHS[month - 1]} ${parseInt(m[1], 10)}` : v;
  }
  if ((m = /^(\d{4})-(WI|SP|SU|FA)$/.exec(v))) return `${SEASONS[m[2]]} ${parseInt(m[1], 10)}`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(v))) return `${ORDINALS[m[2] - 1]} quarter of ${parseInt(m[1], 10)}`;
  if ((m = /^(\d{4})-H([12])$/.exec(v))) return `${ORDINALS[m[2] - 1]} half of ${parseInt(m[1], 10)}`;
  if ((m = /^(\d{4})$/.exec(v))) return String(parseInt(m[1], 10));
  if ((m = /^(\d{3})X$/.exec(v))) return `the ${m[1]}0s`;
  if ((m = /^(\d{2})(XX)?$/.exec(v))) return `the ${m[1]}00s`;
  return humanDuration(v) || v;
}

/* "2022-03" -> "Mar 2022" (chart ticks) */
function shortMonth(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month || "");
  return m && +m[2] >= 1 && +m[2] <= 12 ? `${MONTHS[+m[2] - 1].slice(0, 3)} ${+m[1]}` : (month || "");
}
