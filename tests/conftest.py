"""Shared fixtures: every database test runs on SQLite and on the machine's real PostgreSQL.

Without a reachable PostgreSQL the PostgreSQL cases skip with a loud reason locally and fail
under CI=true, so a green CI always means both databases were exercised.
"""

from __future__ import annotations

import os
import socket
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from crosstalk.config import reset_settings_cache
from crosstalk.db import session as db_session

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_BASE = os.environ.get(
    "CROSSTALK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.5):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip loudly when a real server is missing; in CI a missing server is a failure."""
    if _reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: the real server is required)")
    warnings.warn(f"SKIPPING {name} TESTS: {message}", stacklevel=2)
    pytest.skip(f"{message} — start it to run these tests")


@pytest.fixture(autouse=True, scope="session")
def _isolated_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    base = tmp_path_factory.mktemp("crosstalk")
    os.environ["CROSSTALK_DATA_DIR"] = str(base / "var")
    os.environ["CROSSTALK_ENV"] = "test"
    os.environ["CROSSTALK_LOG_JSON"] = "false"
    os.environ["CROSSTALK_LOG_LEVEL"] = "WARNING"
    # The stage-2 LLM judge is exercised by its own tests; elsewhere it would only add
    # seconds per borderline post, so the suite screens with stage 1 + rules.
    os.environ.setdefault("CROSSTALK_JUDGE_MODEL", "")
    # Background jobs (feed-title translation) run only where a test asks for them.
    os.environ.setdefault("CROSSTALK_WORKER_MODE", "off")
    os.environ.pop("CROSSTALK_DATABASE_URL", None)
    reset_settings_cache()
    yield


def _truncate(url: str) -> None:
    from crosstalk.db.registry import metadata

    engine = db_session.get_engine(url)
    existing = set(inspect(engine).get_table_names())
    tables = [t.name for t in reversed(metadata.sorted_tables) if t.name in existing]
    with engine.begin() as conn:
        if url.startswith("postgresql"):
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


_migrated: dict[str, str] = {}


def _prepare(backend: str, tmp_root: Path) -> str:
    if backend in _migrated:
        return _migrated[backend]
    from crosstalk.db.migrate import upgrade

    if backend == "sqlite":
        url = f"sqlite:///{(tmp_root / 'test.db').as_posix()}"
    else:
        schema = f"ct_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_BASE)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        url = f"{PG_BASE}?options=-csearch_path%3D{schema}"
        _pg_schemas.append(schema)
    upgrade(url)
    _migrated[backend] = url
    return url


_pg_schemas: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_schemas() -> Iterator[None]:
    yield
    db_session.dispose_all()
    if _pg_schemas:
        admin = create_engine(PG_BASE)
        with admin.begin() as conn:
            for schema in _pg_schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database: SQLite file and real PostgreSQL (schema per test run)."""
    if request.param == "postgres":
        require_service("PostgreSQL", "127.0.0.1", 5432)
    url = _prepare(request.param, tmp_path_factory.getbasetemp())
    _truncate(url)
    os.environ["CROSSTALK_DATABASE_URL"] = url
    reset_settings_cache()
    yield url
    os.environ.pop("CROSSTALK_DATABASE_URL", None)
    reset_settings_cache()


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite only, for tests about the embedded default itself."""
    url = _prepare("sqlite", tmp_path_factory.getbasetemp())
    _truncate(url)
    os.environ["CROSSTALK_DATABASE_URL"] = url
    reset_settings_cache()
    yield url
    os.environ.pop("CROSSTALK_DATABASE_URL", None)
    reset_settings_cache()


@pytest.fixture
def db(db_url: str) -> Iterator[db_session.Session]:
    session = db_session.session_factory(db_url)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
