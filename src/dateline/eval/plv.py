"""PLV (``shared/data/plv/plv-train.csv``): reading it, its fixed folds and the
classification scores, shared by the events evaluation and the event typer's."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dateline.errors import DataUnavailableError, EvaluationError

SEED = 13
FOLDS = 5
PLV_FILE = Path("data") / "plv" / "plv-train.csv"
TO_PLV = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}


# -- metrics -------------------------------------------------------------------


def classification_scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro- and micro-F1 over ``labels``, per-label F1, confusion matrix.

    Micro-F1 counts a prediction outside ``labels`` (e.g. "no event") as a miss:
    it equals accuracy when every prediction is a label.
    """
    if len(gold) != len(pred):
        raise EvaluationError("gold and predicted label lists differ in length")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = {label: Counter() for label in labels}
    for g, p in zip(gold, pred, strict=True):
        confusion.setdefault(g, Counter())[p] += 1
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    per_label = {}
    for label in labels:
        precision = tp[label] / max(1, tp[label] + fp[label])
        recall = tp[label] / max(1, tp[label] + fn[label])
        per_label[label] = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    label_set = set(labels)
    all_tp = sum(tp[label] for label in labels)
    all_fp = sum(fp[label] for label in labels)
    all_fn = sum(fn[label] for label in labels)
    micro_p = all_tp / max(1, all_tp + all_fp)
    micro_r = all_tp / max(1, all_tp + all_fn)
    return {
        "n": len(gold),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold)),
        "macro_f1": float(np.mean([per_label[label] for label in labels])) if labels else 0.0,
        "micro_f1": 0.0 if micro_p + micro_r == 0 else 2 * micro_p * micro_r / (micro_p + micro_r),
        "per_label_f1": per_label,
        "confusion": {g: dict(row) for g, row in confusion.items() if g in label_set},
    }


def stratified_folds(labels: Sequence[str], folds: int = FOLDS, seed: int = SEED) -> list[int]:
    """Fold number of each item: labels spread evenly, order fixed by ``seed``."""
    rng = np.random.default_rng(seed)
    fold_of = [0] * len(labels)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    offset = 0
    for label in sorted(by_label):
        items = by_label[label]
        order = rng.permutation(len(items))
        for rank, j in enumerate(order):
            fold_of[items[j]] = (rank + offset) % folds
        offset += len(items)
    return fold_of


def load_plv(shared_dir: Path) -> list[dict[str, str]]:
    path = shared_dir / PLV_FILE
    if not path.is_file():
        raise DataUnavailableError("PLV data not found", source=str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


GSR_FILE = Path("reference") / "plover" / "PLOVER_GSR_CAMEO.txt"
MAP_FILE = Path("reference") / "plover" / "CAMEO2PLOVER-2021.txt"


def load_cameo_map(shared_dir: Path) -> dict[str, list[str]]:
    """CAMEO code -> PLOVER 2.0 types, from CAMEO2PLOVER (a code may map to two)."""
    path = shared_dir / MAP_FILE
    if not path.is_file():
        raise DataUnavailableError("CAMEO->PLOVER map not found", source=str(path))
    mapping: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d+):\s*([A-Z]+)", line)
        if match:
            mapping.setdefault(match.group(1), []).append(match.group(2))
    return mapping


def load_gsr(shared_dir: Path, legacy: dict[str, str]) -> list[dict[str, Any]]:
    """GSR example sentences with their PLOVER 2.0 types (``types``)."""
    path = shared_dir / GSR_FILE
    if not path.is_file():
        raise DataUnavailableError("PLOVER GSR records not found", source=str(path))
    cameo = load_cameo_map(shared_dir)
    records = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        event, text = record.get("event"), record.get("text")
        if not text or not event or event == "DOCUMENT":
            continue
        types = cameo.get(legacy[event], []) if event in legacy else [event]
        if not types:
            continue
        records.append({"text": text, "label": event, "types": types, "record": record})
    return records
