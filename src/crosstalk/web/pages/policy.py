"""Pages: the community policy anyone can read (every clause decisions cite, with its rules),
and the admins' policy editor (validated, version-bumped, audited)."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from crosstalk.community.errors import CommunityError
from crosstalk.community.models import User
from crosstalk.safety.screening.policy import enforced_policy, shadow_policy
from crosstalk.safety.screening.policy_edit import (
    editable,
    enforced_policy_text,
    replace_enforced_policy,
)
from crosstalk.web.deps import Db, require_admin, verify_csrf
from crosstalk.web.i18n import current_locale
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import field, page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Admin = Annotated[User, Depends(require_admin)]


@router.get("/policy")
def policy_page(request: Request, db: Db) -> Response:
    policy = enforced_policy()
    rules: dict[str, list[str]] = defaultdict(list)
    for rule in policy.rules:
        rules[rule.clause].append(rule.action)
    return page(
        request,
        db,
        "policy.html",
        {
            "policy": policy,
            "actions": {c: sorted(set(a)) for c, a in rules.items()},
            "lkey": "zh-Hans" if current_locale.get() == "zh_Hans" else "en",
        },
    )


@router.get("/review/admin/policy")
def policy_editor(request: Request, db: Db, admin: Admin) -> Response:
    shadow = shadow_policy()
    return page(
        request,
        db,
        "review/policy_edit.html",
        {
            "tab": "review",
            "policy": enforced_policy(),
            "text": enforced_policy_text(),
            "editable": editable(),
            "shadow_version": shadow.version if shadow else None,
            "errors": {},
        },
    )


@router.post("/review/admin/policy")
async def save_policy(request: Request, db: Db, admin: Admin) -> Response:
    form = await request.form()
    text = field(form, "yaml")
    try:
        policy = replace_enforced_policy(db, admin, text)
    except CommunityError as exc:
        db.rollback()
        return page(
            request,
            db,
            "review/policy_edit.html",
            {
                "tab": "review",
                "policy": enforced_policy(),
                "text": text,
                "editable": editable(),
                "shadow_version": None,
                "errors": {"yaml": exc.message(current_locale.get())},
            },
            status_code=exc.status,
        )
    request.session["flash"] = _("Policy version %(v)s is now enforced.") % {"v": policy.version}
    return RedirectResponse("/review/admin/policy", status_code=303)
