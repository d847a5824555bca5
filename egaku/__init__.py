"""egaku (描く, "to draw"): a local reasoning-to-image engine with exact text."""

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
from .pipeline import Generation, generate
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
    "json_schema",
]
