"""JSON errors: every error response is ``{"status": <int>, "message": <str>}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.errors import (
    DatelineError,
    DocumentTooLargeError,
    FusionUnavailableError,
    InputError,
    NotFoundError,
    QueryError,
)

log = logging.getLogger("dateline.web")


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"status": status, "message": message}, status_code=status, headers=headers)


def _status_for(exc: DatelineError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, DocumentTooLargeError):
        return 413
    if isinstance(exc, FusionUnavailableError):
        return 501  # this store backend keeps no fusion tables
    if isinstance(exc, QueryError | InputError):
        return 400
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> JSONResponse:
        status = _status_for(exc)
        if status == 500:
            log.exception("internal error", exc_info=exc)
        return error_response(status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
            parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg")))
        return error_response(400, "invalid request: " + "; ".join(parts))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal server error")
