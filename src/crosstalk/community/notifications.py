"""Notifications for follows, likes, comments, replies and mentions, with unread counts. Nobody
hears from an account they blocked, were blocked by or muted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from crosstalk.community import blocks
from crosstalk.community.models import Notification, User
from crosstalk.db.base import utcnow

KINDS = ("follow", "like", "comment", "reply", "mention", "moderation", "report_outcome")


def notify(
    session: Session,
    recipient_id: int,
    kind: str,
    *,
    actor: User | None = None,
    note_id: int | None = None,
    comment_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Notification | None:
    if actor is not None and actor.id == recipient_id:
        return None  # nobody needs to hear about their own actions
    if actor is not None and (
        blocks.blocked_between(session, actor.id, recipient_id)
        or blocks.is_muted_by(session, recipient_id, actor.id)
    ):
        return None
    item = Notification(
        user_id=recipient_id,
        kind=kind,
        actor_id=actor.id if actor else None,
        note_id=note_id,
        comment_id=comment_id,
        data=data or {},
    )
    session.add(item)
    return item


def mention(
    session: Session, actor: User, username: str, *, note_id: int, comment_id: int | None = None
) -> None:
    target = session.scalar(select(User).where(User.username == username))
    if target is not None:
        notify(session, target.id, "mention", actor=actor, note_id=note_id, comment_id=comment_id)


def unread_count(session: Session, user: User) -> int:
    stmt = select(func.count(Notification.id)).where(
        Notification.user_id == user.id,
        Notification.read_at.is_(None),
        _from_someone_shown(user),
    )
    return int(session.scalar(stmt) or 0)


def list_for(
    session: Session, user: User, *, limit: int = 50, before_id: int | None = None
) -> list[Notification]:
    stmt = select(Notification).where(Notification.user_id == user.id, _from_someone_shown(user))
    if before_id:
        stmt = stmt.where(Notification.id < before_id)
    return list(session.scalars(stmt.order_by(Notification.id.desc()).limit(limit)))


def mark_all_read(session: Session, user: User) -> None:
    session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def _from_someone_shown(user: User) -> ColumnElement[bool]:
    """Notices from the system, or from an account the user has not blocked or muted (older
    notices from someone blocked later disappear with the block)."""
    return or_(Notification.actor_id.is_(None), blocks.hidden_from(Notification.actor_id, user))
