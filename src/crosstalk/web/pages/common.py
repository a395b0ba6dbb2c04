"""Shared helpers of the HTML pages: rendering with the header's data, form parsing, redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from crosstalk.community import notifications
from crosstalk.community.models import User
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
