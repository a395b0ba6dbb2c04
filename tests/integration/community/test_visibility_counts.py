"""Every change of a comment's visibility keeps its note's comment count right, whoever makes
it: screening on publication, a moderator removing or restoring, an appeal reversing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosstalk.community.accounts import issue_token
from crosstalk.community.models import Role
from tests.helpers import signup
from tests.integration.safety.review_support import THREAT_EN, hold_threats, make_user

__all__ = ["hold_threats"]


def _bearer(db: Session, name: str, role: Role) -> dict[str, str]:
    user = make_user(db, name, role)
    token = issue_token(db, user)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def _counts(client: TestClient, note_id: int, headers: dict[str, str]) -> tuple[int, int, int]:
    """(API count, explore feed card count, count in the note page's heading)."""
    api = client.get(f"/api/v1/notes/{note_id}", headers=headers).json()["comment_count"]
    feed = client.get("/api/v1/feed/explore", headers=headers).json()["items"]
    card = next(n["comment_count"] for n in feed if n["id"] == note_id)
    page = client.get(f"/notes/{note_id}").text
    heading = next(int(n) for n in range(50) if f"({n})</h2>" in page)
    return api, card, heading


def _decide(client: TestClient, headers: dict[str, str], item_id: int, **body: str) -> dict:
    assert client.post(f"/api/v1/review/items/{item_id}/claim", headers=headers).status_code == 200
    r = client.post(f"/api/v1/review/items/{item_id}/decide", headers=headers, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_removed_comment_leaves_the_count_and_a_reversed_appeal_brings_it_back(
    client: TestClient, db: Session
) -> None:
    author = signup(client, "count_author")
    commenter = signup(client, "count_commenter")
    reporter = signup(client, "count_reporter")
    note = client.post(
        "/api/v1/notes", headers=author, json={"title": "Dumplings", "body": "Made them today."}
    ).json()
    for text in ("Looks delicious!", "What filling did you use?"):
        r = client.post(
            f"/api/v1/notes/{note['id']}/comments", headers=commenter, json={"body": text}
        )
        assert r.json()["state"] == "visible"
    comment_id = r.json()["id"]
    assert _counts(client, note["id"], author) == (2, 2, 2)

    mod = _bearer(db, "count_mod", Role.MODERATOR)
    senior = _bearer(db, "count_senior", Role.SENIOR_MODERATOR)
    filed = client.post(
        "/api/v1/reports",
        headers=reporter,
        json={"target_type": "comment", "target_id": comment_id, "reason": "harassment"},
    )
    assert filed.status_code == 201
    items = client.get("/api/v1/review/items", headers=mod).json()["items"]
    item = next(i for i in items if i["item_type"] == "comment" and i["item_id"] == comment_id)
    removed = _decide(client, mod, item["id"], action="remove", clause_id="H1")
    assert removed["visibility"] == "removed"
    assert _counts(client, note["id"], author) == (1, 1, 1)

    appeal = client.post(
        "/api/v1/appeals",
        headers=commenter,
        json={"decision_id": removed["decision_id"], "text": "I was asking about the recipe."},
    )
    assert appeal.status_code == 201, appeal.text
    items = client.get("/api/v1/review/items", headers=senior).json()["items"]
    item = next(i for i in items if i["source"] == "appeal" and i["item_id"] == comment_id)
    assert (
        client.post(f"/api/v1/review/items/{item['id']}/claim", headers=senior).status_code == 200
    )
    r = client.post(
        f"/api/v1/appeals/{appeal.json()['id']}/decide",
        headers=senior,
        json={"outcome": "reverse", "note": "a question about food"},
    )
    assert r.status_code == 200, r.text
    assert _counts(client, note["id"], author) == (2, 2, 2)


@pytest.mark.usefixtures("hold_threats")
def test_a_held_comment_counts_only_once_a_moderator_restores_it(
    client: TestClient, db: Session
) -> None:
    author = signup(client, "held_count_author")
    commenter = signup(client, "held_count_commenter")
    note = client.post(
        "/api/v1/notes", headers=author, json={"title": "Film night", "body": "Best lines?"}
    ).json()
    held = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=commenter, json={"body": THREAT_EN}
    ).json()
    assert held["state"] == "held"
    assert _counts(client, note["id"], author) == (0, 0, 0)

    mod = _bearer(db, "held_count_mod", Role.MODERATOR)
    items = client.get("/api/v1/review/items", headers=mod).json()["items"]
    item = next(i for i in items if i["item_type"] == "comment" and i["item_id"] == held["id"])
    restored = _decide(client, mod, item["id"], action="restore")
    assert restored["visibility"] == "visible"
    assert _counts(client, note["id"], author) == (1, 1, 1)
