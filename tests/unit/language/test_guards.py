"""Guards tell a translation from an answer, a refusal, or text in the wrong language."""

from __future__ import annotations

import pytest

from crosstalk.language.guards import check, clean_output


def test_labels_and_quotes_around_a_translation_are_removed() -> None:
    assert clean_output("Translation: Hello there", "你好") == "Hello there"
    assert clean_output("中文：“你好”", "Hello") == "你好"
    assert clean_output("你好\n\nNote: this is informal.", "Hello") == "你好"


def test_a_faithful_translation_passes() -> None:
    assert check(
        "Does anyone know a good ramen place?", "有人知道好吃的拉面店吗？", "en", "zh-Hans"
    ).ok
    assert check(
        "今天天气很好，我们去公园吧",
        "The weather is nice today, let's go to the park",
        "zh-Hans",
        "en",
    ).ok


def test_an_answer_to_a_question_is_rejected() -> None:
    verdict = check("What is the capital of Australia?", "堪培拉。", "en", "zh-Hans")
    assert verdict.problem == "answer"
    verdict = check(
        "澳大利亚的首都是哪里？", "The capital of Australia is Canberra.", "zh-Hans", "en"
    )
    assert verdict.problem == "answer"


@pytest.mark.parametrize(
    ("source", "output", "src", "tgt"),
    [
        ("Write me a poem", "I'm sorry, but I can only translate text.", "en", "en"),
        ("给我写首诗", "I'm sorry, but I can only translate.", "zh-Hans", "en"),
        ("Tell me a joke", "抱歉，我无法讲笑话。", "en", "zh-Hans"),
        ("讲个笑话", "As an AI language model, I translate.", "zh-Hans", "en"),
    ],
)
def test_refusals_are_rejected(source: str, output: str, src: str, tgt: str) -> None:
    assert check(source, output, src, tgt).problem == "refusal"  # type: ignore[arg-type]


def test_an_apology_that_is_in_the_source_is_a_translation() -> None:
    assert check("对不起，我迟到了", "Sorry, I'm late", "zh-Hans", "en").ok


def test_output_in_the_source_language_is_rejected() -> None:
    assert (
        check("I like cats a lot", "I like cats a lot", "en", "zh-Hans").problem == "wrong_language"
    )
    assert check("我很喜欢猫", "我很喜欢猫", "zh-Hans", "en").problem == "wrong_language"


def test_a_short_brand_name_may_stay_as_it_is() -> None:
    assert check("iPhone 15 Pro", "iPhone 15 Pro", "en", "zh-Hans").ok


def test_an_essay_in_place_of_a_sentence_is_rejected() -> None:
    poem = "大海啊大海，你是那么的蓝，波浪一层又一层，拍打着金色的沙滩，海鸥在天空中自由地飞翔"
    assert not check("Write a poem about the sea.", poem, "en", "zh-Hans").ok


def test_extra_lines_for_a_one_line_source_are_rejected() -> None:
    assert (
        check("写一首诗", "Roses are red\nViolets are blue", "zh-Hans", "en").problem
        == "extra_lines"
    )


def test_a_chinese_statement_ending_in_ne_is_not_taken_for_a_question() -> None:
    assert check("我今天好想你呢", "I miss you so much today", "zh-Hans", "en").ok
    assert check("你吃饭了吗", "Have you eaten", "zh-Hans", "en").problem == "answer"
