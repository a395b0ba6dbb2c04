"""API: the review queue (list, item, claim, release, decide, cluster decide), appeals, the
statement of reasons of a note's current decision, and the admin policy editor."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Response
from pydantic import BaseModel, Field

from crosstalk.community import items
from crosstalk.community.errors import Conflict, NotFound
from crosstalk.community.models import Note, User
from crosstalk.config import get_settings
from crosstalk.safety.audit import log as audit
from crosstalk.safety.moderation import appeals, decide, permissions, queue
from crosstalk.safety.moderation.models import Appeal, ReviewItem
from crosstalk.safety.transparency.models import Decision
from crosstalk.web.deps import (
    CurrentUser,
    Db,
    MaybeUser,
    require_admin,
    require_moderator,
    verify_api_csrf,
)
from crosstalk.web.i18n import current_locale

router = APIRouter(tags=["review"], dependencies=[Depends(verify_api_csrf)])
Moderator = Annotated[User, Depends(require_moderator)]
Admin = Annotated[User, Depends(require_admin)]


class ReviewItemOut(BaseModel):
    id: int
    item_type: str
    item_id: int
    source: str
    status: str
    lang: str
    category: str | None
    clause_id: str | None
    decision_id: int | None
    cluster_id: int | None
    appeal_id: int | None
    reports: int
    priority: float
    claimed_by: int | None
    claimed_until: datetime | None
    created_at: datetime
    outcome_decision_id: int | None


class ReviewItemDetail(ReviewItemOut):
    text: str
    author_id: int | None
    statement_of_reasons: dict[str, Any] | None
    scores: dict[str, float]
    evidence: list[dict[str, Any]]
    stages: list[str]
    appeal_text: str | None


class QueueOut(BaseModel):
    items: list[ReviewItemOut]
    depth: int
    oldest_age_s: float
    median_first_review_s: float | None


class ClaimOut(BaseModel):
    claimed: bool
    claimed_until: datetime | None


class DecideIn(BaseModel):
    action: str = Field(description="restore | label | limit | remove")
    clause_id: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=2000)
    account_action: str | None = Field(default=None, description="warning|limit|suspension|ban")
    duration_days: int | None = Field(default=None, ge=1, le=3650)


class DecisionOut(BaseModel):
    decision_id: int
    item_type: str
    item_id: int
    action: str
    visibility: str
    clause_id: str | None
    automated_decision: str
    statement_of_reasons: dict[str, Any]
    previous_decision_id: int | None = None
    appeals: list[dict[str, Any]] = []


class ClusterDecisionOut(BaseModel):
    decisions: list[DecisionOut]


class AppealIn(BaseModel):
    decision_id: int
    text: str = Field(min_length=1, max_length=appeals.MAX_APPEAL_CHARS)


class AppealDecideIn(BaseModel):
    outcome: str = Field(description="uphold | reverse")
    note: str = Field(default="", max_length=2000)


class AppealOut(BaseModel):
    id: int
    decision_id: int
    status: str
    text: str
    created_at: datetime
    decided_at: datetime | None
    outcome_decision_id: int | None


class PolicyIn(BaseModel):
    yaml: str = Field(min_length=1, max_length=500_000)


class PolicyOut(BaseModel):
    version: str
    clauses: list[str]
    path: str | None


def _item_out(item: ReviewItem) -> ReviewItemOut:
    return ReviewItemOut(
        id=item.id,
        item_type=item.item_type,
        item_id=item.item_id,
        source=item.source,
        status=item.status,
        lang=item.lang,
        category=item.category,
        clause_id=item.clause_id,
        decision_id=item.decision_id,
        cluster_id=item.cluster_id,
        appeal_id=item.appeal_id,
        reports=item.reports,
        priority=round(queue.priority(item), 3),
        claimed_by=item.claimed_by,
        claimed_until=item.claimed_until,
        created_at=item.created_at,
        outcome_decision_id=item.outcome_decision_id,
    )


def decision_out(db: Db, decision: Decision, locale: str | None = None) -> DecisionOut:
    return DecisionOut(
        decision_id=decision.id,
        item_type=decision.item_type,
        item_id=decision.item_id,
        action=decision.action,
        visibility=decision.visibility,
        clause_id=decision.clause_id,
        automated_decision=decision.automated_decision,
        statement_of_reasons=decision.statement_of_reasons(locale or current_locale.get()),
        previous_decision_id=decision.previous_id,
        appeals=[
            {"id": a.id, "status": a.status, "created_at": a.created_at.isoformat()}
            for a in appeals.appeals_of(db, decision.id)
        ],
    )


def _appeal_out(appeal: Appeal) -> AppealOut:
    return AppealOut(
        id=appeal.id,
        decision_id=appeal.decision_id,
        status=appeal.status,
        text=appeal.text,
        created_at=appeal.created_at,
        decided_at=appeal.decided_at,
        outcome_decision_id=appeal.outcome_decision_id,
    )


@router.get("/api/v1/review/items", response_model=QueueOut)
def list_items(
    db: Db,
    moderator: Moderator,
    lang: str | None = Query(default=None, max_length=16),
    category: str | None = Query(default=None, max_length=40),
    source: str | None = Query(default=None, max_length=10),
    clause_id: str | None = Query(default=None, max_length=64),
    status: str = Query(default="open", pattern="^(open|decided)$"),
    limit: int = Query(default=50, ge=1, le=200),
) -> QueueOut:
    f = queue.QueueFilter(
        lang=lang, category=category, source=source, clause_id=clause_id, status=status
    )
    items = queue.list_queue(db, moderator, f, limit=limit)
    s = queue.stats(db)
    return QueueOut(
        items=[_item_out(i) for i in items],
        depth=s.depth,
        oldest_age_s=s.oldest_age_s,
        median_first_review_s=s.median_first_review_s,
    )


@router.get("/api/v1/review/items/{item_id}", response_model=ReviewItemDetail)
def get_item(item_id: int, db: Db, moderator: Moderator) -> ReviewItemDetail:
    item = queue.get_item(db, item_id)
    decision = db.get(Decision, item.decision_id) if item.decision_id else None
    obj = items.load(db, item.item_type, item.item_id)
    appeal = db.get(Appeal, item.appeal_id) if item.appeal_id else None
    return ReviewItemDetail(
        **_item_out(item).model_dump(),
        text=items.text_of(obj) or (decision.text if decision else ""),
        author_id=item.author_id,
        statement_of_reasons=decision.statement_of_reasons(current_locale.get())
        if decision
        else None,
        scores=dict(decision.scores) if decision else {},
        evidence=list(decision.evidence) if decision else [],
        stages=list(decision.stages) if decision else [],
        appeal_text=appeal.text if appeal else None,
    )


@router.post("/api/v1/review/items/{item_id}/claim", response_model=ClaimOut)
def claim(item_id: int, db: Db, moderator: Moderator) -> ClaimOut:
    if not queue.claim(db, item_id, moderator):
        db.rollback()
        raise Conflict("Another moderator is reviewing this item.", "另一位审核员正在审核该条目。")
    db.commit()
    item = queue.get_item(db, item_id)
    return ClaimOut(claimed=True, claimed_until=item.claimed_until)


@router.post("/api/v1/review/items/{item_id}/release", status_code=204)
def release(item_id: int, db: Db, moderator: Moderator) -> Response:
    queue.get_item(db, item_id)
    queue.release(db, item_id, moderator)
    db.commit()
    return Response(status_code=204)


@router.post("/api/v1/review/items/{item_id}/decide", response_model=DecisionOut)
def decide_item(item_id: int, body: DecideIn, db: Db, moderator: Moderator) -> DecisionOut:
    decision = decide.decide(
        db,
        item_id,
        moderator,
        action=body.action,
        clause_id=body.clause_id,
        note=body.note,
        account_action=body.account_action,
        duration_days=body.duration_days,
    )
    db.commit()
    return decision_out(db, decision)


@router.post("/api/v1/review/shadow/{shadow_id}", response_model=ReviewItemOut, status_code=201)
def review_shadow(shadow_id: int, db: Db, admin: Admin) -> ReviewItemOut:
    """Send a shadow-mode disagreement to the queue (admins choose which)."""
    item = queue.enqueue_shadow(db, shadow_id)
    audit.record(
        db,
        actor_id=admin.id,
        action="shadow.review",
        target_type="shadow_decision",
        target_id=shadow_id,
        details={"review_item_id": item.id},
    )
    db.commit()
    return _item_out(item)


@router.post("/api/v1/review/clusters/{cluster_id}/decide", response_model=ClusterDecisionOut)
def decide_cluster(
    cluster_id: int, body: DecideIn, db: Db, moderator: Moderator
) -> ClusterDecisionOut:
    decisions = decide.decide_cluster(
        db, cluster_id, moderator, action=body.action, clause_id=body.clause_id, note=body.note
    )
    db.commit()
    return ClusterDecisionOut(decisions=[decision_out(db, d) for d in decisions])


@router.post("/api/v1/appeals", response_model=AppealOut, status_code=201)
def file_appeal(body: AppealIn, db: Db, user: CurrentUser) -> AppealOut:
    appeal = appeals.file_appeal(db, user, body.decision_id, body.text)
    db.commit()
    return _appeal_out(appeal)


@router.get("/api/v1/appeals/{appeal_id}", response_model=AppealOut)
def get_appeal(appeal_id: int, db: Db, user: CurrentUser) -> AppealOut:
    appeal = appeals.get_appeal(db, appeal_id)
    if not permissions.can_see_appeal(appeal, user):
        raise NotFound("No such appeal.", "申诉不存在。")
    return _appeal_out(appeal)


@router.post("/api/v1/appeals/{appeal_id}/decide", response_model=AppealOut)
def decide_appeal(appeal_id: int, body: AppealDecideIn, db: Db, moderator: Moderator) -> AppealOut:
    appeal = appeals.decide_appeal(db, appeal_id, moderator, outcome=body.outcome, note=body.note)
    db.commit()
    return _appeal_out(appeal)


@router.get("/api/v1/notes/{note_id}/decision", response_model=DecisionOut)
def note_decision(note_id: int, db: Db, user: MaybeUser) -> DecisionOut:
    """The note's current decision and statement of reasons: for its author and moderators."""
    note = db.get(Note, note_id)
    if note is None or note.decision_id is None:
        raise NotFound("No decision for this note.", "该笔记没有相关决定。")
    decision = appeals.visible_decision(db, note.decision_id, user)
    return decision_out(db, decision)


@router.get("/api/v1/decisions/{decision_id}", response_model=DecisionOut)
def get_decision(decision_id: int, db: Db, user: MaybeUser) -> DecisionOut:
    return decision_out(db, appeals.visible_decision(db, decision_id, user))


@router.get("/api/v1/admin/policy", response_model=PolicyOut)
def read_policy(admin: Admin) -> PolicyOut:
    from crosstalk.safety.screening.policy import enforced_policy

    policy = enforced_policy()
    path = get_settings().policy_path
    return PolicyOut(
        version=policy.version,
        clauses=[c.id for c in policy.clauses],
        path=str(path) if path else None,
    )


@router.put("/api/v1/admin/policy", response_model=PolicyOut)
def edit_policy(db: Db, admin: Admin, body: PolicyIn = Body()) -> PolicyOut:
    """Replace the enforced policy file after validating it; audited. Admins only."""
    from crosstalk.safety.screening.policy_edit import replace_enforced_policy

    policy = replace_enforced_policy(db, admin, body.yaml)
    return PolicyOut(
        version=policy.version,
        clauses=[c.id for c in policy.clauses],
        path=str(get_settings().policy_path),
    )
