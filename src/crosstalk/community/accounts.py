"""Accounts: sign-up, login with rate limits, API tokens, profiles and roles."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosstalk.community import ratelimit
from crosstalk.community.errors import (
    AccountSuspended,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from crosstalk.community.languages import CONTENT_LANGUAGES, UI_LOCALES
from crosstalk.community.models import ApiToken, Role, User
from crosstalk.community.screening import screen
from crosstalk.config import get_settings
from crosstalk.db.base import utcnow

USERNAME_RE = re.compile(r"^[a-z0-9_]{3,30}$")
RESERVED_USERNAMES = frozenset(
    [
        "about",
        "admin",
        "api",
        "docs",
        "explore",
        "feed",
        "following",
        "healthz",
        "login",
        "logout",
        "media",
        "metrics",
        "moderation",
        "notes",
        "notifications",
        "readyz",
        "search",
        "settings",
        "signup",
        "static",
        "topics",
        "transparency",
        "translate",
        "users",
        "me",
    ]
)
MIN_PASSWORD = 8
MAX_PASSWORD = 128


@dataclass(frozen=True)
class ProfileInput:
    display_name: str | None = None
    bio: str | None = None
    langs_read: list[str] | None = None
    langs_write: list[str] | None = None
    ui_locale: str | None = None
    auto_translate: bool | None = None


def normalize_username(raw: str) -> str:
    return raw.strip().lower()


def validate_username(username: str, *, allow_reserved: bool = False) -> None:
    if not USERNAME_RE.match(username):
        raise ValidationFailed(
            "Username must be 3–30 characters: letters, digits or underscore.",
            "用户名须为 3–30 个字符，只能包含字母、数字或下划线。",
            field="username",
        )
    if username in RESERVED_USERNAMES and not allow_reserved:
        raise ValidationFailed(
            "This username is reserved.", "该用户名为系统保留。", field="username"
        )


def validate_password(password: str) -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValidationFailed(
            f"Password must be {MIN_PASSWORD}–{MAX_PASSWORD} characters.",
            f"密码长度须为 {MIN_PASSWORD}–{MAX_PASSWORD} 个字符。",
            field="password",
        )


def validate_languages(langs: list[str], field: str) -> list[str]:
    cleaned = list(dict.fromkeys(lang.strip() for lang in langs if lang.strip()))
    unknown = [lang for lang in cleaned if lang not in CONTENT_LANGUAGES]
    if unknown:
        raise ValidationFailed(
            f"Unsupported language: {', '.join(unknown)}. Use en, zh-Hans or zh-Hant.",
            f"不支持的语言：{', '.join(unknown)}。请使用 en、zh-Hans 或 zh-Hant。",
            field=field,
        )
    if not cleaned:
        raise ValidationFailed("Choose at least one language.", "请至少选择一种语言。", field=field)
    return cleaned


def _validate_display_name(name: str) -> str:
    name = " ".join(name.split())
    if len(name) > 60:
        raise ValidationFailed(
            "Display name must be at most 60 characters.",
            "昵称最多 60 个字符。",
            field="display_name",
        )
    return name


def _validate_bio(bio: str) -> str:
    bio = bio.strip()
    limit = get_settings().max_bio_chars
    if len(bio) > limit:
        raise ValidationFailed(
            f"Bio must be at most {limit} characters.", f"简介最多 {limit} 个字符。", field="bio"
        )
    return bio


def create_account(
    session: Session,
    username: str,
    password: str,
    *,
    display_name: str | None = None,
    langs_read: list[str] | None = None,
    langs_write: list[str] | None = None,
    ui_locale: str = "en",
    role: Role = Role.USER,
    ip: str | None = None,
    allow_reserved: bool = False,
) -> User:
    """Sign-up; operators (CLI, demo seed) may take reserved names such as `admin`."""
    settings = get_settings()
    username = normalize_username(username)
    validate_username(username, allow_reserved=allow_reserved)
    validate_password(password)
    langs_write = validate_languages(langs_write or ["en"], "languages")
    langs_read = validate_languages(langs_read or langs_write, "languages")
    if ui_locale not in UI_LOCALES:
        ui_locale = "en"
    name = _validate_display_name(display_name or "")
    if ip:
        ratelimit.check(
            session,
            "signup",
            [f"ip:{ip}"],
            settings.signup_rate_limit,
            settings.signup_rate_window_s,
        )
    taken = session.scalar(select(func.count(User.id)).where(User.username == username))
    if taken:
        raise Conflict("This username is already taken.", "该用户名已被占用。", field="username")
    from crosstalk.community.passwords import hash_password

    user = User(
        username=username,
        password_hash=hash_password(password),
        display_name=name,
        langs_read=langs_read,
        langs_write=langs_write,
        ui_locale=ui_locale,
        role=role.value,
    )
    session.add(user)
    session.flush()
    if ip:
        ratelimit.record(session, "signup", [f"ip:{ip}"])
    if name:
        _screen_profile(session, user)
    return user


def authenticate(session: Session, username: str, password: str, ip: str | None = None) -> User:
    """Check credentials; failures count per username and per IP and are rate limited."""
    from crosstalk.community.passwords import hash_password, needs_rehash, verify_password

    settings = get_settings()
    username = normalize_username(username)
    keys = [f"user:{username}"] + ([f"ip:{ip}"] if ip else [])
    ratelimit.check(
        session, "login_fail", keys, settings.login_rate_limit, settings.login_rate_window_s
    )
    user = session.scalar(select(User).where(User.username == username))
    if not verify_password(user.password_hash if user else None, password) or user is None:
        ratelimit.record(session, "login_fail", keys)
        raise AuthenticationFailed(
            "Wrong username or password.", "用户名或密码错误。", field="password"
        )
    # A suspended account still logs in: to read why, and to appeal (ensure_active guards
    # everything that takes part in the community).
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    ratelimit.clear(session, "login_fail", f"user:{username}")
    return user


def ensure_active(user: User) -> None:
    """Refuse posting, commenting, liking, following, saving, reporting and profile edits by a
    suspended or banned account."""
    until = user.suspended_until
    if until is None or until <= utcnow():
        return
    if until.year >= 9999:
        raise AccountSuspended(
            "Your account is banned. Your account status page says why and how to appeal.",
            "你的账号已被封禁。账号状态页面说明了原因以及申诉方式。",
        )
    when = until.strftime("%Y-%m-%d %H:%M UTC")
    raise AccountSuspended(
        f"Your account is suspended until {when}. Your account status page says why and how "
        "to appeal.",
        f"你的账号已被暂停使用，直至 {when}。账号状态页面说明了原因以及申诉方式。",
    )


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(session: Session, user: User) -> str:
    raw = "ct_" + secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(seconds=get_settings().token_max_age_s)
    session.add(ApiToken(user_id=user.id, token_hash=_token_hash(raw), expires_at=expires))
    session.flush()
    return raw


def user_for_token(session: Session, raw: str) -> User | None:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(raw)))
    if token is None or token.expires_at < utcnow():
        return None
    token.last_used_at = utcnow()
    return session.get(User, token.user_id)


def revoke_tokens(session: Session, user: User) -> None:
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
        session.delete(token)


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise NotFound("No such user.", "用户不存在。")
    return user


def update_profile(session: Session, user: User, data: ProfileInput) -> User:
    if data.display_name is not None or data.bio is not None:
        ensure_active(user)  # language and interface settings stay the owner's to change
    if data.display_name is not None:
        user.display_name = _validate_display_name(data.display_name)
    if data.bio is not None:
        user.bio = _validate_bio(data.bio)
    if data.langs_read is not None:
        user.langs_read = validate_languages(data.langs_read, "langs_read")
    if data.langs_write is not None:
        user.langs_write = validate_languages(data.langs_write, "langs_write")
    if data.ui_locale is not None:
        if data.ui_locale not in UI_LOCALES:
            raise ValidationFailed(
                "Unsupported interface language.", "不支持的界面语言。", field="ui_locale"
            )
        user.ui_locale = data.ui_locale
    if data.auto_translate is not None:
        user.auto_translate = data.auto_translate
    if data.display_name is not None or data.bio is not None:
        _screen_profile(session, user)
    session.flush()
    return user


def set_role(session: Session, actor: User, target: User, role: Role) -> None:
    if not actor.is_admin:
        raise PermissionDenied("Only admins change roles.", "只有管理员可以修改角色。")
    target.role = role.value
    session.flush()


def _screen_profile(session: Session, user: User) -> None:
    screen(session, user)


def set_avatar(session: Session, user: User, raw: bytes, filename: str = "avatar") -> User:
    """Replace the profile picture; the old file is removed once the new one is stored."""
    ensure_active(user)
    from crosstalk.community.media import (
        EXTENSIONS,
        delete_after_commit,
        media_store,
        process_avatar,
    )

    image = process_avatar(raw, filename)
    old = user.avatar_path
    user.avatar_path = media_store().save(image.data, EXTENSIONS[image.fmt])
    session.flush()
    if old:
        delete_after_commit(session, [old])
    return user
