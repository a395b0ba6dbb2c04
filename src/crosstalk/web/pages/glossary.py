"""Pages: the admins' glossary editor (search, add, edit, delete forced translations and
do-not-translate terms with their notes), showing the glossary version the cache keys use."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from crosstalk.community.models import User
from crosstalk.language import glossary, glossary_admin
from crosstalk.language.errors import GlossaryError
from crosstalk.language.glossary import MAX_NOTE_CHARS, MAX_TERM_CHARS, Entry
from crosstalk.web.deps import Db, require_admin, verify_csrf
from crosstalk.web.i18n import current_locale
from crosstalk.web.i18n import gettext as _
from crosstalk.web.pages.common import field, page

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
Admin = Annotated[User, Depends(require_admin)]
PAGE = 50
BASE = "/review/admin/glossary"


def _form_values(form: FormData) -> dict[str, Any]:
    keep = field(form, "keep") == "on"
    return {
        "source_lang": field(form, "source_lang"),
        "term": field(form, "term"),
        "translation": None if keep else field(form, "translation"),
        "keep": keep,
        "note_en": field(form, "note_en").strip(),
        "note_zh": field(form, "note_zh").strip(),
    }


def _form_of(entry: Entry) -> dict[str, Any]:
    return {
        "source_lang": entry.source_lang,
        "term": entry.term,
        "translation": entry.translation or "",
        "keep": entry.keep,
        "note_en": entry.note_en,
        "note_zh": entry.note_zh,
    }


def _render(
    request: Request,
    db: Db,
    *,
    q: str = "",
    source_lang: str | None = None,
    kind: str | None = None,
    page_no: int = 1,
    form: dict[str, Any] | None = None,
    editing: Entry | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    found = glossary.search_terms(
        db, q, source_lang=source_lang, kind=kind, limit=PAGE, offset=(page_no - 1) * PAGE
    )
    version = glossary.current_version(db)
    db.commit()  # a first visit may have seeded the glossary
    pages = max(1, -(-found.total // PAGE))
    return page(
        request,
        db,
        "glossary.html",
        {
            "tab": "review",
            "terms": found.terms,
            "total": found.total,
            "version": version,
            "filters": {"q": q, "source_lang": source_lang or "", "kind": kind or ""},
            "page_no": page_no,
            "pages": pages,
            "form": form or {"source_lang": "en", "keep": False},
            "editing": editing,
            "error": error,
            "max_term": MAX_TERM_CHARS,
            "max_note": MAX_NOTE_CHARS,
        },
        status_code=status_code,
    )


@router.get(BASE)
def glossary_page(
    request: Request,
    db: Db,
    admin: Admin,
    q: str = Query(default="", max_length=MAX_TERM_CHARS),
    source_lang: Literal["en", "zh", ""] = Query(default="", alias="from"),
    kind: Literal["forced", "keep", ""] = Query(default=""),
    page_no: int = Query(default=1, ge=1, le=10_000, alias="page"),
) -> Response:
    return _render(
        request, db, q=q, source_lang=source_lang or None, kind=kind or None, page_no=page_no
    )


@router.post(BASE)
async def add_term(request: Request, db: Db, admin: Admin) -> Response:
    values = _form_values(await request.form())
    try:
        entry = glossary_admin.add(
            db,
            admin.id,
            values["source_lang"],
            values["term"],
            values["translation"],
            note_en=values["note_en"],
            note_zh=values["note_zh"],
        )
    except GlossaryError as exc:
        db.rollback()
        return _render(
            request,
            db,
            form=values,
            error=exc.message(current_locale.get()),
            status_code=exc.status,
        )
    db.commit()
    request.session["flash"] = _("Added “%(term)s”. Glossary version %(v)s.") % {
        "term": entry.term,
        "v": glossary.current_version(db),
    }
    return RedirectResponse(f"{BASE}?q={quote(entry.term)}", status_code=303)


@router.get(BASE + "/{term_id}")
def edit_form(request: Request, term_id: int, db: Db, admin: Admin) -> Response:
    entry = glossary.get_term(db, term_id)
    return _render(request, db, q=entry.term, form=_form_of(entry), editing=entry)


@router.post(BASE + "/{term_id}")
async def update_term(request: Request, term_id: int, db: Db, admin: Admin) -> Response:
    entry = glossary.get_term(db, term_id)
    values = _form_values(await request.form())
    try:
        updated = glossary_admin.update(
            db,
            admin.id,
            term_id,
            term=values["term"],
            translation=values["translation"],
            note_en=values["note_en"],
            note_zh=values["note_zh"],
        )
    except GlossaryError as exc:
        db.rollback()
        values["source_lang"] = entry.source_lang
        return _render(
            request,
            db,
            q=entry.term,
            form=values,
            editing=entry,
            error=exc.message(current_locale.get()),
            status_code=exc.status,
        )
    db.commit()
    request.session["flash"] = _("Saved “%(term)s”. Glossary version %(v)s.") % {
        "term": updated.term,
        "v": glossary.current_version(db),
    }
    return RedirectResponse(f"{BASE}?q={quote(updated.term)}", status_code=303)


@router.post(BASE + "/{term_id}/delete")
def delete_term(request: Request, term_id: int, db: Db, admin: Admin) -> Response:
    removed = glossary_admin.delete(db, admin.id, term_id)
    db.commit()
    request.session["flash"] = _("Deleted “%(term)s”. Glossary version %(v)s.") % {
        "term": removed.term,
        "v": glossary.current_version(db),
    }
    return RedirectResponse(BASE, status_code=303)
