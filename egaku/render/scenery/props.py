"""Props shared by the settings: rolling hills, round trees, pines (snowy or not), palms,
flowers, the soft shadow under a standing thing, and OpenMoji icons standing on the
ground.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .light import _dark
from .view import _circle_d, _Ctx, _ellipse_d, _p, _Paths, _poly_d


def _icon(code: str, cx: float, base: float, size: float) -> str:
    from ...icons import icon_fragment

    return icon_fragment(code, cx - size / 2, base - size, size, size)


def _hills(ctx: _Ctx, paths: _Paths, colors: Sequence[str], heights: Sequence[float], zs: Sequence[float]) -> None:
    """Rolling hills behind the horizon, far ranges paler."""
    v, rng = ctx.view, ctx.rng
    for col, hgt, z in zip(colors, heights, zs):
        c = ctx.haze(col, z, 600)
        pts = []
        steps = 40
        ph = [rng.uniform(0, 6.28) for _ in range(3)]
        base = v.gy(z) + 1
        for i in range(steps + 1):
            u = i / steps
            e = (
                0.55
                + 0.3 * math.sin(ph[0] + u * 5.1)
                + 0.15 * math.sin(ph[1] + u * 11.3)
                + 0.1 * math.sin(ph[2] + u * 2.3)
            )
            x = v.x0 - v.w * 0.02 + u * v.w * 1.04
            y = base - v.s * v.vsq * hgt * max(0.05, e) / z
            pts.append((x, y))
        paths.add(c, _poly_d([(v.x0 - v.w * 0.02, base), *pts, (v.right + v.w * 0.02, base)]))


def _round_tree(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, leaf: str, trunk: str) -> None:
    """A broadleaf tree: a tapering trunk under a crown of overlapping rounds, with a
    darker rim on the shaded side and its shadow on the ground."""
    v, rng = ctx.view, ctx.rng
    _shadow(ctx, paths, x, z, hgt * 0.3)
    tw = hgt * 0.06
    paths.add(
        ctx.haze(trunk, z),
        _poly_d(
            [
                v.pt(x - tw, 0, z),
                v.pt(x + tw, 0, z),
                v.pt(x + tw * 0.6, hgt * 0.55, z),
                v.pt(x - tw * 0.6, hgt * 0.55, z),
            ]
        ),
    )
    lc, ld = ctx.haze(leaf, z), ctx.haze(_dark(leaf, 0.22), z)
    blobs = [(0.0, 0.66, 0.27), (-0.2, 0.52, 0.2), (0.21, 0.54, 0.19), (0.03, 0.84, 0.19)]
    shapes = []
    for dx, dy, r in blobs:
        cx, cy = v.pt(x + dx * hgt, dy * hgt, z)
        shapes.append((cx, cy, r * hgt * v.s / z * rng.uniform(0.94, 1.06)))
    paths.add(ld, "".join(_circle_d(cx + rr * 0.07, cy + rr * 0.09, rr) for cx, cy, rr in shapes))
    paths.add(lc, "".join(_circle_d(cx - rr * 0.05, cy - rr * 0.06, rr * 0.9) for cx, cy, rr in shapes))


def _pine(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, leaf: str, trunk: str, snow: bool = False) -> None:
    v = ctx.view
    _shadow(ctx, paths, x, z, hgt * 0.28)
    tw = hgt * 0.05
    paths.add(
        ctx.haze(trunk, z),
        _poly_d([v.pt(x - tw, 0, z), v.pt(x + tw, 0, z), v.pt(x + tw, hgt * 0.25, z), v.pt(x - tw, hgt * 0.25, z)]),
    )
    lc, ld = ctx.haze(leaf, z), ctx.haze(_dark(leaf, 0.2), z)
    tiers = ((0.12, 0.55, 0.3), (0.36, 0.8, 0.24), (0.58, 1.0, 0.17))
    for y0, y1, hw in tiers:
        base_l, base_r, tip = v.pt(x - hw * hgt, y0 * hgt, z), v.pt(x + hw * hgt, y0 * hgt, z), v.pt(x, y1 * hgt, z)
        mid = v.pt(x, y0 * hgt, z)
        paths.add(ld, _poly_d([base_l, base_r, tip]))
        paths.add(lc, _poly_d([base_l, mid, tip]))
        if snow:
            s1 = v.pt(x - hw * hgt * 0.45, (y1 - (y1 - y0) * 0.45) * hgt, z)
            s2 = v.pt(x + hw * hgt * 0.45, (y1 - (y1 - y0) * 0.45) * hgt, z)
            s3 = v.pt(x, (y1 - (y1 - y0) * 0.55) * hgt, z)
            paths.add(ctx.haze("#ffffff", z), _poly_d([s1, tip, s2, s3]))


def _shadow(ctx: _Ctx, paths: _Paths, x: float, z: float, rx: float) -> None:
    """A soft contact shadow on the ground under something standing at (x, z)."""
    v = ctx.view
    r = rx * v.s / z
    cold = ctx.layer.setting in ("snowfield", "ice") or ctx.snowy
    paths.add(
        ctx.haze("#4a6a94" if cold else "#1f3a1a", z), _ellipse_d(v.px(x, z), v.gy(z), r, r * v.flat(z) * 0.55), 0.16
    )


def _palm(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, lean: float) -> None:
    """A coconut palm: a curved, ringed trunk and a crown of drooping fronds."""
    v, rng = ctx.view, ctx.rng
    _shadow(ctx, paths, x + lean * 0.5, z, hgt * 0.2)
    steps = 8
    spine = []
    for i in range(steps + 1):
        u = i / steps
        spine.append((x + lean * u * u, hgt * u))
    trunk, ring = ctx.haze("#bb8f60", z), ctx.haze("#a67b4f", z)
    for i in range(steps):
        (xa, ya), (xb, yb) = spine[i], spine[i + 1]
        wa = hgt * (0.05 - 0.018 * i / steps)
        wb = hgt * (0.05 - 0.018 * (i + 1) / steps)
        quad = [
            v.pt(xa - wa, ya, z),
            v.pt(xa + wa, ya, z),
            v.pt(xb + wb, yb + hgt * 0.004, z),
            v.pt(xb - wb, yb + hgt * 0.004, z),
        ]
        paths.add(ring if i % 2 else trunk, _poly_d(quad))
    tx, ty = v.pt(*spine[-1], z)
    size = hgt * v.s * v.vsq / z
    light, dark = ctx.haze("#5cae5a", z), ctx.haze("#3f8a48", z)
    # fronds: spread around the top, drooping toward their tips
    angles = [-172, -150, -124, -98, -74, -50, -26, -6]
    fronds_back: list[str] = []
    fronds_front: list[str] = []
    for k, deg in enumerate(angles):
        a = math.radians(deg + rng.uniform(-5, 5))
        length = size * rng.uniform(0.3, 0.36) * (0.8 if -115 < deg < -65 else 1.0)
        dx, dy = math.cos(a), math.sin(a)
        droop = length * (0.2 + 0.45 * abs(dx))
        tip = (tx + dx * length, ty + dy * length * 0.7 + droop)
        mid = (tx + dx * length * 0.55, ty + dy * length * 0.6 - length * 0.08)
        nx, ny = -dy, dx
        wid = length * 0.2
        d = (
            f"M{_p(tx, ty)}Q{_p(mid[0] + nx * wid, mid[1] + ny * wid)} {_p(*tip)}"
            f"Q{_p(mid[0] - nx * wid, mid[1] - ny * wid)} {_p(tx, ty)}Z"
        )
        (fronds_back if k % 2 else fronds_front).append(d)
    paths.add(dark, "".join(fronds_back))
    paths.add(light, "".join(fronds_front))
    nut = ctx.haze("#6b4a2e", z)
    r = size * 0.028
    paths.add(nut, "".join(_circle_d(tx + o * r * 1.6, ty + r * (1.2 + 0.3 * abs(o)), r) for o in (-1, 0, 1)))


def _flowers(ctx: _Ctx, paths: _Paths, count: int, z_far: float) -> None:
    """Little five-petal flowers on short stems, scattered over the ground (never where
    a character stands), shrinking with depth."""
    v, rng = ctx.view, ctx.rng
    colors = ("#ffffff", "#ffd84d", "#f7a8c4", "#f4f0ff")
    items: list[tuple[float, float, str]] = []
    for _ in range(count * 3):
        if len(items) >= count:
            break
        z = v.z_near * (z_far / v.z_near) ** (rng.random() ** 1.2)
        x = rng.uniform(-1, 1) * v.half(z)
        if abs(x) < 0.9 and z < 2.5:
            continue
        items.append((z, x, rng.choice(colors)))
    for z, x, col in sorted(items, reverse=True):
        sz = v.s / z
        r = 0.034 * sz
        bx, by = v.px(x, z), v.gy(z)
        stem = 0.08 * sz * v.vsq
        paths.add(
            ctx.haze("#4f8a37", z),
            _poly_d([(bx - r * 0.12, by), (bx + r * 0.12, by), (bx + r * 0.12, by - stem), (bx - r * 0.12, by - stem)]),
        )
        cy = by - stem
        ry = r * (0.55 + 0.45 * v.flat(z))
        petals = []
        for k in range(5):
            a = k * 2 * math.pi / 5 - math.pi / 2
            petals.append(_ellipse_d(bx + math.cos(a) * r * 0.9, cy + math.sin(a) * ry * 0.9, r * 0.62, ry * 0.62))
        paths.add(ctx.haze(col, z), "".join(petals))
        paths.add(ctx.haze("#f2a93b" if col != "#ffd84d" else "#e07a2e", z), _ellipse_d(bx, cy, r * 0.42, ry * 0.42))
