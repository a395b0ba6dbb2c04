"""Character folding tables for evasion-resistant matching: homoglyphs, emoji letters, leetspeak.

Only what obfuscators actually use is folded; the tables are small on purpose so that ordinary
Cyrillic or Greek prose is still readable in evidence (evidence always quotes the original).
"""

from __future__ import annotations

# Cyrillic and Greek letters that render like Latin ones (after lower-casing).
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "ɑ": "a",
    "ı": "i",
    "ℓ": "l",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    "ϲ": "c",
    "ѵ": "v",
}

# Characters that carry no visible content and are inserted to break up words.
INVISIBLE: frozenset[int] = frozenset(
    [
        *(0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0),
        *range(0x200B, 0x2010),  # zero-width space/joiners, LRM/RLM
        *range(0x202A, 0x202F),  # bidi embeddings
        *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates
        *range(0xFE00, 0xFE10),  # variation selectors
        *range(0xE0000, 0xE0080),  # tag characters
        *range(0xE0100, 0xE01F0),  # variation selectors supplement
        *range(0x1F3FB, 0x1F400),  # skin-tone modifiers
    ]
)


def emoji_letter(cp: int) -> str | None:
    """Latin letter drawn by an emoji-like code point that NFKC leaves alone, else None."""
    if 0x1F1E6 <= cp <= 0x1F1FF:  # regional indicator symbols 🇦..🇿
        return chr(ord("a") + cp - 0x1F1E6)
    if 0x1F150 <= cp <= 0x1F169:  # negative circled capitals 🅐
        return chr(ord("a") + cp - 0x1F150)
    if 0x1F170 <= cp <= 0x1F189:  # negative squared capitals 🅰
        return chr(ord("a") + cp - 0x1F170)
    return None


# Digits and symbols standing in for letters inside words (sh1t, @ss, $lut, f4g).
LEET: dict[str, str] = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
}


# Words people write with letters masked by "*" (f*ck, sh*t, b*tch). A masked token is
# restored only when exactly one of these fits it, letter for letter.
MASKABLE: tuple[str, ...] = (
    "fuck",
    "fucking",
    "fucker",
    "fucked",
    "motherfucker",
    "shit",
    "bitch",
    "bitches",
    "cunt",
    "asshole",
    "dick",
    "pussy",
    "whore",
    "slut",
    "faggot",
    "fag",
    "nigger",
    "bastard",
    "retard",
    "twat",
    "cock",
)
