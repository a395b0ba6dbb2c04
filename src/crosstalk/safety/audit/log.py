"""The tamper-evident audit log: appending entries to the hash chain, reading them, exporting
them, and verifying that no entry was edited, inserted or deleted.

Every moderator decision, appeal, account action, policy change, role change and admin action
calls `record`. Entry N stores the SHA-256 of entry N-1; the head row (one per database)
stores the newest number and hash, and appenders take its row lock, so concurrent moderators
extend one chain instead of forking it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosstalk.db.base import utcnow
from crosstalk.safety.audit.models import GENESIS, AuditEntry, AuditHead

log = logging.getLogger("crosstalk.safety.audit.log")
EXPORT_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "details",
    "prev_hash",
    "hash",
)


def canonical(details: dict[str, Any]) -> str:
    """The one JSON text of `details` that is stored and hashed (sorted keys, no spaces)."""
    return json.dumps(
        details, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def entry_hash(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    details: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [seq, created_at.isoformat(timespec="microseconds"), actor_id, action, target_type,
         target_id, details, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """The hash `entry` should have, recomputed from what is stored."""
    return entry_hash(
        seq=entry.seq,
        created_at=entry.created_at,
        actor_id=entry.actor_id,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )


def _take_head(session: Session, *, rebuild: bool = True) -> AuditHead:
    """Lock the head row (the UPDATE holds it until commit) and return it, advanced by one."""
    result = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        if not rebuild:
            raise RuntimeError("the audit chain head could not be created")
        _rebuild_head(session)
        return _take_head(session, rebuild=False)
    head = session.get(AuditHead, 1, populate_existing=True)
    assert head is not None
    return head


def _rebuild_head(session: Session) -> None:
    """The head row is missing (a wiped database): start it again after the newest entry.

    `verify` compares head and chain, and a missing head with entries present is reported
    there; appending must not fail because of it, or moderators could not work.
    """
    last = session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    if last is not None:
        log.warning("audit head missing; restarting it after entry %s", last.seq)
    try:
        with session.begin_nested():
            session.add(
                AuditHead(
                    id=1,
                    seq=last.seq if last else 0,
                    hash=last.hash if last else GENESIS,
                    updated_at=utcnow(),
                )
            )
    except IntegrityError:
        pass  # a concurrent appender created it first; its row is the head now


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction: it commits or rolls back with the action
    it records, so the log never claims something that did not happen."""
    head = _take_head(session)
    now = utcnow()
    text = canonical(details or {})
    entry = AuditEntry(
        seq=head.seq,
        created_at=now,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=text,
        prev_hash=head.hash,
    )
    entry.hash = hash_of(entry)
    session.add(entry)
    head.hash = entry.hash
    head.updated_at = now
    session.flush()
    return entry


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None  # exact, or a prefix ending in "." (e.g. "appeal.")
    actor_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None


def entries(
    session: Session,
    filters: AuditFilter | None = None,
    *,
    before_seq: int | None = None,
    limit: int = 50,
) -> list[AuditEntry]:
    """Newest first, `limit` at a time; pass the last seq as `before_seq` for the next page."""
    f = filters or AuditFilter()
    stmt = select(AuditEntry)
    if f.action:
        stmt = stmt.where(
            AuditEntry.action.startswith(f.action)
            if f.action.endswith(".")
            else AuditEntry.action == f.action
        )
    if f.actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == f.actor_id)
    if f.target_type:
        stmt = stmt.where(AuditEntry.target_type == f.target_type)
    if f.target_id:
        stmt = stmt.where(AuditEntry.target_id == f.target_id)
    if before_seq is not None:
        stmt = stmt.where(AuditEntry.seq < before_seq)
    return list(session.scalars(stmt.order_by(AuditEntry.seq.desc()).limit(limit)))


def details_of(entry: AuditEntry) -> dict[str, Any]:
    try:
        value = json.loads(entry.details)
    except ValueError:
        return {"unreadable": entry.details}
    return value if isinstance(value, dict) else {"value": value}


def as_row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _in_order(session: Session) -> Iterator[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    yield from session.scalars(stmt)


def export_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Every entry, oldest first, with everything needed to re-verify the chain elsewhere."""
    for entry in _in_order(session):
        yield as_row(entry)


def to_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def to_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buf.tell() > 64 * 1024:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def head(session: Session) -> AuditHead | None:
    return session.get(AuditHead, 1)


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    seq: int  # the first entry that is not what the chain says it should be
    kind: str  # edited | missing | relinked | head
    message_en: str
    message_zh: str

    def message(self, locale: str = "en") -> str:
        return self.message_zh if locale.startswith("zh") else self.message_en


@dataclass(frozen=True)
class Verification:
    entries: int
    head_seq: int
    head_hash: str
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _check(entry: AuditEntry, expected_seq: int, prev_hash: str) -> Problem | None:
    if entry.seq != expected_seq:
        return Problem(
            expected_seq,
            "missing",
            f"Entry {expected_seq} is missing: the chain jumps from entry {expected_seq - 1} "
            f"to entry {entry.seq} (deleted entries).",
            f"第 {expected_seq} 条记录缺失：链条从第 {expected_seq - 1} 条直接跳到第 "
            f"{entry.seq} 条（记录被删除）。",
        )
    if hash_of(entry) != entry.hash:
        return Problem(
            entry.seq,
            "edited",
            f"Entry {entry.seq} ({entry.action}, {entry.created_at:%Y-%m-%d %H:%M:%S}) was "
            "edited: its contents no longer match its hash.",
            f"第 {entry.seq} 条记录（{entry.action}，{entry.created_at:%Y-%m-%d %H:%M:%S}）"
            "被修改：内容与其哈希值不符。",
        )
    if entry.prev_hash != prev_hash:
        # The entry is self-consistent, so the one before it was rewritten with a fresh hash
        # (or this one was re-linked): name the earlier one, where the change is.
        bad = entry.seq - 1 if entry.seq > 1 else entry.seq
        return Problem(
            bad,
            "relinked",
            f"Entry {entry.seq} does not follow entry {entry.seq - 1}: entry {bad} was replaced "
            "or rewritten.",
            f"第 {entry.seq} 条记录与第 {entry.seq - 1} 条记录不衔接："
            f"第 {bad} 条记录被替换或重写。",
        )
    return None


def _check_head(the_head: AuditHead | None, last: AuditEntry | None, seen: int) -> Problem | None:
    last_seq = last.seq if last else 0
    if the_head is None:
        if not seen:
            return None
        return Problem(
            last_seq,
            "head",
            "The chain head is missing from the database.",
            "数据库中缺少链头记录。",
        )
    if the_head.seq > last_seq:
        return Problem(
            last_seq + 1,
            "missing",
            f"Entries {last_seq + 1} to {the_head.seq} are missing: the newest entries were "
            "deleted.",
            f"第 {last_seq + 1} 至第 {the_head.seq} 条记录缺失：最新的记录被删除。",
        )
    if the_head.seq != last_seq or the_head.hash != (last.hash if last else GENESIS):
        return Problem(
            last_seq,
            "head",
            f"The chain head (entry {the_head.seq}) does not match the newest entry ({last_seq}).",
            f"链头（第 {the_head.seq} 条）与最新记录（第 {last_seq} 条）不一致。",
        )
    return None


def verify(session: Session, *, expect_head: str | None = None) -> Verification:
    """Walk the chain from the first entry; report the first entry that breaks it.

    `expect_head` is a head hash recorded outside the database earlier (from a previous
    verify or export): the chain must still contain it, which catches a rewrite of the whole
    tail by someone who could also rewrite the head row.
    """
    expected_seq, prev_hash, seen = 1, GENESIS, 0
    found_expected = expect_head is None or expect_head == GENESIS
    problem: Problem | None = None
    last: AuditEntry | None = None
    for entry in _in_order(session):
        seen += 1
        problem = _check(entry, expected_seq, prev_hash)
        if problem is not None:
            break
        found_expected = found_expected or entry.hash == expect_head
        prev_hash, expected_seq, last = entry.hash, expected_seq + 1, entry
    the_head = head(session)
    if problem is None:
        problem = _check_head(the_head, last, seen)
    if problem is None and not found_expected:
        problem = Problem(
            0,
            "head",
            f"The recorded head {expect_head} is not in the chain: it was rewritten.",
            f"记录的链头 {expect_head} 不在链中：日志被重写。",
        )
    return Verification(
        entries=seen,
        head_seq=the_head.seq if the_head else 0,
        head_hash=the_head.hash if the_head else GENESIS,
        problem=problem,
    )
