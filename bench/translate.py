"""Translation benchmark: chrF, BLEU and speed of the default setup and its alternatives.

Prints JSON; every alternative is measured in the same run as the baseline.

The baseline is the shipped configuration: the default model (Settings.translation_model)
with its shipped settings. Alternatives, each labelled in the JSON:

- every other model in the registry (language/model_store.py) that is installed, or whose
  PyPI part packages are installed (then it is assembled and checksummed first, exactly as
  `crosstalk models install --no-pip` does; nothing is downloaded);
- alternative settings of the default model, always measured, so a run never lacks a
  comparison: `no-cjk-mask` (CJK-logit masking off for English output) and `no-few-shot`
  (the instruction alone, without the few-shot example turns).

Each variant runs in its own process (for an honest peak RSS) through the full service path
(spans, glossary, guards, cache) on a fixed FLORES-200 dev sample (bench/data,
CC BY-SA 4.0), `--n` sentences per direction (40 at most; 8 keeps a run to a few minutes).

    .venv/bin/python bench/translate.py [--n 8] [--models a,b] [--settings no-cjk-mask]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"

# Alternative settings of the default model: what changes, and why it is worth measuring.
SETTINGS: dict[str, str] = {
    "no-cjk-mask": (
        "CJK-logit masking off: Chinese tokens may be generated in English output "
        "(the shipped default masks them)"
    ),
    "no-few-shot": (
        "no few-shot examples: only the instruction wraps the text (the shipped default "
        "adds two example turns per direction)"
    ),
}


def _load_pairs(n: int) -> tuple[list[str], list[str]]:
    en = (DATA / "flores-dev-sample.en").read_text(encoding="utf-8").splitlines()[:n]
    zh = (DATA / "flores-dev-sample.zh").read_text(encoding="utf-8").splitlines()[:n]
    return en, zh


def _translate_all(session: Any, texts: list[str], target: str, source: str) -> list[str]:
    from crosstalk.language import service
    from crosstalk.language.errors import TranslationUnavailable

    try:
        return [r.text for r in service.translate_many(session, texts, target, source)]
    except TranslationUnavailable:
        # Guards rejected some sentence: keep the rest (now cached); a failure scores as "".
        out = []
        for text in texts:
            try:
                out.append(service.translate_text(session, text, target, source).text)
            except TranslationUnavailable:
                out.append("")
        return out


def _apply_setting(setting: str | None) -> None:
    """Install the translator for `setting` (None: the configured production one)."""
    from crosstalk.config import get_settings
    from crosstalk.language import prompts, service
    from crosstalk.language.backends.llama_local import LlamaLocalTranslator
    from crosstalk.language.model_store import require_model

    if setting is None:
        return
    settings = get_settings()
    mask = setting != "no-cjk-mask"
    if setting == "no-few-shot":
        # The bench process is throwaway, so the module's example tables can be emptied.
        for table in (prompts._EXAMPLES, prompts._STRICT_EXAMPLES):
            for pair in table:
                table[pair] = []
    service.set_translator(
        LlamaLocalTranslator(
            settings.translation_model,
            require_model(settings.translation_model),
            n_threads=settings.translation_threads,
            n_ctx=settings.translation_n_ctx,
            timeout_s=settings.translation_timeout_s,
            mask_cjk_for_english=mask,
        )
    )


def _run_variant(variant: dict[str, Any], n: int, threads: int, queue: Any) -> None:
    try:
        queue.put(_measure(variant, n, threads))
    except Exception as exc:  # the parent must hear about it, or it would wait forever
        queue.put({"model": variant["model"], "setting": variant["setting"], "error": repr(exc)})


def _measure(variant: dict[str, Any], n: int, threads: int) -> dict[str, Any]:
    os.environ["CROSSTALK_TRANSLATION_MODEL"] = variant["model"]
    os.environ["CROSSTALK_TRANSLATION_THREADS"] = str(threads)
    tmp = tempfile.mkdtemp(prefix="bench-translate-")
    os.environ["CROSSTALK_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    import sacrebleu
    from sqlalchemy.orm import Session

    from crosstalk.config import reset_settings_cache
    from crosstalk.db.base import Base
    from crosstalk.db.session import get_engine
    from crosstalk.language import glossary, service

    reset_settings_cache()
    engine = get_engine()
    Base.metadata.create_all(engine)
    en, zh = _load_pairs(n)
    result: dict[str, Any] = {
        "model": variant["model"],
        "setting": variant["setting"] or "shipped",
        "description": variant["description"],
    }
    with Session(engine) as session:
        glossary.ensure_seeded(session)
        session.commit()
        t0 = time.perf_counter()
        _apply_setting(variant["setting"])
        translator = service.get_translator()
        llm = translator._load()  # type: ignore[attr-defined]
        result["load_s"] = round(time.perf_counter() - t0, 2)
        tokens = sum(len(llm.tokenize(t.encode("utf-8"), add_bos=False)) for t in en + zh)
        result["source_tokens"] = tokens

        passes = {}
        for label in ("cold", "cached"):
            t1 = time.perf_counter()
            hyp_zh = _translate_all(session, en, "zh", "en")
            hyp_en = _translate_all(session, zh, "en", "zh-Hans")
            session.commit()
            seconds = time.perf_counter() - t1
            passes[label] = (hyp_zh, hyp_en)
            result[label] = {
                "seconds": round(seconds, 2),
                "sentences_per_s": round(2 * n / seconds, 3),
                "source_tokens_per_s": round(tokens / seconds, 1),
            }
        hyp_zh, hyp_en = passes["cold"]
        result["en-zh"] = {
            "chrf": round(sacrebleu.corpus_chrf(hyp_zh, [zh]).score, 2),
            "bleu": round(sacrebleu.corpus_bleu(hyp_zh, [zh], tokenize="zh").score, 2),
            "failures": sum(1 for h in hyp_zh if not h),
        }
        result["zh-en"] = {
            "chrf": round(sacrebleu.corpus_chrf(hyp_en, [en]).score, 2),
            "bleu": round(sacrebleu.corpus_bleu(hyp_en, [en]).score, 2),
            "failures": sum(1 for h in hyp_en if not h),
        }
        result["cache_consistent"] = passes["cached"] == passes["cold"]
        result["examples"] = {"en-zh": [en[0], hyp_zh[0]], "zh-en": [zh[0], hyp_en[0]]}
    service.set_translator(None)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _prepare_model(name: str) -> str | None:
    """None when `name` can run; else why not. Assembles from installed parts, never pip."""
    from crosstalk.language import model_store
    from crosstalk.language.errors import TranslationUnavailable

    if model_store.installed(name):
        return None
    if model_store.part_paths(model_store.get_spec(name)) is None:
        packages = " ".join(model_store.get_spec(name).packages())
        return f"not installed and its part packages are missing (pip install {packages})"
    try:
        model_store.install(name, allow_pip=False)
    except TranslationUnavailable as exc:
        return exc.message_en
    return None


def _delta(result: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for direction in ("en-zh", "zh-en"):
        out[direction] = {
            metric: round(result[direction][metric] - base[direction][metric], 2)
            for metric in ("chrf", "bleu")
        }
    out["cold_speed_ratio"] = round(
        result["cold"]["sentences_per_s"] / base["cold"]["sentences_per_s"], 3
    )
    out["peak_rss_mb"] = round(result["peak_rss_mb"] - base["peak_rss_mb"], 1)
    return out


def main() -> int:
    from crosstalk.config import get_settings
    from crosstalk.language.model_store import MODELS

    default = get_settings().translation_model
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="sentences per direction (max 40)")
    parser.add_argument(
        "--models",
        default=",".join(m for m in MODELS if m != default),
        help="alternative models, comma-separated (default: every other registered model)",
    )
    parser.add_argument(
        "--settings",
        default=",".join(SETTINGS),
        help=f"alternative settings of the default model, comma-separated: {', '.join(SETTINGS)}",
    )
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    n = max(1, min(args.n, 40))
    settings = [s for s in args.settings.split(",") if s]
    unknown = [s for s in settings if s not in SETTINGS]
    if unknown:
        parser.error(f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(SETTINGS)}")

    variants: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    for name in [m for m in args.models.split(",") if m and m != default]:
        if name not in MODELS:
            parser.error(f"unknown model {name}; known: {', '.join(MODELS)}")
        why = _prepare_model(name)
        if why:
            skipped[name] = why
        else:
            variants.append(
                {"model": name, "setting": None, "description": MODELS[name].description}
            )
    if not variants and not settings:
        settings = [next(iter(SETTINGS))]  # a run always measures at least one alternative
    for setting in settings:
        variants.append({"model": default, "setting": setting, "description": SETTINGS[setting]})
    why_not = _prepare_model(default)
    if why_not:
        print(json.dumps({"error": f"default model {default}: {why_not}"}), file=sys.stderr)
        return 1
    baseline = {
        "model": default,
        "setting": None,
        "description": MODELS[default].description + " with the shipped settings",
    }

    ctx = mp.get_context("spawn")
    report: dict[str, Any] = {
        "dataset": "FLORES-200 dev sample (bench/data, CC BY-SA 4.0)",
        "sentences_per_direction": n,
        "threads": args.threads,
        "load_average_before": os.getloadavg()[0],
        "baseline": None,
        "alternatives": [],
        "skipped": skipped,
    }
    for variant in [baseline, *variants]:
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_variant, args=(variant, n, args.threads, queue))
        proc.start()
        result = queue.get()
        proc.join()
        if variant is baseline:
            report["baseline"] = result
            if "error" in result:
                break
        else:
            if "error" not in result:
                result["vs_baseline"] = _delta(result, report["baseline"])
            report["alternatives"].append(result)
    report["load_average_after"] = os.getloadavg()[0]
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    measured = [r for r in report["alternatives"] if "error" not in r]
    return 0 if "error" not in report["baseline"] and measured else 1


if __name__ == "__main__":
    raise SystemExit(main())
