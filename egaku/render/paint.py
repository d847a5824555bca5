"""Painting primitives every renderer shares: numbers, fills and exact text as outlines.

:func:`n` prints numbers short and stable (two decimals at most), :func:`paint` turns a
:class:`~egaku.scene.Fill` into SVG paint (gradients in user-space coordinates), and
:func:`glyph_paths` / :func:`outlined_text` draw shaped text as glyph outlines, so what
is measured is exactly what is drawn. The scene renderer (:mod:`.svg`), the charts and
the scenery draw with them.
"""

from __future__ import annotations

import math

from ..scene import Box, Fill, LinearGradient, RadialGradient, Solid
from ..typography import check_coverage, face, measure, shape
from ..typography.shaping import Glyph


def n(v: float) -> str:
    """Short, stable number formatting (2 decimals at most)."""
    r = round(v, 2)
    return str(int(r)) if r == int(r) else f"{r:g}"


def paint(fill: Fill, pid: str, box: Box) -> tuple[str, str]:
    """(defs, paint) for a fill inside ``box``; gradients use user-space coordinates."""
    if isinstance(fill, Solid):
        return "", fill.color
    stops = "".join(
        f'<stop offset="{n(s.offset)}" stop-color="{s.color}"'
        + (f' stop-opacity="{n(s.opacity)}"' if s.opacity < 1 else "")
        + "/>"
        for s in fill.stops
    )
    if isinstance(fill, LinearGradient):
        a = math.radians(fill.angle)
        dx, dy = math.cos(a), math.sin(a)
        # endpoints where the gradient line leaves the box, through its centre
        half = (abs(dx) * box.w + abs(dy) * box.h) / 2
        x1, y1 = box.cx - dx * half, box.cy - dy * half
        x2, y2 = box.cx + dx * half, box.cy + dy * half
        defs = (
            f'<linearGradient id="{pid}" gradientUnits="userSpaceOnUse" x1="{n(x1)}" y1="{n(y1)}" '
            f'x2="{n(x2)}" y2="{n(y2)}">{stops}</linearGradient>'
        )
        return defs, f"url(#{pid})"
    assert isinstance(fill, RadialGradient)
    r = fill.r * max(box.w, box.h)
    defs = (
        f'<radialGradient id="{pid}" gradientUnits="userSpaceOnUse" cx="{n(box.x + fill.cx * box.w)}" '
        f'cy="{n(box.y + fill.cy * box.h)}" r="{n(r)}">{stops}</radialGradient>'
    )
    return defs, f"url(#{pid})"


def glyph_paths(font: str, size: float, glyphs: tuple[Glyph, ...], x0: float, y0: float) -> str:
    """One <path> per glyph of a shaped run whose origin is (x0, y0), in px."""
    f = face(font)
    s = size / f.upem
    out = []
    for g in glyphs:
        d = f.glyph_path(g.gid)
        if d:  # spaces have no outline
            out.append(f'<path transform="matrix({s * g.sx:.5g} 0 0 {-s:.5g} {n(x0 + g.x)} {n(y0 + g.y)})" d="{d}"/>')
    return "".join(out)


def outlined_text(
    text: str, font: str, size: float, x: float, baseline: float, anchor: str = "start", fill: str = "#000000"
) -> str:
    """A single horizontal line of exact text as glyph outlines, for labels drawn by
    renderers (charts, price lists). ``anchor``: start | middle | end at ``x``."""
    check_coverage(text, font)
    run = shape(text, font, size)
    width = measure(text, font, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return f'<g fill="{fill}">{glyph_paths(font, size, run.glyphs, left, baseline)}</g>'
