from __future__ import annotations

import pytest

from dateline.eval.coref_metrics import b_cubed, ceaf_e, conll, muc


def test_perfect_response_scores_one() -> None:
    key = {"a": 1, "b": 1, "c": 2}
    scores = conll(key, dict(key))
    assert scores["conll"]["f1"] == pytest.approx(1.0)


def test_muc_textbook_example() -> None:
    # Vilain et al. 1995: key {A,B,C,D}, response {A,B},{C,D}: recall 2/3, precision 1.
    s = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert s["r"] == pytest.approx(2 / 3) and s["p"] == pytest.approx(1.0)


def test_b_cubed_all_singletons_response() -> None:
    key = [{"a", "b"}, {"c"}]
    response = [{"a"}, {"b"}, {"c"}]
    s = b_cubed(key, response)
    assert s["p"] == pytest.approx(1.0)
    assert s["r"] == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_ceaf_e_one_to_one_alignment() -> None:
    key = [{"a", "b"}, {"c", "d"}]
    response = [{"a", "b", "c", "d"}]
    s = ceaf_e(key, response)
    # phi4({a,b},{a,b,c,d}) = 2*2/(2+4) = 2/3, only one alignment possible.
    assert s["p"] == pytest.approx(2 / 3) and s["r"] == pytest.approx(1 / 3)


def test_missing_mentions_lower_recall_only() -> None:
    key = {"a": 1, "b": 1, "c": 2}
    s = conll(key, {"a": 1, "b": 1})
    assert s["b3"]["p"] == pytest.approx(1.0) and s["b3"]["r"] < 1.0
