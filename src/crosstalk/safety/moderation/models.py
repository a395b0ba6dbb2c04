"""Tables of the human side of moderation: review queue items, users' appeals and the actions
taken on accounts (warnings, limits, suspensions, bans).

Items reference content by (item_type, item_id) like safety decisions do; decisions are never
deleted, so a review or an appeal always points at the decision it is about.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crosstalk.db.base import Base, utcnow


class ReviewItem(Base):
    """One piece of content (or one appeal) waiting for, or decided by, a person."""

    __tablename__ = "review_items"
    __table_args__ = (
        Index("ix_review_items_item", "item_type", "item_id"),
        Index("ix_review_items_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_type: Mapped[str] = mapped_column(String(20))  # note | comment | profile
    item_id: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10))  # hold | notice | appeal | shadow
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | decided
    author_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lang: Mapped[str] = mapped_column(String(16), default="und")
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    clause_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # what is reviewed
    cluster_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    appeal_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    severity: Mapped[float] = mapped_column(Float, default=1.0)
    reach: Mapped[float] = mapped_column(Float, default=1.0)
    claimed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    first_claimed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decided_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome_decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Appeal(Base):
    """A user contesting a decision about their content or account (DSA Art. 20)."""

    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_decision_id", "decision_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(Integer, index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | upheld | reversed
    decided_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome_decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AccountAction(Base):
    """A warning, limit, suspension or ban of an account (Mastodon-style strikes).

    `decision_id` is the content decision it came with (if any); `account_decision_id` is its
    own Decision, which carries the statement of reasons and is what the user can appeal.
    Actions are lifted, never deleted, so the history stays readable.
    """

    __tablename__ = "account_actions"
    __table_args__ = (Index("ix_account_actions_user_id", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))  # warning | limit | suspension | ban
    clause_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    account_decision_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    moderator_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: automated
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # None: open-ended
    lifted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    lifted_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lift_reason: Mapped[str] = mapped_column(Text, default="")

    def active(self, now: datetime) -> bool:
        if self.kind == "warning" or self.lifted_at is not None:
            return False
        return self.ends_at is None or self.ends_at > now
