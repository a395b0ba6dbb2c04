"""Request bodies and response shapes of the JSON API (these field names are a stable contract)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from crosstalk.community.comments import Thread
from crosstalk.community.models import Comment, Note, User
from crosstalk.safety.transparency.labels import ContentLabel


class AccountIn(BaseModel):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=256)
    display_name: str | None = Field(default=None, max_length=200)
    languages: list[str] | None = Field(default=None, max_length=3)
    reads: list[str] | None = Field(default=None, max_length=3)
    ui_locale: str | None = Field(default=None, max_length=10)


class AccountOut(BaseModel):
    id: int
    username: str


class TokenIn(BaseModel):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 scheme name, not a secret


class ProfileIn(BaseModel):
    display_name: str | None = Field(default=None, max_length=200)
    bio: str | None = Field(default=None, max_length=5000)
    langs_read: list[str] | None = Field(default=None, max_length=3)
    langs_write: list[str] | None = Field(default=None, max_length=3)
    ui_locale: str | None = Field(default=None, max_length=10)
    auto_translate: bool | None = None


class LabelOut(BaseModel):
    """A content label readers see (the clause a label or reach-limit decision applied)."""

    clause_id: str
    title: str
    explanation: str
    decision_id: int


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    bio: str
    avatar_url: str | None
    langs_read: list[str]
    langs_write: list[str]
    role: str
    created_at: datetime


class MeOut(UserOut):
    profile_state: str  # visible | held | removed: what others see of the name and bio
    ui_locale: str
    auto_translate: bool
    trust_level: int
    unread_notifications: int
    followers: int
    following: int


class NoteIn(BaseModel):
    title: str = Field(max_length=1000)
    body: str = Field(default="", max_length=50_000)
    topics: list[str] = Field(default_factory=list, max_length=30)


class NotePatch(BaseModel):
    title: str | None = Field(default=None, max_length=1000)
    body: str | None = Field(default=None, max_length=50_000)
    topics: list[str] | None = Field(default=None, max_length=30)


class ImageOut(BaseModel):
    url: str
    thumb_url: str
    width: int
    height: int
    alt: str


class AuthorOut(BaseModel):
    id: int
    username: str
    display_name: str


class NoteOut(BaseModel):
    id: int
    title: str
    body: str
    body_html: str
    lang: str
    state: str
    author: AuthorOut
    topics: list[str]
    images: list[ImageOut]
    like_count: int
    comment_count: int
    collect_count: int
    liked: bool
    created_at: datetime
    updated_at: datetime
    url: str
    label: LabelOut | None = None


class FeedOut(BaseModel):
    items: list[NoteOut]
    next_cursor: str | None


class CommentIn(BaseModel):
    body: str = Field(max_length=20_000)
    parent_id: int | None = None


class CommentOut(BaseModel):
    id: int
    note_id: int
    parent_id: int | None
    body: str
    lang: str
    state: str
    author: AuthorOut
    reply_to: str | None
    like_count: int
    created_at: datetime
    replies: list[CommentOut] = Field(default_factory=list)
    label: LabelOut | None = None


class LikeOut(BaseModel):
    liked: bool
    like_count: int


class FollowOut(BaseModel):
    username: str
    following: bool


class BlockOut(BaseModel):
    username: str
    blocked: bool


class MuteOut(BaseModel):
    username: str
    muted: bool


class PersonOut(BaseModel):
    """Someone in a list (blocked, muted, followers, search results)."""

    username: str
    display_name: str
    avatar_url: str | None


def person_out(user: User) -> PersonOut:
    return PersonOut(
        username=user.username,
        display_name=user.shown_name,
        avatar_url=f"/media/{user.avatar_path}"
        if user.avatar_path and user.profile_state == "visible"
        else None,
    )


class ReportIn(BaseModel):
    target_type: str = Field(max_length=20)
    target_id: int
    reason: str = Field(max_length=2000)
    details: str = Field(default="", max_length=5000)


class ReportOut(BaseModel):
    id: int
    target_type: str
    target_id: int
    reason: str
    status: str
    created_at: datetime


class CollectionIn(BaseModel):
    name: str = Field(max_length=200)
    is_private: bool = False


class CollectionOut(BaseModel):
    id: int
    name: str
    is_private: bool


class SaveIn(BaseModel):
    collection_id: int | None = None


class NotificationOut(BaseModel):
    id: int
    kind: str
    actor: str | None
    note_id: int | None
    comment_id: int | None
    created_at: datetime
    read: bool


def author_out(user: User) -> AuthorOut:
    return AuthorOut(id=user.id, username=user.username, display_name=user.shown_name)


def user_out(user: User, *, own: bool = False) -> UserOut:
    """`own`: the owner reads their own name and bio even while others cannot."""
    public = user.profile_state == "visible"
    return UserOut(
        id=user.id,
        username=user.username,
        display_name=(user.display_name or user.username) if own else user.shown_name,
        bio=user.bio if public or own else "",
        avatar_url=f"/media/{user.avatar_path}" if user.avatar_path else None,
        langs_read=user.langs_read,
        langs_write=user.langs_write,
        role=user.role,
        created_at=user.created_at,
    )


def label_out(label: ContentLabel | None) -> LabelOut | None:
    if label is None:
        return None
    return LabelOut(
        clause_id=label.clause_id,
        title=label.title,
        explanation=label.explanation,
        decision_id=label.decision_id,
    )


def note_out(note: Note, liked: bool = False, label: ContentLabel | None = None) -> NoteOut:
    from crosstalk.community.markup import render_markdown

    return NoteOut(
        id=note.id,
        title=note.title,
        body=note.body,
        body_html=render_markdown(note.body),
        lang=note.lang,
        state=note.state,
        author=author_out(note.author),
        topics=[t.name for t in note.topics],
        images=[
            ImageOut(
                url=f"/media/{i.path}",
                thumb_url=f"/media/{i.thumb_path}",
                width=i.width,
                height=i.height,
                alt=i.alt_text,
            )
            for i in note.images
        ],
        like_count=note.like_count,
        comment_count=note.comment_count,
        collect_count=note.collect_count,
        liked=liked,
        created_at=note.created_at,
        updated_at=note.updated_at,
        url=f"/notes/{note.id}",
        label=label_out(label),
    )


def comment_out(
    comment: Comment,
    replies: list[Comment] | None = None,
    labels: dict[int, ContentLabel] | None = None,
) -> CommentOut:
    labels = labels or {}
    return CommentOut(
        id=comment.id,
        note_id=comment.note_id,
        parent_id=comment.parent_id,
        body=comment.body,
        lang=comment.lang,
        state=comment.state,
        author=author_out(comment.author),
        reply_to=comment.reply_to.username if comment.reply_to else None,
        like_count=comment.like_count,
        created_at=comment.created_at,
        replies=[comment_out(r, labels=labels) for r in replies or []],
        label=label_out(labels.get(comment.id)),
    )


def thread_out(thread: Thread, labels: dict[int, ContentLabel] | None = None) -> CommentOut:
    return comment_out(thread.comment, thread.replies, labels)
