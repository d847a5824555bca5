"""Store: sessions as durable trees of turns (SQLite) and their images as blobs.

The whole store is one class, :class:`Store` in :mod:`.sessions`: the turns table and
the session heads, and the content-addressed PNG blobs they name, written blob first and
row second so a row never names a missing image.
"""

from __future__ import annotations

from .sessions import BUSY_TIMEOUT_MS, GC_AGE_S, SCHEMA_VERSION, Store, StoreError, Turn

__all__ = ["BUSY_TIMEOUT_MS", "GC_AGE_S", "SCHEMA_VERSION", "Store", "StoreError", "Turn"]
