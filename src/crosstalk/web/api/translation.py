"""API: machine translations of notes and comments for readers, and reading aids.

Translation runs the model, so each reader (an account, else an address) gets
`translation_rate_limit` requests a minute; past that the answer is a 429 problem.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from crosstalk.community import comments, notes
from crosstalk.community.errors import NotFound, ValidationFailed
from crosstalk.community.models import Comment, User
from crosstalk.community.visibility import can_view_comment
from crosstalk.config import get_settings
from crosstalk.language import service
from crosstalk.language.errors import LanguageError, TranslationRateLimited
from crosstalk.web.api.libretranslate import limiter
from crosstalk.web.deps import Db, MaybeUser, client_ip
from crosstalk.web.i18n import current_locale

router = APIRouter(prefix="/api/v1", tags=["translation"])

Target = Literal["en", "zh-Hans", "zh-Hant"]
MAX_BATCH = 50


class NoteTranslationOut(BaseModel):
    title: str
    body: str
    source_lang: str
    target_lang: str
    model: str
    cached: bool


class CommentTranslationOut(BaseModel):
    body: str
    source_lang: str
    target_lang: str
    model: str
    cached: bool


class BatchCommentOut(BaseModel):
    id: int
    body: str | None = None  # None: this one could not be translated (see `error`)
    source_lang: str | None = None
    target_lang: str
    model: str | None = None
    cached: bool = False
    error: str | None = None


class CommentBatchOut(BaseModel):
    comments: list[BatchCommentOut]


class TokenOut(BaseModel):
    text: str
    start: int
    end: int
    is_chinese: bool
    pinyin: str | None
    glosses: list[str]


def reader_key(request: Request, user: User | None) -> str:
    """One allowance per account; readers who are not logged in share their address's."""
    return f"reader:user:{user.id}" if user is not None else f"reader:ip:{client_ip(request)}"


def allow_translation(request: Request, user: User | None) -> bool:
    return limiter.allow(reader_key(request, user), get_settings().translation_rate_limit)


def check_allowance(request: Request, user: User | None) -> None:
    if not allow_translation(request, user):
        raise TranslationRateLimited


@router.get(
    "/notes/{note_id}/translation",
    response_model=NoteTranslationOut,
    responses={429: {"description": "Too many translation requests"}},
)
def note_translation(
    request: Request, note_id: int, db: Db, user: MaybeUser, target: Target = Query(...)
) -> NoteTranslationOut:
    note = notes.get_note(db, note_id, user)
    check_allowance(request, user)
    texts = [note.title, note.body] if note.body.strip() else [note.title]
    results = service.translate_many(db, texts, target)
    db.commit()  # keep the cache rows: the next reader gets them at once
    title = results[0]
    body = results[1].text if len(results) > 1 else ""
    return NoteTranslationOut(
        title=title.text,
        body=body,
        source_lang=title.source_lang,
        target_lang=title.target_lang,
        model=title.model,
        cached=all(r.cached for r in results),
    )


@router.get(
    "/comments/{comment_id}/translation",
    response_model=CommentTranslationOut,
    responses={429: {"description": "Too many translation requests"}},
)
def comment_translation(
    request: Request, comment_id: int, db: Db, user: MaybeUser, target: Target = Query(...)
) -> CommentTranslationOut:
    comment = db.get(Comment, comment_id)
    if comment is None or not can_view_comment(comment, user):
        raise NotFound("This comment does not exist.", "评论不存在。")
    notes.get_note(db, comment.note_id, user)
    check_allowance(request, user)
    result = service.translate_text(db, comment.body, target)
    db.commit()
    return CommentTranslationOut(
        body=result.text,
        source_lang=result.source_lang,
        target_lang=result.target_lang,
        model=result.model,
        cached=result.cached,
    )


@router.get(
    "/notes/{note_id}/comments/translation",
    response_model=CommentBatchOut,
    responses={429: {"description": "Too many translation requests"}},
)
def comments_translation(
    request: Request,
    note_id: int,
    db: Db,
    user: MaybeUser,
    target: Target = Query(...),
    ids: list[int] = Query(..., description=f"Comment ids of this note, at most {MAX_BATCH}"),
) -> CommentBatchOut:
    """Several comments of one note in one backend batch (what auto-translate asks for).

    A comment that cannot be translated faithfully gets an `error`; the others still come.
    """
    note = notes.get_note(db, note_id, user)
    if len(ids) > MAX_BATCH:
        raise ValidationFailed(
            f"Ask for at most {MAX_BATCH} comments at a time.",
            f"每次最多请求 {MAX_BATCH} 条评论。",
            field="ids",
        )
    asked = set(ids)
    visible = {
        c.id: c
        for t in comments.threads(db, note, user)
        for c in (t.comment, *t.replies)
        if c.id in asked
    }
    # Comments deleted (or hidden) since the page was rendered are left out, not an error.
    wanted = [visible[i] for i in dict.fromkeys(ids) if i in visible]
    check_allowance(request, user)
    out: list[BatchCommentOut] = []
    try:
        results = service.translate_many(db, [c.body for c in wanted], target)
        pairs = list(zip(wanted, results, strict=True))
    except LanguageError:
        db.commit()  # the ones that worked are cached: the retry below finds them
        pairs = []
        for c in wanted:
            try:
                pairs.append((c, service.translate_text(db, c.body, target)))
            except LanguageError as exc:
                db.rollback()
                out.append(
                    BatchCommentOut(
                        id=c.id, target_lang=target, error=exc.message(current_locale.get())
                    )
                )
    db.commit()
    out.extend(
        BatchCommentOut(
            id=c.id,
            body=r.text,
            source_lang=r.source_lang,
            target_lang=r.target_lang,
            model=r.model,
            cached=r.cached,
        )
        for c, r in pairs
    )
    order = {c.id: n for n, c in enumerate(wanted)}
    return CommentBatchOut(comments=sorted(out, key=lambda item: order[item.id]))


@router.get("/reading-aids", response_model=list[TokenOut])
def reading_aids(text: str = Query(min_length=1, max_length=2000)) -> list[TokenOut]:
    from crosstalk.language.reading_aids import annotate

    return [
        TokenOut(
            text=t.text,
            start=t.start,
            end=t.end,
            is_chinese=t.is_chinese,
            pinyin=t.pinyin,
            glosses=list(t.glosses),
        )
        for t in annotate(text)
    ]
