"""Audited glossary edits: the audit entry and the edit commit or roll back together, and an
edit that changes nothing neither bumps the version (emptying the cache) nor logs anything."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.language import glossary, glossary_admin
from crosstalk.language.errors import InvalidTerm, TermNotFound
from crosstalk.language.models import GlossaryTerm
from crosstalk.safety.audit import log as audit


def _logged(db: Session) -> list[str]:
    return [e.action for e in audit.entries(db, audit.AuditFilter(action="glossary."))]


def test_an_edit_rolled_back_leaves_no_term_and_no_audit_entry(db: Session) -> None:
    glossary.ensure_seeded(db)
    db.commit()
    glossary_admin.add(db, None, "en", "girl dinner", "女生晚餐", via="cli")
    assert _logged(db) == ["glossary.add"]
    db.rollback()
    assert db.scalar(select(GlossaryTerm).where(GlossaryTerm.term == "girl dinner")) is None
    assert _logged(db) == []


def test_an_edit_that_changes_nothing_keeps_the_version_and_logs_nothing(db: Session) -> None:
    entry = glossary_admin.add(db, None, "en", "main character", "主角", note_en="TikTok slang")
    version = glossary.current_version(db)
    same = glossary_admin.update(
        db, None, entry.id, term=" main character ", translation="主角", note_en="TikTok slang"
    )
    assert same == entry and glossary.current_version(db) == version
    assert _logged(db) == ["glossary.add"]


def test_refused_edits_are_not_logged(db: Session) -> None:
    with pytest.raises(InvalidTerm):
        glossary_admin.add(db, None, "fr", "bonjour", "你好")
    with pytest.raises(TermNotFound):
        glossary_admin.update(db, None, 999_999, note_en="x")
    with pytest.raises(TermNotFound):
        glossary_admin.delete(db, None, 999_999)
    assert _logged(db) == []


def test_a_deletion_keeps_what_the_term_said_in_the_log(db: Session) -> None:
    entry = glossary_admin.add(db, 7, "zh", "绝绝子", "absolutely amazing", note_zh="网络用语")
    glossary_admin.delete(db, 7, entry.id, via="api")
    newest = audit.entries(db, audit.AuditFilter(action="glossary.delete"))[0]
    details = audit.details_of(newest)
    assert newest.actor_id == 7 and newest.target_id == str(entry.id)
    assert details["term"] == "绝绝子" and details["translation"] == "absolutely amazing"
    assert details["note_zh"] == "网络用语" and details["via"] == "api"
    assert details["glossary_version"] == glossary.current_version(db)
