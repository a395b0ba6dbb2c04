"""Pages: a moderator's view of an account (history, decisions, account actions) with forms to
warn, limit, suspend or ban it, to lift an action, and (admins) to change its role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from crosstalk.community.accounts import get_user
from crosstalk.community.models import Role, User
from crosstalk.safety.moderation import account_actions, context, roles
from crosstalk.safety.screening.policy import enforced_policy
from crosstalk.safety.transparency.models import Decision
from crosstalk.web.deps import Db, require_admin, require_moderator, verify_csrf
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import field, form_action, page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Moderator = Annotated[User, Depends(require_moderator)]
Admin = Annotated[User, Depends(require_admin)]


@router.get("/review/accounts/{username}")
def account_page(request: Request, username: str, db: Db, moderator: Moderator) -> Response:
    target = get_user(db, username)
    decisions = list(
        db.scalars(
            select(Decision)
            .where(Decision.author_id == target.id)
            .order_by(Decision.created_at.desc(), Decision.id.desc())
            .limit(30)
        )
    )
    return page(
        request,
        db,
        "review/account.html",
        {
            "tab": "review",
            "target": target,
            "history": context.author_history(db, target.id),
            "standing": account_actions.standing(db, target),
            "decisions": decisions,
            "clauses": list(enforced_policy().clauses),
            "kinds": account_actions.KINDS,
            "roles": [r.value for r in Role],
            "forever": account_actions.FOREVER,
        },
    )


def _duration(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


@router.post("/review/accounts/{username}/actions")
async def act(request: Request, username: str, db: Db, moderator: Moderator) -> Response:
    form = await request.form()
    target = get_user(db, username)
    url = f"/review/accounts/{target.username}"
    raw_days = field(form, "duration_days").strip()
    if raw_days and not raw_days.isdigit():
        request.session["flash"] = _("The duration must be a whole number of days.")
        return RedirectResponse(url, status_code=303)
    return form_action(
        request,
        db,
        lambda: account_actions.act_on_account(
            db,
            moderator,
            target,
            kind=field(form, "kind"),
            clause_id=field(form, "clause_id") or None,
            duration_days=_duration(raw_days),
            note=field(form, "note"),
        ),
        url=url,
        saved=_("Saved. The account owner was told why, and can appeal."),
    )


@router.post("/review/account-actions/{action_id}/lift")
async def lift(request: Request, action_id: int, db: Db, moderator: Moderator) -> Response:
    form = await request.form()
    entry = account_actions.get_action(db, action_id)
    target = db.get(User, entry.user_id)
    url = f"/review/accounts/{target.username}" if target is not None else "/review"
    return form_action(
        request,
        db,
        lambda: account_actions.lift_by(db, moderator, action_id, field(form, "reason")),
        url=url,
        saved=_("The action was lifted and the account owner was told."),
    )


@router.post("/review/accounts/{username}/role")
async def change_role(request: Request, username: str, db: Db, admin: Admin) -> Response:
    form = await request.form()
    target = get_user(db, username)
    url = f"/review/accounts/{target.username}"
    return form_action(
        request,
        db,
        lambda: roles.change_role(
            db, admin, target.username, roles.parse_role(field(form, "role"))
        ),
        url=url,
        saved=_("Role changed."),
    )
