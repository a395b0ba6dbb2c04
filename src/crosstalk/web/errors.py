"""One place that maps domain errors to HTTP: JSON problems for the API, pages for people."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import inspect as sa_inspect
from starlette.exceptions import HTTPException as StarletteHTTPException

from crosstalk.community.errors import CommunityError
from crosstalk.language.errors import LanguageError
from crosstalk.web.deps import CsrfFailed
from crosstalk.web.i18n import current_locale
from crosstalk.web.i18n import gettext as _

log = logging.getLogger("crosstalk.web")


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/v1/")) or path in ("/translate", "/detect", "/languages"):
        return True
    return "application/json" in request.headers.get("accept", "") and "text/html" not in (
        request.headers.get("accept", "")
    )


def _page(request: Request, status: int, title: str, message: str) -> Response:
    from crosstalk.web.templating import render

    user = getattr(request.state, "user", None)
    if user is not None and sa_inspect(user).expired_attributes:
        # A rollback expired the account and its session is gone: show the page as a guest.
        request.state.user = None

    return HTMLResponse(
        render(request, "error.html", {"status": status, "title": title, "message": message}),
        status_code=status,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(CommunityError)
    async def community_error(request: Request, exc: CommunityError) -> Response:
        message = exc.message(current_locale.get())
        if wants_json(request):
            body: dict[str, object] = {"detail": message, "code": exc.code}
            if exc.field:
                body["field"] = exc.field
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return JSONResponse(body, status_code=exc.status, headers=headers)
        if exc.status == 401:
            from fastapi.responses import RedirectResponse

            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return _page(request, exc.status, _("Something went wrong"), message)

    @app.exception_handler(LanguageError)
    async def language_error(request: Request, exc: LanguageError) -> Response:
        message = exc.message(current_locale.get())
        if wants_json(request):
            # Rate limits are per minute: say when to come back.
            headers = {"Retry-After": "60"} if exc.status == 429 else None
            return JSONResponse(
                {"detail": message, "code": exc.code}, status_code=exc.status, headers=headers
            )
        return _page(request, exc.status, _("Something went wrong"), message)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        message = _("Your form expired or came from another site. Please reload and try again.")
        if wants_json(request):
            return JSONResponse({"detail": message, "code": "csrf"}, status_code=403)
        return _page(request, 403, _("Form expired"), message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"),
                "msg": e.get("msg"),
            }
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": "", "msg": ""}
        message = _("Invalid input") + f": {first['field']} — {first['msg']}"
        if wants_json(request):
            return JSONResponse(
                {"detail": message, "code": "invalid", "errors": errors}, status_code=422
            )
        return _page(request, 422, _("Invalid input"), message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: _("This page does not exist."),
            405: _("This action is not allowed here."),
            413: _("The upload is too large."),
        }
        message = messages.get(exc.status_code, str(exc.detail))
        if wants_json(request):
            return JSONResponse({"detail": message}, status_code=exc.status_code)
        return _page(request, exc.status_code, _("Something went wrong"), message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", extra={"path": request.url.path})
        message = _("Something broke on our side. Nothing you wrote was lost; please try again.")
        if wants_json(request):
            return JSONResponse({"detail": message, "code": "internal"}, status_code=500)
        return _page(request, 500, _("Something went wrong"), message)
