"""A small answer cache for the grounding tools: SQLite (WAL) at ``home/cache.sqlite3``.

One row per (tool, key): the JSON value and the wall-clock time it was stored. Each tool
has its own time to live (:data:`TTL_S`); an expired row reads as missing and is deleted
on the next write for that tool. A cache that cannot be opened, read or written (corrupt
file, read-only folder, full disk) is logged and behaves as an empty cache: it never stops
a generation.

The cache answers in offline mode too: reading a stored answer opens no socket.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from egaku.ground.base import Settings

__all__ = ["TTL_S", "Cache", "wall_clock"]

log = logging.getLogger("egaku.ground")

TTL_S: dict[str, float] = {
    "geocoding": 30 * 24 * 3600.0,  # place coordinates do not move
    "forecast": 10 * 60.0,  # Open-Meteo updates current conditions every 15 min
    "search": 10 * 60.0,
}

wall_clock: Callable[[], float] = time.time
"""The clock TTLs are measured on (Unix seconds). Not EGAKU_NOW: that fixes what the
pictures say, while expiry is about when the answer was really fetched."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    tool TEXT NOT NULL,
    key TEXT NOT NULL,
    stored_at REAL NOT NULL,  -- Unix seconds
    value TEXT NOT NULL,      -- JSON object
    PRIMARY KEY (tool, key)
)
"""


class Cache:
    """``get(tool, key)`` / ``put(tool, key, value)`` over one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.broken: str | None = None  # why the cache is off, once it is

    @classmethod
    def for_settings(cls, settings: Settings) -> Cache:
        return cls(settings.home / "cache.sqlite3")

    def get(self, tool: str, key: str) -> dict[str, Any] | None:
        """The stored value, or None when missing, expired or the cache is unusable."""
        ttl = _ttl(tool)
        if self.broken is not None or not self.path.exists():
            return None
        try:
            with _connect(self.path) as conn:
                row = conn.execute(
                    "SELECT stored_at, value FROM answers WHERE tool = ? AND key = ?", (tool, key)
                ).fetchone()
        except (sqlite3.Error, OSError) as e:
            self._give_up(e)
            return None
        if row is None:
            return None
        stored_at, text = row
        age = wall_clock() - float(stored_at)
        if age < 0 or age > ttl:  # a clock that went backwards proves nothing: refetch
            return None
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, tool: str, key: str, value: dict[str, Any]) -> None:
        """Store ``value`` (a JSON-able dict) in one transaction; errors only log."""
        ttl = _ttl(tool)
        if self.broken is not None:
            return
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (ValueError, TypeError, RecursionError) as e:  # not storable: the answer is still used
            log.warning("egaku cache: %s answer not stored (%s)", tool, type(e).__name__)
            return
        now = wall_clock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _connect(self.path) as conn:
                with conn:  # one transaction: the row and the purge land together or not at all
                    conn.execute(
                        "INSERT OR REPLACE INTO answers (tool, key, stored_at, value) VALUES (?, ?, ?, ?)",
                        (tool, key, now, text),
                    )
                    conn.execute("DELETE FROM answers WHERE tool = ? AND stored_at < ?", (tool, now - ttl))
        except (sqlite3.Error, OSError) as e:
            self._give_up(e)

    def _give_up(self, e: BaseException) -> None:
        self.broken = f"{type(e).__name__}: {e}"
        log.warning("egaku cache %s is unusable (%s); going on without it (delete the file to rebuild)", self.path, e)


def _ttl(tool: str) -> float:
    try:
        return TTL_S[tool]
    except KeyError:
        raise ValueError(f"no cache TTL for tool {tool!r}; known: {', '.join(TTL_S)}") from None


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    # sqlite3's own context manager commits but does not close; this one closes.
    conn = sqlite3.connect(path, timeout=5.0)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        yield conn
    finally:
        conn.close()
