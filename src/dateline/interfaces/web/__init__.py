"""The REST API and web UI (``dateline serve``): a FastAPI app over the store.

Install with the ``web`` extra. :func:`create_app` builds the app; the UI is
vanilla JS/CSS/SVG under ``static/`` and needs no network access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """Build the app (see :func:`dateline.interfaces.web.app.create_app`)."""
    from dateline.interfaces.web.app import create_app as build

    return build(*args, **kwargs)
