"""Likes on comments: counted once per person, undone, notified to the comment's author, refused
for comments the liker may not see, and available from the note page's form too."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, Notification, User
from tests.helpers import browser_login, csrf_from, signup


def test_comment_likes_count_once_undo_and_notify(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    author = signup(client, "comment_author")
    fan = signup(other_client, "comment_fan")
    note = client.post(
        "/api/v1/notes", headers=author, json={"title": "Dumplings", "body": "Recipe inside"}
    ).json()
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=author, json={"body": "Use cold water."}
    ).json()
    url = f"/api/v1/comments/{comment['id']}/like"
    first = other_client.post(url, headers=fan)
    again = other_client.post(url, headers=fan)
    assert first.json() == {"liked": True, "like_count": 1} and again.json()["like_count"] == 1
    author_id = db.scalar(select(User.id).where(User.username == "comment_author"))
    likes = db.scalars(
        select(Notification).where(Notification.user_id == author_id, Notification.kind == "like")
    ).all()
    assert [n.comment_id for n in likes] == [comment["id"]]
    undone = other_client.delete(url, headers=fan)
    assert undone.json() == {"liked": False, "like_count": 0}
    assert other_client.post("/api/v1/comments/999999/like", headers=fan).status_code == 404
    assert other_client.post(url).status_code == 401


def test_a_held_comment_cannot_be_liked_by_others(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    author = signup(client, "held_commenter")
    fan = signup(other_client, "held_fan")
    note = client.post(
        "/api/v1/notes", headers=author, json={"title": "Tea", "body": "Oolong notes"}
    ).json()
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=author, json={"body": "Brew it twice."}
    ).json()
    row = db.get(Comment, comment["id"])
    assert row is not None
    row.state = "held"
    db.commit()
    r = other_client.post(f"/api/v1/comments/{comment['id']}/like", headers=fan)
    assert r.status_code == 404


def test_liking_a_comment_from_the_note_page(client: TestClient, db: Session) -> None:
    author = signup(client, "page_commenter")
    note = client.post(
        "/api/v1/notes", headers=author, json={"title": "Noodles", "body": "Hand-pulled"}
    ).json()
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=author, json={"body": "So chewy!"}
    ).json()
    signup(client, "page_liker")
    browser_login(client, "page_liker")
    token = csrf_from(client.get(f"/notes/{note['id']}").text)
    r = client.post(
        f"/comments/{comment['id']}/like", data={"csrf_token": token}, follow_redirects=False
    )
    assert r.status_code in (200, 303)
    db.expire_all()
    assert db.get(Comment, comment["id"]).like_count == 1  # type: ignore[union-attr]
    refused = client.post(f"/comments/{comment['id']}/like", data={}, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token
