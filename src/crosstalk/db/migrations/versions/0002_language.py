"""Language tables: translation cache, glossary terms and glossary versions (edit log).

Revision ID: 0002_language
Revises: 0001_community
Create Date: 2026-11-24
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import resources

import sqlalchemy as sa
import yaml
from alembic import op

from crosstalk.language.glossary import expand

revision: str = "0002_language"
down_revision: str | Sequence[str] | None = "0001_community"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "translation_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_lang", sa.String(length=16), nullable=False),
        sa.Column("target_lang", sa.String(length=16), nullable=False),
        sa.Column("backend", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("glossary_version", sa.Integer(), nullable=False),
        sa.Column("translated_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_cache")),
    )
    op.create_index(op.f("ix_translation_cache_key"), "translation_cache", ["key"], unique=True)
    terms = op.create_table(
        "glossary_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_lang", sa.String(length=8), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("translation", sa.String(length=200), nullable=True),
        sa.Column("note_en", sa.Text(), nullable=False),
        sa.Column("note_zh", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_terms")),
        sa.UniqueConstraint("source_lang", "term", name="uq_glossary_terms_lang_term"),
    )
    versions = op.create_table(
        "glossary_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=True),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_versions")),
    )
    # Seed the glossary (slang and names) so a fresh install translates them from the start.
    now = datetime.now(UTC).replace(tzinfo=None)
    seed = resources.files("crosstalk.language").joinpath("glossary_seed.yaml").read_text("utf-8")
    rows, seen = [], set()
    for row in expand(yaml.safe_load(seed) or {}):
        key = (row["source_lang"], row["term"].lower())
        if key not in seen:
            seen.add(key)
            rows.append({**row, "created_at": now, "updated_at": now})
    op.bulk_insert(terms, rows)
    op.bulk_insert(versions, [{"action": "import", "term": "seed", "created_at": now}])


def downgrade() -> None:
    op.drop_table("glossary_versions")
    op.drop_table("glossary_terms")
    op.drop_index(op.f("ix_translation_cache_key"), table_name="translation_cache")
    op.drop_table("translation_cache")
