"""dateline: source-linked, queryable records of who did and said what to whom,
when and where, from news reports."""

from dateline.version import PIPELINE_VERSION, __version__

__all__ = ["PIPELINE_VERSION", "__version__"]
