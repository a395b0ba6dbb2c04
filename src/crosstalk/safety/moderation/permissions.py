"""Who may do what in moderation: review and decide items, decide appeals, act on accounts,
lift actions, read decisions and the audit log, edit policy.

Every route and service asks here (`can_*` answers, `require_*` raises PermissionDenied with
the reason in both languages), so a rule changes in one place.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.errors import NotFound, PermissionDenied
from crosstalk.community.models import Role, User
from crosstalk.safety.moderation.models import Appeal, ReviewItem
from crosstalk.safety.transparency.models import Decision


def is_senior(user: User) -> bool:
    return user.role in (Role.SENIOR_MODERATOR.value, Role.ADMIN.value)


def decided_by(decision: Decision | None) -> int | None:
    """The moderator who made a decision; None for the automated engine."""
    return decision.actor_id if decision is not None else None


def can_review(user: User | None) -> bool:
    """Open the queue, read items with their context, read the audit log."""
    return user is not None and user.is_moderator


def can_decide_appeal(session: Session, moderator: User, decision_id: int | None) -> bool:
    """A senior moderator or admin who did not make the decision under appeal."""
    if not is_senior(moderator):
        return False
    original = session.get(Decision, decision_id) if decision_id else None
    return decided_by(original) != moderator.id


def require_can_decide(session: Session, item: ReviewItem, moderator: User) -> None:
    """Claim and decide `item`: any moderator, but an appeal takes a senior moderator who did
    not make the decision under appeal."""
    if not can_review(moderator):
        raise PermissionDenied("Moderators only.", "仅限审核员。")
    if item.source != "appeal":
        return
    if not is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can decide an appeal.",
            "只有高级审核员或管理员可以处理申诉。",
        )
    if not can_decide_appeal(session, moderator, item.decision_id):
        raise PermissionDenied(
            "You made the decision under appeal; another moderator must decide the appeal.",
            "被申诉的决定是你作出的，必须由其他审核员处理此申诉。",
        )


def can_act_on_account(moderator: User, target: User, kind: str) -> bool:
    try:
        require_can_act_on_account(moderator, target, kind)
    except PermissionDenied:
        return False
    return True


def require_can_act_on_account(moderator: User, target: User, kind: str) -> None:
    """Warn, limit or suspend an account: a moderator, never on their own account; staff
    accounts only by admins; a ban only by a senior moderator or an admin."""
    if not can_review(moderator):
        raise PermissionDenied("Moderators only.", "仅限审核员。")
    if target.id == moderator.id:
        raise PermissionDenied("You cannot act on your own account.", "不能对自己的账号作出处理。")
    if target.is_moderator and not moderator.is_admin:
        raise PermissionDenied(
            "Only admins act on staff accounts.", "只有管理员可以处理工作人员的账号。"
        )
    if kind == "ban" and not is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can ban an account.",
            "只有高级审核员或管理员可以封禁账号。",
        )


def require_can_lift(moderator: User) -> None:
    """Lifting undoes another person's decision, so it takes a senior moderator or an admin."""
    if not is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can lift an account action.",
            "只有高级审核员或管理员可以解除账号处理。",
        )


def can_see_decision(decision: Decision, viewer: User | None) -> bool:
    """A statement of reasons is for the person affected and for moderators."""
    return viewer is not None and (decision.author_id == viewer.id or viewer.is_moderator)


def require_can_see_decision(decision: Decision | None, viewer: User | None) -> Decision:
    """The decision, or NotFound: to anyone else it does not exist (ids leak nothing)."""
    if decision is None or not can_see_decision(decision, viewer):
        raise NotFound("No such decision.", "决定不存在。")
    return decision


def can_see_appeal(appeal: Appeal, viewer: User | None) -> bool:
    """An appeal is for the author who filed it and for moderators."""
    return viewer is not None and (appeal.author_id == viewer.id or viewer.is_moderator)


def require_admin(user: User) -> None:
    """Edit the policy, export and verify the audit log, confirm glossary and topics."""
    if not user.is_admin:
        raise PermissionDenied("Admins only.", "仅限管理员。")
