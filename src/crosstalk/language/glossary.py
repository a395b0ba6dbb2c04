"""Glossary of forced translations and do-not-translate terms, versioned for the cache key.

Matches become protected spans whose replacement is the forced translation (or the term
itself), so the model never sees them and the output always contains the chosen wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosstalk.db.base import utcnow
from crosstalk.language.errors import InvalidTerm, TermConflict, TermNotFound
from crosstalk.language.models import GlossaryTerm, GlossaryVersion

SOURCE_LANGS = ("en", "zh")
MAX_TERM_CHARS = 200
MAX_NOTE_CHARS = 500


@dataclass(frozen=True)
class Entry:
    """A read-only snapshot of one term, safe to keep across sessions."""

    id: int
    source_lang: str
    term: str
    translation: str | None
    note_en: str
    note_zh: str

    @property
    def keep(self) -> bool:
        return self.translation is None


def _snapshot(row: GlossaryTerm) -> Entry:
    return Entry(row.id, row.source_lang, row.term, row.translation, row.note_en, row.note_zh)


def current_version(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(GlossaryVersion.id), 0))) or 0)


def _bump(session: Session, action: str, term_id: int | None, term: str) -> None:
    session.add(GlossaryVersion(action=action, term_id=term_id, term=term, created_at=utcnow()))
    session.flush()


def _validate(source_lang: str, term: str, translation: str | None) -> tuple[str, str | None]:
    if source_lang not in SOURCE_LANGS:
        raise InvalidTerm(
            f"Glossary direction must be one of {', '.join(SOURCE_LANGS)}.",
            f"术语方向必须是 {'、'.join(SOURCE_LANGS)} 之一。",
        )
    term = term.strip()
    translation = translation.strip() if translation is not None else None
    if not term or len(term) > MAX_TERM_CHARS or (translation is not None and not translation):
        raise InvalidTerm(
            f"A term and its translation need 1 to {MAX_TERM_CHARS} characters.",
            f"术语及其译文需要 1 到 {MAX_TERM_CHARS} 个字符。",
        )
    if translation is not None and len(translation) > MAX_TERM_CHARS:
        raise InvalidTerm(
            f"A translation may have at most {MAX_TERM_CHARS} characters.",
            f"译文最多 {MAX_TERM_CHARS} 个字符。",
        )
    return term, translation


def _validate_notes(*notes: str | None) -> None:
    if any(note is not None and len(note) > MAX_NOTE_CHARS for note in notes):
        raise InvalidTerm(
            f"A note may have at most {MAX_NOTE_CHARS} characters.",
            f"说明最多 {MAX_NOTE_CHARS} 个字符。",
        )


def list_terms(session: Session, source_lang: str | None = None) -> list[Entry]:
    ensure_seeded(session)
    stmt = select(GlossaryTerm).order_by(GlossaryTerm.source_lang, func.lower(GlossaryTerm.term))
    if source_lang:
        stmt = stmt.where(GlossaryTerm.source_lang == source_lang)
    return [_snapshot(row) for row in session.scalars(stmt)]


def get_term(session: Session, term_id: int) -> Entry:
    row = session.get(GlossaryTerm, term_id)
    if row is None:
        raise TermNotFound(term_id)
    return _snapshot(row)


@dataclass(frozen=True)
class TermPage:
    """One page of a glossary search, with the number of terms that matched in all."""

    terms: list[Entry]
    total: int


def search_terms(
    session: Session,
    query: str = "",
    *,
    source_lang: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> TermPage:
    """Terms whose wording, translation or notes contain `query` (any case), in list order.

    `kind` is "forced" (a forced translation) or "keep" (do not translate); None is both.
    """
    ensure_seeded(session)
    stmt = select(GlossaryTerm)
    if source_lang:
        stmt = stmt.where(GlossaryTerm.source_lang == source_lang)
    if kind == "forced":
        stmt = stmt.where(GlossaryTerm.translation.is_not(None))
    elif kind == "keep":
        stmt = stmt.where(GlossaryTerm.translation.is_(None))
    query = query.strip()
    if query:
        # LIKE wildcards in the query are literal characters to an admin typing a search.
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped.lower()}%"
        stmt = stmt.where(
            func.lower(GlossaryTerm.term).like(pattern, escape="\\")
            | func.lower(func.coalesce(GlossaryTerm.translation, "")).like(pattern, escape="\\")
            | func.lower(GlossaryTerm.note_en).like(pattern, escape="\\")
            | func.lower(GlossaryTerm.note_zh).like(pattern, escape="\\")
        )
    total = int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
    rows = session.scalars(
        stmt.order_by(GlossaryTerm.source_lang, func.lower(GlossaryTerm.term), GlossaryTerm.id)
        .limit(limit)
        .offset(offset)
    )
    return TermPage([_snapshot(row) for row in rows], total)


def add_term(
    session: Session,
    source_lang: str,
    term: str,
    translation: str | None = None,
    *,
    note_en: str = "",
    note_zh: str = "",
) -> Entry:
    """Add a forced translation, or a do-not-translate term when `translation` is None."""
    ensure_seeded(session)
    term, translation = _validate(source_lang, term, translation)
    _validate_notes(note_en, note_zh)
    exists = session.scalar(
        select(GlossaryTerm.id).where(
            GlossaryTerm.source_lang == source_lang, func.lower(GlossaryTerm.term) == term.lower()
        )
    )
    if exists is not None:
        raise TermConflict(term)
    row = GlossaryTerm(
        source_lang=source_lang,
        term=term,
        translation=translation,
        note_en=note_en,
        note_zh=note_zh,
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    session.add(row)
    session.flush()
    _bump(session, "add", row.id, term)
    return _snapshot(row)


# Passed for "leave this field as it is" where None already means something (keep the term).
UNSET: Any = object()


def update_term(
    session: Session,
    term_id: int,
    *,
    term: str | None = None,
    translation: str | None = UNSET,
    note_en: str | None = None,
    note_zh: str | None = None,
) -> Entry:
    """Change fields of a term; `translation=None` turns it into a do-not-translate term."""
    row = session.get(GlossaryTerm, term_id)
    if row is None:
        raise TermNotFound(term_id)
    new_term, new_translation = _validate(
        row.source_lang,
        term if term is not None else row.term,
        row.translation if translation is UNSET else translation,
    )
    _validate_notes(note_en, note_zh)
    if new_term.lower() != row.term.lower():
        clash = session.scalar(
            select(GlossaryTerm.id).where(
                GlossaryTerm.source_lang == row.source_lang,
                func.lower(GlossaryTerm.term) == new_term.lower(),
            )
        )
        if clash is not None:
            raise TermConflict(new_term)
    row.term, row.translation = new_term, new_translation
    if note_en is not None:
        row.note_en = note_en
    if note_zh is not None:
        row.note_zh = note_zh
    row.updated_at = utcnow()
    _bump(session, "update", row.id, row.term)
    return _snapshot(row)


def delete_term(session: Session, term_id: int) -> None:
    row = session.get(GlossaryTerm, term_id)
    if row is None:
        raise TermNotFound(term_id)
    session.delete(row)
    _bump(session, "delete", term_id, row.term)


def expand(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Turn the YAML shape (pairs, aliases, keep) into directional rows."""
    rows: list[dict[str, Any]] = []
    for item in data.get("terms", []):
        notes = {"note_en": item.get("note_en", ""), "note_zh": item.get("note_zh", "")}
        if "keep" in item:
            for lang in SOURCE_LANGS:
                rows.append(
                    {"source_lang": lang, "term": item["keep"], "translation": None, **notes}
                )
            continue
        direction = item.get("direction", "both")
        if direction in ("both", "en_to_zh"):
            for en in [item["en"], *item.get("en_aliases", [])]:
                rows.append({"source_lang": "en", "term": en, "translation": item["zh"], **notes})
        if direction in ("both", "zh_to_en"):
            rows.append(
                {"source_lang": "zh", "term": item["zh"], "translation": item["en"], **notes}
            )
    return rows


def import_terms(session: Session, path: Path | None = None, *, replace: bool = False) -> int:
    """Import a YAML file (the shipped seed when `path` is None); returns rows added or changed.

    Existing terms are updated in place; with `replace`, terms absent from the file are removed.
    """
    text = (
        path.read_text(encoding="utf-8")
        if path is not None
        else resources.files("crosstalk.language").joinpath("glossary_seed.yaml").read_text("utf-8")
    )
    rows = expand(yaml.safe_load(text) or {})
    existing = {(r.source_lang, r.term.lower()): r for r in session.scalars(select(GlossaryTerm))}
    seen: set[tuple[str, str]] = set()
    changed = 0
    for data in rows:
        term, translation = _validate(data["source_lang"], data["term"], data["translation"])
        key = (data["source_lang"], term.lower())
        if key in seen:
            continue
        seen.add(key)
        row = existing.get(key)
        if row is None:
            session.add(
                GlossaryTerm(
                    source_lang=data["source_lang"],
                    term=term,
                    translation=translation,
                    note_en=data["note_en"],
                    note_zh=data["note_zh"],
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
            changed += 1
        elif (row.translation, row.note_en, row.note_zh) != (
            translation,
            data["note_en"],
            data["note_zh"],
        ):
            row.translation = translation
            row.note_en, row.note_zh = data["note_en"], data["note_zh"]
            row.updated_at = utcnow()
            changed += 1
    if replace:
        for key, row in existing.items():
            if key not in seen:
                session.delete(row)
                changed += 1
    session.flush()
    # Even an import that changed nothing records a version, so a fresh DB counts as seeded.
    if changed or current_version(session) == 0:
        _bump(session, "import", None, str(path) if path else "seed")
    return changed


def ensure_seeded(session: Session) -> None:
    """A database whose glossary was never edited gets the shipped seed terms once.

    Migration 0002 seeds new databases; this covers tables created from metadata (tests,
    embedding). A concurrent seeder that won the race is fine: its terms are the same.
    """
    if current_version(session) == 0:
        try:
            with session.begin_nested():
                import_terms(session)
        except IntegrityError:
            pass


# Matching -------------------------------------------------------------------------------

_matchers: dict[tuple[int, str], tuple[re.Pattern[str] | None, dict[str, Entry]]] = {}


def _matcher(
    session: Session, source_lang: str
) -> tuple[int, re.Pattern[str] | None, dict[str, Entry]]:
    ensure_seeded(session)
    version = current_version(session)
    # The edit's timestamp makes the memo key unique even if a database is emptied and its
    # version counter starts again (tests, restores).
    stamp = session.scalar(select(GlossaryVersion.created_at).where(GlossaryVersion.id == version))
    key = (id(session.get_bind()), f"{source_lang}:{version}:{stamp}")
    if key not in _matchers:
        if len(_matchers) > 64:
            _matchers.clear()  # old versions are never asked for again
        entries = {e.term.casefold(): e for e in list_terms(session, source_lang)}
        if not entries:
            _matchers[key] = (None, {})
        else:
            alts = sorted(entries, key=len, reverse=True)
            body = "|".join(re.escape(t) for t in alts)
            regex = (
                rf"(?<![A-Za-z0-9])(?:{body})(?:e?s)?(?![A-Za-z0-9])"
                if source_lang == "en"
                else f"(?:{body})"
            )
            _matchers[key] = (re.compile(regex, re.IGNORECASE), entries)
    pattern, entries = _matchers[key]
    return version, pattern, entries


@dataclass
class Matches:
    """Forced translations as `(start, end, replacement)`, and do-not-translate terms found."""

    forced: list[tuple[int, int, str]]
    keep: list[str]


def find_matches(session: Session, text: str, source_lang: str) -> Matches:
    """Every glossary term occurring in `text` (a source in `en` or `zh`)."""
    _, pattern, entries = _matcher(session, "en" if source_lang == "en" else "zh")
    found_terms = Matches([], [])
    if pattern is None:
        return found_terms
    for m in pattern.finditer(text):
        found = m.group(0)
        entry = entries.get(found.casefold())
        for ending in ("s", "es"):  # matched with a plural ending
            if entry is None and found.lower().endswith(ending):
                entry = entries.get(found[: -len(ending)].casefold())
        if entry is None:
            continue
        if entry.keep:
            # Kept terms stay in the text: the model reads them in context and must copy them.
            found_terms.keep.append(found)
        else:
            found_terms.forced.append((m.start(), m.end(), str(entry.translation)))
    return found_terms
