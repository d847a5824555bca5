"""Compose: Intent (+ facts) → Scene.

templates  compose(): the design templates (poster, wallpaper, banner, card, post)
layouts    pictures: illustrations, charts, menus, weather and news designs
themes     palettes and moods, found by theme words
base       what they share: colour arithmetic, the safe area, make_scene()
"""

from __future__ import annotations

from .base import contrast, is_caps, is_dark, luminance, make_scene, mix, safe_area, title_tracking
from .templates import TYPE_RATIO, compose
from .themes import DEFAULT_THEME, THEMES, Theme, find_theme

__all__ = [
    "DEFAULT_THEME",
    "THEMES",
    "TYPE_RATIO",
    "Theme",
    "compose",
    "contrast",
    "find_theme",
    "is_caps",
    "is_dark",
    "luminance",
    "make_scene",
    "mix",
    "safe_area",
    "title_tracking",
]
