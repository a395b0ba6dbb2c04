"""Stage-1 moderation bench: speed, latency, stage-2 share and held-out quality, with a baseline.

Scores the held-out test split of every moderation data set (the same seeded split training
used, so no row was seen in training) and prints JSON: texts/s on one core in batches, per-text
p50/p99 latency, the share of texts the engine would send to stage 2 (its own `needs_judge` /
`judge_wanted` logic: the uncertain band and weak signals where no model covers), and accuracy /
precision / recall / F1 of "any category flagged" against "harmful" per language and data set.
alt-profanity-check runs on the same English rows in the same process as the baseline.

    .venv/bin/python bench/moderate.py [--data ../shared/data] [--latency-sample 2000]
"""

from __future__ import annotations

import os

# One core: the number reported is per core, and the machine is shared.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from crosstalk.safety.screening.engine import bare_facts, judge_wanted, needs_judge  # noqa: E402
from crosstalk.safety.screening.policy import Policy, enforced_policy  # noqa: E402
from crosstalk.safety.screening.rules import evaluate  # noqa: E402
from crosstalk.safety.screening.scoring import (  # noqa: E402
    FLAG_THRESHOLD,
    ScoredText,
    flagged,
    score_text,
    score_texts,
)
from crosstalk.safety.screening.training.data import DataMissingError, Example, load_splits  # noqa: E402


def quality(labels: Sequence[int], preds: Sequence[int]) -> dict[str, float | int]:
    tp = sum(1 for y, p in zip(labels, preds, strict=True) if y and p)
    fp = sum(1 for y, p in zip(labels, preds, strict=True) if not y and p)
    fn = sum(1 for y, p in zip(labels, preds, strict=True) if y and not p)
    correct = sum(1 for y, p in zip(labels, preds, strict=True) if bool(y) == bool(p))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": len(labels),
        "positives": sum(1 for y in labels if y),
        "accuracy": round(correct / len(labels), 4) if labels else 0.0,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def stage2_shares(
    texts: Sequence[str], scored: Sequence[ScoredText], policy: Policy
) -> dict[str, float]:
    """Shares of texts the engine would hand to the stage-2 judge, by the engine's own logic.

    `uncertain_share`: some score in the uncertain band. `needs_judge_share`: that, or a weak
    signal in a category no trained model covers (`engine.needs_judge`). `stage2_share`: what
    `SafetyEngine` actually sends (`engine.judge_wanted`: needs_judge unless the rules already
    hold the text), scored as a preview (a new account, no surge) — when the policy enables
    the judge; the shipped policy does not.
    """
    n = len(scored) or 1
    needs = [needs_judge(s, policy) for s in scored]
    sent = [
        judge_wanted(s, evaluate(policy, bare_facts(t, s)), policy)
        for t, s in zip(texts, scored, strict=True)
    ]
    return {
        "uncertain_share": round(sum(not s.stage1_confident for s in scored) / n, 4),
        "needs_judge_share": round(sum(needs) / n, 4),
        "stage2_share": round(sum(sent) / n, 4),
    }


def throughput(fn: Callable[[list[str]], Any], texts: list[str], batch: int) -> dict[str, float]:
    """Texts per second of wall time, and per second of this process's CPU time.

    On a shared machine the wall figure includes time the process waited for a core; the CPU
    figure is the per-core rate the code itself achieves.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), batch):
        fn(texts[i : i + batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "texts_per_s_wall": round(len(texts) / wall, 1),
        "texts_per_s_cpu": round(len(texts) / cpu, 1),
    }


def latency_ms(fn: Callable[[str], Any], texts: list[str]) -> dict[str, float]:
    times = []
    for t in texts:
        start = time.perf_counter()
        fn(t)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("../shared/data"),
        help="folder holding moderation/<data set>/ (default ../shared/data)",
    )
    parser.add_argument("--seed", type=int, default=13, help="split seed training used (13)")
    parser.add_argument("--batch", type=int, default=256, help="texts per scoring call (256)")
    parser.add_argument(
        "--latency-sample",
        type=int,
        default=2000,
        help="texts timed one at a time for p50/p99 latency (2000)",
    )
    args = parser.parse_args(argv)
    try:
        splits = load_splits(args.data, args.seed)
    except DataMissingError as exc:
        print(
            json.dumps(
                {"error": exc.code, "message_en": exc.message_en, "message_zh": exc.message_zh},
                ensure_ascii=False,
            ),
            file=sys.stderr,
        )
        return 2

    test: list[Example] = [ex for name in sorted(splits) for ex in splits[name]["test"]]
    texts = [ex.text for ex in test]
    score_texts(texts[:50])  # load models and lexicons outside the timings

    scored = score_texts(texts, [ex.lang for ex in test])
    policy = enforced_policy()
    result: dict[str, Any] = {
        "cpu_load_1min": round(os.getloadavg()[0], 2),
        "held_out_rows": len(test),
        "flag_threshold": FLAG_THRESHOLD,
        "policy_version": policy.version,
        "judge_enabled_in_policy": policy.judge.enabled,
        "stage1": {
            **throughput(score_texts, texts, args.batch),
            "batch": args.batch,
            **latency_ms(score_text, texts[:: max(1, len(texts) // args.latency_sample)]),
            **stage2_shares(texts, scored, policy),
        },
    }
    by_lang: dict[str, Any] = {}
    for lang in ("en", "zh"):
        rows = [i for i, ex in enumerate(test) if ex.lang == lang]
        entry: dict[str, Any] = {
            "any_flag": quality(
                [1 if test[i].category else 0 for i in rows],
                [int(flagged(scored[i])) for i in rows],
            ),
            **stage2_shares([texts[i] for i in rows], [scored[i] for i in rows], policy),
        }
        for name in sorted({test[i].source for i in rows}):
            sub = [i for i in rows if test[i].source == name]
            entry[name] = quality(
                [1 if test[i].category else 0 for i in sub], [int(flagged(scored[i])) for i in sub]
            )
        by_lang[lang] = entry
    result["stage1"]["by_lang"] = by_lang
    result["stage1"]["by_dataset_speed"] = {
        name: {
            "avg_chars": round(
                sum(len(ex.text) for ex in splits[name]["test"]) / len(splits[name]["test"])
            ),
            **throughput(score_texts, [ex.text for ex in splits[name]["test"]], args.batch),
        }
        for name in sorted(splits)
    }

    # Baseline on English abuse data (not spam: a profanity filter does not claim spam).
    from profanity_check import predict_prob

    en_rows = [i for i, ex in enumerate(test) if ex.lang == "en" and ex.source != "sms_spam"]
    en_texts = [texts[i] for i in en_rows]
    en_labels = [1 if test[i].category else 0 for i in en_rows]
    base_probs = predict_prob(en_texts)
    ours = [int(flagged(scored[i])) for i in en_rows]
    result["en_abuse_comparison"] = {
        "rows": "davidson + convabuse held-out test split",
        "crosstalk_stage1": {
            **quality(en_labels, ours),
            **throughput(score_texts, en_texts, args.batch),
        },
        "alt_profanity_check": {
            **quality(en_labels, [int(p >= 0.5) for p in base_probs]),
            **throughput(lambda b: predict_prob(b), en_texts, args.batch),
            **latency_ms(lambda t: predict_prob([t]), en_texts[:: max(1, len(en_texts) // 500)]),
        },
    }
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
