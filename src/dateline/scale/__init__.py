"""Corpus-scale processing: batch engines (local processes or Dask) and Parquet output.

Public API::

    from dateline.scale import run_batch, read_table
    report = run_batch(["articles.jsonl"], Config.load(), engine="dask", workers=2,
                       out="out/")
    events = read_table("out/", "events").to_pandas()

See ``docs/scale.md``.
"""

from __future__ import annotations

from dateline.scale.parquet import TABLES, ParquetOutput, iter_extractions, read_table
from dateline.scale.runner import BatchReport, run_batch

__all__ = ["TABLES", "BatchReport", "ParquetOutput", "iter_extractions", "read_table", "run_batch"]
