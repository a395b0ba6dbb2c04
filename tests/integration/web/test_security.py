"""Security behaviour users rely on: inert scripts, CSRF, authorization, rate limits, cookies."""

from __future__ import annotations

from fastapi.testclient import TestClient
from markupsafe import escape

from tests.helpers import PASSWORD, browser_login, csrf_from, signup

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_script_in_title_body_comment_and_bio_is_rendered_inert(client: TestClient) -> None:
    h = signup(client, "mallory")
    client.patch("/api/v1/me", headers=h, json={"bio": SCRIPT, "display_name": SCRIPT[:60]})
    note = client.post(
        "/api/v1/notes", headers=h, json={"title": SCRIPT[:100], "body": SCRIPT}
    ).json()
    client.post(f"/api/v1/notes/{note['id']}/comments", headers=h, json={"body": SCRIPT})
    for path in (f"/notes/{note['id']}", "/u/mallory", "/", "/search?q=alert"):
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), path
        assert "<img src=x" not in html, path
    assert "&lt;script&gt;" in client.get(f"/notes/{note['id']}").text
    assert "<script" not in note["body_html"]
    # The bio is published (nothing harmful in it) and shown as text, escaped, not dropped.
    profile = client.get("/u/mallory").text
    assert f'<p class="bio">{escape(SCRIPT)}</p>' in profile
    assert f"<h1>{escape(SCRIPT[:60].strip())} " in profile


def test_markdown_links_cannot_run_javascript(client: TestClient) -> None:
    h = signup(client, "linker")
    body = "[click](javascript:alert(1)) and [ok](https://example.org)"
    note = client.post("/api/v1/notes", headers=h, json={"title": "links", "body": body}).json()
    html = client.get(f"/notes/{note['id']}").text
    assert 'href="javascript:' not in html
    assert 'href="https://example.org"' in html


def test_form_post_without_csrf_token_is_refused(client: TestClient) -> None:
    signup(client, "victim")
    token = browser_login(client, "victim")
    r = client.post("/notes", data={"title": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post(
        "/notes", data={"title": "forged", "csrf_token": "wrong"}, follow_redirects=False
    )
    assert r.status_code == 403
    r = client.post("/notes", data={"title": "real", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    # A cookie-authenticated JSON call needs the header too.
    assert client.post("/api/v1/notes", json={"title": "x"}).status_code == 403
    ok = client.post("/api/v1/notes", json={"title": "x"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201


def test_login_form_itself_needs_csrf(client: TestClient) -> None:
    signup(client, "someone")
    r = client.post(
        "/login", data={"username": "someone", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 403


def test_user_b_cannot_edit_or_delete_user_a_note(
    client: TestClient, other_client: TestClient
) -> None:
    ha = signup(client, "author_a")
    note = client.post("/api/v1/notes", headers=ha, json={"title": "Mine"}).json()
    signup(other_client, "author_b")
    token = browser_login(other_client, "author_b")
    r = other_client.get(f"/notes/{note['id']}/edit")
    assert r.status_code == 403
    r = other_client.post(
        f"/notes/{note['id']}/edit",
        data={"title": "Hacked", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 403
    r = other_client.post(
        f"/notes/{note['id']}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert r.status_code == 403
    assert client.get(f"/api/v1/notes/{note['id']}").json()["title"] == "Mine"


def test_eleventh_rapid_failed_login_form_is_refused(client: TestClient) -> None:
    signup(client, "target")
    token = csrf_from(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"username": "target", "password": "nope-nope", "csrf_token": token}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    page = client.post(
        "/login", data={"username": "target", "password": "nope-nope", "csrf_token": token}
    )
    assert "Too many attempts" in page.text


def test_failed_logins_from_one_address_are_limited_across_usernames(client: TestClient) -> None:
    for name in ("spray1", "spray2"):
        signup(client, name)
    statuses = []
    for i in range(12):
        r = client.post(
            "/api/v1/tokens", json={"username": f"spray{i % 2 + 1}", "password": "guess-guess"}
        )
        statuses.append(r.status_code)
    assert 429 in statuses


def test_signups_are_rate_limited_per_address(client: TestClient) -> None:
    codes = [
        client.post(
            "/api/v1/accounts", json={"username": f"bulk{i}", "password": PASSWORD}
        ).status_code
        for i in range(7)
    ]
    assert codes[:5] == [201] * 5 and codes[5] == 429


def test_session_cookie_is_httponly_and_samesite(client: TestClient) -> None:
    signup(client, "cookie")
    token = csrf_from(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": "cookie", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_open_redirect_after_login_is_blocked(client: TestClient) -> None:
    signup(client, "redir")
    token = csrf_from(client.get("/login").text)
    r = client.post(
        "/login",
        data={
            "username": "redir",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_held_note_is_invisible_to_others_but_not_to_author(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    from crosstalk.community.models import Note

    ha, hb = signup(client, "heldauthor"), signup(client, "stranger")
    note = client.post("/api/v1/notes", headers=ha, json={"title": "Waiting"}).json()
    db.get(Note, note["id"]).state = "held"
    db.commit()
    assert client.get(f"/api/v1/notes/{note['id']}", headers=hb).status_code == 404
    assert client.get(f"/api/v1/notes/{note['id']}").status_code == 404
    assert client.get(f"/api/v1/notes/{note['id']}", headers=ha).json()["state"] == "held"
    assert client.get("/api/v1/feed/explore", headers=hb).json()["items"] == []
    assert client.post(f"/api/v1/notes/{note['id']}/like", headers=hb).status_code == 404


def test_oversized_request_body_is_refused(client: TestClient) -> None:
    h = signup(client, "huge")
    r = client.post(
        "/api/v1/notes",
        headers={**h, "Content-Type": "application/json"},
        content=b"x" * (96 * 1024 * 1024),
    )
    assert r.status_code == 413


def test_security_headers_on_pages(client: TestClient) -> None:
    r = client.get("/")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
