"""Hand-built stage-1 results for policy and engine tests (real ScoredText objects)."""

from __future__ import annotations

from collections.abc import Sequence

from crosstalk.safety.screening.scoring import CATEGORIES, Evidence, ScoredText


def scored(
    text: str,
    lang: str = "en",
    *,
    confident: bool = True,
    uncovered: Sequence[str] = (),
    evidence: Sequence[Evidence] = (),
    **scores: float,
) -> ScoredText:
    """A ScoredText; keyword scores use _ for / and - (self_harm_intent -> self-harm/intent)."""
    named = {_category(k): v for k, v in scores.items()}
    return ScoredText(
        text=text,
        lang=lang,
        scores={c: named.get(c, 0.01) for c in CATEGORIES},
        evidence=tuple(evidence),
        stage1_confident=confident,
        covered={c: c not in uncovered for c in CATEGORIES},
    )


def _category(key: str) -> str:
    for c in CATEGORIES:
        if c.replace("/", "_").replace("-", "_") == key:
            return c
    raise KeyError(key)


class FixedScorer:
    """A scorer that returns prepared results by text, and counts how often it was asked."""

    def __init__(self, *results: ScoredText) -> None:
        self.results = {r.text: r for r in results}
        self.calls = 0

    def __call__(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[ScoredText]:
        self.calls += 1
        return [self.results.get(t) or scored(t) for t in texts]
