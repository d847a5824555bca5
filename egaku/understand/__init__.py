"""Understand: prompt → Intent, by rules (Japanese and English).

intent     the Intent and the Trace (the vocabulary the later stages read)
rules      the rule planner: kind, canvas, quoted texts, size, position, theme, subjects
picture    characters, settings, camera, charts, menus and the roles of the texts
subjects   the picture planner: a request → a PicturePlan (read_plan), and the subjects an
           edit instruction names (named_subjects), built on:
vocab      its word tables (numbers, counters, sizes, actions, relations, styles, events, stop words)
mentions   its words and the library subjects they name (MeCab / a word pattern, common nouns)
modifiers  counts, colours, sizes and actions, each given to the thing it is said of
relations  how the things named stand to each other and to the setting
grounding  which live facts a request needs (read_needs), and the stage that looks
           them up with the tools in :mod:`egaku.ground` (ground)
"""

from __future__ import annotations

from .intent import Character, ChartSpec, Garment, Intent, MenuItem, Trace
from .rules import (
    KIND_BY_NAME,
    KINDS,
    MAX_PROMPT_CHARS,
    MAX_SIDE,
    MIN_SIDE,
    Kind,
    clean_prompt,
    parse_aspect,
    parse_size,
    quoted,
    understand,
)

__all__ = [
    "KINDS",
    "KIND_BY_NAME",
    "MAX_PROMPT_CHARS",
    "MAX_SIDE",
    "MIN_SIDE",
    "Character",
    "ChartSpec",
    "Garment",
    "Intent",
    "Kind",
    "MenuItem",
    "Trace",
    "clean_prompt",
    "parse_aspect",
    "parse_size",
    "quoted",
    "understand",
]
