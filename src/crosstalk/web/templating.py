"""Jinja2 environment: autoescaping everywhere, gettext, and helpers the templates share."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from crosstalk.community.languages import CONTENT_LANGUAGES
from crosstalk.community.markup import render_markdown, render_plain
from crosstalk.db.base import utcnow
from crosstalk.web import i18n
from crosstalk.web.deps import csrf_token

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml"], default=True),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]


def _timeago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = max(0, int((utcnow() - value).total_seconds()))
    if seconds < 60:
        return i18n.gettext("just now")
    if seconds < 3600:
        return i18n.gettext("%(n)s min ago") % {"n": seconds // 60}
    if seconds < 86400:
        return i18n.gettext("%(n)s h ago") % {"n": seconds // 3600}
    if seconds < 86400 * 30:
        return i18n.gettext("%(n)s d ago") % {"n": seconds // 86400}
    return value.strftime("%Y-%m-%d")


def _lang_label(code: str) -> str:
    names = CONTENT_LANGUAGES.get(code)
    if names is None:
        return {"mixed": i18n.gettext("Mixed languages"), "und": ""}.get(code, code)
    return names.get(i18n.current_locale.get(), names["en"])


def _markdown(text: str) -> Markup:
    return Markup(render_markdown(text))  # noqa: S704 - sanitized by nh3 in render_markdown


def _plain(text: str) -> Markup:
    return Markup(render_plain(text))  # noqa: S704 - html-escaped in render_plain


env.filters.update(
    timeago=_timeago,
    lang_label=_lang_label,
    markdown=_markdown,
    plain=_plain,
    urlquote=lambda s: quote(str(s)),
    media=lambda path: f"/media/{path}" if path else "",
)


def render(request: Request, template: str, context: dict[str, Any] | None = None) -> str:
    ctx: dict[str, Any] = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "locale": i18n.current_locale.get(),
        "csrf_token": csrf_token(request),
        "unread": getattr(request.state, "unread", 0),
        "now": utcnow(),
    }
    ctx.update(context or {})
    return env.get_template(template).render(ctx)
