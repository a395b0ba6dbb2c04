"""Screening tables: shadow decisions, the judge cache, velocity events, and near-duplicate
signatures and clusters.

Items are referenced by (item_type, item_id) rather than foreign keys: the safety package screens
notes, comments and profiles without importing the community models.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from crosstalk.db.base import Base, utcnow


class ShadowDecision(Base):
    """What a shadow policy would have done for a screened item; logged, never applied."""

    __tablename__ = "safety_shadow_decisions"
    __table_args__ = (Index("ix_safety_shadow_decisions_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("safety_decisions.id", ondelete="CASCADE"), index=True
    )
    item_type: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    policy_version: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(10))
    rule_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    clause_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    enforced_policy_version: Mapped[str] = mapped_column(String(40))
    enforced_action: Mapped[str] = mapped_column(String(10))
    enforced_clause_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def disagrees(self) -> bool:
        return (self.action, self.clause_id) != (self.enforced_action, self.enforced_clause_id)


class JudgeCacheEntry(Base):
    """A stage-2 verdict, reused for the same text under the same policy version and model."""

    __tablename__ = "safety_judge_cache"
    __table_args__ = (UniqueConstraint("text_hash", "policy_version", "model"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    policy_version: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(120))
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class VelocityEvent(Base):
    """One post counted against a key (account, IP or content fingerprint) for sliding windows."""

    __tablename__ = "safety_velocity_events"
    __table_args__ = (Index("ix_safety_velocity_events_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DuplicateCluster(Base):
    """A group of near-identical items (MinHash LSH); its size drives the surge rules."""

    __tablename__ = "safety_clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(Integer, default=1)
    sample: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Signature(Base):
    """The MinHash of one item, persisted so the LSH index and clusters survive restarts."""

    __tablename__ = "safety_signatures"
    __table_args__ = (
        Index("ix_safety_signatures_item", "item_type", "item_id"),
        Index("ix_safety_signatures_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_type: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("safety_clusters.id", ondelete="CASCADE"), index=True
    )
    hashvalues: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
