"""Block and mute. A block cuts two accounts off from each other both ways: no follows (existing
ones end), comments, mentions or messages, and the blocked account no longer sees the
blocker's content. A mute hides someone from you (feeds, comments, notifications) without
telling them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, true
from sqlalchemy.orm import QueryableAttribute, Session

from crosstalk.community.errors import PermissionDenied, ValidationFailed
from crosstalk.community.models import Block, Follow, Mute, User


def blocked_between(session: Session, a_id: int, b_id: int) -> bool:
    """True when either account blocked the other (messages, follows, comments and mentions
    between them are refused)."""
    if a_id == b_id:
        return False
    found = session.scalar(
        select(Block.blocker_id)
        .where(
            or_(
                and_(Block.blocker_id == a_id, Block.blocked_id == b_id),
                and_(Block.blocker_id == b_id, Block.blocked_id == a_id),
            )
        )
        .limit(1)
    )
    return found is not None


def is_blocking(session: Session, blocker: User | None, target: User) -> bool:
    return blocker is not None and session.get(Block, (blocker.id, target.id)) is not None


def is_muting(session: Session, muter: User | None, target: User) -> bool:
    return muter is not None and session.get(Mute, (muter.id, target.id)) is not None


def is_muted_by(session: Session, muter_id: int, muted_id: int) -> bool:
    return session.get(Mute, (muter_id, muted_id)) is not None


def _target(session: Session, user: User, username: str) -> User:
    from crosstalk.community.accounts import get_user

    target = get_user(session, username)
    if target.id == user.id:
        raise ValidationFailed(
            "You cannot block or mute yourself.", "不能拉黑或屏蔽自己。", field="username"
        )
    return target


def block(session: Session, user: User, username: str) -> User:
    """Block `username`; follows between the two end. A suspended account may still block:
    it protects the blocker and asks nothing of anyone else."""
    target = _target(session, user, username)
    if session.get(Block, (user.id, target.id)) is None:
        session.add(Block(blocker_id=user.id, blocked_id=target.id))
        session.execute(
            delete(Follow).where(
                or_(
                    and_(Follow.follower_id == user.id, Follow.followee_id == target.id),
                    and_(Follow.follower_id == target.id, Follow.followee_id == user.id),
                )
            )
        )
        session.flush()
    return target


def unblock(session: Session, user: User, username: str) -> User:
    target = _target(session, user, username)
    row = session.get(Block, (user.id, target.id))
    if row is not None:
        session.delete(row)
        session.flush()
    return target


def mute(session: Session, user: User, username: str) -> User:
    target = _target(session, user, username)
    if session.get(Mute, (user.id, target.id)) is None:
        session.add(Mute(muter_id=user.id, muted_id=target.id))
        session.flush()
    return target


def unmute(session: Session, user: User, username: str) -> User:
    target = _target(session, user, username)
    row = session.get(Mute, (user.id, target.id))
    if row is not None:
        session.delete(row)
        session.flush()
    return target


def blocked_users(session: Session, user: User) -> list[User]:
    """Whom `user` blocked, newest first (the settings list)."""
    stmt = (
        select(User)
        .join(Block, Block.blocked_id == User.id)
        .where(Block.blocker_id == user.id)
        .order_by(Block.created_at.desc(), User.id)
    )
    return list(session.scalars(stmt))


def muted_users(session: Session, user: User) -> list[User]:
    """Whom `user` muted, newest first (the settings list)."""
    stmt = (
        select(User)
        .join(Mute, Mute.muted_id == User.id)
        .where(Mute.muter_id == user.id)
        .order_by(Mute.created_at.desc(), User.id)
    )
    return list(session.scalars(stmt))


def hidden_from(
    column: QueryableAttribute[Any], viewer: User | None, *, muted: bool = True
) -> ColumnElement[bool]:
    """SQL condition: `column` (an author id) is nobody the viewer blocked, was blocked by
    or (with `muted`) muted. Always true for a logged-out reader."""
    if viewer is None:
        return true()
    conditions = [
        column.not_in(select(Block.blocked_id).where(Block.blocker_id == viewer.id)),
        column.not_in(select(Block.blocker_id).where(Block.blocked_id == viewer.id)),
    ]
    if muted:
        conditions.append(column.not_in(select(Mute.muted_id).where(Mute.muter_id == viewer.id)))
    return and_(*conditions)


def hidden_ids(session: Session, viewer: User | None, *, muted: bool = True) -> set[int]:
    """The accounts whose content `viewer` does not see: blocked either way, and muted."""
    if viewer is None:
        return set()
    ids = set(session.scalars(select(Block.blocked_id).where(Block.blocker_id == viewer.id)))
    ids |= set(session.scalars(select(Block.blocker_id).where(Block.blocked_id == viewer.id)))
    if muted:
        ids |= set(session.scalars(select(Mute.muted_id).where(Mute.muter_id == viewer.id)))
    return ids


def refuse_if_blocked(session: Session, actor: User, other_id: int, what: str) -> None:
    """Raise when `actor` and `other_id` blocked each other; `what` names the refused act
    ("follow", "comment", "message"). The blocker is told how to undo it; the blocked account
    is told only that it cannot."""
    if not blocked_between(session, actor.id, other_id):
        return
    if session.get(Block, (actor.id, other_id)) is not None:
        raise PermissionDenied(
            "You blocked this account. Unblock it first.", "你已拉黑该账号，请先取消拉黑。"
        )
    en, zh = _REFUSALS.get(what, _REFUSALS["other"])
    raise PermissionDenied(en, zh)


_REFUSALS = {
    "follow": ("You cannot follow this account.", "你无法关注该账号。"),
    "comment": ("You cannot comment here.", "你无法在此评论。"),
    "message": ("You cannot message this account.", "你无法给该账号发私信。"),
    "other": ("You cannot do this with this account.", "你无法对该账号进行此操作。"),
}
