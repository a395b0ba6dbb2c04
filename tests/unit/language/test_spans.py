"""Protected spans survive translation verbatim: masking, restoring, and repairing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosstalk.language.spans import mask_terms, preserved, protect, restore


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("see https://example.com/a?b=1.", "https://example.com/a?b=1"),
        ("write to a.b@example.org now", "a.b@example.org"),
        ("thanks @amy_li!", "@amy_li"),
        ("love this #学英语# tag", "#学英语#"),
        ("so good 👍🏻", "👍🏻"),
        ("family 👨‍👩‍👧 time", "👨‍👩‍👧"),
        ("it costs $20", "$20"),
        ("up 3.5% today", "3.5%"),
        ("run `make test` first", "`make test`"),
        ("press 1️⃣ now", "1️⃣"),
    ],
)
def test_each_kind_of_span_is_masked_and_restored(text: str, kept: str) -> None:
    masked = protect(text)
    assert kept not in masked.text
    assert any(span.original == kept for span in masked.spans)
    assert restore(masked, masked.text).text == text


def test_url_does_not_swallow_the_sentence_full_stop() -> None:
    masked = protect("Read https://example.com/x.")
    assert masked.text == "Read {{0}}."


def test_spans_next_to_each_other_travel_as_one_placeholder() -> None:
    masked = protect("Great day 🎉 @amy #cats")
    assert masked.text == "Great day {{0}}"


@given(st.text(max_size=80))
def test_masking_then_restoring_an_unchanged_text_gives_it_back(text: str) -> None:
    masked = protect(text)
    assert restore(masked, masked.text).text == text


def test_a_placeholder_the_model_dropped_is_put_back() -> None:
    masked = protect("I love this place 😍 @amy")
    result = restore(masked, "我喜欢这个地方")
    assert result.missing == [0]
    assert "😍 @amy" in result.text
    assert result.text.startswith("我喜欢这个地方")


def test_a_dropped_leading_span_goes_back_to_the_start() -> None:
    masked = protect("@amy thanks for the tip")
    assert restore(masked, "谢谢你的建议").text.startswith("@amy")


def test_duplicated_and_invented_placeholders_are_removed() -> None:
    masked = protect("hi @amy")
    result = restore(masked, "你好 {{0}} {{0}} {{7}}")
    assert result.text.count("@amy") == 1
    assert "{{" not in result.text
    assert result.duplicated == [0]


def test_placeholders_written_with_full_width_braces_are_recognised() -> None:
    masked = protect("hi @amy")
    assert restore(masked, "你好 ｛｛0｝｝").text == "你好 @amy"


def test_a_literal_placeholder_in_user_text_is_itself_protected() -> None:
    masked = protect("template {{0}} here @amy")
    assert restore(masked, masked.text).text == "template {{0}} here @amy"


def test_markdown_emphasis_hugs_its_words_after_translation() -> None:
    masked = protect("**重要**：明天见")
    # The model put spaces inside the marks, which would break the bold text.
    out = restore(masked, "{{0}} Important {{1}}: see you tomorrow")
    assert out.text == "**Important**: see you tomorrow"


def test_glossary_terms_become_spans_with_their_forced_translation() -> None:
    masked = protect("I love 小红书 😍")
    start = masked.text.index("小红书")
    masked = mask_terms(masked, [(start, start + 3, "RedNote")])
    assert "小红书" not in masked.text
    out = restore(masked, "我爱 {{0}} {{1}}")
    assert "RedNote" in out.text and "😍" in out.text
    assert preserved(masked.spans, out.text)


def test_content_check_sees_only_spans_as_nothing_to_translate() -> None:
    assert not protect("🎉🎉 @amy https://x.y").has_content
    assert protect("hello @amy").has_content
