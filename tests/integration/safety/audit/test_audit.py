"""The audit log on SQLite and PostgreSQL: moderator work lands in one hash chain, the database
refuses edits, concurrent moderators never fork the chain, and `crosstalk audit verify` names
the first entry that anyone with database access edited, deleted, inserted or rewrote."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from crosstalk.cli import app
from crosstalk.community.models import Role
from crosstalk.db.session import session_factory
from crosstalk.safety.audit import log as audit
from crosstalk.safety.audit.models import AuditEntry, AuditLogIsAppendOnly
from crosstalk.safety.moderation import account_actions, appeals, decide, queue, roles
from crosstalk.safety.transparency.models import Decision
from tests.helpers import browser_login
from tests.integration.safety.review_support import held_note, hold_threats, make_user

__all__ = ["hold_threats"]


def _fill(db: Session, n: int = 6) -> None:
    for i in range(n):
        audit.record(
            db,
            actor_id=i,
            action="test.step",
            target_type="note",
            target_id=i,
            details={"i": i, "text": f"entry {i} 中文"},
        )
    db.commit()


def _verify(url: str) -> audit.Verification:
    with session_factory(url)() as s:
        return audit.verify(s)


@pytest.fixture
def tamper(db: Session, db_url: str) -> Iterator[Callable[[str], None]]:
    """Run raw SQL as someone with database access: the append-only trigger is set aside."""
    pg = db_url.startswith("postgresql")
    engine = db.get_bind()
    with engine.begin() as conn:
        if pg:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_append_only"))

    def run(sql: str) -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql(sql)

    yield run
    with engine.begin() as conn:
        if pg:
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(
                text(
                    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log "
                    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                )
            )


def test_entries_form_one_chain_that_verifies(db: Session, db_url: str) -> None:
    _fill(db)
    result = _verify(db_url)
    assert result.ok and result.entries == 6 and result.head_seq == 6
    rows = list(audit.export_rows(db))
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["prev_hash"] == audit.GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(rows))
    assert json.loads(rows[2]["details"]) == {"i": 2, "text": "entry 2 中文"}
    cli = CliRunner().invoke(app, ["audit", "verify"])
    assert cli.exit_code == 0 and "OK: 6 entries" in cli.output and result.head_hash in cli.output


def test_an_empty_log_verifies(db: Session, db_url: str) -> None:
    assert _verify(db_url).ok


@pytest.mark.parametrize(
    ("sql", "bad", "kind"),
    [
        ("UPDATE audit_log SET details = '{\"i\":3,\"text\":\"nothing happened\"}' WHERE seq = 3",
         3, "edited"),
        ("UPDATE audit_log SET actor_id = 99 WHERE seq = 2", 2, "edited"),
        ("UPDATE audit_log SET action = 'test.other' WHERE seq = 5", 5, "edited"),
        ("UPDATE audit_log SET created_at = created_at - INTERVAL '1 day' WHERE seq = 4", 4,
         "edited"),
        ("UPDATE audit_log SET prev_hash = hash WHERE seq = 2", 2, "edited"),
        ("DELETE FROM audit_log WHERE seq = 3", 3, "missing"),
        ("DELETE FROM audit_log WHERE seq >= 5", 5, "missing"),
        ("DELETE FROM audit_log WHERE seq = 1", 1, "missing"),
        ("UPDATE audit_head SET hash = CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END"
         " || substr(hash, 2)", 6, "head"),
    ],
)  # fmt: skip
def test_tampering_with_any_row_fails_verify_naming_the_first_bad_entry(
    db: Session, db_url: str, tamper: Callable[[str], None], sql: str, bad: int, kind: str
) -> None:
    _fill(db)
    if "INTERVAL" in sql and not db_url.startswith("postgresql"):
        sql = "UPDATE audit_log SET created_at = datetime(created_at, '-1 day') WHERE seq = 4"
    tamper(sql)
    result = _verify(db_url)
    assert result.problem is not None, sql
    assert (result.problem.seq, result.problem.kind) == (bad, kind), result.problem
    cli = CliRunner().invoke(app, ["audit", "verify"])
    assert cli.exit_code == 1
    assert f"FAILED at entry {bad}" in cli.output and f"第 {bad} 条" in cli.output


def test_a_rewritten_entry_with_a_fresh_hash_is_named_by_its_successor(
    db: Session, db_url: str, tamper: Callable[[str], None]
) -> None:
    _fill(db)
    entry = db.query(AuditEntry).filter_by(seq=3).one()
    forged_details = '{"i":3,"text":"rewritten"}'
    forged = audit.entry_hash(
        seq=3,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        details=forged_details,
        prev_hash=entry.prev_hash,
    )
    tamper(f"UPDATE audit_log SET details = '{forged_details}', hash = '{forged}' WHERE seq = 3")
    result = _verify(db_url)
    assert result.problem is not None
    assert (result.problem.seq, result.problem.kind) == (3, "relinked")


def test_a_rewrite_of_the_whole_tail_is_caught_by_a_head_recorded_elsewhere(
    db: Session, db_url: str, tamper: Callable[[str], None]
) -> None:
    _fill(db, 3)
    recorded = _verify(db_url).head_hash
    # Someone deletes the tail and the head row: the chain alone looks consistent again.
    tamper("DELETE FROM audit_log WHERE seq = 3")
    tamper("UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_log WHERE seq = 2)")
    assert _verify(db_url).ok
    with session_factory(db_url)() as s:
        result = audit.verify(s, expect_head=recorded)
    assert result.problem is not None and result.problem.kind == "head"
    cli = CliRunner().invoke(app, ["audit", "verify", "--expect-head", recorded])
    assert cli.exit_code == 1
    assert CliRunner().invoke(app, ["audit", "verify", "--expect-head", "xyz"]).exit_code == 2


def test_the_database_refuses_to_change_audit_entries(db: Session, db_url: str) -> None:
    _fill(db, 2)
    engine = db.get_bind()
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET action = 'x' WHERE seq = 1"))
    if db_url.startswith("postgresql"):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE seq = 1"))
    entry = db.query(AuditEntry).filter_by(seq=1).one()
    entry.action = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        db.flush()
    db.rollback()
    assert _verify(db_url).ok


def test_concurrent_moderators_extend_one_chain(db: Session, db_url: str) -> None:
    factory = session_factory(db_url)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(worker: int) -> None:
        try:
            start.wait()
            for i in range(10):
                with factory() as s:
                    audit.record(
                        s,
                        actor_id=worker,
                        action="test.concurrent",
                        target_type="note",
                        target_id=i,
                        details={"worker": worker, "i": i},
                    )
                    s.commit()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    result = _verify(db_url)
    assert result.ok and result.entries == 40 and result.head_seq == 40


def test_a_failed_action_leaves_no_entry(db: Session, db_url: str) -> None:
    _fill(db, 1)
    audit.record(db, actor_id=1, action="test.rolled_back", target_type="x", target_id=1)
    db.rollback()
    assert audit.count(db) == 1 and _verify(db_url).ok


@pytest.mark.usefixtures("hold_threats")
def test_decisions_appeals_account_actions_and_role_changes_are_audited(
    db: Session, db_url: str
) -> None:
    author = make_user(db, "audited_author")
    moderator = make_user(db, "audited_mod", Role.MODERATOR)
    senior = make_user(db, "audited_senior", Role.SENIOR_MODERATOR)
    admin = make_user(db, "audited_admin", Role.ADMIN)
    note = held_note(db, author)
    item = queue.enqueue_decision(db, db.get(Decision, note.decision_id))  # type: ignore[arg-type]
    decision = decide.decide(
        db,
        item.id,
        moderator,
        action="remove",
        clause_id="H2",
        account_action="suspension",
        duration_days=3,
    )
    appeal = appeals.file_appeal(db, author, decision.id, "I was quoting a film.")
    appeals.decide_appeal(db, appeal.id, senior, outcome="reverse", note="Film quote.")
    account_actions.act_on_account(db, moderator, author, kind="warning", clause_id="H1")
    roles.change_role(db, admin, "audited_mod", Role.SENIOR_MODERATOR)
    db.commit()
    actions = [e.action for e in reversed(audit.entries(db, limit=100))]
    assert actions == [
        "review.decide",
        "account.suspension",
        "appeal.file",
        "account.lift",
        "appeal.reversed",
        "account.warning",
        "role.change",
    ]
    decide_entry = audit.entries(db, audit.AuditFilter(action="review.decide"))[0]
    assert decide_entry.actor_id == moderator.id and decide_entry.target_id == str(note.id)
    assert audit.details_of(decide_entry)["clause_id"] == "H2"
    assert [e.action for e in audit.entries(db, audit.AuditFilter(action="appeal."))] == [
        "appeal.reversed",
        "appeal.file",
    ]
    assert _verify(db_url).ok


def test_cli_role_changes_and_exports_are_audited(db: Session, db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_user(db, "cli_target")
    db.commit()
    runner = CliRunner()
    assert runner.invoke(app, ["user", "set-role", "cli_target", "moderator"]).exit_code == 0
    created = runner.invoke(
        app, ["user", "create", "cli_admin", "--admin", "--password", "long enough pw"]
    )
    assert created.exit_code == 0
    out = tmp_path / "audit.csv"
    exported = runner.invoke(app, ["audit", "export", "-o", str(out), "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    lines = out.read_text("utf-8").splitlines()
    assert lines[0] == ",".join(audit.EXPORT_FIELDS) and len(lines) == 3
    assert "role.change" in lines[1] and "cli_target" in lines[1]
    with session_factory(db_url)() as s:
        assert [e.action for e in audit.entries(s)] == [
            "audit.export",
            "role.change",
            "role.change",
        ]
    assert runner.invoke(app, ["audit", "export", "--format", "xml"]).exit_code == 2
    shown = runner.invoke(app, ["audit", "show", "--limit", "2"])
    assert shown.exit_code == 0 and "audit.export" in shown.output


def test_moderators_read_the_log_and_only_admins_export_or_verify(
    client: TestClient, db: Session, db_url: str
) -> None:
    from crosstalk.community.accounts import issue_token

    mod = make_user(db, "log_reader", Role.MODERATOR)
    admin = make_user(db, "log_admin", Role.ADMIN)
    _fill(db, 3)
    audit.record(
        db,
        actor_id=mod.id,
        action="review.decide",
        target_type="note",
        target_id=7,
        details={"note": "<b>bold</b> move"},
    )
    mod_h = {"Authorization": f"Bearer {issue_token(db, mod)}"}
    admin_h = {"Authorization": f"Bearer {issue_token(db, admin)}"}
    db.commit()
    listed = client.get("/api/v1/review/audit?limit=2", headers=mod_h).json()
    assert [e["seq"] for e in listed["entries"]] == [4, 3] and listed["next_before"] == 3
    older = client.get("/api/v1/review/audit?before=3", headers=mod_h).json()
    assert [e["seq"] for e in older["entries"]] == [2, 1] and older["next_before"] is None
    only = client.get("/api/v1/review/audit?action=review.", headers=mod_h).json()
    assert [e["details"]["note"] for e in only["entries"]] == ["<b>bold</b> move"]
    assert client.get("/api/v1/admin/audit/export", headers=mod_h).status_code == 403
    assert client.get("/api/v1/admin/audit/verify", headers=mod_h).status_code == 403
    exported = client.get("/api/v1/admin/audit/export?format=jsonl", headers=admin_h)
    assert exported.status_code == 200
    lines = [json.loads(line) for line in exported.text.splitlines()]
    assert [r["seq"] for r in lines] == [1, 2, 3, 4, 5]  # the export records itself first
    assert lines[-1]["action"] == "audit.export"
    assert client.get("/api/v1/admin/audit/export?format=xml", headers=admin_h).status_code == 422
    verified = client.get("/api/v1/admin/audit/verify", headers=admin_h).json()
    assert verified["ok"] and verified["entries"] == 5

    token = browser_login(client, "log_reader")
    page = client.get("/review/audit?action=review.")
    assert page.status_code == 200 and "&lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "<b>bold</b>" not in page.text and "/review/audit/verify" not in page.text
    refused = client.post("/review/audit/verify", data={"csrf_token": token})
    assert refused.status_code == 403


def test_admins_verify_from_the_audit_page_in_chinese(client: TestClient, db: Session) -> None:
    from crosstalk.community.accounts import create_account
    from tests.helpers import PASSWORD

    create_account(db, "zh_admin", PASSWORD, role=Role.ADMIN, ui_locale="zh_Hans")
    _fill(db, 2)
    token = browser_login(client, "zh_admin")
    r = client.post(
        "/review/audit/verify",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert r.status_code == 200 and "审计链完整" in r.text
