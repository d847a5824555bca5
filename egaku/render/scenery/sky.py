"""The sky layer: stepped bands from the zenith to the horizon, the sun or the moon and
stars, and soft flat clouds (more, and greyer, in bad weather). Opaque over the whole
canvas, so sky + ground never leaves a hole.
"""

from __future__ import annotations

import math
import random

from ..paint import n
from .light import _mix
from .view import _circle_d, _Ctx, _p, _Paths, _rect


def _cloud(paths: _Paths, cx: float, cy: float, w: float, light: str, shade: str, rng: random.Random) -> None:
    """A soft flat cloud: a capsule base with 3–5 round bumps, and a shaded underside."""
    h = w * 0.22
    bumps = rng.randint(3, 5)
    circles = []
    for i in range(bumps):
        u = (i + 0.5) / bumps
        r = w * (0.13 + 0.15 * math.sin(math.pi * u)) * rng.uniform(0.85, 1.1)
        x = cx - w / 2 + u * w + rng.uniform(-0.04, 0.04) * w
        x = min(max(x, cx - w / 2 + r), cx + w / 2 - r)
        circles.append((x, cy - r * rng.uniform(0.35, 0.6), r))
    for fill, dy in ((shade, h * 0.28), (light, 0.0)):
        d = [
            f"M{_p(cx - w / 2 + h / 2, cy + dy - h / 2)}h{n(w - h)}a{n(h / 2)} {n(h / 2)} 0 0 1 0 {n(h)}"
            f"h{n(h - w)}a{n(h / 2)} {n(h / 2)} 0 0 1 0 {n(-h)}Z"
        ]
        d += [_circle_d(x, y + dy, r) for x, y, r in circles]
        paths.add(fill, "".join(d))


def _star_d(x: float, y: float, r: float) -> str:
    q = r * 0.14
    return (
        f"M{_p(x, y - r)}Q{_p(x + q, y - q)} {_p(x + r, y)}Q{_p(x + q, y + q)} {_p(x, y + r)}"
        f"Q{_p(x - q, y + q)} {_p(x - r, y)}Q{_p(x - q, y - q)} {_p(x, y - r)}Z"
    )


def _sky(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    top, mid, hor = ctx.sky
    parts = [_rect(v.x0, v.y0, v.w, v.h, hor)]
    # stepped bands, zenith to horizon; steps get finer toward the horizon where the
    # colour changes fastest
    span = max(1.0, v.hy - v.y0)
    nb = max(8, min(48, round(span / 14)))
    ys = [v.y0 + span * (1 - (1 - i / nb) ** 1.3) for i in range(nb + 1)]
    for i in range(nb):
        t = (i + 0.5) / nb
        c = _mix(top, mid, t / 0.55) if t < 0.55 else _mix(mid, hor, (t - 0.55) / 0.45)
        y0, y1 = round(ys[i]), round(ys[i + 1]) + 1
        parts.append(_rect(v.x0, y0, v.w, y1 - y0, c))
    paths = _Paths()
    short = min(v.w, v.h)
    time, weather = ctx.time, ctx.weather
    keep_clear: list[tuple[float, float, float]] = []  # discs the clouds stay off
    # -- sun and moon
    if time == "night" and weather in ("clear", "cloudy", "snow"):
        n_stars = {"clear": 24, "cloudy": 10, "snow": 5}[weather]
        for _ in range(n_stars):
            x = v.x0 + rng.uniform(0.03, 0.97) * v.w
            y = v.y0 + rng.uniform(0.03, 0.86) * span
            big = rng.random() < 0.22
            r = short * (rng.uniform(0.007, 0.011) if big else rng.uniform(0.0022, 0.0038))
            c = "#fff4d6" if rng.random() < 0.6 else "#dfe8ff"
            paths.add(c, _star_d(x, y, r) if big else _circle_d(x, y, r), 0.95)
        if weather != "snow":
            r = min(short * 0.05, span * 0.15)
            mx, my = v.cx + ctx.sun_side * v.w * 0.26, v.y0 + max(span * 0.3, r * 1.8)
            for k, op in ((2.2, 0.06), (1.55, 0.1)):
                paths.add("#dfe6ff", _circle_d(mx, my, r * k), op)
            paths.add("#f7f1d8", _circle_d(mx, my, r))
            paths.add("#e8e0c3", _circle_d(mx - r * 0.3, my - r * 0.2, r * 0.22))
            paths.add("#e8e0c3", _circle_d(mx + r * 0.35, my + r * 0.3, r * 0.14))
            keep_clear.append((mx, my, r * 2.2))
    elif weather in ("clear", "cloudy") and time != "night":
        if time == "sunset":
            r = min(short * 0.085, max(span * 0.2, short * 0.04))
            sx, sy = v.cx + ctx.sun_side * v.w * 0.2, v.hy - r * 0.3
            glow = "#ffd9a0"
        elif time == "morning":
            r = min(short * 0.055, span * 0.15)
            sx, sy = v.cx + ctx.sun_side * v.w * 0.28, v.hy - span * 0.2 - r
            glow = "#fff1cf"
        else:
            r = min(short * 0.05, span * 0.15)
            sx, sy = v.cx + ctx.sun_side * v.w * 0.3, v.y0 + max(span * 0.22, r * 2)
            glow = "#fff6cf"
        sun = {"sunset": "#ffe3a6", "morning": "#ffe7ae", "day": "#fff4c4"}[time]
        if weather == "cloudy":
            glow = _mix(glow, ctx.sky[1], 0.4)
        for k, op in ((2.3, 0.12), (1.65, 0.2), (1.25, 0.3)):
            paths.add(glow, _circle_d(sx, sy, r * k), op)
        paths.add(sun, _circle_d(sx, sy, r))
        keep_clear.append((sx, sy, r * 2.0))
    # -- clouds: bigger high up (overhead), smaller and flatter near the horizon
    if time == "night":
        light, shade = _mix(mid, "#9aa7c8", 0.3), _mix(mid, "#0b1229", 0.2)
    elif time == "sunset":
        light, shade = "#ffe6d6", "#eeadb0"
    elif time == "morning":
        light, shade = "#fffaf2", "#eadfe9"
    else:
        light, shade = "#ffffff", "#deebf5"
    dark = "#3a424d" if time != "night" else "#070b16"
    if weather in ("cloudy", "snow"):
        wgrey = 0.22 if weather == "cloudy" else 0.25
        light, shade = _mix(light, _mix(hor, dark, 0.3), wgrey), _mix(shade, dark, wgrey)
    elif weather in ("rain", "downpour"):
        # rain clouds are heavier than the sky behind them
        k = 0.22 if weather == "rain" else 0.3
        light, shade = _mix(mid, dark, k), _mix(mid, dark, k + 0.2)
    count = {"clear": 3, "cloudy": 7, "rain": 7, "downpour": 9, "snow": 6}[weather]
    if time == "night" and weather == "clear":
        count = 2
    count = max(1, round(count * min(1.0, span / (0.5 * v.h))))
    placed: list[tuple[float, float, float]] = []
    slots = list(range(count))
    rng.shuffle(slots)
    for i in slots:
        depth = rng.uniform(0.0, 0.85)  # 0: overhead, 1: at the horizon
        w = short * (0.3 - 0.17 * depth) * rng.uniform(0.85, 1.15)
        if weather in ("rain", "downpour"):
            w *= 1.3
        w = min(w, span * 0.9)
        y = v.y0 + max(w * 0.55, span * (0.08 + 0.8 * depth))
        if y > v.hy - w * 0.08:
            continue
        x = v.x0 + v.w * (i + rng.uniform(0.2, 0.8)) / count
        if any(math.hypot(x - cx, y - cy) < cr + w * 0.55 for cx, cy, cr in keep_clear):
            continue
        if any(abs(x - px) < (w + pw) * 0.45 and abs(y - py) < (w + pw) * 0.14 for px, py, pw in placed):
            continue
        placed.append((x, y, w))
    if weather in ("rain", "downpour"):
        # a low overcast bank along the top
        bank = _mix(shade, dark, 0.3)
        bw = v.w / 5
        for i in range(6):
            _cloud(paths, v.x0 + bw * (i + rng.uniform(-0.1, 0.1)), v.y0 + bw * 0.05, bw * 1.6, shade, bank, rng)
    for x, y, w in sorted(placed, key=lambda p: p[1]):
        _cloud(paths, x, y, w, light, shade, rng)
    return "".join(parts) + paths.svg()
