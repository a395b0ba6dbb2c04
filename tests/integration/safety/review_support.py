"""Shared by the review tests: an operator policy that sends every threat to a person.

The shipped policy removes clear threats automatically; operators who want people to decide
threats hold them instead. Policy is data, so the tests configure it the way an operator would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crosstalk.community.accounts import create_account
from crosstalk.community.models import Note, Role, User
from crosstalk.community.notes import NoteInput, create_note
from crosstalk.config import reset_settings_cache
from crosstalk.safety.screening.engine import reset_safety_engine
from crosstalk.safety.screening.policy import default_policy
from tests.helpers import PASSWORD

THREAT_EN = "I know where you live. I am going to come to your house and hurt you."


def write_hold_threats_policy(folder: Path) -> Path:
    text = (
        Path(__file__)
        .parents[3]
        .joinpath("src/crosstalk/safety/screening/policies/default.yaml")
        .read_text("utf-8")
    )
    lines = [ln for ln in text.splitlines() if "id: threat-remove," not in ln]
    out = "\n".join(lines).replace(
        f'version: "{default_policy().version}"', 'version: "hold-threats-1"'
    )
    path = folder / "hold-threats.yaml"
    path.write_text(out, "utf-8")
    return path


@pytest.fixture
def hold_threats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = write_hold_threats_policy(tmp_path)
    monkeypatch.setenv("CROSSTALK_POLICY_PATH", str(path))
    reset_settings_cache()
    reset_safety_engine()
    yield path
    monkeypatch.delenv("CROSSTALK_POLICY_PATH")
    reset_settings_cache()
    reset_safety_engine()


def make_user(
    db: Session, name: str, role: Role = Role.USER, langs: list[str] | None = None
) -> User:
    user = create_account(db, name, PASSWORD, role=role, langs_read=langs or ["en"])
    db.flush()
    return user


def held_note(db: Session, author: User, body: str = THREAT_EN) -> Note:
    note = create_note(db, author, NoteInput(title="A warning", body=body))
    db.flush()
    assert note.state == "held", note.state
    return note
