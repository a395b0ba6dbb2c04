"""Runs Alembic migrations programmatically (used by `crosstalk migrate`, `make run` and tests)."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from crosstalk.config import get_settings
from crosstalk.db.session import get_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates '%'; URLs carry %-escapes (passwords, options), so double them.
    url = url or get_settings().effective_database_url
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    command.upgrade(alembic_config(url), revision)


def current_heads(url: str | None = None) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def is_migrated(url: str | None = None) -> bool:
    return inspect(get_engine(url)).has_table("alembic_version")


@functools.lru_cache(maxsize=1)
def script_heads() -> frozenset[str]:
    """The newest revision of every migration branch this code ships."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def pending(url: str | None = None) -> set[str]:
    """Heads this code has that the database has not reached (empty: fully migrated)."""
    return set(script_heads()) - current_heads(url)
