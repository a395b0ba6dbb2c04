"""Fixtures for tests that drive the app over HTTP (in-process) against a real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crosstalk.web.app import create_app


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def other_client(db_url: str) -> Iterator[TestClient]:
    """A second browser with its own cookies."""
    with TestClient(create_app(), base_url="http://testserver") as c:
        yield c
