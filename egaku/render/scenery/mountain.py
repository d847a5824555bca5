"""Mt. Fuji (the ``mountain`` setting).

The cone with its flat, notched top, a shaded flank away from the sun and a snowcap with a
jagged edge of gullies, standing far behind low wooded foothills; in front, fields, and on
half of the seeds a lake that mirrors the mountain upside down, with ripples and a near
shore. Trees stand at the sides of the foreground, keeping the mountain clear.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from .ground import _bands, _puddles, _scatter_row, _tufts
from .light import _mix
from .props import _hills, _pine, _round_tree
from .shapes import _shared_rng, _snowed
from .view import _Ctx, _Paths, _poly_d, _rows

# --------------------------------------------------------------------------- mountain (Mt. Fuji)

_FUJI_Z = 80.0
_FUJI_H = 54.0  # world units at depth _FUJI_Z: the peak stands about a third of H above the horizon at eye level
_LAKE_FAR, _LAKE_NEAR = 34.0, 2.7


def _fuji_width(h: float) -> float:
    """Half-width of the cone (in units of the peak's height) at height fraction ``h``: a
    flat top, steep near it, the slopes spreading in a long concave sweep to the plain."""
    top = 0.1
    return top + (2.05 - top) * (1 - h) ** 1.7 if h < 1 else top


def _fuji_outline(rng: random.Random, steps: int = 22) -> list[tuple[float, float]]:
    """The silhouette in units of the peak's height: (x, y), left foot over the top to the right foot."""
    left = [(-_fuji_width(1 - (i / steps) ** 1.4), 1 - (i / steps) ** 1.4) for i in range(steps, 0, -1)]
    crater = [(-0.1, 1.0), (-0.06, 0.99), (-0.03, 0.995), (0.0, 0.985), (0.04, 0.995), (0.07, 0.99), (0.1, 1.0)]
    right = [(-x, y) for x, y in left[::-1]]
    return [*left, *crater, *right]


def _fuji_snow(rng: random.Random) -> tuple[list[tuple[float, float]], float]:
    """The snowcap: the top of the silhouette and a jagged lower edge of gullies."""
    line = 0.64
    cap = [(x, y) for x, y in _fuji_outline(rng, 40) if y >= line]
    k = 13
    edge = []
    for i in range(k + 1):
        u = -1 + 2 * i / k
        deep = i % 2 == 1
        h = (line - rng.uniform(0.1, 0.2)) if deep else (line + rng.uniform(0.0, 0.06))
        h = max(h, 0.4)
        edge.append((u * _fuji_width(h) * (0.92 if 0 < i < k else 1.0), h))
    edge[0] = cap[0]
    edge[-1] = cap[-1]
    return [*cap, *edge[::-1]], line


def _fuji_shapes(
    ctx: _Ctx, to_screen: Callable[[float, float], tuple[float, float]], mix_to: str | None = None, t: float = 0.0
) -> _Paths:
    rng = _shared_rng(ctx, "fuji")
    paths = _Paths()
    body, shade = "#5a76a8", "#48618f"
    snow, snow_shade = "#f6f9fd", "#d3ddeb"
    if ctx.time == "sunset":
        snow, snow_shade = "#fbe7df", "#dcc0cc"
    z = _FUJI_Z
    cols = [ctx.haze(c, z, 300) for c in (body, shade, snow, snow_shade)]
    if mix_to is not None:
        cols = [_mix(c, mix_to, t) for c in cols]
    outline = _fuji_outline(rng)
    sg = -ctx.sun_side  # the shaded flank is away from the sun

    def scr(pts: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [to_screen(x, y) for x, y in pts]

    paths.add(cols[0], _poly_d(scr(outline)))
    # the shaded flank: from the crater down a ridge a little off the middle
    flank = [(x, y) for x, y in outline if x * sg > 0.02]
    ridge = [(sg * 0.04, 0.99), (sg * 0.16, 0.6), (sg * 0.3, 0.25), (sg * 0.42, 0.0)]
    if sg > 0:
        paths.add(cols[1], _poly_d(scr([*ridge, *flank[::-1]])))
    else:
        paths.add(cols[1], _poly_d(scr([*flank, *ridge])))
    cap, _ = _fuji_snow(rng)
    paths.add(cols[2], _poly_d(scr(cap)))
    half = [(x, y) for x, y in cap if x * sg > 0.03 or (y < 0.98 and x * sg > -0.01)]
    if len(half) > 2:
        paths.add(cols[3], _poly_d(scr([(sg * 0.04, 0.99), *half, (sg * 0.16, 0.6)])))
    return paths


def _mountain_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    lake = _shared_rng(ctx, "lake").random() < 0.5
    grass, grass_far = _snowed("#7cb35a", ctx), _snowed("#97c278", ctx)
    out = [_bands(ctx, grass, grass_far, v.z_near, 400, 10)]
    if lake:
        yf, yn = v.gy(_LAKE_FAR), v.gy(_LAKE_NEAR)
        water_far, water_near = ctx.haze("#7fa9cc", 30, 300), ctx.haze("#4f84b3", 3)
        if ctx.time != "night":
            water_far = _mix(water_far, ctx.sky[2], 0.35)
        lake_paths = _Paths()
        k = 6
        for i in range(k):
            ya, yb = yf + (yn - yf) * (i / k) ** 1.6, yf + (yn - yf) * ((i + 1) / k) ** 1.6
            lake_paths.add(
                _mix(water_far, water_near, (i + 0.5) / k),
                _poly_d([(v.x0, ya), (v.right, ya), (v.right, yb + 1), (v.x0, yb + 1)]),
            )
        # the mountain upside down in the lake, squashed and faint
        sh = v.s * v.vsq * _FUJI_H / _FUJI_Z
        x0 = v.px(_shared_rng(ctx, "fuji-x").uniform(-0.12, 0.12) * v.w / v.s * _FUJI_Z, _FUJI_Z)
        refl = _fuji_shapes(ctx, lambda x, y: (x0 + x * sh, yf + y * sh * 0.9), water_near, 0.45)
        out += [lake_paths.svg(), refl.svg()]
        ripples = _Paths(ordered=False)
        for z in _rows(v, _LAKE_FAR, 1.2, 3):
            if z < _LAKE_NEAR * 1.05:
                continue
            for x in _scatter_row(ctx, z, 3):
                w = v.s / z * rng.uniform(0.4, 0.9)
                t = max(0.7, v.d / z * 0.018)
                y = v.gy(z)
                ripples.add(
                    ctx.haze("#d9ecf7", z, 120),
                    _poly_d(
                        [(v.px(x, z) - w, y), (v.px(x, z) + w, y), (v.px(x, z) + w, y + t), (v.px(x, z) - w, y + t)]
                    ),
                    0.55,
                )
        out.append(ripples.svg())
        # the near shore over the bottom of the reflection
        out.append(_bands(ctx, grass, _mix(grass, grass_far, 0.3), v.z_near, _LAKE_NEAR, 3))
        shore = _Paths()
        t = max(1.0, v.d / _LAKE_NEAR * 0.04)
        shore.add(
            ctx.grade("#6a9a4c" if not ctx.snowy else "#dfe6ec"),
            _poly_d([(v.x0, yn - 1), (v.right, yn - 1), (v.right, yn + t), (v.x0, yn + t)]),
        )
        out.append(shore.svg())
    paths = _Paths(ordered=False)
    tufts = tuple(_snowed(c, ctx, 0.55) for c in ("#5c9a40", "#6aa94b", "#8fc96b"))
    _tufts(ctx, paths, tufts, _LAKE_NEAR if lake else 12, 0.09, 0.8 if not ctx.snowy else 0.3)
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, _LAKE_NEAR if lake else 7, 6)
    return "".join(out) + paths.svg()


def _mountain_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    lake = _shared_rng(ctx, "lake").random() < 0.5
    sh = v.s * v.vsq * _FUJI_H / _FUJI_Z
    x0 = v.px(_shared_rng(ctx, "fuji-x").uniform(-0.12, 0.12) * v.w / v.s * _FUJI_Z, _FUJI_Z)
    base = v.gy(_FUJI_Z) + 1
    out = [_fuji_shapes(ctx, lambda x, y: (x0 + x * sh, base - y * sh)).svg()]
    paths = _Paths()
    # foothills: low, dark, tree-covered, in two ranges
    far_z = _LAKE_FAR + 12 if lake else 40.0
    _hills(ctx, paths, (_snowed("#6f9b8a", ctx, 0.5), _snowed("#55876a", ctx, 0.5)), (2.6, 1.6), (far_z + 14, far_z))
    if not lake:
        _hills(ctx, paths, (_snowed("#6aa05a", ctx, 0.5),), (0.9,), (16.0,))
    # trees in the foreground band, at the sides
    trees = []
    rows = ((2.4, 4),) if lake else ((11.0, 7), (6.0, 4))
    for z0, count in rows:
        half = v.half(z0) * 1.05
        for i in range(count):
            z = z0 * rng.uniform(0.92, 1.06)
            x = -half + (i + rng.uniform(0.2, 0.8)) * 2 * half / count
            # keep the mountain's middle clear: trees stand toward the sides
            if abs(x) < half * 0.45:
                continue
            trees.append((z, x, rng.uniform(1.6, 2.3) * (0.75 if lake else 1.0), rng.random() < 0.65))
    for z, x, hgt, pine in sorted(trees, reverse=True):
        if pine:
            _pine(ctx, paths, x, z, hgt * 1.1, "#3f7350", "#6b4a33", snow=ctx.snowy)
        else:
            _round_tree(ctx, paths, x, z, hgt, "#5f9e4a" if not ctx.snowy else "#a6bfa5", "#7a5538")
    out.append(paths.svg())
    return "".join(out)
