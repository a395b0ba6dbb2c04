"""Account actions (Mastodon-style strikes): warnings, limits, suspensions with a duration, and
bans; each with its own statement of reasons, notified, audited, appealable and liftable.

A limit makes the account's new posts `limited` (not in explore or topic feeds); a suspension
or ban stops the account taking part (it can still log in to read why and to appeal); a
warning restricts nothing but stays on the record and resets the account's trust level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.errors import NotFound, ValidationFailed
from crosstalk.community.items import text_of
from crosstalk.community.models import User
from crosstalk.db.base import utcnow
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation import effects, permissions
from crosstalk.safety.moderation.enforcement import (
    FOREVER,
    actions_for,
    actions_for_decision,
    active_limit,
    apply_engine_suspension,
    sync_account,
)
from crosstalk.safety.moderation.models import AccountAction
from crosstalk.safety.screening.policy import cited_clause, enforced_policy
from crosstalk.safety.transparency import decisions
from crosstalk.safety.transparency.models import Decision

__all__ = [
    "FOREVER",
    "KINDS",
    "actions_for",
    "actions_for_decision",
    "active_limit",
    "apply_engine_suspension",
    "sync_account",
]

KINDS = ("warning", "limit", "suspension", "ban")
MAX_DAYS = 3650


def validate(kind: str, duration_days: int | None) -> None:
    """Check an account action before anything is written (the caller's form shows why)."""
    if kind not in KINDS:
        raise ValidationFailed(
            f"Account action must be one of {', '.join(KINDS)}.",
            f"账号处理必须是 {', '.join(KINDS)} 之一。",
            field="account_action",
        )
    if duration_days is not None and not 1 <= duration_days <= MAX_DAYS:
        raise ValidationFailed(
            f"A duration is 1 to {MAX_DAYS} days.",
            f"时长须为 1 到 {MAX_DAYS} 天。",
            field="duration_days",
        )
    if kind == "suspension" and duration_days is None:
        raise ValidationFailed(
            "A suspension needs a duration in days (a ban has none).",
            "暂停账号需要填写天数（封禁不需要）。",
            field="duration_days",
        )
    if kind in ("warning", "ban") and duration_days is not None:
        raise ValidationFailed(
            f"A {kind} has no duration.",
            "警告和封禁不设时长。",
            field="duration_days",
        )


def apply_account_action(
    session: Session,
    *,
    user_id: int,
    action: str,
    reason_clause: str,
    moderator_id: int,
    decision_id: int | None = None,
    duration_days: int | None = None,
    note: str = "",
) -> AccountAction:
    """A moderator acts on an account: its statement of reasons, enforced, audited, notified."""
    validate(action, duration_days)
    clause = cited_clause(reason_clause)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.", "账号不存在。")
    related = session.get(Decision, decision_id) if decision_id is not None else None
    now = utcnow()
    ends_at = FOREVER if action == "ban" else None
    if duration_days is not None:
        ends_at = now + timedelta(days=duration_days)
    decision = decisions.record(
        session,
        decisions.Basis(
            subject=decisions.Subject(
                item_type="account",
                item_id=user.id,
                author_id=user.id,
                lang=related.lang if related is not None else user.writing_lang,
                text=text_of(user),
            ),
            action=action,
            trigger=related.trigger if related is not None else "direct",
            policy=enforced_policy(),
            clause=clause,
            previous=related,
            actor_id=moderator_id,
            note=note,
            ends_at=ends_at if action != "ban" else None,
            days=duration_days,
            now=now,
        ),
    )
    entry = AccountAction(
        user_id=user.id,
        kind=action,
        clause_id=clause.id,
        decision_id=decision_id,
        account_decision_id=decision.id,
        moderator_id=moderator_id,
        note=note,
        created_at=now,
        ends_at=ends_at,  # None for a warning: validate() refuses a duration on one
        lift_reason="",
    )
    session.add(entry)
    session.flush()
    sync_account(session, user, now)
    effects.after_decision(
        session,
        decision,
        actor=session.get(User, moderator_id),
        audit_entry=effects.Audit(
            f"account.{action}",
            "user",
            user.id,
            {
                "account_action_id": entry.id,
                "decision_id": decision.id,
                "related_decision_id": decision_id,
                "clause_id": clause.id,
                "duration_days": duration_days,
                "note": note,
            },
        ),
    )
    return entry


def get_action(session: Session, action_id: int) -> AccountAction:
    entry = session.get(AccountAction, action_id)
    if entry is None:
        raise NotFound("No such account action.", "账号处理记录不存在。")
    return entry


def lift(session: Session, action_id: int, *, moderator_id: int, reason: str) -> AccountAction:
    """End an action early (a reversed appeal, or a senior moderator's call); kept on record."""
    from crosstalk.safety.moderation.user_notify import notify_user

    entry = get_action(session, action_id)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            "Say why the action is lifted.", "请说明解除处理的理由。", field="reason"
        )
    if entry.lifted_at is not None:
        return entry
    entry.lifted_at = utcnow()
    entry.lifted_by = moderator_id
    entry.lift_reason = reason[:2000]
    session.flush()
    user = session.get(User, entry.user_id)
    if user is not None:
        sync_account(session, user)
    audit.record(
        session,
        actor_id=moderator_id,
        action="account.lift",
        target_type="user",
        target_id=entry.user_id,
        details={"account_action_id": entry.id, "kind": entry.kind, "reason": entry.lift_reason},
    )
    en_kind, zh_kind = _KIND_NAMES[entry.kind]
    notify_user(
        session,
        entry.user_id,
        "account_lifted",
        f"The {en_kind} on your account was lifted.",
        f"你账号的{zh_kind}已被解除。",
        extra={"account_action_id": entry.id},
    )
    return entry


_KIND_NAMES = {
    "warning": ("warning", "警告"),
    "limit": ("limit", "限制"),
    "suspension": ("suspension", "暂停"),
    "ban": ("ban", "封禁"),
}


@dataclass(frozen=True)
class Standing:
    """What the account's owner sees on their account status page."""

    actions: list[AccountAction]
    active: list[AccountAction]
    suspended_until: datetime | None
    banned: bool
    limited: AccountAction | None
    decisions: dict[int, Decision]

    @property
    def good(self) -> bool:
        return not self.active


def standing(session: Session, user: User, now: datetime | None = None) -> Standing:
    now = now or utcnow()
    actions = actions_for(session, user.id)
    ids = [a.account_decision_id for a in actions if a.account_decision_id is not None]
    by_id: dict[int, Decision] = {}
    if ids:
        by_id = {d.id: d for d in session.scalars(select(Decision).where(Decision.id.in_(ids)))}
    active = [a for a in actions if a.active(now)]
    suspended = (
        user.suspended_until if user.suspended_until and user.suspended_until > now else None
    )
    return Standing(
        actions=actions,
        active=active,
        suspended_until=suspended,
        banned=suspended is not None and suspended >= FOREVER,
        limited=next((a for a in active if a.kind == "limit"), None),
        decisions=by_id,
    )


def as_dict(entry: AccountAction, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    return {
        "id": entry.id,
        "kind": entry.kind,
        "clause_id": entry.clause_id,
        "decision_id": entry.decision_id,
        "account_decision_id": entry.account_decision_id,
        "automated": entry.moderator_id is None,
        "created_at": entry.created_at.isoformat(),
        "ends_at": entry.ends_at.isoformat() if entry.ends_at and entry.ends_at < FOREVER else None,
        "active": entry.active(now),
        "lifted_at": entry.lifted_at.isoformat() if entry.lifted_at else None,
        "lift_reason": entry.lift_reason or None,
    }


def act_on_account(
    session: Session,
    moderator: User,
    target: User,
    *,
    kind: str,
    clause_id: str | None,
    duration_days: int | None = None,
    note: str = "",
) -> AccountAction:
    """A moderator acts on an account directly (not with a content decision)."""
    permissions.require_can_act_on_account(moderator, target, kind)
    return apply_account_action(
        session,
        user_id=target.id,
        action=kind,
        reason_clause=clause_id or "",
        moderator_id=moderator.id,
        duration_days=duration_days,
        note=note.strip(),
    )


def lift_by(session: Session, moderator: User, action_id: int, reason: str) -> AccountAction:
    """End an action early on a senior moderator's or an admin's call."""
    permissions.require_can_lift(moderator)
    return lift(session, action_id, moderator_id=moderator.id, reason=reason)
