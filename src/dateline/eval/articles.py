"""``dateline eval articles``: the whole pipeline scored on hand-annotated real news.

Reads a folder of gold files in the seed's format (``GUIDELINES.md`` of
``../shared/eval/ukwar-dev`` says how they were made and how to score): either
``gold-<ID>.json`` files whose article ``<ID>`` is a line of the news-ukwar JSONL,
or a seed folder (``article.txt`` + ``gold.json``). Scores, over all files:

- **precision**: system events (asserted or not) with a mention in the sentence of
  some gold event's evidence (optional ones included) and of an allowed type;
- **recall**: non-optional gold events matched by a system event of an allowed type
  in their sentence (``typed``), and also with every gold actor and recipient code
  among the system's codes (actor and recipient pooled, as the guidelines say),
  the date prefix (a week value matches any day inside it) and the aux marks
  (``full``);
- **actor / recipient / date / aux accuracy** on matched gold events (a gold field
  that is empty or absent is right whatever the system says, as in ``full``; the
  ``*_named`` variants count only gold events that name one);
- **fully right among system events**: system events that are the full match of a
  gold event, over all system events;
- **no actor**: share of system events with no actor;
- **traps**: asserted system events of the tempting type with a mention inside a
  ``must_not`` evidence;
- **speakers**: gold quotes with a named speaker found (a predicted quote whose
  content holds the gold text) and, among those, the share with the right speaker
  (:func:`speaker_matches`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateline.config import Config
from dateline.errors import DataUnavailableError
from dateline.eval.metrics import prf
from dateline.eval.seed import locate
from dateline.eval.seed_quotes import _close, _content, _fold, same_person
from dateline.export.dates import interval
from dateline.model import PRONOUNS, Event, Extraction, Quote
from dateline.nlp.quotes.ranker import DEFINITE_WORDS, PERSON_PRONOUNS
from dateline.resolve.actors.kb import translit_key

AUX = {"negation", "future", "hypothetical", "historical"}
CORPUS = Path("data") / "news-ukwar" / "articles-2022-2023.jsonl"


def default_articles_dir() -> Path:
    return Path.cwd().parent / "shared" / "eval" / "ukwar-dev"


@dataclass
class GoldArticle:
    name: str
    file_text: str  # the text the gold's ``evidence_contains``/``nth`` count over
    gold: dict[str, Any]
    record: dict[str, Any] | None = None  # the JSONL record (None: a seed folder)
    path: Path | None = None  # the seed's article.txt


def load_articles(folder: Path, corpus: Path | None = None) -> list[GoldArticle]:
    """Gold files of ``folder`` with the article text each one annotates."""
    if (folder / "gold.json").is_file() and (folder / "article.txt").is_file():
        article = folder / "article.txt"
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        return [GoldArticle(folder.name, article.read_text(encoding="utf-8"), gold, path=article)]
    files = sorted(folder.glob("gold-*.json"))
    if not files:
        raise DataUnavailableError("no gold files (gold-*.json or gold.json) found", source=str(folder))
    corpus = corpus or folder.parent.parent / CORPUS
    if not corpus.is_file():
        raise DataUnavailableError("the news-ukwar articles are not there", source=str(corpus))
    wanted = {f.stem.removeprefix("gold-"): f for f in files}
    records: dict[str, dict[str, Any]] = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("id") in wanted:
                records[record["id"]] = record
    missing = sorted(set(wanted) - set(records))
    if missing:
        raise DataUnavailableError(f"{len(missing)} annotated articles not in the corpus: {missing[:3]}", source=str(corpus))
    return [
        GoldArticle(key, records[key]["text"], json.loads(path.read_text(encoding="utf-8")), record=records[key])
        for key, path in wanted.items()
    ]


def extract_articles(articles: list[GoldArticle], config: Config) -> Iterator[tuple[GoldArticle, Extraction]]:
    from dateline.api import extract_path, get_pipeline
    from dateline.ingest.jsonl import read_jsonl

    documents = []
    for article in articles:
        if article.path is not None:
            yield article, extract_path(article.path, config)
            continue
        line = json.dumps(article.record).encode("utf-8")
        (document,) = list(read_jsonl([line], article.name, config))
        if isinstance(document, tuple):
            raise document[1]
        documents.append(document)
    pending = [a for a in articles if a.path is None]
    for article, outcome in zip(pending, get_pipeline(config).pipe(documents), strict=True):
        if outcome.error is not None:
            raise outcome.error
        assert outcome.extraction is not None
        yield article, outcome.extraction


# -- matching -----------------------------------------------------------------------


def _codes(extraction: Extraction, ids: list[str]) -> set[str]:
    codes = set()
    for actor_id in ids:
        actor = extraction.actor(actor_id)
        if actor is not None and actor.code:
            codes.add(actor.code)
    return codes


def date_ok(system: str | None, gold: dict[str, Any]) -> bool:
    if "date" not in gold:
        return True
    if not system:
        return False
    for wanted in [gold["date"], *gold.get("also_ok_date", [])]:
        if system[: len(wanted)] == wanted:
            return True
        if len(wanted) == 8 and wanted[5] == "W":
            first, last, _precision = interval(wanted)
            if first and last and len(system) >= 10 and first.isoformat() <= system[:10] <= last.isoformat():
                return True
    return False


def aux_ok(event: Event, gold: dict[str, Any]) -> bool:
    ours = set(event.aux) & AUX
    allowed = [set(gold.get("aux", []))] + [set(a) for a in gold.get("also_ok_aux", [])]
    return ours in allowed


def _type_ok(event: Event, gold: dict[str, Any]) -> bool:
    return event.event in {t.split(":")[0] for t in [gold["event"], *gold.get("also_ok", [])]}


@dataclass
class Judged:
    """One gold event against the system events in its sentence."""

    gold: dict[str, Any]
    candidates: list[Event]  # of an allowed type
    best: Event | None = None
    fields: dict[str, bool] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return self.best is not None and all(self.fields.values())


def judge(extraction: Extraction, gold: dict[str, Any], candidates: list[Event]) -> Judged:
    judged = Judged(gold, candidates)
    best_score = -1
    for event in candidates:
        codes = _codes(extraction, event.actor) | _codes(extraction, event.recipient)
        fields = {
            "actor": set(gold.get("actor", [])) <= codes,
            "recipient": set(gold.get("recipient", [])) <= codes,
            "date": date_ok(event.date, gold),
            "aux": aux_ok(event, gold),
        }
        score = sum(fields.values())
        if score > best_score:
            judged.best, judged.fields, best_score = event, fields, score
    return judged


def _sentence_span(extraction: Extraction, span: tuple[int, int]) -> tuple[int, int]:
    document = extraction.document
    first, last = document.sentence_index(span[0]), document.sentence_index(max(span[0], span[1] - 1))
    if first is None or last is None:
        return span
    return document.sentences[first].start, document.sentences[last].end


def _overlaps(event: Event, span: tuple[int, int]) -> bool:
    return any(m.start < span[1] and span[0] < m.end for m in event.mentions)


# -- scoring ------------------------------------------------------------------------


@dataclass
class ArticleScore:
    name: str
    counts: dict[str, int]
    errors: list[str]


GoldSite = tuple[dict[str, Any], tuple[int, int] | None, tuple[int, int] | None, list[Event]]


def gold_sites(article: GoldArticle, extraction: Extraction) -> Iterator[GoldSite]:
    """Each gold event with its evidence located in the extracted text, that
    evidence's sentence, and the system events there of a type the gold allows
    (its matches); both spans ``None`` when the evidence is not found."""
    text, body = article.file_text, extraction.document.text
    for gold in article.gold.get("events", []):
        span = locate(gold["evidence_contains"], gold.get("nth", 1), text, body)
        if span is None:
            yield gold, None, None, []
            continue
        sentence = _sentence_span(extraction, span)
        yield gold, span, sentence, [e for e in extraction.events if _overlaps(e, sentence) and _type_ok(e, gold)]


def trap_sites(article: GoldArticle, extraction: Extraction) -> Iterator[tuple[dict[str, Any], tuple[int, int]]]:
    """Each ``must_not`` entry whose evidence is found, with its span."""
    text, body = article.file_text, extraction.document.text
    for trap in article.gold.get("must_not", []):
        span = locate(trap["evidence_contains"], trap.get("nth", 1), text, body)
        if span is not None:
            yield trap, span


def score_article(article: GoldArticle, extraction: Extraction) -> ArticleScore:
    counts = dict.fromkeys(
        ("system", "system_matched", "system_full", "no_actor", "required", "typed", "full",
         "actor_n", "actor_ok", "recipient_n", "recipient_ok", "date_n", "date_ok", "aux_n",
         "aux_ok", "actor_named_n", "actor_named_ok", "recipient_named_n", "recipient_named_ok",
         "date_named_n", "date_named_ok", "trap_sites", "unlocated", "traps", "quotes", "quotes_found", "speaker_ok"), 0,
    )
    errors: list[str] = []
    events = extraction.events
    counts["system"] = len(events)
    counts["no_actor"] = sum(1 for e in events if not e.actor)
    matched_ids: set[str] = set()
    full_ids: set[str] = set()
    for gold, span, _sentence, candidates in gold_sites(article, extraction):
        if span is None:
            counts["unlocated"] += 1
            continue
        matched_ids.update(e.id for e in candidates)
        judged = judge(extraction, gold, candidates)
        if judged.full and judged.best is not None:
            full_ids.add(judged.best.id)
        if gold.get("optional"):
            continue
        counts["required"] += 1
        if judged.best is None:
            errors.append(f"missed {gold['event']} [{gold['id']}]: {gold['evidence_contains']!r}")
            continue
        counts["typed"] += 1
        counts["full"] += judged.full
        for name in ("actor", "recipient", "date", "aux"):
            counts[f"{name}_n"] += 1
            counts[f"{name}_ok"] += judged.fields[name]
            if gold.get(name) and name != "aux":
                counts[f"{name}_named_n"] += 1
                counts[f"{name}_named_ok"] += judged.fields[name]
        wrong = [k for k, ok in judged.fields.items() if not ok]
        if wrong:
            best = judged.best
            got = {
                "actor": sorted(_codes(extraction, best.actor)),
                "recipient": sorted(_codes(extraction, best.recipient)),
                "date": best.date, "aux": sorted(set(best.aux) & AUX),
            }
            errors.append(
                f"wrong {','.join(wrong)} on {gold['event']} [{gold['id']}]: gold "
                + ", ".join(f"{k}={gold.get(k)}" for k in wrong) + "; system "
                + ", ".join(f"{k}={got[k]}" for k in wrong)
            )
    counts["system_matched"] = sum(1 for e in events if e.id in matched_ids)
    counts["system_full"] = len(full_ids)
    for event in events:
        if event.id not in matched_ids:
            mention = event.mentions[0].text if event.mentions else ""
            errors.append(f"false {event.event} {'' if event.asserted else '(not asserted) '}on {mention!r}")
    for trap, span in trap_sites(article, extraction):
        counts["trap_sites"] += 1
        hits = [e for e in events if e.asserted and e.event == trap["event"] and _overlaps(e, span)]
        if hits:
            counts["traps"] += 1
            errors.append(f"trap {trap['event']}: {trap['evidence_contains']!r}")
    _score_quotes(article.gold.get("quotes", []), extraction, counts, errors)
    return ArticleScore(article.name, counts, errors)


def matched_quote(item: dict[str, Any], extraction: Extraction) -> Quote | None:
    """The system quote a gold quote is scored on: the shortest whose content holds
    the gold's words (None: the quote was not found)."""
    needle = _fold(item["content_contains"])
    hits = [q for q in extraction.quotes if needle in _content(q)]
    return min(hits, key=lambda q: sum(s.end - s.start for s in q.content)) if hits else None


def _score_quotes(quotes: list[dict[str, Any]], extraction: Extraction, counts: dict[str, int], errors: list[str]) -> None:
    for item in quotes:
        if item.get("optional") or not item.get("speaker"):
            continue
        counts["quotes"] += 1
        quote = matched_quote(item, extraction)
        if quote is None:
            continue
        counts["quotes_found"] += 1
        names = [item["speaker"], *item.get("also_ok_speaker", [])]
        kind = source_kind(quote)
        counts[f"quotes_found_{kind}"] = counts.get(f"quotes_found_{kind}", 0) + 1
        # a null among the alternatives: "nobody the article names" is right too
        if any(speaker_matches(name, quote.speaker.name) if name else quote.speaker.name is None for name in names):
            counts["speaker_ok"] += 1
            counts[f"speaker_ok_{kind}"] = counts.get(f"speaker_ok_{kind}", 0) + 1
        else:
            errors.append(f"speaker {quote.speaker.name!r} for {item['speaker']!r}: {item['content_contains'][:50]!r}")


SOURCE_KINDS = ("he_she", "name", "description", "no_source", "other")


def source_kind(quote: Quote) -> str:
    """The kind of source phrase the system read, as written: he/she, a name (capitalised),
    a definite description, none, or other (plural, indefinite, it/they): speaker accuracy
    split by it says which reading fails without showing a line of the gold."""
    if quote.speaker.span is None:
        return "no_source"
    words = quote.speaker.span.text.strip().split()
    if not words:
        return "no_source"
    first = words[0].lower().strip("\"“”'")
    if len(words) == 1 and first in PRONOUNS:
        return "he_she" if first in PERSON_PRONOUNS else "other"
    if first in DEFINITE_WORDS:
        return "description"
    return "name" if words[0][:1].isupper() else "other"


def speaker_matches(gold: str, predicted: str | None) -> bool:
    """The same person (surnames equal up to one letter, or up to transliteration,
    whatever the first-name transliteration: Aleksandr/Alexander) or the same organization (one name holds
    the other)."""
    if not predicted:
        return False
    if same_person(gold, predicted, []):
        return True
    g, p = _fold(gold), _fold(predicted)
    if len(g.split()) >= 2 and len(p.split()) >= 2:
        g_last, p_last = g.split()[-1], p.split()[-1]
        # Polish or Russian spellings of one Ukrainian name: Deszczyca / Deshchytsia
        if _close(g_last, p_last) or _close(translit_key(g_last), translit_key(p_last)):
            return True
    return len(g) > 3 and len(p) > 3 and (g in p or p in g)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def summarize(scores: list[ArticleScore]) -> dict[str, float]:
    total: dict[str, int] = {}
    for score in scores:
        for key, value in score.counts.items():
            total[key] = total.get(key, 0) + value
    precision = _ratio(total["system_matched"], total["system"])
    typed_recall = _ratio(total["typed"], total["required"])
    return {
        "articles": float(len(scores)),
        "system_events": float(total["system"]),
        "required_events": float(total["required"]),
        "precision": precision,
        "typed_recall": typed_recall,
        "typed_f1": prf(total["system_matched"], total["system"], total["typed"], total["required"])[2],
        "full_recall": _ratio(total["full"], total["required"]),
        "full_among_system": _ratio(total["system_full"], total["system"]),
        "actor_accuracy": _ratio(total["actor_ok"], total["actor_n"]),
        "recipient_accuracy": _ratio(total["recipient_ok"], total["recipient_n"]),
        "date_accuracy": _ratio(total["date_ok"], total["date_n"]),
        "aux_accuracy": _ratio(total["aux_ok"], total["aux_n"]),
        # the same, only where the gold names an actor / recipient / date
        "actor_accuracy_named": _ratio(total["actor_named_ok"], total["actor_named_n"]),
        "recipient_accuracy_named": _ratio(total["recipient_named_ok"], total["recipient_named_n"]),
        "date_accuracy_named": _ratio(total["date_named_ok"], total["date_named_n"]),
        "no_actor_share": _ratio(total["no_actor"], total["system"]),
        "with_actor_share": 1.0 - _ratio(total["no_actor"], total["system"]),
        "traps": float(total["traps"]),
        "trap_free_share": 1.0 - _ratio(total["traps"], total["trap_sites"]),
        "unlocated_gold": float(total["unlocated"]),
        "quotes_found": _ratio(total["quotes_found"], total["quotes"]),
        "speaker_accuracy": _ratio(total["speaker_ok"], total["quotes_found"]),
        # by the kind of source phrase the system read: how many, and the share right
        **{f"speaker_quotes_{k}": float(total.get(f"quotes_found_{k}", 0)) for k in SOURCE_KINDS},
        **{
            f"speaker_accuracy_{k}": _ratio(total.get(f"speaker_ok_{k}", 0), total.get(f"quotes_found_{k}", 0))
            for k in SOURCE_KINDS
        },
    }


def evaluate_articles(folder: Path, config: Config | None = None, *, progress: bool = False) -> tuple[dict[str, float], list[ArticleScore]]:
    from tqdm import tqdm

    articles = load_articles(folder)
    pairs = extract_articles(articles, config or Config.load())
    scores = [score_article(a, x) for a, x in tqdm(pairs, total=len(articles), disable=not progress, desc="articles")]
    return summarize(scores), scores
