"""Casualty tolls on events, scored against hand-annotated news-ukwar tolls.

The gold (``eval/casualties_gold.json``, the measure) and the development set
(``eval/casualties_dev.json``, other articles, for tuning the rules) list, per article, the tolls the text
states (kind and number; offsets only, no text). The system's tolls are the
``size`` fields of the events it extracts from those articles. Both are
multisets of ``(article, kind, value)``: a system toll is correct when the
article states that number of that kind; a gold toll is found when some event
carries it. Tolls marked ambiguous in the gold (rates per day, ...) count
neither way. An enumerated toll ("four generals, 58 colonels and 176 other
officers were killed") states each group (the event's ``size["figures"]``) and
derives their sum (the event's count): each stated group is scored; the sum is
found when the gold states that total and is never counted as an error (it is
arithmetic, not a number read from the text). Metrics: precision, recall, F1, and the share of toll-stating
articles whose tolls are all found.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.errors import DataUnavailableError
from dateline.model import Event, Extraction

KINDS = ("dead", "injured")


# The measure, and the development set the rules are tuned on (disjoint articles).
SETS = {"gold": "casualties_gold.json", "dev": "casualties_dev.json"}


def load_gold(name: str = "gold") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (resources.files("dateline.eval") / SETS[name]).read_text(encoding="utf-8"))
    return data


PLV = "plv-train:"  # development articles that are one PLV training sentence: "plv-train:<row>"
ECB = "ecbplus:"  # development articles that are one ECB+ document: "ecbplus:<topic>_<name>"


def _ecb_text(path: Path) -> str:
    """An ECB+ document's text: its tokens joined by spaces (the corpus is tokenised)."""
    from defusedxml import ElementTree

    sentences: dict[int, list[str]] = {}
    for token in ElementTree.parse(path).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
    return " ".join(" ".join(words) for _, words in sorted(sentences.items()))


def articles(shared: Path, gold: dict[str, Any]) -> list[dict[str, Any]]:
    """The set's articles from ../shared (JSONL records as ``extract_many`` takes them):
    news-ukwar articles by id, PLV training sentences by row."""
    wanted = set(gold["articles"])
    out = []
    path = shared / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
    if not path.exists():
        raise DataUnavailableError(f"{path} is absent")
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if record["id"] in wanted:
                out.append({"text": record["text"], "published": record["gdelt_seendate"][:10],
                            "id": record["id"]})
    rows = {int(a[len(PLV):]) for a in wanted if a.startswith(PLV)}
    if rows:
        plv = shared / "data" / "plv" / "plv-train.csv"
        if not plv.exists():
            raise DataUnavailableError(f"{plv} is absent")
        with plv.open(encoding="utf-8", newline="") as stream:
            for n, row in enumerate(csv.DictReader(stream)):
                if n in rows:
                    out.append({"text": row["text"], "id": f"{PLV}{n}"})
    for name in sorted(a[len(ECB):] for a in wanted if a.startswith(ECB)):
        path = shared / "data" / "ecbplus" / name.split("_")[0] / f"{name}.xml"
        if not path.exists():
            raise DataUnavailableError(f"{path} is absent")
        out.append({"text": _ecb_text(path), "id": f"{ECB}{name}"})
    return out


def event_tolls(event: Event) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """The tolls an event states and those it derives: every figure the text gives
    for it (``size["figures"]``) is stated; an enumerated toll ("four generals, 58
    colonels and 176 other officers were killed") states each group and derives
    their sum, the event's count."""
    size = event.size or {}
    figures = {(str(f["kind"]), int(f["value"])) for f in size.get("figures") or [] if f["kind"] in KINDS}
    counts = {(k, int(v)) for k, v in size.items() if k in KINDS and v is not None}
    summed = {str(f["kind"]) for f in size.get("figures") or [] if f.get("summed", True)}
    stated = figures | {(k, v) for k, v in counts if k not in summed}
    derived = {(k, v) for k, v in counts if k in summed} - stated
    return stated, derived


def system_tolls(extractions: Iterable[Extraction]) -> tuple[Counter[tuple[str, str, int]], set[tuple[str, str, int]]]:
    """Per article, the tolls the events state (one count per stated toll: events that
    share a toll, two mentions of one strike, are the same claim) and the sums they derive."""
    found: Counter[tuple[str, str, int]] = Counter()
    derived: set[tuple[str, str, int]] = set()
    for extraction in extractions:
        article = extraction.document.external_id or extraction.document.id
        seen: set[tuple[str, int]] = set()
        for event in extraction.events:
            stated, sums = event_tolls(event)
            seen |= stated
            derived |= {(article, k, v) for k, v in sums}
        for kind, value in seen:
            found[(article, kind, value)] += 1
    return found, derived - set(found)


def score(extractions: Iterable[Extraction], gold: dict[str, Any]) -> dict[str, Any]:
    system, derived = system_tolls(extractions)
    expected: Counter[tuple[str, str, int]] = Counter(
        (t["article"], t["kind"], int(t["value"])) for t in gold["tolls"])
    ambiguous = {(t["article"], t["kind"], int(t["value"])) for t in gold.get("ambiguous", [])}
    # a derived sum is found when the gold states it (as a total), never an error
    # when it does not (the gold then lists the groups)
    system.update({k: 1 for k in derived if k in expected})
    counted = Counter({k: n for k, n in system.items() if k not in ambiguous or k in expected})
    # a value stated twice (two tolls of 1 dead) is found by one event carrying it
    distinct_expected = set(expected)
    true_positive = sum(1 for k in counted if k in distinct_expected)
    predicted = len(counted)
    found = len(distinct_expected & set(counted))
    precision = true_positive / predicted if predicted else 0.0
    recall = found / len(distinct_expected) if distinct_expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_article: dict[str, set[tuple[str, int]]] = {}
    for article, kind, value in distinct_expected:
        by_article.setdefault(article, set()).add((kind, value))
    complete = sum(
        1 for article, wanted in by_article.items()
        if all((article, k, v) in counted for k, v in wanted)
    )
    return {
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "articles_complete": round(complete / len(by_article), 3) if by_article else 0.0,
        "gold_tolls": len(distinct_expected), "system_tolls": predicted,
        "correct": true_positive,
        "wrong": sorted(f"{a} {k}={v}" for a, k, v in counted if (a, k, v) not in distinct_expected),
        "missed": sorted(f"{a} {k}={v}" for a, k, v in distinct_expected if (a, k, v) not in counted),
    }
