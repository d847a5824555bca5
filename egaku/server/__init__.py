"""egaku servers: the MCP server (egaku mcp) and the studio and HTTP APIs (egaku serve).

``create_app`` (the HTTP server's FastAPI app, :mod:`egaku.server.app`) is imported on
first use, so importing this package, or :mod:`egaku.server.mcp`, never needs FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name == "create_app":
            from .app import create_app

            return create_app
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
