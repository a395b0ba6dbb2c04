"""A moderator's decision on a review item (one item or a whole near-duplicate cluster):
statement of reasons, visibility, queue, audit, notices and an optional account action."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.errors import NotFound, ValidationFailed
from crosstalk.community.models import User
from crosstalk.db.base import utcnow
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation import account_actions
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.moderation.permissions import check_can_review
from crosstalk.safety.moderation.queue import (
    apply_visibility,
    claim,
    close,
    content,
    content_author_id,
    content_text,
    get_item,
    require_claim,
)
from crosstalk.safety.screening.policy import Clause, cited_clause, enforced_policy
from crosstalk.safety.transparency.decisions import (
    ITEM_NAMES,
    REDRESS,
    clause_ground,
    text_hash,
    visibility_for,
)
from crosstalk.safety.transparency.models import Decision

ACTIONS = ("restore", "label", "limit", "remove")
# A moderator's action → the engine's action vocabulary, so human and automated decisions
# share one statement-of-reasons format and one transparency export.
DECISION_ACTION = {"restore": "allow", "label": "label", "limit": "limit", "remove": "remove"}
_DSA_VISIBILITY = {
    "label": "DECISION_VISIBILITY_CONTENT_LABELLED",
    "limit": "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "remove": "DECISION_VISIBILITY_CONTENT_REMOVED",
}

_SOURCE_TEXT = {
    "hold": ("after automated screening held it", "在自动筛查将其暂扣后"),
    "notice": ("after a user reported it", "在用户举报后"),
    "appeal": ("after its author appealed", "在作者提出申诉后"),
    "shadow": ("on the moderators' own initiative", "由审核团队主动"),
}


def human_decision(
    session: Session,
    *,
    item_type: str,
    item_id: int,
    action: str,
    clause: Clause | None,
    moderator: User,
    note: str,
    source: str,
    previous: Decision | None,
) -> Decision:
    """A stored Decision made by a person, with every statement-of-reasons field filled in."""
    if action not in DECISION_ACTION:
        raise ValidationFailed(
            f"Action must be one of {', '.join(ACTIONS)}.",
            f"操作必须是 {', '.join(ACTIONS)} 之一。",
            field="action",
        )
    policy = enforced_policy()
    engine_action = DECISION_ACTION[action]
    obj = content(session, item_type, item_id)
    text = content_text(obj) or (previous.text if previous else "")
    name_en, name_zh = ITEM_NAMES.get(item_type, (item_type, item_type))
    why_en, why_zh = _SOURCE_TEXT.get(source, _SOURCE_TEXT["shadow"])
    outcome_en = {
        "restore": "found that it does not break the rules and restored it",
        "label": "kept it visible with a label",
        "limit": "limited how widely it is shown",
        "remove": "removed it",
    }[action]
    outcome_zh = {
        "restore": "认定其未违反规则并予以恢复",
        "label": "保留其可见并附加标注",
        "limit": "限制了其展示范围",
        "remove": "将其删除",
    }[action]
    circumstances_en = f"A moderator reviewed this {name_en} {why_en} and {outcome_en}."
    circumstances_zh = f"审核员{why_zh}复核了此{name_zh}，并{outcome_zh}。"
    if clause is not None and action != "restore":
        circumstances_en += f" Clause {clause.id} of policy {policy.version} applies."
        circumstances_zh += f"适用规则版本 {policy.version} 中的条款 {clause.id}。"
    if previous is not None and previous.action != "allow":
        circumstances_en += f" It replaces decision #{previous.id}."
        circumstances_zh += f"此决定取代第 {previous.id} 号决定。"
    ground: dict[str, Any] = {}
    if clause is not None:
        ground = clause_ground(clause, policy)
    restricted = engine_action != "allow"
    decision = Decision(
        item_type=item_type,
        item_id=item_id,
        author_id=content_author_id(obj) if obj is not None else (previous and previous.author_id),
        lang=(previous.lang if previous else getattr(obj, "lang", "und")) or "und",
        text=text,
        text_hash=text_hash(text),
        action=engine_action,
        visibility=visibility_for(engine_action),
        rule_id=None,
        clause_id=clause.id if clause is not None else None,
        policy_version=policy.version,
        scores=dict(previous.scores) if previous else {},
        evidence=list(previous.evidence) if previous else [],
        facts={
            "review": {
                "moderator_id": moderator.id,
                "source": source,
                "note": note,
                "action": action,
                "previous_decision_id": previous.id if previous else None,
            }
        },
        stages=["human"],
        cluster_id=previous.cluster_id if previous else None,
        restriction_type="decision_visibility" if restricted else None,
        visibility_restriction=_DSA_VISIBILITY.get(engine_action),
        account_restriction=None,
        scope="item",
        circumstances_en=circumstances_en,
        circumstances_zh=circumstances_zh,
        automated_detection=_detected_automatically(source, previous),
        automated_decision="AUTOMATED_DECISION_NOT_AUTOMATED",
        ground=ground,
        explanation_en=clause.explanation.en if clause is not None and restricted else "",
        explanation_zh=clause.explanation.zh_Hans if clause is not None and restricted else "",
        redress=list(REDRESS) if restricted else [],
        created_at=utcnow(),
    )
    session.add(decision)
    session.flush()
    return decision


def _detected_automatically(source: str, previous: Decision | None) -> bool:
    """Screening found it (hold, shadow) or a person did (a report); an appeal keeps the
    detection of the decision it contests."""
    if source in ("hold", "shadow"):
        return True
    if source == "appeal" and previous is not None:
        return bool(previous.automated_detection)
    return False


ACCOUNT_ACTIONS = account_actions.KINDS


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
    check_can_review(session, item, moderator)
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
    decision = human_decision(
        session,
        item_type=item.item_type,
        item_id=item.item_id,
        action=action,
        clause=clause,
        moderator=moderator,
        note=note.strip(),
        source=item.source,
        previous=previous,
    )
    apply_visibility(session, item.item_type, item.item_id, decision.visibility, decision.id)
    close(session, item, moderator, decision.id)
    audit.record(
        session,
        actor_id=moderator.id,
        action="review.decide",
        target_type=item.item_type,
        target_id=item.item_id,
        details={
            "review_item_id": item.id,
            "decision_id": decision.id,
            "previous_decision_id": previous.id if previous else None,
            "action": action,
            "clause_id": decision.clause_id,
            "note": note.strip(),
            "source": item.source,
        },
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
            note=note.strip(),
        )
    from crosstalk.safety.moderation import reports, user_notify

    user_notify.notify_decision(session, decision)
    reports.tell_reporters(session, item.item_type, item.item_id, decision)
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
    items = list(
        session.scalars(
            select(ReviewItem).where(
                ReviewItem.cluster_id == cluster_id,
                ReviewItem.status == "open",
                ReviewItem.source != "appeal",
            )
        )
    )
    if not items:
        raise NotFound("No open items in this cluster.", "该集群中没有待处理的条目。")
    decided: list[Decision] = []
    for item in items:
        if not claim(session, item.id, moderator):
            continue
        decided.append(
            decide(session, item.id, moderator, action=action, clause_id=clause_id, note=note)
        )
    return decided
