"""Who may see which note or comment, given its visibility state and the viewer."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select

from crosstalk.community.models import Comment, Follow, Note, User, Visibility

PUBLIC_STATES = (Visibility.VISIBLE.value,)
REACHABLE_STATES = (Visibility.VISIBLE.value, Visibility.LIMITED.value)


def can_view_note(note: Note, viewer: User | None) -> bool:
    if note.state in REACHABLE_STATES:
        return True
    if viewer is None:
        return False
    return viewer.id == note.author_id or viewer.is_moderator


def can_view_comment(comment: Comment, viewer: User | None) -> bool:
    if comment.state in REACHABLE_STATES:
        return True
    if viewer is None:
        return False
    return viewer.id == comment.author_id or viewer.is_moderator


def note_listing_filter(viewer: User | None, *, broad_reach: bool) -> ColumnElement[bool]:
    """SQL filter for lists: explore/topic feeds show only `visible` (broad reach);
    following and profile pages also show `limited`; authors always see their own notes."""
    states = PUBLIC_STATES if broad_reach else REACHABLE_STATES
    condition: ColumnElement[bool] = Note.state.in_(states)
    if viewer is not None:
        condition = or_(condition, Note.author_id == viewer.id)
    return condition


def follower_of(viewer_id: int) -> ColumnElement[bool]:
    followees = select(Follow.followee_id).where(Follow.follower_id == viewer_id)
    return and_(Note.author_id.in_(followees))
