"""Many reports, one record: cross-report fusion.

* :mod:`dateline.fusion.dedup` -- near-duplicate documents (MinHash LSH, datasketch);
* :mod:`dateline.fusion.stories` -- incremental story clusters (TF-IDF over word stems
  plus shared actors, places and event types, within a time window);
* :mod:`dateline.fusion.matching` -- when two events from different reports are the
  same happening, possibly the same, or different; cross-report contradictions;
* :mod:`dateline.fusion.engine` -- the store-backed incremental write path
  (:func:`fuse_document`, :func:`refuse_all`, :func:`prune`), with
  :mod:`dateline.fusion.session` (its transaction and member rows) and
  :mod:`dateline.fusion.groups` (fused events as groups of ``same`` links);
* :mod:`dateline.fusion.repair` -- fusing documents stored but never fused.

The tables are the store's (:mod:`dateline.store.fusion_tables`), and so are the read
queries (:mod:`dateline.store.fusion_queries`: :func:`fused_events`, :func:`stories`,
:func:`duplicates`, ...), re-exported here. The ECB+ evaluation of cross-document
coreference lives in :mod:`dateline.eval` (``ecb_corpus``, ``ecb_coref``,
``coref_metrics``).
"""

from __future__ import annotations

from dateline.fusion.engine import FusionReport, fuse_document, fuse_or_error, prune, refuse_all
from dateline.fusion.repair import fuse_unfused
from dateline.store.fusion_queries import (
    cross_contradictions,
    duplicates,
    fused_event,
    fused_event_of,
    fused_events,
    is_fused,
    links,
    stories,
    totals,
)

__all__ = [
    "FusionReport",
    "cross_contradictions",
    "duplicates",
    "fuse_document",
    "fuse_or_error",
    "fuse_unfused",
    "fused_event",
    "fused_event_of",
    "fused_events",
    "is_fused",
    "links",
    "prune",
    "refuse_all",
    "stories",
    "totals",
]
