"""The stage-1 scoring contract the policy layer relies on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosstalk.safety.screening.scoring import (
    CATEGORIES,
    FLAG_THRESHOLD,
    detect_script_lang,
    flagged,
    score_text,
    score_texts,
)


def test_categories_are_the_openai_taxonomy_plus_spam_in_order() -> None:
    assert CATEGORIES == (
        "harassment",
        "harassment/threatening",
        "hate",
        "hate/threatening",
        "sexual",
        "sexual/minors",
        "violence",
        "violence/graphic",
        "self-harm",
        "self-harm/intent",
        "self-harm/instructions",
        "illicit",
        "illicit/violent",
        "spam",
    )
    assert FLAG_THRESHOLD == 0.5


def test_every_category_has_a_score_in_unit_interval_and_a_coverage_flag() -> None:
    for result in score_texts(["hello there", "你好", "", "🙂🙂"]):
        assert set(result.scores) == set(CATEGORIES)
        assert all(0.0 <= v <= 1.0 for v in result.scores.values())
        assert set(result.covered) == set(CATEGORIES)


def test_coverage_says_which_categories_have_a_trained_model() -> None:
    en = score_text("hello there", "en")
    zh = score_text("你好", "zh")
    assert en.covered["harassment"] and en.covered["spam"]
    assert not en.covered["self-harm"]  # rules only, stage 2 covers the rest
    assert zh.covered["hate"] and not zh.covered["harassment"]


def test_evidence_offsets_quote_the_original_obfuscated_text() -> None:
    text = "ok so 你就是個傻 逼 lol"
    result = score_text(text)
    quotes = {e.text for e in result.evidence if e.source.startswith("lexicon:")}
    assert "傻 逼" in quotes
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


def test_threat_is_flagged_as_threatening_harassment_in_both_languages() -> None:
    for text in ("I will kill you", "我要杀了你"):
        result = score_text(text)
        assert result.scores["harassment/threatening"] >= FLAG_THRESHOLD


def test_profanity_not_aimed_at_anyone_is_not_harassment() -> None:
    assert not flagged(score_text("this fucking cake is amazing"))


def test_counter_speech_lands_in_the_uncertain_band_for_stage_two() -> None:
    result = score_text("Calling someone a faggot is not okay")
    assert result.scores["hate"] < FLAG_THRESHOLD
    assert not result.stage1_confident


def test_political_history_questions_are_not_flagged() -> None:
    for text in ("What happened at Tiananmen Square in 1989?", "1989年天安门发生了什么？"):
        assert not flagged(score_text(text))


def test_language_detection_by_script() -> None:
    assert detect_script_lang("hello world") == "en"
    assert detect_script_lang("今天天气很好") == "zh"
    assert detect_script_lang("今天的 brunch 太好吃了 highly recommend") == "mixed"
    assert detect_script_lang("12345 🙂") == "und"


def test_explicit_language_tags_are_accepted() -> None:
    assert score_text("hello", "en-US").lang == "en"
    assert score_text("你好", "zh-Hant").lang == "zh"
    assert score_text("bonjour", "fr").lang == "und"


def test_batch_scoring_matches_single_scoring() -> None:
    texts = ["you are a stupid bitch", "加微信领取福利", "nice photo!"]
    batch = score_texts(texts)
    single = [score_text(t) for t in texts]
    assert [b.scores for b in batch] == [s.scores for s in single]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80) | st.text(st.characters(exclude_categories=()), max_size=40))
def test_scoring_never_raises_and_evidence_is_in_bounds(text: str) -> None:
    result = score_text(text)
    for e in result.evidence:
        assert 0 <= e.start <= e.end <= len(text)
        assert text[e.start : e.end] == e.text
