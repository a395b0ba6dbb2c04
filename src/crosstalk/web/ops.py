"""Operations endpoints: liveness, readiness (database reachable and migrated), Prometheus metrics,
and media files."""

from __future__ import annotations

import logging
import mimetypes

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import or_, select, text

from crosstalk.community.models import Note, NoteImage, Visibility
from crosstalk.community.visibility import can_view_note
from crosstalk.config import get_settings
from crosstalk.db.migrate import pending
from crosstalk.db.session import get_engine
from crosstalk.web.deps import Db, MaybeUser

router = APIRouter(tags=["ops"])
log = logging.getLogger("crosstalk.ops")


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz() -> Response:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        missing = pending()
    except Exception as exc:
        log.warning("not ready", extra={"error": str(exc)})
        return JSONResponse({"status": "unavailable", "database": "error"}, status_code=503)
    if missing:
        # Serving old tables with new code loses writes; say so until `crosstalk migrate` ran.
        return JSONResponse(
            {"status": "unavailable", "database": "not migrated", "pending": sorted(missing)},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.get("/media/{path:path}")
def media(path: str, db: Db, viewer: MaybeUser) -> Response:
    """A stored picture; a note's pictures only for those who may see the note (a held or
    removed note's images must not stay reachable by their URL)."""
    root = get_settings().media_dir.resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise HTTPException(404)
    image = db.scalar(
        select(NoteImage).where(or_(NoteImage.path == path, NoteImage.thumb_path == path))
    )
    public = True
    if image is not None:
        note = db.get(Note, image.note_id)
        if note is None or not can_view_note(note, viewer):
            raise HTTPException(404)
        public = note.state == Visibility.VISIBLE.value
    ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(
        target,
        media_type=ctype,
        headers={
            # Shared caches may keep public pictures; a restricted note's stay private.
            "Cache-Control": "public, max-age=31536000, immutable"
            if public
            else "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
