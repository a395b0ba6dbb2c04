"""Seeds the bilingual demo (about 20 people, 100 notes) through the normal services."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosstalk.community import comments, notes, social
from crosstalk.community.accounts import create_account
from crosstalk.community.models import Comment, Note, Role, User
from crosstalk.community.notes import ImageUpload, NoteInput
from crosstalk.db.base import utcnow
from crosstalk.demo.content import load_demo
from crosstalk.demo.images import render_demo_image

log = logging.getLogger("crosstalk.seed")

DEMO_PASSWORD = "crosstalk-demo"  # noqa: S105 - published in the README for the demo accounts
DEMO_IMAGE_SIZE = (720, 960)


@dataclass(frozen=True)
class SeedReport:
    seeded: bool
    users: int
    notes: int
    comments: int


def database_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count(User.id)))


def seed_demo(session: Session, *, with_images: bool = True) -> SeedReport:
    """Write the demo if the database has no accounts yet; otherwise do nothing."""
    if not database_is_empty(session):
        return SeedReport(False, 0, 0, 0)
    data = load_demo()
    users: dict[str, User] = {}
    for du in data.users:
        role = Role(du.role) if du.role in Role._value2member_map_ else Role.USER
        user = create_account(
            session,
            du.username,
            DEMO_PASSWORD,
            display_name=du.display_name,
            langs_write=list(du.writes),
            langs_read=list(du.reads),
            ui_locale=du.ui_locale,
            role=role,
            allow_reserved=True,
        )
        user.bio = du.bio
        # Demo members are established accounts (joined months ago, trusted), so the burst
        # of seeding is not mistaken for a new-account spam wave by the surge rules.
        user.created_at = utcnow() - timedelta(days=120)
        user.trust_level = 2
        users[du.username] = user
    session.flush()
    for follower, followee in data.follows:
        social.follow(session, users[follower], followee)

    now = utcnow()
    total = len(data.notes)
    by_key: dict[str, Note] = {}
    n_comments = 0
    for index, dn in enumerate(data.notes):
        uploads = [
            ImageUpload(
                data=render_demo_image(img, seed=index * 10 + pos, size=DEMO_IMAGE_SIZE),
                filename=f"demo-{index}-{pos}.jpg",
                alt_text=img.alt,
            )
            for pos, img in enumerate(dn.images if with_images else ())
        ]
        note = notes.create_note(
            session,
            users[dn.author],
            NoteInput(title=dn.title, body=dn.body, topics=list(dn.topics), images=uploads),
        )
        # Spread the demo over two weeks so feeds and time decay look like a living site.
        created = now - timedelta(minutes=int((total - index) * 14 * 24 * 60 / total))
        note.created_at = note.updated_at = created
        by_key[dn.key] = note
        for dc in dn.comments:
            top = comments.add_comment(session, users[dc.author], note.id, dc.body)
            n_comments += 1
            for reply in dc.replies:
                comments.add_comment(
                    session, users[reply.author], note.id, reply.body, parent_id=top.id
                )
                n_comments += 1
        for liker in dn.likes_from:
            social.like_note(session, users[liker], note.id)
        for saver in dn.saved_by:
            social.save_note(session, users[saver], note.id)
        session.flush()
    for board in data.collections:
        owner = users[board.owner]
        collection = social.create_collection(session, owner, board.name, is_private=board.private)
        for key in board.notes:
            if key in by_key:
                social.save_note(session, owner, by_key[key].id, collection.id)
    # Comments follow their note's time so threads read in order.
    for comment in session.scalars(select(Comment)):
        note_obj = session.get(Note, comment.note_id)
        if note_obj is not None:
            comment.created_at = note_obj.created_at + timedelta(minutes=5 + comment.id % 600)
    session.flush()
    log.info("seeded demo", extra={"users": len(users), "notes": total, "comments": n_comments})
    return SeedReport(True, len(users), total, n_comments)
