"""Who may do what in moderation: review items, decide appeals, act on accounts, lift actions.

Every route and service asks here, so a rule changes in one place.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.errors import PermissionDenied
from crosstalk.community.models import Role, User
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.transparency.models import Decision


def is_senior(user: User) -> bool:
    return user.role in (Role.SENIOR_MODERATOR.value, Role.ADMIN.value)


def decided_by(decision: Decision | None) -> int | None:
    """The moderator who made a decision; None for the automated engine."""
    if decision is None:
        return None
    review = (decision.facts or {}).get("review") or {}
    moderator = review.get("moderator_id")
    return int(moderator) if moderator is not None else None


def check_can_review(session: Session, item: ReviewItem, moderator: User) -> None:
    if not moderator.is_moderator:
        raise PermissionDenied("Moderators only.", "仅限审核员。")
    if item.source != "appeal":
        return
    if not is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can decide an appeal.",
            "只有高级审核员或管理员可以处理申诉。",
        )
    original = session.get(Decision, item.decision_id) if item.decision_id else None
    if decided_by(original) == moderator.id:
        raise PermissionDenied(
            "You made the decision under appeal; another moderator must decide the appeal.",
            "被申诉的决定是你作出的，必须由其他审核员处理此申诉。",
        )
