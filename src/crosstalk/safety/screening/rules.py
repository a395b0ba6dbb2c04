"""Rule evaluation: which policy rules hold for the facts about one piece of text, and what wins.

`Facts` is everything a rule may look at, in a JSON-safe form, so a decision can store it and a
new policy version can be replayed against past decisions (`crosstalk policy diff`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from crosstalk.safety.screening.policy import ACTION_RANK, Condition, Policy, Rule

# Scheme or www. links, plus bare domains on common TLDs ("cheap-pills.shop/deal").
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][a-z0-9-]{0,62}\.(?:com|net|org|info|biz|io|co|cn|shop|top|xyz|site|online|"
    r"club|vip|ru|me|ly|link|app)\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)


def count_links(text: str) -> int:
    return len(_LINK.findall(text))


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Facts:
    """What is known about one item when rules run; stored with the decision as JSON."""

    text: str
    lang: str
    scores: dict[str, float]
    evidence: tuple[dict[str, Any], ...] = ()
    account_age_days: float | None = None
    trust_level: int = 0
    velocity: dict[str, int] = field(default_factory=dict)  # account, ip, fingerprint
    cluster_size: int = 1
    reports: int = 0
    links: int = 0
    judge_category: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = list(self.evidence)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["evidence"] = tuple(known.get("evidence") or ())
        return cls(**known)


@dataclass(frozen=True)
class Outcome:
    """The winning rule (None: nothing matched, allow) and every rule that matched, in order."""

    action: str
    rule: Rule | None
    matched: tuple[str, ...]

    @property
    def rule_id(self) -> str | None:
        return self.rule.id if self.rule else None

    @property
    def clause_id(self) -> str | None:
        return self.rule.clause if self.rule else None


def _lang_matches(wanted: list[str], lang: str) -> bool:
    primary = lang.lower().replace("_", "-")
    return any(primary == w.lower() or primary.startswith(w.lower() + "-") for w in wanted)


def _is_lexicon(source: str) -> bool:
    # Stage 1 names evidence by what produced it: "lexicon:<name>", "regex" or "classifier".
    # Word lists and their evasion-aware patterns count as lexicon hits; the classifier not.
    return source.startswith("lexicon") or source == "regex"


def matches(cond: Condition, facts: Facts) -> bool:
    """True when every condition that is set holds for `facts`."""
    if cond.langs and not _lang_matches(cond.langs, facts.lang):
        return False
    if cond.scores and not any(facts.scores.get(c, 0.0) >= t for c, t in cond.scores.items()):
        return False
    if cond.lexicon and not any(
        e.get("category") in cond.lexicon and _is_lexicon(str(e.get("source", "")))
        for e in facts.evidence
    ):
        return False
    if cond.regex and not any(_compiled(p).search(facts.text) for p in cond.regex):
        return False
    if cond.account_age_days_below is not None and (
        facts.account_age_days is None or facts.account_age_days >= cond.account_age_days_below
    ):
        return False
    if cond.trust_level_at_most is not None and facts.trust_level > cond.trust_level_at_most:
        return False
    if cond.velocity is not None:
        bars = cond.velocity.model_dump(exclude_none=True)
        if not any(facts.velocity.get(scope, 0) >= bar for scope, bar in bars.items()):
            return False
    if cond.cluster_size_at_least is not None and facts.cluster_size < cond.cluster_size_at_least:
        return False
    if cond.reports_at_least is not None and facts.reports < cond.reports_at_least:
        return False
    if cond.links_at_least is not None and facts.links < cond.links_at_least:
        return False
    return not (cond.judge and facts.judge_category not in cond.judge)


def evaluate(policy: Policy, facts: Facts) -> Outcome:
    """Run every rule; the strongest action wins, ties go to the rule listed first."""
    best: Rule | None = None
    matched: list[str] = []
    for rule in policy.rules:
        if not matches(rule.when, facts):
            continue
        matched.append(rule.id)
        if best is None or ACTION_RANK[rule.action] > ACTION_RANK[best.action]:
            best = rule
    return Outcome(action=best.action if best else "allow", rule=best, matched=tuple(matched))
