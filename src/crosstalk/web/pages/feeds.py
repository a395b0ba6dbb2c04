"""Pages: explore (home), following, topic, search and about."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from crosstalk.community import feeds, social
from crosstalk.community.feeds import Page
from crosstalk.community.models import User
from crosstalk.language.reading_aids import CEDICT_ATTRIBUTION
from crosstalk.safety.transparency.labels import item_labels
from crosstalk.web.deps import Db, MaybeUser
from crosstalk.web.i18n import current_locale
from crosstalk.web.pages.common import page, reader_titles

router = APIRouter(include_in_schema=False)
CursorQ = Query(default=None, max_length=200)


def _feed_page(
    request: Request, db: Db, user: User | None, result: Page, **extra: object
) -> Response:
    liked = social.has_liked(db, user, [n.id for n in result.items])
    titles = reader_titles(db, user, result.items)
    labels = item_labels(db, result.items, current_locale.get())
    return page(
        request,
        db,
        "feed.html",
        {"page": result, "liked": liked, "titles": titles, "labels": labels, **extra},
    )


@router.get("/")
def explore(request: Request, db: Db, user: MaybeUser, cursor: str | None = CursorQ) -> Response:
    return _feed_page(request, db, user, feeds.explore(db, user, cursor), tab="explore")


@router.get("/following")
def following(request: Request, db: Db, user: MaybeUser, cursor: str | None = CursorQ) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/following", status_code=303)
    return _feed_page(request, db, user, feeds.following(db, user, cursor), tab="following")


@router.get("/topics/{name}")
def topic(
    request: Request, name: str, db: Db, user: MaybeUser, cursor: str | None = CursorQ
) -> Response:
    name = name.lower()[:40]
    return _feed_page(
        request, db, user, feeds.topic(db, name, user, cursor), tab="topic", topic=name
    )


@router.get("/search")
def search(
    request: Request,
    db: Db,
    user: MaybeUser,
    q: str = Query(default="", max_length=100),
    cursor: str | None = CursorQ,
) -> Response:
    return _feed_page(request, db, user, feeds.search(db, q, user, cursor), tab="search", q=q)


@router.get("/about")
def about(request: Request, db: Db, user: MaybeUser) -> Response:
    attribution = {"en": CEDICT_ATTRIBUTION["en"], "zh_Hans": CEDICT_ATTRIBUTION["zh-Hans"]}
    return page(request, db, "about.html", {"cedict": attribution})
