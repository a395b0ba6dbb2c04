"""Behaviour of language detection on short social text."""

from __future__ import annotations

import pytest

from crosstalk.language.detect import Detection, Detector, detect, detect_many, strip_noise


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Anyone know a good ramen place near Shibuya?", "en"),
        ("Tried the viral pasta and it was mid", "en"),
        ("今天天气很好", "zh-Hans"),
        ("这家店真的yyds", "zh-Hans"),
        ("台北哪裡有好吃的牛肉麵？", "zh-Hant"),
        ("學習中文真的很難", "zh-Hant"),
        ("今天好累 so tired", "mixed"),
        ("这个 app 真的 very good", "mixed"),
        ("I love 火锅 so much", "mixed"),
        ("今日はいい天気ですね", "ja"),
        ("오늘 날씨 좋다", "ko"),
        ("Vielen Dank für die Tipps!", "de"),
        ("Muchas gracias por compartir", "es"),
        ("Очень красиво!", "ru"),
    ],
)
def test_each_class_is_recognised(text: str, lang: str) -> None:
    assert detect(text).lang == lang


def test_empty_text_is_undetermined_with_zero_confidence() -> None:
    assert detect("") == Detection("und", 0.0, None)
    assert detect("   \n ") == Detection("und", 0.0, None)


@pytest.mark.parametrize(
    "text",
    [
        "😂😂😂",
        "!!!",
        "666",
        "https://example.com/p/1",
        "@alex_chen",
        "#ootd #fashion",
        "#旅行#",
        "k",
    ],
)
def test_text_without_words_is_undetermined(text: str) -> None:
    result = detect(text)
    assert result.lang == "und"
    assert result.confidence == 0.0
    assert result.script is None


@pytest.mark.parametrize("text", ["OK", "ok", "lol", "omg", "wow", "yes please"])
def test_short_english_and_internet_slang_is_english(text: str) -> None:
    # Decision: a text made only of known English words or slang is English however short.
    assert detect(text).lang == "en"


def test_pinyin_slang_is_chinese_not_english() -> None:
    assert detect("yyds").lang == "zh-Hans"
    assert detect("xswl 这也太好笑了").lang == "zh-Hans"


def test_kana_makes_text_japanese_even_with_kanji() -> None:
    result = detect("東京タワーに行ってきました")
    assert (result.lang, result.script) == ("ja", "Jpan")


def test_brand_names_in_chinese_do_not_make_it_mixed() -> None:
    assert detect("我用iPhone 15 Pro拍的").lang == "zh-Hans"
    assert detect("这个app真好用").lang == "zh-Hans"


def test_mixed_text_reports_the_script_of_its_chinese_part() -> None:
    assert detect("今天好累 so tired").script == "Hans"
    assert detect("這個 really 太好吃了 I love it").script == "Hant"


def test_characters_shared_by_both_scripts_default_to_simplified_with_less_confidence() -> None:
    shared = detect("哈哈哈")
    simplified = detect("这个颜色太好看了吧")
    assert shared.lang == "zh-Hans"
    assert shared.confidence < simplified.confidence


def test_urls_mentions_and_hashtags_do_not_decide_the_language() -> None:
    assert detect("@mia_travels 这个包在哪里买的 https://example.com/shop #fashion").lang == (
        "zh-Hans"
    )
    assert strip_noise("hi @bob see https://x.com/a #tag").split() == ["hi", "see"]


def test_confidence_is_between_zero_and_one() -> None:
    for text in ["hello", "今天好累 so tired", "學習", "Bonjour à tous", "lol", "ㅋㅋㅋ"]:
        assert 0.0 <= detect(text).confidence <= 1.0


def test_unsure_model_on_plain_ascii_falls_back_to_english() -> None:
    detector = Detector(lambda text: ("it", 0.2))
    assert detector.detect("something odd here").lang == "en"
    assert Detector(lambda text: ("it", 0.9)).detect("something odd here").lang == "it"


def test_detect_many_keeps_order() -> None:
    texts = ["今天天气很好", "hello world", "", "學習"]
    assert [d.lang for d in detect_many(texts)] == ["zh-Hans", "en", "und", "zh-Hant"]


def test_a_long_chinese_note_quoting_english_once_stays_chinese() -> None:
    note = (
        "今天去了一家新开的火锅店，排队排了两个小时，服务员态度很好，锅底是牛油的，"
        "毛肚和鸭肠都特别新鲜，价格人均一百左右，性价比很高，下次还会再来，真的 so good"
    )
    assert detect(note).lang == "zh-Hans"


def test_an_english_paragraph_naming_a_chinese_place_stays_english() -> None:
    post = "Just got back from a two week trip and honestly the food in 北京 was the best part"
    assert detect(post).lang == "en"
    assert detect("I 爱 you so much").lang == "en"


def test_a_lone_hangul_letter_in_a_kaomoji_is_not_korean() -> None:
    assert detect("(•̀ㅂ•́)").lang == "und"
    assert detect("ㅋㅋㅋㅋ").lang == "ko"


def test_full_width_latin_and_glued_links_are_handled() -> None:
    assert detect("ＯＫ").lang == "en"
    assert detect("求链接xhslink.com/a/b谢谢").lang == "zh-Hans"


def test_other_scripts_report_their_own_script() -> None:
    assert detect("Привет из Москвы").script == "Cyrl"
    thai = detect("สวัสดีครับ ยินดีที่ได้รู้จัก")
    assert (thai.lang, thai.script) == ("th", "Thai")
    assert detect("Hola, ¿cómo estás?").script == "Latn"
