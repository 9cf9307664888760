"""Precision, recall and F1, computed one way for every evaluation."""

from __future__ import annotations


def prf(hits_predicted: float, predicted: float, hits_gold: float, gold: float) -> tuple[float, float, float]:
    """(precision, recall, F1). Hits are counted on each side: with one-to-one matching
    both are the same number; with overlap matching, predicted items that hit and gold
    items that were hit can differ. An empty side scores 0."""
    p = hits_predicted / predicted if predicted else 0.0
    r = hits_gold / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
