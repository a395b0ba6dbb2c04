"""Which texts a reader is offered a translation of, and who gets pinyin reading aids."""

from __future__ import annotations

import pytest

from crosstalk.language.reader import needs_translation, wants_reading_aids


@pytest.mark.parametrize(
    ("reader", "lang", "offered"),
    [
        (["en"], "zh-Hans", True),
        (["en"], "zh-Hant", True),
        (["zh-Hans"], "zh-Hant", False),  # one Chinese script reads the other (OpenCC)
        (["zh-Hant"], "en", True),
        (["en"], "en", False),
        (["en"], "und", False),  # emoji only: nothing to translate
        (["en"], "", False),
        (["en"], "fr", True),
        (["en"], "mixed", True),  # "今天好累 so tired": half of it is Chinese
        (["zh-Hans"], "mixed", True),  # and half of it is English
        (["en", "zh-Hans"], "mixed", False),  # entirely in the reader's languages
        (["zh-Hant", "en"], "mixed", False),
    ],
)
def test_translate_is_offered_when_the_text_is_not_entirely_in_the_readers_languages(
    reader: list[str], lang: str, offered: bool
) -> None:
    assert needs_translation(reader, lang) is offered


@pytest.mark.parametrize(
    ("reader", "lang", "aids"),
    [
        (["en"], "zh-Hans", True),
        (["en", "zh-Hans"], "zh-Hans", True),  # a learner who reads both
        (["en"], "mixed", True),
        (["zh-Hans"], "zh-Hans", False),  # a Chinese-only reader does not need pinyin
        (["zh-Hans", "zh-Hant"], "zh-Hant", False),
        (["en"], "en", False),
    ],
)
def test_pinyin_reading_aids_go_to_readers_who_read_more_than_chinese(
    reader: list[str], lang: str, aids: bool
) -> None:
    assert wants_reading_aids(reader, lang) is aids
