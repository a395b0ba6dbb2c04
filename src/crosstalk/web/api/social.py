"""API: follows, blocks and mutes, collections, feeds, notifications and reports."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from crosstalk.community import blocks, feeds, notifications, reports, social
from crosstalk.community.accounts import get_user
from crosstalk.community.feeds import Page
from crosstalk.community.models import User
from crosstalk.safety.transparency.labels import item_labels
from crosstalk.web.api.schemas import (
    BlockOut,
    CollectionIn,
    CollectionOut,
    FeedOut,
    FollowOut,
    MuteOut,
    NotificationOut,
    PersonOut,
    ReportIn,
    ReportOut,
    SaveIn,
    note_out,
    person_out,
)
from crosstalk.web.deps import CurrentUser, Db, MaybeUser, verify_api_csrf
from crosstalk.web.i18n import current_locale

router = APIRouter(prefix="/api/v1", tags=["social"], dependencies=[Depends(verify_api_csrf)])

Cursor = Query(default=None, max_length=200)
Limit = Query(default=20, ge=1, le=50)


def _feed(db: Db, page: Page, viewer: User | None) -> FeedOut:
    liked = social.has_liked(db, viewer, [n.id for n in page.items])
    labels = item_labels(db, page.items, current_locale.get())
    return FeedOut(
        items=[note_out(n, n.id in liked, labels.get(n.id)) for n in page.items],
        next_cursor=page.next_cursor,
    )


@router.post("/users/{username}/follow", response_model=FollowOut)
def follow(username: str, db: Db, user: CurrentUser) -> FollowOut:
    target = social.follow(db, user, username)
    db.commit()
    return FollowOut(username=target.username, following=True)


@router.delete("/users/{username}/follow", response_model=FollowOut)
def unfollow(username: str, db: Db, user: CurrentUser) -> FollowOut:
    target = social.unfollow(db, user, username)
    db.commit()
    return FollowOut(username=target.username, following=False)


@router.post("/users/{username}/block", response_model=BlockOut)
def block(username: str, db: Db, user: CurrentUser) -> BlockOut:
    """Block an account: follows both ways end; neither can follow, comment on, mention or
    message the other, and they no longer see your notes."""
    target = blocks.block(db, user, username)
    db.commit()
    return BlockOut(username=target.username, blocked=True)


@router.delete("/users/{username}/block", response_model=BlockOut)
def unblock(username: str, db: Db, user: CurrentUser) -> BlockOut:
    target = blocks.unblock(db, user, username)
    db.commit()
    return BlockOut(username=target.username, blocked=False)


@router.post("/users/{username}/mute", response_model=MuteOut)
def mute(username: str, db: Db, user: CurrentUser) -> MuteOut:
    """Hide an account's notes, comments and notifications from you; they are not told."""
    target = blocks.mute(db, user, username)
    db.commit()
    return MuteOut(username=target.username, muted=True)


@router.delete("/users/{username}/mute", response_model=MuteOut)
def unmute(username: str, db: Db, user: CurrentUser) -> MuteOut:
    target = blocks.unmute(db, user, username)
    db.commit()
    return MuteOut(username=target.username, muted=False)


@router.get("/me/blocks", response_model=list[PersonOut])
def my_blocks(db: Db, user: CurrentUser) -> list[PersonOut]:
    return [person_out(u) for u in blocks.blocked_users(db, user)]


@router.get("/me/mutes", response_model=list[PersonOut])
def my_mutes(db: Db, user: CurrentUser) -> list[PersonOut]:
    return [person_out(u) for u in blocks.muted_users(db, user)]


@router.get("/feed/following", response_model=FeedOut)
def following_feed(
    db: Db, user: CurrentUser, cursor: str | None = Cursor, limit: int = Limit
) -> FeedOut:
    return _feed(db, feeds.following(db, user, cursor, limit), user)


@router.get("/feed/explore", response_model=FeedOut)
def explore_feed(
    db: Db, user: MaybeUser, cursor: str | None = Cursor, limit: int = Limit
) -> FeedOut:
    return _feed(db, feeds.explore(db, user, cursor, limit), user)


@router.get("/topics/{name}/notes", response_model=FeedOut)
def topic_feed(
    name: str, db: Db, user: MaybeUser, cursor: str | None = Cursor, limit: int = Limit
) -> FeedOut:
    return _feed(db, feeds.topic(db, name.lower(), user, cursor, limit), user)


@router.get("/users/{username}/notes", response_model=FeedOut)
def profile_feed(
    username: str, db: Db, user: MaybeUser, cursor: str | None = Cursor, limit: int = Limit
) -> FeedOut:
    author = get_user(db, username)
    return _feed(db, feeds.profile(db, author, user, cursor, limit), user)


@router.get("/search", response_model=FeedOut)
def search(
    db: Db,
    user: MaybeUser,
    q: str = Query(min_length=1, max_length=100),
    cursor: str | None = Cursor,
    limit: int = Limit,
) -> FeedOut:
    return _feed(db, feeds.search(db, q, user, cursor, limit), user)


@router.get("/collections", response_model=list[CollectionOut])
def my_collections(db: Db, user: CurrentUser) -> list[CollectionOut]:
    return [
        CollectionOut(id=c.id, name=c.name, is_private=c.is_private)
        for c in social.collections_of(db, user, user)
    ]


@router.post("/collections", status_code=201, response_model=CollectionOut)
def create_collection(body: CollectionIn, db: Db, user: CurrentUser) -> CollectionOut:
    board = social.create_collection(db, user, body.name, is_private=body.is_private)
    db.commit()
    return CollectionOut(id=board.id, name=board.name, is_private=board.is_private)


@router.post("/notes/{note_id}/save", response_model=CollectionOut)
def save(note_id: int, body: SaveIn, db: Db, user: CurrentUser) -> CollectionOut:
    board = social.save_note(db, user, note_id, body.collection_id)
    db.commit()
    return CollectionOut(id=board.id, name=board.name, is_private=board.is_private)


@router.delete("/collections/{collection_id}/notes/{note_id}", status_code=204)
def unsave(collection_id: int, note_id: int, db: Db, user: CurrentUser) -> Response:
    social.unsave_note(db, user, note_id, collection_id)
    db.commit()
    return Response(status_code=204)


@router.get("/notifications", response_model=list[NotificationOut])
def list_notifications(
    db: Db, user: CurrentUser, before: int | None = Query(default=None, ge=1)
) -> list[NotificationOut]:
    return [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            actor=n.actor.username if n.actor else None,
            note_id=n.note_id,
            comment_id=n.comment_id,
            created_at=n.created_at,
            read=n.read_at is not None,
        )
        for n in notifications.list_for(db, user, before_id=before)
    ]


@router.post("/notifications/read", status_code=204)
def mark_read(db: Db, user: CurrentUser) -> Response:
    notifications.mark_all_read(db, user)
    db.commit()
    return Response(status_code=204)


@router.post("/reports", status_code=201, response_model=ReportOut)
def file_report(body: ReportIn, db: Db, user: CurrentUser) -> ReportOut:
    report = reports.file_report(
        db, user, body.target_type, body.target_id, body.reason, body.details
    )
    db.commit()
    return ReportOut(
        id=report.id,
        target_type=report.target_type,
        target_id=report.target_id,
        reason=report.reason,
        status=report.status,
        created_at=report.created_at,
    )
