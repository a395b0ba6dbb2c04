"""Migration 0013_first_day creates the block and mute tables exactly as the models say."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from crosstalk.db.migrate import upgrade
from crosstalk.db.registry import metadata
from crosstalk.db.session import make_engine


def test_upgrade_creates_block_and_mute_tables_matching_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'm.db').as_posix()}"
    upgrade(url)
    engine = make_engine(url)
    try:
        assert {"user_blocks", "user_mutes"} <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [
                d
                for d in compare_metadata(ctx, metadata)
                if "user_blocks" in repr(d) or "user_mutes" in repr(d)
            ]
        assert diff == []
    finally:
        engine.dispose()
