"""Stage ``time``: TIMEX3 recognition and normalisation, quote dates, event dating.

Importing the package registers the stage (``pipeline.BUILTIN_STAGES`` maps
"time" here). Public API: :class:`TimeTagger` (text + anchor -> timexes, no
pipeline needed) and :func:`dating.date_for_span` for the events stage.
"""

from __future__ import annotations

from dateline.nlp.time import stage as _stage  # noqa: F401  (registers the stage)
from dateline.nlp.time.dating import date_for_span, precision_of
from dateline.nlp.time.tagger import TimeTagger

__all__ = ["TimeTagger", "date_for_span", "precision_of"]
