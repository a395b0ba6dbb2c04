"""The things moderation decides about, by (type, id): notes, comments and profiles (a user's
display name and bio), with their text as screening reads it, author and language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Note, User

Item = Note | Comment | User
# "user" is how reports name a profile; "account" is a decision about the whole account.
_PROFILE_TYPES = ("profile", "user", "account")


def load(session: Session, item_type: str, item_id: int) -> Item | None:
    if item_type == "note":
        return session.get(Note, item_id)
    if item_type == "comment":
        return session.get(Comment, item_id)
    if item_type in _PROFILE_TYPES:
        return session.get(User, item_id)
    return None


def item_type_of(item: Item) -> str:
    if isinstance(item, Note):
        return "note"
    if isinstance(item, Comment):
        return "comment"
    return "profile"


def text_of(item: Item | None) -> str:
    """The one text of an item that is screened, shown to reviewers and stored in decisions."""
    if isinstance(item, Note):
        return f"{item.title}\n{item.body}".strip()
    if isinstance(item, Comment):
        return item.body
    if isinstance(item, User):
        return "\n".join(part for part in (item.display_name, item.bio) if part)
    return ""


def author_id_of(item: Item | None) -> int | None:
    if item is None:
        return None
    if isinstance(item, User):
        return item.id
    return item.author_id


def lang_of(item: Item | None) -> str:
    if isinstance(item, User):
        return item.writing_lang or "und"
    if item is None:
        return "und"
    return item.lang or "und"


def state_of(item: Item) -> str:
    return item.profile_state if isinstance(item, User) else item.state
