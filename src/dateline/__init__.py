"""dateline: source-linked, queryable records of who did and said what to whom,
when and where, from news reports.

The Python API (loaded on first use, so ``import dateline`` stays cheap: spaCy
is loaded by the first extraction, pandas and pyarrow by the first
``to_pandas()``/``to_arrow()``)::

    import dateline

    record = dateline.extract(text, published="2022-02-24")   # an Extraction
    for record in dateline.extract_many(texts): ...             # batched (nlp.pipe)
    with dateline.open("dateline.db") as store:                 # a stored record
        frame = store.events(actor="RUS").to_pandas()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateline.version import PIPELINE_VERSION, __version__

if TYPE_CHECKING:
    from dateline.api import extract, extract_many
    from dateline.config import Config
    from dateline.model import Event, Extraction, Quote
    from dateline.query import Records, Store
    from dateline.query import open_store as open

# public name -> (module, attribute), imported when first used
_LAZY: dict[str, tuple[str, str]] = {
    "extract": ("dateline.api", "extract"),
    "extract_many": ("dateline.api", "extract_many"),
    "open": ("dateline.query", "open_store"),
    "Store": ("dateline.query", "Store"),
    "Records": ("dateline.query", "Records"),
    "Config": ("dateline.config", "Config"),
    "Extraction": ("dateline.model", "Extraction"),
    "Event": ("dateline.model", "Event"),
    "Quote": ("dateline.model", "Quote"),
}

__all__ = [
    "PIPELINE_VERSION", "Config", "Event", "Extraction", "Quote", "Records", "Store",
    "__version__", "extract", "extract_many", "open",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
