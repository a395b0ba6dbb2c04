"""Appeals: an author contests a decision in one step; a senior moderator who did not make
the decision upholds or reverses it; a reversal restores the content and keeps its history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.errors import Conflict, NotFound, ValidationFailed
from crosstalk.community.models import User
from crosstalk.db.base import utcnow
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation import account_actions, effects, permissions
from crosstalk.safety.moderation.decide import human_basis
from crosstalk.safety.moderation.models import Appeal, ReviewItem
from crosstalk.safety.moderation.queue import enqueue, require_claim
from crosstalk.safety.transparency import decisions
from crosstalk.safety.transparency.models import Decision

MAX_APPEAL_CHARS = 2000
OUTCOMES = ("uphold", "reverse")


def visible_decision(session: Session, decision_id: int, viewer: User | None) -> Decision:
    """A decision for its author and moderators; everyone else is told it does not exist."""
    return permissions.require_can_see_decision(session.get(Decision, decision_id), viewer)


def appeals_of(session: Session, decision_id: int) -> list[Appeal]:
    return list(
        session.scalars(select(Appeal).where(Appeal.decision_id == decision_id).order_by(Appeal.id))
    )


def file_appeal(session: Session, author: User, decision_id: int, text: str) -> Appeal:
    decision = session.get(Decision, decision_id)
    if decision is None or decision.author_id != author.id:
        raise NotFound("No such decision.", "决定不存在。")
    if decision.action == "allow":
        raise ValidationFailed(
            "This decision does not restrict anything, so there is nothing to appeal.",
            "此决定未作任何限制，无需申诉。",
        )
    text = text.strip()
    if not text:
        raise ValidationFailed(
            "Tell us in a few words why the decision is wrong.",
            "请简要说明你认为该决定错误的理由。",
            field="text",
        )
    if len(text) > MAX_APPEAL_CHARS:
        raise ValidationFailed(
            f"An appeal can be at most {MAX_APPEAL_CHARS} characters.",
            f"申诉内容最多 {MAX_APPEAL_CHARS} 个字符。",
            field="text",
        )
    if any(a.status == "open" for a in appeals_of(session, decision_id)):
        raise Conflict(
            "You already appealed this decision; we will let you know the outcome.",
            "你已对此决定提出申诉，处理结果会通知你。",
        )
    appeal = Appeal(decision_id=decision.id, author_id=author.id, text=text, status="open")
    session.add(appeal)
    session.flush()
    enqueue(
        session,
        source="appeal",
        item_type=decision.item_type,
        item_id=decision.item_id,
        decision_id=decision.id,
        appeal_id=appeal.id,
        category=(decision.ground or {}).get("category"),
        clause_id=decision.clause_id,
        lang=decision.lang,
    )
    audit.record(
        session,
        actor_id=author.id,
        action="appeal.file",
        target_type="decision",
        target_id=decision.id,
        details={"appeal_id": appeal.id, "text": text},
    )
    return appeal


def get_appeal(session: Session, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound("No such appeal.", "申诉不存在。")
    return appeal


def review_item_for(session: Session, appeal: Appeal) -> ReviewItem:
    item = session.scalar(select(ReviewItem).where(ReviewItem.appeal_id == appeal.id))
    if item is None:  # the queue lost it: put it back rather than leave the appeal stranded
        decision = session.get(Decision, appeal.decision_id)
        assert decision is not None
        item = enqueue(
            session,
            source="appeal",
            item_type=decision.item_type,
            item_id=decision.item_id,
            decision_id=decision.id,
            appeal_id=appeal.id,
        )
    return item


def decide_appeal(
    session: Session, appeal_id: int, moderator: User, *, outcome: str, note: str = ""
) -> Appeal:
    appeal = get_appeal(session, appeal_id)
    if outcome not in OUTCOMES:
        raise ValidationFailed(
            "Outcome must be uphold or reverse.", "处理结果必须是维持或撤销。", field="outcome"
        )
    item = review_item_for(session, appeal)
    permissions.require_can_decide(session, item, moderator)
    if appeal.status != "open":
        raise Conflict("This appeal was already decided.", "该申诉已处理。")
    require_claim(session, item, moderator)
    original = session.get(Decision, appeal.decision_id)
    if original is None:
        raise NotFound("No such decision.", "决定不存在。")
    note = note.strip()
    new_decision: Decision | None = None
    lifted: list[int] = []
    if outcome == "reverse":
        basis = human_basis(
            session,
            item_type=original.item_type,
            item_id=original.item_id,
            action="allow",
            clause=None,
            moderator=moderator,
            note=note,
            trigger="appeal",
            previous=original,
        )
        new_decision = decisions.build(basis)
        new_decision.facts = {**new_decision.facts, "appeal_id": appeal.id}
        session.add(new_decision)
        session.flush()
        lifted = _lift_actions(session, original.id, moderator, appeal)
    appeal.status = "reversed" if outcome == "reverse" else "upheld"
    appeal.decided_by = moderator.id
    appeal.decided_at = utcnow()
    appeal.note = note
    appeal.outcome_decision_id = new_decision.id if new_decision else None
    effects.after_decision(
        session,
        new_decision or original,
        changed=new_decision is not None,
        closes=item,
        actor=moderator,
        audit_entry=effects.Audit(
            f"appeal.{appeal.status}",
            "decision",
            original.id,
            {
                "appeal_id": appeal.id,
                "new_decision_id": new_decision.id if new_decision else None,
                "lifted_actions": lifted,
                "note": note,
            },
        ),
        notices=_notices(appeal, original, new_decision),
    )
    return appeal


def _lift_actions(session: Session, decision_id: int, moderator: User, appeal: Appeal) -> list[int]:
    """A reversed decision takes the account actions that came with it (or were it) along."""
    lifted: list[int] = []
    for action in account_actions.actions_for_decision(session, decision_id):
        if action.lifted_at is None:
            account_actions.lift(
                session,
                action.id,
                moderator_id=moderator.id,
                reason=f"appeal #{appeal.id} reversed decision #{decision_id}",
            )
            lifted.append(int(action.id))
    return lifted


def _notices(
    appeal: Appeal, original: Decision, new_decision: Decision | None
) -> list[effects.Notice]:
    """The author hears the outcome; so does the moderator whose decision was appealed."""
    if new_decision is not None and original.item_type == "account":
        en = (
            "Your appeal was accepted: the decision was reversed and the action on your "
            "account was lifted."
        )
        zh = "你的申诉已被接受：该决定已撤销，对你账号的处理已解除。"
        mod_en = f"An appeal reversed your decision #{original.id}."
        mod_zh = f"你作出的第 {original.id} 号决定已因申诉被撤销。"
    elif new_decision is not None:
        en = (
            "Your appeal was accepted: the decision was reversed and your content is visible again."
        )
        zh = "你的申诉已被接受：该决定已撤销，你的内容已恢复显示。"
        mod_en = f"An appeal reversed your decision #{original.id}."
        mod_zh = f"你作出的第 {original.id} 号决定已因申诉被撤销。"
    else:
        en = "Your appeal was reviewed by another moderator and the decision was upheld."
        zh = "你的申诉已由另一位审核员复核，原决定维持不变。"
        mod_en = f"An appeal against your decision #{original.id} was decided: upheld."
        mod_zh = f"针对你作出的第 {original.id} 号决定的申诉已处理：维持原决定。"
    extra = {"appeal_id": appeal.id, "outcome": appeal.status}
    out = [effects.Notice(appeal.author_id, en, zh, "appeal_outcome", extra)]
    original_moderator = permissions.decided_by(original)
    if original_moderator is not None and original_moderator != appeal.decided_by:
        out.append(effects.Notice(original_moderator, mod_en, mod_zh, "appeal_outcome", extra))
    return out
