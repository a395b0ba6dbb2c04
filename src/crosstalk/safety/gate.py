"""The publication gate: the one call every new or edited note, comment and profile goes through.

Community code asks `screen_for_publication` what visibility a piece of content gets; the safety
engine decides. Until the engine is wired in, everything is published as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

ItemType = Literal["note", "comment", "profile"]


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
    return GateOutcome(state="visible")
