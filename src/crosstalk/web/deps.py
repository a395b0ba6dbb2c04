"""Request dependencies: database session, current user (cookie or bearer token), CSRF."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from crosstalk.community.accounts import user_for_token
from crosstalk.community.errors import AuthenticationFailed, PermissionDenied
from crosstalk.community.models import User
from crosstalk.db.session import session_factory
from crosstalk.safety.moderation import permissions


def get_db() -> Iterator[Session]:
    """Handlers commit explicitly; anything uncommitted is rolled back when the request ends."""
    session = session_factory()()
    try:
        yield session
    finally:
        # close() discards uncommitted work without expiring loaded objects, so an error
        # page rendered afterwards can still show who is logged in.
        session.close()


Db = Annotated[Session, Depends(get_db)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def optional_user(request: Request, db: Db) -> User | None:
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    user: User | None = None
    token = _bearer(request)
    if token:
        user = user_for_token(db, token)
        if user is None:
            raise AuthenticationFailed("Invalid or expired token.", "令牌无效或已过期。")
        request.state.auth = "token"
    elif "uid" in request.session:
        user = db.get(User, request.session["uid"])
        if user is None:
            request.session.clear()
        request.state.auth = "session"
    # A suspended account stays logged in to read why and to appeal; the community services
    # refuse everything else (accounts.ensure_active).
    request.state.user = user
    return user


def require_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise AuthenticationFailed("Please log in first.", "请先登录。")
    return user


def require_moderator(user: Annotated[User, Depends(require_user)]) -> User:
    if not permissions.can_review(user):
        raise PermissionDenied("Moderators only.", "仅限审核员。")
    return user


def require_admin(user: Annotated[User, Depends(require_user)]) -> User:
    permissions.require_admin(user)
    return user


CurrentUser = Annotated[User, Depends(require_user)]
MaybeUser = Annotated[User | None, Depends(optional_user)]


class CsrfFailed(Exception):
    pass


async def verify_csrf(request: Request) -> None:
    """Unsafe methods authenticated by cookie must carry the session's CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if _bearer(request):
        return  # a bearer token is not sent by browsers on their own, so no CSRF risk
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfFailed


async def verify_api_csrf(request: Request) -> None:
    """The JSON API takes bearer tokens; a browser session using it must send X-CSRF-Token."""
    if request.method in ("GET", "HEAD", "OPTIONS") or _bearer(request):
        return
    if "uid" not in request.session:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfFailed
