"""Audited glossary edits: the admin UI, the JSON API and the CLI change the glossary through
these, so every change and the glossary version it produced land in the audit log with it.

The audit entry is written in the caller's transaction: it commits or rolls back with the
edit, so the log never claims an edit that did not happen.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosstalk.language import glossary
from crosstalk.language.errors import TermConflict
from crosstalk.language.glossary import Entry
from crosstalk.safety.audit import log as audit

TARGET_TYPE = "glossary_term"
UNSET = glossary.UNSET


def _fields(entry: Entry) -> dict[str, Any]:
    return {
        "source_lang": entry.source_lang,
        "term": entry.term,
        "translation": entry.translation,
        "note_en": entry.note_en,
        "note_zh": entry.note_zh,
    }


def _lost_race(session: Session) -> None:
    """Another admin wrote the same term between our check and our write.

    The failed statement has spoilt the transaction (PostgreSQL refuses anything more), so
    it is rolled back here. No savepoint instead: on SQLite (pysqlite) a savepoint opened
    before the first write commits on release, which would split the edit from its audit
    entry.
    """
    session.rollback()


def _record(
    session: Session,
    actor_id: int | None,
    action: str,
    term_id: int,
    via: str,
    details: dict[str, Any],
) -> None:
    audit.record(
        session,
        actor_id=actor_id,
        action=f"glossary.{action}",
        target_type=TARGET_TYPE,
        target_id=term_id,
        details={**details, "via": via, "glossary_version": glossary.current_version(session)},
    )


def add(
    session: Session,
    actor_id: int | None,
    source_lang: str,
    term: str,
    translation: str | None = None,
    *,
    note_en: str = "",
    note_zh: str = "",
    via: str = "web",
) -> Entry:
    """Add a forced translation (or a do-not-translate term when `translation` is None)."""
    try:
        entry = glossary.add_term(
            session, source_lang, term, translation, note_en=note_en, note_zh=note_zh
        )
    except IntegrityError:
        _lost_race(session)
        raise TermConflict(term.strip()) from None
    _record(session, actor_id, "add", entry.id, via, _fields(entry))
    return entry


def update(
    session: Session,
    actor_id: int | None,
    term_id: int,
    *,
    term: str | None = None,
    translation: str | None = UNSET,
    note_en: str | None = None,
    note_zh: str | None = None,
    via: str = "web",
) -> Entry:
    """Change a term; an edit that changes nothing keeps the version (and the cache)."""
    before = glossary.get_term(session, term_id)
    wanted = {
        "term": before.term if term is None else term.strip(),
        "translation": before.translation
        if translation is UNSET
        else (translation.strip() if translation is not None else None),
        "note_en": before.note_en if note_en is None else note_en,
        "note_zh": before.note_zh if note_zh is None else note_zh,
    }
    current = {k: v for k, v in _fields(before).items() if k != "source_lang"}
    if wanted == current:
        return before
    try:
        after = glossary.update_term(
            session,
            term_id,
            term=term,
            translation=translation,
            note_en=note_en,
            note_zh=note_zh,
        )
    except IntegrityError:
        _lost_race(session)
        raise TermConflict(str(wanted["term"])) from None
    changed = {k: v for k, v in _fields(after).items() if current.get(k, v) != v}
    _record(
        session,
        actor_id,
        "update",
        term_id,
        via,
        {
            "source_lang": after.source_lang,
            "term": after.term,
            "changed": sorted(changed),
            "before": {k: current[k] for k in changed},
            "after": changed,
        },
    )
    return after


def delete(session: Session, actor_id: int | None, term_id: int, *, via: str = "web") -> Entry:
    """Remove a term; the audit entry keeps what it said, so a deletion can be undone by hand."""
    before = glossary.get_term(session, term_id)
    glossary.delete_term(session, term_id)
    session.flush()
    _record(session, actor_id, "delete", term_id, via, _fields(before))
    return before
