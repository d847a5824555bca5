"""Ground textures shared by the outdoor settings: flat depth bands fading into the
haze, lateral scatter along a row, grass tufts, and puddles that mirror the sky when it
rains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .light import _mix
from .view import _Ctx, _ellipse_d, _Paths, _poly_d, _rect, _rows


def _bands(ctx: _Ctx, near: str, far: str, z0: float, z1: float, count: int = 7) -> str:
    """The ground between depths z0 (near) and z1 (far) as flat bands, nearest colour at
    z0, moving to ``far`` (and into the haze) toward z1."""
    v = ctx.view
    out = []
    zs = [z0 * (z1 / z0) ** (i / count) for i in range(count + 1)]
    for i in range(count, 0, -1):  # far first; each band overlaps the next nearer one
        za, zb = zs[i - 1], zs[i]
        c = ctx.haze(_mix(near, far, (i - 0.5) / count), math.sqrt(za * zb))
        ya = v.gy(zb) if zb < 1e5 else v.hy
        yb = v.bottom if i == 1 else v.gy(za) + 1
        out.append(_rect(v.x0, ya, v.w, max(0.0, yb - ya), c))
    return "".join(out)


def _scatter_row(ctx: _Ctx, z: float, count: int) -> list[float]:
    """Lateral world positions for ``count`` things on row ``z``, spread across the view."""
    half = ctx.view.half(z) * 1.05
    step = 2 * half / count
    return [-half + (i + ctx.rng.uniform(0.1, 0.9)) * step for i in range(count)]


def _puddles(ctx: _Ctx, paths: _Paths, z0: float, z1: float, count: int) -> None:
    """Wet ground: flat puddles mirroring the sky, foreshortened with depth."""
    v, rng = ctx.view, ctx.rng
    z0 = max(z0, 1.3)
    if z1 <= z0:
        return
    sheen = _mix(ctx.sky[2], "#ffffff", 0.15)
    water = _mix(ctx.sky[2], ctx.sky[1], 0.4)
    for _ in range(count):
        z = z0 * (z1 / z0) ** rng.random()
        x = rng.uniform(-1, 1) * v.half(z)
        rx = v.s / z * rng.uniform(0.16, 0.34)
        ry = rx * v.flat(z) * 0.6
        px, py = v.px(x, z), v.gy(z)
        paths.add(water, _ellipse_d(px, py, rx, ry), 0.6)
        paths.add(sheen, _ellipse_d(px - rx * 0.25, py - ry * 0.2, rx * 0.4, max(0.6, ry * 0.2)), 0.75)


def _tufts(ctx: _Ctx, paths: _Paths, colors: Sequence[str], z_far: float, height: float, density: float) -> None:
    """Grass tufts of three blades in rows at even depths, each tuft placed anywhere in its
    row's band; as many per band as its screen area holds, so a view from above (tall
    bands) is as grassy as one at eye level."""
    v, rng = ctx.view, ctx.rng
    zs = _rows(v, z_far, 0.32)
    for z, z_next in zip(zs, zs[1:]):
        y_near, y_far = v.gy(z), v.gy(z_next)
        spacing = 2.2 * height * v.s / z
        k = max(2, min(40, round(density * v.w * (y_near - y_far) / (spacing * spacing))))
        for x in _scatter_row(ctx, z, k):
            zz = v.zy(rng.uniform(y_far, y_near))
            bx, by = v.px(x * zz / z, zz), v.gy(zz)
            h = height * v.s / zz * v.vsq * rng.uniform(0.7, 1.2)
            wd = h * 0.16
            c = ctx.haze(rng.choice(colors), zz)
            d = []
            for lean in (-0.9, -0.1, 0.8):
                tip = lean * h * 0.45
                hh = h * (1 - abs(lean) * 0.3)
                d.append(_poly_d([(bx - wd + lean * wd * 2, by), (bx + tip, by - hh), (bx + wd + lean * wd * 2, by)]))
            paths.add(c, "".join(d))
