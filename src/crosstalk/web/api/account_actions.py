"""API: moderators' view of an account and its actions, applying and lifting account actions,
and (admins) role changes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from crosstalk.community.accounts import get_user
from crosstalk.community.models import User
from crosstalk.safety.moderation import account_actions, context, roles
from crosstalk.web.deps import Db, require_admin, require_moderator, verify_api_csrf

router = APIRouter(tags=["review"], dependencies=[Depends(verify_api_csrf)])
Moderator = Annotated[User, Depends(require_moderator)]
Admin = Annotated[User, Depends(require_admin)]


class AccountActionIn(BaseModel):
    kind: str = Field(description="warning | limit | suspension | ban")
    clause_id: str = Field(min_length=1, max_length=64)
    duration_days: int | None = Field(
        default=None, ge=1, le=account_actions.MAX_DAYS, description="required for a suspension"
    )
    note: str = Field(default="", max_length=2000)


class LiftIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class RoleIn(BaseModel):
    role: str = Field(description="user | moderator | senior_moderator | admin")


class AccountOut(BaseModel):
    id: int
    username: str
    role: str
    created_at: datetime
    trust_level: int
    suspended_until: datetime | None
    removals: int
    actions: list[dict[str, Any]]


def _account_out(db: Db, target: User) -> AccountOut:
    history = context.author_history(db, target.id)
    return AccountOut(
        id=target.id,
        username=target.username,
        role=target.role,
        created_at=target.created_at,
        trust_level=target.trust_level,
        suspended_until=target.suspended_until,
        removals=int(history.get("removals", 0)),
        actions=[account_actions.as_dict(a) for a in account_actions.actions_for(db, target.id)],
    )


@router.get("/api/v1/review/accounts/{username}", response_model=AccountOut)
def get_account(username: str, db: Db, moderator: Moderator) -> AccountOut:
    return _account_out(db, get_user(db, username))


@router.post(
    "/api/v1/review/accounts/{username}/actions", status_code=201, response_model=dict[str, Any]
)
def act(username: str, body: AccountActionIn, db: Db, moderator: Moderator) -> dict[str, Any]:
    entry = account_actions.act_on_account(
        db,
        moderator,
        get_user(db, username),
        kind=body.kind,
        clause_id=body.clause_id,
        duration_days=body.duration_days,
        note=body.note,
    )
    db.commit()
    return account_actions.as_dict(entry)


@router.post("/api/v1/review/account-actions/{action_id}/lift", response_model=dict[str, Any])
def lift(action_id: int, body: LiftIn, db: Db, moderator: Moderator) -> dict[str, Any]:
    entry = account_actions.lift_by(db, moderator, action_id, body.reason)
    db.commit()
    return account_actions.as_dict(entry)


@router.put("/api/v1/admin/users/{username}/role", response_model=AccountOut)
def set_role(username: str, body: RoleIn, db: Db, admin: Admin) -> AccountOut:
    target = roles.change_role(db, admin, username, roles.parse_role(body.role))
    db.commit()
    return _account_out(db, target)
