"""Operations edges: readiness says when the schema is behind the code, and the pictures of a
held or removed note are not reachable by their URL for anyone who may not see the note."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosstalk.community.models import Note
from crosstalk.config import reset_settings_cache
from crosstalk.db.migrate import script_heads, upgrade
from crosstalk.web.app import create_app
from tests.helpers import image_bytes, signup


def test_readyz_is_unavailable_until_every_migration_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{(tmp_path / 'old.db').as_posix()}"
    upgrade(url, "0005_review")
    monkeypatch.setenv("CROSSTALK_DATABASE_URL", url)
    reset_settings_cache()
    try:
        with TestClient(create_app()) as client:
            r = client.get("/readyz")
            assert r.status_code == 503 and r.json()["database"] == "not migrated"
            # Every head this code has lies beyond 0005: all of them are pending.
            assert set(r.json()["pending"]) == set(script_heads())
            upgrade(url)
            assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}
    finally:
        reset_settings_cache()


def test_pictures_of_a_removed_note_are_only_for_its_author_and_moderators(
    client: TestClient, other_client: TestClient, db: Session
) -> None:
    author = signup(client, "picture_author")
    r = client.post(
        "/api/v1/notes",
        headers=author,
        data={"title": "Harbour at dusk", "body": "Boats coming home"},
        files=[("images", ("dusk.jpg", image_bytes(), "image/jpeg"))],
    )
    assert r.status_code == 201, r.text
    note = db.get(Note, r.json()["id"])
    assert note is not None
    url = f"/media/{note.images[0].path}"
    thumb = f"/media/{note.images[0].thumb_path}"
    anonymous = other_client.get(url)
    assert anonymous.status_code == 200 and "public" in anonymous.headers["cache-control"]
    note.state = "removed"
    db.commit()
    assert other_client.get(url).status_code == 404
    assert other_client.get(thumb).status_code == 404
    stranger = signup(other_client, "picture_stranger")
    assert other_client.get(url, headers=stranger).status_code == 404
    own = client.get(url, headers=author)
    assert own.status_code == 200 and own.headers["cache-control"] == "private, no-store"
    assert client.get("/media/../secret_key").status_code == 404


def test_a_browser_sending_too_much_gets_a_page_it_can_read(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSTALK_MAX_UPLOAD_REQUEST_BYTES", "1000")
    reset_settings_cache()
    try:
        with TestClient(create_app()) as small:
            page = small.post(
                "/notes/new", content=b"x" * 5000, headers={"Accept": "text/html,*/*"}
            )
            assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
            assert "The upload is too large" in page.text and "上传的文件过大" in page.text
            api = small.post("/api/v1/notes", content=b"x" * 5000)
            assert api.status_code == 413 and api.json()["code"] == "too_large"
    finally:
        reset_settings_cache()
