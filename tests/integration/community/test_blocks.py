"""Block and mute over HTTP: a block stops follows, comments, mentions and seeing notes both
ways and ends existing follows; a mute hides someone from you without telling them; both are
listed in settings and work from the profile page without JavaScript."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient
from sqlalchemy import select

from crosstalk.community.blocks import blocked_between, muted_users
from crosstalk.community.models import User
from crosstalk.db.session import session_factory
from tests.helpers import browser_login, signup

_texts = itertools.cycle(
    [
        "Morning walk by the lake, the herons were out.",
        "Baked a lemon cake for the neighbours today.",
        "My balcony tomatoes are finally turning red.",
        "A quiet afternoon with a crossword and tea.",
        "The library had a new shelf of travel books.",
        "Tried a new noodle shop near the station.",
    ]
)


def _note(client: TestClient, headers: dict[str, str], title: str, body: str = "") -> int:
    r = client.post(
        "/api/v1/notes", headers=headers, json={"title": title, "body": body or next(_texts)}
    )
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "visible"
    return int(r.json()["id"])


def _kinds(client: TestClient, headers: dict[str, str]) -> list[tuple[str, str | None]]:
    found = client.get("/api/v1/notifications", headers=headers).json()
    return [(n["kind"], n["actor"]) for n in found]


def _ids(client: TestClient, url: str, headers: dict[str, str]) -> set[int]:
    return {n["id"] for n in client.get(url, headers=headers).json()["items"]}


def test_block_ends_follows_and_stops_following_commenting_and_mentions_both_ways(
    client: TestClient,
) -> None:
    mei = signup(client, "mei")
    troll = signup(client, "troll")
    mei_note = _note(client, mei, "Dumplings for the new year")
    troll_note = _note(client, troll, "Look at my garden")
    assert client.post("/api/v1/users/mei/follow", headers=troll).status_code == 200
    assert client.post("/api/v1/users/troll/follow", headers=mei).status_code == 200
    assert ("follow", "troll") in _kinds(client, mei)

    r = client.post("/api/v1/users/troll/block", headers=mei)
    assert r.status_code == 200 and r.json() == {"username": "troll", "blocked": True}
    with session_factory()() as s:
        ids = {u.username: u.id for u in s.scalars(select(User))}
        assert blocked_between(s, ids["mei"], ids["troll"])
        assert blocked_between(s, ids["troll"], ids["mei"])
    # Older notifications from the blocked account disappear with the block.
    assert not [k for k in _kinds(client, mei) if k[1] == "troll"]
    # Existing follows ended both ways.
    assert client.get("/api/v1/me", headers=mei).json()["following"] == 0
    assert client.get("/api/v1/me", headers=mei).json()["followers"] == 0

    # Follows are refused both ways.
    r = client.post("/api/v1/users/mei/follow", headers=troll)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = client.post("/api/v1/users/troll/follow", headers=mei)
    assert r.status_code == 403 and "Unblock" in r.json()["detail"]

    # Comments are refused both ways: the blocked account no longer even sees the note.
    r = client.post(f"/api/v1/notes/{mei_note}/comments", headers=troll, json={"body": "hi"})
    assert r.status_code == 404
    r = client.post(f"/api/v1/notes/{troll_note}/comments", headers=mei, json={"body": "hi"})
    assert r.status_code == 403

    # Mentions notify nobody across the block, either way, on a third person's note.
    bo = signup(client, "bob")
    bo_note = _note(client, bo, "Open thread: favourite teas")
    before_mei, before_troll = _kinds(client, mei), _kinds(client, troll)
    r = client.post(
        f"/api/v1/notes/{bo_note}/comments", headers=troll, json={"body": "@mei jasmine, obviously"}
    )
    assert r.status_code == 201
    r = client.post(
        f"/api/v1/notes/{bo_note}/comments", headers=mei, json={"body": "@troll oolong for me"}
    )
    assert r.status_code == 201
    assert _kinds(client, mei) == before_mei
    assert _kinds(client, troll) == before_troll
    # ... while an unblocked person's mention still notifies.
    r = client.post(f"/api/v1/notes/{bo_note}/comments", headers=bo, json={"body": "@mei agreed"})
    assert r.status_code == 201
    assert ("mention", "bob") in _kinds(client, mei)


def test_blocked_account_cannot_see_the_blockers_notes_anywhere(client: TestClient) -> None:
    mei = signup(client, "mei")
    troll = signup(client, "troll")
    note = _note(client, mei, "Lanterns by the river", "Lanterns by the river #lanterns")
    assert note in _ids(client, "/api/v1/feed/explore", troll)
    client.post("/api/v1/users/troll/block", headers=mei)

    assert client.get(f"/api/v1/notes/{note}", headers=troll).status_code == 404
    assert client.post(f"/api/v1/notes/{note}/like", headers=troll).status_code == 404
    assert note not in _ids(client, "/api/v1/feed/explore", troll)
    assert note not in _ids(client, "/api/v1/topics/lanterns/notes", troll)
    assert note not in _ids(client, "/api/v1/search?q=lanterns", troll)
    assert _ids(client, "/api/v1/users/mei/notes", troll) == set()
    # Others still see it.
    assert note in _ids(client, "/api/v1/feed/explore", {})
    # Unblocking restores everything.
    assert client.delete("/api/v1/users/troll/block", headers=mei).json()["blocked"] is False
    assert client.get(f"/api/v1/notes/{note}", headers=troll).status_code == 200
    assert client.post("/api/v1/users/mei/follow", headers=troll).status_code == 200


def test_mute_hides_notes_comments_and_notifications_without_telling_them(
    client: TestClient,
) -> None:
    mei = signup(client, "mei")
    loud = signup(client, "loud")
    mei_note = _note(client, mei, "Sunday market finds")
    loud_note = _note(client, loud, "My hot takes on tea", "My hot takes on tea #tea")
    before_loud = _kinds(client, loud)

    r = client.post("/api/v1/users/loud/mute", headers=mei)
    assert r.status_code == 200 and r.json() == {"username": "loud", "muted": True}
    assert _kinds(client, loud) == before_loud  # not told
    assert [p["username"] for p in client.get("/api/v1/me/mutes", headers=mei).json()] == ["loud"]
    with session_factory()() as s:
        me = s.scalar(select(User).where(User.username == "mei"))
        assert me is not None and [u.username for u in muted_users(s, me)] == ["loud"]

    assert loud_note not in _ids(client, "/api/v1/feed/explore", mei)
    assert loud_note not in _ids(client, "/api/v1/topics/tea/notes", mei)
    # The muted person may still follow, like and comment: the muter just does not hear it.
    assert client.post("/api/v1/users/mei/follow", headers=loud).status_code == 200
    assert client.post(f"/api/v1/notes/{mei_note}/like", headers=loud).status_code == 200
    r = client.post(
        f"/api/v1/notes/{mei_note}/comments", headers=loud, json={"body": "Nice finds!"}
    )
    assert r.status_code == 201
    assert not [k for k in _kinds(client, mei) if k[1] == "loud"]
    comments = client.get(f"/api/v1/notes/{mei_note}/comments", headers=mei).json()
    assert all(c["author"]["username"] != "loud" for c in comments)
    # Others still see the comment.
    assert client.get(f"/api/v1/notes/{mei_note}/comments").json()
    # The muted profile still shows its notes to someone who goes there on purpose.
    assert loud_note in _ids(client, "/api/v1/users/loud/notes", mei)
    # After unmuting, new activity is heard again.
    client.delete("/api/v1/users/loud/mute", headers=mei)
    client.delete(f"/api/v1/notes/{mei_note}/like", headers=loud)
    assert client.post(f"/api/v1/notes/{mei_note}/like", headers=loud).status_code == 200
    assert ("like", "loud") in _kinds(client, mei)


def test_block_and_mute_from_the_profile_page_and_listed_in_settings(client: TestClient) -> None:
    signup(client, "troll")
    signup(client, "loud")
    signup(client, "mei")
    csrf = browser_login(client, "mei")
    page = client.get("/u/troll").text
    assert 'action="/u/troll/block"' in page and 'action="/u/troll/mute"' in page

    r = client.post("/u/troll/block", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/u/troll").text
    assert 'data-testid="blocked-notice"' in page and 'action="/u/troll/unblock"' in page
    assert 'data-testid="follow"' not in page
    client.post("/u/loud/mute", data={"csrf_token": csrf})
    settings = client.get("/settings").text
    blocked = settings.split('data-testid="blocked-list"')[1].split("</ul>")[0]
    muted = settings.split('data-testid="muted-list"')[1].split("</ul>")[0]
    assert "@troll" in blocked and "@loud" not in blocked
    assert "@loud" in muted and "@troll" not in muted
    # Without a CSRF token nothing changes.
    r = client.post("/u/loud/unmute", data={}, follow_redirects=False)
    assert r.status_code == 403
    client.post("/u/troll/unblock", data={"csrf_token": csrf})
    client.post("/u/loud/unmute", data={"csrf_token": csrf})
    settings = client.get("/settings").text
    assert "You have not blocked anyone." in settings
    assert "You have not muted anyone." in settings


def test_block_errors_are_clear(client: TestClient) -> None:
    mei = signup(client, "mei")
    r = client.post("/api/v1/users/mei/block", headers=mei)
    assert r.status_code == 422 and r.json()["code"] == "invalid"
    r = client.post("/api/v1/users/nobody_here/mute", headers=mei)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert client.post("/api/v1/users/mei/block").status_code == 401
    zh = client.post("/api/v1/users/mei/block", headers={**mei, "Accept-Language": "zh-CN"}).json()[
        "detail"
    ]
    assert zh == "不能拉黑或屏蔽自己。"
