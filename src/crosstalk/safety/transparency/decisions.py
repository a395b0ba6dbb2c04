"""The one decision builder: from a basis (what, by whom, why, after which decision) to a
`Decision` with every statement-of-reasons field filled in, for the engine, moderators,
appeals and account actions alike."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.db.base import utcnow
from crosstalk.safety.screening.policy import Clause, Policy
from crosstalk.safety.screening.rules import Facts, Outcome
from crosstalk.safety.transparency import circumstances, dsa
from crosstalk.safety.transparency.circumstances import ITEM_NAMES
from crosstalk.safety.transparency.models import Decision

__all__ = ["ITEM_NAMES", "Basis", "Screening", "Subject", "build"]

# The community visibility each action leads to (account kinds included: a limited account's
# posts are limited, a suspended or banned account's content is out of reach).
VISIBILITY: dict[str, str] = {
    "allow": "visible",
    "label": "visible",
    "limit": "limited",
    "hold": "held",
    "remove": "removed",
    "suspend": "removed",
    "warning": "visible",
    "suspension": "removed",
    "ban": "removed",
}
# How much each visibility hides, least first ("pending" hides like "held": only the author).
VISIBILITY_RANK: dict[str, int] = {
    "visible": 0,
    "limited": 1,
    "pending": 2,
    "held": 2,
    "removed": 3,
}
REDRESS: tuple[str, ...] = ("appeal", "out_of_court_settlement", "judicial_redress")
# What brought a decision about. The engine: publication ("screening"), a re-screen after
# reports ("report"), a near-duplicate cluster growing ("cluster"). People: the review queue's
# sources, or a moderator acting on an account directly ("direct").
TRIGGERS = ("screening", "report", "cluster", "hold", "notice", "appeal", "shadow", "direct")


@dataclass(frozen=True)
class Subject:
    """The item decided about, as it was when the decision was made."""

    item_type: str  # note | comment | profile | account | text
    item_id: int
    author_id: int | None
    lang: str
    text: str


@dataclass(frozen=True)
class Screening:
    """What automated screening saw and which rule it applied."""

    facts: Facts
    outcome: Outcome
    stages: tuple[str, ...]
    judge_verdict: dict[str, Any] | None = None
    judge_skipped: str | None = None
    cluster_id: int | None = None


@dataclass(frozen=True)
class Basis:
    """Everything a decision rests on. `screening` is set for the engine's decisions;
    `actor_id` for a person's; `previous` is the decision this one follows or replaces."""

    subject: Subject
    action: str
    trigger: str
    policy: Policy
    clause: Clause | None = None
    previous: Decision | None = None
    actor_id: int | None = None
    note: str = ""
    screening: Screening | None = None
    ends_at: datetime | None = None
    days: int | None = None  # an account action's duration, for its circumstances
    now: datetime | None = None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def visibility_for(action: str) -> str:
    """The community visibility state an action leads to."""
    return VISIBILITY[action]


def latest_decision_id(session: Session, item_type: str, item_id: int) -> int | None:
    """The newest decision about an item (profiles keep no decision id of their own)."""
    return session.scalar(
        select(Decision.id)
        .where(Decision.item_type == item_type, Decision.item_id == item_id)
        .order_by(Decision.id.desc())
        .limit(1)
    )


def clause_ground(clause: Clause, policy: Policy) -> dict[str, Any]:
    """The clause as stored with a decision (a snapshot: later policy edits cannot change what
    a person was told), with the policy's help resources beside any self-harm clause."""
    help_text = clause.help
    if help_text is None and clause.category.startswith("self-harm"):
        help_text = policy.help_resources
    return {
        "clause_id": clause.id,
        "category": clause.category,
        "title": {"en": clause.title.en, "zh-Hans": clause.title.zh_Hans},
        "explanation": {"en": clause.explanation.en, "zh-Hans": clause.explanation.zh_Hans},
        "help": {"en": help_text.en, "zh-Hans": help_text.zh_Hans} if help_text else None,
    }


def automated_decision_for(action: str) -> str:
    # A hold only hides content until a person decides; everything else the engine applies alone.
    if action == "hold":
        return "AUTOMATED_DECISION_PARTIALLY"
    return "AUTOMATED_DECISION_FULLY"


def _by_reports(screening: Screening) -> bool:
    """True when only the count of user reports made the rule fire: people found the item, not
    screening (DSA Art. 17(3)(c) asks which)."""
    rule = screening.outcome.rule
    return rule is not None and circumstances.only_reports(rule.when)


def _source(basis: Basis) -> str:
    """notice | own_initiative (DSA Art. 17(3)(b)); a decision that replaces or follows another
    (an appeal, an account action after a content decision) keeps that one's source."""
    if basis.screening is not None:
        return "notice" if basis.screening.facts.reports > 0 else "own_initiative"
    if basis.trigger == "notice":
        return "notice"
    if basis.trigger in ("hold", "shadow"):
        return "own_initiative"
    return basis.previous.source if basis.previous is not None else "own_initiative"


def _detected_automatically(basis: Basis) -> bool:
    """Screening found it (hold, shadow) or a person did (a report); an appeal and an account
    action keep the detection of the decision they follow."""
    if basis.screening is not None:
        return not _by_reports(basis.screening)
    if basis.subject.item_type != "account" and basis.trigger in ("hold", "shadow"):
        return True
    if basis.trigger == "notice":
        return False
    return bool(basis.previous.automated_detection) if basis.previous is not None else False


def _redress(basis: Basis) -> list[str]:
    if basis.action == "warning":
        return ["appeal"]  # a warning restricts nothing, but people may contest their record
    return list(REDRESS) if basis.action != "allow" else []


def _describe(basis: Basis, clause: Clause | None) -> tuple[str, str]:
    if basis.screening is not None:
        return circumstances.automated(
            basis.subject.item_type, basis.screening.facts, basis.screening.outcome, basis.policy
        )
    if basis.subject.item_type == "account" and basis.action != "allow":
        assert clause is not None, "an account action always cites a clause"
        return circumstances.on_account(
            basis.action, basis.days, clause, basis.policy, basis.previous
        )
    return circumstances.by_moderator(
        basis.subject.item_type, basis.action, basis.trigger, clause, basis.policy, basis.previous
    )


def _clause(basis: Basis) -> Clause | None:
    if basis.clause is not None:
        return basis.clause
    rule = basis.screening.outcome.rule if basis.screening is not None else None
    return basis.policy.clause(rule.clause) if rule is not None else None


def build(basis: Basis) -> Decision:
    """A new (unsaved) Decision with every statement-of-reasons field filled in."""
    if basis.trigger not in TRIGGERS:
        raise ValueError(f"unknown decision trigger {basis.trigger!r}")
    now = basis.now or utcnow()
    subject, action, previous, screening = (
        basis.subject,
        basis.action,
        basis.previous,
        basis.screening,
    )
    clause = _clause(basis)
    restricted = action != "allow"
    ends_at = basis.ends_at
    if screening is not None and screening.outcome.rule is not None:
        days = screening.outcome.rule.duration_days
        if days and action in ("limit", "suspend"):
            ends_at = now + timedelta(days=days)
    en, zh = _describe(basis, clause)
    restriction = dsa.restriction(subject.item_type, action)
    category = clause.category if clause is not None else None
    if category is None and previous is not None and screening is None:
        category = previous.category  # a restore is counted under what it undid
    facts: dict[str, Any] = screening.facts.to_json() if screening is not None else {}
    if basis.note:
        facts["note"] = basis.note
    return Decision(
        item_type=subject.item_type,
        item_id=subject.item_id,
        author_id=subject.author_id,
        lang=subject.lang or "und",
        text=subject.text,
        text_hash=text_hash(subject.text),
        action=action,
        visibility=visibility_for(action),
        rule_id=screening.outcome.rule_id if screening is not None else None,
        clause_id=clause.id if clause is not None else None,
        policy_version=basis.policy.version,
        scores=dict(screening.facts.scores if screening else (previous.scores if previous else {})),
        evidence=list(
            screening.facts.evidence if screening else (previous.evidence if previous else [])
        ),
        facts=facts,
        stages=list(screening.stages) if screening is not None else ["human"],
        judge_verdict=screening.judge_verdict if screening is not None else None,
        judge_skipped=screening.judge_skipped if screening is not None else None,
        cluster_id=(
            screening.cluster_id
            if screening is not None
            else (previous.cluster_id if previous and subject.item_type != "account" else None)
        ),
        source=_source(basis),
        category=category,
        trigger=basis.trigger,
        actor_id=basis.actor_id,
        previous_id=previous.id if previous is not None else None,
        restriction_type=restriction.restriction_type,
        visibility_restriction=restriction.visibility,
        account_restriction=restriction.account,
        scope=restriction.scope,
        ends_at=ends_at,
        circumstances_en=en,
        circumstances_zh=zh,
        automated_detection=_detected_automatically(basis),
        automated_decision=automated_decision_for(action)
        if screening is not None
        else "AUTOMATED_DECISION_NOT_AUTOMATED",
        ground=clause_ground(clause, basis.policy) if clause is not None else {},
        explanation_en=clause.explanation.en if clause is not None and restricted else "",
        explanation_zh=clause.explanation.zh_Hans if clause is not None and restricted else "",
        redress=_redress(basis),
        created_at=now,
    )


def record(session: Session, basis: Basis) -> Decision:
    """Build the decision and store it (flushed, so it has an id)."""
    decision = build(basis)
    session.add(decision)
    session.flush()
    return decision
