"""Who may see which note or comment, given its visibility state and the viewer, and the one
function that changes a visibility (keeping every counter right)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

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


def set_state(
    session: Session, item: Note | Comment | User, state: str, decision_id: int | None
) -> None:
    """Set what others may see of a note, comment or profile, and the decision whose reasons
    its author can read. A comment moving in or out of view changes its note's count."""
    if isinstance(item, User):
        item.profile_state = state  # a profile keeps no decision id: its decisions are listed
        return
    if isinstance(item, Comment):
        was_counted = item.state in REACHABLE_STATES
        if was_counted != (state in REACHABLE_STATES):
            note = session.get(Note, item.note_id)
            if note is not None:
                note.comment_count = max(0, note.comment_count + (-1 if was_counted else 1))
    item.state = state
    item.decision_id = decision_id
