"""Migration 0003_safety creates exactly the tables the safety models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from crosstalk.db.migrate import upgrade
from crosstalk.db.registry import metadata
from crosstalk.db.session import make_engine

SAFETY_TABLES = {
    "safety_decisions",
    "safety_shadow_decisions",
    "safety_judge_cache",
    "safety_velocity_events",
    "safety_clusters",
    "safety_signatures",
}


def test_upgrade_creates_the_safety_tables_matching_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'm.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= SAFETY_TABLES
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [d for d in compare_metadata(ctx, metadata) if "safety_" in repr(d)]
        assert diff == []
    finally:
        engine.dispose()
