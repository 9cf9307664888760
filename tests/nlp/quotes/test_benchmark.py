"""The quote and coref stages stay cheap: each under 10% of full-pipeline time."""

from __future__ import annotations

import pytest

from dateline.config import Config
from dateline.model import Document
from dateline.pipeline import Pipeline
from dateline.textnorm import content_id

pytestmark = pytest.mark.model

PARAGRAPHS = [
    "John Carter said that the bridge would reopen in May after repairs, officials said.",
    "\u201cWe made real progress on the water supply,\u201d Carter told reporters on Monday. "
    "\u201cNothing is signed yet,\u201d he added.",
    "Elena Hart, speaking in Oslo, confirmed she is still waiting for an answer from the ministry.",
    "A Kremlin spokesman said that the pause was a \u201ctemporary measure\u201d and nothing more.",
    "Two depots were hit overnight near the river, Ukrainian officials said.",
    "The talks will resume next week, according to Reuters, which cited two diplomats.",
    "Polish officials have claimed that Belarusian officials asked the observers to leave the hall.",
    "The governor defended the plan, telling reporters: \u201cWe have no other choice here.\u201d",
]


def test_quotes_and_coref_under_ten_percent() -> None:
    config = Config().with_overrides(stages=("segment", "actors", "coref", "quotes"))
    pipeline = Pipeline(config)
    documents = []
    for n in range(12):
        text = "\n\n".join(PARAGRAPHS[n % len(PARAGRAPHS) :] + PARAGRAPHS[: n % len(PARAGRAPHS)])
        documents.append(Document(id=content_id(text + str(n)), text=text))
    list(pipeline.pipe(documents[:2]))  # warm-up: lexicons, matchers
    for key in pipeline.timings:
        pipeline.timings[key] = 0.0
    outcomes = list(pipeline.pipe(documents))
    assert all(o.ok for o in outcomes)
    assert all(o.extraction is not None and o.extraction.quotes for o in outcomes)
    total = sum(pipeline.timings.values())
    assert pipeline.timings["quotes"] <= 0.10 * total, dict(pipeline.timings)
    assert pipeline.timings["coref"] <= 0.10 * total, dict(pipeline.timings)
