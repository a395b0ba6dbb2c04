"""Evasion-resistant text folding for moderation, keeping a map back to the original text.

`normalize` undoes the usual tricks (homoglyphs, zero-width characters, full-width and emoji
letters, leetspeak, spaced-out letters, Traditional characters, pinyin initialisms, symbols
between Chinese characters) and records, for every folded character, where it came from, so
that evidence found in the folded text quotes the author's exact words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from crosstalk.safety.screening.chinese_evasion import (
    INITIALISMS_ALWAYS,
    INITIALISMS_IN_CHINESE,
    is_cjk,
    pinyin_table,
    to_simplified_chars,
)
from crosstalk.safety.screening.confusables import (
    HOMOGLYPHS,
    INVISIBLE,
    LEET,
    MASKABLE,
    emoji_letter,
)

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK_CLASS}]")

# Runs of three or more single characters split by separators: "f u c k", "f.u.c.k", "k-i-l-l".
_SEP = r"[ \t.\-_*·•/\\~+=^'\"]"
_SPACED = re.compile(r"(?<![a-z0-9@$])(?:[a-z0-9@$]" + _SEP + r"{1,3}){2,}[a-z0-9@$](?![a-z0-9@$])")
_SEP_CHAR = re.compile(_SEP)

# Candidate leetspeak tokens (at least one digit or symbol); which characters are
# actually mapped is decided per token.
_LEET_TOKEN = re.compile(r"[a-z0-9@$!|]*[0-9@$!|][a-z0-9@$!|]*")
_DIGIT_SUFFIX = re.compile(
    r"^(?:[a-z]+[0-9]+|[a-z]+[0-9]{2,}[a-z]?s?|[0-9]+(?:st|nd|rd|th|s|am|pm|k|m|g|kg|cm|mm|km|gb|mb|x|d|p|h|min)?)$"
)
_WORD = re.compile(r"(?<![a-z0-9])[a-z]+(?![a-z0-9])")
# A word with letters masked by "*" (f*ck, f**k, b*tch), starting with a letter.
_MASKED = re.compile(r"(?<![a-z0-9*])[a-z][a-z*]*\*[a-z*]*(?![a-z0-9*])")

# Separators that obfuscators put between Chinese characters (傻*逼, 傻 逼, 傻🐶逼). Sentence
# punctuation (，。！？) is deliberately not here: removing it would join separate clauses.
_ZH_SEP = r"[\s.\-_*·•・/\\~+=^'\"#|×★☆♡♥\u2600-\u27bf\U0001f300-\U0001faff]"
_ZH_SPLIT = re.compile(f"(?<=[{_CJK_CLASS}]){_ZH_SEP}{{1,3}}(?=[{_CJK_CLASS}])")

_SQUEEZE = re.compile(r"(.)\1{2,}")
_STRETCHED_LETTER = re.compile(r"([a-z])\1{2,}")

# Per-character folding results for non-ASCII characters: the same few thousand recur.
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    cached = _FOLD_CACHE.get(ch)
    if cached is not None:
        return cached
    cp = ord(ch)
    if cp in INVISIBLE or 0xD800 <= cp <= 0xDFFF:
        # Lone surrogates (possible in str from JSON escapes) carry nothing readable and
        # would break UTF-8 encoding in OpenCC.
        out = ""
    elif (letter := emoji_letter(cp)) is not None:
        out = letter
    elif 0xAC00 <= cp <= 0xD7A3 or is_cjk(ch):
        # Hangul syllables would fall apart into jamo under NFKD; Han needs only NFKC.
        out = unicodedata.normalize("NFKC", ch)
    else:
        # Lower-case first (some capitals lower to letter + combining mark), then decompose
        # and drop combining marks: strips accents and strike-through/zalgo decorations.
        decomposed = unicodedata.normalize("NFKD", ch.lower())
        kept = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        out = "".join(HOMOGLYPHS.get(c, c) for c in unicodedata.normalize("NFKC", kept))
        out = "".join(c for c in out if ord(c) not in INVISIBLE and not unicodedata.combining(c))
    if len(_FOLD_CACHE) < 100_000:
        _FOLD_CACHE[ch] = out
    return out


@dataclass
class NormalizedText:
    """A folded view of `original`; `offsets[i]` is the original index of `text[i]`."""

    original: str
    text: str
    offsets: list[int]
    ends: list[int] = field(repr=False)  # exclusive original end of each folded character

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering folded characters [start, end)."""
        if start >= end or start >= len(self.text):
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], max(self.ends[start:end])

    @cached_property
    def squeezed(self) -> str:
        """`text` with runs of three or more equal characters cut to one (fuuuck → fuck)."""
        return _SQUEEZE.sub(r"\1", self.text)

    @cached_property
    def has_stretched_letters(self) -> bool:
        """Whether some Latin letter repeats three or more times (fuuuck, kiiill)."""
        return _STRETCHED_LETTER.search(self.text) is not None

    @cached_property
    def squeezed_offsets(self) -> list[int]:
        """For each character of `squeezed`, its index in `text` (built only when needed)."""
        keep = list(range(len(self.text)))
        if _SQUEEZE.search(self.text):
            drop: set[int] = set()
            for m in _SQUEEZE.finditer(self.text):
                drop.update(range(m.start() + 1, m.end()))
            keep = [i for i in keep if i not in drop]
        return keep

    @cached_property
    def _pinyin_pieces(self) -> list[tuple[int, str]]:
        # (index in text, "syllable ") per Han character; "| " once after each Han run, a
        # break so that homophone matches never straddle non-Han text.
        if not _HAS_CJK.search(self.text):
            return []
        table = pinyin_table()
        pieces: list[tuple[int, str]] = []
        previous_was_han = False
        for i, ch in enumerate(self.text):
            syl = table.get(ord(ch))
            if syl is None:
                if previous_was_han:
                    pieces.append((i - 1, "| "))
                previous_was_han = False
            else:
                pieces.append((i, syl))
                previous_was_han = True
        return pieces

    @cached_property
    def pinyin(self) -> str:
        """Toneless pinyin of the Han characters in `text`, syllables separated by spaces.

        The same string as joining `_pinyin_pieces`, built by `str.translate` (every Chinese
        text needs it; the per-character offsets only when a homophone matched)."""
        if not _HAS_CJK.search(self.text):
            return ""
        # Each run of other characters becomes one "| " after the Han run before it.
        out = _BREAKS.sub("| ", self.text.translate(_pinyin_map()))
        return out[2:] if out.startswith("| ") else out

    @cached_property
    def pinyin_offsets(self) -> list[int]:
        """For each character of `pinyin`, the index in `text` of the Han character it spells."""
        out: list[int] = []
        for i, piece in self._pinyin_pieces:
            out.extend([i] * len(piece))
        return out


class _PinyinMap(dict[int, str]):
    """For `str.translate`: a Han character → "syllable ", anything else → one break mark."""

    def __missing__(self, key: int) -> str:
        return "\x00"


_BREAKS = re.compile("\x00+")


@lru_cache(maxsize=1)
def _pinyin_map() -> _PinyinMap:
    return _PinyinMap(pinyin_table())


def _rewrite(
    chars: list[str],
    starts: list[int],
    ends: list[int],
    edits: list[tuple[int, int, str]],
) -> tuple[list[str], list[int], list[int]]:
    """Apply non-overlapping (start, end, replacement) edits, sorted by start.

    A replacement of the same length keeps the per-character spans; a different length gives
    every new character the span of the whole replaced range.
    """
    out_c: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    pos = 0
    for a, b, repl in edits:
        out_c.extend(chars[pos:a])
        out_s.extend(starts[pos:a])
        out_e.extend(ends[pos:a])
        if len(repl) == b - a:
            out_c.extend(repl)
            out_s.extend(starts[a:b])
            out_e.extend(ends[a:b])
        elif repl:
            lo, hi = starts[a], max(ends[a:b])
            out_c.extend(repl)
            out_s.extend([lo] * len(repl))
            out_e.extend([hi] * len(repl))
        pos = b
    out_c.extend(chars[pos:])
    out_s.extend(starts[pos:])
    out_e.extend(ends[pos:])
    return out_c, out_s, out_e


def _delete_chars(
    chars: list[str], starts: list[int], ends: list[int], drop: set[int]
) -> tuple[list[str], list[int], list[int]]:
    keep = [i for i in range(len(chars)) if i not in drop]
    return [chars[i] for i in keep], [starts[i] for i in keep], [ends[i] for i in keep]


def _leet_token(token: str) -> str:
    if not any(c.isalpha() for c in token) or _DIGIT_SUFFIX.match(token):
        return token
    if token[0] == "@" and len(token) > 4:
        return token  # an @mention, not "@ss"
    out = []
    n = len(token)
    for i, c in enumerate(token):
        mapped = LEET.get(c)
        if mapped is None:
            out.append(c)
        elif c in "!|":
            # Only inside a word: a trailing "!" is punctuation, not an "i".
            inner = 0 < i < n - 1 and token[i - 1].isalpha() and token[i + 1].isalnum()
            out.append(mapped if inner else c)
        else:
            out.append(mapped)
    return "".join(out)


def _fits(masked: str, word: str) -> bool:
    return all(m == "*" or m == w for m, w in zip(masked, word, strict=True))


def normalize(text: str) -> NormalizedText:
    """Fold `text` for matching; never raises on any Unicode string."""
    if text.isascii():
        chars = list(text.lower())
        starts = list(range(len(text)))
        ends = list(range(1, len(text) + 1))
    else:
        get = _FOLD_CACHE.get
        pieces = [c if (c := get(ch)) is not None else _fold_char(ch) for ch in text]
        joined = "".join(pieces)
        if len(joined) == len(text) and "" not in pieces:
            # Every character folds to exactly one (most text): offsets are the identity.
            chars = pieces
            starts = list(range(len(text)))
            ends = list(range(1, len(text) + 1))
        else:
            chars, starts, ends = [], [], []
            for i, folded in enumerate(pieces):
                for c in folded:
                    chars.append(c)
                    starts.append(i)
                    ends.append(i + 1)
        if _HAS_CJK.search(joined):
            chars = to_simplified_chars(chars)

    s = "".join(chars)

    # Spaced-out letters: drop the separators inside the run.
    if _SEP_CHAR.search(s):
        drop: set[int] = set()
        for m in _SPACED.finditer(s):
            drop.update(m.start() + j for j, c in enumerate(m.group()) if _SEP_CHAR.match(c))
        if drop:
            chars, starts, ends = _delete_chars(chars, starts, ends, drop)
            s = "".join(chars)

    # Leetspeak inside words (same length, spans kept).
    edits = []
    for m in _LEET_TOKEN.finditer(s):
        token = m.group()
        mapped = _leet_token(token)
        if mapped != token:
            edits.append((m.start(), m.end(), mapped))
    if edits:
        chars, starts, ends = _rewrite(chars, starts, ends, edits)
        s = "".join(chars)

    # Masked letters, when exactly one known word fits (same length, same visible letters).
    if "*" in s:
        edits = []
        for m in _MASKED.finditer(s):
            token = m.group()
            fits = [w for w in MASKABLE if len(w) == len(token) and _fits(token, w)]
            if len(fits) == 1:
                edits.append((m.start(), m.end(), fits[0]))
        if edits:
            chars, starts, ends = _rewrite(chars, starts, ends, edits)
            s = "".join(chars)

    has_cjk = bool(_HAS_CJK.search(s))

    # Symbols and spaces between Chinese characters.
    if has_cjk:
        drop = set()
        for m in _ZH_SPLIT.finditer(s):
            drop.update(range(m.start(), m.end()))
        if drop:
            chars, starts, ends = _delete_chars(chars, starts, ends, drop)
            s = "".join(chars)

    # Pinyin initialisms back to the Chinese they abbreviate.
    edits = []
    for m in _WORD.finditer(s):
        word = m.group()
        expansion = INITIALISMS_ALWAYS.get(word)
        if expansion is None and has_cjk:
            expansion = INITIALISMS_IN_CHINESE.get(word)
        if expansion is not None:
            edits.append((m.start(), m.end(), expansion))
    if edits:
        chars, starts, ends = _rewrite(chars, starts, ends, edits)
        s = "".join(chars)

    return NormalizedText(original=text, text=s, offsets=starts, ends=ends)
