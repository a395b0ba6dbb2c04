"""HateCheck-style functional suite: stage-1 accuracy per language and function, with floors.

The floors are the accuracies measured when the suite was written (stage 1 alone, no judge).
Below 1.0 means stage 1 is known to be weak there; a drop below a floor is a regression.
"""

from __future__ import annotations

from tests.functional.suite import load_cases, run, table

# Measured 2026-11-24 with the committed artifacts; every other (lang, function) is 1.0.
FLOORS: dict[tuple[str, str], float] = {
    ("en", "implicit_hate"): 0.0,  # no lexicon cue, and the classifiers do not generalise
    ("zh", "implicit_hate"): 0.83,
    ("zh", "benign_cross_cultural"): 0.83,  # COLD-trained hate model over-flags group questions
    ("zh", "illicit_discussion"): 0.60,  # same: neutral news about guns/drugs scores as hate
}


def test_suite_has_at_least_300_cases_in_both_languages() -> None:
    cases = load_cases()
    assert len(cases) >= 300
    langs = {c.lang for c in cases}
    assert {"en", "zh"} <= langs
    assert len({c.id for c in cases}) == len(cases)


def test_accuracy_per_function_meets_measured_floor() -> None:
    counts, failures = run()
    print()
    print(table(counts))
    below = []
    for key, (ok, n) in sorted(counts.items()):
        floor = FLOORS.get(key, 1.0)
        if ok / n + 1e-9 < floor:
            below.append(f"{key}: {ok}/{n} < {floor}")
    for case, result in failures:
        print("FAIL", case.id, repr(case.text))
    assert not below, below


def test_political_and_historical_discussion_is_never_flagged() -> None:
    counts, _ = run()
    for lang in ("en", "zh"):
        ok, n = counts[(lang, "political_historical")]
        assert ok == n
