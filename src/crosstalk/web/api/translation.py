"""API: machine translations of notes and comments for readers, and reading aids.

Translation runs the model, so each reader (an account, else an address) gets
`translation_rate_limit` requests a minute; past that the answer is a 429 problem.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from crosstalk.community import comments, notes
from crosstalk.community.errors import NotFound, ValidationFailed
from crosstalk.community.models import Comment
from crosstalk.community.visibility import can_view_comment
from crosstalk.language import reader, service
from crosstalk.language.errors import LanguageError
from crosstalk.language.reading_aids import annotate
from crosstalk.web.deps import Db, MaybeUser
from crosstalk.web.i18n import current_locale
from crosstalk.web.translation_limits import check_allowance

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
    translation = reader.note_translation(db, note, target)
    db.commit()  # keep the cache rows: the next reader gets them at once
    return NoteTranslationOut(**dataclasses.asdict(translation))


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
    translated = reader.comment_translations(db, wanted, target)
    db.commit()
    locale = current_locale.get()
    out = [
        BatchCommentOut(id=c.id, target_lang=target, error=r.message(locale))
        if isinstance(r, LanguageError)
        else BatchCommentOut(
            id=c.id,
            body=r.text,
            source_lang=r.source_lang,
            target_lang=r.target_lang,
            model=r.model,
            cached=r.cached,
        )
        for c, r in translated
    ]
    return CommentBatchOut(comments=out)


@router.get("/reading-aids", response_model=list[TokenOut])
def reading_aids(text: str = Query(min_length=1, max_length=2000)) -> list[TokenOut]:
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
