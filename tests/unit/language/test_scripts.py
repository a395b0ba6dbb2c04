"""Chinese scripts and punctuation: Traditional in/out via OpenCC, punctuation by language."""

from __future__ import annotations

from crosstalk.language.scripts import (
    chinese_punctuation,
    english_punctuation,
    to_simplified,
    to_traditional,
)


def test_traditional_input_becomes_simplified() -> None:
    assert to_simplified("這個軟體很好用") == "这个软体很好用"


def test_traditional_output_uses_taiwan_phrasing() -> None:
    assert to_traditional("这个软件和鼠标") == "這個軟體和滑鼠"


def test_latin_text_is_left_alone_by_script_conversion() -> None:
    assert to_traditional("hello 123") == "hello 123"


def test_chinese_output_gets_full_width_punctuation() -> None:
    assert chinese_punctuation("你好, 世界!") == "你好，世界！"
    assert chinese_punctuation("真的吗?") == "真的吗？"
    assert chinese_punctuation("谢谢 {{0}}!") == "谢谢 {{0}}！"


def test_chinese_punctuation_leaves_decimal_points_alone() -> None:
    assert chinese_punctuation("版本3.5很好") == "版本3.5很好"


def test_english_output_gets_ascii_punctuation_with_spacing() -> None:
    assert english_punctuation("Hello，world！How are you？") == "Hello, world! How are you?"
    assert english_punctuation("She said “hi”（quietly）。") == 'She said "hi" (quietly).'
