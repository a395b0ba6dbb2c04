"""Readers see a label on labelled notes and comments (note page, comment, feed card), in their
language, linking to the clause on the public policy page; other decisions show no label."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from crosstalk.community.accounts import create_account, issue_token
from crosstalk.community.models import Comment, Note, Role
from crosstalk.safety.moderation.models import ReviewItem
from crosstalk.safety.screening.policy import default_policy
from crosstalk.safety.screening.rules import Facts, evaluate
from crosstalk.safety.transparency.labels import item_labels, labels_for
from tests.helpers import PASSWORD, automated_decision, signup

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def _bearer(db: Session, name: str, role: Role = Role.USER) -> dict[str, str]:
    user = create_account(db, name, PASSWORD, role=role, langs_read=["en", "zh-Hans"])
    token = issue_token(db, user)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def _label_by_moderator(
    client: TestClient, db: Session, target_type: str, target_id: int, clause: str
) -> None:
    """A reader reports the item and a moderator labels it under `clause`."""
    reporter = _bearer(db, f"reporter_{target_type}_{target_id}")
    r = client.post(
        "/api/v1/reports",
        headers=reporter,
        json={"target_type": target_type, "target_id": target_id, "reason": "violence"},
    )
    assert r.status_code == 201, r.text
    db.expire_all()
    item = db.scalar(
        select(ReviewItem).where(
            ReviewItem.item_type == target_type, ReviewItem.item_id == target_id
        )
    )
    assert item is not None
    mod = _bearer(db, f"mod_{target_type}_{target_id}", Role.MODERATOR)
    r = client.post(
        f"/api/v1/review/items/{item.id}/decide",
        headers=mod,
        json={"action": "label", "clause_id": clause},
    )
    assert r.status_code == 200, r.text


def _labels_in(html: str) -> list[str]:
    return re.findall(r'data-testid="content-label".*?⚠ ([^<]+)', html, flags=re.S)


def test_a_labelled_note_shows_its_label_on_the_page_and_the_feed_card_in_each_language(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    author = signup(client, "war_photographer")
    note = client.post(
        "/api/v1/notes",
        headers=author,
        json={"title": "Field hospital", "body": "Photos from the field hospital after the quake."},
    ).json()
    plain = client.post(
        "/api/v1/notes", headers=author, json={"title": "Morning tea", "body": "Oolong today."}
    ).json()
    assert note["state"] == plain["state"] == "visible"
    assert not _labels_in(other_client.get(f"/notes/{note['id']}").text)
    _label_by_moderator(client, db, "note", note["id"], "V2")

    en_page = other_client.get(f"/notes/{note['id']}").text
    assert _labels_in(en_page) == ["Sensitive content: Graphic violence"]
    assert 'href="/policy#clause-V2"' in en_page
    assert "Graphic descriptions of injury or gore are labelled" in en_page
    zh_page = other_client.get(f"/notes/{note['id']}", headers=ZH).text
    assert _labels_in(zh_page) == ["敏感内容：血腥暴力内容"]
    # The clause the label links to is on the public policy page.
    policy = other_client.get("/policy")
    assert policy.status_code == 200 and 'id="clause-V2"' in policy.text

    # Feed cards: the labelled note carries the badge, the plain one does not.
    explore = other_client.get("/").text
    card = re.search(
        rf'<article class="card" data-note-id="{note["id"]}".*?</article>', explore, re.S
    )
    other = re.search(
        rf'<article class="card" data-note-id="{plain["id"]}".*?</article>', explore, re.S
    )
    assert card is not None and other is not None
    assert _labels_in(card.group(0)) == ["Sensitive content: Graphic violence"]
    assert not _labels_in(other.group(0))
    profile = other_client.get("/u/war_photographer", headers=ZH).text
    assert "敏感内容：血腥暴力内容" in profile
    # API clients get the same label, in the caller's language.
    api = other_client.get(f"/api/v1/notes/{note['id']}", headers=ZH).json()
    assert api["label"]["clause_id"] == "V2" and api["label"]["title"] == "血腥暴力内容"
    assert other_client.get(f"/api/v1/notes/{plain['id']}").json()["label"] is None
    feed = other_client.get("/api/v1/feed/explore").json()["items"]
    labelled = {i["id"]: (i["label"] or {}).get("clause_id") for i in feed}
    assert labelled[note["id"]] == "V2" and labelled[plain["id"]] is None


def test_a_labelled_comment_shows_a_badge_to_every_reader(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    author = signup(client, "storyteller")
    note = client.post("/api/v1/notes", headers=author, json={"title": "Ghost stories"}).json()
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments",
        headers=author,
        json={"body": "The ending of that film still gives me nightmares."},
    ).json()
    calm = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=author, json={"body": "Great thread!"}
    ).json()
    _label_by_moderator(client, db, "comment", comment["id"], "V2")
    db.expire_all()
    row = db.get(Comment, comment["id"])
    assert row is not None and row.state == "visible" and row.decision_id is not None
    html = other_client.get(f"/notes/{note['id']}").text
    block = re.search(rf'id="c{comment["id"]}".*?(?=id="c{calm["id"]}"|$)', html, re.S)
    assert block is not None
    assert _labels_in(block.group(0)) == ["Sensitive content: Graphic violence"]
    assert len(_labels_in(html)) == 1  # the calm comment and the note carry none
    zh = other_client.get(f"/notes/{note['id']}", headers=ZH).text
    assert _labels_in(zh) == ["敏感内容：血腥暴力内容"]
    listed = other_client.get(f"/api/v1/notes/{note['id']}/comments").json()
    by_id = {c["id"]: c["label"] for c in listed}
    assert by_id[comment["id"]]["title"] == "Graphic violence" and by_id[calm["id"]] is None


def test_labels_load_in_one_query_and_only_for_label_and_limit_decisions(db: Session) -> None:
    author = create_account(db, "label_unit", PASSWORD)
    db.flush()
    policy = default_policy()
    made = {}
    for expected, scores in (
        ("label", {"violence/graphic": 0.6}),
        ("limit", {"sexual": 0.85}),
        ("hold", {"harassment/threatening": 0.6}),
        ("allow", {}),
    ):
        facts = Facts(text=f"{expected} text", lang="en", scores=scores)
        outcome = evaluate(policy, facts)
        assert outcome.action == expected
        note = Note(author_id=author.id, title=expected, body="", lang="en", state="visible")
        db.add(note)
        db.flush()
        decision = automated_decision(
            item_type="note",
            item_id=note.id,
            author_id=author.id,
            facts=facts,
            outcome=outcome,
            policy=policy,
            stages=["stage1", "rules"],
        )
        db.add(decision)
        db.flush()
        note.decision_id = decision.id
        made[expected] = (note, decision)
    db.flush()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        found = labels_for(db, [d.id for _, d in made.values()] + [None], "zh_Hans")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
    assert set(found) == {made["label"][1].id, made["limit"][1].id}
    assert found[made["label"][1].id].title == "血腥暴力内容"
    assert found[made["limit"][1].id].clause_id == "SX1"
    by_note = item_labels(db, [n for n, _ in made.values()], "en")
    assert by_note[made["label"][0].id].title == "Graphic violence"
    assert set(by_note) == {made["label"][0].id, made["limit"][0].id}
    assert labels_for(db, []) == {}
