"""Role changes (user, moderator, senior moderator, admin), each recorded in the audit log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.accounts import get_user, set_role
from crosstalk.community.errors import ValidationFailed
from crosstalk.community.models import Role, User
from crosstalk.safety.audit import log as audit


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValidationFailed(
            f"Unknown role '{value}'. Use one of: {known}.",
            f"未知角色“{value}”。可选：{known}。",
            field="role",
        ) from None


def change_role(session: Session, actor: User | None, username: str, role: Role) -> User:
    """Give `username` a role; `actor` None is the operator at the command line."""
    target = get_user(session, username)
    before = target.role
    if actor is not None:
        set_role(session, actor, target, role)  # refuses anyone but an admin
    else:
        target.role = role.value
        session.flush()
    if before != role.value:
        audit.record(
            session,
            actor_id=actor.id if actor is not None else None,
            action="role.change",
            target_type="user",
            target_id=target.id,
            details={"username": target.username, "from": before, "to": role.value},
        )
    return target


def record_created(session: Session, user: User) -> None:
    """An account created with a staff role (CLI) is a role change from nothing."""
    if user.role != Role.USER.value:
        audit.record(
            session,
            actor_id=None,
            action="role.change",
            target_type="user",
            target_id=user.id,
            details={"username": user.username, "from": None, "to": user.role},
        )
