"""Chinese evasion tricks: pinyin initialisms, Traditional characters and homophone pinyin keys.

Initialisms (cnm, nmsl, wqnmlgb ...) are expanded back to the Chinese they abbreviate so that
one lexicon serves both spellings; homophones are matched on toneless pinyin.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    # Unrolled CJK_RANGES: this runs for every character of every Chinese text.
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x2FA1F
    )


# Abbreviations that mean only the abuse they stand for: expanded everywhere.
INITIALISMS_ALWAYS: dict[str, str] = {
    "nmsl": "你妈死了",
    "wqnmlgb": "我去你妈了个逼",
    "nmlgb": "你妈了个逼",
    "mlgb": "妈了个逼",
    "cnm": "操你妈",
    "cnmb": "操你妈逼",
    "wcnm": "我操你妈",
    "nmb": "你妈逼",
    "rnm": "日你妈",
    "qnmd": "去你妈的",
    "tmd": "他妈的",
    "nnd": "奶奶的",
    "sbwl": "傻逼网友",
}

# Abbreviations that are also ordinary Latin words or codes ("sb" = somebody, "nc", "gun"):
# expanded only when the text around them is Chinese.
INITIALISMS_IN_CHINESE: dict[str, str] = {
    "sb": "傻逼",
    "shabi": "傻逼",
    "nc": "脑残",
    "nt": "脑瘫",
    "zz": "智障",
    "gun": "滚",
    "qs": "去死",
    "jb": "鸡巴",
    "tm": "他妈",
    "md": "妈的",
    "bz": "婊子",
}

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PLAIN = "aaaaeeeeiiiioooouuuuvvvvvnnnm"
_DETONE = str.maketrans(_TONED, _PLAIN)


@lru_cache(maxsize=1)
def pinyin_table() -> dict[int, str]:
    """Code point → "syllable " (toneless, with a trailing space) for every Han character.

    pypinyin's character table, first reading: consistent between lexicon entries and texts,
    which matters more for homophone matching than picking the right heteronym.
    """
    from pypinyin.pinyin_dict import pinyin_dict

    table = {}
    for cp, readings in pinyin_dict.items():
        if is_cjk(chr(cp)):
            table[cp] = readings.split(",")[0].translate(_DETONE) + " "
    return table


def syllable(ch: str) -> str | None:
    """Toneless pinyin of one Han character, or None when it has none."""
    syl = pinyin_table().get(ord(ch))
    return syl[:-1] if syl else None


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # official OpenCC wheel; dictionaries ship inside it, no download

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=8192)
def _t2s_char(ch: str) -> str:
    out = str(_t2s().convert(ch))
    return out if len(out) == 1 else ch


def to_simplified_chars(chars: list[str]) -> list[str]:
    """Traditional → Simplified for a list of single characters, keeping the list length.

    Phrase-level conversion is used when it keeps the length (it picks better variants);
    otherwise each character is converted on its own so offsets stay one-to-one.
    """
    joined = "".join(chars)
    if len(joined) != len(chars):
        return [_t2s_char(c) if len(c) == 1 and is_cjk(c) else c for c in chars]
    out = str(_t2s().convert(joined))
    if len(out) == len(chars):
        return list(out)
    return [_t2s_char(c) if is_cjk(c) else c for c in chars]
