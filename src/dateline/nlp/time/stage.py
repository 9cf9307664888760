"""Stage ``time``: TIMEX3 expressions for the document, and each quote's date.

Anchoring (see docs/time.md):

* the speech time is ``document.published``; with no publication date, only
  absolute expressions resolve and the rest stay ``resolved=False`` (never
  today's date);
* narrative texts (history, as in WikiWars) resolve underspecified dates against
  the last absolute date mentioned. ``stage_options["time"]["anchoring"]`` is
  ``"auto"`` (default: narrative when the explicit years lie far from the
  publication date), ``"news"`` or ``"narrative"``;
* inside a quote, deictic expressions ("today") resolve against the quote's
  speech time: a date stated outside the quote in its own sentence ("he said on
  Thursday"), else the story date that the lede establishes (the first
  day-precision date of the first two paragraphs within the week before
  publication), else the publication date. That date fills ``quote.date``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date

from dateline.config import Config
from dateline.errors import ConfigError
from dateline.model import Quote, Span, Timex
from dateline.nlp.time.calendar import parse_anchor
from dateline.nlp.time.tagger import Match, TimeTagger
from dateline.nlp.time.tense import TenseReader
from dateline.pipeline import Analysis, StageFn, register_stage
from dateline.textnorm import normalize_for_nlp

ANCHORING_MODES = ("auto", "news", "narrative")
# A narrative: at least this many explicit years, their median this far from publication.
# Three years in a short news item (a look back at an old case) are too little to
# take its underspecified dates off the publication date; the shortest WikiWars
# history states seven.
NARRATIVE_MIN_YEARS = 5
NARRATIVE_YEARS_AWAY = 3
# ... and at most one deictic expression per this many explicit years.
NARRATIVE_DEICTIC_RATIO = 10
# ... or fewer than this share of its explicit years lie within a year of publication.
NARRATIVE_RECENT_SHARE = 0.2
# ... or it names this many years while hardly ever saying "yesterday" or "on Friday".
NARRATIVE_MANY_YEARS = 10
LEDE_PARAGRAPHS = 2
STORY_WINDOW_DAYS = 7


def _in_direct_speech(text: str, offset: int) -> bool:
    """Is ``offset`` inside an open quotation in its paragraph?"""
    before = text[text.rfind("\n", 0, offset) + 1 : offset]
    return (
        before.count('"') % 2 == 1
        or before.count("\u201c") > before.count("\u201d")
        or before.count("``") > before.count("''")
    )


def is_narrative(matches: list[Match], dct: date | None, text: str | None = None) -> bool:
    if dct is None:
        return False
    years = []
    deictic = 0
    for match in matches:
        raw = match.groups.get("year", "")
        if len(raw) == 4 and raw.isdigit():
            years.append(int(raw))
        elif raw.isdigit() and match.groups.get("era", "").upper().startswith("B"):
            years.append(1 - int(raw))  # "490 BC": history, far from any publication date
        if match.groups.keys() & {"deictic", "weekday"}:
            if text is not None and _in_direct_speech(text, match.start):
                continue  # "It will be you tomorrow": the speaker's day, not the writer's
            deictic += 1  # "yesterday", "on Friday": news told from its publication day
    if len(years) < NARRATIVE_MIN_YEARS or deictic * NARRATIVE_DEICTIC_RATIO > len(years):
        return False
    # Years next to publication (the one before, this one, the next: "in 1990" in
    # an October 1989 article) are news, not history.
    recent = sum(1 for y in years if dct.year - 1 <= y <= dct.year + 1)
    return (
        abs(statistics.median(years) - dct.year) > NARRATIVE_YEARS_AWAY
        or recent < NARRATIVE_RECENT_SHARE * len(years)
        or len(years) >= NARRATIVE_MANY_YEARS
    )


def _day_of(timex: Timex) -> date | None:
    if timex.type not in ("DATE", "TIME") or not timex.resolved:
        return None
    return parse_anchor(timex.value)


def _inside(quote: Quote, offset: int) -> bool:
    return any(s.start <= offset < s.end for s in quote.content)


def quote_speech_dates(analysis: Analysis, timexes: list[Timex], dct: date | None) -> dict[str, date]:
    """Speech date per quote id (see the module doc for the rules)."""
    document = analysis.document
    quotes = analysis.extraction.quotes
    in_any_quote = [t for t in timexes if any(_inside(q, t.span.start) for q in quotes)]
    story: date | None = None
    if dct is not None:
        lede_end = (
            document.paragraphs[min(LEDE_PARAGRAPHS, len(document.paragraphs)) - 1].end
            if document.paragraphs
            else len(document.text)
        )
        for timex in timexes:
            if timex.span.start >= lede_end or timex in in_any_quote:
                continue
            day = _day_of(timex)
            # Day differences, not ``dct - timedelta``: that overflows for a DCT in year 1.
            if day is not None and 0 <= (dct - day).days <= STORY_WINDOW_DAYS:
                story = day
                break
    dates: dict[str, date] = {}
    for quote in quotes:
        sentences = {
            document.sentence_index(s.start) for s in quote.content
        } | ({document.sentence_index(quote.cue.start)} if quote.cue else set())
        sentences.discard(None)
        cue_at = quote.cue.start if quote.cue else (quote.content[0].start if quote.content else 0)
        own = [
            t
            for t in timexes
            if document.sentence_index(t.span.start) in sentences
            and not _inside(quote, t.span.start)
            and _day_of(t) is not None
        ]
        if own:
            nearest = min(own, key=lambda t: abs(t.span.start - cue_at))
            found = _day_of(nearest)
            if found is not None:
                dates[quote.id] = found
                continue
        if story is not None:
            dates[quote.id] = story
        elif dct is not None:
            dates[quote.id] = dct
    return dates


@register_stage(
    # paragraphs: the lede that anchors dates, when the document has them
    "time", requires=("sentences",), reads=("paragraphs", "quotes"), assigns=("timexes",), updates=("quotes",)
)
def make_time_stage(config: Config) -> StageFn:
    options = config.options_for("time")
    mode = options.get("anchoring", "auto")
    if mode not in ANCHORING_MODES:
        raise ConfigError(f"time: anchoring must be one of {', '.join(ANCHORING_MODES)}, not {mode!r}")
    tagger = TimeTagger()
    tense = TenseReader(tagger.grammar.lexicon)

    def time_stage(analysis: Analysis) -> None:
        document = analysis.document
        original = document.text
        text = normalize_for_nlp(original)  # same length: offsets are body offsets
        dct = parse_anchor(document.published)
        matches = tagger.find(text)
        narrative = mode == "narrative" or (mode == "auto" and is_narrative(matches, dct, text))

        seen: dict[tuple[int, int], int] = {}

        def orientation(start: int, end: int) -> int:
            # Cached: a second pass (quote anchors) asks again for the same spans.
            key = (start, end)
            if key not in seen:
                seen[key] = tense.orientation(analysis.doc, text, start, end)
            return seen[key]

        def flashback(start: int, end: int) -> bool:
            return tense.flashback(analysis.doc, text, start, end)

        timexes = tagger.tag(
            text, dct, orientation=orientation, narrative=narrative, matches=matches, flashback=flashback
        )
        quotes = analysis.extraction.quotes
        if quotes:
            dates = quote_speech_dates(analysis, timexes, dct)
            for quote in quotes:
                found = dates.get(quote.id)
                quote.date = None if found is None else found.isoformat()
            if any(found != dct for found in dates.values()):
                timexes = tagger.tag(
                    text,
                    dct,
                    orientation=orientation,
                    narrative=narrative,
                    anchor_for=_anchor_lookup(quotes, dates, dct),
                    matches=matches,
                    flashback=flashback,
                )
        analysis.extraction.timexes = [
            Timex(Span.of(original, t.span.start, t.span.end), t.type, t.value, t.mod,
                  t.anchor, t.resolved, t.confidence)
            for t in timexes
        ]

    return time_stage


def _anchor_lookup(
    quotes: list[Quote], dates: dict[str, date], dct: date | None
) -> Callable[[int], date | None]:
    spans = sorted(
        (s.start, s.end, dates[q.id]) for q in quotes if q.id in dates for s in q.content
    )

    def anchor_for(offset: int) -> date | None:
        for start, end, day in spans:
            if start <= offset < end:
                return day
        return dct

    return anchor_for
