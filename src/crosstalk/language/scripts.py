"""Chinese scripts and punctuation: OpenCC conversion (t2s in, s2twp out) and punctuation width.

The engine translates Simplified Chinese only; Traditional input is converted before and
Traditional output (Taiwan phrasing, s2twp) is produced after, always outside protected spans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    import opencc  # the official OpenCC wheel: dictionaries ship inside, works offline

    return opencc.OpenCC(f"{config}.json")


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text)) if _CJK_RE.search(text) else text


def to_traditional(text: str) -> str:
    """Simplified → Traditional with Taiwan vocabulary and phrasing (OpenCC s2twp)."""
    return str(_converter("s2twp").convert(text)) if _CJK_RE.search(text) else text


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


# A character after which Chinese punctuation belongs: a CJK character, closing full-width
# punctuation, or the end of a placeholder (emoji, mentions and numbers sit in those).
_ZH_BEFORE = f"[{_CJK}}}”’）》】」』]"
_HALF_TO_FULL = {",": "，", "!": "！", "?": "？", ";": "；", ":": "：", ".": "。"}


def chinese_punctuation(text: str) -> str:
    """ASCII punctuation following Chinese text becomes full-width; stray spaces go."""
    text = re.sub(
        rf"({_ZH_BEFORE})\s*([,!?;:])(?!\d)",
        lambda m: m.group(1) + _HALF_TO_FULL[m.group(2)],
        text,
    )
    # A full stop only where it ends a clause, so "3.5" style text outside spans is untouched.
    text = re.sub(rf"({_ZH_BEFORE})\s*\.(?=\s|$|[{_CJK}{{])", lambda m: m.group(1) + "。", text)
    text = re.sub(rf"\(\s*(?=[{_CJK}])", "（", text)
    text = re.sub(rf"(?<=[{_CJK}])\s*\)", "）", text)
    text = re.sub(rf'"([^"\n]*[{_CJK}][^"\n]*)"', r"“\1”", text)
    # Spaces the model puts around full-width marks carry nothing in Chinese.
    text = re.sub(r"\s*([，。！？；：、）”》】])\s*", r"\1", text)
    text = re.sub(r"\s*([（“《【])", r"\1", text)
    text = re.sub(rf"(?<=[{_CJK}]) +(?=[{_CJK}])", "", text)
    return text.strip()


_FULL_TO_HALF = {
    "，": ", ",
    "、": ", ",
    "。": ". ",
    "！": "! ",
    "？": "? ",
    "；": "; ",
    "：": ": ",
    "（": " (",
    "）": ") ",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "《": '"',
    "》": '"',
    "【": "[",
    "】": "]",
    "「": '"',
    "」": '"',
    "～": "~",
    "…": "...",
    "　": " ",
}
_FULL_RE = re.compile("|".join(map(re.escape, _FULL_TO_HALF)))


def english_punctuation(text: str) -> str:
    """Full-width punctuation in English output becomes ASCII with normal spacing."""
    text = _FULL_RE.sub(lambda m: _FULL_TO_HALF[m.group(0)], text)
    text = re.sub(r"[ \t]+([,.!?;:)\]])", r"\1", text)
    text = re.sub(r"([(\[])[ \t]+", r"\1", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip()
