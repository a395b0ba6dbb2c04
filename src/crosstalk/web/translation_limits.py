"""Per-minute translation allowances: LibreTranslate clients and readers share one limiter.

The model is the scarce resource, so every path that runs it for someone (the LibreTranslate
API, the reader API, the note page without JavaScript) asks here first.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from fastapi import Request

from crosstalk.community.models import User
from crosstalk.config import get_settings
from crosstalk.language.errors import TranslationRateLimited
from crosstalk.web.deps import client_ip


class RateLimiter:
    """Sliding one-minute window per client key, in process (the embedded default)."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, limit: int) -> bool:
        if limit <= 0:
            return True
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] > 60:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:
                self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] <= 60}
            return True


limiter = RateLimiter()


def reader_key(request: Request, user: User | None) -> str:
    """One allowance per account; readers who are not logged in share their address's."""
    return f"reader:user:{user.id}" if user is not None else f"reader:ip:{client_ip(request)}"


def allow_translation(request: Request, user: User | None) -> bool:
    """Count one translation for this reader; False when their allowance is used up."""
    return limiter.allow(reader_key(request, user), get_settings().translation_rate_limit)


def check_allowance(request: Request, user: User | None) -> None:
    if not allow_translation(request, user):
        raise TranslationRateLimited
