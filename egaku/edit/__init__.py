"""Edit: instruction → typed edit ops that name their target layers → a new scene.

    interpret(scene, instruction, recent) -> list[EditOp]      rules, JA + EN (interpret)
    apply(scene, ops)                     -> Scene              a small diff to the scene (apply)
    repair.check(before, after, ...)      -> Checked            verify, repair what broke (repair)

The ops themselves are in :mod:`.ops`. An instruction that cannot be resolved raises
:class:`EditQuestion` with a clear question, never a guess. Edits keep the design: a text
moves and grows with its decoration, ornaments and particles keep off the text, and the
edited design is verified and repaired like a generated one.
"""

from __future__ import annotations

from .apply import apply
from .interpret import REDO_WORDS, UNDO_WORDS, interpret
from .ops import (
    AddIcon,
    AddObject,
    BackgroundEffect,
    EditOp,
    EditQuestion,
    Filter,
    Move,
    Recolor,
    Remove,
    ReplaceText,
    Resize,
    SetCamera,
    SetCanvas,
    SetChart,
    SetTheme,
)

__all__ = [
    "REDO_WORDS",
    "UNDO_WORDS",
    "AddIcon",
    "AddObject",
    "BackgroundEffect",
    "EditOp",
    "EditQuestion",
    "Filter",
    "Move",
    "Recolor",
    "Remove",
    "ReplaceText",
    "Resize",
    "SetCamera",
    "SetCanvas",
    "SetChart",
    "SetTheme",
    "apply",
    "interpret",
]
