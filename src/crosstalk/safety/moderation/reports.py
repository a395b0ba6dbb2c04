"""User notices (reports) into the review queue, and reporters told what came of them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosstalk.community.models import Report
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.moderation.queue import enqueue
from crosstalk.safety.moderation.user_notify import notify_user
from crosstalk.safety.transparency.decisions import latest_decision_id
from crosstalk.safety.transparency.models import Decision

# Report reasons (community.reports.REASONS) → policy categories, for priority and filters.
REASON_CATEGORY = {
    "harassment": "harassment",
    "hate": "hate",
    "sexual": "sexual",
    "minors": "sexual/minors",
    "violence": "violence",
    "self_harm": "self-harm",
    "illicit": "illicit",
    "spam": "spam",
}
_ITEM = {"note": ("note", "笔记"), "comment": ("comment", "评论"), "profile": ("account", "账号")}


def open_reports(session: Session, target_type: str, target_id: int) -> int:
    """How many reports about an item (target type note, comment or user) nobody decided yet."""
    return int(
        session.scalar(
            select(func.count()).where(
                Report.target_type == target_type,
                Report.target_id == target_id,
                Report.status == "open",
            )
        )
        or 0
    )


def enqueue_report(session: Session, report: Report) -> ReviewItem:
    """Called when a user files a report (`community.reports.file_report`): one open queue
    item per reported item, counting its open reports (calling it twice counts one report)."""
    item_type = "profile" if report.target_type == "user" else report.target_type
    item = enqueue(
        session,
        source="notice",
        item_type=item_type,
        item_id=report.target_id,
        report_id=report.id,
        decision_id=latest_decision_id(session, item_type, report.target_id),
        category=REASON_CATEGORY.get(report.reason),
    )
    item.reports = max(1, open_reports(session, report.target_type, report.target_id))
    session.flush()
    return item


def tell_reporters(session: Session, item_type: str, item_id: int, decision: Decision) -> int:
    """Close the open reports about an item and tell each reporter the outcome."""
    target_type = "user" if item_type == "profile" else item_type
    reports = list(
        session.scalars(
            select(Report).where(
                Report.target_type == target_type,
                Report.target_id == item_id,
                Report.status == "open",
            )
        )
    )
    acted = decision.action != "allow"
    name_en, name_zh = _ITEM.get(item_type, (item_type, item_type))
    if acted:
        en = (
            f"Thanks for your report. We reviewed the {name_en} and took action under rule "
            f"{decision.clause_id}: {decision.action}."
        )
        zh = f"感谢你的举报。我们审核了该{name_zh}，并依据条款 {decision.clause_id} 作出处理。"
    else:
        en = (
            f"Thanks for your report. We reviewed the {name_en} and found it does not break "
            "our rules, so it stays up."
        )
        zh = f"感谢你的举报。我们审核了该{name_zh}，认定其未违反规则，因此予以保留。"
    for report in reports:
        report.status = "actioned" if acted else "dismissed"
        notify_user(
            session,
            report.reporter_id,
            "report_outcome",
            en,
            zh,
            decision=decision,
            extra={"report_id": report.id, "outcome": report.status},
        )
    return len(reports)
