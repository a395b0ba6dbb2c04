"""Community errors: each carries a stable code and an English and a Chinese message."""

from __future__ import annotations


class CommunityError(Exception):
    """Base class; `web/` maps subclasses to HTTP problems and forms to field errors."""

    code = "community_error"
    status = 400

    def __init__(self, message_en: str, message_zh: str, *, field: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh
        self.field = field

    def message(self, locale: str) -> str:
        return self.message_zh if locale.startswith("zh") else self.message_en


class ValidationFailed(CommunityError):
    code = "invalid"
    status = 422


class Conflict(CommunityError):
    code = "conflict"
    status = 409


class NotFound(CommunityError):
    code = "not_found"
    status = 404


class PermissionDenied(CommunityError):
    code = "forbidden"
    status = 403


class AccountSuspended(PermissionDenied):
    """The account may read its notices and appeal, but not take part until the end date."""

    code = "account_suspended"


class AuthenticationFailed(CommunityError):
    code = "unauthenticated"
    status = 401


class RateLimited(CommunityError):
    code = "rate_limited"
    status = 429


class PayloadTooLarge(CommunityError):
    code = "too_large"
    status = 413


def not_found(what_en: str = "Not found.", what_zh: str = "内容不存在。") -> NotFound:
    return NotFound(what_en, what_zh)
