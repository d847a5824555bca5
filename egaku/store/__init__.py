"""Store: sessions as durable trees of turns (SQLite) and their images as blobs.

The whole store is one class, :class:`Store` in :mod:`.sessions`: the turns table and
the session heads, and the content-addressed PNG blobs they name, written blob first and
row second so a row never names a missing image. ``Store(home, readonly=True)`` reads
without creating or changing a file. Errors: :class:`StoreError` (damaged, busy,
read-only; exit 1), :class:`NoSuchSession` (no such session or turn; exit 2) and
:class:`HeadMoved` (a compare-and-swap ``expect_head=`` lost to another process; exit 1).
"""

from __future__ import annotations

from .sessions import (
    ANY_HEAD,
    BUSY_TIMEOUT_MS,
    GC_AGE_S,
    SCHEMA_VERSION,
    HeadMoved,
    NoSuchSession,
    Store,
    StoreError,
    Turn,
    check_session_name,
    default_home,
)

__all__ = [
    "ANY_HEAD",
    "BUSY_TIMEOUT_MS",
    "GC_AGE_S",
    "SCHEMA_VERSION",
    "HeadMoved",
    "NoSuchSession",
    "Store",
    "StoreError",
    "Turn",
    "check_session_name",
    "default_home",
]
