"""The languages people read and write, and the UI locales, with their display names."""

from __future__ import annotations

CONTENT_LANGUAGES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "zh_Hans": "英语"},
    "zh-Hans": {"en": "Chinese (Simplified)", "zh_Hans": "简体中文"},
    "zh-Hant": {"en": "Chinese (Traditional)", "zh_Hans": "繁体中文"},
}

UI_LOCALES: dict[str, str] = {"en": "English", "zh_Hans": "中文"}


def is_chinese(lang: str) -> bool:
    return lang.startswith("zh")


def reader_understands(langs_read: list[str], lang: str) -> bool:
    """A reader of one Chinese script reads the other one too (with a converter at most)."""
    if lang in ("und", "mixed") or not lang:
        return True
    return any(lang == r or (is_chinese(lang) and is_chinese(r)) for r in langs_read)
