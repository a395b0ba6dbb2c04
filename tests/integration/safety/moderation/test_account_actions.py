"""Account actions, Mastodon-style: warnings, limits, suspensions with a duration and bans, each
with a statement of reasons the owner reads in their language, enforced on the product path,
appealable, liftable by a senior moderator, and visible on the owner's account status page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.accounts import ensure_active, issue_token
from crosstalk.community.errors import AccountSuspended, PermissionDenied, ValidationFailed
from crosstalk.community.feeds import explore
from crosstalk.community.models import Note, Notification, Role, User
from crosstalk.community.notes import NoteInput, create_note
from crosstalk.db.base import utcnow
from crosstalk.safety.moderation import account_actions, appeals, decide, queue
from crosstalk.safety.moderation.models import AccountAction, ReviewItem
from crosstalk.safety.transparency.models import Decision
from tests.helpers import browser_login, csrf_from, signup
from tests.integration.safety.review_support import held_note, hold_threats, make_user

__all__ = ["hold_threats"]


def _bearer(db: Session, user: User) -> dict[str, str]:
    token = issue_token(db, user)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.usefixtures("hold_threats")
def test_a_suspension_with_a_removal_stops_posting_but_not_reading_or_appealing(
    client: TestClient, db: Session
) -> None:
    author = make_user(db, "suspended_author")
    moderator = make_user(db, "susp_mod", Role.MODERATOR)
    note = held_note(db, author)
    item = queue.enqueue_decision(db, db.get(Decision, note.decision_id))  # type: ignore[arg-type]
    removal = decide.decide(
        db,
        item.id,
        moderator,
        action="remove",
        clause_id="H2",
        account_action="suspension",
        duration_days=7,
        note="credible threat",
    )
    db.commit()
    db.refresh(author)
    assert author.suspended_until is not None
    assert timedelta(days=6) < author.suspended_until - utcnow() <= timedelta(days=7)
    action = db.scalars(select(AccountAction).where(AccountAction.user_id == author.id)).one()
    assert (action.kind, action.decision_id, action.clause_id) == ("suspension", removal.id, "H2")
    sor = db.get(Decision, action.account_decision_id)
    assert sor is not None and sor.item_type == "account"
    statement = sor.statement_of_reasons("zh-Hans")
    assert statement["account_restriction"] == "DECISION_ACCOUNT_SUSPENDED"
    assert statement["end_date"] and statement["ground"]["clause_id"] == "H2"
    assert "暂停" in statement["restriction"] and "7 天" in statement["facts_and_circumstances"]
    told = db.scalars(select(Notification).where(Notification.user_id == author.id)).all()
    assert any("suspended" in n.data.get("summary_en", "") for n in told)

    # The account still logs in: it reads why and can appeal, but cannot take part.
    headers = _bearer(db, author)
    posted = client.post("/api/v1/notes", headers=headers, json={"title": "hi", "body": "again"})
    assert posted.status_code == 403 and posted.json()["code"] == "account_suspended"
    zh = client.post(
        "/api/v1/notes",
        headers={**headers, "Accept-Language": "zh-CN"},
        json={"title": "hi", "body": "again"},
    )
    assert "暂停" in zh.json()["detail"]
    standing = client.get("/api/v1/me/standing", headers=headers).json()
    assert not standing["good_standing"] and standing["suspended_until"]
    assert standing["actions"][0]["kind"] == "suspension" and standing["actions"][0]["active"]
    appeal = client.post(
        "/api/v1/appeals",
        headers=headers,
        json={"decision_id": sor.id, "text": "I was quoting a film review."},
    )
    assert appeal.status_code == 201


@pytest.mark.usefixtures("hold_threats")
def test_a_reversed_appeal_lifts_the_suspension_that_came_with_the_removal(db: Session) -> None:
    author = make_user(db, "lifted_author")
    moderator = make_user(db, "lift_mod", Role.MODERATOR)
    senior = make_user(db, "lift_senior", Role.SENIOR_MODERATOR)
    note = held_note(db, author)
    item = queue.enqueue_decision(db, db.get(Decision, note.decision_id))  # type: ignore[arg-type]
    removal = decide.decide(
        db,
        item.id,
        moderator,
        action="remove",
        clause_id="H2",
        account_action="suspension",
        duration_days=3,
    )
    appeal = appeals.file_appeal(db, author, removal.id, "It was a line from a film.")
    appeals.decide_appeal(db, appeal.id, senior, outcome="reverse")
    db.commit()
    db.refresh(author)
    assert author.suspended_until is None
    ensure_active(author)
    action = db.scalars(select(AccountAction).where(AccountAction.user_id == author.id)).one()
    assert action.lifted_at is not None and action.lifted_by == senior.id
    assert "appeal" in action.lift_reason
    assert db.get(Note, note.id).state == "visible"  # type: ignore[union-attr]


def test_an_appeal_against_the_account_action_itself_is_decided_by_another_senior(
    db: Session,
) -> None:
    target = make_user(db, "appeals_ban")
    senior = make_user(db, "ban_senior", Role.SENIOR_MODERATOR)
    other = make_user(db, "other_senior2", Role.SENIOR_MODERATOR)
    ban = account_actions.act_on_account(db, senior, target, kind="ban", clause_id="H1")
    db.flush()
    db.refresh(target)
    assert target.suspended_until == account_actions.FOREVER
    with pytest.raises(AccountSuspended, match="banned"):
        ensure_active(target)
    assert ban.account_decision_id is not None
    appeal = appeals.file_appeal(db, target, ban.account_decision_id, "Wrong account.")
    item = db.scalars(select(ReviewItem).where(ReviewItem.appeal_id == appeal.id)).one()
    assert (item.item_type, item.author_id) == ("account", target.id)
    with pytest.raises(PermissionDenied):
        appeals.decide_appeal(db, appeal.id, senior, outcome="reverse")  # their own decision
    appeals.decide_appeal(db, appeal.id, other, outcome="reverse", note="Mistaken identity.")
    db.commit()
    db.refresh(target)
    assert target.suspended_until is None
    outcome = db.scalars(
        select(Notification).where(
            Notification.user_id == target.id, Notification.kind == "appeal_outcome"
        )
    ).one()
    assert "lifted" in outcome.data["summary_en"] and "解除" in outcome.data["summary_zh_Hans"]


@pytest.mark.usefixtures("hold_threats")
def test_a_limited_account_posts_stay_out_of_explore_until_lifted(db: Session) -> None:
    author = make_user(db, "limited_author")
    senior = make_user(db, "limit_senior", Role.SENIOR_MODERATOR)
    limit = account_actions.act_on_account(
        db, senior, author, kind="limit", clause_id="SP1", duration_days=14
    )
    note = create_note(db, author, NoteInput(title="Market day", body="Fresh peaches today"))
    db.flush()
    assert note.state == "limited" and note.decision_id == limit.account_decision_id
    assert note.id not in {n.id for n in explore(db, None).items}
    ensure_active(author)  # a limit does not stop posting
    account_actions.lift_by(db, senior, limit.id, "Reviewed again: not spam.")
    later = create_note(db, author, NoteInput(title="Market day 2", body="Plums now"))
    db.flush()
    assert later.state == "visible"


def test_a_warning_is_on_record_restricts_nothing_and_resets_trust(db: Session) -> None:
    from crosstalk.safety.screening.policy import enforced_policy
    from crosstalk.safety.screening.surge import earned_trust_level

    author = make_user(db, "warned_author")
    moderator = make_user(db, "warn_mod", Role.MODERATOR)
    author.created_at = utcnow() - timedelta(days=400)
    for i in range(12):
        create_note(db, author, NoteInput(title=f"Walk {i}", body=f"Autumn colours day {i}"))
    db.flush()
    trust = enforced_policy().trust
    level = earned_trust_level(
        db, author_id=author.id, author_created_at=author.created_at, trust=trust, now=utcnow()
    )
    assert level >= 1
    account_actions.act_on_account(db, moderator, author, kind="warning", clause_id="H1")
    db.flush()
    ensure_active(author)
    assert author.suspended_until is None
    assert (
        earned_trust_level(
            db, author_id=author.id, author_created_at=author.created_at, trust=trust, now=utcnow()
        )
        == 0
    )
    standing = account_actions.standing(db, author)
    assert standing.good and [a.kind for a in standing.actions] == ["warning"]


def test_account_actions_are_checked_before_anything_is_written(db: Session) -> None:
    target = make_user(db, "checked_target")
    moderator = make_user(db, "checked_mod", Role.MODERATOR)
    admin = make_user(db, "checked_admin", Role.ADMIN)
    other_mod = make_user(db, "checked_other_mod", Role.MODERATOR)
    cases = [
        (ValidationFailed, dict(kind="suspension", clause_id="H1")),  # no duration
        (ValidationFailed, dict(kind="warning", clause_id="H1", duration_days=3)),
        (ValidationFailed, dict(kind="exile", clause_id="H1")),
        (ValidationFailed, dict(kind="limit", clause_id="NOPE")),
        (ValidationFailed, dict(kind="limit", clause_id="H1", duration_days=99999)),
        (PermissionDenied, dict(kind="ban", clause_id="H1")),  # bans need a senior
    ]
    for error, kwargs in cases:
        with pytest.raises(error):
            account_actions.act_on_account(db, moderator, target, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        account_actions.act_on_account(db, moderator, moderator, kind="warning", clause_id="H1")
    with pytest.raises(PermissionDenied):
        account_actions.act_on_account(db, moderator, other_mod, kind="warning", clause_id="H1")
    account_actions.act_on_account(db, admin, other_mod, kind="warning", clause_id="H1")
    assert db.scalars(select(AccountAction).where(AccountAction.user_id == target.id)).all() == []


def test_the_engines_own_suspension_suspends_the_account(client: TestClient, db: Session) -> None:
    headers = signup(client, "engine_suspended")
    r = client.post(
        "/api/v1/notes",
        headers=headers,
        json={"title": "offer", "body": "trading child porn, message me"},
    )
    assert r.status_code == 201 and r.json()["state"] == "removed"
    user = db.scalars(select(User).where(User.username == "engine_suspended")).one()
    assert user.suspended_until is not None and user.suspended_until > utcnow()
    action = db.scalars(select(AccountAction).where(AccountAction.user_id == user.id)).one()
    assert action.moderator_id is None and action.kind == "suspension"
    again = client.post("/api/v1/notes", headers=headers, json={"title": "x", "body": "y"})
    assert again.status_code == 403


def test_the_review_decide_form_refuses_a_suspension_without_a_duration(
    client: TestClient, db: Session
) -> None:
    author = make_user(db, "form_author")
    mod = make_user(db, "form_mod", Role.MODERATOR)
    item = queue.enqueue(db, source="notice", item_type="profile", item_id=author.id)
    db.commit()
    token = browser_login(client, "form_mod")
    r = client.post(
        f"/review/items/{item.id}/decide",
        data={
            "csrf_token": token,
            "action": "remove",
            "clause_id": "H1",
            "account_action": "suspension",
        },
        follow_redirects=True,
    )
    assert "needs a duration" in r.text
    db.expire_all()
    assert db.get(ReviewItem, item.id).status == "open"  # type: ignore[union-attr]
    assert db.scalars(select(AccountAction)).all() == []
    assert mod.id


def test_owners_read_their_standing_and_moderators_act_from_the_account_page(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    target = make_user(db, "page_target", langs=["zh-Hans"])
    make_user(db, "page_senior", Role.SENIOR_MODERATOR)
    db.commit()
    token = browser_login(client, "page_senior")
    page = client.get("/review/accounts/page_target")
    assert page.status_code == 200 and 'data-testid="account-action-form"' in page.text
    r = client.post(
        "/review/accounts/page_target/actions",
        data={
            "csrf_token": token,
            "kind": "suspension",
            "clause_id": "H1",
            "duration_days": "2",
            "note": "<script>alert(1)</script> repeated insults",
        },
        follow_redirects=True,
    )
    assert r.status_code == 200 and "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;" in r.text
    db.expire_all()
    action = db.scalars(select(AccountAction).where(AccountAction.user_id == target.id)).one()

    # The owner, in Chinese, sees the suspension, its rule and the way to appeal.
    browser_login(other_client, "page_target")
    standing = other_client.get("/account/standing", headers={"Accept-Language": "zh-CN"})
    assert standing.status_code == 200
    assert (
        'data-kind="suspension"' in standing.text
        and f"/decisions/{action.account_decision_id}" in standing.text
    )
    assert 'data-testid="suspended-banner"' in other_client.get("/").text
    decision_page = other_client.get(f"/decisions/{action.account_decision_id}")
    assert 'data-testid="appeal-form"' in decision_page.text

    # A senior moderator lifts it; the owner can take part again and is told.
    lift = client.post(
        f"/review/account-actions/{action.id}/lift",
        data={
            "csrf_token": csrf_from(client.get("/review/accounts/page_target").text),
            "reason": "Apologised",
        },
        follow_redirects=False,
    )
    assert lift.status_code == 303
    db.expire_all()
    assert db.get(User, target.id).suspended_until is None  # type: ignore[union-attr]
    kinds = {
        n.kind for n in db.scalars(select(Notification).where(Notification.user_id == target.id))
    }
    assert "account_lifted" in kinds


def test_account_api_apply_lift_and_role_changes(client: TestClient, db: Session) -> None:
    target = make_user(db, "api_target")
    mod_h = _bearer(db, make_user(db, "api_mod", Role.MODERATOR))
    senior_h = _bearer(db, make_user(db, "api_senior", Role.SENIOR_MODERATOR))
    admin_h = _bearer(db, make_user(db, "api_admin", Role.ADMIN))
    bad = client.post(
        "/api/v1/review/accounts/api_target/actions",
        headers=mod_h,
        json={"kind": "suspension", "clause_id": "H1"},
    )
    assert bad.status_code == 422 and "duration" in bad.json()["detail"]
    made = client.post(
        "/api/v1/review/accounts/api_target/actions",
        headers=mod_h,
        json={"kind": "limit", "clause_id": "SP1", "duration_days": 5},
    )
    assert made.status_code == 201 and made.json()["active"]
    info = client.get("/api/v1/review/accounts/api_target", headers=mod_h).json()
    assert [a["kind"] for a in info["actions"]] == ["limit"]
    action_id = made.json()["id"]
    refused = client.post(
        f"/api/v1/review/account-actions/{action_id}/lift", headers=mod_h, json={"reason": "ok"}
    )
    assert refused.status_code == 403
    lifted = client.post(
        f"/api/v1/review/account-actions/{action_id}/lift", headers=senior_h, json={"reason": "ok"}
    )
    assert lifted.status_code == 200 and lifted.json()["lifted_at"]
    assert client.get("/api/v1/review/accounts/nobody_here", headers=mod_h).status_code == 404
    role = client.put(
        "/api/v1/admin/users/api_target/role", headers=admin_h, json={"role": "moderator"}
    )
    assert role.status_code == 200 and role.json()["role"] == "moderator"
    assert (
        client.put(
            "/api/v1/admin/users/api_target/role", headers=senior_h, json={"role": "admin"}
        ).status_code
        == 403
    )
    assert (
        client.put(
            "/api/v1/admin/users/api_target/role", headers=admin_h, json={"role": "emperor"}
        ).status_code
        == 422
    )
    db.expire_all()
    assert db.get(User, target.id).role == "moderator"  # type: ignore[union-attr]
