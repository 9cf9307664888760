"""Named-feature rows as one dense matrix, for the small linear models the
stages score with numpy (the event filter, the speaker ranker) and their
training scripts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def feature_matrix(rows: Sequence[Mapping[str, float]], names: Sequence[str]) -> np.ndarray:
    """One row per mapping, one column per name; names a row lacks are 0 and
    names outside ``names`` (never trained on) are left out."""
    index = {name: i for i, name in enumerate(names)}
    matrix = np.zeros((len(rows), len(names)))
    for r, row in enumerate(rows):
        for name, value in row.items():
            column = index.get(name)
            if column is not None:
                matrix[r, column] = value
    return matrix
