"""Database-backed sliding-window counters for failed logins and sign-ups (per name and per IP)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crosstalk.community.errors import RateLimited
from crosstalk.community.models import AuthEvent
from crosstalk.db.base import utcnow


def count_recent(session: Session, kind: str, key: str, window_s: int) -> int:
    since = utcnow() - timedelta(seconds=window_s)
    stmt = select(func.count(AuthEvent.id)).where(
        AuthEvent.kind == kind, AuthEvent.key == key, AuthEvent.created_at >= since
    )
    return int(session.scalar(stmt) or 0)


def check(session: Session, kind: str, keys: list[str], limit: int, window_s: int) -> None:
    """Raise RateLimited when any key already used up its allowance in the window."""
    for key in keys:
        if count_recent(session, kind, key, window_s) >= limit:
            minutes = max(1, window_s // 60)
            raise RateLimited(
                f"Too many attempts. Please wait {minutes} minutes and try again.",
                f"尝试次数过多，请等待 {minutes} 分钟后再试。",
            )


def record(session: Session, kind: str, keys: list[str]) -> None:
    for key in keys:
        session.add(AuthEvent(kind=kind, key=key))


def clear(session: Session, kind: str, key: str) -> None:
    session.execute(delete(AuthEvent).where(AuthEvent.kind == kind, AuthEvent.key == key))


def prune(session: Session, older_than_s: int) -> int:
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    result = session.execute(delete(AuthEvent).where(AuthEvent.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
