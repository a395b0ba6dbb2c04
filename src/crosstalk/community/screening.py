"""Community side of the publication gate: hand a new, edited or reported note, comment or
profile to safety screening, which applies the visibility it decides."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community import items
from crosstalk.community.models import User
from crosstalk.db.base import utcnow
from crosstalk.safety.screening.gate import (
    ContentItem,
    GateOutcome,
    rescreen_reported,
    screen_for_publication,
)


def _content(session: Session, item: items.Item, ip: str | None) -> ContentItem:
    """The item as screening reads it (the same text on publication and on a re-screen)."""
    author = item if isinstance(item, User) else session.get(User, items.author_id_of(item))
    assert author is not None, "every item has an author"
    kind = items.item_type_of(item)
    return ContentItem(
        item_type=kind,  # type: ignore[arg-type]
        item_id=item.id,
        text=items.text_of(item),
        lang=items.lang_of(item),
        author_id=author.id,
        author_created_at=author.created_at or utcnow(),
        author_trust_level=author.trust_level,
        ip=ip,
    )


def screen(session: Session, item: items.Item, *, ip: str | None = None) -> GateOutcome:
    """Screen a new or edited item; its visibility (and any near-duplicate's) is set."""
    return screen_for_publication(session, _content(session, item, ip))


def rescreen_report_target(
    session: Session, target_type: str, target_id: int, *, reports: int
) -> GateOutcome | None:
    """Screen a reported note, comment or profile ("user") again with `reports` open reports;
    a visibility that hides more than the current one is applied, a looser one never is."""
    item = items.load(session, target_type, target_id)
    if item is None:
        return None
    return rescreen_reported(
        session, _content(session, item, None), reports=reports, current_state=items.state_of(item)
    )
