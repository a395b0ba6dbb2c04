"""Decisions carry a complete DSA Art. 17 statement of reasons, readable in English and Chinese."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crosstalk.safety.screening.policy import Policy, default_policy
from crosstalk.safety.screening.rules import Facts, evaluate
from crosstalk.safety.transparency.decisions import visibility_for
from crosstalk.safety.transparency.reasons import statement_of_reasons
from tests.helpers import automated_decision

NOW = datetime(2026, 11, 24, 12, 0, 0)


def decide(policy: Policy | None = None, **scores: float):  # type: ignore[no-untyped-def]
    policy = policy or default_policy()
    facts = Facts(
        text="the text",
        lang="en",
        scores={k.replace("_", "/"): v for k, v in scores.items()},
        evidence=({"category": "hate", "start": 4, "end": 8, "text": "text", "source": "regex"},),
    )
    return automated_decision(
        item_type="note",
        item_id=5,
        author_id=9,
        facts=facts,
        outcome=evaluate(policy, facts),
        policy=policy,
        stages=["stage1", "rules"],
        now=NOW,
    )


def test_removal_statement_has_every_article_17_element() -> None:
    d = decide(hate=0.95)
    sor = statement_of_reasons(d, "en")
    assert sor["restriction_type"] == "decision_visibility"
    assert sor["visibility_restriction"] == "DECISION_VISIBILITY_CONTENT_REMOVED"
    assert sor["restriction"] == "The content was removed."
    assert sor["scope"] == "item"
    assert sor["end_date"] is None
    assert "hate 0.95" in sor["facts_and_circumstances"]
    assert sor["automated_detection"] is True
    assert sor["automated_decision"] == "AUTOMATED_DECISION_FULLY"
    assert sor["ground"] == {"clause_id": "HS1", "title": "Hateful content"}
    assert sor["explanation"].startswith("Attacking people")
    assert [r["kind"] for r in sor["redress"]] == [
        "appeal",
        "out_of_court_settlement",
        "judicial_redress",
    ]
    assert sor["policy_version"] == default_policy().version


def test_statement_renders_in_chinese() -> None:
    text = decide(hate=0.95).render_statement("zh-Hans")
    assert text.startswith("决定理由说明")
    assert "内容已被删除。" in text
    assert "HS1 仇恨内容" in text
    assert "在应用内申诉" in text
    assert "Statement" not in text


def test_a_hold_is_only_partly_automated_because_a_person_decides() -> None:
    d = decide(hate=0.7)
    assert (d.action, d.visibility) == ("hold", "held")
    assert d.visibility_restriction == "DECISION_VISIBILITY_CONTENT_DISABLED"
    assert d.automated_decision == "AUTOMATED_DECISION_PARTIALLY"
    assert "a person makes the final decision" in d.render_statement("en")


def test_suspension_restricts_the_account_until_its_end_date() -> None:
    base = default_policy()
    rules = [
        r.model_copy(update={"duration_days": 30}) if r.id == "minors-suspend" else r
        for r in base.rules
    ]
    policy = base.model_copy(update={"rules": rules})
    d = decide(policy, sexual_minors=0.95)
    assert d.action == "suspend"
    assert d.restriction_type == "decision_account"
    assert d.account_restriction == "DECISION_ACCOUNT_SUSPENDED"
    assert d.visibility_restriction == "DECISION_VISIBILITY_CONTENT_REMOVED"
    assert d.scope == "account"
    assert d.ends_at == NOW + timedelta(days=30)
    assert "截止至" in d.render_statement("zh")


def test_an_allowed_item_has_no_restriction_and_nothing_to_contest() -> None:
    d = decide(hate=0.1)
    assert (d.action, d.restriction_type, d.redress, d.clause_id) == ("allow", None, [], None)
    sor = statement_of_reasons(d, "zh-Hans")
    assert sor["restriction"] == "无限制：内容正常显示。"
    assert sor["ground"] is None


def test_the_ground_is_a_snapshot_of_the_clause_at_decision_time() -> None:
    d = decide(harassment=0.7)
    assert d.ground["title"] == {"en": "Harassment and bullying", "zh-Hans": "骚扰与欺凌"}
    assert d.explanation_zh.startswith("不允许")


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("allow", "visible"),
        ("label", "visible"),
        ("limit", "limited"),
        ("hold", "held"),
        ("remove", "removed"),
        ("suspend", "removed"),
    ],
)
def test_every_action_has_a_visibility_state(action: str, state: str) -> None:
    assert visibility_for(action) == state
