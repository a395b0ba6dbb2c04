"""The one path every decision's effects take, whoever made it (engine, moderator, appeal,
account action): visibility, the review queue, the engine's suspensions, audit, notices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from crosstalk.community import items
from crosstalk.community.models import User
from crosstalk.community.visibility import set_state
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation import account_actions, queue, reports, user_notify
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.transparency.models import Decision


@dataclass(frozen=True)
class Notice:
    """A notification about a decision to someone, in both languages."""

    user_id: int
    en: str
    zh: str
    kind: str = "moderation"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Audit:
    action: str
    target_type: str
    target_id: int
    details: dict[str, Any]


def apply_visibility(session: Session, decision: Decision) -> None:
    """What others may see of the item now. A limited account's newly published posts stay
    limited (their reasons are the limit's own statement); account decisions change no
    item (their effect is the account action)."""
    if decision.item_type == "account":
        return
    item = items.load(session, decision.item_type, decision.item_id)
    if item is None:
        return
    state, decision_id = decision.visibility, decision.id
    if decision.trigger == "screening" and state == "visible" and not isinstance(item, User):
        limit = account_actions.active_limit(session, item.author_id)
        if limit is not None:
            state, decision_id = "limited", limit.account_decision_id or decision.id
    set_state(session, item, state, decision_id)


def after_decision(
    session: Session,
    decision: Decision,
    *,
    changed: bool = True,
    closes: ReviewItem | None = None,
    actor: User | None = None,
    audit_entry: Audit | None = None,
    notices: Sequence[Notice] | None = None,
    tell_reporters: bool = False,
) -> None:
    """Apply a stored decision. `changed` False: the decision stands as it was (an upheld
    appeal), so nothing is applied again. `closes`: the review item `actor` decided.
    `notices` None tells the author in the decision's own words; a list replaces that."""
    if changed:
        apply_visibility(session, decision)
    if closes is not None:
        assert actor is not None, "a person closes a review item"
        queue.close(session, closes, actor, decision.id if changed else None)
    elif decision.visibility == "held":
        queue.enqueue_decision(session, decision)
    if changed and decision.action == "suspend":
        account_actions.apply_engine_suspension(session, decision)
    if audit_entry is not None:
        audit.record(
            session,
            actor_id=actor.id if actor is not None else None,
            action=audit_entry.action,
            target_type=audit_entry.target_type,
            target_id=audit_entry.target_id,
            details=audit_entry.details,
        )
    if notices is None:
        user_notify.notify_decision(session, decision)
    for notice in notices or ():
        user_notify.notify_user(
            session,
            notice.user_id,
            notice.kind,
            notice.en,
            notice.zh,
            decision=decision,
            extra=notice.extra,
        )
    if tell_reporters:
        reports.tell_reporters(session, decision.item_type, decision.item_id, decision)
