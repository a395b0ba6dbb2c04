"""HateCheck-style functional suite: stage-1 accuracy per language and function, with floors.

The floors are the accuracies measured with the committed stage 1 (no judge), less a margin
smaller than one case. Below 1.0 means stage 1 is known to be weak there (see the model card);
a drop below a floor is a regression.
"""

from __future__ import annotations

from tests.functional.suite import load_cases, run, table

# Measured with the committed artifacts and lexicons (stage 1 alone): each floor is the
# measured accuracy less a margin smaller than one case, so one more miss fails the test.
# Every (lang, function) not listed measured 1.0 and must stay there.
FLOORS: dict[tuple[str, str], float] = {
    # 7/12: the trope lexicon catches the phrase-shaped tropes; dog whistles and stereotypes
    # without a fixed wording ("that kind", "one of them moves in") are missed.
    ("en", "implicit_hate"): 0.55,
    # 7/8: the English harassment model flags a grandmother's reported view of women.
    ("en", "implicit_hate_lookalikes"): 0.85,
    ("zh", "implicit_hate"): 0.80,  # 5/6
    (
        "zh",
        "benign_cross_cultural",
    ): 0.80,  # 10/12: COLD-trained hate model over-flags group questions
    ("zh", "illicit_discussion"): 0.55,  # 3/5: same: neutral news about guns/drugs scores as hate
}


def test_suite_has_at_least_300_cases_in_both_languages() -> None:
    cases = load_cases()
    assert len(cases) >= 300
    langs = {c.lang for c in cases}
    assert {"en", "zh"} <= langs
    assert len({c.id for c in cases}) == len(cases)


def test_accuracy_per_function_meets_measured_floor() -> None:
    counts, failures = run()
    assert set(FLOORS) <= set(counts), "a floor names a function the suite no longer has"
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
