"""The FastAPI application: REST API under ``/api``, the UI at ``/``."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from dateline.config import Config
from dateline.errors import DatelineError
from dateline.interfaces.web import routes
from dateline.interfaces.web.errors import CatchAll, install_error_handlers
from dateline.interfaces.web.security import BodySizeLimit
from dateline.interfaces.web.state import DEFAULT_MAX_BODY_BYTES, Settings, StoreAccess
from dateline.version import PIPELINE_VERSION

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

DESCRIPTION = """\
The dateline record over HTTP: documents, PLOVER events, quotes, actors, places,
contradictions, a timeline, full-text search and counts. Every fact points at
character spans of its document's text.

Reads are open. `POST /api/documents` needs `Authorization: Bearer <token>` with the
token from `DATELINE_TOKEN` or the config file's `api_token`; with none configured,
writes are refused. Errors are JSON: `{"status": <code>, "message": "..."}`.
"""


def create_app(
    config: Config | None = None,
    store: Any | None = None,
    *,
    read_only: bool = False,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    extract_workers: int = 0,
    document_timeout: float = 60.0,
) -> FastAPI:
    """Build the app over ``store`` (opened from ``config.db`` when not given).

    A store passed in stays the caller's to close; one opened here is closed
    when the app shuts down. With ``extract_workers`` (``dateline serve``: 1), posted
    documents are extracted in that many worker processes, each document within
    ``document_timeout`` seconds (:mod:`dateline.scale.isolated`); with 0, in the
    request's thread, one at a time.
    """
    config = config or Config.load()
    owns_store = store is None
    if store is None:
        from dateline.store import open_store

        store = open_store(config.db)
    opened = store
    pool = None
    if extract_workers and not read_only:
        from dateline.scale.isolated import ExtractionPool

        pool = ExtractionPool(config, size=extract_workers, deadline=document_timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        access: StoreAccess = app.state.access
        if not read_only:
            _open_reader(access, config.db)
        if pool is not None:
            # The write path's modules (fusion: datasketch, scipy) take seconds to import,
            # holding the GIL: now, not inside the first write while reads wait.
            import dateline.fusion.engine  # noqa: F401
            # and the workers' pipelines, not on the first write
            threading.Thread(target=_warm, args=(pool,), name="dateline-warm-up", daemon=True).start()
        yield
        if pool is not None:
            pool.close()
        access.close_reader()
        if owns_store:
            opened.close()

    app = FastAPI(
        title="dateline", version=PIPELINE_VERSION, description=DESCRIPTION,
        lifespan=lifespan, openapi_url="/api/openapi.json",
        # FastAPI's Swagger/ReDoc pages load their scripts from a CDN; the UI's own
        # API page (#/api) renders the OpenAPI description offline instead
        docs_url=None, redoc_url=None,
    )
    app.state.settings = Settings(config=config, read_only=read_only, max_body_bytes=max_body_bytes)
    app.state.access = StoreAccess(store)
    app.state.extract_lock = threading.Lock()
    app.state.extraction_pool = pool
    install_error_handlers(app)
    app.include_router(routes.router)

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                   include_in_schema=False)
    def unknown_endpoint(rest: str) -> Response:
        raise routes.not_found("/api/" + rest)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        # the UI routes with the URL fragment (#/timeline, #/event/...), so one page serves all
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        # everything the UI needs is served from here: forbid any other origin
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(CatchAll)  # added last: outermost of ours
    return app


def _open_reader(access: StoreAccess, db: str) -> None:
    import logging

    try:
        access.open_reader(db)
    except DatelineError as exc:  # reads share the writer's connection, as before
        logging.getLogger("dateline.web").warning("no separate read connection: %s", exc)


def _warm(pool: Any) -> None:
    import logging

    try:
        pool.warm_up()
    except Exception as exc:  # noqa: BLE001 - reported again by the first write
        logging.getLogger("dateline.web").warning("extraction workers did not start: %s", exc)
