"""Replacing the enforced policy from the admin UI or API: validated, version-bumped, written
atomically to the operator's policy file, audited with the text's SHA-256, applied at once."""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from crosstalk.community.errors import Conflict, PermissionDenied, ValidationFailed
from crosstalk.community.models import User
from crosstalk.config import get_settings
from crosstalk.safety.audit import log as audit
from crosstalk.safety.errors import PolicyInvalid
from crosstalk.safety.screening.policy import Policy, enforced_policy, parse_policy

MAX_POLICY_CHARS = 500_000


def enforced_policy_text() -> str:
    """The YAML the engine enforces now: the operator's file, else the shipped default."""
    path = get_settings().policy_path
    if path is not None:
        return Path(path).read_text("utf-8")
    return (
        resources.files("crosstalk.safety.screening")
        .joinpath("policies/default.yaml")
        .read_text("utf-8")
    )


def editable() -> bool:
    return get_settings().policy_path is not None


def replace_enforced_policy(session: Session, admin: User, text: str) -> Policy:
    from crosstalk.safety.screening.engine import reset_safety_engine

    if not admin.is_admin:
        raise PermissionDenied("Only admins edit the policy.", "只有管理员可以编辑规则。")
    path = get_settings().policy_path
    if path is None:
        raise Conflict(
            "Set CROSSTALK_POLICY_PATH to a writable file to edit the policy here.",
            "请将 CROSSTALK_POLICY_PATH 设置为可写文件后再在此编辑规则。",
        )
    if not text.strip() or len(text) > MAX_POLICY_CHARS:
        raise ValidationFailed(
            f"The policy must be 1 to {MAX_POLICY_CHARS} characters of YAML.",
            f"规则须为 1 到 {MAX_POLICY_CHARS} 个字符的 YAML。",
            field="yaml",
        )
    try:
        policy = parse_policy(text, source="policy")
    except PolicyInvalid as exc:
        raise ValidationFailed(exc.message_en, exc.message_zh, field="yaml") from None
    before = enforced_policy().version
    if policy.version == before:
        raise ValidationFailed(
            f"Bump the version (it is still {before}): every decision records the version.",
            f"请更新版本号（当前仍为 {before}）：每个决定都会记录规则版本。",
            field="yaml",
        )
    audit.record(
        session,
        actor_id=admin.id,
        action="policy.update",
        target_type="policy",
        target_id=policy.version,
        details={
            "from_version": before,
            "to_version": policy.version,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        },
    )
    _write_atomically(Path(path), text)
    session.commit()  # the file and its audit entry go together
    reset_safety_engine()
    return policy


def _write_atomically(path: Path, text: str) -> None:
    # A crash mid-write must never leave the engine a half-written policy.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".policy-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
