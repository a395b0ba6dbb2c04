"""The engine: what a screened item's stored decision says, and when stage 2 is asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosstalk.safety.screening.engine import SafetyEngine, needs_judge
from crosstalk.safety.screening.gate import ContentItem
from crosstalk.safety.screening.judge import JudgeVerdict
from crosstalk.safety.screening.models import JudgeCacheEntry
from crosstalk.safety.screening.policy import JudgeSettings, Policy, default_policy
from crosstalk.safety.screening.results import ScreenItem
from crosstalk.safety.screening.scoring import Evidence
from crosstalk.safety.transparency.models import Decision
from tests.unit.safety.screening.screening_helpers import FixedScorer, scored

NOW = datetime(2026, 11, 24, 12, 0, 0)


def judged_policy() -> Policy:
    return default_policy().model_copy(update={"judge": JudgeSettings(enabled=True)})


class FakeJudge:
    """Stands in for the LLM (the machine boundary); answers a fixed category."""

    model = "fake-judge"

    def __init__(self, category: str | None) -> None:
        self.category = category
        self.calls: list[str] = []

    def judge(self, text: str, lang: str, policy: Policy) -> JudgeVerdict:
        self.calls.append(text)
        return JudgeVerdict(self.category, f"fake: {self.category}", self.model)


def item(text: str, item_id: int = 1, **kw: object) -> ScreenItem:
    base: dict[str, object] = {
        "item_type": "note",
        "item_id": item_id,
        "text": text,
        "lang": "en",
        "author_id": 7,
        "author_created_at": NOW - timedelta(days=400),
        "author_trust_level": 2,
    }
    base.update(kw)
    return ScreenItem(**base)  # type: ignore[arg-type]


def engine(*results: object, policy: Policy | None = None, **kw: object) -> SafetyEngine:
    kw.setdefault("load_default_judge", False)
    return SafetyEngine(
        policy or default_policy(),
        scorer=FixedScorer(*results),  # type: ignore[arg-type]
        clock=lambda: NOW,
        **kw,  # type: ignore[arg-type]
    )


def test_a_threat_is_removed_and_the_decision_cites_clause_policy_and_evidence(db: Session) -> None:
    text = "I will hurt you tonight"
    ev = Evidence("harassment/threatening", 2, 13, "will hurt you", "lexicon:en_threats")
    eng = engine(scored(text, harassment_threatening=0.93, evidence=[ev]))
    d = eng.screen(db, item(text))
    assert d.id is not None
    assert (d.action, d.visibility, d.clause_id, d.rule_id) == (
        "remove",
        "removed",
        "H2",
        "threat-remove",
    )
    assert d.policy_version == default_policy().version
    assert d.scores["harassment/threatening"] == 0.93
    assert d.evidence == [
        {
            "category": "harassment/threatening",
            "start": 2,
            "end": 13,
            "text": "will hurt you",
            "source": "lexicon:en_threats",
        }
    ]
    assert d.restriction_type == "decision_visibility"
    assert d.visibility_restriction == "DECISION_VISIBILITY_CONTENT_REMOVED"
    assert "will hurt you" in d.circumstances_en and "will hurt you" in d.circumstances_zh
    stored = db.get(Decision, d.id)
    assert stored is not None and stored.action == "remove"


@pytest.mark.parametrize(
    ("scores", "action", "visibility", "clause"),
    [
        ({"sexual": 0.6}, "label", "visible", "SX1"),
        ({"harassment": 0.7}, "limit", "limited", "H1"),
        ({"hate": 0.7}, "hold", "held", "HS1"),
        ({"sexual_minors": 0.9}, "suspend", "removed", "SX2"),
        ({"spam": 0.1}, "allow", "visible", None),
    ],
)
def test_actions_map_to_visibility_states(
    db: Session, scores: dict[str, float], action: str, visibility: str, clause: str | None
) -> None:
    d = engine(scored("some text", **scores)).screen(db, item("some text"))
    assert (d.action, d.visibility, d.clause_id) == (action, visibility, clause)


def test_self_harm_is_limited_not_removed_and_help_is_shown_in_both_languages(db: Session) -> None:
    text = "我真的不想活了"
    d = engine(scored(text, "zh", self_harm=0.8, self_harm_intent=0.7)).screen(
        db, item(text, lang="zh")
    )
    assert (d.action, d.visibility, d.clause_id) == ("limit", "limited", "SH1")
    assert "400-161-9995" in d.render_statement("zh-Hans")
    assert "988" in d.render_statement("en")


def test_the_gate_content_item_can_be_screened_as_is(db: Session) -> None:
    content = ContentItem(
        item_type="comment",
        item_id=3,
        text="lovely photo",
        lang="en",
        author_id=9,
        author_created_at=datetime(2026, 1, 1, tzinfo=UTC),
        author_trust_level=0,
        ip="203.0.113.9",
    )
    d = engine().screen(db, content)
    assert (d.item_type, d.item_id, d.action, d.visibility) == ("comment", 3, "allow", "visible")
    assert d.facts["account_age_days"] == pytest.approx(327.5)


def test_without_a_model_stage_two_is_skipped_cleanly(db: Session) -> None:
    text = "borderline words"
    eng = engine(scored(text, confident=False, harassment=0.4), policy=judged_policy())
    d = eng.screen(db, item(text))
    assert d.stages == ["stage1", "rules"]
    assert d.judge_skipped == "no model"
    assert d.judge_verdict is None
    assert d.action == "allow"


def test_an_uncertain_text_goes_to_the_judge_whose_verdict_holds_it(db: Session) -> None:
    text = "those people again, you know what they are"
    judge = FakeJudge("hate")
    eng = engine(scored(text, confident=False, hate=0.45), policy=judged_policy(), judge=judge)
    d = eng.screen(db, item(text))
    assert judge.calls == [text]
    assert d.stages == ["stage1", "stage2", "rules"]
    assert d.judge_verdict == {"category": "hate", "rationale": "fake: hate", "model": "fake-judge"}
    assert (d.action, d.clause_id, d.rule_id) == ("hold", "HS1", "judge-hate")
    assert d.automated_decision == "AUTOMATED_DECISION_PARTIALLY"


def test_a_safe_verdict_leaves_the_text_up(db: Session) -> None:
    text = "what happened in 1989?"
    judge = FakeJudge(None)
    d = engine(
        scored(text, confident=False, violence=0.4), policy=judged_policy(), judge=judge
    ).screen(db, item(text))
    assert judge.calls == [text]
    assert (d.action, d.visibility) == ("allow", "visible")


def test_the_judge_is_not_asked_about_confident_covered_texts(db: Session) -> None:
    judge = FakeJudge("hate")
    d = engine(scored("a nice cake"), policy=judged_policy(), judge=judge).screen(
        db, item("a nice cake")
    )
    assert judge.calls == []
    assert d.judge_skipped is None and d.stages == ["stage1", "rules"]


def test_a_weak_signal_in_a_category_stage_one_cannot_model_goes_to_the_judge() -> None:
    weak = scored("x", uncovered=["illicit"], illicit=0.25)
    assert needs_judge(weak, default_policy())
    quiet = scored("x", uncovered=["illicit"], illicit=0.05)
    assert not needs_judge(quiet, default_policy())
    lexical = scored("x", uncovered=["illicit"], evidence=[Evidence("illicit", 0, 1, "x", "regex")])
    assert needs_judge(lexical, default_policy())


def test_the_judge_is_not_asked_when_rules_already_hold(db: Session) -> None:
    judge = FakeJudge("hate")
    text = "very hateful"
    eng = engine(scored(text, confident=False, hate=0.7), policy=judged_policy(), judge=judge)
    assert eng.screen(db, item(text)).action == "hold"
    assert judge.calls == []


def test_verdicts_are_cached_per_text_policy_version_and_model(db: Session) -> None:
    text = "uncertain text"
    judge = FakeJudge("harassment")
    result = scored(text, confident=False, harassment=0.4)
    engine(result, policy=judged_policy(), judge=judge).screen(db, item(text, item_id=1))
    engine(result, policy=judged_policy(), judge=judge).screen(db, item(text, item_id=2))
    assert len(judge.calls) == 1
    assert db.scalar(select(func.count()).select_from(JudgeCacheEntry)) == 1
    newer = judged_policy().model_copy(update={"version": "newer"})
    engine(result, policy=newer, judge=judge).screen(db, item(text, item_id=3))
    assert len(judge.calls) == 2


def test_the_judge_budget_is_enforced(db: Session) -> None:
    judge = FakeJudge(None)
    a, b = scored("first", confident=False, hate=0.4), scored("second", confident=False, hate=0.4)
    eng = engine(a, b, policy=judged_policy(), judge=judge, judge_per_minute=1)
    assert eng.screen(db, item("first", item_id=1)).judge_skipped is None
    assert eng.screen(db, item("second", item_id=2)).judge_skipped == "budget"
    assert judge.calls == ["first"]


def test_a_policy_with_the_judge_off_records_why(db: Session) -> None:
    judge = FakeJudge("hate")
    d = engine(scored("meh", confident=False, hate=0.4), judge=judge).screen(db, item("meh"))
    assert judge.calls == []
    assert d.judge_skipped == "disabled by policy"


def test_moderate_flags_any_category_at_the_threshold() -> None:
    eng = engine(scored("bad", harassment=0.5), scored("fine", harassment=0.49))
    bad, fine = eng.moderate(["bad", "fine"])
    assert bad.flagged and bad.categories["harassment"] and not bad.categories["hate"]
    assert not fine.flagged and not any(fine.categories.values())


def test_preview_describes_the_decision_in_both_languages_without_storing(db: Session) -> None:
    eng = engine(scored("buy now", spam=0.9))
    (p,) = eng.preview(["buy now"])
    data = p.to_json()
    assert (data["action"], data["clause_id"], data["visibility"]) == ("hold", "SP1", "held")
    assert data["clause"]["title"] == {"en": "Spam and scams", "zh-Hans": "垃圾信息与诈骗"}
    assert data["flagged"] is True and data["scores"]["spam"] == 0.9
    assert db.scalar(select(func.count()).select_from(Decision)) == 0


def test_unknown_language_is_left_to_stage_one_detection(db: Session) -> None:
    scorer = FixedScorer(scored("你好", "zh"))
    seen: list[object] = []

    def spy(texts, langs=None):  # type: ignore[no-untyped-def]
        seen.append(langs)
        return scorer(texts, langs)

    eng = SafetyEngine(default_policy(), scorer=spy, clock=lambda: NOW, load_default_judge=False)
    d = eng.screen(db, item("你好", lang="und"))
    assert seen == [None] and d.lang == "zh"


def test_a_rescreen_with_enough_reports_holds_and_says_people_found_it(db: Session) -> None:
    eng = engine(scored("a quiet note"))
    first = eng.screen(db, item("a quiet note"))
    assert first.action == "allow"
    bar = next(r for r in eng.policy.rules if r.id == "reports-hold").when.reports_at_least
    assert bar is not None
    below = eng.rescreen(db, item("a quiet note", reports=bar - 1), current_visibility="visible")
    assert below is None  # nothing changes, so nothing is stored
    assert db.scalar(select(func.count()).select_from(Decision)) == 1
    held = eng.rescreen(db, item("a quiet note", reports=bar), current_visibility="visible")
    assert held is not None and held.id is not None
    assert (held.action, held.rule_id, held.clause_id) == ("hold", "reports-hold", "G1")
    assert held.automated_detection is False  # the reports found it; screening applied a rule
    assert held.automated_decision == "AUTOMATED_DECISION_PARTIALLY"
    assert held.circumstances_en.startswith("Users reported this note and it was screened again")
    assert f"Reports received: {bar}." in held.circumstances_en
    assert f"收到的举报：{bar} 次" in held.circumstances_zh


def test_a_rescreen_never_loosens_what_is_already_restricted(db: Session) -> None:
    eng = engine(scored("spammy", spam=0.9))  # spam-hold: held
    for current in ("held", "removed", "pending"):
        assert eng.rescreen(db, item("spammy", reports=10), current_visibility=current) is None
    limited = eng.rescreen(db, item("spammy"), current_visibility="limited")
    assert limited is not None and limited.visibility == "held"
    assert db.scalar(select(func.count()).select_from(Decision)) == 1


def test_preview_json_carries_the_statement_of_reasons_of_an_unsaved_decision(
    db: Session,
) -> None:
    eng = engine(scored("buy now", spam=0.9))
    (p,) = eng.preview(["buy now"])
    decision = p.decision(item_id=3)
    assert decision.id is None and (decision.item_type, decision.item_id) == ("text", 3)
    sor = p.to_json("zh-Hans", item_id=3)["statement_of_reasons"]
    assert sor == decision.statement_of_reasons("zh-Hans") | {"created_at": sor["created_at"]}
    assert sor["ground"] == {"clause_id": "SP1", "title": "垃圾信息与诈骗"}
    assert sor["facts_and_circumstances"].startswith("系统对此文本进行了自动筛查")
    assert db.scalar(select(func.count()).select_from(Decision)) == 0
