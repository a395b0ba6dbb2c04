"""The moderators' HTML pages: queue, item view with translation area, evidence and context,
decisions from the form, the dashboard and the queue metrics."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.models import Note, Role
from crosstalk.safety.moderation.models import ReviewItem
from tests.helpers import browser_login, csrf_from, image_bytes, signup
from tests.integration.safety.review_support import THREAT_EN, hold_threats, make_user

__all__ = ["hold_threats"]
pytestmark = pytest.mark.usefixtures("hold_threats")
ZH = {"Accept-Language": "zh-CN"}


def _post_threat(client: TestClient, body: str = THREAT_EN, with_image: bool = False) -> int:
    headers = signup(client, "threat_author")
    token = browser_login(client, "threat_author")
    files = {"images": ("x.jpg", image_bytes(), "image/jpeg")} if with_image else None
    r = client.post(
        "/notes",
        data={"title": "Warning", "body": body, "csrf_token": token},
        files=files,
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    client.cookies.clear()
    del headers
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_a_moderator_reviews_and_removes_from_the_item_page(
    client: TestClient, db: Session
) -> None:
    note_id = _post_threat(client, THREAT_EN + " <script>alert(1)</script>", with_image=True)
    make_user(db, "zh_mod", Role.MODERATOR, ["zh-Hans"]).ui_locale = "zh_Hans"
    db.commit()
    browser_login(client, "zh_mod")
    queue = client.get("/review", headers=ZH)
    assert queue.status_code == 200 and 'data-testid="queue-item"' in queue.text
    item = db.scalar(select(ReviewItem).where(ReviewItem.item_id == note_id))
    assert item is not None
    view = client.get(f"/review/items/{item.id}", headers=ZH)
    assert view.status_code == 200
    html = view.text
    assert 'data-testid="review-original"' in html and 'data-testid="review-translation"' in html
    # Either a labelled machine translation or an honest "unavailable".
    assert (
        "机器翻译 ·" in html or "Machine translation ·" in html or "translation-unavailable" in html
    )
    assert '<mark class="evidence">' in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert 'class="blurred"' in html  # threats are violent: images start blurred
    assert "H2" in html and 'data-testid="review-history"' in html
    assert '<script src="/static/review.js" defer></script>' in html
    db.expire_all()
    assert db.get(ReviewItem, item.id).claimed_by is not None  # type: ignore[union-attr]
    r = client.post(
        f"/review/items/{item.id}/decide",
        data={"action": "remove", "clause_id": "H2", "note": "", "csrf_token": csrf_from(html)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    db.expire_all()
    assert db.get(Note, note_id).state == "removed"  # type: ignore[union-attr]


def test_removing_without_a_clause_is_refused_with_a_message(
    client: TestClient, db: Session
) -> None:
    note_id = _post_threat(client)
    make_user(db, "mod_noclause", Role.MODERATOR)
    db.commit()
    browser_login(client, "mod_noclause")
    item = db.scalar(select(ReviewItem).where(ReviewItem.item_id == note_id))
    assert item is not None
    html = client.get(f"/review/items/{item.id}").text
    r = client.post(
        f"/review/items/{item.id}/decide",
        data={"action": "remove", "clause_id": "", "csrf_token": csrf_from(html)},
    )
    assert "Cite a clause" in r.text
    db.expire_all()
    assert db.get(Note, note_id).state == "held"  # type: ignore[union-attr]


def test_admins_see_the_dashboard_and_metrics_show_the_queue(
    client: TestClient, db: Session
) -> None:
    _post_threat(client)
    make_user(db, "the_admin", Role.ADMIN)
    db.commit()
    browser_login(client, "the_admin")
    dash = client.get("/review/dashboard")
    assert dash.status_code == 200 and 'data-testid="depth">1<' in dash.text
    metrics = client.get("/metrics").text
    assert 'crosstalk_review_queue_depth{source="hold"} 1.0' in metrics
    assert "crosstalk_review_queue_oldest_age_seconds" in metrics
    assert "crosstalk_review_time_to_first_review_seconds" in metrics


def test_chinese_items_come_with_reading_aids_and_an_english_translation_area(
    client: TestClient, db: Session
) -> None:
    note_id = _post_threat(client, "我知道你住在哪里，我要去你家弄死你。")
    make_user(db, "en_mod", Role.MODERATOR, ["en"])
    db.commit()
    browser_login(client, "en_mod")
    item = db.scalar(select(ReviewItem).where(ReviewItem.item_id == note_id))
    assert item is not None
    html = client.get(f"/review/items/{item.id}").text
    assert 'data-testid="reading-aids"' in html and "<rt>" in html
    assert "Machine translation" in html
