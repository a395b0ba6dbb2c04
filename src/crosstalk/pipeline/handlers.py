"""Job handlers: background translation of feed titles into readers' languages."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstalk.community.models import Note
from crosstalk.pipeline.jobs import handler

log = logging.getLogger("crosstalk.pipeline")


@handler("translate_titles")
def translate_titles(session: Session, payload: dict[str, Any]) -> None:
    from crosstalk.language import service
    from crosstalk.language.errors import LanguageError

    ids = [int(i) for i in payload.get("note_ids", [])][:50]
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
