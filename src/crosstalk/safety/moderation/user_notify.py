"""Notifications to people affected by a decision: the statement of reasons in both languages,
so the notifications page shows it in whichever language the reader uses."""

from __future__ import annotations

from typing import Any

from crosstalk.community.models import Comment, Note, User
from crosstalk.community.notifications import notify
from crosstalk.safety.transparency.circumstances import ITEM_NAMES
from crosstalk.safety.transparency.models import Decision

_WHAT = {
    "allow": ("is visible again", "已恢复显示"),
    "label": ("now carries a label", "已被附加标注"),
    "limit": ("is shown to fewer people", "展示范围已受限"),
    "hold": ("is hidden until a person reviews it", "在人工审核前已被隐藏"),
    "remove": ("was removed", "已被删除"),
    "suspend": ("was removed and your account suspended", "已被删除，你的账号已被暂停"),
}
_ACCOUNT_WHAT = {
    "allow": ("is no longer restricted", "已不再受限"),
    "warning": ("received a warning", "收到一次警告"),
    "limit": ("is limited: your posts are shown to fewer people", "已受限：你的帖子展示范围缩小"),
    "suspension": ("is suspended", "已被暂停使用"),
    "ban": ("is banned", "已被封禁"),
}


def summaries(decision: Decision) -> tuple[str, str]:
    """One-line English and Chinese summaries citing the clause and pointing at the reasons."""
    name_en, name_zh = ITEM_NAMES.get(decision.item_type, (decision.item_type, decision.item_type))
    whats = _ACCOUNT_WHAT if decision.item_type == "account" else _WHAT
    what_en, what_zh = whats.get(decision.action, (decision.action, decision.action))
    title = (decision.ground or {}).get("title") or {}
    en = f"Your {name_en} {what_en}"
    zh = f"你的{name_zh}{what_zh}"
    if decision.clause_id and decision.action != "allow":
        en += f" under rule {decision.clause_id} ({title.get('en', '')})"
        zh += f"，依据条款 {decision.clause_id}（{title.get('zh-Hans', '')}）"
    en += ". Open it to read the statement of reasons and to appeal."
    zh += "。打开可查看决定理由说明并提出申诉。"
    if decision.action == "allow":
        en = f"Your {name_en} {what_en}. Open it to read the statement of reasons."
        zh = f"你的{name_zh}{what_zh}。打开可查看决定理由说明。"
    return en, zh


def _links(session: Any, decision: Decision | None) -> tuple[int | None, int | None]:
    """(note_id, comment_id) for the notification's link; rows may be gone by now."""
    if decision is None:
        return None, None
    if decision.item_type == "note" and session.get(Note, decision.item_id) is not None:
        return decision.item_id, None
    if decision.item_type == "comment":
        comment = session.get(Comment, decision.item_id)
        if comment is not None:
            return comment.note_id, comment.id
    return None, None


def notify_decision(session: Any, decision: Decision, *, kind: str = "moderation") -> None:
    """Tell the author about every decision that restricts (or restores) their content."""
    if decision.author_id is None:
        return
    if decision.action == "allow" and decision.actor_id is None:
        return  # an automated allow changes nothing for the author
    if session.get(User, decision.author_id) is None:
        return
    en, zh = summaries(decision)
    note_id, comment_id = _links(session, decision)
    notify(
        session,
        decision.author_id,
        kind,
        note_id=note_id,
        comment_id=comment_id,
        data={"summary_en": en, "summary_zh_Hans": zh, "decision_id": decision.id},
    )


def notify_user(
    session: Any,
    user_id: int,
    kind: str,
    en: str,
    zh: str,
    *,
    decision: Decision | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    note_id, comment_id = _links(session, decision)
    data: dict[str, Any] = {"summary_en": en, "summary_zh_Hans": zh}
    if decision is not None:
        data["decision_id"] = decision.id
    data.update(extra or {})
    notify(session, user_id, kind, note_id=note_id, comment_id=comment_id, data=data)
