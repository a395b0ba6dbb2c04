"""The embedded default: one worker thread in the web process, a bounded queue, deduplication."""

from __future__ import annotations

import logging
import queue
import threading

from crosstalk.pipeline.jobs import Job, run_job

log = logging.getLogger("crosstalk.pipeline")


class EmbeddedQueue:
    def __init__(self, maxsize: int = 1000) -> None:
        self._queue: queue.Queue[Job | None] = queue.Queue(maxsize=maxsize)
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="crosstalk-worker", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> bool:
        with self._lock:
            if job.dedupe_key and job.dedupe_key in self._pending:
                return False
            try:
                self._queue.put_nowait(job)
            except queue.Full:
                # Back-pressure: readers see originals until the worker catches up.
                log.warning("job queue full; dropping", extra={"kind": job.kind})
                return False
            if job.dedupe_key:
                self._pending.add(job.dedupe_key)
        return True

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                run_job(job)
            finally:
                with self._lock:
                    if job.dedupe_key:
                        self._pending.discard(job.dedupe_key)
                self._queue.task_done()

    def join(self) -> None:
        """Wait until every queued job ran (tests)."""
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
