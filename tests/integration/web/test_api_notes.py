"""JSON API: notes (JSON and multipart with images), comments, likes, feeds, follows, reports."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image

from tests.helpers import image_bytes, signup

BODIES = [
    "Spicy **mala** with friends #food",
    "We walked along the river until the lanterns came on.",
    "My grandmother's dumpling recipe, finally written down.",
    "First time trying oolong tea; it tastes like roasted honey.",
    "The cat refused to leave the laptop keyboard all afternoon.",
    "Rainy Sunday, a good book and far too many biscuits.",
    "Practising tones today: mā má mǎ mà, still confusing!",
    "Found a tiny bookshop that only sells poetry.",
]
_counter = iter(range(10_000))


def _note(client: TestClient, headers: dict[str, str], **fields: object) -> dict:
    # Distinct texts: identical notes in a burst are (rightly) caught as a spam campaign.
    body = BODIES[next(_counter) % len(BODIES)]
    payload = {"title": "Hot pot night", "body": body, **fields}
    r = client.post("/api/v1/notes", headers=headers, json=payload)
    assert r.status_code == 201, r.text
    return r.json()


def test_create_note_json_returns_state_and_fields(client: TestClient) -> None:
    h = signup(client, "alice")
    note = _note(client, h, topics=["Chengdu"], body="Spicy **mala** with friends #food")
    assert note["state"] == "visible"
    assert note["lang"] == "en"
    assert set(note["topics"]) == {"chengdu", "food"}
    got = client.get(f"/api/v1/notes/{note['id']}").json()
    for key in ("id", "title", "body", "lang", "state", "author", "topics", "created_at"):
        assert key in got
    assert got["author"]["username"] == "alice"
    assert "<strong>mala</strong>" in got["body_html"]


def test_create_note_multipart_with_images_strips_exif_and_makes_thumbnails(
    client: TestClient,
) -> None:
    h = signup(client, "bob")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), "orange").save(buf, "JPEG", exif=exif)
    files = [
        ("images", ("a.jpg", buf.getvalue(), "image/jpeg")),
        ("images", ("b.png", image_bytes("PNG"), "image/png")),
        ("images", ("c.webp", image_bytes("WEBP"), "image/webp")),
    ]
    r = client.post(
        "/api/v1/notes",
        headers=h,
        data={"title": "Three pictures", "topics": "photo,travel"},
        files=files,
    )
    assert r.status_code == 201, r.text
    note = r.json()
    assert len(note["images"]) == 3
    first = client.get(note["images"][0]["url"])
    assert first.status_code == 200
    stored = Image.open(io.BytesIO(first.content))
    assert not stored.getexif()
    thumb = Image.open(io.BytesIO(client.get(note["images"][0]["thumb_url"]).content))
    assert thumb.width == 480
    assert set(note["topics"]) == {"photo", "travel"}


def test_bad_uploads_are_refused_and_nothing_is_written(client: TestClient) -> None:
    h = signup(client, "carol")
    not_image = [("images", ("x.jpg", b"this is not an image", "image/jpeg"))]
    r = client.post("/api/v1/notes", headers=h, data={"title": "Broken"}, files=not_image)
    assert r.status_code == 422 and "image" in r.json()["detail"].lower()
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    r = client.post(
        "/api/v1/notes",
        headers=h,
        data={"title": "Gif"},
        files=[("images", ("g.gif", gif.getvalue(), "image/gif"))],
    )
    assert r.status_code == 422
    big = b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10)
    r = client.post(
        "/api/v1/notes",
        headers=h,
        data={"title": "Big"},
        files=[("images", ("big.jpg", big, "image/jpeg"))],
    )
    assert r.status_code == 413
    ten = [("images", (f"{i}.png", image_bytes("PNG", (20, 20)), "image/png")) for i in range(10)]
    r = client.post("/api/v1/notes", headers=h, data={"title": "Ten"}, files=ten)
    assert r.status_code == 422
    # One good and one bad image: the whole note is refused, the good one not kept either.
    mixed = [
        ("images", ("ok.png", image_bytes("PNG"), "image/png")),
        ("images", ("bad.png", b"garbage", "image/png")),
    ]
    r = client.post("/api/v1/notes", headers=h, data={"title": "Mixed"}, files=mixed)
    assert r.status_code == 422
    assert client.get("/api/v1/users/carol/notes").json()["items"] == []


def test_invalid_note_fields(client: TestClient) -> None:
    h = signup(client, "dan")
    assert client.post("/api/v1/notes", headers=h, json={"title": "  "}).status_code == 422
    assert client.post("/api/v1/notes", headers=h, json={"title": "x" * 101}).status_code == 422
    assert (
        client.post(
            "/api/v1/notes", headers=h, json={"title": "ok", "body": "x" * 5001}
        ).status_code
        == 422
    )
    assert client.post("/api/v1/notes", headers=h, json={"body": "no title"}).status_code == 422
    broken = {**h, "Content-Type": "application/json"}
    assert client.post("/api/v1/notes", headers=broken, content=b"{not json").status_code == 422
    r = client.post("/api/v1/notes", json={"title": "anon"})
    assert r.status_code == 401


def test_comments_two_levels_and_notifications(client: TestClient) -> None:
    ha = signup(client, "amy")
    hb = signup(client, "ben", ["zh-Hans"])
    note = _note(client, ha)
    r = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=hb, json={"body": "看起来好好吃！@amy"}
    )
    assert r.status_code == 201
    top = r.json()
    assert top["lang"] == "zh-Hans"
    r = client.post(
        f"/api/v1/notes/{note['id']}/comments",
        headers=ha,
        json={"body": "Thanks!", "parent_id": top["id"]},
    )
    reply = r.json()
    r = client.post(
        f"/api/v1/notes/{note['id']}/comments",
        headers=hb,
        json={"body": "不客气", "parent_id": reply["id"]},
    )
    assert r.json()["parent_id"] == top["id"]  # replies to replies stay on level two
    threads = client.get(f"/api/v1/notes/{note['id']}/comments").json()
    assert len(threads) == 1 and len(threads[0]["replies"]) == 2
    kinds = {n["kind"] for n in client.get("/api/v1/notifications", headers=ha).json()}
    assert {"comment", "mention", "reply"} <= kinds
    assert client.get("/api/v1/me", headers=ha).json()["unread_notifications"] >= 3
    assert (
        client.post(
            f"/api/v1/notes/{note['id']}/comments", headers=hb, json={"body": " "}
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/v1/notes/{note['id']}/comments", headers=hb, json={"body": "x" * 1001}
        ).status_code
        == 422
    )
    assert (
        client.post("/api/v1/notes/99999/comments", headers=hb, json={"body": "hi"}).status_code
        == 404
    )
    client.post("/api/v1/notifications/read", headers=ha)
    assert client.get("/api/v1/me", headers=ha).json()["unread_notifications"] == 0


def test_like_is_idempotent_and_reversible(client: TestClient) -> None:
    ha, hb = signup(client, "cat"), signup(client, "dog")
    note = _note(client, ha)
    for _ in range(2):
        r = client.post(f"/api/v1/notes/{note['id']}/like", headers=hb)
        assert r.status_code == 200 and r.json() == {"liked": True, "like_count": 1}
    assert client.get(f"/api/v1/notes/{note['id']}", headers=hb).json()["liked"] is True
    r = client.delete(f"/api/v1/notes/{note['id']}/like", headers=hb)
    assert r.json() == {"liked": False, "like_count": 0}
    assert client.post("/api/v1/notes/424242/like", headers=hb).status_code == 404
    assert client.post(f"/api/v1/notes/{note['id']}/like").status_code == 401


def test_follow_and_following_feed_with_cursor(client: TestClient) -> None:
    ha, hb = signup(client, "writer"), signup(client, "reader")
    ids = [_note(client, ha, title=f"Note {i}")["id"] for i in range(5)]
    assert client.get("/api/v1/feed/following", headers=hb).json()["items"] == []
    r = client.post("/api/v1/users/writer/follow", headers=hb)
    assert r.json() == {"username": "writer", "following": True}
    assert client.post("/api/v1/users/reader/follow", headers=hb).status_code == 422
    assert client.post("/api/v1/users/nobody/follow", headers=hb).status_code == 404
    page1 = client.get("/api/v1/feed/following?limit=2", headers=hb).json()
    assert [n["id"] for n in page1["items"]] == ids[::-1][:2]
    page2 = client.get(
        f"/api/v1/feed/following?limit=2&cursor={page1['next_cursor']}", headers=hb
    ).json()
    page3 = client.get(
        f"/api/v1/feed/following?limit=2&cursor={page2['next_cursor']}", headers=hb
    ).json()
    seen = [n["id"] for p in (page1, page2, page3) for n in p["items"]]
    assert seen == ids[::-1] and page3["next_cursor"] is None
    assert client.get("/api/v1/feed/following?cursor=%%%bad", headers=hb).status_code == 422
    assert client.get("/api/v1/feed/following").status_code == 401
    kinds = [n["kind"] for n in client.get("/api/v1/notifications", headers=ha).json()]
    assert "follow" in kinds
    client.delete("/api/v1/users/writer/follow", headers=hb)
    assert client.get("/api/v1/feed/following", headers=hb).json()["items"] == []


def test_explore_ranks_engagement_and_paginates_without_repeats(client: TestClient) -> None:
    ha, hb, hc = signup(client, "one"), signup(client, "two"), signup(client, "three")
    # Two notes each: a brand-new account posting many notes at once is held as a surge.
    ids = [_note(client, h, title=f"N{i}")["id"] for i, h in enumerate([ha, hb, hc] * 2)]
    popular = ids[0]
    for h in (hb, hc):
        client.post(f"/api/v1/notes/{popular}/like", headers=h)
    client.post(f"/api/v1/notes/{popular}/comments", headers=hb, json={"body": "wow"})
    first = client.get("/api/v1/feed/explore?limit=4").json()
    assert first["items"][0]["id"] == popular
    second = client.get(f"/api/v1/feed/explore?limit=4&cursor={first['next_cursor']}").json()
    all_ids = [n["id"] for n in first["items"] + second["items"]]
    assert sorted(all_ids) == sorted(ids) and second["next_cursor"] is None


def test_author_alone_edits_and_deletes(client: TestClient) -> None:
    ha, hb = signup(client, "owner"), signup(client, "intruder")
    note = _note(client, ha)
    r = client.patch(f"/api/v1/notes/{note['id']}", headers=hb, json={"title": "pwned"})
    assert r.status_code == 403
    assert client.delete(f"/api/v1/notes/{note['id']}", headers=hb).status_code == 403
    assert client.get(f"/api/v1/notes/{note['id']}").json()["title"] == "Hot pot night"
    r = client.patch(f"/api/v1/notes/{note['id']}", headers=ha, json={"title": "Hot pot night v2"})
    assert r.status_code == 200 and r.json()["title"] == "Hot pot night v2"
    assert client.delete(f"/api/v1/notes/{note['id']}", headers=ha).status_code == 204
    assert client.get(f"/api/v1/notes/{note['id']}").status_code == 404


def test_reports_are_stored_with_validation(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    from crosstalk.community.models import Report

    ha, hb = signup(client, "poster"), signup(client, "watcher")
    note = _note(client, ha)
    comment = client.post(
        f"/api/v1/notes/{note['id']}/comments", headers=ha, json={"body": "hi"}
    ).json()
    me_a = client.get("/api/v1/me", headers=ha).json()
    for target_type, target_id in (
        ("note", note["id"]),
        ("comment", comment["id"]),
        ("user", me_a["id"]),
    ):
        r = client.post(
            "/api/v1/reports",
            headers=hb,
            json={"target_type": target_type, "target_id": target_id, "reason": "spam"},
        )
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "open"
    r = client.post(
        "/api/v1/reports",
        headers=hb,
        json={"target_type": "note", "target_id": note["id"], "reason": "spam"},
    )
    assert r.status_code == 409
    bad = [
        {"target_type": "planet", "target_id": 1, "reason": "spam"},
        {"target_type": "note", "target_id": 999999, "reason": "spam"},
        {"target_type": "note", "target_id": note["id"], "reason": ""},
    ]
    assert [client.post("/api/v1/reports", headers=hb, json=b).status_code for b in bad] == [
        422,
        404,
        422,
    ]
    free = client.post(
        "/api/v1/reports",
        headers=ha,
        json={
            "target_type": "user",
            "target_id": client.get("/api/v1/me", headers=hb).json()["id"],
            "reason": "keeps sending me links",
        },
    )
    assert free.status_code == 201 and free.json()["reason"] == "other"
    assert (
        client.post(
            "/api/v1/reports", json={"target_type": "note", "target_id": 1, "reason": "spam"}
        ).status_code
        == 401
    )
    db.expire_all()
    assert db.query(Report).count() == 4


def test_collections_save_and_count(client: TestClient) -> None:
    ha, hb = signup(client, "maker"), signup(client, "saver")
    note = _note(client, ha)
    board = client.post("/api/v1/collections", headers=hb, json={"name": "Recipes 菜谱"}).json()
    assert (
        client.post("/api/v1/collections", headers=hb, json={"name": "Recipes 菜谱"}).status_code
        == 409
    )
    r = client.post(
        f"/api/v1/notes/{note['id']}/save", headers=hb, json={"collection_id": board["id"]}
    )
    assert r.status_code == 200
    assert client.get(f"/api/v1/notes/{note['id']}").json()["collect_count"] == 1
    assert (
        client.post(
            f"/api/v1/notes/{note['id']}/save", headers=ha, json={"collection_id": board["id"]}
        ).status_code
        == 403
    )
    client.delete(f"/api/v1/collections/{board['id']}/notes/{note['id']}", headers=hb)
    assert client.get(f"/api/v1/notes/{note['id']}").json()["collect_count"] == 0


def test_topic_profile_and_search_feeds(client: TestClient) -> None:
    h = signup(client, "topical")
    _note(client, h, title="Dumplings", body="Making 饺子 #food")
    _note(client, h, title="Hiking", body="Up the hill #outdoors")
    assert [n["title"] for n in client.get("/api/v1/topics/food/notes").json()["items"]] == [
        "Dumplings"
    ]
    assert len(client.get("/api/v1/users/topical/notes").json()["items"]) == 2
    assert [n["title"] for n in client.get("/api/v1/search?q=饺子").json()["items"]] == [
        "Dumplings"
    ]
    assert client.get("/api/v1/search?q=").status_code == 422


def test_openapi_lists_the_stable_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/accounts",
        "/api/v1/tokens",
        "/api/v1/me",
        "/api/v1/notes",
        "/api/v1/notes/{note_id}",
        "/api/v1/notes/{note_id}/comments",
        "/api/v1/notes/{note_id}/like",
        "/api/v1/users/{username}/follow",
        "/api/v1/feed/following",
        "/api/v1/feed/explore",
        "/api/v1/reports",
    ):
        assert path in paths, path
    assert client.get("/docs").status_code == 200


def test_deleting_a_note_removes_its_files_only_after_commit(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    from crosstalk.community.models import NoteImage
    from crosstalk.community.notes import delete_note
    from crosstalk.config import get_settings

    h = signup(client, "pictures")
    files = [("images", ("a.png", image_bytes("PNG"), "image/png"))]
    note = client.post("/api/v1/notes", headers=h, data={"title": "Pics"}, files=files).json()
    image = db.query(NoteImage).filter_by(note_id=note["id"]).one()
    stored = get_settings().media_dir / image.path
    assert stored.exists()
    from crosstalk.community.models import User

    author = db.query(User).filter_by(username="pictures").one()
    delete_note(db, author, note["id"])
    db.rollback()  # the delete did not happen: the picture must still be there
    assert stored.exists()
    delete_note(db, author, note["id"])
    db.commit()
    assert not stored.exists()
