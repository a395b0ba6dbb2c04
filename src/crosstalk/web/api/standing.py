"""API: the caller's account status: active restrictions and every account action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from crosstalk.safety.moderation import account_actions
from crosstalk.web.deps import CurrentUser, Db

router = APIRouter(tags=["accounts"])


class StandingOut(BaseModel):
    good_standing: bool
    suspended_until: datetime | None
    banned: bool
    limited_until: datetime | None
    actions: list[dict[str, Any]]


@router.get("/api/v1/me/standing", response_model=StandingOut)
def my_standing(db: Db, user: CurrentUser) -> StandingOut:
    s = account_actions.standing(db, user)
    limited_until = s.limited.ends_at if s.limited is not None else None
    return StandingOut(
        good_standing=s.good,
        suspended_until=None if s.banned else s.suspended_until,
        banned=s.banned,
        limited_until=limited_until,
        actions=[account_actions.as_dict(a) for a in s.actions],
    )
