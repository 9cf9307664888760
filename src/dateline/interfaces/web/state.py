"""What the app keeps between requests: settings and serialised access to the store."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request

from dateline.config import Config

T = TypeVar("T")

# 2 MiB: a long article as HTML fits comfortably; anything larger is not one article.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    config: Config
    read_only: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    @property
    def api_token(self) -> str | None:
        return self.config.api_token


class StoreAccess:
    """One store shared by the request threads.

    An SQLite connection must not be used by two threads at once, so calls are
    serialised with a lock (reads are milliseconds; the lock is not the bottleneck).
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self._lock = threading.Lock()

    def call(self, fn: Callable[[Any], T]) -> T:
        with self._lock:
            return fn(self.store)


def get_access(request: Request) -> StoreAccess:
    access: StoreAccess = request.app.state.access
    return access
