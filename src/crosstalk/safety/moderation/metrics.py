"""Prometheus numbers of the review queue, read from the database at each scrape; the web
app registers the collector once at start-up (nothing registers on import)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily

from crosstalk.safety.moderation.queue import SOURCES, stats


class _QueueCollector:
    """Queue depth and oldest age, read from the database at each /metrics scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from crosstalk.db.session import session_factory

        depth = GaugeMetricFamily(
            "crosstalk_review_queue_depth", "Open review items", labels=["source"]
        )
        oldest = GaugeMetricFamily(
            "crosstalk_review_queue_oldest_age_seconds", "Age of the oldest open review item"
        )
        try:
            session = session_factory()()
            try:
                s = stats(session)
            finally:
                session.close()
        except Exception:  # no database configured or not migrated yet: report nothing
            return
        for source in SOURCES:
            depth.add_metric([source], s.by_source.get(source, 0))
        oldest.add_metric([], s.oldest_age_s)
        yield depth
        yield oldest

    def describe(self) -> list[GaugeMetricFamily]:
        return []


_REGISTERED: set[int] = set()


def register_queue_metrics(registry: CollectorRegistry = REGISTRY) -> None:
    """Add the queue collector to `registry` once (the app factory may run several times)."""
    if id(registry) in _REGISTERED:
        return
    registry.register(_QueueCollector())
    _REGISTERED.add(id(registry))
