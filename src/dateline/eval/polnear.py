"""Reader for PolNeAR's brat standoff files (attributions: source, cue, content).

Layout: ``<corpus>/<split>/text/<name>.txt`` and
``<corpus>/<split>/attributions/<name>_<annotator>.ann``. An article annotated
by several annotators is read from one of them only, chosen deterministically:
the first annotation file in sorted name order. Spans may be discontinuous
(brat's ``start end;start end``). Offsets are character offsets into the text
file as read with universal newlines (PolNeAR's files use ``\\n``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dateline.errors import DataUnavailableError, EvaluationError

Spans = tuple[tuple[int, int], ...]
_ANN_LINE = re.compile(r"^[TE]\d+\t")
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class Attribution:
    id: str
    source: Spans
    cue: Spans
    content: Spans

    def role(self, name: str) -> Spans:
        spans: Spans = getattr(self, name)
        return spans


@dataclass
class PolnearDocument:
    name: str
    text: str
    annotator: str
    attributions: list[Attribution] = field(default_factory=list)


def split_dir(corpus: Path, split: str) -> Path:
    for candidate in (corpus / split, corpus / "data" / split):
        if (candidate / "text").is_dir() and (candidate / "attributions").is_dir():
            return candidate
    raise DataUnavailableError(
        f"PolNeAR split {split!r} not found (expected {split}/text and {split}/attributions)",
        source=str(corpus),
    )


def load_split(corpus: Path, split: str, limit: int | None = None) -> list[PolnearDocument]:
    """The articles of one split, in sorted file-name order (``limit`` keeps the first N)."""
    folder = split_dir(corpus, split)
    annotations: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name, _, annotator = ann.stem.rpartition("_")
        annotations.setdefault(name, []).append(ann)
    documents = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        files = annotations.get(text_path.stem)
        if not files:
            continue
        ann = files[0]
        text = text_path.read_text(encoding="utf-8")
        documents.append(
            PolnearDocument(
                name=text_path.stem,
                text=text,
                annotator=ann.stem.rpartition("_")[2],
                attributions=parse_ann(ann.read_text(encoding="utf-8"), source=str(ann)),
            )
        )
        if limit is not None and len(documents) >= limit:
            break
    return documents


def annotator_pairs(
    corpus: Path, splits: tuple[str, ...] = ("train", "dev")
) -> list[tuple[str, str, list[Attribution], list[Attribution]]]:
    """(name, text, first annotator, second annotator) for every article that
    two annotators marked up (the first two annotation files in sorted order)."""
    pairs = []
    for split in splits:
        try:
            folder = split_dir(corpus, split)
        except DataUnavailableError:
            continue
        files: dict[str, list[Path]] = {}
        for ann in sorted((folder / "attributions").glob("*.ann")):
            files.setdefault(ann.stem.rpartition("_")[0], []).append(ann)
        for name, anns in sorted(files.items()):
            text_path = folder / "text" / f"{name}.txt"
            if len(anns) < 2 or not text_path.is_file():
                continue
            first, second = (parse_ann(a.read_text(encoding="utf-8"), source=str(a)) for a in anns[:2])
            pairs.append((name, text_path.read_text(encoding="utf-8"), first, second))
    return pairs


def parse_ann(data: str, source: str = "<ann>") -> list[Attribution]:
    """Attributions (``E`` lines) with their Source/Cue/Content text-bound spans."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for line_no, line in enumerate(data.splitlines(), 1):
        if not _ANN_LINE.match(line):
            continue  # blank, or the continuation of a span text that held a line break
        parts = line.split("\t")
        try:
            if line.startswith("T"):
                label, _, ranges = parts[1].partition(" ")
                ranges_ = []
                for piece in ranges.split(";"):
                    start, end = piece.split()
                    ranges_.append((int(start), int(end)))
                spans[parts[0]] = (label, tuple(sorted(ranges_)))
            elif line.startswith("E"):
                args: dict[str, list[str]] = {}
                for arg in parts[1].split():
                    role, _, ref = arg.partition(":")
                    args.setdefault(role.rstrip("0123456789").lower(), []).append(ref)
                events.append((parts[0], args))
        except (IndexError, ValueError):
            raise EvaluationError(f"malformed brat line {line_no}: {line!r}", source=source) from None
    attributions = []
    for event_id, args in events:
        roles: dict[str, Spans] = {}
        for role in ROLES:
            pieces: list[tuple[int, int]] = []
            for ref in args.get(role, []):
                if ref in spans:
                    pieces.extend(spans[ref][1])
            roles[role] = tuple(sorted(pieces))
        if roles["content"] or roles["cue"]:
            attributions.append(Attribution(event_id, roles["source"], roles["cue"], roles["content"]))
    return attributions
