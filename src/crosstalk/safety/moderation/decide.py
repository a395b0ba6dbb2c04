"""A moderator's decision on a review item (one item or a whole near-duplicate cluster):
statement of reasons, visibility, queue, audit, notices and an optional account action."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community import items
from crosstalk.community.errors import NotFound, ValidationFailed
from crosstalk.community.models import User
from crosstalk.safety.moderation import account_actions, effects
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.moderation.permissions import require_can_decide
from crosstalk.safety.moderation.queue import claim, get_item, require_claim
from crosstalk.safety.screening.policy import Clause, cited_clause, enforced_policy
from crosstalk.safety.transparency import decisions
from crosstalk.safety.transparency.models import Decision

ACTIONS = ("restore", "label", "limit", "remove")
# A moderator's action → the engine's action vocabulary, so human and automated decisions
# share one statement-of-reasons format and one transparency export.
DECISION_ACTION = {"restore": "allow", "label": "label", "limit": "limit", "remove": "remove"}
ACCOUNT_ACTIONS = account_actions.KINDS


def human_basis(
    session: Session,
    *,
    item_type: str,
    item_id: int,
    action: str,
    clause: Clause | None,
    moderator: User,
    note: str,
    trigger: str,
    previous: Decision | None,
) -> decisions.Basis:
    """What a person's decision on a content item rests on (`action` in the engine's words);
    the item's text is its text now, or the last decision's snapshot when it is gone."""
    obj = items.load(session, item_type, item_id)
    subject = decisions.Subject(
        item_type=item_type,
        item_id=item_id,
        author_id=items.author_id_of(obj)
        if obj is not None
        else (previous.author_id if previous else None),
        lang=(previous.lang if previous else items.lang_of(obj)) or "und",
        text=items.text_of(obj) or (previous.text if previous else ""),
    )
    return decisions.Basis(
        subject=subject,
        action=action,
        trigger=trigger,
        policy=enforced_policy(),
        clause=clause,
        previous=previous,
        actor_id=moderator.id,
        note=note,
    )


def decide(
    session: Session,
    item_id: int,
    moderator: User,
    *,
    action: str,
    clause_id: str | None,
    note: str = "",
    account_action: str | None = None,
    duration_days: int | None = None,
) -> Decision:
    """A moderator's decision on a content item: visibility, statement of reasons, audit,
    notices to the author and to reporters, and an optional account action."""
    item = get_item(session, item_id)
    if item.source == "appeal":
        raise ValidationFailed(
            "Appeals are decided with uphold or reverse.", "申诉须以维持或撤销作出处理。"
        )
    require_can_decide(session, item, moderator)
    if action not in ACTIONS:
        raise ValidationFailed(
            f"Action must be one of {', '.join(ACTIONS)}.",
            f"操作必须是 {', '.join(ACTIONS)} 之一。",
            field="action",
        )
    # Restoring needs no rule; every restriction must cite the clause it applies.
    clause = cited_clause(clause_id) if (action != "restore" or clause_id) else None
    if account_action:
        account_actions.validate(account_action, duration_days)
        if clause is None:
            cited_clause(clause_id)  # an account action always cites a clause
    require_claim(session, item, moderator)
    previous = session.get(Decision, item.decision_id) if item.decision_id else None
    note = note.strip()
    decision = decisions.record(
        session,
        human_basis(
            session,
            item_type=item.item_type,
            item_id=item.item_id,
            action=DECISION_ACTION[action],
            clause=clause,
            moderator=moderator,
            note=note,
            trigger=item.source,
            previous=previous,
        ),
    )
    effects.after_decision(
        session,
        decision,
        closes=item,
        actor=moderator,
        audit_entry=effects.Audit(
            "review.decide",
            item.item_type,
            item.item_id,
            {
                "review_item_id": item.id,
                "decision_id": decision.id,
                "previous_decision_id": previous.id if previous else None,
                "action": action,
                "clause_id": decision.clause_id,
                "note": note,
                "source": item.source,
            },
        ),
        tell_reporters=True,
    )
    if account_action and decision.author_id is not None:
        account_actions.apply_account_action(
            session,
            user_id=decision.author_id,
            action=account_action,
            reason_clause=decision.clause_id or "",
            moderator_id=moderator.id,
            decision_id=decision.id,
            duration_days=duration_days,
            note=note,
        )
    return decision


def decide_cluster(
    session: Session,
    cluster_id: int,
    moderator: User,
    *,
    action: str,
    clause_id: str | None,
    note: str = "",
) -> list[Decision]:
    """One decision for every open item of a near-duplicate cluster (a spam wave, say).

    Items another moderator holds are left to them.
    """
    open_items = list(
        session.scalars(
            select(ReviewItem).where(
                ReviewItem.cluster_id == cluster_id,
                ReviewItem.status == "open",
                ReviewItem.source != "appeal",
            )
        )
    )
    if not open_items:
        raise NotFound("No open items in this cluster.", "该集群中没有待处理的条目。")
    decided: list[Decision] = []
    for item in open_items:
        if not claim(session, item.id, moderator):
            continue
        decided.append(
            decide(session, item.id, moderator, action=action, clause_id=clause_id, note=note)
        )
    return decided
