"""Velocity counters on the machine's real Redis: same answers as the database store."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
import redis

from crosstalk.config import reset_settings_cache
from crosstalk.safety.screening.surge import RedisCounterStore, counter_store, record_velocity
from tests.conftest import require_service

NOW = datetime(2026, 11, 24, 12, 0, 0)


@pytest.fixture
def store() -> RedisCounterStore:
    require_service("Redis", "127.0.0.1", 6379)
    return RedisCounterStore(redis.Redis.from_url("redis://127.0.0.1:6379/0"))


def test_redis_counts_inside_the_window_and_forgets_old_events(store: RedisCounterStore) -> None:
    author = int(uuid.uuid4().int % 10**9)
    text = f"hello {uuid.uuid4().hex}"
    for minutes in (0, 10, 50):
        counts = record_velocity(
            store,
            author_id=author,
            ip=None,
            text=text,
            now=NOW + timedelta(minutes=minutes),
            window_s=3600,
        )
    assert counts == {"account": 3, "fingerprint": 3}
    later = record_velocity(
        store, author_id=author, ip=None, text=text, now=NOW + timedelta(minutes=65), window_s=3600
    )
    assert later == {"account": 3, "fingerprint": 3}
    # A day later the sorted set has dropped what no window can see.
    store.hit(f"acct:{author}", NOW + timedelta(days=2))
    assert store.client.zcard(store.PREFIX + f"acct:{author}") == 1


def test_settings_pick_the_redis_store(monkeypatch: pytest.MonkeyPatch) -> None:
    require_service("Redis", "127.0.0.1", 6379)
    monkeypatch.setenv("CROSSTALK_VELOCITY_BACKEND", "redis")
    monkeypatch.setenv("CROSSTALK_REDIS_URL", "redis://127.0.0.1:6379/0")
    reset_settings_cache()
    try:
        assert isinstance(counter_store(None), RedisCounterStore)  # type: ignore[arg-type]
    finally:
        monkeypatch.undo()
        reset_settings_cache()
