"""Reading aids for Chinese text: word segmentation (jieba), tone-marked pinyin (pypinyin) and
English glosses (CC-CEDICT), as tokens whose offsets cover the original text exactly.

Traditional text is segmented and read through its Simplified form (jieba's and pypinyin's
phrase dictionaries are Simplified) and mapped back to the original characters.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosstalk.language.cedict import Cedict, Entry
from crosstalk.language.cedict import load as load_cedict

CEDICT_SOURCE_URL = "https://www.mdbg.net/chinese/dictionary?page=cc-cedict"
CEDICT_LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"

CEDICT_ATTRIBUTION: dict[str, str] = {
    "en": (
        "English glosses come from CC-CEDICT, the community-maintained Chinese–English "
        "dictionary published by MDBG (" + CEDICT_SOURCE_URL + "), used under the Creative "
        "Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0, "
        + CEDICT_LICENSE_URL
        + "). CC-CEDICT is based on CEDICT by Paul Andrew Denisowski."
    ),
    "zh-Hans": (
        "英文释义来自 CC-CEDICT——由 MDBG 发布、社区维护的汉英词典（"
        + CEDICT_SOURCE_URL
        + "），依照知识共享署名-相同方式共享 4.0 国际许可协议（CC BY-SA 4.0，"
        + CEDICT_LICENSE_URL
        + "）使用。CC-CEDICT 基于 Paul Andrew Denisowski 编写的 CEDICT。"
    ),
}

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# Senses that send the reader elsewhere instead of saying what the word means.
_UNHELPFUL_SENSE_RE = re.compile(
    r"^(?:(?:old |archaic |unofficial |erhua )?variant of |see |CL:|also written |"
    r"(?:also|Taiwan) pr\. )"
)
_XREF_RE = re.compile(r"([^\s\[|/]+)(?:\|([^\s\[/]+))?\[[^\]]*\]")
_VOWEL_START = set("aoeāáǎàōóǒòēéěè")
_MAX_WORD = 8


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offsets into the annotated text: text[start:end] == token.text
    end: int
    is_chinese: bool
    pinyin: str | None  # tone marks, syllables joined ("jīntiān", "xī'ān"); None if not Chinese
    glosses: tuple[str, ...]  # CC-CEDICT English senses, most likely reading first


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    # jieba announces its dictionary load on the root of its own logger at DEBUG/INFO.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _to_simplified(text: str) -> str:
    from crosstalk.language.scripts import to_simplified

    converted = to_simplified(text)
    # Phrase conversions may change the length; then offsets could not be mapped back.
    return converted if len(converted) == len(text) else text


def _syllables(word: str) -> list[str]:
    """Tone-marked pinyin, one syllable per Han character (a non-Han run stays one item)."""
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(word, style=Style.TONE))


def _join(syllables: list[str]) -> str:
    joined = syllables[0] if syllables else ""
    for syllable in syllables[1:]:
        # An apostrophe keeps "xī'ān" (西安) from reading as "xiān" (先).
        joined += ("'" if syllable[:1] in _VOWEL_START else "") + syllable
    return joined


def _numbered(word: str) -> list[str]:
    """One numbered syllable per character ("jin1"), to match CC-CEDICT readings."""
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True))


def _normalise_numbered(pinyin: str) -> str:
    return pinyin.lower().replace("u:", "v").replace("ü", "v")


def _rank(entries: tuple[Entry, ...], numbered: list[str]) -> list[Entry]:
    reading = _normalise_numbered(" ".join(numbered))

    def key(entry: Entry) -> tuple[int, int]:
        # The reading pypinyin chose from context first, common words before proper nouns.
        return (0 if _normalise_numbered(entry.pinyin) == reading else 1, int(entry.is_proper_noun))

    return sorted(entries, key=key)  # stable: dictionary order breaks ties


def _useful(senses: tuple[str, ...]) -> list[str]:
    return [s for s in senses if not _UNHELPFUL_SENSE_RE.match(s)]


def _clean(sense: str, traditional: bool) -> str:
    """CC-CEDICT cross references "陝西省|陕西省[Shan3 xi1 Sheng3]" → the reader's script."""
    return _XREF_RE.sub(
        lambda m: m.group(1) if traditional or not m.group(2) else m.group(2), sense
    )


def _glosses(
    cedict: Cedict, word: str, numbered: list[str], limit: int, traditional: bool
) -> tuple[tuple[str, ...], bool]:
    """Glosses for the reading pypinyin chose, and whether that reading is a proper noun."""
    ranked = _rank(cedict.lookup(word), numbered)
    glosses: list[str] = []
    for entry in ranked:
        for sense in _useful(entry.senses):
            sense = _clean(sense, traditional)
            if sense not in glosses:
                glosses.append(sense)
    return tuple(glosses[:limit]), bool(ranked) and ranked[0].is_proper_noun


def _known_pieces(cedict: Cedict, word: str) -> list[tuple[int, int]]:
    """Split a word CC-CEDICT lacks (jieba joins 今天天气) into the longest words it has."""
    pieces, i = [], 0
    while i < len(word):
        end = next(
            (j for j in range(min(len(word), i + _MAX_WORD), i + 1, -1) if word[i:j] in cedict),
            i + 1,
        )
        pieces.append((i, end))
        i = end
    return pieces


def preload() -> None:
    """Load jieba, CC-CEDICT and pypinyin now (about 1.5 s) instead of on the first page."""
    _jieba()
    load_cedict()
    _numbered("预热")


def annotate(text: str, max_glosses: int = 3) -> list[Token]:
    """Split text into words; Chinese words get pinyin and up to max_glosses English glosses."""
    if not text:
        return []
    cedict = load_cedict()
    simplified = _to_simplified(text)
    traditional = simplified != text
    tokens: list[Token] = []
    for _, start, end in _jieba().tokenize(simplified):
        original = text[start:end]
        if not _HAN_RE.search(original):
            tokens.append(Token(original, start, end, False, None, ()))
            continue
        word = simplified[start:end]
        # Pinyin of the whole jieba word: pypinyin picks polyphone readings from context.
        numbered, marked_all = _numbered(word), _syllables(word)
        pieces = [(0, len(word))]
        if (
            word not in cedict
            and original not in cedict
            and len(numbered) == len(marked_all) == len(word)
        ):
            pieces = _known_pieces(cedict, word)
        for a, b in pieces:
            piece, piece_original = word[a:b], original[a:b]
            glosses, proper = _glosses(cedict, piece, numbered[a:b], max_glosses, traditional)
            if not glosses and piece != piece_original:
                glosses, proper = _glosses(
                    cedict, piece_original, numbered[a:b], max_glosses, traditional
                )
            marked = _join(marked_all[a:b] if len(pieces) > 1 else marked_all)
            if proper:
                marked = marked[:1].upper() + marked[1:]
            tokens.append(Token(piece_original, start + a, start + b, True, marked, glosses))
    return tokens
