"""Pages: profiles (owners see their own restricted name and bio, and why), follow buttons,
boards and notifications."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from crosstalk.community import blocks, feeds, notifications, social
from crosstalk.community.accounts import get_user
from crosstalk.community.models import CollectionItem, Note
from crosstalk.community.visibility import can_view_note
from crosstalk.safety.transparency.decisions import latest_decision_id
from crosstalk.safety.transparency.labels import item_labels
from crosstalk.web.deps import CurrentUser, Db, MaybeUser, verify_csrf
from crosstalk.web.i18n import current_locale
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import back, form_action, page, reader_titles

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


@router.get("/u/{username}")
def profile(
    request: Request,
    username: str,
    db: Db,
    user: MaybeUser,
    cursor: str | None = Query(default=None, max_length=200),
) -> Response:
    author = get_user(db, username)
    result = feeds.profile(db, author, user, cursor)
    followers, following = social.follow_counts(db, author)
    own_restricted = user is not None and user.id == author.id and author.profile_state != "visible"
    return page(
        request,
        db,
        "profile.html",
        {
            "author": author,
            "page": result,
            "liked": social.has_liked(db, user, [n.id for n in result.items]),
            "titles": reader_titles(db, user, result.items),
            "is_following": social.is_following(db, user, author),
            "blocking": blocks.is_blocking(db, user, author),
            "blocked_by": user is not None and blocks.is_blocking(db, author, user),
            "muting": blocks.is_muting(db, user, author),
            "followers": followers,
            "following": following,
            "boards": social.collections_of(db, author, user),
            "labels": item_labels(db, result.items, current_locale.get()),
            "profile_decision_id": latest_decision_id(db, "profile", author.id)
            if own_restricted
            else None,
        },
    )


@router.post("/u/{username}/follow")
def toggle_follow(request: Request, username: str, db: Db, user: CurrentUser) -> Response:
    target = get_user(db, username)
    if social.is_following(db, user, target):
        social.unfollow(db, user, username)
    else:
        social.follow(db, user, username)
    db.commit()
    return back(request, f"/u/{target.username}")


@router.post("/u/{username}/block")
def block(request: Request, username: str, db: Db, user: CurrentUser) -> Response:
    return form_action(
        request,
        db,
        lambda: blocks.block(db, user, username),
        url=_back_path(request, username),
        saved=_(
            "Blocked. They can no longer follow you, comment on your notes, mention you, "
            "message you or see your notes."
        ),
    )


@router.post("/u/{username}/unblock")
def unblock(request: Request, username: str, db: Db, user: CurrentUser) -> Response:
    return form_action(
        request,
        db,
        lambda: blocks.unblock(db, user, username),
        url=_back_path(request, username),
        saved=_("Unblocked."),
    )


@router.post("/u/{username}/mute")
def mute(request: Request, username: str, db: Db, user: CurrentUser) -> Response:
    return form_action(
        request,
        db,
        lambda: blocks.mute(db, user, username),
        url=_back_path(request, username),
        saved=_(
            "Muted. Their notes, comments and notifications are hidden from you; they are not told."
        ),
    )


@router.post("/u/{username}/unmute")
def unmute(request: Request, username: str, db: Db, user: CurrentUser) -> Response:
    return form_action(
        request,
        db,
        lambda: blocks.unmute(db, user, username),
        url=_back_path(request, username),
        saved=_("Unmuted."),
    )


def _back_path(request: Request, username: str) -> str:
    """Back to the page the form was on (the profile or the settings lists)."""
    return back(request, f"/u/{username.lower()}").headers["location"]


@router.get("/u/{username}/boards/{collection_id}")
def board(request: Request, username: str, collection_id: int, db: Db, user: MaybeUser) -> Response:
    owner = get_user(db, username)
    board = social.get_collection(db, collection_id, user)
    if board.owner_id != owner.id:
        from crosstalk.community.errors import NotFound

        raise NotFound("This board does not exist.", "收藏夹不存在。")
    from sqlalchemy import select

    hidden = blocks.hidden_ids(db, user)
    items = [
        n
        for n in db.scalars(
            select(Note)
            .join(CollectionItem, CollectionItem.note_id == Note.id)
            .where(CollectionItem.collection_id == board.id)
            .order_by(CollectionItem.created_at.desc())
        )
        if can_view_note(n, user) and n.author_id not in hidden
    ]
    return page(
        request,
        db,
        "board.html",
        {
            "owner": owner,
            "board": board,
            "page": feeds.Page(items, None),
            "liked": social.has_liked(db, user, [n.id for n in items]),
            "titles": reader_titles(db, user, items),
            "labels": item_labels(db, items, current_locale.get()),
        },
    )


@router.get("/notifications")
def notification_list(request: Request, db: Db, user: CurrentUser) -> Response:
    items = notifications.list_for(db, user)
    unread_ids = {n.id for n in items if n.read_at is None}
    notifications.mark_all_read(db, user)
    db.commit()
    return page(request, db, "notifications.html", {"items": items, "unread_ids": unread_ids})


@router.post("/notifications/read")
def mark_read(request: Request, db: Db, user: CurrentUser) -> Response:
    notifications.mark_all_read(db, user)
    db.commit()
    return back(request, "/notifications")
