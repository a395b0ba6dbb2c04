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

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crosstalk.community.errors import NotFound, PermissionDenied, ValidationFailed
from crosstalk.community.models import Role, User
from crosstalk.db.base import utcnow
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation.models import AccountAction
from crosstalk.safety.screening.policy import Clause, cited_clause, enforced_policy
from crosstalk.safety.transparency.decisions import REDRESS, clause_ground, text_hash
from crosstalk.safety.transparency.models import Decision

KINDS = ("warning", "limit", "suspension", "ban")
MAX_DAYS = 3650
# A ban has no end; stored as the far future so one column answers "may this account act?".
FOREVER = datetime(9999, 12, 31)

_VISIBILITY = {"warning": "visible", "limit": "limited", "suspension": "removed", "ban": "removed"}
_RESTRICTION_TYPE = {
    "limit": "decision_visibility",
    "suspension": "decision_account",
    "ban": "decision_account",
}
_DSA_VISIBILITY = {"limit": "DECISION_VISIBILITY_CONTENT_DEMOTED"}
_DSA_ACCOUNT = {"suspension": "DECISION_ACCOUNT_SUSPENDED", "ban": "DECISION_ACCOUNT_TERMINATED"}
_OUTCOME = {
    "warning": ("gave it a warning", "对其作出警告"),
    "limit": ("limited the reach of its posts", "限制了其帖子的展示范围"),
    "suspension": ("suspended it", "暂停了该账号"),
    "ban": ("banned it", "封禁了该账号"),
}
_ITEM = {"note": ("a note", "一篇笔记"), "comment": ("a comment", "一条评论")}


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


def _circumstances(
    kind: str, days: int | None, clause: Clause, version: str, related: Decision | None
) -> tuple[str, str]:
    what_en, what_zh = _OUTCOME[kind]
    span_en = f" for {days} days" if days else ""
    span_zh = f"，为期 {days} 天" if days else ""
    en = f"A moderator reviewed this account and {what_en}{span_en}."
    zh = f"审核员复核了该账号，并{what_zh}{span_zh}。"
    if related is not None:
        item_en, item_zh = _ITEM.get(related.item_type, ("content", "内容"))
        en += f" It follows decision #{related.id} about {item_en} by this account."
        zh += f"此处理源于针对该账号发布的{item_zh}的第 {related.id} 号决定。"
    en += f" Clause {clause.id} of policy {version} applies."
    zh += f"适用规则版本 {version} 中的条款 {clause.id}。"
    return en, zh


def account_decision(
    session: Session,
    user: User,
    kind: str,
    clause: Clause,
    *,
    moderator_id: int,
    ends_at: datetime | None,
    related: Decision | None,
    note: str,
    days: int | None,
) -> Decision:
    """The Decision (statement of reasons) of an account action, stored and flushed."""
    policy = enforced_policy()
    en, zh = _circumstances(kind, days, clause, policy.version, related)
    restricted = kind != "warning"
    text = f"{user.display_name}\n{user.bio}".strip()
    decision = Decision(
        item_type="account",
        item_id=user.id,
        author_id=user.id,
        lang=related.lang if related is not None else user.writing_lang,
        text=text,
        text_hash=text_hash(text),
        action=kind,
        visibility=_VISIBILITY[kind],
        rule_id=None,
        clause_id=clause.id,
        policy_version=policy.version,
        scores=dict(related.scores) if related is not None else {},
        evidence=list(related.evidence) if related is not None else [],
        facts={
            "review": {
                "moderator_id": moderator_id,
                "source": ((related.facts or {}).get("review") or {}).get("source", "hold")
                if related is not None
                else "shadow",
                "note": note,
                "action": kind,
                "previous_decision_id": related.id if related is not None else None,
            }
        },
        stages=["human"],
        restriction_type=_RESTRICTION_TYPE.get(kind),
        visibility_restriction=_DSA_VISIBILITY.get(kind),
        account_restriction=_DSA_ACCOUNT.get(kind),
        scope="account",
        ends_at=ends_at,
        circumstances_en=en,
        circumstances_zh=zh,
        automated_detection=bool(related.automated_detection) if related is not None else False,
        automated_decision="AUTOMATED_DECISION_NOT_AUTOMATED",
        ground=clause_ground(clause, policy),
        explanation_en=clause.explanation.en,
        explanation_zh=clause.explanation.zh_Hans,
        # A warning restricts nothing, but people may still contest what is on their record.
        redress=list(REDRESS) if restricted else ["appeal"],
        created_at=utcnow(),
    )
    session.add(decision)
    session.flush()
    return decision


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
    """A moderator acts on an account: stored, enforced, notified, audited."""
    from crosstalk.safety.moderation.user_notify import notify_decision

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
    decision = account_decision(
        session,
        user,
        action,
        clause,
        moderator_id=moderator_id,
        ends_at=ends_at if action != "ban" else None,
        related=related,
        note=note,
        days=duration_days,
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
    audit.record(
        session,
        actor_id=moderator_id,
        action=f"account.{action}",
        target_type="user",
        target_id=user.id,
        details={
            "account_action_id": entry.id,
            "decision_id": decision.id,
            "related_decision_id": decision_id,
            "clause_id": clause.id,
            "duration_days": duration_days,
            "note": note,
        },
    )
    notify_decision(session, decision)
    return entry


def apply_engine_suspension(session: Session, decision: Decision) -> AccountAction | None:
    """The engine's own `suspend` action (e.g. sexual content involving minors): the account
    is suspended at once, until the rule's duration ends or a person lifts it."""
    if decision.action != "suspend" or decision.author_id is None:
        return None
    user = session.get(User, decision.author_id)
    if user is None:
        return None
    entry = AccountAction(
        user_id=user.id,
        kind="suspension",
        clause_id=decision.clause_id,
        decision_id=decision.id,
        account_decision_id=decision.id,  # the engine's decision carries the account restriction
        moderator_id=None,
        note="",
        created_at=utcnow(),
        ends_at=decision.ends_at or FOREVER,
        lift_reason="",
    )
    session.add(entry)
    session.flush()
    sync_account(session, user)
    audit.record(
        session,
        actor_id=None,
        action="account.suspension",
        target_type="user",
        target_id=user.id,
        details={
            "account_action_id": entry.id,
            "decision_id": decision.id,
            "clause_id": decision.clause_id,
            "automated": True,
        },
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


def sync_account(session: Session, user: User, now: datetime | None = None) -> None:
    """Set `suspended_until` from the account's active suspensions and bans (the latest end
    wins), so login, posting and the feeds read one column."""
    now = now or utcnow()
    ends = [
        a.ends_at or FOREVER
        for a in actions_for(session, user.id)
        if a.kind in ("suspension", "ban") and a.active(now)
    ]
    user.suspended_until = max(ends) if ends else None
    session.flush()


def actions_for(session: Session, user_id: int) -> list[AccountAction]:
    """Every action on the account, newest first (lifted and expired ones included)."""
    return list(
        session.scalars(
            select(AccountAction)
            .where(AccountAction.user_id == user_id)
            .order_by(AccountAction.created_at.desc(), AccountAction.id.desc())
        )
    )


def actions_for_decision(session: Session, decision_id: int) -> list[AccountAction]:
    """Actions that came with a decision or whose own statement of reasons it is."""
    return list(
        session.scalars(
            select(AccountAction).where(
                or_(
                    AccountAction.decision_id == decision_id,
                    AccountAction.account_decision_id == decision_id,
                )
            )
        )
    )


def active_limit(
    session: Session, user_id: int, now: datetime | None = None
) -> AccountAction | None:
    now = now or utcnow()
    for entry in actions_for(session, user_id):
        if entry.kind == "limit" and entry.active(now):
            return entry
    return None


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
    decisions: dict[int, Decision] = {}
    if ids:
        decisions = {d.id: d for d in session.scalars(select(Decision).where(Decision.id.in_(ids)))}
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
        decisions=decisions,
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


def _is_senior(user: User) -> bool:
    return user.role in (Role.SENIOR_MODERATOR.value, Role.ADMIN.value)


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
    if not moderator.is_moderator:
        raise PermissionDenied("Moderators only.", "仅限审核员。")
    if target.id == moderator.id:
        raise PermissionDenied("You cannot act on your own account.", "不能对自己的账号作出处理。")
    if target.is_moderator and not moderator.is_admin:
        raise PermissionDenied(
            "Only admins act on staff accounts.", "只有管理员可以处理工作人员的账号。"
        )
    if kind == "ban" and not _is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can ban an account.",
            "只有高级审核员或管理员可以封禁账号。",
        )
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
    """Lifting undoes another person's decision, so it takes a senior moderator or an admin."""
    if not _is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can lift an account action.",
            "只有高级审核员或管理员可以解除账号处理。",
        )
    return lift(session, action_id, moderator_id=moderator.id, reason=reason)
