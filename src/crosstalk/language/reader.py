"""What a reader needs from the language engine: whether a text in a detected language must be
translated for them, and whether pinyin and dictionary reading aids help them read it."""

from __future__ import annotations

from collections.abc import Sequence


def _family(code: str) -> str:
    """ "zh" for every Chinese script (a converter bridges them), else the base language."""
    return "zh" if code.startswith("zh") else code.split("-")[0]


def needs_translation(reader_langs: Sequence[str], lang: str) -> bool:
    """True when `lang` is not (entirely) in the reader's languages.

    Code-switched text ("mixed": Chinese with English phrases) needs a reader of both
    languages; someone who reads only one of them gets the Translate link too.
    """
    if not lang or lang == "und":
        return False
    read = {_family(r) for r in reader_langs}
    if lang == "mixed":
        return not {"en", "zh"} <= read
    return _family(lang) not in read


def has_chinese(lang: str) -> bool:
    return lang.startswith("zh") or lang == "mixed"


def wants_reading_aids(reader_langs: Sequence[str], lang: str) -> bool:
    """Pinyin and glosses for Chinese (or code-switched) text, for readers who also read
    something other than Chinese: learners. A reader of Chinese only does not need them."""
    if not has_chinese(lang):
        return False
    return not reader_langs or any(_family(r) != "zh" for r in reader_langs)
