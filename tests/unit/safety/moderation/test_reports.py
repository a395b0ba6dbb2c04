"""What people affected by a decision read in their notifications, in both languages."""

from __future__ import annotations

from crosstalk.safety.moderation.user_notify import summaries
from crosstalk.safety.transparency.models import Decision

GROUND = {"title": {"en": "Threats against people", "zh-Hans": "对他人的威胁"}}


def _decision(action: str, item_type: str = "note", clause: str | None = "H2") -> Decision:
    return Decision(
        id=7, item_type=item_type, item_id=3, action=action, clause_id=clause, ground=GROUND
    )


def test_a_removal_names_the_clause_and_the_way_to_appeal_in_both_languages() -> None:
    en, zh = summaries(_decision("remove"))
    assert "removed" in en and "H2" in en and "Threats against people" in en and "appeal" in en
    assert "已被删除" in zh and "H2" in zh and "对他人的威胁" in zh and "申诉" in zh


def test_a_restoration_says_the_content_is_back_without_a_clause() -> None:
    en, zh = summaries(_decision("allow", clause=None))
    assert "visible again" in en and "恢复显示" in zh
    assert "appeal" not in en


def test_comments_and_profiles_are_named_as_such() -> None:
    assert summaries(_decision("hold", "comment"))[0].startswith("Your comment")
    assert summaries(_decision("limit", "profile"))[1].startswith("你的个人资料")
