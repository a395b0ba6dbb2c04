"""User reports (notices) about notes, comments and accounts: stored, put in the review queue,
and the reported item screened again with its count of open reports (enough reports hold it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.accounts import ensure_active
from crosstalk.community.errors import Conflict, NotFound, ValidationFailed
from crosstalk.community.models import Comment, Report, User
from crosstalk.community.notes import get_note
from crosstalk.community.screening import rescreen_report_target
from crosstalk.community.visibility import can_view_comment
from crosstalk.config import get_settings
from crosstalk.safety.moderation.reports import enqueue_report, open_reports

TARGET_TYPES = ("note", "comment", "user")
REASONS: dict[str, dict[str, str]] = {
    "harassment": {"en": "Harassment or bullying", "zh_Hans": "骚扰或欺凌"},
    "hate": {"en": "Hate speech", "zh_Hans": "仇恨言论"},
    "sexual": {"en": "Sexual content", "zh_Hans": "色情内容"},
    "minors": {"en": "Endangers minors", "zh_Hans": "危害未成年人"},
    "violence": {"en": "Violence or threats", "zh_Hans": "暴力或威胁"},
    "self_harm": {"en": "Self-harm or suicide", "zh_Hans": "自残或自杀"},
    "illicit": {"en": "Illegal goods or services", "zh_Hans": "违法商品或服务"},
    "spam": {"en": "Spam or scam", "zh_Hans": "垃圾信息或诈骗"},
    "impersonation": {"en": "Impersonation", "zh_Hans": "冒充他人"},
    "other": {"en": "Something else", "zh_Hans": "其他"},
}


def file_report(
    session: Session,
    reporter: User,
    target_type: str,
    target_id: int,
    reason: str,
    details: str = "",
) -> Report:
    ensure_active(reporter)
    if target_type not in TARGET_TYPES:
        raise ValidationFailed(
            "You can report a note, a comment or an account.",
            "只能举报笔记、评论或账号。",
            field="target_type",
        )
    reason, details = reason.strip(), details.strip()
    if not reason:
        raise ValidationFailed(
            f"Give a reason: one of {', '.join(REASONS)}, or a few words.",
            f"请填写举报原因：{', '.join(REASONS)} 之一，或简单描述。",
            field="reason",
        )
    if reason not in REASONS:
        # Free text from a script or an older client: keep the words, file them as "other".
        reason, details = "other", (reason + ("\n" + details if details else ""))
    limit = get_settings().max_report_reason_chars
    if len(details) > limit:
        raise ValidationFailed(
            f"Details must be at most {limit} characters.",
            f"补充说明最多 {limit} 个字符。",
            field="details",
        )
    _check_target(session, reporter, target_type, target_id)
    duplicate = session.scalar(
        select(Report).where(
            Report.reporter_id == reporter.id,
            Report.target_type == target_type,
            Report.target_id == target_id,
            Report.status == "open",
        )
    )
    if duplicate is not None:
        raise Conflict(
            "You already reported this; we will let you know the outcome.",
            "你已举报过该内容，处理结果会通知你。",
        )
    report = Report(
        reporter_id=reporter.id,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        details=details,
    )
    session.add(report)
    session.flush()
    # Same transaction as the report: a person will look at the item, and the policy's report
    # rules (e.g. several reports hold an item until then) apply at once.
    enqueue_report(session, report)
    rescreen_report_target(
        session, target_type, target_id, reports=open_reports(session, target_type, target_id)
    )
    return report


def _check_target(session: Session, reporter: User, target_type: str, target_id: int) -> None:
    if target_type == "note":
        get_note(session, target_id, reporter)
    elif target_type == "comment":
        comment = session.get(Comment, target_id)
        if comment is None or not can_view_comment(comment, reporter):
            raise NotFound("This comment does not exist.", "评论不存在。")
    else:
        if session.get(User, target_id) is None:
            raise NotFound("No such user.", "用户不存在。")
    if target_type == "user" and target_id == reporter.id:
        raise ValidationFailed("You cannot report yourself.", "不能举报自己。")


def reports_about(session: Session, target_type: str, target_id: int) -> list[Report]:
    stmt = select(Report).where(Report.target_type == target_type, Report.target_id == target_id)
    return list(session.scalars(stmt))
