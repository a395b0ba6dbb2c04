"""JSON API: accounts, tokens and the current user, including every error case."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.helpers import PASSWORD, signup


def test_sign_up_returns_id_and_username(client: TestClient) -> None:
    r = client.post(
        "/api/v1/accounts",
        json={
            "username": "Mei_Lin",
            "password": PASSWORD,
            "display_name": "美琳",
            "languages": ["zh-Hans", "en"],
        },
    )
    assert r.status_code == 201
    body = r.json()
    assert body["username"] == "mei_lin" and isinstance(body["id"], int)


def test_duplicate_username_is_409_and_case_insensitive(client: TestClient) -> None:
    signup(client, "alice")
    r = client.post("/api/v1/accounts", json={"username": "ALICE", "password": PASSWORD})
    assert r.status_code == 409
    assert "taken" in r.json()["detail"]


def test_invalid_sign_up_fields_are_422_with_a_message(client: TestClient) -> None:
    cases = [
        {"username": "a", "password": PASSWORD},
        {"username": "bad name!", "password": PASSWORD},
        {"username": "shortpw", "password": "123"},
        {"username": "langs", "password": PASSWORD, "languages": ["klingon"]},
        {"username": "admin", "password": PASSWORD},  # reserved
        {"password": PASSWORD},
        {"username": "x" * 61, "password": PASSWORD},
    ]
    for payload in cases:
        r = client.post("/api/v1/accounts", json=payload)
        assert r.status_code == 422, payload
        assert r.json()["detail"], payload


def test_error_messages_follow_the_requested_language(client: TestClient) -> None:
    r = client.post(
        "/api/v1/accounts",
        json={"username": "a", "password": PASSWORD},
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    assert r.status_code == 422
    assert "用户名" in r.json()["detail"]


def test_token_with_wrong_password_is_401(client: TestClient) -> None:
    signup(client, "bob")
    r = client.post("/api/v1/tokens", json={"username": "bob", "password": "wrong password"})
    assert r.status_code == 401
    r = client.post("/api/v1/tokens", json={"username": "nobody", "password": PASSWORD})
    assert r.status_code == 401


def test_me_needs_a_valid_token(client: TestClient) -> None:
    headers = signup(client, "carol", ["zh-Hans"])
    me = client.get("/api/v1/me", headers=headers).json()
    assert me["username"] == "carol"
    assert me["langs_write"] == ["zh-Hans"]
    assert me["unread_notifications"] == 0
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_profile_update_validates_and_keeps_old_values_on_error(client: TestClient) -> None:
    headers = signup(client, "dave")
    r = client.patch(
        "/api/v1/me", headers=headers, json={"bio": "Hello!", "langs_read": ["en", "zh-Hans"]}
    )
    assert r.status_code == 200 and r.json()["bio"] == "Hello!"
    r = client.patch("/api/v1/me", headers=headers, json={"bio": "x" * 501})
    assert r.status_code == 422
    assert client.get("/api/v1/me", headers=headers).json()["bio"] == "Hello!"


def test_public_user_lookup(client: TestClient) -> None:
    signup(client, "erin")
    assert client.get("/api/v1/users/erin").json()["username"] == "erin"
    assert client.get("/api/v1/users/ghost").status_code == 404


def test_eleventh_rapid_failed_login_is_refused(client: TestClient) -> None:
    signup(client, "frank")
    for _ in range(10):
        r = client.post("/api/v1/tokens", json={"username": "frank", "password": "wrong-password"})
        assert r.status_code == 401
    r = client.post("/api/v1/tokens", json={"username": "frank", "password": "wrong-password"})
    assert r.status_code == 429
    # Even the right password is refused while the window lasts: that is the point.
    r = client.post("/api/v1/tokens", json={"username": "frank", "password": PASSWORD})
    assert r.status_code == 429


def test_avatar_upload_is_cropped_square_and_bad_files_are_refused(client: TestClient) -> None:
    import io

    from PIL import Image

    from tests.helpers import image_bytes

    headers = signup(client, "picture")
    r = client.post(
        "/api/v1/me/avatar",
        headers=headers,
        files=[("avatar", ("me.jpg", image_bytes("JPEG", (640, 480)), "image/jpeg"))],
    )
    assert r.status_code == 200, r.text
    url = r.json()["avatar_url"]
    img = Image.open(io.BytesIO(client.get(url).content))
    assert img.size == (256, 256)
    bad = client.post(
        "/api/v1/me/avatar", headers=headers, files=[("avatar", ("x.jpg", b"nope", "image/jpeg"))]
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/me", headers=headers).json()["avatar_url"] == url
    assert client.post("/api/v1/me/avatar", headers=headers, data={"x": "y"}).status_code == 422
