"""The safety engine: screen one item (stage 1 scores, surge signals, stage-2 judge when unsure,
policy rules) into a stored `Decision`; screen a reported item again (stored only when it hides
the item more); preview and moderate texts without storing anything.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.config import get_settings
from crosstalk.db.base import utcnow
from crosstalk.safety.screening.judge import Judge, JudgeVerdict, TokenBucket, load_judge, run_judge
from crosstalk.safety.screening.policy import ACTION_RANK, Policy, enforced_policy, shadow_policy
from crosstalk.safety.screening.results import (
    ItemLike,
    ModerationResult,
    Preview,
    ScreenItem,
    automated_basis,
)
from crosstalk.safety.screening.rules import Facts, Outcome, count_links, evaluate
from crosstalk.safety.screening.scoring import FLAG_THRESHOLD, ScoredText, score_texts
from crosstalk.safety.screening.surge import (
    CounterStore,
    DbCounterStore,
    NearDuplicateIndex,
    cluster_items,
    counter_store,
    effective_trust_level,
    record_velocity,
)
from crosstalk.safety.transparency import decisions
from crosstalk.safety.transparency.decisions import VISIBILITY_RANK, text_hash, visibility_for
from crosstalk.safety.transparency.models import Decision

Scorer = Callable[[Sequence[str], Sequence[str] | None], list[ScoredText]]

# Velocity events older than this are never read again by any window; pruned now and then.
_VELOCITY_RETENTION = timedelta(days=1)
_PRUNE_EVERY = 500


def _naive_utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _lang_or_none(lang: str | None) -> str | None:
    return None if not lang or lang == "und" else lang


def needs_judge(scored: ScoredText, policy: Policy) -> bool:
    """Stage 2 is for the uncertain band, and for categories stage 1 has no model for when its
    lexicons or scores give a weak signal there."""
    if not scored.stage1_confident:
        return True
    uncovered = {c for c, covered in scored.covered.items() if not covered}
    if any(scored.scores.get(c, 0.0) >= policy.judge.min_signal for c in uncovered):
        return True
    return any(e.category in uncovered for e in scored.evidence)


def bare_facts(text: str, scored: ScoredText) -> Facts:
    """Facts about a text with no author, history or surge: what a preview decides on (the
    author counts as a brand-new account, trust level 0)."""
    return Facts(
        text=text,
        lang=scored.lang,
        scores=dict(scored.scores),
        evidence=tuple(dataclasses.asdict(e) for e in scored.evidence),
        trust_level=0,
        links=count_links(text),
    )


def judge_wanted(scored: ScoredText, outcome: Outcome, policy: Policy) -> bool:
    """Whether the engine asks stage 2 about a text: `needs_judge`, unless the rules already
    hold it (the judge's opinion can at most hold for review)."""
    return needs_judge(scored, policy) and ACTION_RANK[outcome.action] < ACTION_RANK["hold"]


@dataclass(frozen=True)
class _Assessed:
    """Everything screening worked out about one item, before a Decision is built from it."""

    facts: Facts
    outcome: Outcome
    stages: list[str]
    verdict: JudgeVerdict | None
    skipped: str | None
    cluster_id: int | None
    now: datetime


class SafetyEngine:
    """One policy (plus an optional shadow policy), one judge, one scorer; safe across threads."""

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        shadow: Policy | None = None,
        judge: Judge | None = None,
        judge_unavailable: str | None = None,
        scorer: Scorer | None = None,
        judge_per_minute: int | None = None,
        clock: Callable[[], datetime] = utcnow,
        load_default_judge: bool = True,
        counters: Callable[[Session], CounterStore] = counter_store,
    ) -> None:
        self.policy = policy or enforced_policy()
        self.shadow = shadow
        self.scorer: Scorer = scorer or score_texts
        self.clock = clock
        self.counters = counters
        self._judge = judge
        self._judge_unavailable = judge_unavailable
        self._judge_loaded = judge is not None or not load_default_judge
        if not load_default_judge and judge is None and judge_unavailable is None:
            self._judge_unavailable = "no model"
        if judge_per_minute is None:
            judge_per_minute = get_settings().judge_per_minute
        self.bucket = TokenBucket(judge_per_minute)
        self._indexes: dict[str, NearDuplicateIndex] = {}
        self._lock = threading.Lock()
        self._screens = 0

    # --- pieces --------------------------------------------------------------------------
    def judge(self) -> tuple[Judge | None, str | None]:
        with self._lock:
            if not self._judge_loaded:
                self._judge, self._judge_unavailable = load_judge()
                self._judge_loaded = True
        return self._judge, self._judge_unavailable

    def _index(self, session: Session) -> NearDuplicateIndex:
        bind = session.get_bind()
        key = str(bind.engine.url)  # Engine.engine is itself; a Connection knows its Engine
        with self._lock:
            if key not in self._indexes:
                self._indexes[key] = NearDuplicateIndex(self.policy.surge)
            return self._indexes[key]

    def _decide(
        self, scored: ScoredText, facts: Facts, session: Session | None
    ) -> tuple[Facts, Outcome, list[str], JudgeVerdict | None, str | None]:
        stages = ["stage1"]
        outcome = evaluate(self.policy, facts)
        verdict: JudgeVerdict | None = None
        skipped: str | None = None
        wanted = judge_wanted(scored, outcome, self.policy)
        judge, why_not = self.judge() if wanted else (None, None)
        if wanted and judge is None:
            skipped = why_not or "no model"
        elif wanted and not self.policy.judge.enabled:
            skipped = "disabled by policy"
        elif wanted:
            verdict, skipped = run_judge(
                judge,
                self.bucket,
                text=scored.text or facts.text,
                text_hash=text_hash(facts.text),
                lang=facts.lang,
                policy=self.policy,
                session=session,
                unavailable=why_not,
            )
            if verdict is not None:
                stages.append("stage2")
                facts = dataclasses.replace(facts, judge_category=verdict.category)
                outcome = evaluate(self.policy, facts)
        stages.append("rules")
        return facts, outcome, stages, verdict, skipped

    # --- public --------------------------------------------------------------------------
    def screen(self, session: Session, item: ItemLike | ScreenItem) -> Decision:
        """Screen `item`, store its Decision (flushed, not committed) and return it."""
        return self._store(session, item, self._assess(session, item))

    def rescreen(
        self, session: Session, item: ItemLike | ScreenItem, *, current_visibility: str
    ) -> Decision | None:
        """Screen an item that is already up (e.g. because it was reported: `item.reports`)
        and store a Decision only when it restricts the item more than `current_visibility`
        does; otherwise nothing is stored and None is returned. A re-screen never loosens
        what an earlier decision (or a moderator) set."""
        assessed = self._assess(session, item)
        floor = VISIBILITY_RANK.get(current_visibility, VISIBILITY_RANK["held"])
        if VISIBILITY_RANK[visibility_for(assessed.outcome.action)] <= floor:
            return None
        return self._store(session, item, assessed)

    def _assess(self, session: Session, item: ItemLike | ScreenItem) -> _Assessed:
        lang = _lang_or_none(item.lang)
        scored = self.scorer([item.text], [lang] if lang else None)[0]
        now = self.clock()
        author_id = item.author_id
        created_at = _naive_utc(item.author_created_at)
        seen_before = (
            session.scalar(
                select(Decision.id)
                .where(Decision.item_type == item.item_type, Decision.item_id == item.item_id)
                .limit(1)
            )
            is not None
        )
        velocity = record_velocity(
            self.counters(session),
            new_post=not seen_before,
            author_id=author_id,
            ip=item.ip,
            text=item.text,
            now=now,
            window_s=self.policy.surge.window_s,
        )
        cluster = self._index(session).assign(
            session, item_type=item.item_type, item_id=item.item_id, text=item.text, now=now
        )
        trust = effective_trust_level(
            session,
            author_id=author_id,
            author_created_at=created_at,
            given=item.author_trust_level or 0,
            policy=self.policy,
            now=now,
        )
        facts = Facts(
            text=item.text,
            lang=scored.lang,
            scores=dict(scored.scores),
            evidence=tuple(dataclasses.asdict(e) for e in scored.evidence),
            account_age_days=(now - created_at).total_seconds() / 86400 if created_at else None,
            trust_level=trust,
            velocity=velocity,
            cluster_size=cluster.size if cluster else 1,
            reports=int(getattr(item, "reports", 0) or 0),
            links=count_links(item.text),
        )
        facts, outcome, stages, verdict, skipped = self._decide(scored, facts, session)
        return _Assessed(
            facts=facts,
            outcome=outcome,
            stages=stages,
            verdict=verdict,
            skipped=skipped,
            cluster_id=cluster.cluster_id if cluster else None,
            now=now,
        )

    def _store(
        self, session: Session, item: ItemLike | ScreenItem, assessed: _Assessed
    ) -> Decision:
        subject = decisions.Subject(
            item.item_type, item.item_id, item.author_id, assessed.facts.lang, assessed.facts.text
        )
        screening = decisions.Screening(
            facts=assessed.facts,
            outcome=assessed.outcome,
            stages=tuple(assessed.stages),
            judge_verdict=assessed.verdict.to_json() if assessed.verdict else None,
            judge_skipped=assessed.skipped,
            cluster_id=assessed.cluster_id,
        )
        decision = decisions.record(
            session, automated_basis(subject, screening, self.policy, now=assessed.now)
        )
        if self.shadow is not None:
            from crosstalk.safety.screening.shadow import record_shadow

            record_shadow(session, decision, assessed.facts, self.shadow)
        self._screens += 1
        if self._screens % _PRUNE_EVERY == 0 and get_settings().velocity_backend == "database":
            DbCounterStore(session).prune(assessed.now - _VELOCITY_RETENTION)
        return decision

    def hold_cluster(self, session: Session, decision: Decision) -> list[Decision]:
        """When `decision` is the one that took a near-duplicate cluster over the policy's size
        bar, re-decide the cluster's earlier members (still visible) with the grown cluster
        size. Returns the new decisions (flushed); the caller applies their visibility."""
        rule = next((r for r in self.policy.rules if r.id == decision.rule_id), None)
        bar = rule.when.cluster_size_at_least if rule else None
        if decision.cluster_id is None or bar is None:
            return []
        size = int(decision.facts.get("cluster_size", 1))
        if size != bar:
            return []  # only at the crossing: later members were caught by the rule itself
        now = self.clock()
        out: list[Decision] = []
        for item_type, item_id in cluster_items(session, decision.cluster_id):
            if (item_type, item_id) == (decision.item_type, decision.item_id):
                continue
            latest = session.scalar(
                select(Decision)
                .where(Decision.item_type == item_type, Decision.item_id == item_id)
                .order_by(Decision.id.desc())
                .limit(1)
            )
            if latest is None or not latest.facts or "text" not in latest.facts:
                continue
            facts = dataclasses.replace(Facts.from_json(latest.facts), cluster_size=size)
            outcome = evaluate(self.policy, facts)
            if ACTION_RANK[outcome.action] <= ACTION_RANK[latest.action]:
                continue
            redo = decisions.build(
                automated_basis(
                    decisions.Subject(item_type, item_id, latest.author_id, facts.lang, facts.text),
                    decisions.Screening(
                        facts=facts,
                        outcome=outcome,
                        stages=("rules",),
                        cluster_id=decision.cluster_id,
                    ),
                    self.policy,
                    trigger="cluster",
                    now=now,
                )
            )
            session.add(redo)
            out.append(redo)
        session.flush()
        return out

    def preview(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        *,
        session: Session | None = None,
    ) -> list[Preview]:
        """Decisions the policy would take for bare texts (no author, no surge, nothing stored)."""
        scored_all = self._score(texts, langs)
        previews = []
        for text, scored in zip(texts, scored_all, strict=True):
            facts = bare_facts(text, scored)
            facts, outcome, stages, verdict, skipped = self._decide(scored, facts, session)
            previews.append(
                Preview(
                    scored=scored,
                    facts=facts,
                    outcome=outcome,
                    policy=self.policy,
                    stages=tuple(stages),
                    judge=verdict,
                    judge_skipped=skipped,
                )
            )
        return previews

    def moderate(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[ModerationResult]:
        """Stage-1 scores and flags for many texts: what the OpenAI-compatible API returns."""
        results = []
        for scored in self._score(texts, langs):
            categories = {c: s >= FLAG_THRESHOLD for c, s in scored.scores.items()}
            results.append(
                ModerationResult(
                    scored=scored, flagged=any(categories.values()), categories=categories
                )
            )
        return results

    def _score(self, texts: Sequence[str], langs: Sequence[str | None] | None) -> list[ScoredText]:
        if langs is None or all(_lang_or_none(lang) is None for lang in langs):
            return self.scorer(list(texts), None)
        # The scorer takes one language per text; texts with unknown language get detected.
        filled = [_lang_or_none(lang) for lang in langs]
        if all(lang is not None for lang in filled):
            return self.scorer(list(texts), [str(lang) for lang in filled])
        out: list[ScoredText] = []
        for text, lang in zip(texts, filled, strict=True):
            out.extend(self.scorer([text], [lang] if lang else None))
        return out


_default: SafetyEngine | None = None
_default_lock = threading.Lock()


def get_safety_engine() -> SafetyEngine:
    """The process-wide engine built from settings (enforced + shadow policy, local judge)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = SafetyEngine(enforced_policy(), shadow=shadow_policy())
        return _default


def reset_safety_engine() -> None:
    """Drop the process-wide engine so the next call re-reads settings and policy files."""
    global _default
    with _default_lock:
        _default = None


def screen(session: Session, item: ItemLike | ScreenItem) -> Decision:
    """Screen one item with the process-wide engine; see `SafetyEngine.screen`."""
    return get_safety_engine().screen(session, item)


def rescreen(
    session: Session, item: ItemLike | ScreenItem, *, current_visibility: str
) -> Decision | None:
    """Screen an item that is already up again; see `SafetyEngine.rescreen`."""
    return get_safety_engine().rescreen(session, item, current_visibility=current_visibility)


def hold_cluster(session: Session, decision: Decision) -> list[Decision]:
    """Re-decide earlier members of the cluster `decision` took over the bar; see
    `SafetyEngine.hold_cluster`."""
    return get_safety_engine().hold_cluster(session, decision)


def moderate_texts(
    texts: Sequence[str], langs: Sequence[str | None] | None = None
) -> list[ModerationResult]:
    return get_safety_engine().moderate(texts, langs)


def preview_texts(texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[Preview]:
    return get_safety_engine().preview(texts, langs)
