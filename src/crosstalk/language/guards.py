"""Output guards: is a model output a translation of the input, in the right language?

A small model asked to translate a question may answer it, refuse, add notes or obey an
instruction inside the text. These checks catch that so the service can retry once with the
strict prompt and otherwise fail honestly instead of showing readers something made up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosstalk.language.spans import PLACEHOLDER_RE
from crosstalk.language.translator import EngineLang

_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")

# Labels a model puts before its answer; they are removed, not treated as failures.
_PREFIX = re.compile(
    r"^\s*(?:(?:simplified\s+)?(?:chinese|english|translation|translated text|output)"
    r"|简体中文|中文|英文|翻译|译文)\s*[:：]\s*",
    re.IGNORECASE,
)
_NOTE_LINE = re.compile(
    r"^\s*[(（]?\s*(?:note|notes|explanation|translation note|注|注意|注释|说明|解释)\s*[:：)）]",
    re.IGNORECASE,
)

# (pattern in the output, pattern in the source that would make it a faithful translation).
_REFUSALS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(r"\b(?:I'?m sorry|I am sorry|sorry, but|apologi[sz]e)\b", re.I),
        re.compile(r"抱歉|对不起|不好意思|sorry|apolog", re.I),
    ),
    (
        re.compile(r"\b(?:I cannot|I can'?t|I can not|I'?m unable|I am unable|I won'?t)\b", re.I),
        re.compile(r"不能|无法|没法|不会|办不到|做不到|不可以|can'?t|cannot|unable|won'?t", re.I),
    ),
    (
        re.compile(r"\b(?:as an AI|language model|AI assistant)\b", re.I),
        re.compile(r"AI|人工智能|模型|助手", re.I),
    ),
    (
        re.compile(r"\bhere(?:'s| is) (?:the|a|your) (?:translation|poem|story|answer)\b", re.I),
        re.compile(r"这是|这里是|here", re.I),
    ),
    (re.compile(r"抱歉|对不起"), re.compile(r"sorry|apolog|抱歉|对不起", re.I)),
    (re.compile(r"我无法|我不能|我没法"), re.compile(r"\bI\b|我", re.I)),
    (
        re.compile(r"作为一个?(?:AI|人工智能|语言模型)"),
        re.compile(r"AI|artificial|model|作为", re.I),
    ),
    (
        re.compile(r"以下是|翻译如下|当然可以"),
        re.compile(r"following|below|here|of course|以下|当然", re.I),
    ),
]
_QUESTION_EN = re.compile(r"\?\s*$")
# 呢/嘛 also end statements ("我好想你呢"), so only 吗 counts as a question without a mark.
_QUESTION_ZH = re.compile(r"(?:[？?]|吗\s*[。.!！]?)\s*$")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problem: str = ""  # empty | refusal | wrong_language | answer | length_ratio | extra_lines


def _units(text: str, lang: EngineLang) -> int:
    if lang == "en":
        return len(_WORD.findall(text))
    return len(_CJK_CHAR.findall(text))


def clean_output(raw: str, source_text: str) -> str:
    """Strip labels, wrapping quotes and trailing notes the model adds around a translation."""
    text = raw.strip()
    text = _PREFIX.sub("", text, count=1)
    kept: list[str] = []
    for line in text.splitlines():
        if _NOTE_LINE.match(line):
            break
        kept.append(line)
    text = "\n".join(kept).strip()
    if "\n" not in source_text.strip():
        # A one-line source gives a one-line translation; blank-line tails are commentary.
        text = text.split("\n\n", 1)[0].strip()
    for left, right in ('""', "“”", "「」", "''"):
        if (
            len(text) >= 2
            and text[0] == left
            and text[-1] == right
            and not source_text.strip().startswith(left)
        ):
            text = text[1:-1].strip()
    return text


def _is_question(text: str, lang: EngineLang) -> bool:
    plain = PLACEHOLDER_RE.sub("", text).strip()
    return bool((_QUESTION_EN if lang == "en" else _QUESTION_ZH).search(plain))


def _language_ok(output: str, target: EngineLang, source_text: str) -> bool:
    from crosstalk.language.detect import detect  # the shared detector (owned by detect.py)

    plain = PLACEHOLDER_RE.sub(" ", output).strip()
    if not any(ch.isalpha() for ch in plain):
        return True
    cjk = len(_CJK_CHAR.findall(plain))
    letters = sum(ch.isalpha() for ch in plain)
    if target == "en":
        # A reader of English cannot read Chinese left in the output; a stray name is tolerated.
        return cjk / letters <= 0.1
    lang = detect(plain).lang
    if lang in ("zh-Hans", "zh-Hant"):
        return True
    if lang == "mixed":
        return cjk / letters >= 0.3
    # Short brand names or code-like text may legitimately stay as they are.
    src_plain = PLACEHOLDER_RE.sub(" ", source_text).strip()
    return plain.casefold() == src_plain.casefold() and len(_WORD.findall(plain)) <= 4


def check(source_text: str, output: str, source: EngineLang, target: EngineLang) -> Verdict:
    """Judge a cleaned model output against the (masked) source segment."""
    if not output.strip():
        return Verdict(False, "empty")
    for out_pat, src_pat in _REFUSALS:
        if out_pat.search(output) and not src_pat.search(source_text):
            return Verdict(False, "refusal")
    if not _language_ok(output, target, source_text):
        return Verdict(False, "wrong_language")
    if output.count("\n") > source_text.count("\n"):
        return Verdict(False, "extra_lines")
    if _is_question(source_text, source) and not _is_question(output, target):
        return Verdict(False, "answer")
    n_in = _units(PLACEHOLDER_RE.sub(" ", source_text), source)
    n_out = _units(PLACEHOLDER_RE.sub(" ", output), target)
    if n_in >= 4:
        ratio = n_out / n_in
        # Chinese characters per English word ≈ 1.6; generous bounds catch essays and stubs.
        low, high = (0.6, 5.0) if target == "zh-Hans" else (0.15, 2.5)
        if not low <= ratio <= high:
            return Verdict(False, "length_ratio")
    return Verdict(True)
