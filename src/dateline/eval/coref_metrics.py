"""Coreference metrics: MUC, B-cubed, CEAF-e and their average (CoNLL F1).

Clusterings are ``{mention: cluster_id}`` maps. Following the CoNLL-2012 scorer:
MUC counts links (singletons contribute nothing), B-cubed averages per-mention
precision/recall over all mentions, CEAF-e aligns key and response entities one
to one (Hungarian algorithm) with the phi4 similarity. When the response lacks a
key mention (detected rather than gold mentions) it simply is not in any
response cluster, which lowers recall.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = list[set[Hashable]]


def clusters(assignment: Mapping[Any, Any]) -> Clusters:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in assignment.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _prf(num_p: float, den_p: float, num_r: float, den_r: float) -> dict[str, float]:
    p = num_p / den_p if den_p else 0.0
    r = num_r / den_r if den_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f}


def _muc_side(key: Clusters, response: Clusters) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for cluster in key:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    rn, rd = _muc_side(key, response)
    pn, pd = _muc_side(response, key)
    return _prf(pn, pd, rn, rd)


def _b3_side(key: Clusters, response: Clusters) -> tuple[float, float]:
    where = {m: i for i, c in enumerate(response) for m in c}
    total = 0.0
    count = 0
    for cluster in key:
        overlaps: dict[int, int] = defaultdict(int)
        for m in cluster:
            if m in where:
                overlaps[where[m]] += 1
        total += sum(n * n for n in overlaps.values()) / len(cluster)
        count += len(cluster)
    return total, count


def b_cubed(key: Clusters, response: Clusters) -> dict[str, float]:
    rn, rd = _b3_side(key, response)
    pn, pd = _b3_side(response, key)
    return _prf(pn, pd, rn, rd)


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    if not key or not response:
        return {"p": 0.0, "r": 0.0, "f1": 0.0}
    where = {m: j for j, c in enumerate(response) for m in c}
    sim = np.zeros((len(key), len(response)))
    for i, cluster in enumerate(key):
        for m in cluster:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
    for i, k in enumerate(key):
        for col in np.nonzero(sim[i])[0]:
            sim[i, col] = 2 * sim[i, col] / (len(k) + len(response[int(col)]))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(response), total, len(key))


def conll(key_assignment: Mapping[Any, Any], response_assignment: Mapping[Any, Any]) -> dict[str, dict[str, float]]:
    key, response = clusters(key_assignment), clusters(response_assignment)
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceaf_e": ceaf_e(key, response)}
    scores["conll"] = {"f1": sum(s["f1"] for s in scores.values()) / 3}
    return scores
