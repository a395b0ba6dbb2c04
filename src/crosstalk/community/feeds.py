"""Feeds with cursor pagination: following, explore (engagement with time decay), topic,
profile and search."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from crosstalk.community import blocks
from crosstalk.community.errors import ValidationFailed
from crosstalk.community.models import Follow, Note, NoteTopic, Topic, User
from crosstalk.community.visibility import note_listing_filter
from crosstalk.db.base import utcnow

EXPLORE_WINDOW_DAYS = 30
EXPLORE_CANDIDATES = 2000
GRAVITY = 1.5  # Hacker-News-style decay: a day-old note needs far more engagement to rank


@dataclass(frozen=True)
class Page:
    items: list[Note]
    next_cursor: str | None


def _encode(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()


def _decode(cursor: str | None) -> dict[str, object] | None:
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(data, dict):
            raise ValueError
        return data
    except (ValueError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed("Invalid page cursor.", "分页参数无效。", field="cursor") from exc


def _keyset_page(
    session: Session, stmt: Select[tuple[Note]], cursor: str | None, limit: int
) -> Page:
    data = _decode(cursor)
    if data is not None:
        try:
            ts = datetime.fromisoformat(str(data["t"]))
            last_id = int(str(data["i"]))
        except (KeyError, ValueError) as exc:
            raise ValidationFailed(
                "Invalid page cursor.", "分页参数无效。", field="cursor"
            ) from exc
        stmt = stmt.where(or_(Note.created_at < ts, and_(Note.created_at == ts, Note.id < last_id)))
    rows = list(
        session.scalars(stmt.order_by(Note.created_at.desc(), Note.id.desc()).limit(limit + 1))
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode({"t": last.created_at.isoformat(), "i": last.id})
    return Page(rows, next_cursor)


def _clamp(limit: int) -> int:
    return max(1, min(limit, 50))


def following(session: Session, viewer: User, cursor: str | None = None, limit: int = 20) -> Page:
    followees = select(Follow.followee_id).where(Follow.follower_id == viewer.id)
    stmt = select(Note).where(
        Note.author_id.in_(followees),
        note_listing_filter(viewer, broad_reach=False),
        blocks.hidden_from(Note.author_id, viewer),
    )
    return _keyset_page(session, stmt, cursor, _clamp(limit))


def profile(
    session: Session, author: User, viewer: User | None, cursor: str | None = None, limit: int = 20
) -> Page:
    """An author's notes; none between accounts that blocked each other (a muted author's
    profile still shows them: the reader went there on purpose)."""
    if viewer is not None and blocks.blocked_between(session, author.id, viewer.id):
        return Page([], None)
    stmt = select(Note).where(
        Note.author_id == author.id, note_listing_filter(viewer, broad_reach=False)
    )
    return _keyset_page(session, stmt, cursor, _clamp(limit))


def topic(
    session: Session, name: str, viewer: User | None, cursor: str | None = None, limit: int = 20
) -> Page:
    ids = (
        select(NoteTopic.note_id)
        .join(Topic, Topic.id == NoteTopic.topic_id)
        .where(Topic.name == name)
    )
    stmt = select(Note).where(
        Note.id.in_(ids),
        note_listing_filter(viewer, broad_reach=True),
        blocks.hidden_from(Note.author_id, viewer),
    )
    return _keyset_page(session, stmt, cursor, _clamp(limit))


def search(
    session: Session, query: str, viewer: User | None, cursor: str | None = None, limit: int = 20
) -> Page:
    query = " ".join(query.split())[:100]
    if not query:
        return Page([], None)
    terms = [t for t in query.lstrip("#").split(" ") if t][:5]
    conds = []
    for term in terms:
        like = f"%{term.replace('%', '').replace('_', '')}%"
        topic_ids = (
            select(NoteTopic.note_id)
            .join(Topic, Topic.id == NoteTopic.topic_id)
            .where(Topic.name == term.lower())
        )
        conds.append(or_(Note.title.ilike(like), Note.body.ilike(like), Note.id.in_(topic_ids)))
    stmt = select(Note).where(
        and_(*conds),
        note_listing_filter(viewer, broad_reach=True),
        blocks.hidden_from(Note.author_id, viewer),
    )
    return _keyset_page(session, stmt, cursor, _clamp(limit))


def explore_score(note: Note, now: datetime) -> float:
    engagement = note.like_count + 2 * note.comment_count + 3 * note.collect_count
    age_h = max(0.0, (now - note.created_at).total_seconds() / 3600)
    return (engagement + 1) / (age_h + 2) ** GRAVITY


def explore(
    session: Session, viewer: User | None, cursor: str | None = None, limit: int = 20
) -> Page:
    """Rank recent notes by engagement with time decay. The cursor pins the ranking time so
    pages do not shift while someone scrolls."""
    limit = _clamp(limit)
    data = _decode(cursor) or {}
    try:
        now = datetime.fromisoformat(str(data["t"])) if "t" in data else utcnow()
        offset = int(str(data.get("o", 0)))
    except ValueError as exc:
        raise ValidationFailed("Invalid page cursor.", "分页参数无效。", field="cursor") from exc
    if offset < 0:
        raise ValidationFailed("Invalid page cursor.", "分页参数无效。", field="cursor")
    since = now - timedelta(days=EXPLORE_WINDOW_DAYS)
    stmt = (
        select(Note)
        .where(
            Note.created_at >= since,
            Note.created_at <= now,
            note_listing_filter(None, broad_reach=True),
            blocks.hidden_from(Note.author_id, viewer),
        )
        .order_by(Note.created_at.desc())
        .limit(EXPLORE_CANDIDATES)
    )
    candidates = list(session.scalars(stmt))
    if len(candidates) < limit + offset:
        older = select(Note).where(
            Note.created_at < since,
            note_listing_filter(None, broad_reach=True),
            blocks.hidden_from(Note.author_id, viewer),
        )
        candidates += list(
            session.scalars(older.order_by(Note.created_at.desc()).limit(EXPLORE_CANDIDATES))
        )
    ranked = sorted(candidates, key=lambda n: (explore_score(n, now), n.id), reverse=True)
    items = ranked[offset : offset + limit]
    more = len(ranked) > offset + limit
    next_cursor = _encode({"t": now.isoformat(), "o": offset + limit}) if more else None
    return Page(items, next_cursor)
