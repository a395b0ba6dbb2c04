"""API: the admin glossary editor (list and search, add, change, delete terms), audited.

The glossary version each change produces is part of every translation's cache key, so the
next translation of a text uses the new wording instead of a cached one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from crosstalk.community.models import User
from crosstalk.language import glossary, glossary_admin
from crosstalk.language.glossary import MAX_NOTE_CHARS, MAX_TERM_CHARS, Entry
from crosstalk.web.deps import Db, require_admin, verify_api_csrf

router = APIRouter(tags=["glossary"], dependencies=[Depends(verify_api_csrf)])
Admin = Annotated[User, Depends(require_admin)]


class TermOut(BaseModel):
    id: int
    source_lang: str
    term: str
    translation: str | None = Field(description="null: a do-not-translate term")
    keep: bool
    note_en: str
    note_zh: str


class GlossaryOut(BaseModel):
    version: int = Field(description="Part of every translation's cache key")
    total: int
    terms: list[TermOut]


class TermChangeOut(BaseModel):
    term: TermOut
    version: int


class DeletedOut(BaseModel):
    deleted: int
    version: int


class TermIn(BaseModel):
    source_lang: Literal["en", "zh"]
    term: str = Field(min_length=1, max_length=MAX_TERM_CHARS)
    translation: str | None = Field(
        default=None, max_length=MAX_TERM_CHARS, description="omit or null: do not translate"
    )
    note_en: str = Field(default="", max_length=MAX_NOTE_CHARS)
    note_zh: str = Field(default="", max_length=MAX_NOTE_CHARS)


class TermUpdate(BaseModel):
    """Fields left out stay as they are; `"translation": null` makes it do-not-translate."""

    term: str | None = Field(default=None, min_length=1, max_length=MAX_TERM_CHARS)
    translation: str | None = Field(default=None, max_length=MAX_TERM_CHARS)
    note_en: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    note_zh: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)


def _out(entry: Entry) -> TermOut:
    return TermOut(
        id=entry.id,
        source_lang=entry.source_lang,
        term=entry.term,
        translation=entry.translation,
        keep=entry.keep,
        note_en=entry.note_en,
        note_zh=entry.note_zh,
    )


@router.get("/api/v1/admin/glossary", response_model=GlossaryOut)
def list_glossary(
    db: Db,
    admin: Admin,
    q: str = Query(default="", max_length=MAX_TERM_CHARS),
    source_lang: Literal["en", "zh"] | None = Query(default=None),
    kind: Literal["forced", "keep"] | None = Query(default=None),
    limit: int = Query(default=100, ge=1, le=500),
    offset: int = Query(default=0, ge=0),
) -> GlossaryOut:
    found = glossary.search_terms(
        db, q, source_lang=source_lang, kind=kind, limit=limit, offset=offset
    )
    version = glossary.current_version(db)
    db.commit()  # a first visit may have seeded the glossary
    return GlossaryOut(version=version, total=found.total, terms=[_out(t) for t in found.terms])


@router.post("/api/v1/admin/glossary", response_model=TermChangeOut, status_code=201)
def add_glossary_term(db: Db, admin: Admin, body: TermIn = Body()) -> TermChangeOut:
    entry = glossary_admin.add(
        db,
        admin.id,
        body.source_lang,
        body.term,
        body.translation,
        note_en=body.note_en,
        note_zh=body.note_zh,
        via="api",
    )
    version = glossary.current_version(db)
    db.commit()
    return TermChangeOut(term=_out(entry), version=version)


@router.put("/api/v1/admin/glossary/{term_id}", response_model=TermChangeOut)
def update_glossary_term(
    term_id: int, db: Db, admin: Admin, body: TermUpdate = Body()
) -> TermChangeOut:
    entry = glossary_admin.update(
        db,
        admin.id,
        term_id,
        term=body.term,
        translation=body.translation if "translation" in body.model_fields_set else glossary.UNSET,
        note_en=body.note_en,
        note_zh=body.note_zh,
        via="api",
    )
    version = glossary.current_version(db)
    db.commit()
    return TermChangeOut(term=_out(entry), version=version)


@router.delete("/api/v1/admin/glossary/{term_id}", response_model=DeletedOut)
def delete_glossary_term(term_id: int, db: Db, admin: Admin) -> DeletedOut:
    glossary_admin.delete(db, admin.id, term_id, via="api")
    version = glossary.current_version(db)
    db.commit()
    return DeletedOut(deleted=term_id, version=version)
