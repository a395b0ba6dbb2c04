"""The policy is readable by anyone, in both languages, and only admins edit it from the UI:
validated, version-bumped, audited, enforced at once, nothing written on a bad edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosstalk.community.models import Role
from crosstalk.config import reset_settings_cache
from crosstalk.safety.audit import log as audit
from crosstalk.safety.screening.engine import reset_safety_engine
from crosstalk.safety.screening.policy import default_policy, enforced_policy
from tests.helpers import browser_login, csrf_from
from tests.integration.safety.review_support import make_user

DEFAULT = Path(__file__).parents[4] / "src/crosstalk/safety/screening/policies/default.yaml"


def test_anyone_reads_every_clause_in_english_and_chinese(client: TestClient) -> None:
    en = client.get("/policy")
    assert en.status_code == 200
    for clause in default_policy().clauses:
        assert f'id="clause-{clause.id}"' in en.text and clause.title.en in en.text
    zh = client.get("/policy", headers={"Accept-Language": "zh-CN"})
    assert default_policy().clauses[0].title.zh_Hans in zh.text
    assert default_policy().version in zh.text


@pytest.fixture
def editable_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(DEFAULT.read_text("utf-8"), "utf-8")
    monkeypatch.setenv("CROSSTALK_POLICY_PATH", str(path))
    reset_settings_cache()
    reset_safety_engine()
    yield path
    monkeypatch.delenv("CROSSTALK_POLICY_PATH")
    reset_settings_cache()
    reset_safety_engine()


def test_an_admin_edits_the_policy_in_the_ui(
    client: TestClient, db: Session, editable_policy: Path
) -> None:
    make_user(db, "policy_admin", Role.ADMIN)
    db.commit()
    browser_login(client, "policy_admin")
    page = client.get("/review/admin/policy")
    assert page.status_code == 200 and 'name="yaml"' in page.text
    token = csrf_from(page.text)
    original = editable_policy.read_text("utf-8")

    same_version = client.post("/review/admin/policy", data={"csrf_token": token, "yaml": original})
    assert same_version.status_code == 422 and "Bump the version" in same_version.text
    broken = client.post(
        "/review/admin/policy", data={"csrf_token": token, "yaml": "version: [oops"}
    )
    assert broken.status_code == 422
    assert editable_policy.read_text("utf-8") == original and audit.count(db) == 0

    old = default_policy().version
    new_text = original.replace(f'version: "{old}"', 'version: "ui-edit-2"')
    saved = client.post(
        "/review/admin/policy", data={"csrf_token": token, "yaml": new_text}, follow_redirects=True
    )
    assert saved.status_code == 200 and "ui-edit-2" in saved.text
    assert enforced_policy().version == "ui-edit-2"
    entry = audit.entries(db, audit.AuditFilter(action="policy.update"))[0]
    assert audit.details_of(entry)["from_version"] == old and entry.target_id == "ui-edit-2"


def test_moderators_cannot_open_the_policy_editor(client: TestClient, db: Session) -> None:
    make_user(db, "policy_mod", Role.SENIOR_MODERATOR)
    db.commit()
    token = browser_login(client, "policy_mod")
    assert client.get("/review/admin/policy").status_code == 403
    r = client.post("/review/admin/policy", data={"csrf_token": token, "yaml": "x"})
    assert r.status_code == 403


def test_without_a_policy_file_the_editor_explains_how_to_enable_editing(
    client: TestClient, db: Session
) -> None:
    make_user(db, "policy_admin2", Role.ADMIN)
    db.commit()
    browser_login(client, "policy_admin2")
    page = client.get("/review/admin/policy")
    assert "CROSSTALK_POLICY_PATH" in page.text and "<textarea" not in page.text
