"""The moon's surface and outer space.

``moon``: a black sky with stars and the Earth, grey ground with craters (a raised light
rim and a shaded bowl), ridges and boulders. ``space``: black with stars and no ground at
all (a faint band of the galaxy instead), and for props a ringed planet and a small one.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from .ground import _bands, _scatter_row
from .light import _mix
from .props import _hills
from .shapes import _band_sky, _shared_rng, _stars
from .sky import _star_d
from .view import _circle_d, _Ctx, _ellipse_d, _Paths, _poly_d, _rows

# --------------------------------------------------------------------------- moon


def _moon_sky(ctx: _Ctx) -> str:
    v = ctx.view
    rng = _shared_rng(ctx, "moon-sky")
    out = _band_sky(ctx, ("#020308", "#05070f", "#0d1020"))
    paths = _Paths()
    short = min(v.w, v.h)
    span = max(1.0, v.hy - v.y0)
    _stars(paths, rng, (v.x0, v.y0, v.right, v.hy), round(20 + 50 * span / v.h), short)
    # the Earth: blue with a lit side, land and cloud streaks
    r = min(short * 0.075, span * 0.3)
    ex = v.cx + ctx.sun_side * v.w * 0.27
    ey = v.y0 + max(span * 0.32, r * 1.6)
    paths.add("#6fa8e8", _circle_d(ex, ey, r * 1.35), 0.08)
    paths.add("#2f6fc0", _circle_d(ex, ey, r))
    land = "#5f9b4f"
    paths.add(land, _ellipse_d(ex - r * 0.3, ey - r * 0.15, r * 0.32, r * 0.42))
    paths.add(land, _ellipse_d(ex + r * 0.35, ey + r * 0.3, r * 0.28, r * 0.2))
    for dy, w in ((-0.55, 0.5), (0.05, 0.7), (0.6, 0.45)):
        paths.add("#f4f8ff", _ellipse_d(ex + r * 0.1, ey + r * dy, r * w, r * 0.07), 0.85)
    # night side: a crescent of shadow on the far side from the sun
    sg = ctx.sun_side
    arc = []
    for i in range(17):
        a = -math.pi / 2 + math.pi * i / 16
        arc.append((ex + sg * r * math.cos(a), ey + r * math.sin(a)))
    term = [
        (ex + sg * r * 0.35 * math.cos(a), ey + r * math.sin(a))
        for a in [math.pi / 2 - math.pi * i / 16 for i in range(17)]
    ]
    paths.add("#061024", _poly_d([*arc, *term]), 0.6)
    return out + paths.svg()


def _crater(ctx: _Ctx, paths: _Paths, x: float, z: float, r: float) -> None:
    """A crater of radius ``r`` (world units) at (x, z): a raised light rim and a bowl whose
    wall toward the sun is in shadow, all flattened by depth."""
    v = ctx.view
    rx = r * v.s / z
    ry = rx * v.flat(z)
    cx, cy = v.px(x, z), v.gy(z)
    sg = ctx.sun_side
    paths.add(ctx.haze("#cfcfd3", z, 80), _ellipse_d(cx, cy - ry * 0.1, rx * 1.14, ry * 1.22))
    paths.add(ctx.haze("#6a6a72", z, 80), _ellipse_d(cx, cy, rx, ry))
    paths.add(ctx.haze("#94949b", z, 80), _ellipse_d(cx - sg * rx * 0.16, cy + ry * 0.1, rx * 0.78, ry * 0.74))


def _moon_ctx(ctx: _Ctx) -> _Ctx:
    return dataclasses.replace(ctx, grade=lambda c: c, sky=("#020308", "#05070f", "#55575e"))


def _moon_ground(ctx: _Ctx) -> str:
    ctx = _moon_ctx(ctx)
    v, rng = ctx.view, ctx.rng
    out = _bands(ctx, "#a2a2a8", "#b9b9bd", v.z_near, 400, 8)
    mare = _Paths()
    for _ in range(4):
        z = 3 * (60 / 3) ** rng.random()
        x = rng.uniform(-1, 1) * v.half(z)
        rx = v.s / z * rng.uniform(1.5, 3.5)
        mare.add(ctx.haze("#8f8f96", z, 80), _ellipse_d(v.px(x, z), v.gy(z), rx, rx * v.flat(z) * 0.8), 0.6)
    out += mare.svg()
    paths = _Paths()
    items = []
    for z in _rows(v, 60, 0.7, 4):
        for x in _scatter_row(ctx, z, max(1, round(1.5 + 0.12 * z))):
            if rng.random() < 0.35:
                continue
            r = rng.uniform(0.15, 0.6) * (1 + 0.06 * z)
            if abs(x) < 0.8 + r and z < 2.6:
                continue
            items.append((z, x, r))
    for z, x, r in sorted(items, reverse=True):
        _crater(ctx, paths, x, z, r)
    dots = _Paths(ordered=False)
    for z in _rows(v, 12, 0.35, 4):
        for x in _scatter_row(ctx, z, 3):
            rr = v.s / z * rng.uniform(0.01, 0.025)
            dots.add(ctx.haze("#808087", z, 80), _ellipse_d(v.px(x, z), v.gy(z), rr, rr * max(0.4, v.flat(z))))
    return out + dots.svg() + paths.svg()


def _moon_props(ctx: _Ctx) -> str:
    ctx = _moon_ctx(ctx)
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    # far crater walls and ridges on the horizon
    _hills(ctx, paths, ("#8d8d94", "#a7a7ad"), (5.0, 2.2), (160.0, 60.0))
    # boulders at the sides, lit from the sun's side
    sg = ctx.sun_side
    for z0, fx in ((3.4, 0.75), (6.0, -0.7), (2.2, -0.85)):
        z = z0 * rng.uniform(0.9, 1.1)
        x = fx * sg * v.half(z) * rng.uniform(0.9, 1.05)
        r = rng.uniform(0.25, 0.45)
        pts = []
        k = 7
        for i in range(k + 1):
            a = math.pi * i / k
            rr = r * rng.uniform(0.8, 1.1)
            pts.append((x - math.cos(a) * rr * 1.3, math.sin(a) * rr * 0.9))
        rx = r * 1.5 * v.s / z
        paths.add(
            ctx.haze("#4a4a52", z, 80), _ellipse_d(v.px(x - sg * r * 0.6, z), v.gy(z), rx, rx * v.flat(z) * 0.4), 0.5
        )
        scr = [v.pt(a, b, z) for a, b in pts]
        paths.add(ctx.haze("#777780", z, 80), _poly_d(scr))
        lit = [v.pt(a, b, z) for a, b in pts if (a - x) * sg > -r * 0.2]
        if len(lit) > 2:
            paths.add(
                ctx.haze("#b9b9be", z, 80), _poly_d([v.pt(x, 0, z), *lit]) if sg > 0 else _poly_d([*lit, v.pt(x, 0, z)])
            )
    return paths.svg()


# --------------------------------------------------------------------------- space


def _space_sky(ctx: _Ctx) -> str:
    v = ctx.view
    rng = _shared_rng(ctx, "space-sky")
    out = _band_sky(ctx, ("#03040c", "#0a1030", "#121a44"), v.bottom)
    paths = _Paths()
    short = min(v.w, v.h)
    # a soft nebula along a slanted band through the horizon line
    ang = rng.uniform(-0.35, 0.35)
    blobs = [(v.x0 + v.w * (i + rng.uniform(0.2, 0.8)) / 5, rng.uniform(-0.05, 0.05) * v.h) for i in range(5)]
    # each colour in two nested unions of blobs, fainter outside: a soft edge in few paths
    for col, k, rings in (("#5a3f9c", 1.0, ((1.0, 0.05), (0.6, 0.06))), ("#3d8fb0", 0.5, ((1.0, 0.07),))):
        for f, op in rings:
            r = short * k * 0.2 * f
            d = "".join(_ellipse_d(x, v.hy - v.h * 0.12 + (x - v.cx) * ang + dy, r * 1.6, r) for x, dy in blobs)
            paths.add(col, d, op)
    _stars(paths, rng, (v.x0, v.y0, v.right, v.bottom), round(30 + 70 * v.w * v.h / 1e6), short, 0.15)
    return out + paths.svg()


def _space_ground(ctx: _Ctx) -> str:
    """No ground: subjects float. A faint glow of the galaxy's band and a few far stars."""
    v = ctx.view
    rng = ctx.rng
    paths = _Paths()
    ry = (v.bottom - v.hy) * 0.7 + v.h * 0.08
    for k in (1.0, 0.8, 0.6, 0.4):
        paths.add("#8fa0ff", _ellipse_d(v.cx, v.bottom, v.w * 0.8 * k, ry * k), 0.018)
    _stars(paths, rng, (v.x0, v.hy, v.right, v.bottom), 14, min(v.w, v.h), 0.1)
    return paths.svg()


def _disc(
    paths: _Paths,
    cx: float,
    cy: float,
    r: float,
    base: str,
    shade: str,
    sg: int,
    bands: Sequence[tuple[float, float, str]] = (),
) -> None:
    """A planet: a disc, bands across it (between y fractions -1..1), and the night side."""
    paths.add(base, _circle_d(cx, cy, r))
    for a, b, col in bands:
        pts = []
        for i in range(9):
            t = a + (b - a) * i / 8
            pts.append((cx - r * math.sqrt(max(0.0, 1 - t * t)), cy + r * t))
        for i in range(9):
            t = b - (b - a) * i / 8
            pts.append((cx + r * math.sqrt(max(0.0, 1 - t * t)), cy + r * t))
        paths.add(col, _poly_d(pts))
    arc = [
        (cx - sg * r * math.cos(a), cy + r * math.sin(a)) for a in [-math.pi / 2 + math.pi * i / 16 for i in range(17)]
    ]
    term = [
        (cx - sg * r * 0.3 * math.cos(a), cy + r * math.sin(a))
        for a in [math.pi / 2 - math.pi * i / 16 for i in range(17)]
    ]
    paths.add(shade, _poly_d([*arc, *term]), 0.55)


def _ring(
    cx: float, cy: float, rx: float, ry: float, width: float, tilt: float, front: bool
) -> list[tuple[float, float]]:
    """Half of a flat ring (the front or back half), tilted by ``tilt`` radians."""
    ct, st = math.cos(tilt), math.sin(tilt)

    def at(a: float, k: float) -> tuple[float, float]:
        x, y = rx * k * math.cos(a), ry * k * math.sin(a)
        return cx + x * ct - y * st, cy + x * st + y * ct

    a0, a1 = (0.0, math.pi) if front else (math.pi, 2 * math.pi)
    outer = [at(a0 + (a1 - a0) * i / 20, 1.0) for i in range(21)]
    inner = [at(a1 - (a1 - a0) * i / 20, 1 - width) for i in range(21)]
    return outer + inner


def _space_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    sg = -ctx.sun_side
    short = min(v.w, v.h)
    # the ringed planet, off to one side and above the middle; bigger from below
    r = v.s * rng.uniform(0.2, 0.26)
    px = v.cx + sg * v.w * rng.uniform(0.27, 0.33)
    py = min(v.y0 + v.h * 0.72, max(v.y0 + v.h * 0.24, v.hy - v.s * 0.42))
    tilt = sg * rng.uniform(0.22, 0.38)
    pal = rng.choice(
        (("#e6c48e", "#c9955f", "#f2dcb2"), ("#9fc3e0", "#6d98c2", "#cfe3f2"), ("#e7a98f", "#c77c66", "#f4cdb9"))
    )
    ring_col, ring_dark = _mix(pal[2], "#ffffff", 0.2), _mix(pal[1], "#0a1030", 0.3)
    paths.add(ring_dark, _poly_d(_ring(px, py, r * 2.1, r * 0.5, 0.36, tilt, front=False)), 0.85)
    _disc(
        paths,
        px,
        py,
        r,
        pal[0],
        "#0a1030",
        -1 if sg > 0 else 1,
        ((-0.45, -0.28, pal[1]), (0.05, 0.2, pal[2]), (0.42, 0.55, pal[1])),
    )
    paths.add(ring_col, _poly_d(_ring(px, py, r * 2.1, r * 0.5, 0.36, tilt, front=True)), 0.92)
    paths.add(ring_dark, _poly_d(_ring(px, py, r * 1.75, r * 0.42, 0.06, tilt, front=True)), 0.5)
    # a small planet on the other side, lower
    r2 = v.s * rng.uniform(0.06, 0.085)
    qx = v.cx - sg * v.w * rng.uniform(0.3, 0.38)
    qy = min(v.y0 + v.h * 0.85, max(v.y0 + v.h * 0.12, py + v.h * rng.uniform(-0.28, -0.18)))
    col = rng.choice(("#8fd0c2", "#c98fd8", "#f0a36c"))
    _disc(paths, qx, qy, r2, col, "#0a1030", 1 if sg > 0 else -1, ((-0.3, 0.0, _mix(col, "#ffffff", 0.25)),))
    # a tiny far moon and a shooting star
    paths.add("#d8dcf0", _circle_d(px - sg * r * 2.6, py + r * 0.9, short * 0.012))
    sx, sy = v.x0 + v.w * rng.uniform(0.3, 0.7), v.y0 + v.h * rng.uniform(0.08, 0.2)
    ln = short * 0.12
    paths.add("#fff4d6", _poly_d([(sx, sy), (sx - ln, sy - ln * 0.35), (sx - ln, sy - ln * 0.35 + 1.2)]), 0.6)
    paths.add("#fff4d6", _star_d(sx, sy, short * 0.008))
    return paths.svg()
