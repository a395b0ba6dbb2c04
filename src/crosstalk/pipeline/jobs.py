"""Jobs, the `JobQueue` protocol and the handler registry; the configured queue is chosen here.

The pipeline owns the mechanism and knows no job kinds: each capability registers its handlers
from its own `jobs` module (`language.jobs.register_handlers`), called by the app factory.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

log = logging.getLogger("crosstalk.pipeline")


@dataclass(frozen=True)
class Job:
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    # Jobs with the same key while one is queued are dropped: a viral note is one job.
    dedupe_key: str | None = None


Handler = Callable[[Session, dict[str, Any]], None]
HANDLERS: dict[str, Handler] = {}


def register(kind: str, fn: Handler) -> None:
    """Run jobs of `kind` with `fn`. Registering the same handler again is a no-op (the app
    factory runs once per app); a second handler for one kind is a programming error."""
    existing = HANDLERS.get(kind)
    if existing is not None and existing is not fn:
        raise ValueError(f"Job kind {kind!r} already has a handler: {existing.__qualname__}.")
    HANDLERS[kind] = fn


class JobQueue(Protocol):
    def submit(self, job: Job) -> bool:
        """Queue a job; False when it was dropped (duplicate, queue full, queue off)."""
        ...

    def close(self) -> None: ...


def run_job(job: Job) -> None:
    """Run one job in its own transaction; a failing job is logged, never fatal."""
    from crosstalk.db.session import session_scope

    fn = HANDLERS.get(job.kind)
    if fn is None:
        log.error("no handler for job", extra={"kind": job.kind})
        return
    try:
        with session_scope() as session:
            fn(session, job.payload)
    except Exception:
        log.exception("job failed", extra={"kind": job.kind})


_queue: JobQueue | None = None
_lock = threading.Lock()


def get_queue() -> JobQueue:
    global _queue
    with _lock:
        if _queue is None:
            _queue = build_queue()
        return _queue


def build_queue() -> JobQueue:
    from crosstalk.config import get_settings

    mode = get_settings().worker_mode
    if mode == "inline":
        from crosstalk.pipeline.inline import InlineQueue

        return InlineQueue()
    if mode == "off":
        from crosstalk.pipeline.inline import DiscardQueue

        return DiscardQueue()
    from crosstalk.pipeline.embedded import EmbeddedQueue

    return EmbeddedQueue()


def set_queue(queue: JobQueue | None) -> None:
    global _queue
    with _lock:
        if _queue is not None and _queue is not queue:
            _queue.close()
        _queue = queue
