"""Pages: a note with its comments, writing and editing notes, likes, saves, reports."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from crosstalk.community import comments, notes, reports, social
from crosstalk.community.errors import CommunityError
from crosstalk.community.models import Comment, CommentLike, Note, User
from crosstalk.community.notes import ImageUpload, NoteInput
from crosstalk.config import get_settings
from crosstalk.language.reader import Reader, translations_for
from crosstalk.safety.transparency.labels import ContentLabel, labels_for
from crosstalk.web.deps import CurrentUser, Db, MaybeUser, client_ip, verify_csrf
from crosstalk.web.i18n import current_locale
from crosstalk.web.pages.common import back, field, page
from crosstalk.web.translation_limits import allow_translation

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


@router.get("/notes/new")
def new_note_form(request: Request, db: Db, user: CurrentUser) -> Response:
    return page(request, db, "note_form.html", {"form": {}, "errors": {}, "note": None})


@router.post("/notes")
async def create_note(request: Request, db: Db, user: CurrentUser) -> Response:
    settings = get_settings()
    form = await request.form(max_files=settings.max_images_per_note + 1, max_fields=50)
    uploads: list[ImageUpload] = []
    for item in form.getlist("images"):
        if isinstance(item, str) or not item.filename:
            continue
        raw = await item.read(settings.max_image_bytes + 1)
        uploads.append(ImageUpload(data=raw, filename=item.filename, alt_text=field(form, "alt")))
    data = NoteInput(
        title=field(form, "title"),
        body=field(form, "body"),
        topics=[t for t in field(form, "topics").replace("，", " ").replace(",", " ").split() if t],
        images=uploads,
    )
    try:
        note = notes.create_note(db, user, data, ip=client_ip(request))
        db.commit()
    except CommunityError as exc:
        db.rollback()
        return page(
            request,
            db,
            "note_form.html",
            {
                "form": {"title": data.title, "body": data.body, "topics": field(form, "topics")},
                "errors": {exc.field or "form": exc.message(current_locale.get())},
                "note": None,
            },
            status_code=exc.status,
        )
    return RedirectResponse(f"/notes/{note.id}", status_code=303)


def _statement(
    request: Request, db: Db, note: Note, user: User | None
) -> tuple[str | None, str | None]:
    """The statement of reasons for a restricted note, for its author and moderators only."""
    if note.state == "visible" or note.decision_id is None or user is None:
        return None, None
    if user.id != note.author_id and not user.is_moderator:
        return None, None
    from crosstalk.safety.transparency.models import Decision

    decision = db.get(Decision, note.decision_id)
    if decision is None:
        return None, None
    locale = "zh-Hans" if current_locale.get() == "zh_Hans" else "en"
    appeal = None
    if user.id == note.author_id:
        from starlette.routing import NoMatchFound

        # FastAPI 0.165 nests included routers, so ask the router instead of scanning routes.
        try:
            appeal = request.app.url_path_for("decision_page", decision_id=decision.id)
        except NoMatchFound:
            appeal = None
    return decision.render_statement(locale), appeal


def _labels(
    db: Db, note: Note, comments_shown: list[Comment]
) -> tuple[ContentLabel | None, dict[int, ContentLabel]]:
    """Content labels for the note and its comments, every reader's to see (one query)."""
    ids = [note.decision_id, *(c.decision_id for c in comments_shown)]
    found = labels_for(db, ids, current_locale.get())
    by_comment = {c.id: found[c.decision_id] for c in comments_shown if c.decision_id in found}
    return found.get(note.decision_id) if note.decision_id else None, by_comment


@router.get("/notes/{note_id}")
def show_note(
    request: Request,
    note_id: int,
    db: Db,
    user: MaybeUser,
    translate: int | None = Query(default=None, ge=0, le=1),
    translate_comment: int | None = Query(default=None, ge=1),
) -> Response:
    note = notes.get_note(db, note_id, user)
    threads = comments.threads(db, note, user)
    every = [t.comment for t in threads] + [r for t in threads for r in t.replies]
    # The page runs the model too, so it shares the API's allowance per reader.
    reader = Reader.of(user, current_locale.get(), lambda: allow_translation(request, user))
    view = translations_for(
        db,
        note,
        reader,
        comments=every,
        translate=None if translate is None else bool(translate),
        translate_comment=translate_comment,
    )
    db.commit()  # keep new cache rows: the next reader gets them at once
    statement, appeal_url = _statement(request, db, note, user)
    note_label, comment_labels = _labels(db, note, every)
    liked_comments: set[int] = set()
    if user is not None and every:
        liked_comments = set(
            db.scalars(
                select(CommentLike.comment_id).where(
                    CommentLike.user_id == user.id,
                    CommentLike.comment_id.in_([c.id for c in every]),
                )
            )
        )
    return page(
        request,
        db,
        "note.html",
        {
            "note": note,
            "threads": threads,
            "liked": note.id in social.has_liked(db, user, [note.id]),
            "liked_comments": liked_comments,
            "following_author": social.is_following(db, user, note.author),
            "boards": social.collections_of(db, user, user) if user else [],
            "foreign": view.foreign,
            "reader_langs": list(reader.langs),
            "target_lang": view.target,
            "auto_translate": view.auto_translate,
            "translation": view.translation,
            "translation_error": view.translation_error,
            "foreign_comments": view.foreign_comments,
            "comment_translations": view.comment_translations,
            "comment_aids": view.comment_aids,
            "aids": view.aids,
            "statement": statement,
            "appeal_url": appeal_url,
            "note_label": note_label,
            "comment_labels": comment_labels,
            "reasons": reports.REASONS,
        },
    )


@router.get("/notes/{note_id}/edit")
def edit_form(request: Request, note_id: int, db: Db, user: CurrentUser) -> Response:
    note = notes.get_note(db, note_id, user)
    if note.author_id != user.id:
        raise_forbidden()
    form = {"title": note.title, "body": note.body, "topics": " ".join(t.name for t in note.topics)}
    return page(request, db, "note_form.html", {"form": form, "errors": {}, "note": note})


def raise_forbidden() -> None:
    from crosstalk.community.errors import PermissionDenied

    raise PermissionDenied("Only the author can do this.", "只有作者可以进行此操作。")


@router.post("/notes/{note_id}/edit")
async def edit_note(request: Request, note_id: int, db: Db, user: CurrentUser) -> Response:
    form = await request.form()
    topics = [t for t in field(form, "topics").replace("，", " ").replace(",", " ").split() if t]
    try:
        notes.edit_note(
            db,
            user,
            note_id,
            title=field(form, "title"),
            body=field(form, "body"),
            topics=topics,
            ip=client_ip(request),
        )
        db.commit()
    except CommunityError as exc:
        if exc.status in (403, 404):
            raise
        db.rollback()
        note = notes.get_note(db, note_id, user)
        return page(
            request,
            db,
            "note_form.html",
            {
                "form": {
                    "title": field(form, "title"),
                    "body": field(form, "body"),
                    "topics": field(form, "topics"),
                },
                "errors": {exc.field or "form": exc.message(current_locale.get())},
                "note": note,
            },
            status_code=exc.status,
        )
    return RedirectResponse(f"/notes/{note_id}", status_code=303)


@router.post("/notes/{note_id}/delete")
def delete_note(note_id: int, db: Db, user: CurrentUser) -> Response:
    notes.delete_note(db, user, note_id)
    db.commit()
    return RedirectResponse(f"/u/{user.username}", status_code=303)


@router.post("/notes/{note_id}/like")
def toggle_like(request: Request, note_id: int, db: Db, user: CurrentUser) -> Response:
    if note_id in social.has_liked(db, user, [note_id]):
        social.unlike_note(db, user, note_id)
    else:
        social.like_note(db, user, note_id)
    db.commit()
    return back(request, f"/notes/{note_id}")


@router.post("/notes/{note_id}/save")
async def save_note(request: Request, note_id: int, db: Db, user: CurrentUser) -> Response:
    form = await request.form()
    board_id = field(form, "collection_id")
    new_board = field(form, "new_board").strip()
    if new_board:
        board = social.create_collection(db, user, new_board)
        social.save_note(db, user, note_id, board.id)
    else:
        social.save_note(db, user, note_id, int(board_id) if board_id.isdigit() else None)
    db.commit()
    return RedirectResponse(f"/notes/{note_id}?saved=1", status_code=303)


@router.post("/notes/{note_id}/comments")
async def add_comment(request: Request, note_id: int, db: Db, user: CurrentUser) -> Response:
    form = await request.form()
    parent = field(form, "parent_id")
    try:
        comment = comments.add_comment(
            db,
            user,
            note_id,
            field(form, "body"),
            parent_id=int(parent) if parent.isdigit() else None,
            ip=client_ip(request),
        )
        db.commit()
    except CommunityError as exc:
        if exc.status == 404:
            raise
        db.rollback()
        request.session["flash"] = exc.message(current_locale.get())
        return RedirectResponse(f"/notes/{note_id}#comments", status_code=303)
    return RedirectResponse(f"/notes/{note_id}#c{comment.id}", status_code=303)


@router.post("/comments/{comment_id}/like")
def toggle_comment_like(request: Request, comment_id: int, db: Db, user: CurrentUser) -> Response:
    if db.get(CommentLike, (user.id, comment_id)) is None:
        social.like_comment(db, user, comment_id)
    else:
        social.unlike_comment(db, user, comment_id)
    db.commit()
    return back(request)


@router.post("/comments/{comment_id}/delete")
def delete_comment(request: Request, comment_id: int, db: Db, user: CurrentUser) -> Response:
    comments.delete_comment(db, user, comment_id)
    db.commit()
    return back(request)


@router.get("/report")
def report_form(
    request: Request, db: Db, user: CurrentUser, target_type: str = "note", target_id: int = 0
) -> Response:
    return page(
        request,
        db,
        "report.html",
        {
            "target_type": target_type,
            "target_id": target_id,
            "reasons": reports.REASONS,
            "errors": {},
            "done": False,
        },
    )


@router.post("/report")
async def file_report(request: Request, db: Db, user: CurrentUser) -> Response:
    form = await request.form()
    target_type = field(form, "target_type")
    target_id = field(form, "target_id")
    ctx = {"target_type": target_type, "target_id": target_id, "reasons": reports.REASONS}
    try:
        reports.file_report(
            db,
            user,
            target_type,
            int(target_id) if target_id.isdigit() else 0,
            field(form, "reason"),
            field(form, "details"),
        )
        db.commit()
    except CommunityError as exc:
        db.rollback()
        errors = {exc.field or "form": exc.message(current_locale.get())}
        return page(
            request, db, "report.html", {**ctx, "errors": errors, "done": False}, exc.status
        )
    return page(request, db, "report.html", {**ctx, "errors": {}, "done": True})
