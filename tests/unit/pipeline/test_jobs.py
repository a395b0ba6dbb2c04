"""The pipeline's handler registry: one handler per job kind, unknown kinds logged not fatal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from crosstalk.pipeline.jobs import HANDLERS, Job, register, run_job


def _echo(session: Session, payload: dict[str, Any]) -> None:
    return None


def _other(session: Session, payload: dict[str, Any]) -> None:
    return None


@pytest.fixture
def kind() -> Iterator[str]:
    yield "test_registry"
    HANDLERS.pop("test_registry", None)


def test_registering_the_same_handler_again_is_harmless(kind: str) -> None:
    register(kind, _echo)
    register(kind, _echo)  # the app factory runs once per app, several times in one process
    assert HANDLERS[kind] is _echo


def test_a_second_handler_for_one_kind_is_refused(kind: str) -> None:
    register(kind, _echo)
    with pytest.raises(ValueError, match="already has a handler: _echo"):
        register(kind, _other)
    assert HANDLERS[kind] is _echo


def test_a_job_nobody_handles_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    run_job(Job("nobody_handles_this"))
    assert "no handler for job" in caplog.text
