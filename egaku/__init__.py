"""egaku (描く, "to draw"): a local reasoning-to-image engine with exact text."""

__version__ = "0.1.0"

from .errors import (  # noqa: E402
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
from .pipeline import Generation, generate  # noqa: E402
from .scene import Scene, json_schema  # noqa: E402
from .session import Session  # noqa: E402

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
