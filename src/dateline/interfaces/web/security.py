"""Write protection and request limits for the web API.

Writes need a bearer token from ``config.api_token`` (``DATELINE_TOKEN`` or the
config file). There is no default token: with none configured -- or in
read-only mode -- every write is refused with 403.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dateline.interfaces.web.errors import ApiError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Methods that never change the store.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


_bearer = HTTPBearer(auto_error=False, description="The API token (DATELINE_TOKEN).")


def require_write_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> None:
    """FastAPI dependency for every write endpoint (declares bearer auth in OpenAPI)."""
    settings = request.app.state.settings
    if settings.read_only:
        raise ApiError(403, "the server runs in read-only mode: writes are disabled")
    expected = settings.api_token
    if not expected:
        raise ApiError(
            403, "writes are disabled: no API token is configured (set DATELINE_TOKEN "
            "or api_token in the config file)"
        )
    given = credentials.credentials.strip() if credentials is not None else ""
    if not given:
        raise ApiError(401, "a bearer token is required for writes", {"WWW-Authenticate": "Bearer"})
    # constant-time comparison: the token must not leak through timing
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(403, "invalid token")


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413, before the app reads them.

    Checks ``Content-Length`` up front and counts streamed (chunked) bodies too.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    await self._reply(send, 400, "invalid Content-Length header")
                    return
                if length > self.max_bytes:
                    await self._reply(send, 413, self._too_large())
                    return
        received = 0
        started = False
        rejected = False

        async def limited_receive() -> Message:
            nonlocal received, started, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # answer now; the app sees a disconnected client and its reply is dropped
                    rejected = True
                    if not started:
                        started = True
                        await self._reply(send, 413, self._too_large())
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)

    def _too_large(self) -> str:
        return f"request body too large (limit {self.max_bytes} bytes)"

    @staticmethod
    async def _reply(send: Send, status: int, message: str) -> None:
        body = json.dumps({"status": status, "message": message}).encode()
        await send({
            "type": "http.response.start", "status": status,
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode())],
        })
        await send({"type": "http.response.body", "body": body})
