"""The sea and underwater.

``sea``: open water to the horizon in bands, rows of waves (a dark trough under a light
crest) crowding toward it, a path of glitter under the sun or moon, a distant island, a
sail now and then and gulls. ``underwater``: the "sky" is water lit from the surface, the
ground a sandy seabed fading into the blue, and the props light rays, rocks, seaweed, fish
and bubbles, all tinted and hazed by the water.
"""

from __future__ import annotations

import dataclasses
import math

from ..paint import n
from .ground import _bands, _scatter_row
from .light import _SKY_WEATHER, _mix, _rgb
from .shapes import _band_sky, _shared_rng, _snowed, _sun_x
from .sky import _star_d
from .view import _circle_d, _Ctx, _ellipse_d, _p, _Paths, _poly_d, _rect, _rows, _stepped_d

# --------------------------------------------------------------------------- sea


def _sea_waves(ctx: _Ctx) -> str:
    """Waves in rows at even depths: a dark trough under a light crest, short and flat far
    away, longer and taller near."""
    v, rng = ctx.view, ctx.rng
    trough, crest = ("#24608c", "#bfe3f2") if not ctx.wet else ("#2b5573", "#a8c3d2")
    troughs, crests = _Paths(ordered=False), _Paths(ordered=False)
    for z in _rows(v, 240, 0.6, 3):
        count = max(3, round(3 + 0.6 * z))
        for x in _scatter_row(ctx, z, count):
            w = v.s / z * rng.uniform(0.35, 0.65)
            t = max(0.8, v.d / z * 0.065 * rng.uniform(0.8, 1.2))
            bx, by = v.px(x, z), v.gy(z)
            troughs.add(
                ctx.haze(trough, z, 240),
                f"M{_p(bx - w, by)}Q{_p(bx, by + t * 2.2)} {_p(bx + w, by)}Q{_p(bx, by + t * 0.7)} {_p(bx - w, by)}Z",
            )
            cw = w * 0.62
            crests.add(
                ctx.haze(crest, z, 240),
                f"M{_p(bx - cw, by)}Q{_p(bx + cw * 0.1, by - t * 1.6)} {_p(bx + cw, by)}"
                f"Q{_p(bx + cw * 0.1, by - t * 0.5)} {_p(bx - cw, by)}Z",
                0.85,
            )
    return troughs.svg() + crests.svg()


def _sea_ground(ctx: _Ctx) -> str:
    v = ctx.view
    near, far = ("#2d6f9e", "#4c93c2") if not ctx.wet else ("#35617f", "#4d7892")
    return _bands(ctx, near, far, v.z_near, 400, 10)


def _glitter(ctx: _Ctx, paths: _Paths, sx: float, color: str, opacity: float) -> None:
    """A path of light on water under the sun or moon at screen x ``sx``: short dashes in
    rows, wider and further apart toward the viewer."""
    v, rng = ctx.view, ctx.rng
    for z in _rows(v, 300, 0.45, 2.5):
        spread = v.w * (0.015 + 0.05 / max(1.0, math.sqrt(z)))
        for _ in range(2 if z < 6 else 1):
            cx = sx + (v.cx - sx) * min(0.35, 0.5 / z) + rng.uniform(-1, 1) * spread
            w = v.s / z * rng.uniform(0.12, 0.3) + 1.5
            t = max(0.8, v.d / z * 0.022)
            y = v.gy(z)
            paths.add(color, _poly_d([(cx - w, y), (cx + w, y), (cx + w * 0.7, y + t), (cx - w * 0.7, y + t)]), opacity)


def _sea_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    crests = _sea_waves(ctx)
    paths = _Paths()
    side = -ctx.sun_side
    # a distant island with two hills (on the side away from the sun)
    iz = 130.0
    ix = side * rng.uniform(0.45, 0.7) * v.half(iz)
    iw = rng.uniform(26, 38)
    pts = []
    for i in range(17):
        u = i / 16
        h = 8 * math.sin(math.pi * u) ** 0.8 + 4 * math.sin(math.pi * min(1.0, u * 1.8)) ** 2
        pts.append(v.pt(ix - iw / 2 + u * iw, h * rng.uniform(0.95, 1.05) if 0 < i < 16 else 0.0, iz))
    paths.add(ctx.haze(_snowed("#4f8a6e", ctx, 0.5), iz, 240), _poly_d(pts))
    if rng.random() < 0.6:
        # a sailing boat far out
        bz = rng.uniform(22, 30)
        bx = -side * rng.uniform(0.35, 0.6) * v.half(bz)
        hull = [
            v.pt(bx - 0.9, 0.22, bz),
            v.pt(bx + 0.9, 0.22, bz),
            v.pt(bx + 0.6, -0.05, bz),
            v.pt(bx - 0.6, -0.05, bz),
        ]
        paths.add(ctx.haze("#8a5a44", bz, 240), _poly_d(hull))
        paths.add(
            ctx.haze("#fbf7ee", bz, 240),
            _poly_d([v.pt(bx + 0.05, 0.3, bz), v.pt(bx + 0.05, 2.2, bz), v.pt(bx + 0.85, 0.3, bz)]),
        )
        paths.add(
            ctx.haze("#efe6d6", bz, 240),
            _poly_d([v.pt(bx - 0.05, 0.3, bz), v.pt(bx - 0.05, 1.9, bz), v.pt(bx - 0.6, 0.3, bz)]),
        )
    sx = _sun_x(ctx)
    if sx is not None:
        if ctx.time == "night":
            _glitter(ctx, paths, sx, "#f3ecd0", 0.55)
        elif ctx.time in ("sunset", "morning"):
            _glitter(ctx, paths, sx, "#ffe2a8" if ctx.time == "sunset" else "#fff0cc", 0.7)
        else:
            # a bright day: sparkles scattered over the water
            for z in _rows(v, 40, 0.9, 5):
                for x in _scatter_row(ctx, z, 2):
                    r = v.s / z * rng.uniform(0.02, 0.035)
                    paths.add("#ffffff", _star_d(v.px(x, z), v.gy(z) - r * 0.5, r), 0.8)
    # gulls
    if ctx.time != "night" and ctx.weather in ("clear", "cloudy"):
        for _ in range(rng.randint(2, 3)):
            gx = v.x0 + v.w * rng.uniform(0.12, 0.88)
            gy = v.y0 + (v.hy - v.y0) * rng.uniform(0.3, 0.75)
            gw = min(v.w, v.h) * rng.uniform(0.014, 0.022)
            paths.add(
                ctx.grade("#4a5563"),
                f"M{_p(gx - gw, gy - gw * 0.2)}Q{_p(gx - gw * 0.5, gy - gw * 0.55)} {_p(gx, gy)}"
                f"Q{_p(gx + gw * 0.5, gy - gw * 0.55)} {_p(gx + gw, gy - gw * 0.2)}"
                f"Q{_p(gx + gw * 0.5, gy - gw * 0.3)} {_p(gx, gy + gw * 0.18)}"
                f"Q{_p(gx - gw * 0.5, gy - gw * 0.3)} {_p(gx - gw, gy - gw * 0.2)}Z",
            )
    return crests + paths.svg()


# --------------------------------------------------------------------------- underwater


def _water_colors(ctx: _Ctx) -> tuple[str, str, str]:
    """Water near the surface, in the middle, and far off at the seabed's horizon."""
    top, mid, hor = {
        "day": ("#6fd0e6", "#2f9cc8", "#1b6b9e"),
        "morning": ("#8fd6de", "#3f9ec2", "#22699a"),
        "sunset": ("#8ec7c6", "#3a86a8", "#25557e"),
        "night": ("#1c4766", "#10304d", "#0a2039"),
    }[ctx.time]
    grey, amt = _SKY_WEATHER[ctx.weather]
    amt *= 0.45
    return _mix(top, grey, amt), _mix(mid, grey, amt * 0.8), _mix(hor, "#2a3f52", amt * 0.6)


def _water_ctx(ctx: _Ctx) -> _Ctx:
    """Things under water: tinted blue-green, fading into the water with depth."""
    top, mid, hor = _water_colors(ctx)
    night = ctx.time == "night"
    mul = (0.45, 0.6, 0.8) if night else (0.78, 0.95, 1.0)

    def grade(c: str) -> str:
        r, g, b = _rgb(c)
        lit = "#" + "".join(f"{min(255, round(ch * k)):02x}" for ch, k in zip((r, g, b), mul))
        return _mix(lit, mid, 0.12)

    return dataclasses.replace(ctx, grade=grade, sky=(top, mid, hor))


def _uw_haze(ctx: _Ctx, c: str, z: float) -> str:
    t = min(1.0, max(0.0, math.log(max(z, 1.0)) / math.log(22.0))) ** 1.1
    return _mix(ctx.grade(c), ctx.sky[2], 0.85 * t)


def _underwater_sky(ctx: _Ctx) -> str:
    ctx = _water_ctx(ctx)
    v = ctx.view
    rng = _shared_rng(ctx, "water")
    top, mid, hor = ctx.sky
    out = _band_sky(ctx, (top, mid, hor))
    paths = _Paths()
    # the surface seen from below: a bright wavering band along the top
    light = _mix(top, "#ffffff", 0.5 if ctx.time != "night" else 0.15)
    y = v.y0 + v.h * 0.035
    amp = v.h * 0.012
    pts = [(v.x0 + v.w * i / 20, y + amp * math.sin(i * 1.7 + rng.uniform(-0.3, 0.3))) for i in range(21)]
    paths.add(light, _poly_d([(v.x0, v.y0), (v.right, v.y0), *pts[::-1]]), 0.55)
    for _ in range(6):
        cx = v.x0 + v.w * rng.uniform(0.05, 0.95)
        cy = v.y0 + v.h * rng.uniform(0.06, 0.14)
        w = v.w * rng.uniform(0.04, 0.09)
        paths.add(light, _ellipse_d(cx, cy, w, w * 0.12), 0.35)
    return out + paths.svg()


def _underwater_ground(ctx: _Ctx) -> str:
    ctx = _water_ctx(ctx)
    v, rng = ctx.view, ctx.rng
    sand, sand_far = "#e3d3a8", "#d8c79b"
    out = []
    zs = [v.z_near * (300 / v.z_near) ** (i / 9) for i in range(10)]
    for i in range(9, 0, -1):
        za, zb = zs[i - 1], zs[i]
        c = _uw_haze(ctx, _mix(sand, sand_far, (i - 0.5) / 9), math.sqrt(za * zb))
        ya = v.gy(zb)
        yb = v.bottom if i == 1 else v.gy(za) + 1
        out.append(_rect(v.x0, ya, v.w, max(0.0, yb - ya), c))
    paths = _Paths(ordered=False)
    ripple = "#c9b585"
    for z in _rows(v, 14, 0.4, 4):
        for x in _scatter_row(ctx, z, max(2, round(2 + 0.4 * z))):
            w = v.s / z * rng.uniform(0.2, 0.4)
            t = max(0.8, v.s / z * 0.012)
            bx, by = v.px(x, z), v.gy(z)
            sag = w * 0.15 * v.flat(z) + t
            paths.add(
                _uw_haze(ctx, ripple, z),
                f"M{_p(bx - w, by)}Q{_p(bx, by - sag * 2)} {_p(bx + w, by)}Q{_p(bx, by - sag * 2 + t * 2)} {_p(bx - w, by)}Z",
            )
    # caustics: pale net-like flecks of light on the sand
    if ctx.time != "night":
        for z in _rows(v, 8, 0.5, 5):
            for x in _scatter_row(ctx, z, 4):
                r = v.s / z * rng.uniform(0.06, 0.12)
                paths.add(
                    _mix(_uw_haze(ctx, "#fff6d8", z), "#ffffff", 0.2),
                    _ellipse_d(v.px(x, z), v.gy(z), r, r * v.flat(z) * 0.5),
                    0.35,
                )
    return "".join(out) + paths.svg()


def _seaweed(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, col: str) -> None:
    v, rng = ctx.view, ctx.rng
    c = _uw_haze(ctx, col, z)
    ph = rng.uniform(0, 6.28)
    steps = 10
    w = hgt * 0.05
    left, right = [], []
    for i in range(steps + 1):
        u = i / steps
        sway = 0.18 * hgt * u * math.sin(ph + u * 5)
        ww = w * (1 - u * 0.75)
        left.append(v.pt(x + sway - ww, hgt * u, z))
        right.append(v.pt(x + sway + ww, hgt * u, z))
    paths.add(c, _poly_d([*left, *right[::-1]]))


def _underwater_props(ctx: _Ctx) -> str:
    ctx = _water_ctx(ctx)
    v, rng = ctx.view, ctx.rng
    top, mid, hor = ctx.sky
    paths = _Paths()
    # light rays from the surface, slanting a little, fading downward
    if ctx.time != "night" or ctx.weather == "clear":
        ray = "#fff8dc" if ctx.time != "night" else "#c8d8f0"
        op = {"clear": 0.11, "cloudy": 0.07, "rain": 0.05, "downpour": 0.04, "snow": 0.06}[ctx.weather]
        if ctx.time == "night":
            op *= 0.5
        slant = v.w * rng.uniform(0.08, 0.16) * rng.choice((-1, 1))
        for i in range(6):
            x = v.x0 + v.w * (i + rng.uniform(0.1, 0.9)) / 6
            w0 = v.w * rng.uniform(0.008, 0.02)
            w1 = w0 * rng.uniform(2.2, 3.2)
            y1 = min(v.bottom, v.hy + (v.bottom - v.hy) * rng.uniform(0.0, 0.3))
            y1 = max(y1, v.y0 + v.h * 0.4)
            paths.add(ray, _stepped_d((x - w0, x + w0), v.y0, (x + slant - w1, x + slant + w1), y1, 4), op)
    # rocks at the sides, with weed and a coral fan
    sg = rng.choice((-1, 1))
    items = []
    for z0, f, r in ((2.6, 0.78, 0.55), (5.0, -0.8, 0.75), (9.0, 0.5, 1.0)):
        items.append(("rock", z0 * rng.uniform(0.92, 1.08), sg * f * v.half(z0), r * rng.uniform(0.8, 1.1)))
    for _ in range(9):
        z = rng.uniform(1.8, 12)
        x = rng.uniform(-1, 1) * v.half(z)
        if abs(x) < 1.0 and z < 4:
            x = math.copysign(1.0 + rng.uniform(0, 0.6), x if x else 1.0) * (1 + 0.1 * z)
        items.append(("weed", z, x, rng.uniform(1.0, 2.2)))
    for kind, z, x, r in sorted(items, key=lambda t: -t[1]):
        if kind == "rock":
            pts = []
            for i in range(10):
                a = math.pi * i / 9
                rr = r * rng.uniform(0.8, 1.05)
                pts.append((x - math.cos(a) * rr * 1.3, math.sin(a) * rr * 0.75))
            paths.add(_uw_haze(ctx, "#6f7c80", z), _poly_d([v.pt(a, b, z) for a, b in pts]))
            lit = [(a, b) for a, b in pts if a < x + r * 0.3]
            paths.add(
                _uw_haze(ctx, "#8f9c9b", z), _poly_d([v.pt(a, b * 0.96, z) for a, b in lit] + [v.pt(x - r * 0.2, 0, z)])
            )
            cx, cy = v.pt(x + r * 0.5, r * 0.7, z)
            fr = r * 0.5 * v.s / z
            paths.add(
                _uw_haze(ctx, "#e97f8f", z),
                f"M{_p(cx, cy + fr * 0.6)}L{_p(cx - fr * 0.9, cy - fr * 0.3)}A{n(fr)} {n(fr)} 0 0 1 {_p(cx + fr * 0.9, cy - fr * 0.3)}Z",
            )
        else:
            _seaweed(ctx, paths, x, z, r, rng.choice(("#3f8f5a", "#5aa05a", "#6b8f3a")))
    # a small school of fish far off
    fx, fy = (
        v.x0 + v.w * rng.uniform(0.15, 0.35) if sg > 0 else v.x0 + v.w * rng.uniform(0.65, 0.85),
        v.y0 + max(v.h * 0.15, (v.hy - v.y0) * 0.5),
    )
    fish = _mix(mid, "#0b2740", 0.45)
    for _ in range(5):
        ox, oy = fx + v.w * rng.uniform(-0.06, 0.06), fy + v.h * rng.uniform(-0.04, 0.04)
        fl = min(v.w, v.h) * rng.uniform(0.014, 0.02)
        paths.add(
            fish,
            _ellipse_d(ox, oy, fl, fl * 0.4)
            + _poly_d([(ox + fl * 0.8, oy), (ox + fl * 1.5, oy - fl * 0.4), (ox + fl * 1.5, oy + fl * 0.4)]),
        )
    # bubbles rising on one side
    bub = _mix(top, "#ffffff", 0.6)
    bx = v.cx - sg * v.w * rng.uniform(0.22, 0.32)
    y = v.bottom - v.h * 0.25
    while y > v.y0 + v.h * 0.08:
        r = min(v.w, v.h) * rng.uniform(0.006, 0.014) * (1.3 - (y - v.y0) / v.h * 0.5)
        x = bx + v.w * 0.02 * math.sin(y * 0.05)
        paths.add(bub, _circle_d(x, y, r), 0.35)
        paths.add("#ffffff", _circle_d(x - r * 0.35, y - r * 0.35, r * 0.3), 0.8)
        y -= r * rng.uniform(3, 6)
    return paths.svg()
