"""The `crosstalk` command: serve, migrate, seed, users, and each capability's sub-commands."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from crosstalk.config import get_settings
from crosstalk.language import commands as language_commands
from crosstalk.safety.audit import commands as audit_commands
from crosstalk.safety.screening import commands as screening_commands

app = typer.Typer(help="crosstalk — bilingual community platform.", no_args_is_help=True)
user_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (Alembic `upgrade heads`)."""
    from crosstalk.db.migrate import upgrade

    try:
        upgrade()
    except Exception as exc:
        raise fail(f"Migration failed: {exc}") from exc
    typer.echo(f"Database is up to date: {_redacted(get_settings().effective_database_url)}")


@app.command()
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Write the bilingual demo content.")] = False,
    no_images: Annotated[bool, typer.Option("--no-images", help="Skip demo pictures.")] = False,
) -> None:
    """Seed the database (only when it has no accounts yet)."""
    if not demo:
        raise fail("Nothing to do: pass --demo to write the demo content.", 2)
    from crosstalk.db.session import session_scope
    from crosstalk.demo.seed import DEMO_PASSWORD, seed_demo

    with session_scope() as session:
        report = seed_demo(session, with_images=not no_images)
    if report.seeded:
        typer.echo(
            f"Seeded {report.users} people, {report.notes} notes, {report.comments} comments. "
            f"Every demo account's password is '{DEMO_PASSWORD}' "
            "(admin: 'crosstalk_team', moderator: 'mod_lin')."
        )
    else:
        typer.echo("The database already has accounts; demo not written.")


@user_app.command("create")
def user_create(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    admin: Annotated[bool, typer.Option("--admin")] = False,
    moderator: Annotated[bool, typer.Option("--moderator")] = False,
    senior_moderator: Annotated[bool, typer.Option("--senior-moderator")] = False,
    display_name: Annotated[str, typer.Option("--display-name")] = "",
    lang: Annotated[list[str] | None, typer.Option("--lang", help="en, zh-Hans, zh-Hant")] = None,
) -> None:
    """Create an account (optionally a moderator or an admin)."""
    from crosstalk.community.accounts import create_account
    from crosstalk.community.errors import CommunityError
    from crosstalk.community.models import Role
    from crosstalk.db.session import session_scope
    from crosstalk.safety.moderation.roles import record_created

    if sum([admin, moderator, senior_moderator]) > 1:
        raise fail("Choose one of --admin, --moderator, --senior-moderator.", 2)
    role = (
        Role.ADMIN
        if admin
        else Role.SENIOR_MODERATOR
        if senior_moderator
        else Role.MODERATOR
        if moderator
        else Role.USER
    )
    try:
        with session_scope() as session:
            user = create_account(
                session,
                username,
                password,
                display_name=display_name,
                langs_write=lang,
                role=role,
                allow_reserved=True,
            )
            record_created(session, user)
            typer.echo(f"Created {role.value} '{user.username}' (id {user.id}).")
    except CommunityError as exc:
        raise fail(exc.message_en, 1) from exc


@user_app.command("set-role")
def user_set_role(username: str, role: str) -> None:
    """Change an account's role: user, moderator, senior_moderator or admin (audited)."""
    from crosstalk.community.errors import CommunityError
    from crosstalk.db.session import session_scope
    from crosstalk.safety.moderation.roles import change_role, parse_role

    try:
        parsed = parse_role(role)
    except CommunityError as exc:
        raise fail(exc.message_en, 2) from exc
    try:
        with session_scope() as session:
            change_role(session, None, username, parsed)
    except CommunityError as exc:
        raise fail(exc.message_en) from exc
    typer.echo(f"{username} is now {role}.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    reload: Annotated[bool, typer.Option()] = False,
) -> None:
    """Serve the web app and API (with the embedded worker when configured)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "crosstalk.web.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        proxy_headers=False,
        log_config=None,
    )


def _redacted(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


# Each capability's sub-commands, imported by name: a renamed or missing module is an
# ImportError, never a command that silently disappears.
app.registered_commands += language_commands.app.registered_commands
app.registered_groups += language_commands.app.registered_groups
app.add_typer(screening_commands.policy_app, name="policy")
app.add_typer(screening_commands.safety_app, name="safety")
app.add_typer(audit_commands.audit_app, name="audit")
app.command("moderate")(screening_commands.moderate)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
