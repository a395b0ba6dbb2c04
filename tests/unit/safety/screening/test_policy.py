"""Policy as data: the shipped default, validation errors an operator can act on, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from crosstalk.config import reset_settings_cache
from crosstalk.safety.errors import PolicyInvalid
from crosstalk.safety.screening.commands import policy_app
from crosstalk.safety.screening.policy import (
    ACTIONS,
    default_policy,
    enforced_policy,
    load_policy,
    parse_policy,
    shadow_policy,
)
from crosstalk.safety.screening.scoring import CATEGORIES

MINIMAL = {
    "version": "t-1",
    "name": {"en": "Test", "zh-Hans": "测试"},
    "clauses": [
        {
            "id": "H1",
            "category": "harassment",
            "title": {"en": "Harassment", "zh-Hans": "骚扰"},
            "explanation": {"en": "No bullying.", "zh-Hans": "不许欺凌。"},
        }
    ],
    "rules": [
        {"id": "h", "clause": "H1", "action": "hold", "when": {"scores": {"harassment": 0.5}}}
    ],
}


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


def _broken(**changes: object) -> str:
    data = yaml.safe_load(_yaml(MINIMAL))
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return _yaml(data)


def test_default_policy_loads_and_every_clause_speaks_both_languages() -> None:
    policy = default_policy()
    assert policy.version
    for clause in policy.clauses:
        assert clause.title.en and clause.title.zh_Hans
        assert clause.explanation.en and clause.explanation.zh_Hans
        assert clause.category in CATEGORIES or clause.category == "general"


def test_default_policy_covers_every_safety_harm() -> None:
    policy = default_policy()
    acted_on = {policy.clause(r.clause).category for r in policy.rules}
    for harm in (
        "harassment",
        "hate",
        "sexual",
        "sexual/minors",
        "violence",
        "self-harm",
        "illicit",
        "spam",
    ):
        assert harm in acted_on, harm


def test_default_policy_has_no_word_or_pattern_blocklist() -> None:
    # Viewpoints cannot be blocked by keyword: the shipped policy has no regex rules at all,
    # and lexicon rules only name safety categories.
    policy = default_policy()
    assert all(not r.when.regex for r in policy.rules)
    text = (
        Path(__import__("crosstalk.safety.screening.policy", fromlist=["x"]).__file__)
        .parent.joinpath("policies/default.yaml")
        .read_text("utf-8")
    )
    for term in (
        "tiananmen",
        "天安门",
        "六四",
        "taiwan",
        "台独",
        "falun",
        "法轮",
        "xinjiang",
        "trump",
    ):
        assert term not in text.lower(), term


def test_self_harm_is_never_removed_and_always_comes_with_help_in_both_languages() -> None:
    policy = default_policy()
    for rule in policy.rules:
        clause = policy.clause(rule.clause)
        if clause.category.startswith("self-harm"):
            assert rule.action in ("limit", "hold"), rule.id
            assert clause.help is not None
            assert "findahelpline" in clause.help.en and "400-161-9995" in clause.help.zh_Hans


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("version: [1, 2\n", "not valid YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        (_broken(clauses__0__category="politics"), "unknown category 'politics'"),
        (_broken(rules__0__clause="NOPE"), "cites clause 'NOPE'"),
        (_broken(rules__0__action="ban"), "rules.0.action"),
        (_broken(rules__0__when={"regex": ["(unclosed"]}), "does not compile"),
        (_broken(rules__0__when={"scores": {"harassment": 1.5}}), "between 0 and 1"),
        (_broken(rules__0__when={"langs": ["en"]}), "at least one condition"),
        (_broken(clauses__0__title={"en": "Only English"}), "clauses.0.title.zh-Hans"),
    ],
)
def test_invalid_policy_is_rejected_with_a_sentence_naming_the_problem(
    text: str, fragment: str
) -> None:
    with pytest.raises(PolicyInvalid) as info:
        parse_policy(text, source="mine.yaml")
    assert fragment in info.value.message_en
    assert info.value.message_en.startswith("mine.yaml")
    assert "mine.yaml" in info.value.message_zh
    assert "\n" not in info.value.message_en


def test_duplicate_ids_are_rejected() -> None:
    data = yaml.safe_load(_yaml(MINIMAL))
    data["rules"].append(dict(data["rules"][0]))
    with pytest.raises(PolicyInvalid, match="rule ids must be unique; repeated: h"):
        parse_policy(_yaml(data))


def test_numeric_version_is_kept_as_written_text() -> None:
    data = yaml.safe_load(_yaml(MINIMAL))
    data["version"] = 2026.11
    assert parse_policy(_yaml(data)).version == "2026.11"


def test_every_action_is_known_in_severity_order() -> None:
    assert ACTIONS == ("allow", "label", "limit", "hold", "remove", "suspend")


def test_policy_check_command_exits_1_with_a_sentence_for_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(_broken(rules__0__clause="NOPE"), encoding="utf-8")
    result = CliRunner().invoke(policy_app, ["check", str(bad)])
    assert result.exit_code == 1
    assert "cites clause 'NOPE', which is not defined" in result.output


def test_policy_check_command_accepts_the_shipped_policy(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(_yaml(MINIMAL), encoding="utf-8")
    result = CliRunner().invoke(policy_app, ["check", str(good)])
    assert result.exit_code == 0, result.output
    assert "version t-1 with 1 clauses and 1 rules" in result.output


def test_policy_check_command_reports_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(policy_app, ["check", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1
    assert "Cannot read policy file" in result.output


def test_policy_show_lists_clauses_in_chinese() -> None:
    result = CliRunner().invoke(policy_app, ["show", "--lang", "zh-Hans"])
    assert result.exit_code == 0, result.output
    assert "自伤与自杀" in result.output


def test_operator_policy_path_overrides_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "operator.yaml"
    path.write_text(_yaml(MINIMAL), encoding="utf-8")
    monkeypatch.setenv("CROSSTALK_POLICY_PATH", str(path))
    monkeypatch.setenv("CROSSTALK_SHADOW_POLICY_PATH", str(path))
    reset_settings_cache()
    try:
        assert enforced_policy().version == "t-1"
        shadow = shadow_policy()
        assert shadow is not None and shadow.version == "t-1"
    finally:
        monkeypatch.delenv("CROSSTALK_POLICY_PATH")
        monkeypatch.delenv("CROSSTALK_SHADOW_POLICY_PATH")
        reset_settings_cache()
    assert enforced_policy().version == default_policy().version
    assert shadow_policy() is None


def test_load_policy_reads_files(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(_yaml(MINIMAL), encoding="utf-8")
    policy = load_policy(path)
    assert policy.clause("H1").title.get("zh_Hans") == "骚扰"
    assert policy.clause("H1").title.get("en") == "Harassment"
