"""Pages: the audit log for moderators (filters, paging, who did what to what) and, for
admins, exports and a live check of the hash chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from crosstalk.community.models import User
from crosstalk.safety.audit import log as audit
from crosstalk.web.api.audit import filters_from
from crosstalk.web.deps import Db, require_admin, require_moderator, verify_csrf
from crosstalk.web.i18n import current_locale
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Moderator = Annotated[User, Depends(require_moderator)]
Admin = Annotated[User, Depends(require_admin)]
PAGE = 50


@router.get("/review/audit")
def audit_page(
    request: Request,
    db: Db,
    moderator: Moderator,
    action: str | None = Query(default=None, max_length=60),
    actor: str | None = Query(default=None, max_length=30),
    target_type: str | None = Query(default=None, max_length=30),
    target_id: str | None = Query(default=None, max_length=80),
    before: int | None = Query(default=None, ge=1),
) -> Response:
    actor_id: int | None = None
    if actor:
        found = db.scalar(select(User).where(User.username == actor.strip().lower()))
        actor_id = found.id if found is not None else -1  # unknown name: an empty page
    rows = audit.entries(
        db, filters_from(action, actor_id, target_type, target_id), before_seq=before, limit=PAGE
    )
    ids = {e.actor_id for e in rows if e.actor_id is not None}
    names = (
        {u.id: u.username for u in db.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    )
    return page(
        request,
        db,
        "review/audit.html",
        {
            "tab": "review",
            "rows": [(e, audit.details_of(e)) for e in rows],
            "names": names,
            "head": audit.head(db),
            "count": audit.count(db),
            "filters": {
                "action": action or "",
                "actor": actor or "",
                "target_type": target_type or "",
                "target_id": target_id or "",
            },
            "next_before": rows[-1].seq if len(rows) == PAGE else None,
        },
    )


@router.post("/review/audit/verify")
def verify_now(request: Request, db: Db, admin: Admin) -> Response:
    result = audit.verify(db)
    if result.ok:
        request.session["flash"] = _("The audit chain is intact: %(n)s entries, head %(hash)s.") % {
            "n": result.entries,
            "hash": result.head_hash[:16],
        }
    else:
        assert result.problem is not None
        request.session["flash"] = _("The audit chain is broken at entry %(seq)s: %(why)s") % {
            "seq": result.problem.seq,
            "why": result.problem.message(current_locale.get()),
        }
    return RedirectResponse("/review/audit", status_code=303)
