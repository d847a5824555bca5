"""Shaping with HarfBuzz: the same glyphs and positions are measured and drawn.

Positions are in px with y pointing down (SVG). A horizontal run's origin is the pen
start on the baseline; a vertical run's origin is the top centre of its column.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from .fonts import face


@dataclass(frozen=True)
class Glyph:
    gid: int
    x: float  # glyph origin, px from the run origin
    y: float
    cluster: int


@dataclass(frozen=True)
class Run:
    text: str
    glyphs: tuple[Glyph, ...]
    advance: float  # px along the line (x) or column (y)


def _is_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


@lru_cache(maxsize=4096)
def shape(text: str, face_key: str, size: float, vertical: bool = False, tracking: float = 0.0) -> Run:
    """Shape one line (or one vertical column) of ``text`` at ``size`` px.

    Horizontal CJK text uses ``palt`` (proportional metrics) for tight, even titles;
    vertical text uses HarfBuzz's ``ttb`` direction, which applies the font's ``vert``
    forms (「」、。 turned for columns).
    """
    f = face(face_key)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    features: dict[str, bool] = {"kern": True}
    if vertical:
        buf.direction = "ttb"
    elif _is_cjk(text):
        features["palt"] = True
    hb.shape(f.font, buf, features)
    scale = size / f.upem
    track = tracking * size
    glyphs: list[Glyph] = []
    pen_x = pen_y = 0.0  # font units, y up
    extra = 0.0  # tracking, px
    n = len(buf.glyph_infos)
    for i, (info, pos) in enumerate(zip(buf.glyph_infos, buf.glyph_positions)):
        if vertical:
            gx = pos.x_offset * scale
            gy = -(pen_y + pos.y_offset) * scale + extra
        else:
            gx = (pen_x + pos.x_offset) * scale + extra
            gy = -pos.y_offset * scale
        glyphs.append(Glyph(info.codepoint, gx, gy, info.cluster))
        pen_x += pos.x_advance
        pen_y += pos.y_advance
        if i < n - 1:
            extra += track
    advance = (-pen_y if vertical else pen_x) * scale + extra
    return Run(text=text, glyphs=tuple(glyphs), advance=advance)


def measure(text: str, face_key: str, size: float, vertical: bool = False, tracking: float = 0.0) -> float:
    """Advance of ``text`` in px, exactly as it will be drawn (spaces at the ends ignored)."""
    stripped = text.strip(" ")
    if not stripped:
        return 0.0
    return shape(stripped, face_key, size, vertical, tracking).advance
