"""API: sign-up, tokens, the current user, profiles."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from crosstalk.community import accounts, notifications, social
from crosstalk.community.accounts import ProfileInput
from crosstalk.community.errors import ValidationFailed
from crosstalk.config import get_settings
from crosstalk.web.api.schemas import (
    AccountIn,
    AccountOut,
    MeOut,
    ProfileIn,
    TokenIn,
    TokenOut,
    UserOut,
    user_out,
)
from crosstalk.web.deps import CurrentUser, Db, client_ip, verify_api_csrf

router = APIRouter(prefix="/api/v1", tags=["accounts"], dependencies=[Depends(verify_api_csrf)])


@router.post("/accounts", status_code=201, response_model=AccountOut)
def create_account(body: AccountIn, request: Request, db: Db) -> AccountOut:
    user = accounts.create_account(
        db,
        body.username,
        body.password,
        display_name=body.display_name,
        langs_write=body.languages,
        langs_read=body.reads or body.languages,
        ui_locale=body.ui_locale or "en",
        ip=client_ip(request),
    )
    db.commit()
    return AccountOut(id=user.id, username=user.username)


@router.post("/tokens", response_model=TokenOut)
def create_token(body: TokenIn, request: Request, db: Db) -> TokenOut:
    try:
        user = accounts.authenticate(db, body.username, body.password, ip=client_ip(request))
    except Exception:
        db.commit()  # keep the failed-attempt record that rate limiting counts
        raise
    token = accounts.issue_token(db, user)
    db.commit()
    return TokenOut(token=token)


def _me(db: Db, user: CurrentUser) -> MeOut:
    followers, following = social.follow_counts(db, user)
    return MeOut(
        **user_out(user, own=True).model_dump(),
        profile_state=user.profile_state,
        ui_locale=user.ui_locale,
        auto_translate=user.auto_translate,
        trust_level=user.trust_level,
        unread_notifications=notifications.unread_count(db, user),
        followers=followers,
        following=following,
    )


@router.get("/me", response_model=MeOut)
def me(db: Db, user: CurrentUser) -> MeOut:
    return _me(db, user)


@router.patch("/me", response_model=MeOut)
def update_me(body: ProfileIn, db: Db, user: CurrentUser) -> MeOut:
    accounts.update_profile(db, user, ProfileInput(**body.model_dump()))
    db.commit()
    return _me(db, user)


@router.get("/users/{username}", response_model=UserOut)
def get_user(username: str, db: Db) -> UserOut:
    return user_out(accounts.get_user(db, username))


@router.post("/me/avatar", response_model=MeOut)
async def upload_avatar(request: Request, db: Db, user: CurrentUser) -> MeOut:
    """Multipart with one `avatar` file (JPEG, PNG or WebP, at most 10 MB)."""
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("avatar")
    if upload is None or isinstance(upload, str):
        raise ValidationFailed(
            "Attach an image as the `avatar` field.", "请以 avatar 字段上传图片。", field="avatar"
        )
    data = await upload.read(get_settings().max_image_bytes + 1)
    accounts.set_avatar(db, user, data, upload.filename or "avatar")
    db.commit()
    return _me(db, user)
