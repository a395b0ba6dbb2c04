"""What a reviewer sees beside an item: the author's history, the thread around it, the
evidence highlighted, and whether its images start blurred."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community import items
from crosstalk.community.models import Comment, Note, User
from crosstalk.db.base import utcnow
from crosstalk.safety.moderation import account_actions
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.transparency.models import Decision

SENSITIVE_IMAGES = ("sexual", "violence")  # category prefixes whose images start blurred
VIOLENT_SUFFIXES = ("/threatening", "/violent")


def author_history(session: Session, author_id: int | None) -> dict[str, Any]:
    if author_id is None:
        return {}
    user = session.get(User, author_id)
    if user is None:
        return {}
    prior = list(
        session.scalars(
            select(Decision)
            .where(Decision.author_id == author_id, Decision.action.in_(("remove", "suspend")))
            .order_by(Decision.created_at.desc())
            .limit(20)
        )
    )
    return {
        "user": user,
        "account_age_days": max(0, (utcnow() - user.created_at).days),
        "trust_level": user.trust_level,
        "removals": len(prior),
        "strikes": account_actions.actions_for(session, author_id),
    }


def thread(session: Session, item: ReviewItem) -> tuple[Note | None, list[Comment]]:
    """The note around a comment and the comments of its thread (or the note's own)."""
    obj = items.load(session, item.item_type, item.item_id)
    note: Note | None = None
    if isinstance(obj, Note):
        note = obj
    elif isinstance(obj, Comment):
        note = session.get(Note, obj.note_id)
    if note is None:
        return None, []
    comments = list(
        session.scalars(
            select(Comment).where(Comment.note_id == note.id).order_by(Comment.created_at).limit(50)
        )
    )
    return note, comments


def highlight(text: str, evidence: Iterable[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, is_evidence) parts from evidence offsets; the template
    escapes every segment, so no markup is ever built from user text."""
    spans: list[tuple[int, int]] = []
    for e in evidence:
        start, end = e.get("start"), e.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end))
        elif isinstance(e.get("text"), str) and e["text"]:
            at = text.find(e["text"])
            if at >= 0:
                spans.append((at, at + len(e["text"])))
    spans.sort()
    parts: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            parts.append((text[pos:start], False))
        parts.append((text[start:end], True))
        pos = end
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def blur_images(item: ReviewItem) -> bool:
    """Sexual and violent items (threats of violence included) show images only on request."""
    category = item.category or ""
    return category.startswith(SENSITIVE_IMAGES) or category.endswith(VIOLENT_SUFFIXES)
