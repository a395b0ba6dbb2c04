"""Server-rendered pages: forms with friendly errors, language switch, feeds and profiles."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.helpers import PASSWORD, browser_login, csrf_from, image_bytes, signup


def test_signup_form_shows_friendly_field_errors_and_keeps_input(client: TestClient) -> None:
    token = csrf_from(client.get("/signup").text)
    r = client.post(
        "/signup",
        data={
            "username": "ok_name",
            "password": "short",
            "display_name": "Kim",
            "languages": "en",
            "csrf_token": token,
        },
    )
    assert r.status_code == 422
    assert "Password must be" in r.text and 'value="ok_name"' in r.text
    signup(client, "taken")
    r = client.post(
        "/signup",
        data={"username": "taken", "password": PASSWORD, "languages": "en", "csrf_token": token},
    )
    assert r.status_code == 409 and "already taken" in r.text


def test_signup_form_logs_in_and_lands_on_settings(client: TestClient) -> None:
    token = csrf_from(client.get("/signup").text)
    r = client.post(
        "/signup",
        data={
            "username": "newbie",
            "password": PASSWORD,
            "languages": ["en", "zh-Hans"],
            "csrf_token": token,
        },
    )
    assert r.status_code == 200 and "Welcome to crosstalk" in r.text
    assert "newbie" in client.get("/").text


def test_wrong_password_form_error(client: TestClient) -> None:
    signup(client, "pwuser")
    token = csrf_from(client.get("/login").text)
    r = client.post(
        "/login", data={"username": "pwuser", "password": "wrong-one", "csrf_token": token}
    )
    assert r.status_code == 401 and "Wrong username or password" in r.text


def test_language_switch_shows_chinese_interface(client: TestClient) -> None:
    home = client.get("/")
    assert "Explore" in home.text
    token = csrf_from(home.text)
    r = client.post("/locale", data={"locale": "zh_Hans", "next": "/", "csrf_token": token})
    assert r.status_code == 200
    assert "发现" in r.text or "探索" in r.text
    assert '<html lang="zh-Hans">' in r.text


def test_accept_language_picks_chinese_for_new_visitors(client: TestClient) -> None:
    r = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert "登录" in r.text


def test_post_note_with_image_through_the_form(client: TestClient) -> None:
    signup(client, "former")
    token = browser_login(client, "former")
    r = client.post(
        "/notes",
        data={
            "title": "Cat tax 🐱",
            "body": "Paying my **cat tax** #cattax",
            "topics": "猫税 pets",
            "csrf_token": token,
        },
        files=[("images", ("cat.png", image_bytes("PNG"), "image/png"))],
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert "Cat tax" in r.text and "<strong>cat tax</strong>" in r.text
    assert "/topics/%E7%8C%AB%E7%A8%8E" in r.text
    assert 'alt="' in r.text


def test_bad_upload_in_form_keeps_the_text(client: TestClient) -> None:
    signup(client, "keeper")
    token = browser_login(client, "keeper")
    r = client.post(
        "/notes",
        data={"title": "My trip", "body": "Long story", "csrf_token": token},
        files=[("images", ("x.png", b"not a png", "image/png"))],
    )
    assert r.status_code == 422
    assert "unsupported or damaged image" in r.text and 'value="My trip"' in r.text


def test_pages_render_for_guests(client: TestClient) -> None:
    h = signup(client, "guesty")
    note = client.post(
        "/api/v1/notes", headers=h, json={"title": "Public", "body": "#hello"}
    ).json()
    for path in (
        "/",
        f"/notes/{note['id']}",
        "/u/guesty",
        "/topics/hello",
        "/search?q=Public",
        "/about",
        "/login",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/u/nobody").status_code == 404
    assert client.get("/notes/99999").status_code == 404
    r = client.get("/following", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/notifications", follow_redirects=False).status_code == 303


def test_notifications_page_lists_and_clears_unread(
    client: TestClient, other_client: TestClient
) -> None:
    ha = signup(client, "popular")
    note = client.post("/api/v1/notes", headers=ha, json={"title": "Hello"}).json()
    hb = signup(other_client, "fan")
    other_client.post("/api/v1/users/popular/follow", headers=hb)
    other_client.post(f"/api/v1/notes/{note['id']}/like", headers=hb)
    browser_login(client, "popular")
    assert 'data-testid="unread">2<' in client.get("/").text
    page = client.get("/notifications").text
    assert "started following you" in page and "liked your note" in page
    assert 'data-testid="unread"' not in client.get("/").text


def test_ops_endpoints(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["database"] == "ok"
    client.get("/")
    metrics = client.get("/metrics").text
    assert "crosstalk_http_requests_total" in metrics
