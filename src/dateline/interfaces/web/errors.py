"""JSON errors: every error response is ``{"status": <int>, "message": <str>}``."""

from __future__ import annotations

import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.errors import (
    DatelineError,
    DocumentTimeoutError,
    DocumentTooLargeError,
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
    if isinstance(exc, DocumentTimeoutError):
        return 422  # this document cannot be processed in time; the server goes on
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
            # the message may name the database's path or a library's internals: logged only
            log.exception("internal error", exc_info=exc)
            return error_response(status, f"[{exc.code}] internal error (logged by the server)")
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


class CatchAll:
    """Answer an exception no handler took with a JSON 500 *and keep the connection*.

    Starlette's outermost error middleware sends its 500 and then re-raises, so the
    server closes the connection (a keep-alive client loses it on every bug); this
    middleware, inside it, ends the request there.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - every bug becomes one 500, logged
            log.exception("unexpected error", exc_info=exc)
            if started:
                raise  # half a response is out: only closing the connection can end it
            body = json.dumps({"status": 500, "message": "internal server error"}).encode()
            await send({"type": "http.response.start", "status": 500, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
