"""API: machine translations of notes and comments for readers, and reading aids."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from crosstalk.community import notes
from crosstalk.community.errors import NotFound
from crosstalk.community.models import Comment
from crosstalk.community.visibility import can_view_comment
from crosstalk.language import service
from crosstalk.web.deps import Db, MaybeUser

router = APIRouter(prefix="/api/v1", tags=["translation"])

Target = Literal["en", "zh-Hans", "zh-Hant"]


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


class TokenOut(BaseModel):
    text: str
    start: int
    end: int
    is_chinese: bool
    pinyin: str | None
    glosses: list[str]


@router.get("/notes/{note_id}/translation", response_model=NoteTranslationOut)
def note_translation(
    note_id: int, db: Db, user: MaybeUser, target: Target = Query(...)
) -> NoteTranslationOut:
    note = notes.get_note(db, note_id, user)
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


@router.get("/comments/{comment_id}/translation", response_model=CommentTranslationOut)
def comment_translation(
    comment_id: int, db: Db, user: MaybeUser, target: Target = Query(...)
) -> CommentTranslationOut:
    comment = db.get(Comment, comment_id)
    if comment is None or not can_view_comment(comment, user):
        raise NotFound("This comment does not exist.", "评论不存在。")
    notes.get_note(db, comment.note_id, user)
    result = service.translate_text(db, comment.body, target)
    db.commit()
    return CommentTranslationOut(
        body=result.text,
        source_lang=result.source_lang,
        target_lang=result.target_lang,
        model=result.model,
        cached=result.cached,
    )


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
