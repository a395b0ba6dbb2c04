"""Decisions store what they rest on as columns: source (notice | own_initiative), category,
trigger, actor and the decision they replace or follow. Existing rows are filled from the
JSON they kept these in, walking each chain once, oldest first.

Revision ID: 0007_decision_basis
Revises: 0006_audit_accounts
Create Date: 2026-12-01
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007_decision_basis"
down_revision: str | Sequence[str] | None = "0006_audit_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value or "{}")
    return value if isinstance(value, dict) else {}


def _fill(conn: sa.Connection) -> None:
    table = sa.table(
        "safety_decisions",
        sa.column("id", sa.Integer),
        sa.column("facts", sa.JSON),
        sa.column("ground", sa.JSON),
        sa.column("stages", sa.JSON),
        sa.column("source", sa.String),
        sa.column("category", sa.String),
        sa.column("trigger", sa.String),
        sa.column("actor_id", sa.Integer),
        sa.column("previous_id", sa.Integer),
    )
    # id -> (source, category) of rows already filled: a decision only follows older ones.
    known: dict[int, tuple[str, str | None]] = {}
    last = 0
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.facts, table.c.ground, table.c.stages)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for row_id, facts_raw, ground_raw, stages_raw in rows:
            facts, ground = _json(facts_raw), _json(ground_raw)
            stages = stages_raw if isinstance(stages_raw, list) else json.loads(stages_raw or "[]")
            review = facts.get("review") or {}
            category = ground.get("category")
            previous = review.get("previous_decision_id")
            previous = int(previous) if previous is not None else None
            if "human" in stages:
                trigger = review.get("source") or "shadow"
                earlier = known.get(previous) if previous is not None else None
                if trigger == "notice":
                    source = "notice"
                elif trigger in ("hold", "shadow") or earlier is None:
                    source = "own_initiative"
                else:
                    source = earlier[0]
                if category is None and earlier is not None:
                    category = earlier[1]
                actor = review.get("moderator_id")
                actor = int(actor) if actor is not None else None
            else:
                reports = int(facts.get("reports") or 0)
                trigger = "report" if reports > 0 else "screening"
                source = "notice" if reports > 0 else "own_initiative"
                actor = None
            known[int(row_id)] = (source, category)
            conn.execute(
                table.update()
                .where(table.c.id == row_id)
                .values(
                    source=source,
                    category=category,
                    trigger=trigger,
                    actor_id=actor,
                    previous_id=previous,
                )
            )
        last = int(rows[-1][0])


def upgrade() -> None:
    with op.batch_alter_table("safety_decisions") as batch:
        batch.add_column(
            sa.Column("source", sa.String(20), nullable=False, server_default="own_initiative")
        )
        batch.add_column(sa.Column("category", sa.String(40), nullable=True))
        batch.add_column(
            sa.Column("trigger", sa.String(20), nullable=False, server_default="screening")
        )
        batch.add_column(sa.Column("actor_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch.create_index("ix_safety_decisions_actor_id", ["actor_id"])
    _fill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("safety_decisions") as batch:
        batch.drop_index("ix_safety_decisions_actor_id")
        for name in ("previous_id", "actor_id", "trigger", "category", "source"):
            batch.drop_column(name)
