"""Stage-1 scores: calibrated per-category scores from classifiers and lexicons, with evidence.

This is the contract the policy layer consumes: every text gets a score in [0, 1] for each of
the 14 categories (the maximum of classifier and lexicon evidence), the evidence with offsets
into the original text, whether a trained model covers each category for the text's language,
and whether stage 1 is confident or the text should go to the stage-2 judge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crosstalk.safety.screening.classifiers.lexicon import (
    Match,
    english_prefilter,
    load_context,
    load_lexicons,
)
from crosstalk.safety.screening.classifiers.linear import LinearModel, model_text
from crosstalk.safety.screening.normalize import NormalizedText, normalize

CATEGORIES: tuple[str, ...] = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "illicit",
    "illicit/violent",
    "spam",
)
FLAG_THRESHOLD = 0.5
# Scores in [UNCERTAIN_LOW, UNCERTAIN_HIGH) are not trusted either way: stage-2 candidates.
UNCERTAIN_LOW = 0.35
UNCERTAIN_HIGH = 0.75
# Where context says "this is about abuse, not abuse" (counter-speech, negation, reported
# speech) hate/harassment evidence is lowered to here: inside the uncertain band, so a judge
# or a person decides instead of stage 1 flagging or clearing it.
CONTEXT_CAP = 0.45
# English profanity with nobody addressed or named is not harassment ("this fucking cake").
UNTARGETED_CAP = 0.3
_CONTEXT_CATEGORIES = frozenset(
    {"harassment", "harassment/threatening", "hate", "hate/threatening", "violence"}
)

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_FOLDED = re.compile("[a-z]")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MODEL_LANGS = ("en", "zh")


@dataclass(frozen=True)
class Evidence:
    category: str
    start: int  # offsets into the ORIGINAL text
    end: int
    text: str
    source: str  # "lexicon:<name>" | "regex" | "classifier"


@dataclass(frozen=True)
class ScoredText:
    text: str
    lang: str  # "en" | "zh" | "mixed" | "und": which models scored it
    scores: dict[str, float]
    evidence: tuple[Evidence, ...]
    stage1_confident: bool
    covered: dict[str, bool]


@lru_cache(maxsize=2)
def _models(folder: Path = ARTIFACTS) -> dict[str, LinearModel]:
    out = {}
    for lang in MODEL_LANGS:
        if (folder / f"{lang}.npz").exists():
            out[lang] = LinearModel.load(folder, lang)
    return out


def detect_script_lang(text: str) -> str:
    """ "en", "zh", "mixed" or "und" from the share of Han characters among letters."""
    han = len(_HAN.findall(text))
    # Every other letter (accented Latin, homoglyphs) is scored with the English model.
    latin = len(_LETTER.findall(text)) - han
    if han == 0 and latin == 0:
        return "und"
    # One Han character counts like a short word's worth of Latin letters.
    share = han * 3 / (han * 3 + latin)
    if share >= 0.7:
        return "zh"
    if share <= 0.15:
        return "en"
    return "mixed"


def _model_langs(lang: str) -> tuple[str, ...]:
    if lang in ("en", "zh"):
        return (lang,)
    if lang == "mixed":
        return ("en", "zh")
    return ()


def _base_lang(lang: str | None) -> str | None:
    if lang is None:
        return None
    low = lang.lower()
    if low.startswith("zh"):
        return "zh"
    if low.startswith("en"):
        return "en"
    if low in ("mixed", "und"):
        return low
    return "und"


def score_texts(
    texts: Sequence[str], langs: Sequence[str | None] | None = None
) -> list[ScoredText]:
    """Score a batch; `langs` (BCP-47 or en/zh/mixed/und) are detected by script when None."""
    texts = list(texts)
    if langs is not None and len(langs) != len(texts):
        raise ValueError("langs must be as long as texts")
    folded = [normalize(t) for t in texts]
    chosen = [
        _base_lang(langs[i]) if langs is not None and langs[i] else None for i in range(len(texts))
    ]
    resolved = [c or detect_script_lang(t) for c, t in zip(chosen, texts, strict=True)]
    models = _models()

    # Classifier probabilities, one sparse batch per model language.
    probs: list[dict[str, float]] = [{} for _ in texts]
    covered: list[dict[str, bool]] = [dict.fromkeys(CATEGORIES, False) for _ in texts]
    for model_lang, model in models.items():
        idx = [i for i, lang in enumerate(resolved) if model_lang in _model_langs(lang)]
        if not idx:
            continue
        matrix = model.predict([model_text(folded[i].squeezed) for i in idx])
        # Rounded here, once per modelled score: every other score is already a 4-decimal
        # value in [0, 1] (lexicon scores, caps), so `_combine` needs no rounding pass.
        for row, i in zip(matrix.tolist(), idx, strict=True):
            for category, p in zip(model.categories, row, strict=True):
                probs[i][category] = max(probs[i].get(category, 0.0), round(p, 4))
                covered[i][category] = True

    lexicons = load_lexicons()
    return [
        _combine(texts[i], resolved[i], folded[i], probs[i], covered[i], lexicons)
        for i in range(len(texts))
    ]


def score_text(text: str, lang: str | None = None) -> ScoredText:
    return score_texts([text], [lang] if lang else None)[0]


def _combine(
    text: str,
    lang: str,
    nt: NormalizedText,
    probs: dict[str, float],
    covered: dict[str, bool],
    lexicons: Sequence,
) -> ScoredText:
    folded = nt.text
    has_latin = _LATIN_FOLDED.search(folded) is not None
    has_han = not folded.isascii() and _HAN.search(folded) is not None
    english_hit = False
    if has_latin:
        prefilter = english_prefilter()
        english_hit = prefilter is not None and (
            prefilter.search(folded) is not None
            or (nt.has_stretched_letters and prefilter.search(nt.squeezed) is not None)
        )
    matches: list[Match] = []
    for lex in lexicons:
        if lex.lang == "en":
            if english_hit:
                matches.extend(lex.find(nt))
        elif has_han:
            matches.extend(lex.find(nt))
        elif has_latin and lex.latin_pinyin_regex is not None:
            matches.extend(lex.find(nt, latin_only=True))

    cues = load_context()
    cue_langs = [lg for lg, ok in (("en", has_latin), ("zh", has_han)) if ok]
    # The context cues only matter for a score above the cap they would apply, and most texts
    # have none: look for them once, and only then.
    cue_cache: dict[str, bool] = {}

    def countered() -> bool:
        if "countered" not in cue_cache:
            cue_cache["countered"] = any(
                cues.counter[lg].search(folded) for lg in cue_langs if lg in cues.counter
            )
        return cue_cache["countered"]

    def untargeted() -> bool:
        if "untargeted" not in cue_cache:
            cue_cache["untargeted"] = (
                has_latin
                and not has_han
                and "en" in cues.target
                and not cues.target["en"].search(folded)
            )
        return cue_cache["untargeted"]

    scores = dict.fromkeys(CATEGORIES, 0.0)
    evidence: dict[tuple[str, int, int, str], Evidence] = {}
    for category, p in probs.items():
        if p > CONTEXT_CAP and category in _CONTEXT_CATEGORIES and countered():
            p = CONTEXT_CAP
        if p > UNTARGETED_CAP and category == "harassment" and untargeted():
            p = UNTARGETED_CAP
        scores[category] = max(scores[category], p)
        if p >= FLAG_THRESHOLD:
            key = (category, 0, len(text), "classifier")
            evidence[key] = Evidence(category, 0, len(text), text, "classifier")
    for m in matches:
        for category, s in m.categories:
            if (
                s > CONTEXT_CAP
                and m.context == "abuse"
                and category in _CONTEXT_CATEGORIES
                and countered()
            ):
                s = CONTEXT_CAP
            scores[category] = max(scores[category], s)
            source = f"lexicon:{m.lexicon}"
            key = (category, m.start, m.end, source)
            evidence[key] = Evidence(category, m.start, m.end, text[m.start : m.end], source)

    rounded = scores  # already 4-decimal values in [0, 1] (see score_texts, Lexicon)
    confident = all(not (UNCERTAIN_LOW <= v < UNCERTAIN_HIGH) for v in rounded.values())
    ordered = tuple(sorted(evidence.values(), key=lambda e: (e.start, e.end, e.category)))
    return ScoredText(
        text=text,
        lang=lang,
        scores=rounded,
        evidence=ordered,
        stage1_confident=confident,
        covered=covered,
    )


def flagged(scored: ScoredText, threshold: float = FLAG_THRESHOLD) -> bool:
    """Whether any category reaches `threshold`."""
    return any(v >= threshold for v in scored.scores.values())
