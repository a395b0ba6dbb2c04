"""Language work for the background worker: translating feed titles into readers' languages."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.models import Note
from crosstalk.language import service
from crosstalk.language.errors import LanguageError
from crosstalk.pipeline.jobs import Job, register

log = logging.getLogger("crosstalk.pipeline")

TRANSLATE_TITLES = "translate_titles"
# One job translates at most this many titles: a feed page, not the whole database.
MAX_TITLES = 50


def translate_titles_job(note_ids: list[int], target: str) -> Job:
    """The job that caches translations of these notes' titles into `target`."""
    return Job(
        TRANSLATE_TITLES,
        {"note_ids": note_ids, "target": target},
        dedupe_key=f"titles:{target}:{','.join(map(str, note_ids))}",
    )


def translate_titles(session: Session, payload: dict[str, Any]) -> None:
    ids = [int(i) for i in payload.get("note_ids", [])][:MAX_TITLES]
    target = str(payload["target"])
    titles = list(session.scalars(select(Note.title).where(Note.id.in_(ids))))
    for title in titles:
        # One at a time so one refused title does not cost the others.
        try:
            service.translate_text(session, title, target)
            session.commit()
        except LanguageError as exc:
            session.rollback()
            log.info("title not translated", extra={"reason": getattr(exc, "reason", exc.code)})


def register_handlers() -> None:
    """Tell the pipeline which language jobs this package runs."""
    register(TRANSLATE_TITLES, translate_titles)
