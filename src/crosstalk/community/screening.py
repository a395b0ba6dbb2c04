"""Community side of the publication gate: screen an item and apply every visibility the
safety engine decided, including restrictions on earlier near-duplicates; screen a reported
item again with its count of open reports."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Note, User, Visibility
from crosstalk.safety.screening.gate import (
    ContentItem,
    GateOutcome,
    ItemState,
    ItemType,
    rescreen_reported,
    screen_for_publication,
)

COUNTED = (Visibility.VISIBLE.value, Visibility.LIMITED.value)


def screen(session: Session, item: ContentItem) -> GateOutcome:
    outcome = screen_for_publication(session, item)
    for other in outcome.elsewhere:
        apply_state(session, other)
    return outcome


def rescreen_report_target(
    session: Session, target_type: str, target_id: int, *, reports: int
) -> GateOutcome | None:
    """Screen a reported note, comment or profile ("user") again with `reports` open reports;
    a visibility that hides more than the current one is applied, a looser one never is."""
    found = _current(session, target_type, target_id)
    if found is None:
        return None
    item, state = found
    outcome = rescreen_reported(session, item, reports=reports, current_state=state)
    if outcome is not None and outcome.decision_id is not None:
        kind = "profile" if target_type == "user" else target_type
        apply_state(session, ItemState(kind, target_id, outcome.state, outcome.decision_id))
    return outcome


def _current(session: Session, target_type: str, target_id: int) -> tuple[ContentItem, str] | None:
    """The item as screening reads it (the same text as on publication) and its visibility."""
    author: User | None
    kind: ItemType
    if target_type == "note":
        note = session.get(Note, target_id)
        if note is None:
            return None
        author, text, lang, state = note.author, f"{note.title}\n{note.body}", note.lang, note.state
        kind = "note"
    elif target_type == "comment":
        comment = session.get(Comment, target_id)
        if comment is None:
            return None
        author, text, lang, state = comment.author, comment.body, comment.lang, comment.state
        kind = "comment"
    else:
        author = session.get(User, target_id)
        if author is None:
            return None
        text = "\n".join(part for part in (author.display_name, author.bio) if part)
        lang, state, kind = author.writing_lang, author.profile_state, "profile"
    item = ContentItem(
        item_type=kind,
        item_id=target_id,
        text=text,
        lang=lang,
        author_id=author.id,
        author_created_at=author.created_at,
        author_trust_level=author.trust_level,
    )
    return item, state


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
