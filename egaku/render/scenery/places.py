"""A park and a shrine.

``park``: a lawn with a footpath sweeping in from one side, trees, a lamp post and
buildings beyond. ``shrine``: gravel and a stone path leading to a torii, stone lanterns
along the way, the hall behind and Japanese cedars around it.
"""

from __future__ import annotations

import math

from .ground import _bands, _puddles, _scatter_row, _tufts
from .props import _round_tree, _shadow
from .shapes import _clamp_pts, _flat_q, _q, _shared_rng, _snowed
from .view import _circle_d, _Ctx, _ellipse_d, _Paths, _poly_d, _rows

# --------------------------------------------------------------------------- park


def _park_path(ctx: _Ctx) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The footpath's edges as world (x, z) points, near to far: it sweeps in from one side
    at the bottom and curves away toward the trees."""
    v = ctx.view
    rng = _shared_rng(ctx, "park-path")
    sg = rng.choice((-1, 1))
    a = rng.uniform(1.2, 1.8)
    left, right = [], []
    zn = v.z_near * 0.95
    for i in range(24):
        z = zn * (30 / zn) ** (i / 23)
        c = sg * (a * math.cos(min(math.pi, (z - zn) * 0.45)) + 0.3)
        hw = 0.5
        left.append((c - hw, z))
        right.append((c + hw, z))
    return left, right


def _park_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    near, far = _snowed("#78b455", ctx), _snowed("#9cc97a", ctx)
    out = _bands(ctx, near, far, v.z_near, 400, 10)
    paths = _Paths()
    left, right = _park_path(ctx)
    gravel = _snowed("#e2d2b4", ctx, 0.5)
    edge = _snowed("#c9b48f", ctx, 0.4)
    lp = [(v.px(x, z), v.gy(z)) for x, z in left]
    rp = [(v.px(x, z), v.gy(z)) for x, z in right]
    paths.add(
        ctx.haze(edge, 3), _poly_d(_clamp_pts(v, [*[(x - 2, y) for x, y in lp], *[(x + 2, y) for x, y in rp[::-1]]]))
    )
    paths.add(ctx.haze(gravel, 3), _poly_d(_clamp_pts(v, [*lp, *rp[::-1]])))
    k = next((i for i, (_, z) in enumerate(left) if z > 9), len(left) - 1)
    paths.add(ctx.haze(gravel, 20), _poly_d(_clamp_pts(v, [*lp[k:], *rp[k:][::-1]])), 0.6)
    tex = _Paths(ordered=False)
    tufts = tuple(_snowed(c, ctx, 0.55) for c in ("#5c9a40", "#6aa94b", "#8fc96b"))
    _tufts(ctx, tex, tufts, 12, 0.07, 0.45 if not ctx.snowy else 0.2)
    if ctx.wet:
        _puddles(ctx, tex, v.z_near * 1.1, 9, 7)
    _ = rng
    return out + paths.svg() + tex.svg()


def _lamp(ctx: _Ctx, paths: _Paths, x: float, z: float) -> None:
    v = ctx.view
    iron = ctx.haze("#34414a", z)
    _shadow(ctx, paths, x, z, 0.12)
    hgt = 2.1
    paths.add(iron, _poly_d(_q(v, x - 0.05, x + 0.05, 0, 0.22, z)))
    paths.add(iron, _poly_d(_q(v, x - 0.025, x + 0.025, 0, hgt, z)))
    on = ctx.time in ("night", "sunset") or ctx.weather in ("rain", "downpour")
    glass = "#ffe39a" if on else ctx.haze("#dfe9ee", z)
    cx, cy = v.pt(x, hgt + 0.12, z)
    rr = 0.12 * v.s / z
    if on:
        for k, op in ((3.2, 0.08), (2.0, 0.14)):
            paths.add("#ffe6a8", _circle_d(cx, cy, rr * k), op)
    paths.add(glass, _poly_d(_q(v, x - 0.09, x + 0.09, hgt, hgt + 0.26, z)))
    paths.add(iron, _poly_d([v.pt(x - 0.14, hgt + 0.26, z), v.pt(x + 0.14, hgt + 0.26, z), v.pt(x, hgt + 0.38, z)]))
    paths.add(iron, _poly_d(_q(v, x - 0.11, x + 0.11, hgt - 0.03, hgt + 0.01, z)))


def _park_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    # distant buildings over the trees
    zf = 60.0
    x = -v.half(zf) * 1.1
    sky_col = ctx.haze("#95a6ba", zf, 90)
    night = ctx.time == "night"
    lit = _Paths(ordered=False)
    while x < v.half(zf) * 1.1:
        w = rng.uniform(3.5, 7.0)
        hgt = rng.uniform(9, 20)
        if rng.random() < 0.8:
            paths.add(sky_col, _poly_d(_q(v, x, x + w, 0, hgt, zf)))
            if night:
                for _ in range(round(hgt / 3)):
                    wx, wy = x + rng.uniform(0.4, w - 1.0), rng.uniform(2, hgt - 1.5)
                    lit.add("#ffd77a", _poly_d(_q(v, wx, wx + 0.6, wy, wy + 0.7, zf)), 0.8)
        x += w + rng.uniform(0.5, 3.0)
    out_far = paths.svg() + lit.svg()
    paths = _Paths()
    # a row of trees across the far side of the lawn
    trees = []
    for z0, count in ((22.0, 9), (12.0, 5)):
        half = v.half(z0) * 1.05
        for i in range(count):
            z = z0 * rng.uniform(0.9, 1.1)
            tx = -half + (i + rng.uniform(0.15, 0.85)) * 2 * half / count
            trees.append((z, tx, rng.uniform(3.0, 4.2)))
    near_side = rng.choice((-1, 1))
    for z0, f in ((5.5, 0.75), (3.4, 0.92)):
        trees.append((z0 * rng.uniform(0.95, 1.05), near_side * v.half(z0) * f, rng.uniform(2.8, 3.3)))
    leafs = ("#5fa347", "#6aad52", "#77b65a")
    for z, tx, hgt in sorted(trees, reverse=True):
        _round_tree(ctx, paths, tx, z, hgt, _snowed(rng.choice(leafs), ctx, 0.55), "#7a5538")
    # a lamp post beside the path; no bench: a bench is a thing people ask for by name, and
    # the scenery must not draw a second one that no edit can reach (the draws keep the seed's
    # other choices where they were)
    rng.uniform(2.9, 3.4)
    rng.uniform(0.55, 0.65)
    lz = rng.uniform(2.1, 2.5)
    _lamp(ctx, paths, near_side * v.half(lz) * rng.uniform(0.6, 0.72), lz)
    return out_far + paths.svg()


# --------------------------------------------------------------------------- shrine

_TORII_Z = 5.2
_HALL_Z = 13.0


def _shrine_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    out = _bands(ctx, _snowed("#cfc6b6", ctx), _snowed("#d9d1c2", ctx), v.z_near, 400, 8)
    # gravel grain
    grain = _Paths(ordered=False)
    for z in _rows(v, 14, 0.3, 4):
        for x in _scatter_row(ctx, z, max(4, round(4 + 0.8 * z))):
            r = v.s / z * rng.uniform(0.008, 0.016)
            grain.add(
                ctx.haze(_snowed("#b5ab9a", ctx, 0.5), z), _ellipse_d(v.px(x, z), v.gy(z), r, r * max(0.4, v.flat(z)))
            )
    # the stone path to the hall: two stones abreast per row, rows at even depths
    stones = _Paths()
    stone, joint = _snowed("#a9a59d", ctx, 0.4), _snowed("#8b877f", ctx, 0.4)
    hw = 0.65
    z_far = _HALL_Z - 1.5
    stones.add(ctx.haze(joint, 4), _poly_d(_clamp_pts(v, _flat_q(v, -hw - 0.05, hw + 0.05, v.z_near * 0.9, z_far))))
    z = v.z_near * 0.9
    row = 0
    while z < z_far:
        depth = 0.42
        z1 = min(z_far, z + depth)
        gap = 0.03
        split = 0.15 if row % 2 else -0.15
        for xa, xb in ((-hw, split - gap), (split + gap, hw)):
            q = _flat_q(v, xa, xb, z + gap, z1 - gap)
            if q[0][1] - q[3][1] < 0.8:
                continue
            stones.add(ctx.haze(stone, z), _poly_d(_clamp_pts(v, q)))
        z = z1
        row += 1
        if v.gy(z) - v.gy(z + depth) < 2:
            break
    if ctx.wet:
        _puddles(ctx, grain, v.z_near * 1.1, 9, 6)
    return out + grain.svg() + stones.svg()


def _cedar(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float) -> None:
    """A Japanese cedar (sugi): a tall straight trunk and a narrow, jagged conical crown."""
    v, rng = ctx.view, ctx.rng
    trunk = ctx.haze("#7a4b34", z, 80)
    leaf, dark = ctx.haze(_snowed("#2f5e3e", ctx, 0.3), z, 80), ctx.haze(_snowed("#244b32", ctx, 0.3), z, 80)
    tw = hgt * 0.028
    paths.add(
        trunk,
        _poly_d(
            [v.pt(x - tw, 0, z), v.pt(x + tw, 0, z), v.pt(x + tw * 0.5, hgt * 0.5, z), v.pt(x - tw * 0.5, hgt * 0.5, z)]
        ),
    )
    k = 7
    left, right = [], []
    for i in range(k + 1):
        u = i / k
        y = hgt * (0.22 + 0.78 * u)
        w = hgt * 0.15 * (1 - u) ** 0.9
        jag = w * rng.uniform(0.2, 0.35)
        left += [(x - w - jag, y), (x - w * 0.55, y + hgt * 0.05)]
        right += [(x + w + jag, y), (x + w * 0.55, y + hgt * 0.05)]
    pts = [v.pt(a, b, z) for a, b in [*left, (x, hgt * 1.03), *right[::-1]]]
    paths.add(leaf, _poly_d(pts))
    paths.add(
        dark, _poly_d([v.pt(x, hgt * 1.03, z), *[v.pt(a, b, z) for a, b in right[::-1]][::-1], v.pt(x, hgt * 0.22, z)])
    )


def _torii(ctx: _Ctx, paths: _Paths, z: float, hw: float, hgt: float) -> None:
    """A myōjin torii: two pillars leaning slightly inward, the nuki beam through them, a
    short strut, and the kasagi on top, black over vermilion, its ends sweeping up."""
    v = ctx.view
    red, red_d = ctx.haze("#d8432c", z), ctx.haze("#b23422", z)
    black = ctx.haze("#2a2626", z)
    pw = hgt * 0.055
    lean = hgt * 0.03
    for sgn in (-1, 1):
        xb, xt = sgn * hw, sgn * (hw - lean)
        paths.add(
            red,
            _poly_d(
                [
                    v.pt(xb - pw, 0, z),
                    v.pt(xb + pw, 0, z),
                    v.pt(xt + pw * 0.85, hgt * 0.86, z),
                    v.pt(xt - pw * 0.85, hgt * 0.86, z),
                ]
            ),
        )
        paths.add(
            red_d,
            _poly_d(
                [
                    v.pt(xb + pw * 0.25, 0, z),
                    v.pt(xb + pw, 0, z),
                    v.pt(xt + pw * 0.85, hgt * 0.86, z),
                    v.pt(xt + pw * 0.2, hgt * 0.86, z),
                ]
            ),
        )
        paths.add(black, _poly_d(_q(v, xb - pw * 1.25, xb + pw * 1.25, 0, hgt * 0.08, z)))
    # nuki: the lower beam, passing through the pillars and out a little
    ny = hgt * 0.66
    paths.add(red, _poly_d(_q(v, -hw - pw * 2.6, hw + pw * 2.6, ny, ny + hgt * 0.07, z)))
    paths.add(red_d, _poly_d(_q(v, -hw - pw * 2.6, hw + pw * 2.6, ny, ny + hgt * 0.018, z)))
    # gakuzuka: the strut in the middle
    paths.add(red, _poly_d(_q(v, -pw * 0.7, pw * 0.7, ny + hgt * 0.07, hgt * 0.86, z)))
    # shimaki (vermilion) under the kasagi (black), both curving up at the ends
    span = hw + pw * 4.2
    low, top = [], []
    for i in range(13):
        u = -1 + 2 * i / 12
        lift = hgt * 0.075 * abs(u) ** 3.2
        low.append((u * span, hgt * 0.86 + lift))
        top.append((u * span * (1 + 0.04 * abs(u)), hgt * 0.98 + lift * 1.3 + hgt * 0.02 * abs(u) ** 4))
    mid = [(x, y + hgt * 0.05) for x, y in low]
    paths.add(red, _poly_d([v.pt(a, b, z) for a, b in [*low, *mid[::-1]]]))
    paths.add(black, _poly_d([v.pt(a, b, z) for a, b in [*mid, *top[::-1]]]))


def _lantern(ctx: _Ctx, paths: _Paths, x: float, z: float) -> None:
    """A stone lantern (tōrō): plinth, post, light box, a wide roof and a bud on top."""
    v = ctx.view
    st, st_d = ctx.haze(_snowed("#a39e94", ctx, 0.3), z), ctx.haze("#7f7a71", z)
    _shadow(ctx, paths, x, z, 0.28)
    for y0, y1, w in ((0.0, 0.1, 0.24), (0.1, 0.5, 0.07), (0.5, 0.58, 0.19), (0.58, 0.8, 0.14)):
        paths.add(st, _poly_d(_q(v, x - w, x + w, y0, y1, z)))
        paths.add(st_d, _poly_d(_q(v, x + w * 0.45, x + w, y0, y1, z)))
    glow = "#ffd98a" if ctx.time in ("night", "sunset") else ctx.haze("#4c4740", z)
    paths.add(glow, _poly_d(_q(v, x - 0.07, x + 0.07, 0.62, 0.76, z)))
    roof = [
        v.pt(x - 0.3, 0.8, z),
        v.pt(x + 0.3, 0.8, z),
        v.pt(x + 0.2, 0.88, z),
        v.pt(x, 0.96, z),
        v.pt(x - 0.2, 0.88, z),
    ]
    paths.add(_snowed(st, ctx, 0.6) if ctx.snowy else st, _poly_d(roof))
    bx, by = v.pt(x, 1.0, z)
    paths.add(st, _circle_d(bx, by, 0.04 * v.s / z))


def _hall(ctx: _Ctx, paths: _Paths, z: float) -> None:
    """The shrine's hall seen from the front: stone base, wooden walls and posts, a wide
    roof with sweeping eaves and crossed chigi at the ridge."""
    v = ctx.view
    w = 5.2
    wood, wood_d = ctx.haze("#9a4a32", z, 80), ctx.haze("#6e3323", z, 80)
    wall = ctx.haze("#efe4cf", z, 80)
    roof, roof_l = ctx.haze(_snowed("#4e5a57", ctx, 0.6), z, 80), ctx.haze(_snowed("#66736f", ctx, 0.6), z, 80)
    stone = ctx.haze("#b0a898", z, 80)
    paths.add(stone, _poly_d(_q(v, -w * 0.55, w * 0.55, 0, 0.35, z)))
    paths.add(wall, _poly_d(_q(v, -w * 0.45, w * 0.45, 0.35, 1.7, z)))
    for px in (-0.45, -0.15, 0.15, 0.45):
        paths.add(wood, _poly_d(_q(v, w * px - 0.08, w * px + 0.08, 0.35, 1.75, z)))
    paths.add(wood_d, _poly_d(_q(v, -w * 0.12, w * 0.12, 0.35, 1.25, z)))
    paths.add(wood, _poly_d(_q(v, -w * 0.47, w * 0.47, 1.62, 1.76, z)))
    # the roof: a curved lower edge sweeping up at the eaves, a tall hipped top
    eave, ridge = [], []
    for i in range(13):
        u = -1 + 2 * i / 12
        eave.append((u * w * 0.78, 1.68 + 0.22 * abs(u) ** 2.5))
    for i in range(13):
        u = 1 - 2 * i / 12
        ridge.append((u * w * 0.42, 3.0 - 0.05 * abs(u)))
    pts = [v.pt(a, b, z) for a, b in [*eave, (w * 0.78, 2.0), *ridge, (-w * 0.78, 2.0)]]
    paths.add(roof, _poly_d(pts))
    paths.add(roof_l, _poly_d([v.pt(a, b, z) for a, b in [*eave, *[(x, y + 0.12) for x, y in eave[::-1]]]]))
    for sgn in (-1, 1):
        cx = sgn * w * 0.42
        paths.add(
            wood_d,
            _poly_d(
                [
                    v.pt(cx, 2.95, z),
                    v.pt(cx + sgn * 0.05, 2.95, z),
                    v.pt(cx - sgn * 0.3, 3.45, z),
                    v.pt(cx - sgn * 0.38, 3.45, z),
                ]
            ),
        )
    for k in range(3):
        kx = -0.6 + 0.6 * k
        paths.add(wood_d, _poly_d(_q(v, kx - 0.16, kx + 0.16, 3.0, 3.1, z)))


def _shrine_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    # a grove of cedars behind, in two ranks, thinning in the middle behind the hall
    trees = []
    for z0, count in ((34.0, 12), (22.0, 8)):
        half = v.half(z0) * 1.1
        for i in range(count):
            z = z0 * rng.uniform(0.92, 1.08)
            x = -half + (i + rng.uniform(0.15, 0.85)) * 2 * half / count
            trees.append((z, x, rng.uniform(7.5, 10.5)))
    for z, x, hgt in sorted(trees, reverse=True):
        _cedar(ctx, paths, x, z, hgt)
    _hall(ctx, paths, _HALL_Z)
    side = []
    for z0 in (9.0, 6.5):
        for sgn in (-1, 1):
            z = z0 * rng.uniform(0.95, 1.05)
            side.append((z, sgn * v.half(z) * rng.uniform(0.7, 0.9), rng.uniform(4.5, 6.0)))
    for z, x, hgt in sorted(side, reverse=True):
        _cedar(ctx, paths, x, z, hgt)
    _torii(ctx, paths, _TORII_Z, 1.25, 2.9)
    for z in (3.2, 2.3):
        for sgn in (-1, 1):
            _lantern(ctx, paths, sgn * (1.25 + 0.12 * z), z)
    return paths.svg()
