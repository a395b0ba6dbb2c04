"""Migration 0005_review creates exactly the review tables the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from crosstalk.db.migrate import upgrade
from crosstalk.db.registry import metadata
from crosstalk.db.session import make_engine


def test_upgrade_creates_the_review_tables_matching_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'r.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    try:
        assert {"review_items", "appeals"} <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            ours = ("review_items", "appeals")
            diff = [d for d in compare_metadata(ctx, metadata) if any(t in repr(d) for t in ours)]
        assert diff == []
    finally:
        engine.dispose()
