"""Near-duplicate documents: MinHash signatures over word shingles, LSH bands.

A document seen twice (the same wire story re-published, a re-crawl with a
changed footer) must be linked to its first copy and not counted as a second
source. Signatures come from ``datasketch.MinHash``; the band layout (``b`` bands
of ``r`` rows) is datasketch's optimum for the Jaccard threshold in
``data/fusion/rules.json``. Bands are stored as ``(band, key)`` rows so that the
store finds candidates with one indexed query instead of holding an in-memory
index; every candidate is then confirmed on the estimated Jaccard similarity.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from dateline.fusion.resources import rules
from dateline.fusion.text import shingles


@dataclass(frozen=True)
class DuplicateSettings:
    shingle: int = 5
    num_perm: int = 128
    threshold: float = 0.8
    seed: int = 1

    @classmethod
    def load(cls) -> DuplicateSettings:
        data = rules()["duplicates"]
        return cls(int(data["shingle"]), int(data["num_perm"]), float(data["threshold"]), int(data["seed"]))


@lru_cache(maxsize=8)
def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising false positives + negatives around ``threshold``."""
    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(bands), int(rows)


@lru_cache(maxsize=4)
def _template(num_perm: int, seed: int) -> MinHash:
    # Building the permutations is the slow part of MinHash(); copy them instead.
    return MinHash(num_perm=num_perm, seed=seed)


def signature(text: str, settings: DuplicateSettings | None = None) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint64 values) of ``text``'s word shingles."""
    settings = settings or DuplicateSettings.load()
    minhash = _template(settings.num_perm, settings.seed).copy()
    grams = shingles(text, settings.shingle)
    if grams:
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / float(len(a))


def band_keys(sig: np.ndarray, settings: DuplicateSettings | None = None) -> list[tuple[int, int]]:
    """``(band, key)`` pairs: two documents sharing one are duplicate candidates."""
    settings = settings or DuplicateSettings.load()
    bands, rows = band_layout(settings.threshold, settings.num_perm)
    keys = []
    for band in range(bands):
        chunk = sig[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))  # fits SQLite INTEGER
    return keys


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


@dataclass
class DuplicateIndex:
    """An in-memory index with the store's semantics (for evaluation and tests).

    ``add`` returns ``(canonical_id, similarity)`` when the document is a
    near-duplicate of one added before (the earliest such copy), else ``None``.
    """

    settings: DuplicateSettings = field(default_factory=DuplicateSettings.load)
    _bands: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    _sigs: dict[str, np.ndarray] = field(default_factory=dict)
    _canonical: dict[str, str] = field(default_factory=dict)

    def add(self, doc_id: str, text: str) -> tuple[str, float] | None:
        sig = signature(text, self.settings)
        keys = band_keys(sig, self.settings)
        best: tuple[str, float] | None = None
        seen: set[str] = set()
        for key in keys:
            for other in self._bands.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                sim = similarity(sig, self._sigs[other])
                if sim >= self.settings.threshold and (best is None or sim > best[1]):
                    best = (other, sim)
        for key in keys:
            self._bands.setdefault(key, []).append(doc_id)
        self._sigs[doc_id] = sig
        if best is not None:
            canonical = self._canonical.get(best[0], best[0])
            self._canonical[doc_id] = canonical
            return canonical, best[1]
        return None

    def canonical(self, doc_id: str) -> str:
        return self._canonical.get(doc_id, doc_id)
