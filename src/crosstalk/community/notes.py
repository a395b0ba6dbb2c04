"""Notes: create (one transaction: row, images, topics, screening), edit, delete, read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community import blocks, notifications
from crosstalk.community.accounts import ensure_active
from crosstalk.community.errors import NotFound, PermissionDenied, ValidationFailed
from crosstalk.community.markup import extract_mentions, extract_topics, normalize_topic
from crosstalk.community.media import (
    ProcessedImage,
    delete_after_commit,
    media_store,
    process_image,
)
from crosstalk.community.models import Note, NoteImage, Topic, User, Visibility
from crosstalk.community.screening import screen
from crosstalk.community.visibility import can_view_note
from crosstalk.config import get_settings
from crosstalk.db.base import utcnow

MAX_TOPICS = 10


@dataclass(frozen=True)
class ImageUpload:
    data: bytes
    filename: str = "image"
    alt_text: str = ""


@dataclass
class NoteInput:
    title: str
    body: str = ""
    topics: list[str] = field(default_factory=list)
    images: list[ImageUpload] = field(default_factory=list)


def _clean_text(title: str, body: str) -> tuple[str, str]:
    settings = get_settings()
    title = " ".join(title.split())
    body = body.replace("\r\n", "\n").strip()
    if not title:
        raise ValidationFailed("Give your note a title.", "请填写标题。", field="title")
    if len(title) > settings.max_title_chars:
        raise ValidationFailed(
            f"Title must be at most {settings.max_title_chars} characters.",
            f"标题最多 {settings.max_title_chars} 个字符。",
            field="title",
        )
    if len(body) > settings.max_body_chars:
        raise ValidationFailed(
            f"Text must be at most {settings.max_body_chars} characters.",
            f"正文最多 {settings.max_body_chars} 个字符。",
            field="body",
        )
    return title, body


def _clean_topics(explicit: Sequence[str], body: str, title: str) -> list[str]:
    names = [normalize_topic(t) for t in explicit if normalize_topic(t)]
    names += extract_topics(title + "\n" + body)
    names = list(dict.fromkeys(names))
    if len(names) > MAX_TOPICS:
        raise ValidationFailed(
            f"Use at most {MAX_TOPICS} topics.", f"话题最多 {MAX_TOPICS} 个。", field="topics"
        )
    for name in names:
        if any(ch.isspace() for ch in name):
            raise ValidationFailed(
                "Topics cannot contain spaces.", "话题不能包含空格。", field="topics"
            )
    return names


def _topics(session: Session, names: list[str]) -> list[Topic]:
    found = {t.name: t for t in session.scalars(select(Topic).where(Topic.name.in_(names)))}
    result = []
    for name in names:
        topic = found.get(name)
        if topic is None:
            topic = Topic(name=name)
            session.add(topic)
        result.append(topic)
    return result


def _process_images(uploads: list[ImageUpload]) -> list[tuple[ImageUpload, ProcessedImage]]:
    limit = get_settings().max_images_per_note
    if len(uploads) > limit:
        raise ValidationFailed(
            f"A note can have at most {limit} images.",
            f"每篇笔记最多 {limit} 张图片。",
            field="images",
        )
    return [(u, process_image(u.data, u.filename)) for u in uploads]


def note_language(author: User, text: str) -> str:
    """The language a note is stored under; detection replaces the author's declaration when
    the language engine is present."""
    try:
        from crosstalk.language.detect import detect
    except ImportError:
        return author.writing_lang
    found = detect(text).lang
    return author.writing_lang if found == "und" else found


def create_note(session: Session, author: User, data: NoteInput, *, ip: str | None = None) -> Note:
    ensure_active(author)
    title, body = _clean_text(data.title, data.body)
    topic_names = _clean_topics(data.topics, body, title)
    # Decode and re-encode every image before writing anything, so a bad file loses nothing.
    processed = _process_images(data.images)
    store = media_store()
    saved: list[str] = []
    try:
        now = utcnow()
        note = Note(
            created_at=now,
            updated_at=now,
            author_id=author.id,
            title=title,
            body=body,
            lang=note_language(author, f"{title}\n{body}"),
            state=Visibility.PENDING.value,
        )
        note.topics = _topics(session, topic_names)
        for pos, (upload, img) in enumerate(processed):
            ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[img.fmt]
            path = store.save(img.data, ext)
            saved.append(path)
            thumb = store.save(img.thumb, ext)
            saved.append(thumb)
            note.images.append(
                NoteImage(
                    position=pos,
                    path=path,
                    thumb_path=thumb,
                    content_type=img.content_type,
                    width=img.width,
                    height=img.height,
                    alt_text=upload.alt_text[:300] or title[:300],
                )
            )
        session.add(note)
        session.flush()
        screen(session, note, ip=ip)
        for username in extract_mentions(f"{title}\n{body}"):
            notifications.mention(session, author, username, note_id=note.id)
        session.flush()
    except BaseException:
        for path in saved:
            store.delete(path)
        raise
    return note


def get_note(session: Session, note_id: int, viewer: User | None) -> Note:
    note = session.get(Note, note_id)
    hidden = (
        note is not None
        and viewer is not None
        and not viewer.is_moderator
        and blocks.is_blocking(session, note.author, viewer)
    )
    if note is None or hidden or not can_view_note(note, viewer):
        # The same answer for "absent", "blocked" and "not yours to see": ids leak nothing.
        raise NotFound("This note does not exist or is not available.", "笔记不存在或不可见。")
    return note


def _own(note: Note, actor: User, *, moderator_ok: bool) -> None:
    if note.author_id == actor.id or (moderator_ok and actor.is_moderator):
        return
    raise PermissionDenied("Only the author can do this.", "只有作者可以进行此操作。")


def edit_note(
    session: Session,
    actor: User,
    note_id: int,
    *,
    title: str | None = None,
    body: str | None = None,
    topics: list[str] | None = None,
    ip: str | None = None,
) -> Note:
    ensure_active(actor)
    note = get_note(session, note_id, actor)
    _own(note, actor, moderator_ok=False)
    if note.state == Visibility.REMOVED.value:
        raise PermissionDenied(
            "A removed note cannot be edited; you can appeal the decision.",
            "已删除的笔记无法编辑，你可以提出申诉。",
        )
    new_title, new_body = _clean_text(
        title if title is not None else note.title, body if body is not None else note.body
    )
    names = _clean_topics(topics if topics is not None else [], new_body, new_title)
    if topics is None:
        names = list(dict.fromkeys([t.name for t in note.topics] + names))
    note.title, note.body = new_title, new_body
    note.topics = _topics(session, names)
    note.lang = note_language(actor, f"{new_title}\n{new_body}")
    note.updated_at = utcnow()
    session.flush()
    # Edited text is screened again: an edit must not slip past the safety engine.
    screen(session, note, ip=ip)
    session.flush()
    return note


def delete_note(session: Session, actor: User, note_id: int) -> None:
    note = session.get(Note, note_id)
    if note is None or not can_view_note(note, actor):
        raise NotFound("This note does not exist or is not available.", "笔记不存在或不可见。")
    _own(note, actor, moderator_ok=False)
    delete_after_commit(session, [p for img in note.images for p in (img.path, img.thumb_path)])
    session.delete(note)
    session.flush()


def author_of(session: Session, note_id: int) -> User:
    note = session.get(Note, note_id)
    if note is None:
        raise NotFound("No such note.", "笔记不存在。")
    return note.author
