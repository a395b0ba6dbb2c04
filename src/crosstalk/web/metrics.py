"""Prometheus metrics of the web edge (request counts and latencies by route template)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter("crosstalk_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("crosstalk_http_request_seconds", "HTTP request latency", ["method", "route"])


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)
