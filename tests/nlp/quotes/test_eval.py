"""The PolNeAR reader, the scorer, the citron export and the pinned floors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dateline.eval.floors import below_floors, load_floors
from dateline.eval.polnear import Attribution, load_split, parse_ann
from dateline.eval.quotes import Scorer
from dateline.model import Actor, Document, Extraction, Mention, Quote, Span, Speaker

ANN = (
    "T1\tSource 0 4\tAnna\n"
    "T2\tCue 5 9\tsaid\n"
    "T3\tContent 10 20;25 30\tthe bridge\n"
    "T4\tAttribution 5 9\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tDiscuss 0 4\tAnna\n"
    "a stray line from a span text with a line break\n"
)


def test_parse_ann_reads_discontinuous_spans_and_skips_noise() -> None:
    (attribution,) = parse_ann(ANN)
    assert attribution.source == ((0, 4),)
    assert attribution.cue == ((5, 9),)
    assert attribution.content == ((10, 20), (25, 30))


def test_load_split_picks_the_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "doc-a.txt").write_text("Anna said the bridge is open now.", encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "doc-a_b2.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "doc-a_a1.ann").write_text("", encoding="utf-8")
    (document,) = load_split(tmp_path, "dev")
    assert document.annotator == "a1" and document.attributions == []


def test_scorer_exact_token_and_overlap() -> None:
    text = "Anna said the bridge is open now and the road too."
    gold = [Attribution("g", ((0, 4),), ((5, 9),), ((10, 31),))]
    pred = [Attribution("p", ((0, 4),), ((5, 9),), ((10, 27),))]
    scorer = Scorer()
    scorer.add_document(text, gold, pred)
    result = scorer.results()
    assert result["exact"]["source"]["f1"] == 1.0
    assert result["exact"]["content"]["f1"] == 0.0
    assert result["token"]["content"]["p"] == 1.0
    assert 0.7 < result["token"]["content"]["r"] < 1.0
    assert result["overlap_0.3"]["content"]["f1"] == 1.0
    assert result["overlap_0.8"]["content"]["f1"] == 1.0


def test_citron_export_shape() -> None:
    from dateline.export import citron

    text = "Anna Berg said that the bridge is open. She added more."
    document = Document(id="d1", text=text)
    actor = Actor("person:anna-berg", "Anna Berg", kind="person",
                  mentions=[Mention(0, 9, "Anna Berg"), Mention(40, 43, "She")])
    quote = Quote(
        id="q1", kind="indirect", cue=Span.of(text, 10, 14),
        content=[Span.of(text, 15, 38)],
        speaker=Speaker(Span.of(text, 40, 43), actor.id, actor.name), confidence=0.8,
    )
    extraction = Extraction(document=document, actors=[actor], quotes=[quote])
    stream = io.StringIO()
    assert citron.write([extraction], stream) == 1
    record = json.loads(stream.getvalue())
    (item,) = record["quotes"]
    assert item["cue"] == {"text": "said", "start": 10, "end": 14}
    assert item["sources"] == [{"text": "She", "start": 40, "end": 43}]
    assert item["contents"][0]["text"] == "that the bridge is open"
    assert item["coreferences"] == [{"text": "Anna Berg", "start": 0, "end": 9}]
    assert item["dateline"]["speaker"]["actor_id"] == "person:anna-berg"


@pytest.mark.shared
@pytest.mark.model
def test_polnear_dev_meets_floors(shared_dir: Path) -> None:
    from dateline.eval.quotes import evaluate_quotes, headline

    corpus = shared_dir / "data" / "polnear"
    if not (corpus / "dev").is_dir():
        pytest.skip("PolNeAR dev split not found")
    report = evaluate_quotes(corpus, "dev", peer=False)
    floors = load_floors("quotes")
    assert floors, "no floors pinned for quotes"
    assert below_floors(headline(report), floors) == []


@pytest.mark.shared
@pytest.mark.model
def test_seed_quotes_meet_floors(seed_dir: Path) -> None:
    from dateline.config import Config
    from dateline.eval.seed import evaluate_seed

    config = Config().with_overrides(stages=("segment", "actors", "coref", "quotes"))
    scores = evaluate_seed(seed_dir, config)
    floors = {k: v for k, v in load_floors("seed").items() if k.startswith("quotes.")}
    assert floors
    assert below_floors({"quotes": scores["quotes"]}, floors) == []



def test_annotator_pairs_take_the_first_two_annotators(tmp_path: Path) -> None:
    from dateline.eval.polnear import annotator_pairs

    (tmp_path / "train" / "text").mkdir(parents=True)
    (tmp_path / "train" / "attributions").mkdir()
    (tmp_path / "train" / "text" / "doc-a.txt").write_text("Anna said the bridge is open now.", encoding="utf-8")
    (tmp_path / "train" / "text" / "doc-b.txt").write_text("Nobody said anything.", encoding="utf-8")
    (tmp_path / "train" / "attributions" / "doc-a_a1.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "train" / "attributions" / "doc-a_b2.ann").write_text("", encoding="utf-8")
    (tmp_path / "train" / "attributions" / "doc-b_a1.ann").write_text("", encoding="utf-8")
    ((name, _, first, second),) = annotator_pairs(tmp_path)
    assert name == "doc-a" and len(first) == 1 and second == []


@pytest.mark.shared
def test_annotator_agreement_is_reported_as_the_human_ceiling(shared_dir: Path) -> None:
    from dateline.eval.quotes import annotator_agreement

    corpus = shared_dir / "data" / "polnear"
    if not (corpus / "train").is_dir():
        pytest.skip("PolNeAR train split not found")
    agreement = annotator_agreement(corpus)
    assert agreement["documents"] >= 10
    exact = agreement["scores"]["exact"]
    # People disagree on exact boundaries far more than on which words are reported.
    assert 0.5 < exact["content"]["f1"] < agreement["scores"]["token"]["content"]["f1"] <= 1.0
