"""Comments in two levels (RedNote style): top-level comments and replies beneath them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community import blocks, notifications
from crosstalk.community.accounts import ensure_active
from crosstalk.community.errors import NotFound, PermissionDenied, ValidationFailed
from crosstalk.community.markup import extract_mentions
from crosstalk.community.models import Comment, Note, User, Visibility
from crosstalk.community.notes import get_note, note_language
from crosstalk.community.screening import screen
from crosstalk.community.visibility import can_view_comment
from crosstalk.config import get_settings


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def add_comment(
    session: Session,
    author: User,
    note_id: int,
    body: str,
    *,
    parent_id: int | None = None,
    ip: str | None = None,
) -> Comment:
    ensure_active(author)
    note = get_note(session, note_id, author)
    blocks.refuse_if_blocked(session, author, note.author_id, "comment")
    body = body.replace("\r\n", "\n").strip()
    limit = get_settings().max_comment_chars
    if not body:
        raise ValidationFailed("Write something first.", "请先写点内容。", field="body")
    if len(body) > limit:
        raise ValidationFailed(
            f"A comment can be at most {limit} characters.",
            f"评论最多 {limit} 个字符。",
            field="body",
        )
    parent: Comment | None = None
    reply_to: int | None = None
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.note_id != note.id or not can_view_comment(parent, author):
            raise NotFound("The comment you reply to is gone.", "你回复的评论已不存在。")
        reply_to = parent.author_id
        blocks.refuse_if_blocked(session, author, parent.author_id, "comment")
        if parent.parent_id is not None:  # replies to replies stay on the second level
            parent = session.get(Comment, parent.parent_id)
    comment = Comment(
        note_id=note.id,
        author_id=author.id,
        parent_id=parent.id if parent else None,
        reply_to_user_id=reply_to,
        body=body,
        lang=note_language(author, body),
        state=Visibility.PENDING.value,
    )
    session.add(comment)
    session.flush()
    screen(session, comment, ip=ip)
    if comment.state in (Visibility.VISIBLE.value, Visibility.LIMITED.value):
        if reply_to is not None:
            notifications.notify(
                session, reply_to, "reply", actor=author, note_id=note.id, comment_id=comment.id
            )
        if reply_to != note.author_id:
            notifications.notify(
                session,
                note.author_id,
                "comment",
                actor=author,
                note_id=note.id,
                comment_id=comment.id,
            )
        for username in extract_mentions(body):
            notifications.mention(session, author, username, note_id=note.id, comment_id=comment.id)
    session.flush()
    return comment


def threads(session: Session, note: Note, viewer: User | None) -> list[Thread]:
    rows = session.scalars(
        select(Comment).where(Comment.note_id == note.id).order_by(Comment.created_at, Comment.id)
    )
    by_id: dict[int, Thread] = {}
    ordered: list[Thread] = []
    pending_replies: list[Comment] = []
    hidden = blocks.hidden_ids(session, viewer)
    for c in rows:
        if not can_view_comment(c, viewer) or c.author_id in hidden:
            continue
        if c.parent_id is None:
            by_id[c.id] = Thread(c)
            ordered.append(by_id[c.id])
        else:
            pending_replies.append(c)
    for reply in pending_replies:
        if reply.parent_id in by_id:
            by_id[reply.parent_id].replies.append(reply)
    return ordered


def delete_comment(session: Session, actor: User, comment_id: int) -> None:
    comment = session.get(Comment, comment_id)
    if comment is None or not can_view_comment(comment, actor):
        raise NotFound("This comment does not exist.", "评论不存在。")
    note = session.get(Note, comment.note_id)
    # The note's author may tidy their own comment section, as on RedNote.
    if actor.id not in (comment.author_id, note.author_id if note else None):
        raise PermissionDenied("Only the author can do this.", "只有作者可以进行此操作。")
    if note is not None and comment.state in (Visibility.VISIBLE.value, Visibility.LIMITED.value):
        removed = 1 + len(
            [
                r
                for r in session.scalars(select(Comment).where(Comment.parent_id == comment.id))
                if r.state in (Visibility.VISIBLE.value, Visibility.LIMITED.value)
            ]
        )
        note.comment_count = max(0, note.comment_count - removed)
    session.delete(comment)
    session.flush()
