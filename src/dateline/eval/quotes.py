"""``dateline eval quotes``: attribution extraction scored on PolNeAR.

For each role (source, cue, content) we report precision, recall and F1 as:

- ``exact``: a predicted attribution's role spans equal a gold attribution's
  (after trimming whitespace; each gold matched at most once);
- ``token``: token overlap as citron reports it -- pooled over a document,
  the share of predicted role tokens that are gold role tokens (precision) and
  of gold role tokens that are predicted (recall);
- ``overlap_0.3`` / ``overlap_0.8``: GenderGapTracker-style matching, where a
  predicted span matches a gold span when their shared tokens are at least
  that share of the longer of the two (one-to-one, greedy).

Tokens are words and punctuation marks (``\\w+|[^\\w\\s]``), independent of any
parser. textacy's ``direct_quotations`` runs on the same parses as a peer, and
the agreement of PolNeAR's own annotators (the second scored against the first
on the articles both marked up) is reported as the human ceiling.
The dateline side runs in ``attribution`` mode without nested quotes, which
is what PolNeAR annotates.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from dateline.config import Config
from dateline.errors import StageError
from dateline.eval.metrics import prf
from dateline.eval.polnear import ROLES, Attribution, load_split
from dateline.model import Document, Extraction
from dateline.pipeline import Analysis, get_stage
from dateline.textnorm import content_id, normalize_for_nlp

Spans = tuple[tuple[int, int], ...]
THRESHOLDS = (0.3, 0.8)
T = TypeVar("T")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class Counts:
    tp_pred: float = 0
    pred: float = 0
    tp_gold: float = 0
    gold: float = 0

    def add(self, other: Counts) -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    def scores(self) -> dict[str, float]:
        p, r, f = prf(self.tp_pred, self.pred, self.tp_gold, self.gold)
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


@dataclass
class Scorer:
    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)

    def _bucket(self, metric: str, role: str) -> Counts:
        return self.counts.setdefault(metric, {}).setdefault(role, Counts())

    def add_document(self, text: str, gold: list[Attribution], pred: list[Attribution]) -> None:
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        for role in ROLES:
            gold_spans = [_clean(text, a.role(role)) for a in gold if a.role(role)]
            pred_spans = [_clean(text, a.role(role)) for a in pred if a.role(role)]
            gold_spans = [s for s in gold_spans if s]
            pred_spans = [s for s in pred_spans if s]
            self._exact(role, gold_spans, pred_spans)
            gold_tok = [_tokens_in(tokens, s) for s in gold_spans]
            pred_tok = [_tokens_in(tokens, s) for s in pred_spans]
            pooled_gold = set().union(*gold_tok) if gold_tok else set()
            pooled_pred = set().union(*pred_tok) if pred_tok else set()
            both = len(pooled_gold & pooled_pred)
            self._bucket("token", role).add(Counts(both, len(pooled_pred), both, len(pooled_gold)))
            for threshold in THRESHOLDS:
                matched = _greedy(gold_tok, pred_tok, threshold)
                self._bucket(f"overlap_{threshold}", role).add(
                    Counts(matched, len(pred_tok), matched, len(gold_tok))
                )

    def _exact(self, role: str, gold: list[Spans], pred: list[Spans]) -> None:
        remaining = list(gold)
        hits = 0
        for spans in pred:
            if spans in remaining:
                remaining.remove(spans)
                hits += 1
        self._bucket("exact", role).add(Counts(hits, len(pred), hits, len(gold)))

    def results(self) -> dict[str, dict[str, dict[str, float]]]:
        return {
            metric: {role: counts.scores() for role, counts in roles.items()}
            for metric, roles in self.counts.items()
        }


def _clean(text: str, spans: Spans) -> Spans:
    """Trim whitespace and join pieces separated by nothing but whitespace."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if out and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)


def _tokens_in(tokens: list[tuple[int, int]], spans: Spans) -> set[int]:
    found = set()
    for start, end in spans:
        for i, (ts, te) in enumerate(tokens):
            if ts >= end:
                break
            if te > start:
                found.add(i)
    return found


def _greedy(gold: list[set[int]], pred: list[set[int]], threshold: float) -> int:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = len(g & p)
            if shared:
                ratio = shared / max(len(g), len(p))
                if ratio >= threshold:
                    pairs.append((ratio, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return len(used_g)


def annotator_agreement(corpus: Path) -> dict[str, Any]:
    """The human ceiling: PolNeAR's second annotator scored against the first,
    with the same measures, on every article of train and dev that two people
    annotated. An extractor scored against one annotator cannot be expected to
    agree with that annotator more than a second annotator does."""
    from dateline.eval.polnear import annotator_pairs

    scorer = Scorer()
    pairs = annotator_pairs(corpus)
    for _, text, first, second in pairs:
        scorer.add_document(text, first, second)
    return {
        "documents": len(pairs),
        "attributions": sum(len(first) for _, _, first, _ in pairs),
        "scores": scorer.results(),
    }


def quotes_as_attributions(extraction: Extraction) -> list[Attribution]:
    found = []
    for quote in extraction.quotes:
        source = () if quote.speaker.span is None else ((quote.speaker.span.start, quote.speaker.span.end),)
        cue = () if quote.cue is None else ((quote.cue.start, quote.cue.end),)
        content = tuple((s.start, s.end) for s in quote.content)
        found.append(Attribution(quote.id, source, cue, content))
    return found


def stage_runner(config: Config) -> Callable[[Document, Any], Extraction]:
    """Run the configured stages that exist, in order, on one parsed document.

    Unlike :class:`dateline.pipeline.Pipeline` this tolerates an absent
    ``actors`` stage (quotes and coref then fall back to named entities), so
    the evaluation runs whatever the state of the other stages.
    """
    stages = []
    for name in config.stages:
        try:
            spec = get_stage(name)
        except StageError:  # a stage that is not written yet is skipped (a broken one is not)
            continue
        stages.append((name, spec.factory(config)))

    def run(document: Document, parsed: Any) -> Extraction:
        extraction = Extraction(document=document)
        analysis = Analysis(document, parsed, config, extraction)
        for name, stage in stages:
            stage(analysis)
            extraction.layers.append(name)
        return extraction

    return run


def run_texts(
    config: Config, items: Sequence[T], text_of: Callable[[T], tuple[str, str]]
) -> Iterator[tuple[T, Extraction, Any, float]]:
    """Parse the items' texts in batches and run the configured stages on each:
    ``(item, extraction, parse, seconds spent in the stages)``. ``text_of``
    gives an item's text and its source name."""
    from dateline.backbone import load_spacy

    nlp = load_spacy(config.spacy_model)
    run = stage_runner(config)
    texts = (normalize_for_nlp(text_of(item)[0]) for item in items)
    for item, parsed in zip(items, nlp.pipe(texts, batch_size=8), strict=True):
        text, name = text_of(item)
        document = Document(id=content_id(text), text=text, source=name)
        started = time.perf_counter()
        extraction = run(document, parsed)
        yield item, extraction, parsed, time.perf_counter() - started


def evaluation_config(base: Config | None = None) -> Config:
    base = base or Config()
    options = dict(base.stage_options)
    options["quotes"] = {"mode": "attribution", "nested": False, **options.get("quotes", {})}
    return base.with_overrides(stages=("segment", "actors", "coref", "quotes"), stage_options=options)


def evaluate_quotes(
    corpus: Path,
    split: str = "dev",
    *,
    limit: int | None = None,
    config: Config | None = None,
    peer: bool = True,
) -> dict[str, Any]:
    """Score dateline (and textacy) on a PolNeAR split."""
    documents = load_split(corpus, split, limit)
    config = evaluation_config(config)
    ours, theirs = Scorer(), Scorer()
    seconds = 0.0
    for item, extraction, parsed, spent in run_texts(config, documents, lambda d: (d.text, d.name)):
        seconds += spent
        ours.add_document(item.text, item.attributions, quotes_as_attributions(extraction))
        if peer:
            theirs.add_document(item.text, item.attributions, textacy_attributions(parsed))
    report: dict[str, Any] = {
        "split": split,
        "documents": len(documents),
        "gold_attributions": sum(len(d.attributions) for d in documents),
        "dateline": ours.results(),
        "stage_seconds": round(seconds, 2),
    }
    if peer:
        report["textacy"] = theirs.results()
    report["agreement"] = annotator_agreement(corpus)
    return report


def textacy_attributions(parsed: Any) -> list[Attribution]:
    """textacy's direct quotations as attributions (speaker, cue, content)."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:  # textacy is a dev extra
        return []
    found = []
    try:
        triples = list(direct_quotations(parsed))
    except Exception:  # noqa: BLE001 - a peer failing on one text must not stop the run
        return []
    for n, (speaker, cue, content) in enumerate(triples):
        found.append(
            Attribution(
                f"textacy{n}",
                _token_spans(speaker),
                _token_spans(cue),
                ((content.start_char, content.end_char),),
            )
        )
    return found


def _token_spans(tokens: Iterable[Any]) -> Spans:
    tokens = sorted(tokens, key=lambda t: t.i)
    if not tokens:
        return ()
    return ((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)),)


def headline(report: dict[str, Any]) -> dict[str, float]:
    """The metrics pinned as floors."""
    ours = report["dateline"]
    return {
        "source_exact_f1": ours["exact"]["source"]["f1"],
        "cue_exact_f1": ours["exact"]["cue"]["f1"],
        "content_exact_f1": ours["exact"]["content"]["f1"],
        "content_token_f1": ours["token"]["content"]["f1"],
        "source_token_f1": ours["token"]["source"]["f1"],
        "content_overlap_0.3_f1": ours["overlap_0.3"]["content"]["f1"],
        "content_overlap_0.8_f1": ours["overlap_0.8"]["content"]["f1"],
    }

