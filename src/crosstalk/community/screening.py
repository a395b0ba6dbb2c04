"""Community side of the publication gate: screen an item and apply every visibility the
safety engine decided, including restrictions on earlier near-duplicates."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Note, User, Visibility
from crosstalk.safety.gate import ContentItem, GateOutcome, ItemState, screen_for_publication

COUNTED = (Visibility.VISIBLE.value, Visibility.LIMITED.value)


def screen(session: Session, item: ContentItem) -> GateOutcome:
    outcome = screen_for_publication(session, item)
    for other in outcome.elsewhere:
        apply_state(session, other)
    return outcome


def apply_state(session: Session, change: ItemState) -> None:
    """Set an item's visibility (keeping comment counts right); unknown items are ignored."""
    if change.item_type == "note":
        note = session.get(Note, change.item_id)
        if note is not None:
            note.state, note.decision_id = change.state, change.decision_id
    elif change.item_type == "comment":
        comment = session.get(Comment, change.item_id)
        if comment is not None:
            was_counted = comment.state in COUNTED
            comment.state, comment.decision_id = change.state, change.decision_id
            note = session.get(Note, comment.note_id)
            if note is not None and was_counted != (comment.state in COUNTED):
                note.comment_count += 1 if comment.state in COUNTED else -1
    elif change.item_type == "profile":
        user = session.get(User, change.item_id)
        if user is not None:
            user.profile_state = change.state
