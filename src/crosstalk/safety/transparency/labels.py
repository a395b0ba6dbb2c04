"""Content labels readers see on labelled notes and comments: the clause a `label` (or a reach
`limit`, which the policy's explanations promise is labelled too) decision applied, in the
reader's language, loaded for a whole page of items in one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.safety.transparency.models import Decision
from crosstalk.safety.transparency.reasons import is_zh

LABELLED_ACTIONS = ("label", "limit")
CONTENT_TYPES = ("note", "comment")


@dataclass(frozen=True)
class ContentLabel:
    """What a reader is shown beside a labelled item (texts as stored with the decision, so a
    later policy edit does not change what the label said)."""

    decision_id: int
    clause_id: str
    title: str
    explanation: str


def labels_for(
    session: Session, decision_ids: Iterable[int | None], locale: str = "en"
) -> dict[int, ContentLabel]:
    """Decision id → label for those of `decision_ids` that label a note or comment."""
    wanted = sorted({i for i in decision_ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(
        select(Decision.id, Decision.clause_id, Decision.ground).where(
            Decision.id.in_(wanted),
            Decision.action.in_(LABELLED_ACTIONS),
            Decision.item_type.in_(CONTENT_TYPES),
            Decision.clause_id.is_not(None),
        )
    ).all()
    key = "zh-Hans" if is_zh(locale) else "en"
    out: dict[int, ContentLabel] = {}
    for decision_id, clause_id, ground in rows:
        ground = ground or {}
        title = (ground.get("title") or {}).get(key) or clause_id
        explanation = (ground.get("explanation") or {}).get(key) or ""
        out[decision_id] = ContentLabel(decision_id, clause_id, title, explanation)
    return out


def item_labels(
    session: Session, items: Iterable[object], locale: str = "en"
) -> dict[int, ContentLabel]:
    """Item id → label for notes or comments (anything with `id` and `decision_id`)."""
    listed = [(getattr(i, "id", None), getattr(i, "decision_id", None)) for i in items]
    found = labels_for(session, (d for _, d in listed), locale)
    return {i: found[d] for i, d in listed if i is not None and d in found}
