"""Migration 0002 creates exactly the language tables the models describe, with seed terms."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from crosstalk.db.migrate import upgrade
from crosstalk.db.registry import metadata
from crosstalk.db.session import get_engine, session_factory
from crosstalk.language import glossary
from crosstalk.language.models import GlossaryTerm

LANGUAGE_TABLES = {"translation_cache", "glossary_terms", "glossary_versions"}


def test_migration_matches_the_models_and_seeds_the_glossary(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'fresh.db').as_posix()}"
    upgrade(url)
    with get_engine(url).connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    ours = [d for d in diffs if any(t in repr(d) for t in LANGUAGE_TABLES)]
    assert ours == []
    session = session_factory(url)()
    try:
        assert glossary.current_version(session) == 1
        assert (session.scalar(select(func.count()).select_from(GlossaryTerm)) or 0) >= 40
    finally:
        session.close()
