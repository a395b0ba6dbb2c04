"""Safety tables: decisions (with statement of reasons), shadow decisions, judge cache,
velocity events, near-duplicate clusters and signatures.

Revision ID: 0003_safety
Revises: 0001_community
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_safety"
down_revision: str | Sequence[str] | None = "0001_community"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "safety_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_type", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("clause_id", sa.String(length=64), nullable=True),
        sa.Column("policy_version", sa.String(length=40), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("judge_verdict", sa.JSON(), nullable=True),
        sa.Column("judge_skipped", sa.String(length=40), nullable=True),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("restriction_type", sa.String(length=30), nullable=True),
        sa.Column("visibility_restriction", sa.String(length=60), nullable=True),
        sa.Column("account_restriction", sa.String(length=60), nullable=True),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("circumstances_en", sa.Text(), nullable=False),
        sa.Column("circumstances_zh", sa.Text(), nullable=False),
        sa.Column("automated_detection", sa.Boolean(), nullable=False),
        sa.Column("automated_decision", sa.String(length=40), nullable=False),
        sa.Column("ground", sa.JSON(), nullable=False),
        sa.Column("explanation_en", sa.Text(), nullable=False),
        sa.Column("explanation_zh", sa.Text(), nullable=False),
        sa.Column("redress", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_decisions")),
    )
    op.create_index("ix_safety_decisions_author_id", "safety_decisions", ["author_id"])
    op.create_index("ix_safety_decisions_created_at", "safety_decisions", ["created_at"])
    op.create_index("ix_safety_decisions_item", "safety_decisions", ["item_type", "item_id"])

    op.create_table(
        "safety_shadow_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("item_type", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("clause_id", sa.String(length=64), nullable=True),
        sa.Column("enforced_policy_version", sa.String(length=40), nullable=False),
        sa.Column("enforced_action", sa.String(length=10), nullable=False),
        sa.Column("enforced_clause_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["safety_decisions.id"],
            name=op.f("fk_safety_shadow_decisions_decision_id_safety_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_shadow_decisions")),
    )
    op.create_index(
        op.f("ix_safety_shadow_decisions_decision_id"), "safety_shadow_decisions", ["decision_id"]
    )
    op.create_index(
        "ix_safety_shadow_decisions_created_at", "safety_shadow_decisions", ["created_at"]
    )

    op.create_table(
        "safety_judge_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("policy_version", sa.String(length=40), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_judge_cache")),
        sa.UniqueConstraint(
            "text_hash", "policy_version", "model", name=op.f("uq_safety_judge_cache_text_hash")
        ),
    )

    op.create_table(
        "safety_velocity_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_velocity_events")),
    )
    op.create_index("ix_safety_velocity_events_key_at", "safety_velocity_events", ["key", "at"])

    op.create_table(
        "safety_clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sample", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_clusters")),
    )

    op.create_table(
        "safety_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_type", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("hashvalues", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["safety_clusters.id"],
            name=op.f("fk_safety_signatures_cluster_id_safety_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_signatures")),
    )
    op.create_index(op.f("ix_safety_signatures_cluster_id"), "safety_signatures", ["cluster_id"])
    op.create_index("ix_safety_signatures_created_at", "safety_signatures", ["created_at"])
    op.create_index("ix_safety_signatures_item", "safety_signatures", ["item_type", "item_id"])


def downgrade() -> None:
    op.drop_table("safety_signatures")
    op.drop_table("safety_clusters")
    op.drop_table("safety_velocity_events")
    op.drop_table("safety_judge_cache")
    op.drop_table("safety_shadow_decisions")
    op.drop_table("safety_decisions")
