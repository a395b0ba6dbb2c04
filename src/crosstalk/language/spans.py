"""Protected spans: mask what must survive translation verbatim, restore and repair it after.

Emoji, @mentions, #topics, URLs, e-mail addresses, numbers, inline code and Markdown markup are
replaced by `{{N}}` placeholders before a segment reaches a model and put back afterwards. A
placeholder the model dropped is re-inserted at the position it had in the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What the model may turn `{{3}}` into: single braces, full-width braces, inner spaces.
PLACEHOLDER_RE = re.compile(r"[{｛]{1,2}\s*(\d{1,3})\s*[}｝]{1,2}")

_EMOJI_CHAR = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff"
    "\u3030\u303d\u3297\u3299\u00a9\u00ae\u203c\u2049\u2122\u2139\u24c2\u25aa-\u25fe"
)
_EMOJI_MOD = "\ufe0f\ufe0e\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI = rf"(?:[{_EMOJI_CHAR}][{_EMOJI_MOD}]*(?:\u200d[{_EMOJI_CHAR}][{_EMOJI_MOD}]*)*)+"

# Alternatives are tried in this order at each position, so more specific kinds come first.
_PATTERNS: list[tuple[str, str]] = [
    ("literal", PLACEHOLDER_RE.pattern),
    ("code", r"```[\s\S]*?```|`[^`\n]+`"),
    ("keycap", r"[0-9#*]\ufe0f?\u20e3"),
    ("link_end", r"\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"]*\")?\)"),
    ("link_start", r"!?\[(?=[^\]\n]*\]\()"),
    ("url", r"(?:https?://|www\.)[^\s<>\[\]{}\"'，。！？、；：“”‘’（）《》【】]+"),
    ("email", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    ("mention", r"(?<![A-Za-z0-9_@/.])@[A-Za-z0-9_]{2,30}"),
    ("topic", r"(?<![A-Za-z0-9_&/#])#[\w]{1,40}#?"),
    ("emoji", _EMOJI),
    (
        "number",
        r"(?<![A-Za-z0-9_.])[$¥￥€£]?\d+(?:[.,:/\-]\d+)*(?:%|％|[A-Za-z]{1,3}(?![A-Za-z]))?",
    ),
    ("markup", r"\*\*|__|~~|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"),
]
_SPAN_RE = re.compile("|".join(f"(?P<{kind}>{pat})" for kind, pat in _PATTERNS))
_URL_TRAILING = ".,;:!?)"
# Markdown marks that wrap text keep their own placeholders (they hug the words they wrap).
_PAIRED = {"markup", "link_start", "link_end"}
# Kinds that read as words: when re-inserted into text they get spaces around them.
_WORDLIKE = {"url", "email", "mention", "topic", "literal", "code", "term"}


@dataclass
class Span:
    """One protected piece: `original` was in the source, `replacement` goes into the output."""

    index: int
    kind: str
    original: str
    replacement: str
    start: int = 0  # position of the placeholder in the masked text, for repair
    end: int = 0
    side: str = ""  # "open" / "close" for paired Markdown marks: hug the text they wrap


@dataclass
class Masked:
    """A segment with its spans replaced by placeholders."""

    text: str
    spans: list[Span] = field(default_factory=list)

    def placeholder(self, index: int) -> str:
        return f"{{{{{index}}}}}"

    @property
    def has_content(self) -> bool:
        """False when nothing but placeholders, whitespace and punctuation is left to translate."""
        rest = PLACEHOLDER_RE.sub("", self.text)
        return any(ch.isalpha() for ch in rest)


@dataclass
class Restored:
    text: str
    missing: list[int]
    duplicated: list[int]

    @property
    def repaired(self) -> bool:
        return bool(self.missing or self.duplicated)


def protect(text: str) -> Masked:
    """Replace every protected span in `text`; runs separated only by spaces become one span."""
    pieces: list[tuple[int, int, str]] = []
    for m in _SPAN_RE.finditer(text):
        kind = m.lastgroup or "literal"
        start, end = m.start(), m.end()
        if kind == "url":
            while end > start and text[end - 1] in _URL_TRAILING:
                end -= 1
        if (
            pieces
            and text[pieces[-1][1] : start].strip() == ""
            and kind not in _PAIRED
            and pieces[-1][2] not in _PAIRED
        ):
            # Adjacent spans (e.g. "#a #b 🎉") travel as one placeholder: fewer to lose.
            prev_start, _, prev_kind = pieces[-1]
            pieces[-1] = (prev_start, end, prev_kind if prev_kind == kind else "run")
        else:
            pieces.append((start, end, kind))
    masked = Masked(text="")
    out: list[str] = []
    pos = 0
    length = 0
    open_marks: set[str] = set()
    for start, end, kind in pieces:
        out.append(text[pos:start])
        length += start - pos
        original = text[start:end]
        ph = masked.placeholder(len(masked.spans))
        span = Span(len(masked.spans), kind, original, original, length, length + len(ph))
        if kind in ("markup", "link_start"):
            # Emphasis marks pair up: the first opens, the next identical one closes.
            if kind == "link_start" or original not in open_marks:
                span.side = "open"
                open_marks.add(original)
            else:
                span.side = "close"
                open_marks.discard(original)
        elif kind == "link_end":
            span.side = "close"
        masked.spans.append(span)
        out.append(ph)
        length += len(ph)
        pos = end
    out.append(text[pos:])
    masked.text = "".join(out)
    return masked


def mask_terms(masked: Masked, matches: list[tuple[int, int, str]]) -> Masked:
    """Mask glossary matches `(start, end, replacement)` found in `masked.text`.

    The replacement is what the output must contain (the forced translation, or the term
    itself for do-not-translate entries). Spans are renumbered in text order.
    """
    if not matches:
        return masked
    # Placeholder positions are looked up again: script conversion may have shifted them.
    existing = [
        (m.start(), m.end(), masked.spans[int(m.group(1))])
        for m in re.finditer(r"\{\{(\d+)\}\}", masked.text)
        if int(m.group(1)) < len(masked.spans)
    ]
    new = [
        (start, end, Span(0, "term", masked.text[start:end], repl)) for start, end, repl in matches
    ]
    items = sorted(existing + new, key=lambda item: item[0])
    result = Masked(text="")
    out: list[str] = []
    pos = 0
    length = 0
    for start, end, span in items:
        if start < pos:
            continue  # overlaps something already placed; the earlier one wins
        out.append(masked.text[pos:start])
        length += start - pos
        index = len(result.spans)
        ph = result.placeholder(index)
        result.spans.append(
            Span(
                index,
                span.kind,
                span.original,
                span.replacement,
                length,
                length + len(ph),
                span.side,
            )
        )
        out.append(ph)
        length += len(ph)
        pos = end
    out.append(masked.text[pos:])
    result.text = "".join(out)
    return result


def _insert_position(output: str, fraction: float) -> int:
    """A word or clause boundary near `fraction` of the way through `output`."""
    if not output:
        return 0
    target = round(fraction * len(output))
    best = None
    for i in range(len(output) + 1):
        at_boundary = (
            i == 0
            or i == len(output)
            or output[i - 1].isspace()
            or output[i - 1] in "，。！？、；：,.!?;:"
        )
        if at_boundary and (best is None or abs(i - target) < abs(best - target)):
            best = i
    if best is None or abs(best - target) > max(8, len(output) // 4):
        # No boundary nearby (Chinese without punctuation): any character boundary will do.
        return max(0, min(len(output), target))
    return best


def restore(masked: Masked, output: str) -> Restored:
    """Put spans back into a model output; re-insert dropped ones, drop duplicated ones."""
    n = len(masked.spans)
    seen: set[int] = set()
    duplicated: list[int] = []

    def _sub(m: re.Match[str]) -> str:
        index = int(m.group(1))
        if index >= n:
            return ""  # an invented placeholder carries nothing
        if index in seen:
            duplicated.append(index)
            return ""
        seen.add(index)
        return f"\x00{index}\x00"  # sentinel: replacements are filled in last, unscanned

    text = PLACEHOLDER_RE.sub(_sub, output)
    missing = [i for i in range(n) if i not in seen]
    src_len = max(1, len(masked.text))
    for index in missing:
        span = masked.spans[index]
        ph = masked.placeholder(index)
        start = max(0, masked.text.find(ph))
        before = masked.text[:start]
        after = masked.text[start + len(ph) :]
        if not PLACEHOLDER_RE.sub("", before).strip():
            pos = 0
        elif not PLACEHOLDER_RE.sub("", after).strip(" \t.。!！?？"):
            pos = len(text.rstrip())
            # Keep a trailing sentence mark after an emoji the model dropped at the end.
            if after.strip() == "":
                pos = len(text)
        else:
            pos = _insert_position(text, start / src_len)
        token = f"\x00{index}\x00"
        if span.kind in _WORDLIKE or _is_latin(text):
            token = f" {token} "
        text = text[:pos] + token + text[pos:]
    text = _tidy_spacing(masked, text)
    final = re.sub("\x00(\\d+)\x00", lambda m: masked.spans[int(m.group(1))].replacement, text)
    if missing:
        final = re.sub(r"[ \t]{2,}", " ", final).strip(" ")
    return Restored(final, missing, sorted(set(duplicated)))


def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) > len(letters) / 2


def preserved(original_spans: list[Span], text: str) -> bool:
    """True when every span's replacement occurs in `text` at least as often as it should."""
    counts: dict[str, int] = {}
    for span in original_spans:
        counts[span.replacement] = counts.get(span.replacement, 0) + 1
    return all(text.count(repl) >= k for repl, k in counts.items())


_CJK_OR_MARK = "\u3400-\u9fff\uf900-\ufaff，。！？：；、（）“”《》"


def _tidy_spacing(masked: Masked, text: str) -> str:
    """Drop spaces a model puts inside emphasis marks or around a Chinese glossary term."""
    for span in masked.spans:
        token = f"\x00{span.index}\x00"
        if span.side == "open":
            text = re.sub(re.escape(token) + r"[ \t]+", token, text)
        elif span.side == "close":
            text = re.sub(r"[ \t]+" + re.escape(token), token, text)
        elif span.kind == "term" and re.search(f"[{_CJK_OR_MARK}]", span.replacement):
            text = re.sub(f"(?<=[{_CJK_OR_MARK}])[ \t]+(?={re.escape(token)})", "", text)
            text = re.sub(f"(?<={re.escape(token)})[ \t]+(?=[{_CJK_OR_MARK}])", "", text)
    return text
