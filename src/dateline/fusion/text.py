"""Text features for fusion: word shingles, crude stems, TF-IDF vectors, cosine.

No spaCy here: fusion runs on every ingest and in the 100k-event benchmark, so
features come from a regular-expression tokenizer. The stemmer only folds the
commonest English inflections (-s, -es, -ed, -ing) so that "strike"/"strikes"
and "shelled"/"shelling" share a term.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from dateline.fusion.resources import stopwords

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def shingles(text: str, size: int) -> set[str]:
    """Overlapping word ``size``-grams (the whole text when it is shorter)."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ss"):
        return word
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "escape"/"escaped" and "strike"/"striking" share "escap", "strik".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


YEAR = re.compile(r"(?:19|20)\d\d")


def terms(text: str) -> Counter[str]:
    """Content-word stems with their counts.

    Stopwords, 1-letter words and numbers are left out, except years: "the 2009
    ceremony" and "the 2014 ceremony" are different stories.
    """
    stop = stopwords()
    return Counter(
        stem(w) for w in words(text)
        if len(w) > 1 and w not in stop and (not w.isdigit() or YEAR.fullmatch(w))
    )


def tfidf(counts: Mapping[str, int], df: Mapping[str, int], n_docs: int, top: int) -> dict[str, float]:
    """Sublinear TF times smoothed IDF, the ``top`` heaviest terms, L2-normalised."""
    weights = {
        term: (1.0 + math.log(count)) * (math.log((1 + n_docs) / (1 + df.get(term, 0))) + 1.0)
        for term, count in counts.items()
    }
    best = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return normalise(dict(best))


def normalise(vector: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0
