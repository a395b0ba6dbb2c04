"""Pages: the moderators' review queue and item view, the queue dashboard, and the author's
decision page (statement of reasons + one-step appeal)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from crosstalk.community import items
from crosstalk.community.errors import CommunityError, NotFound
from crosstalk.community.models import User
from crosstalk.safety.moderation import appeals, context, decide, permissions, queue
from crosstalk.safety.moderation.models import Appeal
from crosstalk.safety.screening.policy import enforced_policy
from crosstalk.safety.transparency.models import Decision
from crosstalk.web.deps import CurrentUser, Db, require_admin, require_moderator, verify_csrf
from crosstalk.web.i18n import content_lang_for_locale, current_locale
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import field, page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Moderator = Annotated[User, Depends(require_moderator)]
Admin = Annotated[User, Depends(require_admin)]
log = logging.getLogger("crosstalk.web.review")


def _locale() -> str:
    return "zh-Hans" if current_locale.get() == "zh_Hans" else "en"


def _clauses() -> list[Any]:
    return list(enforced_policy().clauses)


@router.get("/review")
def queue_page(
    request: Request,
    db: Db,
    moderator: Moderator,
    lang: str | None = Query(default=None, max_length=16),
    category: str | None = Query(default=None, max_length=40),
    source: str | None = Query(default=None, max_length=10),
    clause_id: str | None = Query(default=None, max_length=64),
) -> Response:
    filters = queue.QueueFilter(
        lang=lang or None,
        category=category or None,
        source=source or None,
        clause_id=clause_id or None,
    )
    items = queue.list_queue(db, moderator, filters)
    return page(
        request,
        db,
        "review/queue.html",
        {
            "items": items,
            "stats": queue.stats(db),
            "filters": filters,
            "priority": {i.id: queue.priority(i) for i in items},
            "reads": {i.id: queue.reads(moderator, i.lang) for i in items},
            "sources": queue.SOURCES,
            "clauses": _clauses(),
            "categories": sorted(queue.SEVERITY),
        },
    )


def _translation(db: Db, text: str, lang: str) -> dict[str, Any]:
    """The item in the moderator's interface language, or an honest reason why not."""
    target = content_lang_for_locale(current_locale.get())
    if not text.strip() or lang.split("-")[0] == target.split("-")[0]:
        return {"needed": False}
    try:
        from crosstalk.language.service import translate_text

        result = translate_text(db, text, target)
        db.commit()  # keep the cached translation even if the moderator's next step fails
    except Exception as exc:  # any engine failure: say so instead of hiding the panel
        log.warning("review translation unavailable: %s", exc)
        db.rollback()
        return {"needed": True, "text": None, "target": target}
    return {"needed": True, "text": result.text, "model": result.model, "target": target}


def _aids(text: str, lang: str) -> list[Any]:
    if not lang.startswith("zh"):
        return []
    try:
        from crosstalk.language.reading_aids import annotate
    except ImportError:
        return []
    try:
        return list(annotate(text))
    except Exception as exc:  # reading aids are a help, never a reason to fail the review
        log.warning("reading aids unavailable: %s", exc)
        return []


@router.get("/review/items/{item_id}")
def item_view(request: Request, item_id: int, db: Db, moderator: Moderator) -> Response:
    item = queue.get_item(db, item_id)
    permissions.require_can_decide(db, item, moderator)
    if item.status == "open":
        queue.claim(db, item.id, moderator)  # opening an item takes it if it is free
        db.commit()
        db.refresh(item)
    decision = db.get(Decision, item.decision_id) if item.decision_id else None
    obj = items.load(db, item.item_type, item.item_id)
    text = items.text_of(obj) or (decision.text if decision else "")
    note, comments = context.thread(db, item)
    appeal = db.get(Appeal, item.appeal_id) if item.appeal_id else None
    claimer = db.get(User, item.claimed_by) if item.claimed_by else None
    open_ids = [i.id for i in queue.list_queue(db, moderator)]
    at = open_ids.index(item.id) if item.id in open_ids else -1
    images = list(note.images) if note is not None and item.item_type == "note" else []
    return page(
        request,
        db,
        "review/item.html",
        {
            "item": item,
            "decision": decision,
            "text": text,
            "highlighted": context.highlight(text, decision.evidence if decision else []),
            "translation": _translation(db, text, item.lang),
            "aids": _aids(text, item.lang),
            "note": note,
            "comments": comments,
            "images": images,
            "blur": context.blur_images(item),
            "history": context.author_history(db, item.author_id),
            "appeal": appeal,
            "claimer": claimer,
            "mine": item.claimed_by == moderator.id,
            "clauses": _clauses(),
            "sor": decision.statement_of_reasons(_locale()) if decision else None,
            "prev_id": open_ids[at - 1] if at > 0 else None,
            "next_id": open_ids[at + 1] if 0 <= at < len(open_ids) - 1 else None,
            "account_actions": decide.ACCOUNT_ACTIONS,
            "cluster_open": queue.open_in_cluster(db, item.cluster_id),
        },
    )


def _next_url(db: Db, moderator: User) -> str:
    items = queue.list_queue(db, moderator, limit=1)
    return f"/review/items/{items[0].id}" if items else "/review"


@router.post("/review/items/{item_id}/decide")
async def decide_page(request: Request, item_id: int, db: Db, moderator: Moderator) -> Response:
    form = await request.form()
    duration = field(form, "duration_days").strip()
    try:
        decide.decide(
            db,
            item_id,
            moderator,
            action=field(form, "action"),
            clause_id=field(form, "clause_id") or None,
            note=field(form, "note"),
            account_action=field(form, "account_action") or None,
            duration_days=int(duration) if duration.isdigit() else None,
        )
    except CommunityError as exc:
        db.rollback()
        request.session["flash"] = exc.message(current_locale.get())
        return RedirectResponse(f"/review/items/{item_id}", status_code=303)
    db.commit()
    request.session["flash"] = _("Decision saved. The author and any reporters were notified.")
    return RedirectResponse(_next_url(db, moderator), status_code=303)


@router.post("/review/clusters/{cluster_id}/decide")
async def decide_cluster(
    request: Request, cluster_id: int, db: Db, moderator: Moderator
) -> Response:
    form = await request.form()
    try:
        decide.decide_cluster(
            db,
            cluster_id,
            moderator,
            action=field(form, "action"),
            clause_id=field(form, "clause_id") or None,
            note=field(form, "note"),
        )
    except CommunityError as exc:
        db.rollback()
        request.session["flash"] = exc.message(current_locale.get())
        return RedirectResponse("/review", status_code=303)
    db.commit()
    return RedirectResponse(_next_url(db, moderator), status_code=303)


@router.post("/review/items/{item_id}/release")
def release(item_id: int, db: Db, moderator: Moderator) -> Response:
    queue.get_item(db, item_id)
    queue.release(db, item_id, moderator)
    db.commit()
    return RedirectResponse("/review", status_code=303)


@router.post("/review/appeals/{appeal_id}/decide")
async def decide_appeal(request: Request, appeal_id: int, db: Db, moderator: Moderator) -> Response:
    form = await request.form()
    appeal = appeals.get_appeal(db, appeal_id)
    item = appeals.review_item_for(db, appeal)
    try:
        appeals.decide_appeal(
            db, appeal_id, moderator, outcome=field(form, "outcome"), note=field(form, "note")
        )
    except CommunityError as exc:
        db.rollback()
        request.session["flash"] = exc.message(current_locale.get())
        return RedirectResponse(f"/review/items/{item.id}", status_code=303)
    db.commit()
    return RedirectResponse(_next_url(db, moderator), status_code=303)


@router.get("/review/dashboard")
def dashboard(request: Request, db: Db, admin: Admin) -> Response:
    return page(request, db, "review/dashboard.html", {"stats": queue.stats(db)})


@router.get("/decisions/{decision_id}")
def decision_page(request: Request, decision_id: int, db: Db, user: CurrentUser) -> Response:
    decision = appeals.visible_decision(db, decision_id, user)
    history = appeals.appeals_of(db, decision.id)
    current_id = _current_decision_id(db, decision)
    later = db.get(Decision, current_id) if current_id is not None else None
    return page(
        request,
        db,
        "review/decision.html",
        {
            "decision": decision,
            "sor": decision.statement_of_reasons(_locale()),
            "statement": decision.render_statement(_locale()),
            "appeals": history,
            "can_appeal": decision.author_id == user.id
            and decision.action != "allow"
            and not any(a.status == "open" for a in history),
            "current": later if later is not None and later.id != decision.id else None,
            "errors": {},
        },
    )


def _current_decision_id(db: Db, decision: Decision) -> int | None:
    obj = items.load(db, decision.item_type, decision.item_id)
    return getattr(obj, "decision_id", None)


@router.post("/decisions/{decision_id}/appeal")
async def appeal(request: Request, decision_id: int, db: Db, user: CurrentUser) -> Response:
    form = await request.form()
    try:
        appeals.file_appeal(db, user, decision_id, field(form, "text"))
    except NotFound:
        raise
    except CommunityError as exc:
        db.rollback()
        request.session["flash"] = exc.message(current_locale.get())
        return RedirectResponse(f"/decisions/{decision_id}", status_code=303)
    db.commit()
    request.session["flash"] = _("Your appeal was sent. A different moderator will review it.")
    return RedirectResponse(f"/decisions/{decision_id}", status_code=303)
