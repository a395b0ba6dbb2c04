"""Behaviour of reading aids: segmentation, pinyin and CC-CEDICT glosses for Chinese text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crosstalk.language.cedict import load
from crosstalk.language.reading_aids import CEDICT_ATTRIBUTION, Token, annotate


def _by_text(tokens: list[Token]) -> dict[str, Token]:
    return {t.text: t for t in tokens}


def test_simplified_words_get_tone_marked_pinyin_and_english_glosses() -> None:
    tokens = annotate("今天天气很好")
    today = _by_text(tokens)["今天"]
    assert today.pinyin == "jīntiān"
    assert any("today" in g for g in today.glosses)
    assert (today.start, today.end, today.is_chinese) == (0, 2, True)
    assert _by_text(tokens)["天气"].glosses[0] == "weather"


def test_traditional_words_are_read_and_glossed() -> None:
    study = _by_text(annotate("我在學習中文"))["學習"]
    assert study.pinyin == "xuéxí"
    assert "to learn" in study.glosses


def test_mixed_text_keeps_english_words_as_non_chinese_tokens() -> None:
    tokens = annotate("这个 app 真的 very good")
    english = [t for t in tokens if t.text in {"app", "very", "good"}]
    assert len(english) == 3
    assert all(not t.is_chinese and t.pinyin is None and t.glosses == () for t in english)
    assert _by_text(tokens)["真的"].pinyin == "zhēnde"


def test_punctuation_has_no_pinyin() -> None:
    tokens = annotate("好吃！真的，太好了。")
    for mark in ("！", "，", "。"):
        token = _by_text(tokens)[mark]
        assert (token.is_chinese, token.pinyin, token.glosses) == (False, None, ())


def test_offsets_round_trip_on_social_text() -> None:
    text = "@小美 今天去了西安🍜 #旅行# https://example.com so good!!"
    tokens = annotate(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("今天學习很好的了 abc,。!😂\n行不"), max_size=30))
def test_offsets_round_trip_for_any_text(text: str) -> None:
    tokens = annotate(text)
    assert "".join(t.text for t in tokens) == text
    assert [t.start for t in tokens] == [0, *[t.end for t in tokens[:-1]]][: len(tokens)]
    assert all(t.end > t.start for t in tokens)


def test_polyphones_follow_context() -> None:
    assert _by_text(annotate("我们去银行"))["银行"].pinyin == "yínháng"
    assert _by_text(annotate("我们去银行"))["银行"].glosses[0] == "bank"
    assert _by_text(annotate("你去了吗"))["了"].pinyin == "le"


def test_syllables_starting_with_a_vowel_are_separated() -> None:
    assert _by_text(annotate("西安很美"))["西安"].pinyin == "Xī'ān"


def test_words_the_dictionary_lacks_are_split_into_words_it_has() -> None:
    # jieba keeps 今天天气 together; CC-CEDICT has 今天 and 天气.
    tokens = annotate("今天天气")
    assert [t.text for t in tokens] == ["今天", "天气"]
    assert [t.start for t in tokens] == [0, 2]


def test_max_glosses_limits_the_senses() -> None:
    good = _by_text(annotate("好", max_glosses=1))["好"]
    assert good.glosses == ("good",)
    assert len(_by_text(annotate("好"))["好"].glosses) == 3


def test_cross_references_are_shown_in_the_readers_script() -> None:
    glosses = " ".join(_by_text(annotate("西安很美"))["西安"].glosses)
    assert "[" not in glosses
    assert "|" not in glosses


def test_empty_text_has_no_tokens() -> None:
    assert annotate("") == []


def test_dictionary_holds_every_reading_of_a_headword() -> None:
    readings = {entry.pinyin for entry in load().lookup("了")}
    assert {"le5", "liao3"} <= readings
    assert load().lookup("學習")[0].simplified == "学习"


def test_attribution_names_cc_cedict_and_its_licence_in_both_languages() -> None:
    for lang in ("en", "zh-Hans"):
        text = CEDICT_ATTRIBUTION[lang]
        assert "CC-CEDICT" in text
        assert "CC BY-SA 4.0" in text
        assert "mdbg.net" in text
        assert "MDBG" in text
