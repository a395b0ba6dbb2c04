"""Enforcing account actions: which are active, the one `suspended_until` column that login,
posting and feeds read, and the engine's own suspensions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crosstalk.community.models import User
from crosstalk.db.base import utcnow
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation.models import AccountAction
from crosstalk.safety.transparency.models import Decision

# A ban has no end; stored as the far future so one column answers "may this account act?".
FOREVER = datetime(9999, 12, 31)


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
