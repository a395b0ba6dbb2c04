"""API: notes (JSON or multipart with images), comments and likes."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request, Response

from crosstalk.community import comments, notes, social
from crosstalk.community.errors import ValidationFailed
from crosstalk.community.notes import ImageUpload, NoteInput
from crosstalk.config import get_settings
from crosstalk.safety.transparency.labels import item_labels
from crosstalk.web.api.schemas import (
    CommentIn,
    CommentOut,
    LikeOut,
    NoteIn,
    NoteOut,
    NotePatch,
    comment_out,
    note_out,
    thread_out,
)
from crosstalk.web.deps import CurrentUser, Db, MaybeUser, client_ip, verify_api_csrf
from crosstalk.web.i18n import current_locale

router = APIRouter(prefix="/api/v1", tags=["notes"], dependencies=[Depends(verify_api_csrf)])


async def _note_input(request: Request) -> NoteInput:
    """JSON {title, body, topics} or multipart with `title`, `body`, `topics`, `images`[]."""
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        limit = get_settings().max_images_per_note
        form = await request.form(max_files=limit + 1, max_fields=50)
        uploads = []
        for item in form.getlist("images"):
            if isinstance(item, str):
                continue
            data = await item.read(get_settings().max_image_bytes + 1)
            uploads.append(ImageUpload(data=data, filename=item.filename or "image"))
        alts = [a for a in form.getlist("alt") if isinstance(a, str)]
        uploads = [
            ImageUpload(u.data, u.filename, alts[i] if i < len(alts) else "")
            for i, u in enumerate(uploads)
        ]
        raw_topics = form.get("topics")
        topics = _split_topics(raw_topics if isinstance(raw_topics, str) else "")
        title, body = form.get("title"), form.get("body")
        return NoteInput(
            title=title if isinstance(title, str) else "",
            body=body if isinstance(body, str) else "",
            topics=topics,
            images=uploads,
        )
    try:
        payload = NoteIn.model_validate(json.loads(await request.body() or b"null"))
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(
            "Send JSON {title, body, topics} or a multipart form.",
            "请发送 JSON {title, body, topics} 或 multipart 表单。",
        ) from exc
    return NoteInput(title=payload.title, body=payload.body, topics=payload.topics)


def _split_topics(raw: str) -> list[str]:
    raw = raw.strip()
    if raw.startswith("["):
        try:
            values = json.loads(raw)
            return [str(v) for v in values] if isinstance(values, list) else []
        except json.JSONDecodeError:
            pass
    return [t for t in raw.replace("，", ",").replace(" ", ",").split(",") if t.strip()]


@router.post(
    "/notes",
    status_code=201,
    response_model=NoteOut,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": NoteIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "body": {"type": "string"},
                            "topics": {"type": "string"},
                            "images": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            },
                            "alt": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": ["title"],
                    }
                },
            },
            "required": True,
        }
    },
)
async def create_note(request: Request, db: Db, user: CurrentUser) -> NoteOut:
    data = await _note_input(request)
    note = notes.create_note(db, user, data, ip=client_ip(request))
    db.commit()
    return note_out(note)


@router.get("/notes/{note_id}", response_model=NoteOut)
def get_note(note_id: int, db: Db, user: MaybeUser) -> NoteOut:
    note = notes.get_note(db, note_id, user)
    label = item_labels(db, [note], current_locale.get()).get(note.id)
    return note_out(note, liked=note.id in social.has_liked(db, user, [note.id]), label=label)


@router.patch("/notes/{note_id}", response_model=NoteOut)
def edit_note(
    note_id: int, body: NotePatch, request: Request, db: Db, user: CurrentUser
) -> NoteOut:
    note = notes.edit_note(
        db,
        user,
        note_id,
        title=body.title,
        body=body.body,
        topics=body.topics,
        ip=client_ip(request),
    )
    db.commit()
    return note_out(note)


@router.delete("/notes/{note_id}", status_code=204)
def delete_note(note_id: int, db: Db, user: CurrentUser) -> Response:
    notes.delete_note(db, user, note_id)
    db.commit()
    return Response(status_code=204)


@router.get("/notes/{note_id}/comments", response_model=list[CommentOut])
def list_comments(note_id: int, db: Db, user: MaybeUser) -> list[CommentOut]:
    note = notes.get_note(db, note_id, user)
    threads = comments.threads(db, note, user)
    everyone = [c for t in threads for c in (t.comment, *t.replies)]
    labels = item_labels(db, everyone, current_locale.get())
    return [thread_out(t, labels) for t in threads]


@router.post("/notes/{note_id}/comments", status_code=201, response_model=CommentOut)
def add_comment(
    note_id: int, body: CommentIn, request: Request, db: Db, user: CurrentUser
) -> CommentOut:
    comment = comments.add_comment(
        db, user, note_id, body.body, parent_id=body.parent_id, ip=client_ip(request)
    )
    db.commit()
    return comment_out(comment)


@router.delete("/comments/{comment_id}", status_code=204)
def delete_comment(comment_id: int, db: Db, user: CurrentUser) -> Response:
    comments.delete_comment(db, user, comment_id)
    db.commit()
    return Response(status_code=204)


@router.post("/notes/{note_id}/like", response_model=LikeOut)
def like_note(note_id: int, db: Db, user: CurrentUser) -> LikeOut:
    note = social.like_note(db, user, note_id)
    db.commit()
    return LikeOut(liked=True, like_count=note.like_count)


@router.delete("/notes/{note_id}/like", response_model=LikeOut)
def unlike_note(note_id: int, db: Db, user: CurrentUser) -> LikeOut:
    note = social.unlike_note(db, user, note_id)
    db.commit()
    return LikeOut(liked=False, like_count=note.like_count)


@router.post("/comments/{comment_id}/like", response_model=LikeOut)
def like_comment(comment_id: int, db: Db, user: CurrentUser) -> LikeOut:
    comment = social.like_comment(db, user, comment_id)
    db.commit()
    return LikeOut(liked=True, like_count=comment.like_count)


@router.delete("/comments/{comment_id}/like", response_model=LikeOut)
def unlike_comment(comment_id: int, db: Db, user: CurrentUser) -> LikeOut:
    comment = social.unlike_comment(db, user, comment_id)
    db.commit()
    return LikeOut(liked=False, like_count=comment.like_count)
