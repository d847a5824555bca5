"""The open sky and a desert.

``sky``: up in the air, a sea of clouds below whose billows crowd toward the horizon, big
clouds drifting by at our height and a few birds. ``desert``: a sky warmer at the horizon
with a big low sun (or the moon and many stars), sand, dunes with a sharp crest and a
shaded face, saguaro cacti and heat haze.
"""

from __future__ import annotations

import math

from ..paint import n
from .ground import _bands, _puddles, _scatter_row
from .light import _mix
from .props import _shadow
from .shapes import _band_sky, _capsule, _rect_d, _shared_rng, _snowed, _stars
from .sky import _cloud
from .view import _circle_d, _Ctx, _ellipse_d, _p, _Paths, _poly_d, _rect, _rows

# --------------------------------------------------------------------------- sky (up in the air)


def _cloud_sea_colors(ctx: _Ctx) -> tuple[str, str]:
    light, shade = {
        "day": ("#ffffff", "#d5e3f0"),
        "morning": ("#fff7ee", "#e2d9e8"),
        "sunset": ("#ffe2cf", "#e2a3ad"),
        "night": ("#5b6890", "#36405f"),
    }[ctx.time]
    grey, amt = {
        "clear": ("#ffffff", 0.0),
        "cloudy": ("#b7c0ca", 0.3),
        "rain": ("#8a949f", 0.5),
        "downpour": ("#6c7580", 0.6),
        "snow": ("#d5dce4", 0.3),
    }[ctx.weather]
    if ctx.time == "night":
        grey = _mix(grey, "#1a2140", 0.7)
    return _mix(light, grey, amt), _mix(shade, grey, amt)


def _sky_ground(ctx: _Ctx) -> str:
    """A sea of clouds below, from the horizon down; rows of billows crowd toward it."""
    v, rng = ctx.view, ctx.rng
    light, shade = _cloud_sea_colors(ctx)
    hor = ctx.sky[2]
    out = []
    k = 8
    zs = [v.z_near * (300 / v.z_near) ** (i / k) for i in range(k + 1)]
    for i in range(k, 0, -1):
        za, zb = zs[i - 1], zs[i]
        t = min(1.0, math.log(max(1.0, math.sqrt(za * zb))) / math.log(300)) ** 1.3
        c = _mix(_mix(shade, light, 0.35), hor, 0.7 * t)
        ya = v.gy(zb)
        yb = v.bottom if i == 1 else v.gy(za) + 1
        out.append(_rect(v.x0, ya, v.w, max(0.0, yb - ya), c))
    paths = _Paths()
    rows = []
    z = 80.0
    while z > v.z_near * 0.7:
        rows.append(z)
        z /= 1.55
    for z in rows:
        t = min(1.0, math.log(max(1.0, z)) / math.log(300)) ** 1.3
        cl, cs = _mix(light, hor, 0.7 * t), _mix(shade, hor, 0.7 * t)
        y = v.gy(z)
        x = v.x0 - rng.uniform(0, 0.1) * v.w
        base, tops = [], []
        while x < v.right + 20:
            r = min(v.h * 0.16, max(v.h * 0.005, v.s / z * rng.uniform(0.3, 0.55)))
            rx, ry = r * rng.uniform(1.5, 2.2), r * (0.5 + 0.4 * v.flat(z) ** 0.5)
            ry = min(ry, (y - v.hy - 1) / 0.6)  # far billows stay under the horizon
            if ry < 0.4:
                x += rx
                continue
            cy = y + ry * 0.4
            base.append(_ellipse_d(x, cy, rx, ry))
            tops.append(_ellipse_d(x - rx * 0.1, cy - ry * 0.22, rx * 0.8, ry * 0.72))
            x += rx * rng.uniform(1.0, 1.6)
        base.append(_rect_d(v.x0, y + 0.0, v.w, max(0.0, v.bottom - y) + 1))
        paths.add(cs, "".join(base))
        paths.add(cl, "".join(tops))
    return "".join(out) + paths.svg()


def _sky_props(ctx: _Ctx) -> str:
    """Big clouds drifting by at our height, cut by the canvas's sides, and a few birds."""
    v, rng = ctx.view, ctx.rng
    light, shade = _cloud_sea_colors(ctx)
    paths = _Paths()
    span = max(1.0, v.hy - v.y0)
    for sgn in (-1, 1):
        for _ in range(2):
            w = v.w * rng.uniform(0.3, 0.45)
            cx = v.cx + sgn * v.w * rng.uniform(0.42, 0.55)
            cy = v.y0 + span * rng.uniform(0.3, 0.95) + v.h * 0.05
            _cloud(paths, cx, cy, w, light, shade, rng)
    # a low wisp crossing a lower corner, in front of everything
    w = v.w * 0.5
    sgn = rng.choice((-1, 1))
    _cloud(paths, v.cx + sgn * v.w * 0.5, v.bottom - v.h * 0.03, w, light, shade, rng)
    if ctx.time != "night" and not ctx.wet:
        for _ in range(3):
            gx = v.x0 + v.w * rng.uniform(0.15, 0.85)
            gy = v.y0 + span * rng.uniform(0.15, 0.6)
            gw = min(v.w, v.h) * rng.uniform(0.01, 0.016)
            paths.add(
                ctx.grade("#55606e"),
                f"M{_p(gx - gw, gy - gw * 0.2)}Q{_p(gx - gw * 0.5, gy - gw * 0.55)} {_p(gx, gy)}"
                f"Q{_p(gx + gw * 0.5, gy - gw * 0.55)} {_p(gx + gw, gy - gw * 0.2)}"
                f"Q{_p(gx + gw * 0.5, gy - gw * 0.3)} {_p(gx, gy + gw * 0.18)}"
                f"Q{_p(gx - gw * 0.5, gy - gw * 0.3)} {_p(gx - gw, gy - gw * 0.2)}Z",
            )
    return paths.svg()


# --------------------------------------------------------------------------- desert


def _desert_sky(ctx: _Ctx) -> str:
    """The sky's bands, warmer at the horizon, and a big low sun (or the moon and many stars)."""
    v = ctx.view
    rng = _shared_rng(ctx, "desert-sky")
    top, mid, hor = ctx.sky
    if ctx.time != "night":
        hor = _mix(hor, "#ffd9a0", 0.35)
    out = _band_sky(ctx, (top, mid, hor))
    paths = _Paths()
    short = min(v.w, v.h)
    span = max(1.0, v.hy - v.y0)
    clear = ctx.weather in ("clear", "cloudy")
    if ctx.time == "night":
        if clear or ctx.weather == "snow":
            _stars(paths, rng, (v.x0, v.y0, v.right, v.hy - span * 0.05), round(30 + 40 * span / v.h), short)
        if clear:
            r = min(short * 0.05, span * 0.15)
            mx, my = v.cx + ctx.sun_side * v.w * 0.26, v.y0 + max(span * 0.3, r * 1.8)
            paths.add("#dfe6ff", _circle_d(mx, my, r * 1.8), 0.08)
            paths.add("#f7f1d8", _circle_d(mx, my, r))
    elif clear:
        r = min(short * 0.075, max(span * 0.2, short * 0.035))
        sx = v.cx + ctx.sun_side * v.w * {"sunset": 0.2, "morning": 0.28, "day": 0.3}[ctx.time]
        lift = {"sunset": 0.3, "morning": 0.5, "day": 1.6}[ctx.time]
        sy = v.hy - r * lift
        glow = {"sunset": "#ffc987", "morning": "#ffe1b0", "day": "#fff0c4"}[ctx.time]
        for k, op in ((2.6, 0.1), (1.8, 0.18), (1.3, 0.3)):
            paths.add(glow, _circle_d(sx, sy, r * k), op)
        paths.add({"sunset": "#ffdf9e", "morning": "#ffe9b8", "day": "#fff6d6"}[ctx.time], _circle_d(sx, sy, r))
    if ctx.weather != "clear":
        light, shade = _mix("#ffffff", mid, 0.3), _mix(mid, "#3a424d", 0.25)
        for i in range({"cloudy": 4, "rain": 5, "downpour": 6, "snow": 4}[ctx.weather]):
            w = short * rng.uniform(0.2, 0.32)
            _cloud(
                paths,
                v.x0 + v.w * (i + rng.uniform(0.2, 0.8)) / 4,
                v.y0 + span * rng.uniform(0.15, 0.6),
                w,
                light,
                shade,
                rng,
            )
    return out + paths.svg()


def _dune(
    ctx: _Ctx, paths: _Paths, x: float, z: float, w: float, h: float, lit: str, dark: str, far: float = 300
) -> None:
    """A dune: a smooth hump with a sharp crest; the face away from the sun in shade."""
    v = ctx.view
    sg = ctx.sun_side
    crest = x + sg * w * 0.12
    steps = 14
    left, right = [], []
    for i in range(steps + 1):
        u = i / steps
        left.append((x - w + (crest - x + w) * u, h * math.sin(math.pi / 2 * u) ** 1.5))
        right.append((crest + (x + w - crest) * u, h * (1 - u) ** 1.7))
    whole = [v.pt(a, b, z) for a, b in [*left, *right[1:]]]
    paths.add(ctx.haze(lit, z, far), _poly_d(whole))
    shadow_side = right if sg < 0 else left
    shade = [v.pt(a, b, z) for a, b in shadow_side]
    base = v.pt(crest + (-sg) * w * 0.25, 0, z)
    paths.add(ctx.haze(dark, z, far), _poly_d([*shade, base]))


def _desert_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    near, far = _snowed("#e8c18a", ctx, 0.5), _snowed("#efd09e", ctx, 0.5)
    out = _bands(ctx, near, far, v.z_near, 400, 10)
    paths = _Paths(ordered=False)
    ripple = _snowed("#dcb47c", ctx, 0.4)
    for z in _rows(v, 20, 0.42, 4):
        for x in _scatter_row(ctx, z, max(2, round(2 + 0.3 * z))):
            w = v.s / z * rng.uniform(0.4, 0.8)
            t = max(0.8, v.s / z * 0.012)
            bx, by = v.px(x, z), v.gy(z)
            sag = w * 0.08 * v.flat(z) + t
            paths.add(
                ctx.haze(ripple, z),
                f"M{_p(bx - w, by)}Q{_p(bx - w * 0.5, by - sag * 2)} {_p(bx, by)}T{_p(bx + w, by)}L{_p(bx + w, by + t)}Q{_p(bx + w * 0.5, by + t + sag * 2)} {_p(bx, by + t)}T{_p(bx - w, by + t)}Z",
            )
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, 8, 4)
    return out + paths.svg()


def _cactus(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float) -> None:
    """A saguaro: a ribbed column with two arms, round-topped."""
    v, rng = ctx.view, ctx.rng
    _shadow(ctx, paths, x, z, hgt * 0.14)
    col, dark = ctx.haze(_snowed("#5a9a5a", ctx, 0.2), z), ctx.haze(_snowed("#457f48", ctx, 0.2), z)
    s = v.s / z
    bx, by = v.pt(x, 0, z)
    r = hgt * 0.09 * s
    top = by - hgt * s * v.vsq
    d = [_capsule(bx, by, top, r)]
    ribs = [_capsule(bx + r * 0.35, by, top + r * 0.3, r * 0.45)]
    for sgn, ya, yb in (
        (-1, rng.uniform(0.35, 0.45), rng.uniform(0.68, 0.8)),
        (1, rng.uniform(0.5, 0.6), rng.uniform(0.8, 0.9)),
    ):
        ax = bx + sgn * r * 2.3
        y_join = by - hgt * s * v.vsq * ya
        y_top = by - hgt * s * v.vsq * yb
        d.append(_capsule(ax, y_join + r * 0.8, y_top, r * 0.75))
        d.append(
            f"M{_p(bx, y_join - r * 0.7)}H{n(ax)}V{n(y_join + r * 0.75)}H{n(bx)}Z"
            if sgn > 0
            else f"M{_p(ax, y_join - r * 0.7)}H{n(bx)}V{n(y_join + r * 0.75)}H{n(ax)}Z"
        )
        ribs.append(_capsule(ax + r * 0.25, y_join + r * 0.6, y_top + r * 0.2, r * 0.32))
    paths.add(col, "".join(d))
    paths.add(dark, "".join(ribs))


def _desert_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    lit, dark = _snowed("#efc98f", ctx, 0.5), _snowed("#d49d63", ctx, 0.4)
    # ranges of dunes behind the horizon, then a few nearer ones at the sides
    for z0, count, hh in ((150.0, 5, 16.0), (70.0, 4, 7.0), (30.0, 3, 2.6)):
        half = v.half(z0)
        for i in range(count):
            x = -half + (i + rng.uniform(0.2, 0.8)) * 2 * half / count
            w = half / count * rng.uniform(1.1, 1.6)
            _dune(ctx, paths, x, z0 * rng.uniform(0.9, 1.1), w, hh * rng.uniform(0.7, 1.2), lit, dark)
    sg = -ctx.sun_side
    z = rng.uniform(9, 12)
    _dune(ctx, paths, sg * v.half(z) * 0.9, z, v.half(z) * 0.5, 1.1, lit, dark)
    # heat haze: pale wavering bands over the horizon
    if ctx.time in ("day", "morning") and ctx.weather == "clear":
        haze = _mix(ctx.sky[2], "#ffffff", 0.4)
        for k in range(3):
            y = v.hy - v.h * (0.004 + 0.012 * k)
            amp = v.h * 0.003
            pts = [(v.x0 + v.w * i / 24, y + amp * math.sin(i * 1.3 + k * 2)) for i in range(25)]
            th = v.h * 0.006
            paths.add(haze, _poly_d([*pts, *[(x, yy + th) for x, yy in pts[::-1]]]), 0.35 - 0.08 * k)
    # cacti
    items = [
        (rng.uniform(3.0, 3.8), sg * 0.7, rng.uniform(1.6, 2.0)),
        (rng.uniform(6.5, 8.5), -sg * 0.62, rng.uniform(1.8, 2.2)),
    ]
    if rng.random() < 0.7:
        items.append((rng.uniform(16, 22), sg * rng.uniform(-0.2, 0.5), rng.uniform(2.0, 2.6)))
    for z, f, hgt in sorted(items, reverse=True):
        _cactus(ctx, paths, f * v.half(z), z, hgt)
    # a few small stones
    for _ in range(5):
        z = rng.uniform(1.6, 6)
        x = rng.uniform(-1, 1) * v.half(z)
        if abs(x) < 0.9 and z < 2.5:
            continue
        r = v.s / z * rng.uniform(0.03, 0.07)
        paths.add(
            ctx.haze("#b58a5c", z), _ellipse_d(v.px(x, z), v.gy(z) - r * 0.3 * v.flat(z), r, r * max(0.45, v.flat(z)))
        )
    return paths.svg()
