"""The publication gate: the one call every new or edited note, comment and profile goes through.

Community code hands every new or edited item to `screen_for_publication`; the safety engine
decides (stage 1 + rules + surge + stage-2 judge) and stores a Decision with its statement of
reasons, and the one after-decision path applies it (visibility, queue, notices).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy.orm import Session

from crosstalk.community import items
from crosstalk.community.models import User
from crosstalk.community.visibility import set_state
from crosstalk.safety.moderation import effects

if TYPE_CHECKING:
    from crosstalk.safety.screening.results import ScreenItem
    from crosstalk.safety.transparency.models import Decision

ItemType = Literal["note", "comment", "profile"]
log = logging.getLogger("crosstalk.safety.screening.gate")


@dataclass(frozen=True)
class ContentItem:
    item_type: ItemType
    item_id: int
    text: str
    lang: str
    author_id: int
    author_created_at: datetime
    author_trust_level: int = 0
    ip: str | None = None


@dataclass(frozen=True)
class GateOutcome:
    state: str  # a community Visibility value: visible | limited | held | removed
    decision_id: int | None = None


def _screen_item(item: ContentItem, *, reports: int = 0) -> ScreenItem:
    from crosstalk.safety.screening.results import ScreenItem

    return ScreenItem(
        item_type=item.item_type,
        item_id=item.item_id,
        text=item.text,
        lang=item.lang,
        author_id=item.author_id,
        author_created_at=item.author_created_at,
        author_trust_level=item.author_trust_level,
        ip=item.ip,
        reports=reports,
    )


def screen_for_publication(session: Session, item: ContentItem) -> GateOutcome:
    """Decide the visibility of `item` before anyone but its author can see it, and apply it
    (to the item and to any near-duplicates it restricts) through the one after-decision path."""
    from crosstalk.safety.screening.engine import hold_cluster, screen

    try:
        with session.begin_nested():
            decision = screen(session, _screen_item(item))
    except Exception:
        # Fail closed but lose nothing: the item is kept, hidden from others, and a person
        # decides. A crash in screening must never publish unscreened content.
        log.exception("screening failed", extra={"item": f"{item.item_type}:{item.item_id}"})
        found = items.load(session, item.item_type, item.item_id)
        if found is not None:
            set_state(session, found, "held", None)
        return GateOutcome(state="held")
    effects.after_decision(session, decision)
    # A post that takes a near-duplicate cluster over the bar also restricts its siblings.
    for other in hold_cluster(session, decision):
        effects.after_decision(session, other)
    return _outcome(session, item.item_type, item.item_id, decision)


def _outcome(session: Session, item_type: str, item_id: int, decision: Decision) -> GateOutcome:
    """What the item's visibility is now (a limited account's post is limited by the limit)."""
    found = items.load(session, item_type, item_id)
    if found is None or isinstance(found, User):
        state = found.profile_state if found is not None else decision.visibility
        return GateOutcome(state=state, decision_id=decision.id)
    return GateOutcome(state=found.state, decision_id=found.decision_id)


def rescreen_reported(
    session: Session, item: ContentItem, *, reports: int, current_state: str
) -> GateOutcome | None:
    """Screen a reported item again with its count of open reports. A GateOutcome only when
    the new decision hides more than `current_state` (applied as on publication: held items
    enter the queue and the author is told why); None when nothing changes."""
    from crosstalk.safety.screening.engine import rescreen

    try:
        with session.begin_nested():
            decision = rescreen(
                session, _screen_item(item, reports=reports), current_visibility=current_state
            )
    except Exception:
        # The report itself is kept and queued for a person; only the re-screen is lost.
        log.exception("re-screen failed", extra={"item": f"{item.item_type}:{item.item_id}"})
        return None
    if decision is None:
        return None
    effects.after_decision(session, decision)
    return _outcome(session, item.item_type, item.item_id, decision)
