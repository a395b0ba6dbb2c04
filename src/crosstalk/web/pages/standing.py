"""Page: a person's own account status (Mastodon-style): account actions and decisions about
their content, each with its statement of reasons and a way to appeal."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from crosstalk.safety.moderation import account_actions
from crosstalk.safety.transparency.models import Decision
from crosstalk.web.deps import CurrentUser, Db, verify_csrf
from crosstalk.web.pages.common import page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


@router.get("/account/standing")
def standing_page(request: Request, db: Db, user: CurrentUser) -> Response:
    content_decisions = list(
        db.scalars(
            select(Decision)
            .where(
                Decision.author_id == user.id,
                Decision.item_type != "account",
                Decision.action != "allow",
            )
            .order_by(Decision.created_at.desc(), Decision.id.desc())
            .limit(50)
        )
    )
    return page(
        request,
        db,
        "standing.html",
        {
            "standing": account_actions.standing(db, user),
            "content_decisions": content_decisions,
            "forever": account_actions.FOREVER,
        },
    )
