"""Translation benchmark: quality (chrF, BLEU) and speed of every installed local model, one run.

Prints JSON. Each model runs in its own process (for an honest peak RSS) through the full
service path (spans, glossary, guards, cache) on a fixed FLORES-200 dev sample, 40 sentences
per direction by default (bench/data, CC BY-SA 4.0). The smaller model is the baseline.

    .venv/bin/python bench/translate.py [--n 40] [--models a,b] [--threads 2]
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


def _run_model(name: str, n: int, threads: int, queue: Any) -> None:
    os.environ["CROSSTALK_TRANSLATION_MODEL"] = name
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
    with Session(engine) as session:
        glossary.ensure_seeded(session)
        session.commit()
        t0 = time.perf_counter()
        translator = service.get_translator()
        translator.translate_batch([])  # nothing to do; the model loads on the first request
        llm = translator._load()  # type: ignore[attr-defined]
        load_s = time.perf_counter() - t0
        tokens = sum(len(llm.tokenize(t.encode("utf-8"), add_bos=False)) for t in en + zh)

        result: dict[str, Any] = {"model": name, "load_s": round(load_s, 2)}
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
    queue.put(result)


def main() -> int:
    from crosstalk.language.model_store import MODELS, installed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="sentences per direction (max 40)")
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated names")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    report: dict[str, Any] = {
        "dataset": "FLORES-200 dev sample (bench/data, CC BY-SA 4.0)",
        "sentences_per_direction": args.n,
        "threads": args.threads,
        "baseline": "qwen2.5-coder-0.5b",
        "load_average_before": os.getloadavg()[0],
        "models": {},
    }
    for name in args.models.split(","):
        if not installed(name):
            report["models"][name] = {"skipped": "not installed: crosstalk models install"}
            continue
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_model, args=(name, args.n, args.threads, queue))
        proc.start()
        report["models"][name] = queue.get()
        proc.join()
    report["load_average_after"] = os.getloadavg()[0]
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
