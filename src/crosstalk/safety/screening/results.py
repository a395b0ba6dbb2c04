"""What screening takes and gives back: the item screened, a preview of what the policy would
do with a text (the native screen API), a moderation result (the OpenAI-style API), and the
basis of the engine's decisions."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from crosstalk.safety.screening.judge import JudgeVerdict
from crosstalk.safety.screening.policy import Policy
from crosstalk.safety.screening.rules import Facts, Outcome
from crosstalk.safety.screening.scoring import FLAG_THRESHOLD, ScoredText
from crosstalk.safety.transparency import decisions
from crosstalk.safety.transparency.decisions import visibility_for
from crosstalk.safety.transparency.models import Decision
from crosstalk.safety.transparency.reasons import statement_of_reasons


class ItemLike(Protocol):
    """What `screen` reads from an item; `crosstalk.safety.gate.ContentItem` fits as is."""

    item_type: str
    item_id: int
    text: str
    lang: str
    author_id: int
    author_created_at: datetime
    author_trust_level: int
    ip: str | None


@dataclass(frozen=True)
class ScreenItem:
    item_type: str  # note | comment | profile
    item_id: int
    text: str
    lang: str | None = None  # None or "und": stage 1 detects it
    author_id: int | None = None
    author_created_at: datetime | None = None
    author_trust_level: int = 0
    ip: str | None = None
    reports: int = 0  # open reports; re-screen an item when it is reported


@dataclass(frozen=True)
class Preview:
    """What the policy would do with a text, without storing a decision."""

    scored: ScoredText
    facts: Facts
    outcome: Outcome
    policy: Policy
    stages: tuple[str, ...]
    judge: JudgeVerdict | None = None
    judge_skipped: str | None = None

    @property
    def flagged(self) -> bool:
        return any(s >= FLAG_THRESHOLD for s in self.scored.scores.values())

    def decision(self, item_id: int = 0) -> Decision:
        """The Decision screening would store for this text (unsaved: no id, no session)."""
        return decisions.build(
            automated_basis(
                decisions.Subject("text", item_id, None, self.facts.lang, self.facts.text),
                decisions.Screening(
                    facts=self.facts,
                    outcome=self.outcome,
                    stages=tuple(self.stages),
                    judge_verdict=self.judge.to_json() if self.judge else None,
                    judge_skipped=self.judge_skipped,
                ),
                self.policy,
            )
        )

    def to_json(self, locale: str = "en", item_id: int = 0) -> dict[str, Any]:
        """The preview as the native screen API returns it: rule outcome, scores, evidence and
        stages, plus the statement of reasons (in `locale`) a stored decision would carry."""
        clause = self.policy.clause(self.outcome.clause_id) if self.outcome.clause_id else None
        return {
            "action": self.outcome.action,
            "visibility": visibility_for(self.outcome.action),
            "rule_id": self.outcome.rule_id,
            "clause_id": self.outcome.clause_id,
            "clause": {
                "title": {"en": clause.title.en, "zh-Hans": clause.title.zh_Hans},
                "explanation": {"en": clause.explanation.en, "zh-Hans": clause.explanation.zh_Hans},
            }
            if clause
            else None,
            "matched_rules": list(self.outcome.matched),
            "policy_version": self.policy.version,
            "lang": self.scored.lang,
            "flagged": self.flagged,
            "scores": dict(self.scored.scores),
            "evidence": [dataclasses.asdict(e) for e in self.scored.evidence],
            "stages": list(self.stages),
            "judge": self.judge.to_json() if self.judge else None,
            "judge_skipped": self.judge_skipped,
            "statement_of_reasons": statement_of_reasons(self.decision(item_id), locale),
        }


@dataclass(frozen=True)
class ModerationResult:
    """Stage-1 scores of one text plus the OpenAI-style flag (any category at the threshold)."""

    scored: ScoredText
    flagged: bool
    categories: dict[str, bool] = field(default_factory=dict)


def automated_basis(
    subject: decisions.Subject,
    screening: decisions.Screening,
    policy: Policy,
    *,
    trigger: str | None = None,
    now: datetime | None = None,
) -> decisions.Basis:
    """What one of the engine's decisions rests on: a re-screen after reports is a "report",
    anything else a publication screening unless the caller says otherwise."""
    return decisions.Basis(
        subject=subject,
        action=screening.outcome.action,
        trigger=trigger or ("report" if screening.facts.reports > 0 else "screening"),
        policy=policy,
        screening=screening,
        now=now,
    )
