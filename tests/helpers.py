"""Test helpers shared by integration and end-to-end tests."""

from __future__ import annotations

import io
import re
from datetime import datetime

from fastapi.testclient import TestClient
from PIL import Image

from crosstalk.safety.screening.policy import Policy
from crosstalk.safety.screening.results import automated_basis
from crosstalk.safety.screening.rules import Facts, Outcome
from crosstalk.safety.transparency import decisions
from crosstalk.safety.transparency.models import Decision

PASSWORD = "correct horse battery"


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (320, 240), color: str = "teal"
) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    return buf.getvalue()


def signup(client: TestClient, username: str, languages: list[str] | None = None) -> dict[str, str]:
    """Create an account through the API and return bearer headers for it."""
    r = client.post(
        "/api/v1/accounts",
        json={"username": username, "password": PASSWORD, "languages": languages or ["en"]},
    )
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/tokens", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def browser_login(client: TestClient, username: str) -> str:
    """Log in through the HTML form; returns the session's CSRF token."""
    token = csrf_from(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_from(client.get("/").text)


def automated_decision(
    *,
    item_type: str,
    item_id: int,
    author_id: int | None,
    facts: Facts,
    outcome: Outcome,
    policy: Policy,
    stages: list[str],
    cluster_id: int | None = None,
    now: datetime | None = None,
) -> Decision:
    """An unsaved engine decision built by the one decision builder, from given facts."""
    return decisions.build(
        automated_basis(
            decisions.Subject(item_type, item_id, author_id, facts.lang, facts.text),
            decisions.Screening(facts, outcome, tuple(stages), cluster_id=cluster_id),
            policy,
            now=now,
        )
    )
