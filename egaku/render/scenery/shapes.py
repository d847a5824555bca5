"""Shapes and helpers the later settings share (:mod:`.water`, :mod:`.mountain`,
:mod:`.lunar`, :mod:`.places`, :mod:`.rooms`, :mod:`.open_air`): upright and level
rectangles in the world (:func:`_q`, :func:`_flat_q`), leaves, rods and plain rectangles as
path data, a stepped-band sky (:func:`_band_sky`) and scattered stars (:func:`_stars`), the
indoor lighting of a room (:func:`_indoor`), a random generator the three layers of one
setting agree on (:func:`_shared_rng`), where the sky layer puts the sun (:func:`_sun_x`)
and colours under snow (:func:`_snowed`).
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Sequence

from ..paint import n
from .light import _grader, _mix
from .sky import _star_d
from .view import _circle_d, _Ctx, _p, _Paths, _rect, _View

# --------------------------------------------------------------------------- small helpers


def _q(v: _View, x0: float, x1: float, y0: float, y1: float, z: float) -> list[tuple[float, float]]:
    """An upright rectangle facing the camera at depth ``z`` (world units)."""
    return [v.pt(x0, y0, z), v.pt(x1, y0, z), v.pt(x1, y1, z), v.pt(x0, y1, z)]


def _flat_q(v: _View, x0: float, x1: float, z0: float, z1: float, y: float = 0.0) -> list[tuple[float, float]]:
    """A level rectangle at height ``y`` between depths ``z0`` (near) and ``z1`` (far)."""
    return [v.pt(x0, y, z0), v.pt(x1, y, z0), v.pt(x1, y, z1), v.pt(x0, y, z1)]


def _clamp_pts(v: _View, pts: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep points within a generous margin of the canvas (numbers stay short)."""
    m = 2 * max(v.w, v.h)
    return [(min(v.right + m, max(v.x0 - m, x)), min(v.bottom + m, max(v.y0 - m, y))) for x, y in pts]


def _leaf_d(x0: float, y0: float, x1: float, y1: float, width: float) -> str:
    """A pointed leaf (or frond, or flame) from (x0, y0) to (x1, y1)."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    dx, dy = x1 - x0, y1 - y0
    ln = max(1e-6, math.hypot(dx, dy))
    nx, ny = -dy / ln * width, dx / ln * width
    return f"M{_p(x0, y0)}Q{_p(mx + nx, my + ny)} {_p(x1, y1)}Q{_p(mx - nx, my - ny)} {_p(x0, y0)}Z"


def _capsule(x: float, y0: float, y1: float, r: float) -> str:
    """An upright rod with round ends, from y0 (bottom) to y1 (top)."""
    top, bot = min(y0, y1), max(y0, y1)
    h = max(0.0, bot - top)
    return f"M{_p(x - r, top)}a{n(r)} {n(r)} 0 0 1 {n(2 * r)} 0v{n(h)}a{n(r)} {n(r)} 0 0 1 {n(-2 * r)} 0Z"


def _band_sky(ctx: _Ctx, colors: tuple[str, str, str], y_end: float | None = None) -> str:
    """Stepped bands from the top of the canvas (``colors[0]``) to ``y_end`` (the horizon
    by default), filling the rest with the last colour; opaque over the whole canvas."""
    v = ctx.view
    top, mid, hor = colors
    y_end = v.hy if y_end is None else y_end
    parts = [_rect(v.x0, v.y0, v.w, v.h, hor)]
    span = max(1.0, y_end - v.y0)
    nb = max(8, min(40, round(span / 16)))
    ys = [v.y0 + span * (1 - (1 - i / nb) ** 1.3) for i in range(nb + 1)]
    for i in range(nb):
        t = (i + 0.5) / nb
        c = _mix(top, mid, t / 0.55) if t < 0.55 else _mix(mid, hor, (t - 0.55) / 0.45)
        y0, y1 = round(ys[i]), round(ys[i + 1]) + 1
        parts.append(_rect(v.x0, y0, v.w, y1 - y0, c))
    return "".join(parts)


def _stars(
    paths: _Paths,
    rng: random.Random,
    box: tuple[float, float, float, float],
    count: int,
    short: float,
    big: float = 0.2,
) -> None:
    """Stars scattered over ``box``, gathered into a few paths (one per colour and opacity)."""
    x0, y0, x1, y1 = box
    sky = _Paths(ordered=False)
    for _ in range(count):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        b = rng.random() < big
        r = short * (rng.uniform(0.006, 0.01) if b else rng.uniform(0.0018, 0.0036))
        c = "#fff4d6" if rng.random() < 0.55 else "#dfe8ff"
        sky.add(c, _star_d(x, y, r) if b else _circle_d(x, y, r), 0.95 if b else rng.choice((0.55, 0.8, 0.95)))
    for (fill, op), data in sky.runs:
        paths.add(fill, "".join(data), op)


def _indoor(ctx: _Ctx) -> _Ctx:
    """The context lit like a room: lights on at night, the weather outside."""
    return dataclasses.replace(ctx, grade=_grader("room", ctx.time, ctx.weather))


def _shared_rng(ctx: _Ctx, what: str) -> random.Random:
    """A generator the sky, ground and props layers of one setting agree on."""
    return random.Random(f"egaku-backdrop:{what}:{ctx.layer.setting}:{ctx.layer.seed}")


def _sun_x(ctx: _Ctx) -> float | None:
    """Where the sky layer puts the sun (or the moon at night), or None when it has none."""
    v = ctx.view
    if ctx.time == "night":
        return v.cx + ctx.sun_side * v.w * 0.26 if ctx.weather in ("clear", "cloudy") else None
    if ctx.weather not in ("clear", "cloudy"):
        return None
    return v.cx + ctx.sun_side * v.w * {"sunset": 0.2, "morning": 0.28, "day": 0.3}[ctx.time]


def _snowed(c: str, ctx: _Ctx, t: float = 0.68) -> str:
    return _mix(c, "#eef3f7", t) if ctx.snowy else c


def _rect_d(x: float, y: float, w: float, h: float) -> str:
    return f"M{_p(x, y)}h{n(w)}v{n(h)}h{n(-w)}Z"
