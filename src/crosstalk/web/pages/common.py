"""Shared helpers of the HTML pages: rendering with the header's data, form parsing, redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from crosstalk.community import notifications
from crosstalk.community.models import Note, User
from crosstalk.language.reader import Reader, feed_titles
from crosstalk.pipeline.jobs import get_queue
from crosstalk.web.i18n import current_locale
from crosstalk.web.templating import render


def page(
    request: Request,
    db: Session,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    user: User | None = getattr(request.state, "user", None)
    if user is not None:
        request.state.unread = notifications.unread_count(db, user)
    context = {"flash": request.session.pop("flash", None), **(context or {})}
    return HTMLResponse(render(request, template, context), status_code=status_code)


def form_action(
    request: Request, db: Session, action: Callable[[], object], *, url: str, saved: str
) -> RedirectResponse:
    """Run a form's service call in one transaction and come back to `url` with a message:
    `saved` on success, the error in the reader's language (nothing written) on failure."""
    from crosstalk.community.errors import CommunityError

    try:
        action()
    except CommunityError as exc:
        db.rollback()
        request.session["flash"] = exc.message(current_locale.get())
        return RedirectResponse(url, status_code=303)
    db.commit()
    request.session["flash"] = saved
    return RedirectResponse(url, status_code=303)


def field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths: an open redirect would let a link send people anywhere."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def back(request: Request, default: str = "/") -> RedirectResponse:
    referer = request.headers.get("referer")
    path = default
    if referer:
        parsed = urlparse(referer)
        if parsed.netloc == request.url.netloc:
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    return RedirectResponse(safe_next(path, default), status_code=303)


def reader_titles(db: Session, user: User | None, notes: list[Note]) -> dict[int, Any]:
    """Feed titles in the reader's language where a translation is cached (a
    TranslationResult, with its model); the rest are queued for the background worker."""
    titles, job = feed_titles(db, notes, Reader.of(user, current_locale.get()))
    # Commit before queueing: an inline worker writes the cache from its own session.
    db.commit()
    if job is not None:
        get_queue().submit(job)
    return titles
