"""Stage-2 judge: prompt, strict answer format, budget, cache and clean absence of the model."""

from __future__ import annotations

import importlib.util
import os
import warnings
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crosstalk.config import Settings, get_settings, reset_settings_cache
from crosstalk.safety.errors import JudgeUnavailable
from crosstalk.safety.screening.judge import (
    JudgeVerdict,
    LlamaJudge,
    TokenBucket,
    build_prompt,
    category_codes,
    load_judge,
    parse_verdict,
    run_judge,
)
from crosstalk.safety.screening.policy import Policy, default_policy


def test_prompt_lists_each_category_clause_once_and_quotes_the_text_on_one_line() -> None:
    policy = default_policy()
    prompt = build_prompt("hello\n\nthere", "en", policy)
    codes = category_codes(policy)
    assert "G1" not in codes.values()  # "reported by the community" is not a content category
    for code, clause_id in codes.items():
        assert f"{code}: {policy.clause(clause_id).title.en}" in prompt
    assert prompt.rstrip().endswith("Message (en): hello there\nAnswer:")
    assert "criticising governments" in prompt


@pytest.mark.parametrize(
    ("answer", "category"),
    [
        ("safe", None),
        (" Safe.", None),
        ("unsafe S2", "harassment/threatening"),
        ("unsafe, S11", "illicit"),
        ("unsafe\nS99, S3", "hate"),
    ],
)
def test_answers_in_the_expected_format_are_parsed(answer: str, category: str | None) -> None:
    assert parse_verdict(answer, default_policy())[0] == category


@pytest.mark.parametrize("answer", ["", "I think it is fine", "unsafe", "unsafe S99"])
def test_answers_off_format_are_rejected(answer: str) -> None:
    with pytest.raises(ValueError):
        parse_verdict(answer, default_policy())


def test_token_bucket_allows_the_budget_then_refills_over_time() -> None:
    t = [0.0]
    bucket = TokenBucket(2, clock=lambda: t[0])
    assert bucket.take() and bucket.take()
    assert not bucket.take()
    t[0] = 29.0
    assert not bucket.take()
    t[0] = 31.0
    assert bucket.take()
    assert not TokenBucket(0).take()


def test_no_model_file_means_no_judge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSTALK_MODEL_DIR", str(tmp_path))
    monkeypatch.setenv("CROSSTALK_JUDGE_MODEL", "some-guard-model")
    reset_settings_cache()
    try:
        assert load_judge() == (None, "no model")
        monkeypatch.setenv("CROSSTALK_JUDGE_MODEL", "")
        reset_settings_cache()
        assert load_judge() == (None, "disabled")
    finally:
        monkeypatch.undo()
        reset_settings_cache()


def test_llama_judge_without_its_file_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    judge = LlamaJudge(tmp_path / "missing.gguf")
    with pytest.raises(JudgeUnavailable) as info:
        judge.judge("text", "en", default_policy())
    assert info.value.reason in ("no model", "no llama_cpp")
    assert "不可用" in info.value.message_zh


class Unparseable:
    model = "chatty"

    def judge(self, text: str, lang: str, policy: Policy) -> JudgeVerdict:
        raise JudgeUnavailable("unparseable answer")


def test_run_judge_reports_why_it_was_skipped(db: Session) -> None:
    policy = default_policy()
    bucket = TokenBucket(10)
    args = {"text": "t", "text_hash": "h", "lang": "en", "policy": policy, "session": db}
    assert run_judge(None, bucket, unavailable="no llama_cpp", **args) == (None, "no llama_cpp")
    assert run_judge(Unparseable(), bucket, **args) == (None, "unparseable answer")


# The shipped default model name (the test environment switches the judge off by default).
DEFAULT_JUDGE = str(Settings.model_fields["judge_model"].default)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_judge_model() -> Path:
    """The installed GGUF judge, else a loud skip locally and a failure under CI=true (like the
    language engine's real-model tests): a green CI always ran the real model."""
    path = get_settings().model_dir / f"{DEFAULT_JUDGE}.gguf"
    missing = None
    if importlib.util.find_spec("llama_cpp") is None:
        missing = "llama-cpp-python is not installed (pip install -e '.[llm]')"
    elif not path.is_file():
        missing = f"the judge model {path} is not installed"
    if missing is None:
        return path
    if IN_CI:
        pytest.fail(f"{missing} (CI=true: the real model is required)")
    warnings.warn(f"SKIPPING REAL-MODEL JUDGE TEST: {missing}", stacklevel=2)
    pytest.skip(f"{missing} — run `make models` / `crosstalk models install`")


@pytest.mark.slow
def test_the_local_model_answers_in_the_strict_format() -> None:
    judge = LlamaJudge(require_judge_model(), n_threads=2)
    policy = default_policy()
    threat = judge.judge("I will find where you live and hurt you.", "en", policy)
    assert threat.category in ("harassment/threatening", "violence", "harassment")
    assert threat.model == DEFAULT_JUDGE
    assert judge.judge("今天的蛋糕很好吃，推荐给大家", "zh", policy).category is None
