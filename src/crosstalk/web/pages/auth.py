"""Pages: sign up, log in, log out, settings (profile) and the language switch."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from crosstalk.community import accounts, blocks
from crosstalk.community.accounts import ProfileInput
from crosstalk.community.errors import CommunityError
from crosstalk.community.languages import CONTENT_LANGUAGES, UI_LOCALES
from crosstalk.community.models import User
from crosstalk.config import get_settings
from crosstalk.web.deps import CurrentUser, Db, MaybeUser, client_ip, verify_csrf
from crosstalk.web.i18n import content_lang_for_locale, current_locale, normalize_locale
from crosstalk.web.pages.common import field, page, safe_next

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


def _login_session(request: Request, user_id: int, locale: str) -> None:
    csrf = request.session.get("csrf")
    request.session.clear()  # a fresh session on login defeats session fixation
    request.session.update({"uid": user_id, "locale": locale})
    if csrf:
        request.session["csrf"] = csrf


@router.get("/signup")
def signup_form(request: Request, db: Db, user: MaybeUser) -> Response:
    if user is not None:
        return RedirectResponse("/", status_code=303)
    default_lang = content_lang_for_locale(current_locale.get())
    return page(
        request,
        db,
        "signup.html",
        {"languages": CONTENT_LANGUAGES, "form": {"languages": [default_lang]}, "errors": {}},
    )


@router.post("/signup")
async def signup(request: Request, db: Db) -> Response:
    form = await request.form()
    writes = [v for v in form.getlist("languages") if isinstance(v, str)]
    reads = [v for v in form.getlist("reads") if isinstance(v, str)] or writes
    data = {
        "username": field(form, "username"),
        "display_name": field(form, "display_name"),
        "languages": writes,
        "reads": reads,
    }
    try:
        user = accounts.create_account(
            db,
            data["username"],  # type: ignore[arg-type]
            field(form, "password"),
            display_name=field(form, "display_name"),
            langs_write=writes or None,
            langs_read=reads or None,
            ui_locale=current_locale.get(),
            ip=client_ip(request),
        )
        db.commit()
    except CommunityError as exc:
        db.rollback()
        errors = {exc.field or "form": exc.message(current_locale.get())}
        return page(
            request,
            db,
            "signup.html",
            {"languages": CONTENT_LANGUAGES, "form": data, "errors": errors},
            status_code=exc.status if exc.status != 401 else 400,
        )
    _login_session(request, user.id, user.ui_locale)
    return RedirectResponse("/settings?welcome=1", status_code=303)


@router.get("/login")
def login_form(request: Request, db: Db, next: str = "/") -> Response:
    return page(request, db, "login.html", {"next": safe_next(next), "errors": {}, "form": {}})


@router.post("/login")
async def login(request: Request, db: Db) -> Response:
    form = await request.form()
    username = field(form, "username")
    target = safe_next(field(form, "next"))
    try:
        user = accounts.authenticate(db, username, field(form, "password"), ip=client_ip(request))
        db.commit()
    except CommunityError as exc:
        db.commit()  # keep the failed-attempt record that rate limiting counts
        errors = {exc.field or "form": exc.message(current_locale.get())}
        return page(
            request,
            db,
            "login.html",
            {"next": target, "errors": errors, "form": {"username": username}},
            status_code=exc.status,
        )
    _login_session(request, user.id, user.ui_locale)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    locale = request.session.get("locale")
    request.session.clear()
    if locale:
        request.session["locale"] = locale
    return RedirectResponse("/", status_code=303)


@router.post("/locale")
async def switch_locale(request: Request, db: Db, user: MaybeUser) -> Response:
    form = await request.form()
    locale = normalize_locale(field(form, "locale")) or "en"
    request.session["locale"] = locale
    if user is not None:
        accounts.update_profile(db, user, ProfileInput(ui_locale=locale))
        db.commit()
    response = RedirectResponse(safe_next(field(form, "next")), status_code=303)
    response.set_cookie("locale", locale, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def _settings_context(
    db: Db,
    user: User,
    *,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    welcome: bool = False,
) -> dict[str, Any]:
    return {
        "languages": CONTENT_LANGUAGES,
        "locales": UI_LOCALES,
        "errors": errors or {},
        "saved": saved,
        "welcome": welcome,
        "blocked_users": blocks.blocked_users(db, user),
        "muted_users": blocks.muted_users(db, user),
    }


@router.get("/settings")
def settings_form(request: Request, db: Db, user: CurrentUser, welcome: int = 0) -> Response:
    return page(
        request,
        db,
        "settings.html",
        _settings_context(db, user, welcome=bool(welcome)),
    )


@router.post("/settings")
async def save_settings(request: Request, db: Db, user: CurrentUser) -> Response:
    form = await request.form(max_files=1, max_fields=30)
    data = ProfileInput(
        display_name=field(form, "display_name"),
        bio=field(form, "bio"),
        langs_read=[v for v in form.getlist("langs_read") if isinstance(v, str)],
        langs_write=[v for v in form.getlist("langs_write") if isinstance(v, str)],
        ui_locale=field(form, "ui_locale") or user.ui_locale,
        auto_translate=field(form, "auto_translate") == "on",
    )
    try:
        accounts.update_profile(db, user, data)
        avatar = form.get("avatar")
        if avatar is not None and not isinstance(avatar, str) and avatar.filename:
            raw = await avatar.read(get_settings().max_image_bytes + 1)
            accounts.set_avatar(db, user, raw, avatar.filename)
        db.commit()
    except CommunityError as exc:
        db.rollback()
        db.refresh(user)
        return page(
            request,
            db,
            "settings.html",
            _settings_context(
                db, user, errors={exc.field or "form": exc.message(current_locale.get())}
            ),
            status_code=exc.status,
        )
    request.session["locale"] = user.ui_locale
    current_locale.set(user.ui_locale)
    return page(
        request,
        db,
        "settings.html",
        _settings_context(db, user, saved=True),
    )
