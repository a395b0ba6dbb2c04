"""Roles guard every review and admin route: users get 403, strangers must log in, moderators
cannot decide appeals (nor their own decision's appeal), only admins edit the policy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosstalk.community.accounts import issue_token
from crosstalk.community.models import Role
from crosstalk.safety.moderation import appeals, decide, queue
from crosstalk.safety.screening.policy import default_policy
from crosstalk.safety.transparency.models import Decision
from tests.helpers import signup
from tests.integration.safety.review_support import held_note, hold_threats, make_user

__all__ = ["hold_threats"]

GUARDED = ("/review", "/api/v1/review", "/api/v1/admin")


def _flat_routes(routes: list[Any], prefix: str = "") -> list[Any]:
    """Every route with its full path (FastAPI 0.165 nests included routers)."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            nested = prefix + route.include_context.prefix + inner.prefix
            out.extend(_flat_routes(inner.routes, nested))
        elif hasattr(route, "path"):
            out.append((prefix + route.path, route))
    return out


def _guarded_routes(client: TestClient) -> list[tuple[str, str]]:
    out = []
    for path, route in _flat_routes(client.app.routes):  # type: ignore[attr-defined]
        if not path.startswith(GUARDED):
            continue
        methods = getattr(route, "methods", None) or {"GET"}
        for method in sorted(methods - {"HEAD", "OPTIONS"}):
            out.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return out


def test_the_app_has_review_routes_to_guard(client: TestClient) -> None:
    paths = {p for _, p in _guarded_routes(client)}
    assert {"/review", "/review/items/1", "/api/v1/review/items", "/api/v1/admin/policy"} <= paths


def test_a_plain_user_cannot_reach_any_review_or_admin_route(client: TestClient) -> None:
    headers = signup(client, "plain_user")
    for method, path in _guarded_routes(client):
        r = client.request(method, path, headers=headers, json={}, follow_redirects=False)
        assert r.status_code == 403, (method, path, r.status_code)


def test_a_stranger_is_asked_to_log_in_everywhere_in_review(client: TestClient) -> None:
    for method, path in _guarded_routes(client):
        r = client.request(method, path, json={}, follow_redirects=False)
        # 403 where the form CSRF check refuses before the login check
        assert r.status_code in (401, 303, 403), (method, path, r.status_code)


def test_a_moderator_cannot_reach_admin_routes(client: TestClient, db: Session) -> None:
    mod = make_user(db, "just_mod", Role.MODERATOR)
    headers = {"Authorization": f"Bearer {issue_token(db, mod)}"}
    db.commit()
    assert client.get("/api/v1/review/items", headers=headers).status_code == 200
    assert client.get("/review/dashboard", headers=headers).status_code == 403
    r = client.put("/api/v1/admin/policy", headers=headers, json={"yaml": "version: x"})
    assert r.status_code == 403


def _removed_by(db: Session, moderator_name: str, role: Role = Role.MODERATOR):  # type: ignore[no-untyped-def]
    author = make_user(db, f"author_of_{moderator_name}")
    note = held_note(db, author)
    moderator = make_user(db, moderator_name, role)
    item = queue.enqueue_decision(db, db.get(Decision, note.decision_id))  # type: ignore[arg-type]
    decision = decide.decide(db, item.id, moderator, action="remove", clause_id="H2")
    appeal = appeals.file_appeal(db, author, decision.id, "It was a quote from a film.")
    db.commit()
    return author, moderator, decision, appeal


@pytest.mark.usefixtures("hold_threats")
def test_only_senior_moderators_who_did_not_decide_can_decide_an_appeal(
    client: TestClient, db: Session
) -> None:
    _, senior_decider, _, appeal = _removed_by(db, "senior_decider", Role.SENIOR_MODERATOR)
    plain_mod = make_user(db, "plain_mod", Role.MODERATOR)
    other_senior = make_user(db, "other_senior", Role.SENIOR_MODERATOR)
    tokens = {u.username: issue_token(db, u) for u in (senior_decider, plain_mod, other_senior)}
    db.commit()

    def attempt(name: str) -> int:
        r = client.post(
            f"/api/v1/appeals/{appeal.id}/decide",
            headers={"Authorization": f"Bearer {tokens[name]}"},
            json={"outcome": "reverse"},
        )
        return r.status_code

    assert attempt("plain_mod") == 403
    assert attempt("senior_decider") == 403  # their own decision
    assert attempt("other_senior") == 200


def test_only_admins_edit_the_policy(
    client: TestClient, db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crosstalk.config import reset_settings_cache

    path = tmp_path / "policy.yaml"
    source = Path(__file__).parents[4] / "src/crosstalk/safety/screening/policies/default.yaml"
    text = source.read_text("utf-8")
    path.write_text(text, "utf-8")
    monkeypatch.setenv("CROSSTALK_POLICY_PATH", str(path))
    reset_settings_cache()
    senior = make_user(db, "senior_p", Role.SENIOR_MODERATOR)
    admin = make_user(db, "admin_p", Role.ADMIN)
    tokens = {u.username: issue_token(db, u) for u in (senior, admin)}
    db.commit()
    new_text = text.replace(f'"{default_policy().version}"', '"2026.11-edited"')
    try:
        for name, expected in (("senior_p", 403), ("admin_p", 200)):
            r = client.put(
                "/api/v1/admin/policy",
                headers={"Authorization": f"Bearer {tokens[name]}"},
                json={"yaml": new_text},
            )
            assert r.status_code == expected, r.text
        assert r.json()["version"] == "2026.11-edited"
        bad = client.put(
            "/api/v1/admin/policy",
            headers={"Authorization": f"Bearer {tokens['admin_p']}"},
            json={"yaml": "version: 1\nclauses: []"},
        )
        assert bad.status_code == 422
        assert "2026.11-edited" in path.read_text("utf-8")
    finally:
        monkeypatch.delenv("CROSSTALK_POLICY_PATH")
        reset_settings_cache()
        from crosstalk.safety.screening.engine import reset_safety_engine

        reset_safety_engine()


def test_route_table_has_no_unguarded_review_endpoint(client: TestClient) -> None:
    # Every API route under review declares a role dependency (belt and braces for new routes).
    for path, route in _flat_routes(client.app.routes):  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and path.startswith(GUARDED):
            names = {d.call.__name__ for d in route.dependant.dependencies if d.call}
            assert names & {"require_moderator", "require_admin"}, path
