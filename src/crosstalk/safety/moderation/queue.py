"""The human review queue: enqueueing with priority (severity × reach × age), routing by the
languages a moderator reads, claim locks that exactly one moderator wins, and queue numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import Histogram
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from crosstalk.community import items
from crosstalk.community.errors import Conflict, NotFound
from crosstalk.community.models import Comment, Follow, Note, User
from crosstalk.db.base import utcnow
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.moderation.permissions import is_senior, require_can_decide
from crosstalk.safety.screening.policy import enforced_policy
from crosstalk.safety.transparency.models import Decision

LOCK = timedelta(minutes=10)
SOURCES = ("hold", "notice", "appeal", "shadow")
# Harm to a child or a threat to life goes first; spam waits.
SEVERITY: dict[str, float] = {
    "sexual/minors": 10.0,
    "harassment/threatening": 8.0,
    "hate/threatening": 8.0,
    "violence": 8.0,
    "illicit/violent": 8.0,
    "self-harm/intent": 8.0,
    "self-harm/instructions": 8.0,
    "violence/graphic": 7.0,
    "self-harm": 7.0,
    "hate": 6.0,
    "sexual": 5.0,
    "harassment": 4.0,
    "illicit": 4.0,
    "spam": 2.0,
}
DEFAULT_SEVERITY = 3.0

TIME_TO_FIRST_REVIEW = Histogram(
    "crosstalk_review_time_to_first_review_seconds",
    "Seconds from entering the review queue to the first moderator claim",
    buckets=(60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400),
)


# --- content access --------------------------------------------------------------------------


def _reach(session: Session, obj: Note | Comment | User | None) -> float:
    """How many people the item can reach: the author's followers and the item's engagement."""
    author_id = items.author_id_of(obj)
    followers = 0
    if author_id is not None:
        followers = int(
            session.scalar(select(func.count()).where(Follow.followee_id == author_id)) or 0
        )
    engagement = 0
    if isinstance(obj, Note):
        engagement = obj.like_count + obj.comment_count + obj.collect_count
    elif isinstance(obj, Comment):
        engagement = obj.like_count
    return 1.0 + math.log1p(followers) + math.log1p(engagement)


def severity_of(category: str | None) -> float:
    if not category:
        return DEFAULT_SEVERITY
    return SEVERITY.get(category, SEVERITY.get(category.split("/")[0], DEFAULT_SEVERITY))


def priority(item: ReviewItem, now: datetime | None = None) -> float:
    """Severity × reach × age: an hour-old threat outranks a fresh one; a day doubles weight."""
    now = now or utcnow()
    hours = max(0.0, (now - item.created_at).total_seconds() / 3600)
    reports = 1.0 + math.log1p(item.reports)
    return item.severity * item.reach * reports * (1.0 + hours / 24)


# --- enqueue ----------------------------------------------------------------------------------


def _kind_filter(source: str) -> Any:
    # An appeal is its own queue item: the content may be decided while an appeal waits.
    return ReviewItem.source == "appeal" if source == "appeal" else ReviewItem.source != "appeal"


def enqueue(
    session: Session,
    *,
    source: str,
    item_type: str,
    item_id: int,
    decision_id: int | None = None,
    report_id: int | None = None,
    appeal_id: int | None = None,
    category: str | None = None,
    clause_id: str | None = None,
    lang: str | None = None,
    cluster_id: int | None = None,
) -> ReviewItem:
    """Create or update the one open review item of an item (reports add up on it)."""
    if source not in SOURCES:
        raise ValueError(f"unknown review source {source!r}")
    item_type = "profile" if item_type == "user" else item_type
    now = utcnow()
    item = session.scalar(
        select(ReviewItem).where(
            ReviewItem.item_type == item_type,
            ReviewItem.item_id == item_id,
            ReviewItem.status == "open",
            _kind_filter(source),
        )
    )
    obj = items.load(session, item_type, item_id)
    if item is None:
        item = ReviewItem(
            item_type=item_type,
            item_id=item_id,
            source=source,
            status="open",
            author_id=items.author_id_of(obj),
            lang=lang or getattr(obj, "lang", None) or "und",
            reports=0,
            created_at=now,
        )
        session.add(item)
    if report_id is not None:
        item.reports = (item.reports or 0) + 1
    if decision_id is not None:
        item.decision_id = decision_id
    if appeal_id is not None:
        item.appeal_id = appeal_id
    if cluster_id is not None:
        item.cluster_id = cluster_id
    if clause_id and not item.clause_id:
        item.clause_id = clause_id
    new_severity = severity_of(category)
    if category and (not item.category or new_severity > (item.severity or 0)):
        item.category = category
    item.severity = max(item.severity or 0.0, new_severity)
    item.reach = _reach(session, obj)
    item.updated_at = now
    session.flush()
    return item


def enqueue_decision(session: Session, decision: Decision) -> ReviewItem:
    """Called by the publication gate for every decision that holds an item."""
    category = decision.category
    return enqueue(
        session,
        source="hold",
        item_type=decision.item_type,
        item_id=decision.item_id,
        decision_id=decision.id,
        category=category,
        clause_id=decision.clause_id,
        lang=decision.lang,
        cluster_id=decision.cluster_id,
    )


def enqueue_shadow(session: Session, shadow_id: int) -> ReviewItem:
    """An admin sends a shadow-policy disagreement to people, to see who was right."""
    from crosstalk.safety.screening.models import ShadowDecision

    shadow = session.get(ShadowDecision, shadow_id)
    if shadow is None:
        raise NotFound("No such shadow decision.", "影子决定不存在。")
    enforced = session.get(Decision, shadow.decision_id)
    clause = shadow.clause_id or shadow.enforced_clause_id
    category = None
    if clause:
        try:
            category = enforced_policy().clause(clause).category
        except KeyError:
            category = None  # the clause exists only in the shadow policy
    return enqueue(
        session,
        source="shadow",
        item_type=shadow.item_type,
        item_id=shadow.item_id,
        decision_id=enforced.id if enforced is not None else None,
        category=category,
        clause_id=clause,
        lang=enforced.lang if enforced is not None else None,
    )


# --- listing and routing ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    lang: str | None = None
    category: str | None = None
    source: str | None = None
    clause_id: str | None = None
    status: str = "open"


def _base_lang(lang: str | None) -> str:
    return (lang or "und").split("-")[0].lower()


def reads(moderator: User, lang: str | None) -> bool:
    return _base_lang(lang) in {_base_lang(x) for x in (moderator.langs_read or [])}


def list_queue(
    session: Session, moderator: User, filters: QueueFilter | None = None, *, limit: int = 100
) -> list[ReviewItem]:
    """Open items for `moderator`: those in languages they read first, then by priority.

    Items in other languages stay in the list (reviewable through machine translation).
    """
    f = filters or QueueFilter()
    stmt = select(ReviewItem).where(ReviewItem.status == f.status)
    if f.lang:
        stmt = stmt.where(
            or_(ReviewItem.lang == f.lang, ReviewItem.lang.like(f"{_base_lang(f.lang)}%"))
        )
    if f.category:
        stmt = stmt.where(
            or_(ReviewItem.category == f.category, ReviewItem.category.like(f"{f.category}/%"))
        )
    if f.source:
        stmt = stmt.where(ReviewItem.source == f.source)
    if not is_senior(moderator):
        stmt = stmt.where(ReviewItem.source != "appeal")  # they could not decide these
    if f.clause_id:
        stmt = stmt.where(ReviewItem.clause_id == f.clause_id)
    # Oldest first bounds the scan; priority is computed on what was fetched.
    items = list(session.scalars(stmt.order_by(ReviewItem.created_at).limit(2000)))
    now = utcnow()
    items.sort(key=lambda i: (not reads(moderator, i.lang), -priority(i, now)))
    return items[:limit]


def get_item(session: Session, item_id: int) -> ReviewItem:
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound("No such review item.", "审核条目不存在。")
    return item


# --- claims -----------------------------------------------------------------------------------


def claim(session: Session, item_id: int, moderator: User, *, now: datetime | None = None) -> bool:
    """Take the item's lock for LOCK; True only for the one moderator whose update landed.

    One conditional UPDATE decides between concurrent claimers: the database applies it to a
    row that is unclaimed, expired, or already ours, and the row count says who won.
    """
    item = get_item(session, item_id)
    require_can_decide(session, item, moderator)
    now = now or utcnow()
    result = session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.id == item_id,
            ReviewItem.status == "open",
            or_(
                ReviewItem.claimed_by.is_(None),
                ReviewItem.claimed_until < now,
                ReviewItem.claimed_by == moderator.id,
            ),
        )
        .values(
            claimed_by=moderator.id,
            claimed_until=now + LOCK,
            first_claimed_at=func.coalesce(ReviewItem.first_claimed_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    won = bool(getattr(result, "rowcount", 0) == 1)
    session.refresh(item)
    if won and item.first_claimed_at == now:
        TIME_TO_FIRST_REVIEW.observe(max(0.0, (now - item.created_at).total_seconds()))
    return won


def release(session: Session, item_id: int, moderator: User) -> None:
    session.execute(
        update(ReviewItem)
        .where(ReviewItem.id == item_id, ReviewItem.claimed_by == moderator.id)
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(get_item(session, item_id))


def require_claim(session: Session, item: ReviewItem, moderator: User) -> None:
    if item.status != "open":
        raise Conflict("This item was already decided.", "该条目已处理。")
    if not claim(session, item.id, moderator):
        raise Conflict("Another moderator is reviewing this item.", "另一位审核员正在审核该条目。")


def close(session: Session, item: ReviewItem, moderator: User, decision_id: int | None) -> None:
    now = utcnow()
    result = session.execute(
        update(ReviewItem)
        .where(
            ReviewItem.id == item.id,
            ReviewItem.status == "open",
            ReviewItem.claimed_by == moderator.id,
        )
        .values(
            status="decided",
            decided_by=moderator.id,
            decided_at=now,
            outcome_decision_id=decision_id,
            claimed_by=None,
            claimed_until=None,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise Conflict("Another moderator is reviewing this item.", "另一位审核员正在审核该条目。")
    session.refresh(item)


def open_in_cluster(session: Session, cluster_id: int | None) -> int:
    if cluster_id is None:
        return 0
    stmt = select(func.count()).where(
        ReviewItem.cluster_id == cluster_id,
        ReviewItem.status == "open",
        ReviewItem.source != "appeal",
    )
    return int(session.scalar(stmt) or 0)


# --- metrics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueStats:
    depth: int
    oldest_age_s: float
    median_first_review_s: float | None
    by_source: dict[str, int]


def stats(session: Session) -> QueueStats:
    now = utcnow()
    rows = session.execute(
        select(ReviewItem.source, func.count(), func.min(ReviewItem.created_at))
        .where(ReviewItem.status == "open")
        .group_by(ReviewItem.source)
    ).all()
    by_source = {str(r[0]): int(r[1]) for r in rows}
    oldest = min((r[2] for r in rows if r[2] is not None), default=None)
    waits = sorted(
        (f - c).total_seconds()
        for c, f in session.execute(
            select(ReviewItem.created_at, ReviewItem.first_claimed_at)
            .where(ReviewItem.first_claimed_at.is_not(None))
            .order_by(ReviewItem.id.desc())
            .limit(1000)
        ).all()
    )
    median = waits[len(waits) // 2] if waits else None
    return QueueStats(
        depth=sum(by_source.values()),
        oldest_age_s=(now - oldest).total_seconds() if oldest else 0.0,
        median_first_review_s=median,
        by_source=by_source,
    )
