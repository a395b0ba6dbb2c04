"""Queues without a worker thread: run each job at once (tests, CLI), or drop jobs (off)."""

from __future__ import annotations

from crosstalk.pipeline.jobs import Job, run_job


class InlineQueue:
    def submit(self, job: Job) -> bool:
        run_job(job)
        return True

    def close(self) -> None:
        return None


class DiscardQueue:
    def submit(self, job: Job) -> bool:
        return False

    def close(self) -> None:
        return None
