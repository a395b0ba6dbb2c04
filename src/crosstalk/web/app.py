"""FastAPI application factory: middleware, routers, error mapping, static files."""

from __future__ import annotations

import importlib
import logging
import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from crosstalk import logs
from crosstalk.config import Settings, get_settings
from crosstalk.safety.moderation.metrics import register_queue_metrics
from crosstalk.web import errors
from crosstalk.web.middleware import AccessLogMiddleware, BodySizeLimitMiddleware, LocaleMiddleware

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("crosstalk")

# Routers contributed by each capability; a module not present yet is simply not mounted.
ROUTERS = (
    "crosstalk.web.ops",
    "crosstalk.web.api.accounts",
    "crosstalk.web.api.notes",
    "crosstalk.web.api.social",
    "crosstalk.web.api.libretranslate",
    "crosstalk.web.api.translation",
    "crosstalk.web.api.glossary",
    "crosstalk.web.api.moderation",
    "crosstalk.web.api.review",
    "crosstalk.web.api.standing",
    "crosstalk.web.api.account_actions",
    "crosstalk.web.api.audit",
    "crosstalk.web.api.transparency",
    "crosstalk.web.pages.auth",
    "crosstalk.web.pages.notes",
    "crosstalk.web.pages.glossary",
    "crosstalk.web.pages.people",
    "crosstalk.web.pages.feeds",
    "crosstalk.web.pages.review",
    "crosstalk.web.pages.standing",
    "crosstalk.web.pages.account_actions",
    "crosstalk.web.pages.audit",
    "crosstalk.web.pages.transparency",
    "crosstalk.web.pages.policy",
)


def secret_key(settings: Settings) -> str:
    """The configured key, else one generated once and kept beside the database."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logs.configure(settings.log_level, settings.log_json)
    app = FastAPI(
        title="crosstalk",
        version="0.1.0",
        description="Bilingual English/Chinese community with translation and transparent safety.",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    errors.install(app)
    register_queue_metrics()
    for name in ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Order: outermost first when reading bottom-up; sessions must exist before the locale.
    app.add_middleware(LocaleMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(settings),
        session_cookie="crosstalk_session",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_upload_request_bytes)
    app.add_middleware(AccessLogMiddleware)

    @app.middleware("http")
    async def security_headers(request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        is_html = response.headers.get("content-type", "").startswith("text/html")
        # The OpenAPI explorer at /docs loads its own scripts, so it keeps FastAPI's defaults.
        if is_html and not request.url.path.startswith("/docs"):
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
            )
        return response

    return app
