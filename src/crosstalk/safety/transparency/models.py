"""The decision table: one row per screening or moderator decision, a snapshot of what was
decided, why (clause, facts) and how to contest it (the EU DSA Art. 17 statement of reasons).

Items are referenced by (item_type, item_id) rather than foreign keys: the safety package decides
about notes, comments, profiles and accounts without owning their tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crosstalk.db.base import Base, utcnow


class Decision(Base):
    """One screening of one item: what happened, why (clause + facts), and how to contest it.

    The columns after `cluster_id` are the EU DSA Art. 17 statement of reasons, stored as
    written at decision time so later policy edits cannot change what a user was told.
    """

    __tablename__ = "safety_decisions"
    __table_args__ = (
        Index("ix_safety_decisions_item", "item_type", "item_id"),
        Index("ix_safety_decisions_created_at", "created_at"),
        Index("ix_safety_decisions_author_id", "author_id"),
        Index("ix_safety_decisions_actor_id", "actor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_type: Mapped[str] = mapped_column(String(20))  # note | comment | profile
    item_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lang: Mapped[str] = mapped_column(String(16), default="und")
    text: Mapped[str] = mapped_column(Text, default="")  # snapshot: the item may be edited later
    text_hash: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(
        String(10)
    )  # allow | label | limit | hold | remove | suspend
    visibility: Mapped[str] = mapped_column(String(10))  # visible | limited | held | removed
    rule_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    clause_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    policy_version: Mapped[str] = mapped_column(String(40))
    scores: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # rules.Facts; a note
    stages: Mapped[list[str]] = mapped_column(JSON, default=list)  # stage1, rules, surge, judge
    judge_verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    judge_skipped: Mapped[str | None] = mapped_column(String(40), nullable=True)
    cluster_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # --- what the decision rests on, as known when it was made (reports read these) --------
    source: Mapped[str] = mapped_column(String(20), default="own_initiative")  # | notice
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)  # clause category
    trigger: Mapped[str] = mapped_column(String(20), default="screening")  # decisions.TRIGGERS
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: the engine
    previous_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # replaced/followed
    # --- statement of reasons (DSA Art. 17) ------------------------------------------------
    restriction_type: Mapped[str | None] = mapped_column(String(30), nullable=True)
    visibility_restriction: Mapped[str | None] = mapped_column(String(60), nullable=True)
    account_restriction: Mapped[str | None] = mapped_column(String(60), nullable=True)
    scope: Mapped[str] = mapped_column(String(40), default="item")
    ends_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    circumstances_en: Mapped[str] = mapped_column(Text, default="")
    circumstances_zh: Mapped[str] = mapped_column(Text, default="")
    automated_detection: Mapped[bool] = mapped_column(Boolean, default=True)
    automated_decision: Mapped[str] = mapped_column(String(40))
    ground: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # clause snapshot
    explanation_en: Mapped[str] = mapped_column(Text, default="")
    explanation_zh: Mapped[str] = mapped_column(Text, default="")
    redress: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def statement_of_reasons(self, locale: str = "en") -> dict[str, Any]:
        """The statement of reasons as structured data in `locale` (en or zh-Hans)."""
        from crosstalk.safety.transparency.reasons import statement_of_reasons

        return statement_of_reasons(self, locale)

    def render_statement(self, locale: str = "en") -> str:
        """The statement of reasons as plain text a user can read, in `locale`."""
        from crosstalk.safety.transparency.reasons import render_statement

        return render_statement(self, locale)
