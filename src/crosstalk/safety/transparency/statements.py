"""Statements of reasons for export: every restricting decision as one row in the field names
and values of the EU DSA Transparency Database, paged for JSON and streamed as CSV. Rows never
carry the content itself nor who reported it."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, defer

from crosstalk.community.models import Comment, Note, NoteImage, User
from crosstalk.config import get_settings
from crosstalk.safety.transparency.dsa import (
    AUTOMATED_DECISION,
    EEA,
    FIELDS,
    LIST_FIELDS,
    MAX_CHARS,
    dsa_category,
)
from crosstalk.safety.transparency.models import Decision
from crosstalk.safety.transparency.report import (
    ACCOUNT_KIND,
    BATCH,
    ROW_COLUMNS,
    DecisionRow,
    chunks,
    in_period,
    language_group,
)

# --- statements of reasons (DSA export) ---------------------------------------------------


@dataclass(frozen=True)
class Platform:
    """Who publishes the statements and where its rules live."""

    name: str
    base_url: str

    def policy_url(self, clause_id: str | None = None) -> str:
        """The public policy page, at the clause when there is one (its anchor)."""
        url = f"{self.base_url.rstrip('/')}/policy"
        return f"{url}#clause-{clause_id}" if clause_id else url

    @property
    def namespace(self) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, self.base_url.rstrip("/"))

    @classmethod
    def from_settings(cls) -> Platform:
        settings = get_settings()
        name = settings.platform_name.strip() or "crosstalk"
        return cls(name=name, base_url=settings.base_url)


@dataclass(frozen=True)
class ContentInfo:
    """What is known of the restricted item without reading its text."""

    created_at: datetime | None = None
    has_images: bool = False


def puid(decision_id: int) -> str:
    return f"crosstalk-decision-{decision_id}"


def iso_language(lang: str | None) -> str | None:
    """Two-letter ISO 639-1 code in upper case (EN, ZH); None for mixed or undetermined."""
    base = language_group(lang)
    return base.upper() if re.fullmatch(r"[a-z]{2}", base) else None


def _clip(text: str, field: str) -> str:
    limit = MAX_CHARS[field]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


_ITEM = {"note": "note", "comment": "comment", "profile": "profile", "account": "account"}
_OUTCOME = {
    "label": "labelled the {item}",
    "limit": "reduced how widely the {item} is shown",
    "hold": "hid the {item} until a person reviews it",
    "remove": "removed the {item}",
    "suspend": "removed the {item} and suspended its author's account",
}
_ACCOUNT_OUTCOME = {
    "warning": "warned the account",
    "limit": "limited how widely the account's posts are shown",
    "suspension": "suspended the account",
    "ban": "terminated the account",
}
_WHY = {
    "notice": "After a user report",
    "hold": "After automated screening held it",
    "appeal": "On appeal",
    "shadow": "On the moderators' own initiative",
}


def decision_facts(decision: Decision, *, trigger: str | None, reports: int) -> str:
    """The facts and circumstances for the public database, built from structured fields only:
    the stored circumstances quote matched passages, and the export never shows content."""
    item = _ITEM.get(decision.item_type, "item")
    if decision.item_type == "account":
        outcome = _ACCOUNT_OUTCOME.get(
            ACCOUNT_KIND.get(decision.action, ""), "restricted the account"
        )
    else:
        outcome = _OUTCOME.get(decision.action, "restricted the {item}").format(item=item)
    if "human" in (decision.stages or []):
        why = _WHY.get(trigger or "", "On the moderators' own initiative")
        text = f"{why}, a moderator {outcome}"
    elif reports > 0:
        plural = "s" if reports != 1 else ""
        text = f"After {reports} user report{plural}, automated screening {outcome}"
    else:
        text = f"Automated screening {outcome}"
    ground = decision.ground or {}
    clause_id = ground.get("clause_id") or decision.clause_id
    title = (ground.get("title") or {}).get("en")
    if clause_id:
        text += f", applying clause {clause_id}" + (f" ({title})" if title else "")
        text += f" of policy {decision.policy_version}"
    else:
        text += f" under policy {decision.policy_version}"
    if decision.rule_id:
        text += f" (rule {decision.rule_id})"
    text += "."
    if decision.ends_at is not None:
        text += f" The restriction ends on {decision.ends_at.date().isoformat()}."
    return _clip(text, "decision_facts")


def statement(
    decision: Decision,
    *,
    source: str,
    trigger: str | None = None,
    reports: int = 0,
    content: ContentInfo | None = None,
    platform: Platform,
) -> dict[str, Any]:
    """One statement of reasons of a restricting decision, as a dict over FIELDS (lists as
    lists, missing values as None)."""
    content = content or ContentInfo()
    visibility = [decision.visibility_restriction] if decision.visibility_restriction else []
    account = decision.account_restriction
    visibility_other = None
    if not visibility and not account:
        # A restriction stored without a DSA name still needs one: say what it was.
        visibility = ["DECISION_VISIBILITY_OTHER"]
        visibility_other = f"{decision.action} ({decision.item_type})"
    end = _day(decision.ends_at)
    ground = decision.ground or {}
    clause_id = ground.get("clause_id") or decision.clause_id
    title = (ground.get("title") or {}).get("en") or ""
    explanation = (
        decision.explanation_en
        or (ground.get("explanation") or {}).get("en")
        or f"The decision applies the {platform.name} community policy ({decision.policy_version})."
    )
    cat = dsa_category(ground.get("category"))
    if decision.item_type == "account":
        content_type, content_type_other = ["CONTENT_TYPE_OTHER"], "account"
    else:
        content_type = ["CONTENT_TYPE_TEXT"] + (
            ["CONTENT_TYPE_IMAGE"] if content.has_images else []
        )
        content_type_other = None
    the_puid = puid(decision.id)
    row: dict[str, Any] = {
        "uuid": str(uuid.uuid5(platform.namespace, the_puid)),
        "decision_visibility": visibility,
        "decision_visibility_other": visibility_other,
        "end_date_visibility_restriction": end if visibility and not account else None,
        "decision_monetary": None,
        "decision_monetary_other": None,
        "end_date_monetary_restriction": None,
        "decision_provision": None,
        "end_date_service_restriction": None,
        "decision_account": account,
        "end_date_account_restriction": end if account else None,
        "account_type": None,  # crosstalk has no business accounts to tell apart
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "decision_ground_reference_url": platform.policy_url(clause_id),
        "illegal_content_legal_ground": None,
        "illegal_content_explanation": None,
        "incompatible_content_ground": _clip(
            f"{clause_id} {title}".strip()
            if clause_id
            else f"{platform.name} community policy {decision.policy_version}",
            "incompatible_content_ground",
        ),
        "incompatible_content_explanation": _clip(explanation, "incompatible_content_explanation"),
        # The policy is the platform's own rules; it makes no finding about the law.
        "incompatible_content_illegal": "No",
        "category": cat.category,
        "category_addition": list(cat.additions),
        "category_specification": list(cat.keywords),
        "category_specification_other": cat.other,
        "content_type": content_type,
        "content_type_other": content_type_other,
        "content_language": iso_language(decision.lang),
        "content_date": _day(content.created_at) or _day(decision.created_at),
        "territorial_scope": list(EEA),
        "application_date": _day(decision.created_at),
        "decision_facts": decision_facts(decision, trigger=trigger, reports=reports),
        "source_type": "SOURCE_ARTICLE_16" if source == "notice" else "SOURCE_VOLUNTARY",
        # Never the reporter: the public record names no one.
        "source_identity": None,
        "automated_detection": "Yes" if decision.automated_detection else "No",
        "automated_decision": decision.automated_decision
        if decision.automated_decision in AUTOMATED_DECISION
        else "AUTOMATED_DECISION_NOT_AUTOMATED",
        "platform_name": platform.name,
        "puid": the_puid,
        "created_at": decision.created_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    return row


# Heavy columns the export never reads: the content snapshot, scores and the localized texts.
_DEFERRED = (
    Decision.text,
    Decision.facts,
    Decision.evidence,
    Decision.scores,
    Decision.judge_verdict,
    Decision.circumstances_en,
    Decision.circumstances_zh,
    Decision.explanation_zh,
    Decision.redress,
)


def _statement_filter(since: datetime | None, until: datetime | None) -> list[ColumnElement[bool]]:
    return [Decision.restriction_type.is_not(None), *in_period(Decision.created_at, since, until)]


def _contents(
    session: Session, decisions: Sequence[Decision]
) -> dict[tuple[str, int], ContentInfo]:
    def ids(*types: str) -> list[int]:
        return sorted({d.item_id for d in decisions if d.item_type in types})

    found: dict[tuple[str, int], ContentInfo] = {}
    note_ids = ids("note")
    for chunk in chunks(note_ids):
        with_images = set(
            session.scalars(
                select(NoteImage.note_id).where(NoteImage.note_id.in_(chunk)).distinct()
            )
        )
        for note_id, created in session.execute(
            select(Note.id, Note.created_at).where(Note.id.in_(chunk))
        ):
            found[("note", note_id)] = ContentInfo(created, note_id in with_images)
    for chunk in chunks(ids("comment")):
        for comment_id, created in session.execute(
            select(Comment.id, Comment.created_at).where(Comment.id.in_(chunk))
        ):
            found[("comment", comment_id)] = ContentInfo(created)
    for chunk in chunks(ids("profile", "account")):
        for user_id, created in session.execute(
            select(User.id, User.created_at).where(User.id.in_(chunk))
        ):
            found[("profile", user_id)] = found[("account", user_id)] = ContentInfo(created)
    return found


def _statement_query(
    since: datetime | None, until: datetime | None, after_id: int, limit: int
) -> Select[Any]:
    return (
        select(Decision, *ROW_COLUMNS)
        .options(*(defer(c) for c in _DEFERRED))
        .where(Decision.id > after_id, *_statement_filter(since, until))
        .order_by(Decision.id)
        .limit(limit)
    )


def statements(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    after_id: int = 0,
    limit: int | None = None,
    platform: Platform | None = None,
) -> Iterator[dict[str, Any]]:
    """The period's statements of reasons in decision order, after `after_id` (a keyset cursor),
    at most `limit` of them. Warnings and restorations restrict nothing, so they have none."""
    platform = platform or Platform.from_settings()
    left = limit if limit is not None else -1
    last = after_id
    while left != 0:
        size = BATCH if left < 0 else min(BATCH, left)
        result = list(session.execute(_statement_query(since, until, last, size)))
        if not result:
            return
        decisions = [r[0] for r in result]
        rows = [DecisionRow.of(r[1:]) for r in result]
        contents = _contents(session, decisions)
        for decision, row in zip(decisions, rows, strict=True):
            yield statement(
                decision,
                source=row.source,
                trigger=row.trigger,
                reports=row.reports,
                content=contents.get((decision.item_type, decision.item_id)),
                platform=platform,
            )
        last = rows[-1].id
        left = left - len(rows) if left > 0 else left


def next_cursor(
    session: Session,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    after_id: int = 0,
    limit: int,
) -> int | None:
    """The `after` value of the next page when more than `limit` statements follow `after_id`."""
    ids = list(
        session.scalars(
            select(Decision.id)
            .where(Decision.id > after_id, *_statement_filter(since, until))
            .order_by(Decision.id)
            .offset(limit - 1)
            .limit(2)
        )
    )
    return int(ids[0]) if len(ids) == 2 else None


def count_statements(
    session: Session, *, since: datetime | None = None, until: datetime | None = None
) -> int:
    stmt = select(func.count()).select_from(Decision).where(*_statement_filter(since, until))
    return int(session.scalar(stmt) or 0)


def csv_row(row: dict[str, Any]) -> dict[str, str]:
    """A statement as CSV cells: lists JSON-encoded (as in the database's CSV dumps), missing
    values empty."""
    cells: dict[str, str] = {}
    for name in FIELDS:
        value = row.get(name)
        if name in LIST_FIELDS:
            cells[name] = json.dumps(list(value or []), ensure_ascii=False)
        else:
            cells[name] = "" if value is None else str(value)
    return cells


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV export, header first, one chunk per statement (for streaming)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow(csv_row(row))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():  # header only: nothing in the period
        yield buffer.getvalue()
