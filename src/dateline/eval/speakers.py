"""``dateline eval speakers``: who said it, scored on the Gender Gap Tracker set.

``../shared/data/ggt/ggt-dev.jsonl`` holds Canadian news articles whose every
quote carries its speaker resolved to a canonical name (``reference``:
pronoun and title speakers resolved by hand). The ``*_index`` offsets are
unreliable, so each gold quote is located by its text (the occurrence nearest
the given offset).

- **found**: a predicted quote's content overlaps the gold quote;
- **resolved**: the speaker of the predicted quote overlapping it most
  resolves to the right person: its actor's name contains the reference's
  surname (a person) or the reference's name, or the reverse (an organisation:
  "Samsung" for "Samsung Electronics Co."); a reference naming nobody
  ("experts", "Some voters") is resolved when the speaker is no actor and its
  span holds the reference's head noun.

Misses of found quotes are split into ``no speaker`` (no source span at all),
``span only`` (a span such as "she" or "the company" with no actor behind it)
and ``wrong actor``. The run uses the default pipeline stages up to quotes
(speech mode, as dateline runs on news).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.config import Config
from dateline.errors import DatelineError
from dateline.eval.quotes import stage_runner
from dateline.model import Document, Extraction, Quote
from dateline.textnorm import content_id, normalize_for_nlp

_DETERMINERS = frozenset({"the", "a", "an", "some", "one", "two", "several", "many", "all", "other"})
_WORD = re.compile(r"[\w'’.\-]+")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})
# words that open a modifier after a description's head noun
_POSTMODIFIERS = frozenset({
    "of", "from", "in", "at", "with", "for", "on", "to", "familiar", "close", "who", "that", "which", "involved",
})


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    reference: str
    person: bool  # the reference names a person (surname match)


@dataclass
class Article:
    id: str
    text: str
    quotes: list[GoldQuote]
    unlocated: int = 0
    published: str | None = None


def object_id_date(object_id: str) -> str | None:
    """The date a MongoDB ObjectId was made (its first four bytes are a Unix
    time): the GGT rows carry no publication date, but their ids were made when
    the article was collected, within days of its publication. Offices ("the
    prime minister") resolve at that date, not today's."""
    import datetime

    if not re.fullmatch(r"[0-9a-f]{24}", object_id or ""):
        return None
    moment = datetime.datetime.fromtimestamp(int(object_id[:8], 16), tz=datetime.UTC)
    return moment.date().isoformat()


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    resolved: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)


def _locate(text: str, quote: str, hint: int | None) -> tuple[int, int] | None:
    """The occurrence of ``quote`` in ``text`` nearest ``hint``; whitespace and
    quotation-mark variants are tolerated."""
    quote = quote.strip()
    if not quote:
        return None
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    length = len(quote)
    if not starts:
        # collapse whitespace and unify quotation marks on both sides
        pattern = re.escape(_plain(quote))
        pattern = re.sub(r"(\\ )+", r"\\s+", pattern)
        pattern = pattern.replace('"', "[\"“”]").replace("'", "['‘’]")
        found = list(re.finditer(pattern, text))
        if not found:
            return None
        best = min(found, key=lambda m: abs(m.start() - (hint or 0)))
        return best.start(), best.end()
    start = min(starts, key=lambda s: abs(s - (hint or 0)))
    return start, start + length


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'"))


def _hint(index: str | None) -> int | None:
    match = re.match(r"\((\d+),", index or "")
    return int(match.group(1)) if match else None


def _is_person(reference: str, people: set[str], given_names: frozenset[str]) -> bool:
    if reference in people or " and " in reference:
        return reference in people or all(_is_person(r, people, given_names) for r in reference.split(" and "))
    words = reference.split()
    return 2 <= len(words) <= 4 and words[0][:1].isupper() and words[0].lower() in given_names


def load_ggt(path: Path, limit: int | None = None) -> list[Article]:
    from dateline.resolve.actors.gender import given_names

    if not path.is_file():
        raise DatelineError(f"GGT file not found: {path}")
    names = frozenset(given_names())
    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["articleBodyText"]
            people = set(row.get("people") or [])
            article = Article(row["_id"], text, [], published=object_id_date(row["_id"]))
            for q in row.get("quotations", []):
                span = _locate(text, q.get("quote", ""), _hint(q.get("quote_index")))
                if span is None:
                    article.unlocated += 1
                    continue
                reference = q.get("reference") or q.get("speaker") or ""
                article.quotes.append(GoldQuote(span[0], span[1], reference, _is_person(reference, people, names)))
            articles.append(article)
            if limit is not None and len(articles) >= limit:
                break
    return articles


def _fold(text: str) -> str:
    import unicodedata

    # "Kim Jong Un" is "Kim Jong-un": a hyphen joins the parts of one name
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("-", " "))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _surnames(reference: str) -> list[str]:
    found = []
    for person in reference.split(" and "):
        words = [w for w in _WORD.findall(_fold(person)) if w not in _SUFFIXES]
        if words:
            found.append(words[-1].strip("."))
    return found


def _head(reference: str) -> str:
    """The head noun of a description: its last word before a modifier that
    follows it ("sources familiar with the talks", "residents of the town")."""
    words = [w for w in _WORD.findall(_fold(reference)) if w not in _DETERMINERS]
    for i, word in enumerate(words):
        if i > 0 and word in _POSTMODIFIERS:
            words = words[:i]
            break
    return words[-1] if words else ""


def speaker_matches(gold: GoldQuote, quote: Quote) -> bool:
    """Does this predicted quote's speaker resolve to the gold reference?"""
    speaker = quote.speaker
    name = _fold(speaker.name or "") if speaker.actor_id else ""
    if gold.person:
        words = set(_WORD.findall(name))
        return bool(name) and any(s in words or s in name.split() for s in _surnames(gold.reference))
    reference = " ".join(w for w in _WORD.findall(_fold(gold.reference)) if w not in _DETERMINERS)
    if name and reference and (reference in name or (len(name) >= 3 and name in reference)):
        return True
    if _unnamed(gold.reference):
        # an unnamed source ("experts", "Some voters"): right when we name no one
        # else and the source span is that description
        span = _fold(speaker.span.text) if speaker.span else ""
        head = _head(gold.reference)
        return bool(head) and head in _WORD.findall(span) and (not name or head in name)
    return False


def _unnamed(reference: str) -> bool:
    """A description naming nobody ("experts", "Some voters", "Prosecutors"):
    no capital letter past the first word, and a lone capitalised word is a
    plural common noun (not "EHS", "TransLink", "Toronto")."""
    words = [w for w in reference.split() if w.lower() not in _DETERMINERS]
    if not words or any(c.isupper() for w in words[1:] for c in w):
        return False
    first = words[0]
    if any(c.isupper() for c in first[1:]):
        return False
    return len(words) > 1 or first[:1].islower() or first.endswith("s")


def _overlap(quote: Quote, start: int, end: int) -> int:
    return sum(max(0, min(end, s.end) - max(start, s.start)) for s in quote.content)


def score_article(article: Article, extraction: Extraction, tally: Tally, *, keep: int = 0) -> None:
    for gold in article.quotes:
        tally.gold += 1
        overlapping = [(q, _overlap(q, gold.start, gold.end)) for q in extraction.quotes]
        overlapping = [(q, n) for q, n in overlapping if n > 0]
        if not overlapping:
            tally.misses["not found"] += 1
            _example(tally, keep, article, gold, None, "not found")
            continue
        tally.found += 1
        # the best-resolved of the quotes overlapping most (nested readings of one region)
        most = max(n for _, n in overlapping)
        candidates = [q for q, n in overlapping if n == most]
        if any(speaker_matches(gold, q) for q in candidates):
            tally.resolved += 1
            continue
        quote = candidates[0]
        if quote.speaker.span is None and quote.speaker.actor_id is None:
            kind = "no speaker"
        elif quote.speaker.actor_id is None:
            kind = "span only"
        else:
            kind = "wrong actor"
        tally.misses[kind] += 1
        _example(tally, keep, article, gold, quote, kind)


def _example(tally: Tally, keep: int, article: Article, gold: GoldQuote, quote: Quote | None, kind: str) -> None:
    if len(tally.examples) >= keep:
        return
    tally.examples.append(
        {
            "article": article.id,
            "kind": kind,
            "gold_start": gold.start,
            "reference": gold.reference,
            "speaker_span": quote.speaker.span.text if quote and quote.speaker.span else None,
            "speaker_name": quote.speaker.name if quote else None,
        }
    )


def _run(config: Config, articles: list[Article]) -> Iterator[tuple[Article, Extraction, float]]:
    """The configured stages on each article, with its publication date."""
    from dateline.backbone import load_spacy

    nlp = load_spacy(config.spacy_model)
    run = stage_runner(config)
    texts = (normalize_for_nlp(a.text) for a in articles)
    for article, parsed in zip(articles, nlp.pipe(texts, batch_size=8), strict=True):
        document = Document(id=content_id(article.text), text=article.text, source=article.id,
                            published=article.published)
        started = time.perf_counter()
        extraction = run(document, parsed)
        yield article, extraction, time.perf_counter() - started


def speakers_config(base: Config | None = None) -> Config:
    base = base or Config()
    stages = tuple(s for s in base.stages if s in ("segment", "actors", "coref", "quotes"))
    return base.with_overrides(stages=stages or ("segment", "actors", "coref", "quotes"))


def evaluate_speakers(
    path: Path, *, limit: int | None = None, config: Config | None = None, examples: int = 0
) -> dict[str, Any]:
    """Found / resolved rates and the split of misses on a GGT JSONL file."""
    articles = load_ggt(path, limit)
    config = speakers_config(config)
    tally = Tally()
    seconds = 0.0
    for article, extraction, spent in _run(config, articles):
        seconds += spent
        score_article(article, extraction, tally, keep=examples)
    found = tally.found / tally.gold if tally.gold else 0.0
    report: dict[str, Any] = {
        "articles": len(articles),
        "gold_quotes": tally.gold,
        "unlocated": sum(a.unlocated for a in articles),
        "found": round(found, 4),
        "resolved": round(tally.resolved / tally.gold, 4) if tally.gold else 0.0,
        "resolved_of_found": round(tally.resolved / tally.found, 4) if tally.found else 0.0,
        "misses": {
            kind: tally.misses.get(kind, 0) for kind in ("not found", "no speaker", "span only", "wrong actor")
        },
        "stage_seconds": round(seconds, 2),
    }
    if examples:
        report["examples"] = tally.examples
    return report


def headline(report: dict[str, Any]) -> dict[str, float]:
    """The metrics pinned as floors."""
    return {"found": report["found"], "resolved": report["resolved"]}
