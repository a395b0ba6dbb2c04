"""The publication gate: the one call every new or edited note, comment and profile goes through.

Community code asks `screen_for_publication` what visibility a piece of content gets; the
safety engine decides (stage 1 + rules + surge + stage-2 judge), stores a Decision with its
statement of reasons, and held items enter the human review queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

ItemType = Literal["note", "comment", "profile"]
log = logging.getLogger("crosstalk.safety.gate")


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


def screen_for_publication(session: Session, item: ContentItem) -> GateOutcome:
    """Decide the visibility of `item` before anyone but its author can see it."""
    from crosstalk.safety.engine import screen

    try:
        with session.begin_nested():
            decision = screen(session, item)
    except Exception:
        # Fail closed but lose nothing: the item is kept, hidden from others, and a person
        # decides. A crash in screening must never publish unscreened content.
        log.exception("screening failed", extra={"item": f"{item.item_type}:{item.item_id}"})
        return GateOutcome(state="held")
    _after_decision(session, decision)
    return GateOutcome(state=decision.visibility, decision_id=decision.id)


def _after_decision(session: Session, decision: object) -> None:
    """Hand held items to the review queue and tell authors about restrictions."""
    try:
        from crosstalk.safety import review
    except ImportError:  # the review queue is optional until it lands
        review = None  # type: ignore[assignment]
    if review is not None and getattr(decision, "visibility", "") == "held":
        review.enqueue_decision(session, decision)
    try:
        from crosstalk.safety import user_notify
    except ImportError:
        return
    user_notify.notify_decision(session, decision)
