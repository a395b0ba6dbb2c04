"""FastAPI application factory: middleware, routers, error mapping, static files."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from crosstalk import logs
from crosstalk.config import Settings, get_settings
from crosstalk.language import jobs as language_jobs
from crosstalk.safety.moderation.metrics import register_queue_metrics
from crosstalk.web import errors, ops
from crosstalk.web.api import account_actions as api_account_actions
from crosstalk.web.api import accounts as api_accounts
from crosstalk.web.api import audit as api_audit
from crosstalk.web.api import glossary as api_glossary
from crosstalk.web.api import libretranslate as api_libretranslate
from crosstalk.web.api import moderation as api_moderation
from crosstalk.web.api import notes as api_notes
from crosstalk.web.api import review as api_review
from crosstalk.web.api import social as api_social
from crosstalk.web.api import standing as api_standing
from crosstalk.web.api import translation as api_translation
from crosstalk.web.api import transparency as api_transparency
from crosstalk.web.middleware import AccessLogMiddleware, BodySizeLimitMiddleware, LocaleMiddleware
from crosstalk.web.pages import account_actions as pages_account_actions
from crosstalk.web.pages import audit as pages_audit
from crosstalk.web.pages import auth as pages_auth
from crosstalk.web.pages import feeds as pages_feeds
from crosstalk.web.pages import glossary as pages_glossary
from crosstalk.web.pages import notes as pages_notes
from crosstalk.web.pages import people as pages_people
from crosstalk.web.pages import policy as pages_policy
from crosstalk.web.pages import review as pages_review
from crosstalk.web.pages import standing as pages_standing
from crosstalk.web.pages import transparency as pages_transparency

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("crosstalk")

# Every router, mounted in this order. Imported by name: a renamed or missing module is an
# ImportError at start-up, never a silently missing set of routes.
ROUTERS = (
    ops.router,
    api_accounts.router,
    api_notes.router,
    api_social.router,
    api_libretranslate.router,
    api_translation.router,
    api_glossary.router,
    api_moderation.router,
    api_review.router,
    api_standing.router,
    api_account_actions.router,
    api_audit.router,
    api_transparency.router,
    pages_auth.router,
    pages_notes.router,
    pages_glossary.router,
    pages_people.router,
    pages_feeds.router,
    pages_review.router,
    pages_standing.router,
    pages_account_actions.router,
    pages_audit.router,
    pages_transparency.router,
    pages_policy.router,
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
    # The background worker runs in this process: it learns each capability's job kinds here.
    language_jobs.register_handlers()
    for router in ROUTERS:
        app.include_router(router)
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
