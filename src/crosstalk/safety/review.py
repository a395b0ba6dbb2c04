"""The human review queue: enqueueing, priority and routing, claim locks, moderator decisions
(one item or a whole near-duplicate cluster), and the queue's metrics.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from prometheus_client import REGISTRY, Histogram
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from crosstalk.community.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from crosstalk.community.models import Comment, Follow, Note, Role, User
from crosstalk.db.base import utcnow
from crosstalk.safety import audit, strikes
from crosstalk.safety.decisions import (
    ITEM_NAMES,
    REDRESS,
    clause_ground,
    text_hash,
    visibility_for,
)
from crosstalk.safety.models import Decision
from crosstalk.safety.policy import Clause, cited_clause, enforced_policy
from crosstalk.safety.review_models import ReviewItem

LOCK = timedelta(minutes=10)
SOURCES = ("hold", "notice", "appeal", "shadow")
ACTIONS = ("restore", "label", "limit", "remove")
# A moderator's action → the engine's action vocabulary, so human and automated decisions
# share one statement-of-reasons format and one transparency export.
DECISION_ACTION = {"restore": "allow", "label": "label", "limit": "limit", "remove": "remove"}
_DSA_VISIBILITY = {
    "label": "DECISION_VISIBILITY_CONTENT_LABELLED",
    "limit": "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "remove": "DECISION_VISIBILITY_CONTENT_REMOVED",
}
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
SENSITIVE_IMAGES = ("sexual", "violence")  # category prefixes whose images start blurred
VIOLENT_SUFFIXES = ("/threatening", "/violent")

TIME_TO_FIRST_REVIEW = Histogram(
    "crosstalk_review_time_to_first_review_seconds",
    "Seconds from entering the review queue to the first moderator claim",
    buckets=(60, 300, 900, 3600, 4 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400),
)

_SOURCE_TEXT = {
    "hold": ("after automated screening held it", "在自动筛查将其暂扣后"),
    "notice": ("after a user reported it", "在用户举报后"),
    "appeal": ("after its author appealed", "在作者提出申诉后"),
    "shadow": ("on the moderators' own initiative", "由审核团队主动"),
}

# --- content access --------------------------------------------------------------------------


def content(session: Session, item_type: str, item_id: int) -> Note | Comment | User | None:
    if item_type == "note":
        return session.get(Note, item_id)
    if item_type == "comment":
        return session.get(Comment, item_id)
    if item_type in ("profile", "user", "account"):
        return session.get(User, item_id)
    return None


def content_text(obj: Note | Comment | User | None) -> str:
    if isinstance(obj, Note):
        return f"{obj.title}\n{obj.body}".strip()
    if isinstance(obj, Comment):
        return obj.body
    if isinstance(obj, User):
        return f"{obj.display_name}\n{obj.bio}".strip()
    return ""


def content_author_id(obj: Note | Comment | User | None) -> int | None:
    if isinstance(obj, User):
        return obj.id
    if obj is None:
        return None
    return obj.author_id


def apply_visibility(
    session: Session, item_type: str, item_id: int, visibility: str, decision_id: int
) -> None:
    """Set what others may see of an item; the decision id lets authors read the reasons.

    Account decisions change no visibility: their effect is the account action (strikes).
    """
    obj = content(session, item_type, item_id)
    if isinstance(obj, Note | Comment):
        obj.state = visibility
        obj.decision_id = decision_id
    elif isinstance(obj, User) and item_type == "profile":
        obj.profile_state = visibility


def _reach(session: Session, obj: Note | Comment | User | None) -> float:
    """How many people the item can reach: the author's followers and the item's engagement."""
    author_id = content_author_id(obj)
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
    obj = content(session, item_type, item_id)
    if item is None:
        item = ReviewItem(
            item_type=item_type,
            item_id=item_id,
            source=source,
            status="open",
            author_id=content_author_id(obj),
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
    category = (decision.ground or {}).get("category")
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
    from crosstalk.safety.models import ShadowDecision

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


# --- permissions ------------------------------------------------------------------------------


def is_senior(user: User) -> bool:
    return user.role in (Role.SENIOR_MODERATOR.value, Role.ADMIN.value)


def decided_by(decision: Decision | None) -> int | None:
    """The moderator who made a decision; None for the automated engine."""
    if decision is None:
        return None
    review = (decision.facts or {}).get("review") or {}
    moderator = review.get("moderator_id")
    return int(moderator) if moderator is not None else None


def check_can_review(session: Session, item: ReviewItem, moderator: User) -> None:
    if not moderator.is_moderator:
        raise PermissionDenied("Moderators only.", "仅限审核员。")
    if item.source != "appeal":
        return
    if not is_senior(moderator):
        raise PermissionDenied(
            "Only a senior moderator or an admin can decide an appeal.",
            "只有高级审核员或管理员可以处理申诉。",
        )
    original = session.get(Decision, item.decision_id) if item.decision_id else None
    if decided_by(original) == moderator.id:
        raise PermissionDenied(
            "You made the decision under appeal; another moderator must decide the appeal.",
            "被申诉的决定是你作出的，必须由其他审核员处理此申诉。",
        )


# --- claims -----------------------------------------------------------------------------------


def claim(session: Session, item_id: int, moderator: User, *, now: datetime | None = None) -> bool:
    """Take the item's lock for LOCK; True only for the one moderator whose update landed.

    One conditional UPDATE decides between concurrent claimers: the database applies it to a
    row that is unclaimed, expired, or already ours, and the row count says who won.
    """
    item = get_item(session, item_id)
    check_can_review(session, item, moderator)
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


def _require_claim(session: Session, item: ReviewItem, moderator: User) -> None:
    if item.status != "open":
        raise Conflict("This item was already decided.", "该条目已处理。")
    if not claim(session, item.id, moderator):
        raise Conflict("Another moderator is reviewing this item.", "另一位审核员正在审核该条目。")


def _close(session: Session, item: ReviewItem, moderator: User, decision_id: int | None) -> None:
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


# --- decisions --------------------------------------------------------------------------------


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


ACCOUNT_ACTIONS = strikes.KINDS


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
        strikes.validate(account_action, duration_days)
        if clause is None:
            cited_clause(clause_id)  # an account action always cites a clause
    _require_claim(session, item, moderator)
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
    _close(session, item, moderator, decision.id)
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
        strikes.apply_account_action(
            session,
            user_id=decision.author_id,
            action=account_action,
            reason_clause=decision.clause_id or "",
            moderator_id=moderator.id,
            decision_id=decision.id,
            duration_days=duration_days,
            note=note.strip(),
        )
    from crosstalk.safety import notices, user_notify

    user_notify.notify_decision(session, decision)
    notices.tell_reporters(session, item.item_type, item.item_id, decision)
    return decision


def open_in_cluster(session: Session, cluster_id: int | None) -> int:
    if cluster_id is None:
        return 0
    stmt = select(func.count()).where(
        ReviewItem.cluster_id == cluster_id,
        ReviewItem.status == "open",
        ReviewItem.source != "appeal",
    )
    return int(session.scalar(stmt) or 0)


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


# --- context for the review view --------------------------------------------------------------


def author_history(session: Session, author_id: int | None) -> dict[str, Any]:
    if author_id is None:
        return {}
    user = session.get(User, author_id)
    if user is None:
        return {}
    prior = list(
        session.scalars(
            select(Decision)
            .where(Decision.author_id == author_id, Decision.action.in_(("remove", "suspend")))
            .order_by(Decision.created_at.desc())
            .limit(20)
        )
    )
    return {
        "user": user,
        "account_age_days": max(0, (utcnow() - user.created_at).days),
        "trust_level": user.trust_level,
        "removals": len(prior),
        "strikes": strikes.actions_for(session, author_id),
    }


def thread(session: Session, item: ReviewItem) -> tuple[Note | None, list[Comment]]:
    """The note around a comment and the comments of its thread (or the note's own)."""
    obj = content(session, item.item_type, item.item_id)
    note: Note | None = None
    if isinstance(obj, Note):
        note = obj
    elif isinstance(obj, Comment):
        note = session.get(Note, obj.note_id)
    if note is None:
        return None, []
    comments = list(
        session.scalars(
            select(Comment).where(Comment.note_id == note.id).order_by(Comment.created_at).limit(50)
        )
    )
    return note, comments


def highlight(text: str, evidence: Iterable[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, is_evidence) parts from evidence offsets; the template
    escapes every segment, so no markup is ever built from user text."""
    spans: list[tuple[int, int]] = []
    for e in evidence:
        start, end = e.get("start"), e.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end))
        elif isinstance(e.get("text"), str) and e["text"]:
            at = text.find(e["text"])
            if at >= 0:
                spans.append((at, at + len(e["text"])))
    spans.sort()
    parts: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            parts.append((text[pos:start], False))
        parts.append((text[start:end], True))
        pos = end
    if pos < len(text):
        parts.append((text[pos:], False))
    return parts


def blur_images(item: ReviewItem) -> bool:
    """Sexual and violent items (threats of violence included) show images only on request."""
    category = item.category or ""
    return category.startswith(SENSITIVE_IMAGES) or category.endswith(VIOLENT_SUFFIXES)


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


class _QueueCollector:
    """Queue depth and oldest age, read from the database at each /metrics scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from crosstalk.db.session import session_factory

        depth = GaugeMetricFamily(
            "crosstalk_review_queue_depth", "Open review items", labels=["source"]
        )
        oldest = GaugeMetricFamily(
            "crosstalk_review_queue_oldest_age_seconds", "Age of the oldest open review item"
        )
        try:
            session = session_factory()()
            try:
                s = stats(session)
            finally:
                session.close()
        except Exception:  # no database configured or not migrated yet: report nothing
            return
        for source in SOURCES:
            depth.add_metric([source], s.by_source.get(source, 0))
        oldest.add_metric([], s.oldest_age_s)
        yield depth
        yield oldest

    def describe(self) -> list[GaugeMetricFamily]:
        return []


_COLLECTOR = _QueueCollector()
REGISTRY.register(_COLLECTOR)
