"""API: the audit log for moderators (newest first, filtered, paged) and, for admins, the
export (JSON Lines or CSV, with hashes) and a live verification of the chain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from crosstalk.community.models import User
from crosstalk.db.session import session_scope
from crosstalk.safety.audit import log as audit
from crosstalk.safety.audit.models import GENESIS
from crosstalk.web.deps import Db, require_admin, require_moderator
from crosstalk.web.i18n import current_locale

router = APIRouter(tags=["audit"])
Moderator = Annotated[User, Depends(require_moderator)]
Admin = Annotated[User, Depends(require_admin)]


class AuditEntryOut(BaseModel):
    seq: int
    created_at: datetime
    actor_id: int | None
    action: str
    target_type: str
    target_id: str
    details: dict[str, Any]
    hash: str


class AuditPage(BaseModel):
    entries: list[AuditEntryOut]
    next_before: int | None
    head_seq: int
    head_hash: str


class VerifyOut(BaseModel):
    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    first_bad_entry: int | None
    problem: str | None


def filters_from(
    action: str | None, actor_id: int | None, target_type: str | None, target_id: str | None
) -> audit.AuditFilter:
    return audit.AuditFilter(
        action=action or None,
        actor_id=actor_id,
        target_type=target_type or None,
        target_id=target_id or None,
    )


@router.get("/api/v1/review/audit", response_model=AuditPage)
def list_audit(
    db: Db,
    moderator: Moderator,
    action: str | None = Query(default=None, max_length=60),
    actor_id: int | None = Query(default=None, ge=1),
    target_type: str | None = Query(default=None, max_length=30),
    target_id: str | None = Query(default=None, max_length=80),
    before: int | None = Query(default=None, ge=1, description="seq of the last entry seen"),
    limit: int = Query(default=50, ge=1, le=500),
) -> AuditPage:
    rows = audit.entries(
        db,
        filters_from(action, actor_id, target_type, target_id),
        before_seq=before,
        limit=limit,
    )
    head = audit.head(db)
    return AuditPage(
        entries=[
            AuditEntryOut(
                seq=e.seq,
                created_at=e.created_at,
                actor_id=e.actor_id,
                action=e.action,
                target_type=e.target_type,
                target_id=e.target_id,
                details=audit.details_of(e),
                hash=e.hash,
            )
            for e in rows
        ],
        next_before=rows[-1].seq if len(rows) == limit else None,
        head_seq=head.seq if head else 0,
        head_hash=head.hash if head else GENESIS,
    )


def export_response(db: Db, admin: User, fmt: str) -> StreamingResponse:
    """Record the export first (it is an admin action), then stream every entry."""
    audit.record(
        db,
        actor_id=admin.id,
        action="audit.export",
        target_type="audit",
        target_id="web",
        details={"format": fmt},
    )
    db.commit()
    writer = audit.to_jsonl if fmt == "jsonl" else audit.to_csv
    media = "application/x-ndjson" if fmt == "jsonl" else "text/csv; charset=utf-8"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")

    def body() -> Iterator[str]:
        # Its own session: the request's may be closed before a long download ends.
        with session_scope() as session:
            yield from writer(audit.export_rows(session))

    return StreamingResponse(
        body(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="crosstalk-audit-{stamp}.{fmt}"'},
    )


@router.get("/api/v1/admin/audit/export")
def export_audit(
    db: Db, admin: Admin, format: str = Query(default="jsonl", pattern="^(jsonl|csv)$")
) -> StreamingResponse:
    return export_response(db, admin, format)


@router.get("/api/v1/admin/audit/verify", response_model=VerifyOut)
def verify_audit(db: Db, admin: Admin) -> VerifyOut:
    result = audit.verify(db)
    return VerifyOut(
        ok=result.ok,
        entries=result.entries,
        head_seq=result.head_seq,
        head_hash=result.head_hash,
        first_bad_entry=result.problem.seq if result.problem else None,
        problem=result.problem.message(current_locale.get()) if result.problem else None,
    )
