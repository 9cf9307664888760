"""Many reports, one record: cross-report fusion.

* :mod:`dateline.fusion.dedup` -- near-duplicate documents (MinHash LSH, datasketch);
* :mod:`dateline.fusion.stories` -- incremental story clusters (TF-IDF over word stems
  plus shared actors, places and event types, within a time window);
* :mod:`dateline.fusion.matching` -- when two events from different reports are the
  same happening, possibly the same, or different; cross-report contradictions;
* :mod:`dateline.fusion.engine` -- the store-backed incremental process
  (:func:`fuse_document`, :func:`refuse_all`) and the query functions
  (:func:`fused_events`, :func:`stories`, :func:`duplicates`);
* :mod:`dateline.fusion.ecb` / :mod:`dateline.fusion.coref` / :mod:`dateline.fusion.scoring`
  -- the ECB+ reader, cross-document event coreference and its metrics.

This package imports nothing at module level: the store backends import
:mod:`dateline.fusion.tables` while they are themselves being imported.
"""

from __future__ import annotations

from typing import Any

_API = {
    "fuse_document": "engine",
    "fuse_or_error": "engine",
    "refuse_all": "engine",
    "fused_events": "engine",
    "fused_event": "engine",
    "stories": "engine",
    "duplicates": "engine",
    "cross_contradictions": "engine",
    "fused_event_of": "engine",
    "links": "engine",
    "prune": "engine",
    "is_fused": "engine",
    "fuse_unfused": "repair",
    "totals": "engine",
    "FusionReport": "engine",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        module = importlib.import_module(f"dateline.fusion.{_API[name]}")
        return getattr(module, name)
    raise AttributeError(name)
