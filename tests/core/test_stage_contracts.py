"""Every stage declares what it reads and writes, and does only that.

The built-in stages run on a text written for this test, each behind a
recording :class:`Extraction` / :class:`Document` / ``shared`` dict: a layer a
stage reads must be among its ``requires``, ``reads``, ``assigns`` or
``updates``; a layer it changes among its ``assigns`` or ``updates``. The
documentation's stage table is the registry's.
"""

from __future__ import annotations

import copy
import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from dateline.config import DEFAULT_STAGES, Config
from dateline.model import Document, Extraction
from dateline.pipeline import BASE_LAYERS, BUILTIN_STAGES, Analysis, Pipeline, StageSpec, get_stage
from dateline.textnorm import normalize_for_nlp

ROOT = Path(__file__).resolve().parents[2]

# Where each layer lives.
EXTRACTION_LAYERS = ("entities", "actors", "places", "timexes", "quotes", "events", "contradictions")
DOCUMENT_LAYERS = ("sentences", "paragraphs")
SHARED_LAYERS = ("coref",)

TEXT = (
    "KYIV, March 3 - Russian forces shelled the city of Kharkiv on Monday, killing two "
    "civilians, Ukraine's defence ministry said.\n\n"
    "President Volodymyr Zelenskiy condemned the attack. \"I will not leave my country,\" he told "
    "reporters in Kyiv on Tuesday. He said the strikes must stop. Ukrainian officials said "
    "the city was calm by evening.\n\n"
    "Foreign Minister Dmytro Kuleba said he would meet his Polish counterpart in Warsaw next "
    "week to discuss air defence. According to the ministry, the talks will focus on "
    "sanctions against Moscow. Russia denied the attack and accused Kyiv of lying.\n"
)


class _Log:
    def __init__(self) -> None:
        self.on = False
        self.reads: set[str] = set()

    def read(self, layer: str) -> None:
        if self.on:
            self.reads.add(layer)


LOG = _Log()


def _recording(cls: type, layers: tuple[str, ...]) -> type:
    """A layout-compatible subclass of a slots dataclass that logs layer reads."""

    def __getattribute__(self: Any, name: str) -> Any:
        if name in layers:
            LOG.read(name)
        return cls.__getattribute__(self, name)

    return type(f"Recording{cls.__name__}", (cls,), {"__slots__": (), "__getattribute__": __getattribute__})


class _Shared(dict):  # type: ignore[type-arg]
    def __getitem__(self, key: str) -> Any:
        LOG.read(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        LOG.read(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        LOG.read(str(key))
        return super().__contains__(key)

    def setdefault(self, key: str, default: Any = None) -> Any:
        LOG.read(key)
        return super().setdefault(key, default)


def _snapshot(analysis: Analysis) -> dict[str, Any]:
    state = {name: copy.deepcopy(getattr(analysis.extraction, name)) for name in EXTRACTION_LAYERS}
    state.update({name: copy.deepcopy(getattr(analysis.document, name)) for name in DOCUMENT_LAYERS})
    state.update({name: copy.deepcopy(dict.get(analysis.shared, name)) for name in SHARED_LAYERS})
    return state


def observe(config: Config, text: str = TEXT) -> dict[str, tuple[set[str], set[str]]]:
    """Stage -> (layers read, layers changed) on ``text``."""
    pipeline = Pipeline(config)
    document = Document(id="contract", text=text, published="2024-03-05")
    extraction = Extraction(document=document)
    analysis = Analysis(document, pipeline.nlp(normalize_for_nlp(text)), config, extraction, _Shared())
    document.__class__ = _recording(Document, DOCUMENT_LAYERS)
    extraction.__class__ = _recording(Extraction, EXTRACTION_LAYERS)
    seen: dict[str, tuple[set[str], set[str]]] = {}
    for name, stage in pipeline.stages:
        before = _snapshot(analysis)
        LOG.reads = set()
        LOG.on = True
        try:
            stage(analysis)
        finally:
            LOG.on = False
        after = _snapshot(analysis)
        seen[name] = (set(LOG.reads), {layer for layer in before if before[layer] != after[layer]})
        extraction.layers.append(name)
    return seen


def _violations(seen: dict[str, tuple[set[str], set[str]]]) -> list[str]:
    found = []
    for name, (reads, writes) in seen.items():
        spec = get_stage(name)
        may_read = set(spec.requires) | set(spec.reads) | set(spec.assigns) | set(spec.updates) | BASE_LAYERS
        may_write = set(spec.assigns) | set(spec.updates)
        found += [f"{name} reads {layer} undeclared" for layer in sorted(reads - may_read)]
        found += [f"{name} writes {layer} undeclared" for layer in sorted(writes - may_write)]
    return found


@pytest.mark.model
@pytest.mark.parametrize("options", [{}, {"quotes": {"mode": "attribution"}}], ids=["default", "attribution"])
def test_stages_touch_only_what_they_declare(options: dict[str, Any]) -> None:
    seen = observe(Config(stage_options=options))
    assert set(seen) == set(DEFAULT_STAGES)
    # the text exercises every stage (else the check proves nothing)
    assert all(seen[name][1] for name in DEFAULT_STAGES), seen
    assert _violations(seen) == []


def test_a_stage_that_reads_an_undeclared_layer_is_caught() -> None:
    spec = get_stage("places")
    seen = {"places": ({"entities", "quotes"}, {"places", "events"})}
    assert spec.name == "places"
    assert _violations(seen) == ["places reads quotes undeclared", "places writes events undeclared"]


def test_declared_layers_are_known() -> None:
    known = set(EXTRACTION_LAYERS) | set(DOCUMENT_LAYERS) | set(SHARED_LAYERS) | BASE_LAYERS
    for name in BUILTIN_STAGES:
        spec = get_stage(name)
        for layer in (*spec.requires, *spec.reads, *spec.assigns, *spec.updates):
            assert layer in known, (name, layer)


def stage_table(specs: list[StageSpec]) -> str:
    """The markdown table of ``docs/architecture.md``, from the registry."""
    rows = [
        "| stage | module | requires | reads when present | assigns | updates |",
        "|---|---|---|---|---|---|",
    ]
    for spec in specs:
        file = importlib.import_module(BUILTIN_STAGES[spec.name]).__file__ or ""
        module = str(Path(file).relative_to(ROOT / "src" / "dateline")).removesuffix("/__init__.py")
        cells = [", ".join(layers) or "-" for layers in (spec.requires, spec.reads, spec.assigns, spec.updates)]
        rows.append(f"| {spec.name} | {module} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def test_the_architecture_docs_show_the_registry() -> None:
    docs = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    expected = stage_table([get_stage(name) for name in DEFAULT_STAGES])
    table = re.search(r"^\| stage \|.*?(?=\n\n)", docs, re.MULTILINE | re.DOTALL)
    assert table is not None and table.group(0) == expected, f"docs/architecture.md's stage table should be:\n{expected}"
