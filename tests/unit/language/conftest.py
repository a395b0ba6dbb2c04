"""Fixtures for language tests: model-free translators injected into the service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crosstalk.language import service
from crosstalk.language.backends.fake import FakeReverseTranslator


@pytest.fixture
def fake() -> Iterator[FakeReverseTranslator]:
    """The process-wide translator replaced by the deterministic fake for one test."""
    translator = FakeReverseTranslator()
    service.set_translator(translator)
    yield translator
    service.set_translator(None)
