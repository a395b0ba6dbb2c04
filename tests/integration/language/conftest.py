"""Fixtures for language integration tests: a real HTTP server with the LibreTranslate API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from tests.integration.language.helpers import ServerThread


@pytest.fixture
def libretranslate_server(sqlite_url: str) -> Iterator[ServerThread]:
    """crosstalk's LibreTranslate-compatible router served over real HTTP on a migrated DB."""
    from crosstalk.web import translation_limits
    from crosstalk.web.api import libretranslate

    app = FastAPI()
    app.include_router(libretranslate.router)
    translation_limits.limiter._hits.clear()
    with ServerThread(app) as server:
        yield server
