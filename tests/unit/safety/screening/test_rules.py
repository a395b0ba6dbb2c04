"""Rule evaluation: every condition kind, AND across fields, and the strongest action winning."""

from __future__ import annotations

from typing import Any

import pytest

from crosstalk.safety.screening.policy import Condition, Policy, default_policy
from crosstalk.safety.screening.rules import Facts, count_links, evaluate, matches


def policy(*rules: dict[str, Any]) -> Policy:
    return Policy.model_validate(
        {
            "version": "r-1",
            "name": {"en": "Rules", "zh-Hans": "规则"},
            "clauses": [
                {
                    "id": cid,
                    "category": cat,
                    "title": {"en": cid, "zh-Hans": cid},
                    "explanation": {"en": cid, "zh-Hans": cid},
                }
                for cid, cat in (("H1", "harassment"), ("SP1", "spam"), ("V1", "violence"))
            ],
            "rules": list(rules),
        }
    )


def HARASS(threshold: float) -> dict[str, Any]:
    return {"scores": {"harassment": threshold}}


def facts(text: str = "hello", lang: str = "en", **kw: Any) -> Facts:
    scores = kw.pop("scores", {})
    return Facts(text=text, lang=lang, scores=scores, **kw)


def cond(**kw: Any) -> Condition:
    return Condition.model_validate(kw)


def test_score_threshold_is_inclusive_and_any_listed_category_suffices() -> None:
    c = cond(scores={"harassment": 0.6, "hate": 0.9})
    assert matches(c, facts(scores={"harassment": 0.6}))
    assert matches(c, facts(scores={"hate": 0.95}))
    assert not matches(c, facts(scores={"harassment": 0.59, "hate": 0.5}))


def test_per_language_thresholds_apply_only_to_their_language() -> None:
    p = policy(
        {
            "id": "zh",
            "clause": "H1",
            "action": "hold",
            "when": {"langs": ["zh"], "scores": {"harassment": 0.5}},
        },
        {
            "id": "en",
            "clause": "H1",
            "action": "hold",
            "when": {"langs": ["en"], "scores": {"harassment": 0.8}},
        },
    )
    assert evaluate(p, facts(lang="zh", scores={"harassment": 0.6})).rule_id == "zh"
    assert evaluate(p, facts(lang="zh-Hant", scores={"harassment": 0.6})).rule_id == "zh"
    assert evaluate(p, facts(lang="en", scores={"harassment": 0.6})).action == "allow"
    assert evaluate(p, facts(lang="en", scores={"harassment": 0.8})).rule_id == "en"


def test_strongest_action_wins_and_ties_go_to_the_rule_listed_first() -> None:
    p = policy(
        {"id": "label", "clause": "V1", "action": "label", "when": {"scores": {"violence": 0.1}}},
        {"id": "hold-a", "clause": "H1", "action": "hold", "when": {"scores": {"harassment": 0.1}}},
        {"id": "hold-b", "clause": "V1", "action": "hold", "when": {"scores": {"violence": 0.1}}},
        {"id": "limit", "clause": "V1", "action": "limit", "when": {"scores": {"violence": 0.1}}},
    )
    out = evaluate(p, facts(scores={"violence": 0.5, "harassment": 0.5}))
    assert (out.action, out.rule_id, out.clause_id) == ("hold", "hold-a", "H1")
    assert out.matched == ("label", "hold-a", "hold-b", "limit")


def test_nothing_matching_means_allow_without_a_clause() -> None:
    out = evaluate(default_policy(), facts(scores={"harassment": 0.05}))
    assert (out.action, out.rule, out.clause_id, out.matched) == ("allow", None, None, ())


def test_conditions_in_one_rule_must_all_hold() -> None:
    c = cond(trust_level_at_most=0, links_at_least=2)
    assert matches(c, facts(trust_level=0, links=2))
    assert not matches(c, facts(trust_level=1, links=5))
    assert not matches(c, facts(trust_level=0, links=1))


def test_lexicon_condition_needs_lexicon_evidence_not_the_classifier() -> None:
    c = cond(lexicon=["harassment"])
    lexicon = {
        "category": "harassment",
        "start": 0,
        "end": 5,
        "text": "idiot",
        "source": "lexicon:en",
    }
    classifier = dict(lexicon, source="classifier")
    assert matches(c, facts(evidence=(lexicon,)))
    assert not matches(c, facts(evidence=(classifier,)))
    assert not matches(c, facts(evidence=(dict(lexicon, category="hate"),)))


def test_regex_is_case_insensitive() -> None:
    c = cond(regex=[r"wire\s+money\s+to"])
    assert matches(c, facts(text="Please WIRE money to this account"))
    assert not matches(c, facts(text="money wire"))


@pytest.mark.parametrize(
    ("condition", "yes", "no"),
    [
        ({"account_age_days_below": 2}, {"account_age_days": 1.5}, {"account_age_days": 2.0}),
        ({"account_age_days_below": 2}, {"account_age_days": 0.1}, {"account_age_days": None}),
        ({"velocity": {"account": 5}}, {"velocity": {"account": 5}}, {"velocity": {"account": 4}}),
        (
            {"velocity": {"ip": 3, "fingerprint": 9}},
            {"velocity": {"ip": 3}},
            {"velocity": {"account": 99}},
        ),
        ({"cluster_size_at_least": 5}, {"cluster_size": 5}, {"cluster_size": 4}),
        ({"reports_at_least": 3}, {"reports": 3}, {"reports": 2}),
        ({"judge": ["hate", "harassment"]}, {"judge_category": "hate"}, {"judge_category": None}),
    ],
)
def test_account_surge_report_and_judge_conditions(
    condition: dict[str, Any], yes: dict[str, Any], no: dict[str, Any]
) -> None:
    c = cond(**condition)
    assert matches(c, facts(**yes))
    assert not matches(c, facts(**no))


def test_links_are_counted_with_and_without_scheme() -> None:
    assert count_links("see https://a.example/x and www.b.org and cheap-pills.shop/deal") == 3
    assert count_links("no links here, just a sentence. And 3.14") == 0
    assert count_links("访问 http://例子.cn 了解") == 1


def test_facts_survive_a_json_round_trip() -> None:
    f = facts(
        text="你好",
        lang="zh",
        scores={"spam": 0.3},
        evidence=({"category": "spam", "start": 0, "end": 2, "text": "你好", "source": "regex"},),
        velocity={"account": 2},
        cluster_size=3,
        judge_category="spam",
    )
    assert Facts.from_json(f.to_json()) == f


def test_default_policy_holds_fresh_accounts_posting_many_links_but_not_older_ones() -> None:
    p = default_policy()
    text = "deals at https://a.example and https://b.example"
    new = evaluate(p, facts(text=text, trust_level=0, links=count_links(text)))
    assert (new.action, new.clause_id) == ("hold", "SP1")
    assert evaluate(p, facts(text=text, trust_level=1, links=2)).action == "allow"
