"""The publication gate: the one call every new or edited note, comment and profile goes through.

Community code asks `screen_for_publication` what visibility a piece of content gets; the
safety engine decides (stage 1 + rules + surge + stage-2 judge), stores a Decision with its
statement of reasons, and held items enter the human review queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from crosstalk.safety.screening.engine import ScreenItem
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
class ItemState:
    """A visibility the engine set for another item (e.g. earlier members of a spam cluster)."""

    item_type: str
    item_id: int
    state: str
    decision_id: int


@dataclass(frozen=True)
class GateOutcome:
    state: str  # a community Visibility value: visible | limited | held | removed
    decision_id: int | None = None
    # Other items whose visibility changed because of this one; the caller applies them.
    elsewhere: tuple[ItemState, ...] = ()


def _screen_item(item: ContentItem, *, reports: int = 0) -> ScreenItem:
    from crosstalk.safety.screening.engine import ScreenItem

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
    """Decide the visibility of `item` before anyone but its author can see it."""
    from crosstalk.safety.screening.engine import hold_cluster, screen

    try:
        with session.begin_nested():
            decision = screen(session, _screen_item(item))
    except Exception:
        # Fail closed but lose nothing: the item is kept, hidden from others, and a person
        # decides. A crash in screening must never publish unscreened content.
        log.exception("screening failed", extra={"item": f"{item.item_type}:{item.item_id}"})
        return GateOutcome(state="held")
    _after_decision(session, decision)
    # A post that takes a near-duplicate cluster over the bar also restricts its siblings.
    redone = hold_cluster(session, decision)
    for other in redone:
        _after_decision(session, other)
    elsewhere = tuple(ItemState(d.item_type, d.item_id, d.visibility, d.id) for d in redone)
    state, decision_id = decision.visibility, decision.id
    if state == "visible" and item.item_type != "profile":
        # A limited account's new posts stay out of explore and topic feeds until the limit
        # ends; the author reads why in the limit's own statement of reasons.
        from crosstalk.safety.moderation.account_actions import active_limit

        limit = active_limit(session, item.author_id)
        if limit is not None:
            state, decision_id = "limited", limit.account_decision_id or decision.id
    return GateOutcome(state=state, decision_id=decision_id, elsewhere=elsewhere)


def _after_decision(session: Session, decision: Decision) -> None:
    """Hand held items to the review queue, apply the engine's account suspensions and tell
    authors about restrictions."""
    from crosstalk.safety.moderation import account_actions, queue, user_notify

    if decision.visibility == "held":
        queue.enqueue_decision(session, decision)
    if decision.action == "suspend":
        account_actions.apply_engine_suspension(session, decision)
    user_notify.notify_decision(session, decision)


def rescreen_reported(
    session: Session, item: ContentItem, *, reports: int, current_state: str
) -> GateOutcome | None:
    """Screen a reported item again with its count of open reports. A GateOutcome only when
    the new decision hides more than `current_state` (held items then enter the queue and the
    author is told why, as on publication); None when nothing changes."""
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
    _after_decision(session, decision)
    return GateOutcome(state=decision.visibility, decision_id=decision.id)
