"""Load the functional safety cases and measure stage-1 accuracy per (language, function)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from crosstalk.safety.screening.scoring import FLAG_THRESHOLD, ScoredText, score_texts

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    function: str
    text: str
    expect_flagged: bool
    expect_category: str | None


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(HERE.glob("safety_cases_*.yaml")):
        groups = yaml.safe_load(path.read_text(encoding="utf-8"))
        for group in groups:
            for n, text in enumerate(group["texts"], 1):
                cases.append(
                    Case(
                        id=f"{group['lang']}-{group['function']}-{n:03d}",
                        lang=group["lang"],
                        function=group["function"],
                        text=str(text),
                        expect_flagged=bool(group["expect_flagged"]),
                        expect_category=group.get("expect_category"),
                    )
                )
    return cases


def passed(case: Case, scored: ScoredText) -> bool:
    is_flagged = any(v >= FLAG_THRESHOLD for v in scored.scores.values())
    if is_flagged != case.expect_flagged:
        return False
    if case.expect_flagged and case.expect_category:
        return scored.scores[case.expect_category] >= FLAG_THRESHOLD
    return True


def run() -> tuple[dict[tuple[str, str], tuple[int, int]], list[tuple[Case, ScoredText]]]:
    """(lang, function) → (passed, total), and the failures."""
    cases = load_cases()
    scored = score_texts([c.text for c in cases])  # language detected by script, as in production
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for case, result in zip(cases, scored, strict=True):
        key = (case.lang, case.function)
        counts[key][1] += 1
        if passed(case, result):
            counts[key][0] += 1
        else:
            failures.append((case, result))
    return {k: (v[0], v[1]) for k, v in counts.items()}, failures


def table(counts: dict[tuple[str, str], tuple[int, int]]) -> str:
    lines = [f"{'lang':6} {'function':34} {'pass':>5} {'n':>4} {'acc':>6}"]
    for (lang, function), (ok, n) in sorted(counts.items()):
        lines.append(f"{lang:6} {function:34} {ok:5d} {n:4d} {ok / n:6.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    counts, failures = run()
    print(table(counts))
    for case, result in failures:
        top = sorted(result.scores.items(), key=lambda kv: -kv[1])[:2]
        print("FAIL", case.id, repr(case.text), top)
