"""Appeals over HTTP: the author appeals in one step from the decision page, a different senior
moderator reverses it, the note is visible again with its history, and everyone is told."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.accounts import issue_token
from crosstalk.community.models import Note, Notification, Role
from crosstalk.safety.moderation.models import Appeal, ReviewItem
from crosstalk.safety.transparency.models import Decision
from tests.helpers import browser_login, csrf_from, signup
from tests.integration.safety.review_support import THREAT_EN, hold_threats, make_user

__all__ = ["hold_threats"]
pytestmark = pytest.mark.usefixtures("hold_threats")


def _bearer(db: Session, name: str, role: Role) -> dict[str, str]:
    user = make_user(db, name, role)
    token = issue_token(db, user)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def test_removed_note_appealed_and_reversed_is_visible_again_with_history(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    author_h = signup(client, "appealer")
    note = client.post("/api/v1/notes", headers=author_h, json={"title": "Hey", "body": THREAT_EN})
    assert note.json()["state"] == "held"
    note_id = note.json()["id"]
    mod_h = _bearer(db, "first_mod", Role.MODERATOR)
    senior_h = _bearer(db, "senior_mod", Role.SENIOR_MODERATOR)

    queue = client.get("/api/v1/review/items", headers=mod_h).json()
    item = next(i for i in queue["items"] if i["item_id"] == note_id)
    assert client.post(f"/api/v1/review/items/{item['id']}/claim", headers=mod_h).status_code == 200
    assert (
        client.post(f"/api/v1/review/items/{item['id']}/claim", headers=senior_h).status_code == 409
    )
    no_clause = client.post(
        f"/api/v1/review/items/{item['id']}/decide", headers=mod_h, json={"action": "remove"}
    )
    assert no_clause.status_code == 422
    removed = client.post(
        f"/api/v1/review/items/{item['id']}/decide",
        headers=mod_h,
        json={"action": "remove", "clause_id": "H2", "note": "credible threat"},
    ).json()
    assert removed["visibility"] == "removed" and removed["clause_id"] == "H2"

    # The author reads the statement of reasons (API and page); strangers get a 404.
    sor = client.get(f"/api/v1/notes/{note_id}/decision", headers=author_h).json()
    assert sor["statement_of_reasons"]["ground"]["clause_id"] == "H2"
    assert sor["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    stranger = signup(other_client, "stranger")
    assert (
        other_client.get(f"/api/v1/notes/{note_id}/decision", headers=stranger).status_code == 404
    )
    assert client.get(f"/api/v1/notes/{note_id}/decision", headers=mod_h).status_code == 200

    browser_login(client, "appealer")
    page = client.get(f"/decisions/{removed['decision_id']}", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and 'data-testid="appeal-form"' in page.text
    r = client.post(
        f"/decisions/{removed['decision_id']}/appeal",
        data={
            "text": "It is a line from a film I was quoting.",
            "csrf_token": csrf_from(page.text),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    again = client.get(f"/decisions/{removed['decision_id']}")
    assert 'data-testid="appeal-form"' not in again.text and "appeal-status" in again.text
    appeal = db.scalar(select(Appeal))
    assert appeal is not None and appeal.status == "open"

    # The moderator who removed it cannot decide the appeal; a senior moderator can.
    assert (
        client.post(
            f"/api/v1/appeals/{appeal.id}/decide", headers=mod_h, json={"outcome": "reverse"}
        ).status_code
        == 403
    )
    done = client.post(
        f"/api/v1/appeals/{appeal.id}/decide", headers=senior_h, json={"outcome": "reverse"}
    )
    assert done.status_code == 200 and done.json()["status"] == "reversed"

    db.expire_all()
    restored = db.get(Note, note_id)
    assert restored is not None and restored.state == "visible"
    chain = list(
        db.scalars(
            select(Decision)
            .where(Decision.item_type == "note", Decision.item_id == note_id)
            .order_by(Decision.id)
        )
    )
    # Nothing deleted: automated hold → human removal → reversal, each pointing back.
    assert [d.action for d in chain] == ["hold", "remove", "allow"]
    assert chain[2].previous_id == chain[1].id
    assert chain[1].previous_id == chain[0].id
    kinds = {(n.user_id, n.kind) for n in db.scalars(select(Notification))}
    first_mod = db.scalar(select(ReviewItem.decided_by).where(ReviewItem.source == "hold"))
    assert (restored.author_id, "appeal_outcome") in kinds
    assert (first_mod, "appeal_outcome") in kinds
    assert other_client.get(f"/api/v1/notes/{note_id}").status_code == 200


def test_an_upheld_appeal_keeps_the_decision_and_tells_the_author(
    client: TestClient, db: Session
) -> None:
    author_h = signup(client, "appealer2")
    note_id = client.post(
        "/api/v1/notes", headers=author_h, json={"title": "Hey", "body": THREAT_EN}
    ).json()["id"]
    mod_h = _bearer(db, "mod_u", Role.MODERATOR)
    admin_h = _bearer(db, "admin_u", Role.ADMIN)
    item = client.get("/api/v1/review/items", headers=mod_h).json()["items"][0]
    decided = client.post(
        f"/api/v1/review/items/{item['id']}/decide",
        headers=mod_h,
        json={"action": "remove", "clause_id": "H2"},
    ).json()
    appeal = client.post(
        "/api/v1/appeals",
        headers=author_h,
        json={"decision_id": decided["decision_id"], "text": "No"},
    )
    assert appeal.status_code == 201
    twice = client.post(
        "/api/v1/appeals",
        headers=author_h,
        json={"decision_id": decided["decision_id"], "text": "!"},
    )
    assert twice.status_code == 409
    r = client.post(
        f"/api/v1/appeals/{appeal.json()['id']}/decide", headers=admin_h, json={"outcome": "uphold"}
    )
    assert r.status_code == 200 and r.json()["status"] == "upheld"
    assert client.get(f"/api/v1/notes/{note_id}", headers=author_h).json()["state"] == "removed"
    told = client.get("/api/v1/notifications", headers=author_h).json()
    entries = told["items"] if isinstance(told, dict) else told
    assert any(n["kind"] == "appeal_outcome" for n in entries)


def test_nobody_but_the_author_can_appeal(client: TestClient, db: Session) -> None:
    author_h = signup(client, "appealer3")
    client.post("/api/v1/notes", headers=author_h, json={"title": "Hey", "body": THREAT_EN})
    other_h = signup(client, "not_the_author")
    decision_id = db.scalar(select(Decision.id))
    r = client.post(
        "/api/v1/appeals", headers=other_h, json={"decision_id": decision_id, "text": "x"}
    )
    assert r.status_code == 404
