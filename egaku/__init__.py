"""egaku (描く, "to draw"): a local reasoning-to-image engine with exact text.

The errors and the version are imported with the package; ``generate``, ``Generation``,
``Session``, ``Scene`` and ``json_schema`` on first use (PEP 562), so that ``egaku --help``
and ``import egaku.cli`` do not pay for the renderer, pydantic and numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__
from .errors import (
    AssetError,
    EgakuError,
    GlyphError,
    InputError,
    LayoutError,
    OutputPathError,
    PromptError,
    SizeError,
    VerifyError,
)

if TYPE_CHECKING:
    from .pipeline import Generation, generate, generate_variants
    from .reflow import resize
    from .scene import Scene, json_schema
    from .session import Session

__all__ = [
    "AssetError",
    "EgakuError",
    "Generation",
    "GlyphError",
    "InputError",
    "LayoutError",
    "OutputPathError",
    "PromptError",
    "Scene",
    "Session",
    "SizeError",
    "VerifyError",
    "__version__",
    "generate",
    "generate_variants",
    "json_schema",
    "resize",
]

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Import the heavy part of the public surface when it is first asked for."""
        if name in ("Generation", "generate", "generate_variants"):
            from . import pipeline as module
        elif name == "resize":
            from . import reflow as module
        elif name in ("Scene", "json_schema"):
            from . import scene as module
        elif name == "Session":
            from . import session as module
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(module, name)
        globals()[name] = value  # once imported, a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))
