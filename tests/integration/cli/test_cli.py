"""The operator's command line: migrate, seed the demo, create accounts, clear errors."""

from __future__ import annotations

from sqlalchemy import func, select
from typer.testing import CliRunner

from crosstalk.cli import app
from crosstalk.community.models import Comment, Note, User

runner = CliRunner()


def test_migrate_is_idempotent(db_url: str) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["migrate"])
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_seed_demo_writes_a_bilingual_community_once(db_url: str, db) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["seed", "--demo", "--no-images"])
    assert result.exit_code == 0, result.output
    assert "Seeded" in result.output
    users = db.scalar(select(func.count(User.id)))
    notes = db.scalars(select(Note)).all()
    assert 18 <= users <= 25 and 90 <= len(notes) <= 110
    zh = sum(1 for n in notes if n.lang.startswith("zh"))
    assert 0.35 <= zh / len(notes) <= 0.65
    assert all(n.state == "visible" for n in notes)
    # The demo's own comments pass screening too (a cat breed once read as a slur).
    held = db.scalars(select(Comment).where(Comment.state != "visible")).all()
    assert [c.body for c in held] == []
    again = runner.invoke(app, ["seed", "--demo"])
    assert again.exit_code == 0 and "already has accounts" in again.output
    assert db.scalar(select(func.count(User.id))) == users


def test_seed_without_flag_is_a_usage_error(db_url: str) -> None:
    result = runner.invoke(app, ["seed"])
    assert result.exit_code == 2
    assert "--demo" in result.output


def test_user_create_with_roles_and_errors(db_url: str, db) -> None:  # type: ignore[no-untyped-def]
    ok = runner.invoke(
        app, ["user", "create", "root_admin", "--admin", "--password", "long enough pw"]
    )
    assert ok.exit_code == 0, ok.output
    mod = runner.invoke(
        app, ["user", "create", "moddy", "--moderator", "--password", "long enough pw"]
    )
    assert mod.exit_code == 0
    roles = {u.username: u.role for u in db.scalars(select(User))}
    assert roles == {"root_admin": "admin", "moddy": "moderator"}
    dup = runner.invoke(app, ["user", "create", "moddy", "--password", "long enough pw"])
    assert dup.exit_code == 1 and "already taken" in dup.output
    bad = runner.invoke(app, ["user", "create", "x", "--password", "long enough pw"])
    assert bad.exit_code == 1 and "Username" in bad.output
    both = runner.invoke(
        app, ["user", "create", "two", "--admin", "--moderator", "--password", "long enough pw"]
    )
    assert both.exit_code == 2
    role = runner.invoke(app, ["user", "set-role", "moddy", "emperor"])
    assert role.exit_code == 2
