"""The public transparency report: moderation numbers for a period (by category, action type,
language, automation and source; appeals; time to action), computed live from the decision,
appeal, report and review tables. Nothing here reveals who reported something or what the
content said; the statements of reasons themselves are exported by `safety.statements`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Note, Report
from crosstalk.db.base import utcnow
from crosstalk.safety.errors import InputRejected
from crosstalk.safety.moderation.models import Appeal, ReviewItem
from crosstalk.safety.screening.policy import enforced_policy
from crosstalk.safety.transparency.dsa import AUTOMATED_DECISION
from crosstalk.safety.transparency.models import Decision

# --- vocabulary of the report -------------------------------------------------------------

SOURCES: tuple[str, ...] = ("notice", "own_initiative")
ACCOUNT_KINDS: tuple[str, ...] = ("warning", "limit", "suspension", "ban")
# Action types in the order the report lists them: content first, then accounts.
ACTION_TYPES: tuple[str, ...] = (
    "label",
    "limit",
    "hold",
    "remove",
    "suspend",
    "restore",
    "account_warning",
    "account_limit",
    "account_suspension",
    "account_ban",
)
NO_CATEGORY = "none"
# strikes.py names account actions by kind; the engine's own account action is "suspend".
ACCOUNT_KIND = {
    "warning": "warning",
    "limit": "limit",
    "suspension": "suspension",
    "suspend": "suspension",
    "ban": "ban",
}
BATCH = 1000


# --- period -------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_day(value: str | None, name: str) -> date | None:
    text = (value or "").strip()
    if not text:
        return None
    if not _DATE.match(text):
        raise InputRejected(
            f"'{name}' must be a date written YYYY-MM-DD, for example 2026-01-31.",
            f"“{name}” 必须是 YYYY-MM-DD 格式的日期，例如 2026-01-31。",
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputRejected(
            f"'{name}' is not a real date: {text}.",
            f"“{name}” 不是有效的日期：{text}。",
        ) from None


def parse_period(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    """`from` and `to` (YYYY-MM-DD, both days included, UTC) as [since, until) datetimes;
    a missing bound is open. Raises InputRejected (HTTP 400) with a message in both languages."""
    first = _parse_day(start, "from")
    last = _parse_day(end, "to")
    if first is not None and last is not None and first > last:
        raise InputRejected(
            f"The start date ('from' {first}) is after the end date ('to' {last}).",
            f"开始日期（from {first}）晚于结束日期（to {last}）。",
        )
    since = datetime.combine(first, datetime.min.time()) if first else None
    until = datetime.combine(last, datetime.min.time()) + timedelta(days=1) if last else None
    return since, until


def in_period(column: Any, since: datetime | None, until: datetime | None) -> list[Any]:
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


# --- decisions as light rows --------------------------------------------------------------

# The engine's count of open reports at a re-screen, part of the facts it decided on.
_REPORTS = Decision.facts["reports"].as_integer()
ROW_COLUMNS = (
    Decision.id,
    Decision.item_type,
    Decision.item_id,
    Decision.action,
    Decision.lang,
    Decision.created_at,
    Decision.stages,
    Decision.restriction_type,
    Decision.automated_decision,
    Decision.category,
    Decision.source,
    Decision.trigger,
    _REPORTS,
)


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """What the report needs of one decision (facts, text and evidence stay in the database)."""

    id: int
    item_type: str
    item_id: int
    action: str
    lang: str
    created_at: datetime
    human: bool
    restriction_type: str | None
    automated_decision: str
    category: str | None
    source: str  # notice | own_initiative
    trigger: str
    reports: int

    @classmethod
    def of(cls, r: Sequence[Any]) -> DecisionRow:
        return cls(
            id=int(r[0]),
            item_type=str(r[1]),
            item_id=int(r[2]),
            action=str(r[3]),
            lang=str(r[4] or "und"),
            created_at=r[5],
            human="human" in (r[6] or []),
            restriction_type=r[7],
            automated_decision=str(r[8] or ""),
            category=r[9] or None,
            source=str(r[10] or "own_initiative"),
            trigger=str(r[11] or "screening"),
            reports=int(r[12] or 0),
        )

    @property
    def is_action(self) -> bool:
        """Every human decision counts (a restore too); the engine's "allow" is every ordinary
        post, not an action."""
        return self.human or self.action != "allow"

    @property
    def account_kind(self) -> str | None:
        """warning | limit | suspension | ban when the decision acts on an account."""
        if self.action == "allow":
            return None
        if self.item_type == "account":
            return ACCOUNT_KIND.get(self.action)
        return "suspension" if self.action == "suspend" else None

    @property
    def action_type(self) -> str:
        if self.action == "allow":
            return "restore"
        if self.item_type == "account":
            return f"account_{ACCOUNT_KIND.get(self.action, self.action)}"
        return self.action


def chunks(values: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _action_rows(
    session: Session, since: datetime | None, until: datetime | None
) -> Iterator[list[DecisionRow]]:
    """Batches of the period's decisions that count as actions, by id (keyset paging: no
    cursor stays open while the caller looks things up)."""
    # Only the fully automated engine says "allow" for ordinary posts; skip those in SQL.
    wanted = or_(
        Decision.action != "allow",
        Decision.automated_decision != "AUTOMATED_DECISION_FULLY",
    )
    last = 0
    while True:
        stmt = (
            select(*ROW_COLUMNS)
            .where(wanted, Decision.id > last, *in_period(Decision.created_at, since, until))
            .order_by(Decision.id)
            .limit(BATCH)
        )
        batch = [DecisionRow.of(r) for r in session.execute(stmt)]
        if not batch:
            return
        last = batch[-1].id
        yield [r for r in batch if r.is_action]


# --- time to action -----------------------------------------------------------------------


def _content_times(
    session: Session, rows: Sequence[DecisionRow]
) -> dict[tuple[str, int], datetime]:
    """When each note or comment was posted (a note's last edit counts: edits are re-screened)."""
    found: dict[tuple[str, int], datetime] = {}
    notes = sorted({r.item_id for r in rows if r.item_type == "note"})
    for chunk in chunks(notes):
        for note_id, created, updated in session.execute(
            select(Note.id, Note.created_at, Note.updated_at).where(Note.id.in_(chunk))
        ):
            found[("note", note_id)] = created
            if updated is not None and updated > created:
                found[("note-edit", note_id)] = updated
    comments = sorted({r.item_id for r in rows if r.item_type == "comment"})
    for chunk in chunks(comments):
        for comment_id, created in session.execute(
            select(Comment.id, Comment.created_at).where(Comment.id.in_(chunk))
        ):
            found[("comment", comment_id)] = created
    return found


def _posted_before(times: dict[tuple[str, int], datetime], row: DecisionRow) -> datetime | None:
    created = times.get((row.item_type, row.item_id))
    edited = times.get((f"{row.item_type}-edit", row.item_id))
    if edited is not None and edited <= row.created_at:
        return edited
    return created


def _queue_entries(session: Session, ids: Sequence[int]) -> dict[int, datetime]:
    """When the review item a person decided entered the queue (a notice: the first report)."""
    found: dict[int, datetime] = {}
    for chunk in chunks(sorted(ids)):
        stmt = select(ReviewItem.outcome_decision_id, ReviewItem.created_at).where(
            ReviewItem.outcome_decision_id.in_(chunk)
        )
        for decision_id, created in session.execute(stmt):
            if decision_id is not None:
                found[int(decision_id)] = created
    return found


_REPORT_TARGET = {"note": "note", "comment": "comment", "profile": "user", "account": "user"}


def _first_reports(session: Session, rows: Sequence[DecisionRow]) -> dict[int, datetime]:
    """For automated re-screens after reports: the earliest report filed before each decision."""
    by_target: dict[str, set[int]] = {}
    for r in rows:
        target = _REPORT_TARGET.get(r.item_type)
        if target:
            by_target.setdefault(target, set()).add(r.item_id)
    times: dict[tuple[str, int], list[datetime]] = {}
    for target, ids in by_target.items():
        for chunk in chunks(sorted(ids)):
            stmt = select(Report.target_id, Report.created_at).where(
                Report.target_type == target, Report.target_id.in_(chunk)
            )
            for target_id, created in session.execute(stmt):
                times.setdefault((target, int(target_id)), []).append(created)
    found: dict[int, datetime] = {}
    for r in rows:
        earlier = [
            t
            for t in times.get((_REPORT_TARGET.get(r.item_type, ""), r.item_id), [])
            if t <= r.created_at
        ]
        if earlier:
            found[r.id] = min(earlier)
    return found


def _durations(
    session: Session, rows: Sequence[DecisionRow], sources: dict[int, str]
) -> list[tuple[str, float]]:
    """(source, seconds) from when the clock started to each decision that has a start.

    Appeal decisions are timed with the appeals; account actions follow a content decision
    that is already timed, so neither is counted again here.
    """
    timed = [r for r in rows if r.item_type != "account" and r.trigger != "appeal"]
    if not timed:
        return []
    content = _content_times(session, timed)
    queued = _queue_entries(session, [r.id for r in timed if r.human])
    reported = _first_reports(session, [r for r in timed if not r.human and r.reports > 0])
    out: list[tuple[str, float]] = []
    for r in timed:
        start: datetime | None
        if r.human:
            start = queued.get(r.id) or _posted_before(content, r)
        elif r.reports > 0:
            start = reported.get(r.id) or _posted_before(content, r)
        else:
            start = _posted_before(content, r)
        if start is not None:
            out.append((sources[r.id], max(0.0, (r.created_at - start).total_seconds())))
    return out


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TransparencyReport:
    """The numbers of one period; the web page, the API and tests all read this object."""

    since: datetime | None
    until: datetime | None  # exclusive
    generated_at: datetime
    policy_version: str
    total_actions: int
    by_category: dict[str, int]
    by_action: dict[str, int]
    by_language: dict[str, int]
    automated_vs_human: dict[str, int]
    by_automation: dict[str, int]
    by_source: dict[str, int]
    account_actions: dict[str, int]
    appeals: dict[str, int]
    appeal_reversal_rate: float | None
    appeal_median_time_s: float | None
    median_time_to_action_s: float | None
    median_time_by_source: dict[str, float | None]
    notices_received: int
    statements_of_reasons: int

    @property
    def last_day(self) -> date | None:
        """The last day included (the `to` date), since `until` is exclusive."""
        return (self.until - timedelta(days=1)).date() if self.until else None

    def to_json(self) -> dict[str, Any]:
        return {
            "period": {
                "from": self.since.date().isoformat() if self.since else None,
                "to": self.last_day.isoformat() if self.last_day else None,
            },
            "generated_at": self.generated_at.isoformat() + "Z",
            "policy_version": self.policy_version,
            "total_actions": self.total_actions,
            "by_category": self.by_category,
            "by_action": self.by_action,
            "by_language": self.by_language,
            "automated_vs_human": self.automated_vs_human,
            "by_automation": self.by_automation,
            "by_source": self.by_source,
            "account_actions": self.account_actions,
            "appeals": self.appeals,
            "appeal_reversal_rate": self.appeal_reversal_rate,
            "appeal_median_time_s": self.appeal_median_time_s,
            "median_time_to_action_s": self.median_time_to_action_s,
            "median_time_by_source": self.median_time_by_source,
            "notices_received": self.notices_received,
            "statements_of_reasons": self.statements_of_reasons,
        }


def language_group(lang: str | None) -> str:
    """en, zh (both scripts), mixed, und, or another ISO 639-1 code."""
    code = (lang or "und").strip().lower().replace("_", "-")
    return code.split("-")[0] or "und"


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return {k: v for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])) if v}


def _appeal_numbers(
    session: Session, since: datetime | None, until: datetime | None
) -> tuple[dict[str, int], float | None, float | None]:
    """Appeals filed in the period and what became of them (so the four numbers add up)."""
    period = in_period(Appeal.created_at, since, until)
    counts = {
        str(status): int(n)
        for status, n in session.execute(
            select(Appeal.status, func.count()).where(*period).group_by(Appeal.status)
        )
    }
    appeals = {
        "received": sum(counts.values()),
        "upheld": counts.get("upheld", 0),
        "reversed": counts.get("reversed", 0),
        "open": counts.get("open", 0),
    }
    decided = appeals["upheld"] + appeals["reversed"]
    rate = appeals["reversed"] / decided if decided else None
    waits = [
        max(0.0, (done - filed).total_seconds())
        for filed, done in session.execute(
            select(Appeal.created_at, Appeal.decided_at).where(
                Appeal.decided_at.is_not(None), *period
            )
        )
    ]
    return appeals, rate, _median(waits)


def report(
    session: Session, *, since: datetime | None = None, until: datetime | None = None
) -> TransparencyReport:
    """The transparency numbers of decisions made in [since, until) (open bounds: all time)."""
    categories: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    automation: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    accounts: Counter[str] = Counter()
    who: Counter[str] = Counter()
    statements = 0
    durations: list[tuple[str, float]] = []
    for batch in _action_rows(session, since, until):
        sources = {r.id: r.source for r in batch}
        for r in batch:
            categories[r.category or NO_CATEGORY] += 1
            actions[r.action_type] += 1
            languages[language_group(r.lang)] += 1
            automation[r.automated_decision] += 1
            by_source[sources[r.id]] += 1
            who["human" if r.human else "automated"] += 1
            kind = r.account_kind
            if kind:
                accounts[kind] += 1
            if r.restriction_type is not None:
                statements += 1
        durations.extend(_durations(session, batch, sources))
    appeals, reversal_rate, appeal_median = _appeal_numbers(session, since, until)
    notices = int(
        session.scalar(
            select(func.count())
            .select_from(Report)
            .where(*in_period(Report.created_at, since, until))
        )
        or 0
    )
    return TransparencyReport(
        since=since,
        until=until,
        generated_at=utcnow(),
        policy_version=enforced_policy().version,
        total_actions=sum(actions.values()),
        by_category=_ranked(categories),
        by_action={a: actions[a] for a in ACTION_TYPES if actions[a]}
        | _ranked(Counter({k: v for k, v in actions.items() if k not in ACTION_TYPES})),
        by_language=_ranked(languages),
        automated_vs_human={"automated": who["automated"], "human": who["human"]},
        by_automation={a: automation[a] for a in AUTOMATED_DECISION},
        by_source={s: by_source[s] for s in SOURCES},
        account_actions={k: accounts[k] for k in ACCOUNT_KINDS},
        appeals=appeals,
        appeal_reversal_rate=reversal_rate,
        appeal_median_time_s=appeal_median,
        median_time_to_action_s=_median([s for _, s in durations]),
        median_time_by_source={
            source: _median([s for src, s in durations if src == source]) for source in SOURCES
        },
        notices_received=notices,
        statements_of_reasons=statements,
    )
