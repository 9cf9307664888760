"""Moved to :mod:`dateline.backbone` (the pipeline core loads it, so it is no
stage's); this name stays only for ``fusion/stories.py``, whose import the store
refactor changes -- delete this file then."""

from dateline.backbone import load_spacy

__all__ = ["load_spacy"]
