"""Pages: a note with its comments, writing and editing notes, likes, saves, reports."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from crosstalk.community import comments, notes, reports, social
from crosstalk.community.errors import CommunityError
from crosstalk.community.models import Comment, CommentLike, Note, User
from crosstalk.community.notes import ImageUpload, NoteInput
from crosstalk.config import get_settings
from crosstalk.language.translator import TranslationResult
from crosstalk.safety.transparency.labels import ContentLabel, labels_for
from crosstalk.web.deps import CurrentUser, Db, MaybeUser, client_ip, verify_csrf
from crosstalk.web.i18n import content_lang_for_locale, current_locale
from crosstalk.web.pages.common import back, field, page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


def _reader_langs(user: User | None) -> list[str]:
    if user is not None and user.langs_read:
        return list(user.langs_read)
    return [content_lang_for_locale(current_locale.get())]


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


def _target_lang(user: User | None) -> str:
    """The language a reader wants translations in: their first reading language."""
    langs = _reader_langs(user)
    return langs[0] if langs and langs[0] in ("en", "zh-Hans", "zh-Hant") else "en"


def _rate_limited(request: Request, user: User | None) -> str:
    """The page path runs the model too, so it shares the API's allowance per reader."""
    from crosstalk.language.errors import TranslationRateLimited
    from crosstalk.web.api.translation import allow_translation

    if allow_translation(request, user):
        return ""
    return TranslationRateLimited().message(current_locale.get())


def _note_translation(
    request: Request, db: Db, note: Note, target: str, user: User | None
) -> tuple[dict[str, str] | None, str]:
    """Server-side translation for readers without JavaScript (?translate=1)."""
    from crosstalk.language import service
    from crosstalk.language.errors import LanguageError

    limited = _rate_limited(request, user)
    if limited:
        return None, limited
    try:
        texts = [note.title, note.body] if note.body.strip() else [note.title]
        results = service.translate_many(db, texts, target)
        db.commit()
    except LanguageError as exc:
        db.rollback()
        return None, exc.message(current_locale.get())
    body = results[1].text if len(results) > 1 else ""
    return {"title": results[0].text, "body": body, "model": results[0].model}, ""


def _cached(db: Db, texts: list[str], target: str) -> list[TranslationResult | None]:
    """Cached translations only (never the model), for auto-translate without JavaScript."""
    from crosstalk.language import service
    from crosstalk.language.errors import LanguageError

    if not texts:
        return []
    found: list[TranslationResult | None]
    try:
        found = list(service.cached_translations(db, texts, target))
    except LanguageError:
        # One text in a language crosstalk does not translate (or no backend at all): look
        # the others up one by one; whatever fails keeps its Translate button.
        found = []
        for text in texts:
            try:
                found.append(service.cached_translations(db, [text], target)[0])
            except LanguageError:
                found.append(None)
    db.commit()  # cache hits count in /metrics; nothing else was written
    return found


def _cached_note_translation(db: Db, note: Note, target: str) -> dict[str, str] | None:
    texts = [note.title, note.body] if note.body.strip() else [note.title]
    found = _cached(db, texts, target)
    if not found or any(r is None for r in found):
        return None
    title, *rest = found
    assert title is not None
    return {
        "title": title.text,
        "body": rest[0].text if rest and rest[0] is not None else "",
        "model": title.model,
    }


def _comment_translations(
    request: Request,
    db: Db,
    foreign: list[Comment],
    target: str,
    user: User | None,
    *,
    auto: bool,
    requested: int | None,
) -> dict[int, dict[str, str]]:
    """Translations rendered beside comments: cached ones for auto-translate readers, and the
    one a reader without JavaScript asked for (?translate_comment=ID)."""
    from crosstalk.language import service
    from crosstalk.language.errors import LanguageError

    out: dict[int, dict[str, str]] = {}
    if auto:
        for c, r in zip(foreign, _cached(db, [c.body for c in foreign], target), strict=True):
            if r is not None:
                out[c.id] = {"text": r.text, "model": r.model}
    asked = next((c for c in foreign if c.id == requested), None)
    if asked is not None and asked.id not in out:
        limited = _rate_limited(request, user)
        if limited:
            return {**out, asked.id: {"error": limited}}
        try:
            result = service.translate_text(db, asked.body, target)
            db.commit()
            out[asked.id] = {"text": result.text, "model": result.model}
        except LanguageError as exc:
            db.rollback()
            out[asked.id] = {"error": exc.message(current_locale.get())}
    return out


def _aids(text: str) -> list[object]:
    try:
        from crosstalk.language.reading_aids import annotate
    except ImportError:
        return []
    return list(annotate(text))


def _reading_aids(note: Note) -> list[object]:
    from crosstalk.language.reader import has_chinese

    if not has_chinese(note.lang):
        return []
    return _aids(f"{note.title}\n{note.body}")


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
    from crosstalk.language.reader import needs_translation, wants_reading_aids

    note = notes.get_note(db, note_id, user)
    threads = comments.threads(db, note, user)
    reader_langs = _reader_langs(user)
    target = _target_lang(user)
    foreign = needs_translation(reader_langs, note.lang)
    # ?translate=0 is "show the original" even for readers who translate automatically.
    auto = bool(user and user.auto_translate) and translate != 0
    translation: dict[str, str] | None = None
    translation_error = ""
    if foreign and translate:
        translation, translation_error = _note_translation(request, db, note, target, user)
    elif foreign and auto:
        translation = _cached_note_translation(db, note, target)
    statement, appeal_url = _statement(request, db, note, user)
    every = [t.comment for t in threads] + [r for t in threads for r in t.replies]
    note_label, comment_labels = _labels(db, note, every)
    foreign_list = [c for c in every if needs_translation(reader_langs, c.lang)]
    foreign_comments = {c.id for c in foreign_list}
    comment_translations = _comment_translations(
        request, db, foreign_list, target, user, auto=auto, requested=translate_comment
    )
    comment_aids = {c.id: _aids(c.body) for c in every if wants_reading_aids(reader_langs, c.lang)}
    comment_ids = [t.comment.id for t in threads] + [r.id for t in threads for r in t.replies]
    liked_comments: set[int] = set()
    if user is not None and comment_ids:
        from sqlalchemy import select

        liked_comments = set(
            db.scalars(
                select(CommentLike.comment_id).where(
                    CommentLike.user_id == user.id, CommentLike.comment_id.in_(comment_ids)
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
            "foreign": foreign,
            "reader_langs": reader_langs,
            "target_lang": target,
            "auto_translate": auto,
            "translation": translation,
            "translation_error": translation_error,
            "foreign_comments": foreign_comments,
            "comment_translations": comment_translations,
            "comment_aids": comment_aids,
            "aids": _reading_aids(note),
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
