"""Shadow mode: evaluate a candidate policy beside the enforced one without applying it, and list
where the two disagree, from logged shadow decisions or by replaying stored decision facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosstalk.safety.screening.models import ShadowDecision
from crosstalk.safety.screening.policy import Policy
from crosstalk.safety.screening.rules import Facts, evaluate
from crosstalk.safety.transparency.models import Decision


def record_shadow(
    session: Session, decision: Decision, facts: Facts, shadow: Policy
) -> ShadowDecision:
    """Log what `shadow` would have done with the facts `decision` was made on."""
    outcome = evaluate(shadow, facts)
    row = ShadowDecision(
        decision_id=decision.id,
        item_type=decision.item_type,
        item_id=decision.item_id,
        policy_version=shadow.version,
        action=outcome.action,
        rule_id=outcome.rule_id,
        clause_id=outcome.clause_id,
        enforced_policy_version=decision.policy_version,
        enforced_action=decision.action,
        enforced_clause_id=decision.clause_id,
        created_at=decision.created_at,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class DiffRow:
    """One item on which the enforced decision and the candidate policy disagree."""

    decision_id: int
    item_type: str
    item_id: int
    created_at: datetime
    enforced_version: str
    enforced_action: str
    enforced_clause: str | None
    candidate_version: str
    candidate_action: str
    candidate_clause: str | None
    candidate_rule: str | None
    excerpt: str


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def logged_disagreements(session: Session, since: datetime) -> list[DiffRow]:
    """Shadow decisions logged since `since` that differ from what was enforced."""
    rows = session.execute(
        select(ShadowDecision, Decision)
        .join(Decision, Decision.id == ShadowDecision.decision_id)
        .where(ShadowDecision.created_at >= since)
        .order_by(ShadowDecision.id)
    ).all()
    return [
        DiffRow(
            decision_id=d.id,
            item_type=s.item_type,
            item_id=s.item_id,
            created_at=s.created_at,
            enforced_version=s.enforced_policy_version,
            enforced_action=s.enforced_action,
            enforced_clause=s.enforced_clause_id,
            candidate_version=s.policy_version,
            candidate_action=s.action,
            candidate_clause=s.clause_id,
            candidate_rule=s.rule_id,
            excerpt=_excerpt(d.text),
        )
        for s, d in rows
        if s.disagrees
    ]


def replay(session: Session, candidate: Policy, since: datetime) -> list[DiffRow]:
    """Re-evaluate the latest decision of every item screened since `since` with `candidate`
    (from the facts stored with it) and return the items whose outcome would change."""
    latest = (
        select(func.max(Decision.id))
        .where(Decision.created_at >= since)
        .group_by(Decision.item_type, Decision.item_id)
    )
    decisions = session.scalars(
        select(Decision).where(Decision.id.in_(latest)).order_by(Decision.id)
    ).all()
    out: list[DiffRow] = []
    for d in decisions:
        if not d.facts or "text" not in d.facts:
            continue  # e.g. a decision a person recorded by hand: nothing to replay
        outcome = evaluate(candidate, Facts.from_json(d.facts))
        if (outcome.action, outcome.clause_id) == (d.action, d.clause_id):
            continue
        out.append(
            DiffRow(
                decision_id=d.id,
                item_type=d.item_type,
                item_id=d.item_id,
                created_at=d.created_at,
                enforced_version=d.policy_version,
                enforced_action=d.action,
                enforced_clause=d.clause_id,
                candidate_version=candidate.version,
                candidate_action=outcome.action,
                candidate_clause=outcome.clause_id,
                candidate_rule=outcome.rule_id,
                excerpt=_excerpt(d.text),
            )
        )
    return out
