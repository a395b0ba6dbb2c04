"""Through the product: comments, display names and bios are screened before others see them,
in English and Chinese; benign ones are published at once; authors of held comments and held
profiles reach their statement of reasons, and nobody else sees the text or the link."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.models import Comment, User
from crosstalk.safety.transparency.models import Decision
from tests.helpers import browser_login, csrf_from, signup

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}

HELD_COMMENTS = [
    ("en", "you stupid worthless idiot, nobody likes you", "H1"),
    ("zh-Hans", "你这个傻逼，滚出去", "H1"),
]
REMOVED_COMMENTS = [
    ("en", "I will kill you and your family tonight", "H2"),
    ("zh-Hans", "我要杀了你全家", "H2"),
]
HELD_BIOS = [
    ("en", "all immigrants are rats", "HS1"),
    ("zh-Hans", "穆斯林都是垃圾，应该滚出中国", "HS1"),
]
BENIGN_COMMENTS = [
    ("en", "Great photos, the lake looks lovely!"),
    ("zh-Hans", "照片太好看了，湖景真美！"),
]
BENIGN_BIOS = [
    ("en", "Hiker, tea lover, amateur photographer in Seattle."),
    ("zh-Hans", "喜欢徒步和喝茶的上海人，周末爱拍照。"),
]


def _post_comment(client: TestClient, author: dict[str, str], body: str) -> tuple[int, dict]:
    note = client.post("/api/v1/notes", headers=author, json={"title": "Lake trip"}).json()
    r = client.post(f"/api/v1/notes/{note['id']}/comments", headers=author, json={"body": body})
    assert r.status_code == 201, r.text
    return note["id"], r.json()


def _decision(db: Session, item_type: str, item_id: int) -> Decision:
    db.expire_all()
    decision = db.scalar(
        select(Decision)
        .where(Decision.item_type == item_type, Decision.item_id == item_id)
        .order_by(Decision.id.desc())
        .limit(1)
    )
    assert decision is not None
    return decision


@pytest.mark.parametrize(("lang", "text", "clause"), HELD_COMMENTS)
def test_a_harmful_comment_is_held_and_only_its_author_reaches_the_reasons(
    client: TestClient,
    other_client: TestClient,
    db: Session,
    lang: str,
    text: str,
    clause: str,
) -> None:
    author = signup(client, "sharp_tongue", [lang])
    note_id, comment = _post_comment(client, author, text)
    assert comment["state"] == "held"
    decision = _decision(db, "comment", comment["id"])
    assert (decision.action, decision.clause_id, decision.visibility) == ("hold", clause, "held")
    row = db.get(Comment, comment["id"])
    assert row is not None and row.decision_id == decision.id

    # The author sees the comment, that only they see it, and a link to the reasons.
    own = client.get(f"/notes/{note_id}", headers={**author, **ZH}).text
    assert text in own and "仅你可见" in own
    assert f'href="/decisions/{decision.id}"' in own and 'data-testid="comment-sor"' in own
    statement = client.get(f"/decisions/{decision.id}", headers={**author, **ZH})
    assert statement.status_code == 200
    assert clause in statement.text and "决定理由说明" in statement.text
    sor = client.get(f"/api/v1/decisions/{decision.id}", headers=author).json()
    assert sor["statement_of_reasons"]["ground"]["clause_id"] == clause

    # Everyone else: no text, no link, no statement, and the note's count leaves it out.
    bystander = signup(other_client, "bystander")
    for headers in ({}, bystander):
        seen = other_client.get(f"/notes/{note_id}", headers=headers).text
        assert text not in seen and f"/decisions/{decision.id}" not in seen
    page = other_client.get(f"/decisions/{decision.id}", headers=bystander)
    assert page.status_code == 404 and clause not in page.text
    assert (
        other_client.get(f"/api/v1/decisions/{decision.id}", headers=bystander).status_code == 404
    )
    listed = other_client.get(f"/api/v1/notes/{note_id}/comments").json()
    assert all(c["id"] != comment["id"] for c in listed)
    assert other_client.get(f"/api/v1/notes/{note_id}").json()["comment_count"] == 0


@pytest.mark.parametrize(("lang", "text", "clause"), REMOVED_COMMENTS)
def test_a_clear_threat_in_a_comment_is_removed_in_either_language(
    client: TestClient, other_client: TestClient, db: Session, lang: str, text: str, clause: str
) -> None:
    author = signup(client, "threatener", [lang])
    note_id, comment = _post_comment(client, author, text)
    assert comment["state"] == "removed"
    decision = _decision(db, "comment", comment["id"])
    assert (decision.action, decision.clause_id) == ("remove", clause)
    assert text not in other_client.get(f"/notes/{note_id}").text


@pytest.mark.parametrize(("lang", "text"), BENIGN_COMMENTS)
def test_a_friendly_comment_is_published_at_once(
    client: TestClient, other_client: TestClient, db: Session, lang: str, text: str
) -> None:
    author = signup(client, "friendly_commenter", [lang])
    note_id, comment = _post_comment(client, author, text)
    assert comment["state"] == "visible"
    assert _decision(db, "comment", comment["id"]).action == "allow"
    page = other_client.get(f"/notes/{note_id}").text
    assert text in page and 'data-testid="comment-sor"' not in page


@pytest.mark.parametrize(("lang", "text", "clause"), HELD_BIOS)
def test_a_harmful_bio_is_held_and_its_owner_still_sees_it_with_the_reasons(
    client: TestClient,
    other_client: TestClient,
    db: Session,
    lang: str,
    text: str,
    clause: str,
) -> None:
    owner = signup(client, "bio_writer", [lang])
    r = client.patch(
        "/api/v1/me", headers=owner, json={"bio": text, "display_name": "Night Owl 夜猫子"}
    )
    assert r.status_code == 200, r.text
    decision = _decision(db, "profile", r.json()["id"])
    assert (decision.action, decision.clause_id) == ("hold", clause)
    user = db.get(User, r.json()["id"])
    assert user is not None and user.profile_state == "held"
    me = client.get("/api/v1/me", headers=owner).json()
    assert (me["bio"], me["display_name"]) == (text, "Night Owl 夜猫子")
    assert me["profile_state"] == "held"

    # The owner: their own name and bio, the notice, the link, and the statement behind it.
    own = client.get("/u/bio_writer", headers=owner).text
    assert text in own and "Night Owl 夜猫子" in own
    assert 'data-testid="profile-restricted"' in own
    assert f'href="/decisions/{decision.id}"' in own
    own_zh = client.get("/u/bio_writer", headers={**owner, **ZH}).text
    assert "正在等待审核员审核" in own_zh
    page = client.get(f"/decisions/{decision.id}", headers=owner)
    assert page.status_code == 200 and clause in page.text

    # Anyone else: the username only; no bio, no display name, no link.
    stranger = signup(other_client, "stranger")
    for headers in ({}, stranger):
        seen = other_client.get("/u/bio_writer", headers=headers).text
        assert text not in seen and "Night Owl" not in seen
        assert f"/decisions/{decision.id}" not in seen
        assert 'data-testid="profile-restricted"' not in seen
    assert other_client.get(f"/decisions/{decision.id}", headers=stranger).status_code == 404
    assert other_client.get("/api/v1/users/bio_writer").json()["bio"] == ""


def test_a_harmful_display_name_saved_in_the_settings_form_is_held(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    signup(client, "settings_user", ["zh-Hans"])
    token = browser_login(client, "settings_user")
    form = client.get("/settings")
    r = client.post(
        "/settings",
        data={
            "display_name": "你这个傻逼，滚出去",
            "bio": "",
            "langs_read": "zh-Hans",
            "langs_write": "zh-Hans",
            "ui_locale": "zh_Hans",
            "csrf_token": csrf_from(form.text) or token,
        },
    )
    assert r.status_code == 200, r.text
    user = db.scalar(select(User).where(User.username == "settings_user"))
    assert user is not None
    db.refresh(user)
    assert user.profile_state == "held"
    decision = _decision(db, "profile", user.id)
    assert decision.action == "hold" and decision.clause_id == "H1"
    own = client.get("/u/settings_user").text
    assert "你这个傻逼" in own and f'href="/decisions/{decision.id}"' in own
    seen = other_client.get("/u/settings_user").text
    assert "傻逼" not in seen and re.search(r"<h1>settings_user ", seen)


@pytest.mark.parametrize(("lang", "text"), BENIGN_BIOS)
def test_a_friendly_bio_is_visible_to_everyone(
    client: TestClient, other_client: TestClient, db: Session, lang: str, text: str
) -> None:
    owner = signup(client, "nice_bio", [lang])
    r = client.patch("/api/v1/me", headers=owner, json={"bio": text, "display_name": "Sunny"})
    assert r.status_code == 200, r.text
    assert _decision(db, "profile", r.json()["id"]).action == "allow"
    seen = other_client.get("/u/nice_bio").text
    assert text in seen and "Sunny" in seen and 'data-testid="profile-restricted"' not in seen
    assert other_client.get("/api/v1/users/nice_bio").json()["bio"] == text
