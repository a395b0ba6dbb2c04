"""Admins edit the glossary in the browser and through the JSON API: only admins, every change
audited, bad input answered with a clear 4xx, and the new glossary version stops translations
from being served out of the cache under the old wording."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.accounts import create_account, issue_token
from crosstalk.community.models import Role, User
from crosstalk.language import glossary, service
from crosstalk.language.backends.fake import FakeReverseTranslator
from crosstalk.language.models import GlossaryTerm, TranslationCacheEntry
from crosstalk.safety.audit import log as audit
from tests.helpers import PASSWORD, browser_login, signup

PAGE = "/review/admin/glossary"
API = "/api/v1/admin/glossary"


@pytest.fixture
def fake_translator() -> Iterator[FakeReverseTranslator]:
    fake = FakeReverseTranslator()
    service.set_translator(fake)
    yield fake
    service.set_translator(None)


def _user(db: Session, name: str, role: Role = Role.USER) -> dict[str, str]:
    user = create_account(db, name, PASSWORD, role=role, langs_read=["en"])
    db.flush()
    token = issue_token(db, user)
    db.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def admin(db: Session) -> dict[str, str]:
    return _user(db, "gloss_admin", Role.ADMIN)


def _admin_id(db: Session) -> int:
    return int(db.scalar(select(User.id).where(User.username == "gloss_admin")) or 0)


def _glossary_audit(db: Session) -> list[tuple[str, str, int | None, dict]]:
    db.expire_all()
    rows = audit.entries(db, audit.AuditFilter(action="glossary."), limit=100)
    return [(e.action, e.target_id, e.actor_id, audit.details_of(e)) for e in reversed(rows)]


# --- who may edit ----------------------------------------------------------------------------


def test_only_admins_reach_the_glossary_page_and_api(client: TestClient, db: Session) -> None:
    plain = signup(client, "plain_reader")
    moderator = _user(db, "gloss_mod", Role.MODERATOR)
    senior = _user(db, "gloss_senior", Role.SENIOR_MODERATOR)
    admin = _user(db, "gloss_admin", Role.ADMIN)
    for headers in (plain, moderator, senior):
        assert client.get(PAGE, headers=headers).status_code == 403
        assert client.get(API, headers=headers).status_code == 403
        body = {"source_lang": "en", "term": "x", "translation": "叉"}
        assert client.post(API, headers=headers, json=body).status_code == 403
        assert client.put(f"{API}/1", headers=headers, json={"note_en": "x"}).status_code == 403
        assert client.delete(f"{API}/1", headers=headers).status_code == 403
        assert client.post(f"{PAGE}/1/delete", headers=headers).status_code == 403
    assert client.get(PAGE, headers=admin).status_code == 200
    assert client.get(API, headers=admin).status_code == 200
    assert db.scalar(select(GlossaryTerm).where(GlossaryTerm.term == "x")) is None


def test_strangers_are_sent_to_log_in(client: TestClient) -> None:
    r = client.get(PAGE, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get(API).status_code == 401


# --- the page ----------------------------------------------------------------------------------


def test_the_page_lists_seed_terms_with_notes_and_shows_the_glossary_version(
    client: TestClient, db: Session, admin: dict[str, str]
) -> None:
    html = client.get(PAGE, headers={**admin, "Accept-Language": "en"}).text
    version = glossary.current_version(db)
    assert f"Glossary version: {version}" in html
    assert "小红书" in html and "RedNote" in html and "cat tax" in html
    assert "Do not translate" in html  # TikTok and other kept names
    zh = client.get(PAGE, headers={**admin, "Accept-Language": "zh-CN"}).text
    assert f"术语表版本：{version}" in zh


def test_search_narrows_the_list_and_pages_through_it(
    client: TestClient, admin: dict[str, str]
) -> None:
    html = client.get(f"{PAGE}?q=rednote", headers=admin).text
    rows = re.findall(r'data-testid="glossary-term"', html)
    assert rows and "小红书" in html and "cat tax" not in html
    keep = client.get(f"{PAGE}?kind=keep&from=en", headers=admin).text
    assert "TikTok" in keep and "猫税" not in keep
    assert client.get(f"{PAGE}?from=fr", headers=admin).status_code == 422
    assert client.get(f"{PAGE}?page=0", headers=admin).status_code == 422


def test_an_admin_adds_edits_and_deletes_a_term_through_the_forms(
    client: TestClient, db: Session
) -> None:
    create_account(db, "gloss_admin", PASSWORD, role=Role.ADMIN, langs_read=["en"])
    db.commit()
    csrf = browser_login(client, "gloss_admin")
    r = client.post(
        PAGE,
        data={
            "csrf_token": csrf,
            "source_lang": "en",
            "term": "boba run",
            "translation": "奶茶之旅",
            "note_en": "A trip out for bubble tea",
            "note_zh": "出门买奶茶",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    listed = client.get(r.headers["location"]).text
    assert "boba run" in listed and "奶茶之旅" in listed and "出门买奶茶" in listed
    term_id = int(re.findall(r'data-term-id="(\d+)"', listed)[0])

    form = client.get(f"{PAGE}/{term_id}").text
    assert 'value="boba run"' in form and f'action="{PAGE}/{term_id}"' in form
    r = client.post(
        f"{PAGE}/{term_id}",
        data={"csrf_token": csrf, "term": "Boba Run", "keep": "on", "note_en": "", "note_zh": ""},
        follow_redirects=False,
    )
    assert r.status_code == 303
    row = db.get(GlossaryTerm, term_id)
    db.refresh(row)
    assert row is not None and row.term == "Boba Run" and row.translation is None
    assert row.note_en == "" and row.note_zh == ""

    r = client.post(f"{PAGE}/{term_id}/delete", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    db.expire_all()
    assert db.get(GlossaryTerm, term_id) is None
    assert "Deleted" in client.get(PAGE).text  # the flash says what happened
    assert client.post(f"{PAGE}/{term_id}/delete", data={"csrf_token": csrf}).status_code == 404
    assert client.get(f"{PAGE}/{term_id}").status_code == 404


def test_bad_form_input_is_shown_with_a_clear_error_and_keeps_what_was_typed(
    client: TestClient, db: Session
) -> None:
    create_account(db, "gloss_admin", PASSWORD, role=Role.ADMIN, langs_read=["en"])
    db.commit()
    csrf = browser_login(client, "gloss_admin")
    base = {"csrf_token": csrf, "source_lang": "en", "note_en": "typed note"}
    missing = client.post(PAGE, data={**base, "term": "lonely term", "translation": ""})
    assert missing.status_code == 422
    assert "translation need 1 to 200" in missing.text and "typed note" in missing.text
    duplicate = client.post(PAGE, data={**base, "term": "Cat Tax", "translation": "猫咪税"})
    assert duplicate.status_code == 409 and "already has an entry" in duplicate.text
    direction = client.post(PAGE, data={**base, "source_lang": "fr", "term": "a", "keep": "on"})
    assert direction.status_code == 422
    too_long = client.post(PAGE, data={**base, "term": "t" * 201, "keep": "on"})
    assert too_long.status_code == 422
    long_note = client.post(PAGE, data={**base, "term": "ok", "keep": "on", "note_en": "n" * 501})
    assert long_note.status_code == 422 and "500" in long_note.text
    no_csrf = client.post(PAGE, data={"source_lang": "en", "term": "x", "keep": "on"})
    assert no_csrf.status_code == 403
    assert _glossary_audit(db) == []  # nothing was changed, so nothing was logged


def test_terms_and_notes_are_escaped_on_the_page(client: TestClient, admin: dict[str, str]) -> None:
    body = {
        "source_lang": "en",
        "term": "<script>alert(1)</script>",
        "translation": "<b>粗</b>",
        "note_en": '"><img src=x onerror=alert(2)>',
    }
    assert client.post(API, headers=admin, json=body).status_code == 201
    html = client.get(f"{PAGE}?q=script", headers=admin).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>粗</b>" not in html and "<img src=x" not in html


# --- the JSON API --------------------------------------------------------------------------------


def test_the_api_adds_updates_and_deletes_terms_and_reports_the_version(
    client: TestClient, db: Session, admin: dict[str, str]
) -> None:
    start = client.get(API, headers=admin).json()
    assert start["total"] >= 40 and start["version"] >= 1
    r = client.post(
        API,
        headers=admin,
        json={"source_lang": "zh", "term": "种草", "translation": "got me wanting it"},
    )
    assert r.status_code == 201, r.text
    added = r.json()
    assert added["version"] == start["version"] + 1 and added["term"]["keep"] is False
    term_id = added["term"]["id"]

    r = client.put(f"{API}/{term_id}", headers=admin, json={"note_en": "RedNote slang"})
    assert r.status_code == 200 and r.json()["term"]["translation"] == "got me wanting it"
    assert r.json()["term"]["note_en"] == "RedNote slang"
    r = client.put(f"{API}/{term_id}", headers=admin, json={"translation": None})
    assert r.json()["term"]["keep"] is True and r.json()["version"] == start["version"] + 3
    same = client.put(f"{API}/{term_id}", headers=admin, json={"translation": None})
    assert same.json()["version"] == start["version"] + 3  # nothing changed: cache kept

    found = client.get(f"{API}?q=种草", headers=admin).json()
    assert [t["id"] for t in found["terms"]] == [term_id]
    r = client.delete(f"{API}/{term_id}", headers=admin)
    assert r.status_code == 200 and r.json() == {
        "deleted": term_id,
        "version": start["version"] + 4,
    }
    assert client.get(f"{API}?q=种草", headers=admin).json()["total"] == 0


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", API, {"term": "x", "translation": "叉"}, 422),  # no direction
        ("POST", API, {"source_lang": "fr", "term": "x"}, 422),
        ("POST", API, {"source_lang": "en", "term": ""}, 422),
        ("POST", API, {"source_lang": "en", "term": "x" * 201}, 422),
        ("POST", API, {"source_lang": "en", "term": "x", "note_zh": "说" * 501}, 422),
        ("POST", API, {"source_lang": "en", "term": "   "}, 422),  # blank after trimming
        ("POST", API, {"source_lang": "en", "term": "x", "translation": "  "}, 422),
        ("POST", API, {"source_lang": "zh", "term": "小红书", "translation": "RN"}, 409),
        ("PUT", f"{API}/999999", {"note_en": "x"}, 404),
        ("PUT", f"{API}/abc", {"note_en": "x"}, 422),
        ("DELETE", f"{API}/999999", None, 404),
    ],
)
def test_bad_api_input_gets_a_clear_problem(
    client: TestClient,
    admin: dict[str, str],
    method: str,
    path: str,
    body: dict | None,
    status: int,
) -> None:
    r = client.request(method, path, headers=admin, json=body)
    assert r.status_code == status, r.text
    assert r.json()["detail"]


def test_renaming_a_term_onto_another_is_a_conflict(
    client: TestClient, admin: dict[str, str]
) -> None:
    a = client.post(API, headers=admin, json={"source_lang": "en", "term": "fit check"}).json()
    r = client.put(f"{API}/{a['term']['id']}", headers=admin, json={"term": "Cat tax"})
    assert r.status_code == 409 and r.json()["code"] == "glossary_term_conflict"


def test_a_browser_session_must_send_its_csrf_token_to_the_api(
    client: TestClient, db: Session
) -> None:
    create_account(db, "gloss_admin", PASSWORD, role=Role.ADMIN, langs_read=["en"])
    db.commit()
    csrf = browser_login(client, "gloss_admin")
    body = {"source_lang": "en", "term": "drip", "translation": "穿搭"}
    assert client.post(API, json=body).status_code == 403
    assert client.post(API, json=body, headers={"X-CSRF-Token": csrf}).status_code == 201


# --- audit and cache -----------------------------------------------------------------------------


def test_every_change_is_in_the_audit_log_with_the_admin_and_the_new_version(
    client: TestClient, db: Session, admin: dict[str, str]
) -> None:
    added = client.post(
        API, headers=admin, json={"source_lang": "en", "term": "slay", "translation": "绝了"}
    ).json()
    term_id = added["term"]["id"]
    updated = client.put(f"{API}/{term_id}", headers=admin, json={"translation": "太强了"})
    deleted = client.delete(f"{API}/{term_id}", headers=admin)
    entries = _glossary_audit(db)
    assert [e[0] for e in entries] == ["glossary.add", "glossary.update", "glossary.delete"]
    admin_id = _admin_id(db)
    assert all(target == str(term_id) and actor == admin_id for _, target, actor, _ in entries)
    add, update, delete = (e[3] for e in entries)
    assert add["term"] == "slay" and add["translation"] == "绝了" and add["via"] == "api"
    assert add["glossary_version"] == added["version"]
    assert update["before"] == {"translation": "绝了"} and update["after"] == {
        "translation": "太强了"
    }
    assert update["glossary_version"] == updated.json()["version"]
    assert (
        delete["translation"] == "太强了"
        and delete["glossary_version"] == deleted.json()["version"]
    )
    rows = audit.entries(db, audit.AuditFilter(target_type="glossary_term"), limit=10)
    assert {e.target_type for e in rows} == {"glossary_term"}
    assert audit.verify(db).ok  # appended to the same hash chain as everything else


def test_a_glossary_change_means_the_next_translation_is_not_served_from_the_cache(
    client: TestClient,
    db: Session,
    admin: dict[str, str],
    fake_translator: FakeReverseTranslator,
) -> None:
    author = signup(client, "gloss_author", ["en"])
    note = client.post(
        "/api/v1/notes", headers=author, json={"title": "Weekend boba run with friends"}
    ).json()
    url = f"/api/v1/notes/{note['id']}/translation?target=zh-Hans"
    first = client.get(url).json()
    assert first["cached"] is False and client.get(url).json()["cached"] is True
    before = glossary.current_version(db)

    r = client.post(
        API, headers=admin, json={"source_lang": "en", "term": "boba run", "translation": "奶茶局"}
    )
    after = r.json()["version"]
    assert after == before + 1
    fresh = client.get(url).json()
    assert fresh["cached"] is False and "奶茶局" in fresh["title"]  # the forced wording is used
    db.expire_all()
    versions = set(db.scalars(select(TranslationCacheEntry.glossary_version)))
    assert {before, after} <= versions
    assert client.get(url).json()["cached"] is True  # cached again, under the new version
