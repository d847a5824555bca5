"""A kitchen, a classroom and a windowsill: settings indoors, lit like ``room``.

``kitchen``: a tiled wall and a counter (subjects stand on its top), with a window,
cabinets, jars and a kettle. ``classroom``: the blackboard wall, the floor, windows on the
side wall, desks and chairs. ``windowsill``: a wall with the window opening (the sky layer
shows through it: sun, moon, clouds and rain-grey), the view outside, the sill subjects
stand on, a window frame, curtains and a plant. Warm and dim at night; the weather stays
outside.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .indoor import _indoor_floor, _window_sky
from .light import _mix
from .shapes import _clamp_pts, _flat_q, _indoor, _leaf_d, _q, _rect_d, _shared_rng, _snowed
from .view import _circle_d, _Ctx, _ellipse_d, _p, _Paths, _poly_d, _rect, _View

# --------------------------------------------------------------------------- kitchen

_KITCHEN_WALL_Z = 2.0
_COUNTER_FRONT_Z = 0.85


def _kitchen_ground(ctx: _Ctx) -> str:
    ctx = _indoor(ctx)
    v = ctx.view
    g = ctx.grade
    y_wall = v.gy(_KITCHEN_WALL_Z)
    y_front = v.gy(_COUNTER_FRONT_Z)
    wall, tile, grout = "#f3ece0", "#fbf8f2", "#dcd3c4"
    out = [_rect(v.x0, v.y0, v.w, y_wall - v.y0 + 1, g(wall))]
    paths = _Paths()
    # the tiled splashback between the counter and the cabinets
    z = _KITCHEN_WALL_Z
    top = 1.05
    half = v.half(z) * 1.6
    paths.add(g(grout), _poly_d(_q(v, -half, half, 0, top, z)))
    tiles = _Paths(ordered=False)
    th, tw, gap = 0.15, 0.3, 0.016
    row = 0
    y = 0.0
    while y < top - 1e-6:
        y1 = min(top, y + th)
        x = -half - (tw / 2 if row % 2 else 0)
        while x < half:
            tiles.add(g(tile), _poly_d(_q(v, x + gap, x + tw - gap, y + gap, y1 - gap, z)))
            x += tw
        y = y1
        row += 1
    out += [paths.svg(), tiles.svg()]
    p2 = _Paths()
    # the counter top, running the full width, and its front band of cupboard doors
    stone, stone_far, edge = "#e2ddd5", "#d6d0c6", "#c9c2b7"
    p2.add(g(stone_far), _rect_d(v.x0, y_wall, v.w, v.bottom - y_wall + 1))
    yn = y_wall + (y_front - y_wall) * 0.45
    p2.add(g(stone), _poly_d([(v.x0, yn), (v.right, yn), (v.right, y_front), (v.x0, y_front)]))
    p2.add(
        g("#b9b2a6"),
        _poly_d(
            [
                (v.x0, y_wall - 1),
                (v.right, y_wall - 1),
                (v.right, y_wall + max(1.0, (y_front - y_wall) * 0.04)),
                (v.x0, y_wall + max(1.0, (y_front - y_wall) * 0.04)),
            ]
        ),
    )
    lip = max(2.0, v.s * 0.05 / _COUNTER_FRONT_Z * v.vsq)
    p2.add(g(edge), _rect_d(v.x0, y_front, v.w, lip))
    door, door_d, handle = "#8eaabb", "#7b97a8", "#e6e1d6"
    y_doors = y_front + lip
    p2.add(g(door_d), _rect_d(v.x0, y_doors - 0.5, v.w, v.bottom - y_doors + 1))
    dw = v.s * 0.62 / _COUNTER_FRONT_Z
    x = v.cx - dw * 0.5 - dw * math.ceil(v.w / 2 / dw + 1)
    gap_px = max(1.5, dw * 0.025)
    hh = max(3.0, (v.bottom - y_doors) * 0.12)
    while x < v.right:
        p2.add(g(door), _rect_d(x + gap_px, y_doors + gap_px * 1.5, dw - 2 * gap_px, v.bottom - y_doors + 2))
        p2.add(g(handle), _rect_d(x + dw * 0.3, y_doors + gap_px * 1.5 + hh * 0.6, dw * 0.4, min(hh * 0.5, dw * 0.05)))
        x += dw
    return "".join(out) + p2.svg()


def _kitchen_props(ctx: _Ctx) -> str:
    ctx = _indoor(ctx)
    v, rng = ctx.view, ctx.rng
    g = ctx.grade
    z = _KITCHEN_WALL_Z
    side = rng.choice((-1, 1))
    out = []
    # the window over the counter, off to one side
    wx0, wx1 = (0.35, 1.75) if side > 0 else (-1.75, -0.35)
    wy0, wy1 = 1.2, 2.35
    frame = _Paths()
    frame.add(g("#ffffff"), _poly_d(_q(v, wx0 - 0.07, wx1 + 0.07, wy0 - 0.07, wy1 + 0.07, z)))
    out.append(frame.svg())
    out.append(_window_sky(ctx, lambda u, w: v.pt(wx0 + u * (wx1 - wx0), wy1 - w * (wy1 - wy0), z)))
    paths = _Paths()
    mx = (wx0 + wx1) / 2
    paths.add(g("#ffffff"), _poly_d(_q(v, mx - 0.03, mx + 0.03, wy0, wy1, z)))
    paths.add(g("#f4efe6"), _poly_d(_q(v, wx0 - 0.14, wx1 + 0.14, wy0 - 0.12, wy0 - 0.05, z)))
    # upper cabinets on the rest of the wall, a shadow strip under them
    half = v.half(z) * 1.6
    cab, cab_d, knob = "#b8cbd6", "#a3b8c4", "#f2eee6"
    cy0, cy1 = 1.3, 3.4
    spans = [(-half, wx0 - 0.3), (wx1 + 0.3, half)] if side > 0 else [(-half, wx0 - 0.3), (wx1 + 0.3, half)]
    for a, b in spans:
        if b - a < 0.2:
            continue
        paths.add(g("#e3dbcd"), _poly_d(_q(v, a, b, cy0 - 0.07, cy0, z)))
        paths.add(g(cab_d), _poly_d(_q(v, a, b, cy0, cy1, z)))
        k = max(1, round((b - a) / 0.7))
        dw = (b - a) / k
        for i in range(k):
            x0 = a + i * dw
            paths.add(g(cab), _poly_d(_q(v, x0 + 0.03, x0 + dw - 0.03, cy0 + 0.04, cy1, z)))
            kx = x0 + (dw * 0.85 if i % 2 == 0 else dw * 0.15)
            paths.add(g(knob), _poly_d(_q(v, kx - 0.015, kx + 0.015, cy0 + 0.1, cy0 + 0.3, z)))
    # things on the counter: jars at the window's end, a kettle at the other
    jz = _KITCHEN_WALL_Z - 0.3
    jx = side * v.half(jz) * 0.72
    jars = [(0.34, "#e9dcc4"), (0.26, "#d6e4d8"), (0.3, "#f1d8c8"), (0.22, "#e4d4ea")]
    rng.shuffle(jars)
    for i, (hj, col) in enumerate(jars[: rng.randint(2, 3)]):
        hj *= rng.uniform(0.85, 1.15)
        x = jx + side * (i - 1) * 0.24
        paths.add(g("#9c8a74"), _ellipse_d(*v.pt(x, 0, jz), 0.1 * v.s / jz, 0.1 * v.s / jz * v.flat(jz) * 0.5), 0.25)
        paths.add(g(col), _poly_d(_q(v, x - 0.09, x + 0.09, 0, hj, jz)))
        paths.add(g("#8b6a4a"), _poly_d(_q(v, x - 0.1, x + 0.1, hj, hj + 0.05, jz)))
    kz = _KITCHEN_WALL_Z - 0.35
    kx = -side * v.half(kz) * rng.uniform(0.6, 0.75)
    kr = 0.2 * v.s / kz
    bx, by = v.pt(kx, 0, kz)
    paths.add(g("#9c8a74"), _ellipse_d(bx, by, kr * 1.1, kr * v.flat(kz) * 0.5), 0.25)
    paths.add(
        g("#e27d5f"),
        f"M{_p(bx - kr, by)}C{_p(bx - kr * 1.05, by - kr * 1.4)} {_p(bx + kr * 1.05, by - kr * 1.4)} {_p(bx + kr, by)}Z",
    )
    paths.add(
        g("#c9664a"),
        _poly_d(
            [
                (bx + kr * 0.7, by - kr * 0.45),
                (bx + kr * 1.45, by - kr * 0.95),
                (bx + kr * 1.5, by - kr * 0.85),
                (bx + kr * 0.85, by - kr * 0.2),
            ]
        ),
    )
    paths.add(g("#3d3a38"), _ellipse_d(bx, by - kr * 1.08, kr * 0.22, kr * 0.1))
    paths.add(
        g("#3d3a38"),
        f"M{_p(bx - kr * 0.5, by - kr * 0.95)}Q{_p(bx, by - kr * 1.65)} {_p(bx + kr * 0.5, by - kr * 0.95)}"
        f"L{_p(bx + kr * 0.42, by - kr * 0.95)}Q{_p(bx, by - kr * 1.5)} {_p(bx - kr * 0.42, by - kr * 0.95)}Z",
    )
    out.append(paths.svg())
    return "".join(out)


# --------------------------------------------------------------------------- classroom

_CLASS_WALL_Z = 7.5
_CLASS_SIDE_X = 4.2


def _classroom_ground(ctx: _Ctx) -> str:
    ctx = _indoor(ctx)
    v = ctx.view
    g = ctx.grade
    out, floor = _indoor_floor(ctx, _CLASS_WALL_Z, "#c9a273", "#efe7d6", "#8f7a62", 0.34)
    paths = _Paths()
    z = _CLASS_WALL_Z
    # the blackboard: green, a wooden frame, a chalk tray
    bw, by0, by1 = 3.0, 1.05, 2.45
    paths.add(g("#9b7650"), _poly_d(_q(v, -bw - 0.1, bw + 0.1, by0 - 0.1, by1 + 0.1, z)))
    paths.add(g("#2f5e4b"), _poly_d(_q(v, -bw, bw, by0, by1, z)))
    paths.add(g("#3a6b56"), _poly_d(_q(v, -bw, bw, by1 - 0.28, by1, z)), 0.6)
    paths.add(g("#b9976e"), _poly_d(_q(v, -bw - 0.15, bw + 0.15, by0 - 0.16, by0 - 0.06, z)))
    paths.add(g("#f5f2ea"), _poly_d(_q(v, bw * 0.5, bw * 0.5 + 0.14, by0 - 0.06, by0 - 0.02, z)))
    # a clock above it
    cx, cy = v.pt(0, by1 + 0.45, z)
    cr = 0.22 * v.s / z
    paths.add(g("#6d6a66"), _circle_d(cx, cy, cr * 1.12))
    paths.add(g("#fbfaf6"), _circle_d(cx, cy, cr))
    paths.add(
        g("#3b3936"),
        _poly_d(
            [
                (cx - cr * 0.05, cy),
                (cx + cr * 0.05, cy),
                (cx + cr * 0.05, cy - cr * 0.7),
                (cx - cr * 0.05, cy - cr * 0.7),
            ]
        ),
    )
    paths.add(
        g("#3b3936"),
        _poly_d(
            [
                (cx, cy - cr * 0.05),
                (cx + cr * 0.5, cy + cr * 0.2),
                (cx + cr * 0.47, cy + cr * 0.27),
                (cx, cy + cr * 0.05),
            ]
        ),
    )
    return out + floor.svg() + paths.svg()


def _side_pane(
    v: _View, xs: float, y0: float, y1: float, za: float, zb: float
) -> Callable[[float, float], tuple[float, float]]:
    """A window pane on the side wall at x = ``xs``: (u along the wall, w down) → canvas."""

    def at(u: float, w: float) -> tuple[float, float]:
        return v.pt(xs, y1 - w * (y1 - y0), za + u * (zb - za))

    return at


def _classroom_props(ctx: _Ctx) -> str:
    ctx = _indoor(ctx)
    v, rng = ctx.view, ctx.rng
    g = ctx.grade
    side = _shared_rng(ctx, "class-side").choice((-1, 1))
    xs = side * _CLASS_SIDE_X
    zn, zf = 0.5, _CLASS_WALL_Z
    top = (v.gy(zn) - v.y0) * zn / (v.s * v.vsq) + 3
    out = []
    wall = _Paths()
    edge = v.right + 4 if side > 0 else v.x0 - 4
    pts = [v.pt(xs, 0, zf), v.pt(xs, top, zf), v.pt(xs, top, zn), v.pt(xs, 0, zn)]
    wall.add(g("#e6dcc8"), _poly_d(_clamp_pts(v, [*pts, (edge, v.bottom + 4), (edge, v.y0 - 4)])))
    wall.add(
        g("#8f7a62"), _poly_d(_clamp_pts(v, [v.pt(xs, 0, zf), v.pt(xs, 0.09, zf), v.pt(xs, 0.09, zn), v.pt(xs, 0, zn)]))
    )
    out.append(wall.svg())
    # windows along the side wall, each showing the sky of the hour
    wins = [(1.4, 2.9), (3.4, 4.9), (5.4, 6.9)]
    wy0, wy1 = 1.0, 2.7
    for za, zb in wins:
        fr = _Paths()
        fr.add(
            g("#f7f5ef"),
            _poly_d(
                _clamp_pts(
                    v,
                    [
                        v.pt(xs, wy0 - 0.08, za - 0.08),
                        v.pt(xs, wy0 - 0.08, zb + 0.08),
                        v.pt(xs, wy1 + 0.08, zb + 0.08),
                        v.pt(xs, wy1 + 0.08, za - 0.08),
                    ],
                )
            ),
        )
        out.append(fr.svg())
        out.append(_window_sky(ctx, _side_pane(v, xs, wy0, wy1, za, zb)))
        bars = _Paths()
        zm = (za + zb) / 2
        bars.add(
            g("#f7f5ef"),
            _poly_d(
                _clamp_pts(
                    v,
                    [
                        v.pt(xs, wy0, zm - 0.04),
                        v.pt(xs, wy0, zm + 0.04),
                        v.pt(xs, wy1, zm + 0.04),
                        v.pt(xs, wy1, zm - 0.04),
                    ],
                )
            ),
        )
        out.append(bars.svg())
    # desks in rows facing the blackboard, with an aisle down the middle
    paths = _Paths()
    top_c, top_e, leg, seat = "#dcc097", "#b99a70", "#7c8792", "#a9805a"
    for z in (5.9, 4.9, 3.9, 2.9, 2.1):
        for x in (-2.9, -1.6, 1.6, 2.9):
            if x * side > _CLASS_SIDE_X - 0.8:
                continue
            xx = x + rng.uniform(-0.04, 0.04)
            d, w = 0.38, 0.5
            hz = 0.55
            for lx in (xx - w * 0.85, xx + w * 0.85):
                paths.add(g(leg), _poly_d(_q(v, lx - 0.02, lx + 0.02, 0, hz, z)))
            paths.add(g(top_e), _poly_d(_q(v, xx - w, xx + w, hz - 0.14, hz, z)))
            paths.add(g(top_c), _poly_d(_flat_q(v, xx - w, xx + w, z - d / 2, z + d / 2, hz)))
            # the chair tucked in on our side, its back toward us
            cz = z - 0.42
            paths.add(g(leg), _poly_d(_q(v, xx - 0.24, xx - 0.2, 0, 0.34, cz)))
            paths.add(g(leg), _poly_d(_q(v, xx + 0.2, xx + 0.24, 0, 0.34, cz)))
            paths.add(g(seat), _poly_d(_q(v, xx - 0.26, xx + 0.26, 0.42, 0.62, cz)))
    out.append(paths.svg())
    return "".join(out)


# --------------------------------------------------------------------------- windowsill

_SILL_WALL_Z = 1.55
_SILL_FRONT_Z = 0.78


def _window_box(ctx: _Ctx) -> tuple[float, float, float, float]:
    """The window opening in world units on the wall: x0, x1, y0, y1."""
    v = ctx.view
    half = v.half(_SILL_WALL_Z)
    top = (v.gy(_SILL_WALL_Z) - v.y0) * _SILL_WALL_Z / (v.s * v.vsq)
    return -half * 0.7, half * 0.7, 0.05, max(0.6, top - 0.09 * v.h * _SILL_WALL_Z / (v.s * v.vsq))


def _windowsill_ground(ctx: _Ctx) -> str:
    """The wall with the window opening (the sky layer shows through it), the view outside
    below the horizon, and the sill."""
    out_ctx = ctx
    ctx = _indoor(ctx)
    v, rng = ctx.view, _shared_rng(ctx, "outside")
    g = ctx.grade
    z = _SILL_WALL_Z
    x0, x1, y0, y1 = _window_box(ctx)
    big = v.half(z) * 3
    # just above the canvas (higher, converging verticals would cross over)
    top = (v.gy(z) - v.y0 + 0.05 * v.h) * z / (v.s * v.vsq)
    out = []
    # outside: far hills and rooftops under the horizon, inside the opening
    (lx, ly), (rx, _) = v.pt(x0, y0, z), v.pt(x1, y0, z)
    (tlx, tly), (trx, _) = v.pt(x0, y1, z), v.pt(x1, y1, z)
    outside = _Paths()
    if v.hy < ly:
        sky_h = out_ctx.sky[2]
        hill = out_ctx.grade(_snowed("#8db77a", out_ctx, 0.7))

        def edge_x(y: float) -> tuple[float, float]:
            t = (y - tly) / max(1e-6, ly - tly)
            return tlx + (lx - tlx) * t, trx + (rx - trx) * t

        yh = max(v.hy, tly)
        a, b = edge_x(yh)
        hills = []
        for i in range(25):
            u = i / 24
            e = 0.5 + 0.3 * math.sin(2.3 + u * 6.1) + 0.2 * math.sin(0.7 + u * 13)
            hills.append((a + (b - a) * u, yh - max(0.0, v.h * 0.05 * e) * (v.s / (v.h * 0.5))))
        outside.add(_mix(hill, sky_h, 0.45), _poly_d([*hills, (rx, ly + 1), (lx, ly + 1)]))
        # a band of near ground and a row of roofs
        ya = yh + (ly - yh) * 0.35
        a2, b2 = edge_x(ya)
        outside.add(_mix(hill, sky_h, 0.15), _poly_d([(a2, ya), (b2, ya), (rx, ly + 1), (lx, ly + 1)]))
        # a row of little houses: pale walls under darker pitched roofs
        x = a2 + v.w * rng.uniform(0.0, 0.03)
        walls, roofs = [], []
        y_row = ya + (ly - ya) * 0.55
        while x < b2 - v.w * 0.04:
            w = v.w * rng.uniform(0.06, 0.1)
            xb = min(b2, x + w)
            h = min(ly - ya, v.h * 0.2) * rng.uniform(0.35, 0.55)
            yt = y_row - h
            walls.append(_poly_d([(x, ly + 1), (xb, ly + 1), (xb, yt), (x, yt)]))
            over = (xb - x) * 0.08
            roofs.append(_poly_d([(x - over, yt + 0.5), (xb + over, yt + 0.5), ((x + xb) / 2, yt - (xb - x) * 0.32)]))
            x = xb + v.w * rng.uniform(0.015, 0.05)
        outside.add(_mix(out_ctx.grade(_snowed("#e9e2d4", out_ctx, 0.3)), sky_h, 0.3), "".join(walls))
        outside.add(_mix(out_ctx.grade(_snowed("#a86a58", out_ctx, 0.7)), sky_h, 0.3), "".join(roofs))
    out.append(outside.svg())
    wall = _Paths()
    col = g("#efe5d3")
    wall.add(col, _poly_d(_clamp_pts(v, _q(v, -big, x0, -0.5, top, z))))
    wall.add(col, _poly_d(_clamp_pts(v, _q(v, x1, big, -0.5, top, z))))
    wall.add(col, _poly_d(_clamp_pts(v, _q(v, x0 - 0.01, x1 + 0.01, y1, top, z))))
    wall.add(col, _poly_d(_clamp_pts(v, _q(v, x0 - 0.01, x1 + 0.01, -0.5, y0, z))))
    out.append(wall.svg())
    # the sill: a wide wooden ledge, its top from the wall to the front edge, then its lip
    sill = _Paths()
    wood, wood_far, lip_c = "#d9b98f", "#cfae83", "#b48e64"
    yw, yf = v.gy(z), v.gy(_SILL_FRONT_Z)
    sill.add(g(wood_far), _rect_d(v.x0, yw - 1, v.w, yf - yw + 1))
    sill.add(g(wood), _rect_d(v.x0, yw + (yf - yw) * 0.4, v.w, (yf - yw) * 0.6))
    sill.add(g("#e8cfa8"), _rect_d(v.x0, yf - max(1.0, (yf - yw) * 0.05), v.w, max(1.0, (yf - yw) * 0.05)))
    lip = max(3.0, v.s * 0.07 / _SILL_FRONT_Z * v.vsq)
    sill.add(g(lip_c), _rect_d(v.x0, yf, v.w, lip))
    sill.add(g("#e4d8c2"), _rect_d(v.x0, yf + lip, v.w, max(0.0, v.bottom - yf - lip) + 1))
    sill.add(g("#cdbfa6"), _rect_d(v.x0, yf + lip, v.w, max(1.0, lip * 0.4)))
    # grain on the sill
    for i in range(3):
        yy = yw + (yf - yw) * (0.2 + 0.28 * i)
        sill.add(
            g("#c9a77b"),
            _rect_d(
                v.x0 + v.w * ctx.rng.uniform(0, 0.3), yy, v.w * ctx.rng.uniform(0.3, 0.6), max(0.8, (yf - yw) * 0.012)
            ),
            0.6,
        )
    out.append(sill.svg())
    return "".join(out)


def _windowsill_props(ctx: _Ctx) -> str:
    ctx = _indoor(ctx)
    v, rng = ctx.view, ctx.rng
    g = ctx.grade
    z = _SILL_WALL_Z
    x0, x1, y0, y1 = _window_box(ctx)
    paths = _Paths()
    white, shade = g("#fbf9f4"), g("#dcd6cb")
    fr = 0.07
    # the frame, the sashes' meeting rail and a transom
    paths.add(shade, _poly_d(_q(v, x0 - fr, x0, y0, y1, z)))
    paths.add(shade, _poly_d(_q(v, x1, x1 + fr, y0, y1, z)))
    paths.add(white, _poly_d(_q(v, x0 - fr, x1 + fr, y1, y1 + fr, z)))
    paths.add(white, _poly_d(_q(v, -0.035, 0.035, y0, y1, z)))
    ty = y0 + (y1 - y0) * 0.74
    paths.add(white, _poly_d(_q(v, x0, x1, ty - 0.025, ty + 0.025, z)))
    paths.add(white, _poly_d(_q(v, x0, x1, y0, y0 + 0.05, z)))
    # a faint reflection on the glass
    for k, (a, b) in enumerate(((0.12, 0.2),)):
        u0 = x0 + (x1 - x0) * a
        w = (x1 - x0) * (b - a)
        paths.add(
            "#ffffff",
            _poly_d(
                [
                    v.pt(u0, y0 + 0.4, z),
                    v.pt(u0 + w, y0 + 0.4, z),
                    v.pt(u0 + w + 0.35, ty - 0.05, z),
                    v.pt(u0 + 0.35, ty - 0.05, z),
                ]
            ),
            0.12 - 0.04 * k,
        )
    # curtains hanging from a rod, gathered at the sides
    cur, fold = g("#e9b7a2"), g("#d59c86")
    for sgn in (-1, 1):
        xe = x0 if sgn < 0 else x1
        xa, xb = sorted((xe - sgn * 0.45, xe + sgn * 0.28))
        pts = [
            v.pt(xa, y1 + 0.2, z - 0.05),
            v.pt(xb, y1 + 0.2, z - 0.05),
            v.pt(xb - sgn * 0.08, y0, z - 0.05),
            v.pt(xa, y0, z - 0.05),
        ]
        paths.add(cur, _poly_d(_clamp_pts(v, pts)))
        for f in (0.3, 0.65):
            xm = xa + (xb - xa) * f
            paths.add(
                fold,
                _poly_d(
                    _clamp_pts(
                        v,
                        [
                            v.pt(xm - 0.025, y1 + 0.2, z - 0.05),
                            v.pt(xm + 0.025, y1 + 0.2, z - 0.05),
                            v.pt(xm + 0.02 - sgn * 0.04 * f, y0, z - 0.05),
                            v.pt(xm - 0.02 - sgn * 0.04 * f, y0, z - 0.05),
                        ],
                    )
                ),
            )
    paths.add(g("#9c7a58"), _poly_d(_clamp_pts(v, _q(v, x0 - 0.6, x1 + 0.6, y1 + 0.18, y1 + 0.24, z - 0.05))))
    # a potted plant at one end of the sill
    side = rng.choice((-1, 1))
    pz = (_SILL_WALL_Z + _SILL_FRONT_Z) / 2 + 0.05
    px = side * v.half(pz) * 0.74
    s = v.s / pz
    bx, by = v.pt(px, 0, pz)
    paths.add(g("#7a5a3a"), _ellipse_d(bx, by, 0.2 * s, 0.2 * s * v.flat(pz) * 0.6), 0.22)
    ph = 0.3 * s * v.vsq
    paths.add(
        g("#d9825b"),
        _poly_d([(bx - 0.15 * s, by - ph), (bx + 0.15 * s, by - ph), (bx + 0.11 * s, by), (bx - 0.11 * s, by)]),
    )
    paths.add(
        g("#c56e4a"),
        _poly_d(
            [
                (bx - 0.165 * s, by - ph),
                (bx + 0.165 * s, by - ph),
                (bx + 0.165 * s, by - ph * 0.8),
                (bx - 0.165 * s, by - ph * 0.8),
            ]
        ),
    )
    leaves_d: list[str] = []
    leaves_l: list[str] = []
    for k in range(7):
        a = math.radians(-90 + (k - 3) * 24 + rng.uniform(-6, 6))
        ln = s * rng.uniform(0.28, 0.4)
        tip = (bx + math.cos(a) * ln, by - ph - abs(math.sin(a)) * ln * 1.05)
        d = _leaf_d(bx + math.cos(a) * s * 0.02, by - ph, tip[0], tip[1], ln * 0.22)
        (leaves_d if k % 2 else leaves_l).append(d)
    paths.add(g("#3f8a4e"), "".join(leaves_d))
    paths.add(g("#5aa75f"), "".join(leaves_l))
    return paths.svg()
