"""Likes on notes and comments, follows, and collections (named boards of saved notes)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosstalk.community import blocks, notifications
from crosstalk.community.accounts import ensure_active, get_user
from crosstalk.community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from crosstalk.community.models import (
    Collection,
    CollectionItem,
    Comment,
    CommentLike,
    Follow,
    Note,
    NoteLike,
    User,
)
from crosstalk.community.notes import get_note
from crosstalk.community.visibility import can_view_comment


def like_note(session: Session, user: User, note_id: int) -> Note:
    ensure_active(user)
    note = get_note(session, note_id, user)
    if session.get(NoteLike, (user.id, note.id)) is None:
        session.add(NoteLike(user_id=user.id, note_id=note.id))
        note.like_count += 1
        notifications.notify(session, note.author_id, "like", actor=user, note_id=note.id)
        session.flush()
    return note


def unlike_note(session: Session, user: User, note_id: int) -> Note:
    note = get_note(session, note_id, user)
    like = session.get(NoteLike, (user.id, note.id))
    if like is not None:
        session.delete(like)
        note.like_count = max(0, note.like_count - 1)
        session.flush()
    return note


def has_liked(session: Session, user: User | None, note_ids: list[int]) -> set[int]:
    if user is None or not note_ids:
        return set()
    stmt = select(NoteLike.note_id).where(
        NoteLike.user_id == user.id, NoteLike.note_id.in_(note_ids)
    )
    return set(session.scalars(stmt))


def like_comment(session: Session, user: User, comment_id: int) -> Comment:
    ensure_active(user)
    comment = session.get(Comment, comment_id)
    if comment is None or not can_view_comment(comment, user):
        raise NotFound("This comment does not exist.", "评论不存在。")
    get_note(session, comment.note_id, user)
    if session.get(CommentLike, (user.id, comment.id)) is None:
        session.add(CommentLike(user_id=user.id, comment_id=comment.id))
        comment.like_count += 1
        notifications.notify(
            session,
            comment.author_id,
            "like",
            actor=user,
            note_id=comment.note_id,
            comment_id=comment.id,
        )
        session.flush()
    return comment


def unlike_comment(session: Session, user: User, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None or not can_view_comment(comment, user):
        raise NotFound("This comment does not exist.", "评论不存在。")
    like = session.get(CommentLike, (user.id, comment.id))
    if like is not None:
        session.delete(like)
        comment.like_count = max(0, comment.like_count - 1)
        session.flush()
    return comment


def follow(session: Session, follower: User, username: str) -> User:
    ensure_active(follower)
    target = get_user(session, username)
    if target.id == follower.id:
        raise ValidationFailed("You cannot follow yourself.", "不能关注自己。")
    blocks.refuse_if_blocked(session, follower, target.id, "follow")
    if session.get(Follow, (follower.id, target.id)) is None:
        session.add(Follow(follower_id=follower.id, followee_id=target.id))
        notifications.notify(session, target.id, "follow", actor=follower)
        session.flush()
    return target


def unfollow(session: Session, follower: User, username: str) -> User:
    target = get_user(session, username)
    row = session.get(Follow, (follower.id, target.id))
    if row is not None:
        session.delete(row)
        session.flush()
    return target


def is_following(session: Session, follower: User | None, target: User) -> bool:
    return follower is not None and session.get(Follow, (follower.id, target.id)) is not None


def follow_counts(session: Session, user: User) -> tuple[int, int]:
    followers = session.scalar(select(func.count()).where(Follow.followee_id == user.id)) or 0
    following = session.scalar(select(func.count()).where(Follow.follower_id == user.id)) or 0
    return int(followers), int(following)


def create_collection(
    session: Session, owner: User, name: str, *, is_private: bool = False
) -> Collection:
    ensure_active(owner)
    name = " ".join(name.split())
    if not 1 <= len(name) <= 60:
        raise ValidationFailed(
            "Board name must be 1–60 characters.", "收藏夹名称须为 1–60 个字符。", field="name"
        )
    exists = session.scalar(
        select(Collection).where(Collection.owner_id == owner.id, Collection.name == name)
    )
    if exists is not None:
        raise Conflict("You already have a board with this name.", "已有同名收藏夹。", field="name")
    board = Collection(owner_id=owner.id, name=name, is_private=is_private)
    session.add(board)
    session.flush()
    return board


def collections_of(session: Session, owner: User, viewer: User | None) -> list[Collection]:
    stmt = select(Collection).where(Collection.owner_id == owner.id)
    if viewer is None or viewer.id != owner.id:
        stmt = stmt.where(Collection.is_private.is_(False))
    return list(session.scalars(stmt.order_by(Collection.created_at)))


def get_collection(session: Session, collection_id: int, viewer: User | None) -> Collection:
    board = session.get(Collection, collection_id)
    if board is None or (board.is_private and (viewer is None or viewer.id != board.owner_id)):
        raise NotFound("This board does not exist.", "收藏夹不存在。")
    return board


def save_note(
    session: Session, user: User, note_id: int, collection_id: int | None = None
) -> Collection:
    ensure_active(user)
    note = get_note(session, note_id, user)
    if collection_id is None:
        board = session.scalar(
            select(Collection)
            .where(Collection.owner_id == user.id)
            .order_by(Collection.created_at)
            .limit(1)
        )
        if board is None:
            board = create_collection(session, user, "Saved · 收藏")
    else:
        board = get_collection(session, collection_id, user)
        if board.owner_id != user.id:
            raise PermissionDenied("This is not your board.", "这不是你的收藏夹。")
    if session.get(CollectionItem, (board.id, note.id)) is None:
        already = session.scalar(
            select(func.count())
            .select_from(CollectionItem)
            .join(Collection, Collection.id == CollectionItem.collection_id)
            .where(Collection.owner_id == user.id, CollectionItem.note_id == note.id)
        )
        session.add(CollectionItem(collection_id=board.id, note_id=note.id))
        if not already:
            note.collect_count += 1
        session.flush()
    return board


def unsave_note(session: Session, user: User, note_id: int, collection_id: int) -> None:
    board = get_collection(session, collection_id, user)
    if board.owner_id != user.id:
        raise PermissionDenied("This is not your board.", "这不是你的收藏夹。")
    item = session.get(CollectionItem, (board.id, note_id))
    if item is not None:
        session.delete(item)
        note = session.get(Note, note_id)
        session.flush()
        still = session.scalar(
            select(func.count())
            .select_from(CollectionItem)
            .join(Collection, Collection.id == CollectionItem.collection_id)
            .where(Collection.owner_id == user.id, CollectionItem.note_id == note_id)
        )
        if note is not None and not still:
            note.collect_count = max(0, note.collect_count - 1)
        session.flush()
