"""The server's bounded work queue: CPU work on a few threads, never an unbounded backlog.

Drawing is CPU work, so it runs on ``workers`` threads beside the event loop, and at most
``max_queue`` jobs wait for one. A job beyond that is refused at once with
:class:`QueueFull`, which says how long to wait (the server answers 429 with
``Retry-After``), instead of piling up requests that would time out anyway.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["QueueFull", "WorkQueue"]


class QueueFull(Exception):
    """Every worker is busy and the queue is full; ``retry_after`` is a guess in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class WorkQueue:
    """``await queue.run(fn, *args)`` runs ``fn`` on a worker thread, or raises QueueFull."""

    def __init__(self, workers: int = 1, max_queue: int = 8) -> None:
        for name, value, low in (("workers", workers, 1), ("max_queue", max_queue, 0)):
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= 1024:
                raise ValueError(f"{name} must be a whole number {low}..1024, not {value!r:.40}")
        self.workers = workers
        self.max_queue = max_queue
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="egaku-work")
        self._lock = threading.Lock()
        self._admitted = 0  # running + waiting
        self._running = 0
        self._mean_s = 2.0  # a running mean of how long a job takes, for Retry-After

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Queue ``fn(*args, **kwargs)``; QueueFull when ``max_queue`` jobs already wait."""
        with self._lock:
            if self._admitted >= self.workers + self.max_queue:
                waiting = self._admitted - self._running
                raise QueueFull(
                    f"egaku is busy: {self._running} job{'s' * (self._running != 1)} running and {waiting} waiting "
                    f"(the queue holds {self.max_queue}); retry in {self._retry_after()} s",
                    self._retry_after(),
                )
            self._admitted += 1
        try:
            future = self._pool.submit(self._timed, fn, *args, **kwargs)
        except BaseException:
            self._release(None)
            raise
        future.add_done_callback(self._release)
        return future

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on a worker; a job cancelled before it starts never runs."""
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "workers": self.workers,
                "running": self._running,
                "waiting": self._admitted - self._running,
                "max_queue": self.max_queue,
            }

    def shutdown(self) -> None:
        """Stop taking jobs; jobs not started yet are cancelled, running ones finish."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _timed(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._lock:
            self._running += 1
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            took = time.perf_counter() - t
            with self._lock:
                self._running -= 1
                self._mean_s = 0.8 * self._mean_s + 0.2 * took

    def _release(self, _future: Future[Any] | None) -> None:
        with self._lock:
            self._admitted -= 1

    def _retry_after(self) -> int:
        """Seconds until a place in the queue is likely free (called with the lock held)."""
        return max(1, min(600, math.ceil(self._mean_s * max(1, self._admitted - self.max_queue) / self.workers)))
