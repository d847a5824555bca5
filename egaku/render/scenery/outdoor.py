"""The outdoor settings, ground and props: meadow (grass, hills, a tree, flowers), beach
(sand, the sea and its shore, palms and waves), city (pavement and buildings), forest
(forest floor and trees), snowfield (snow, snowy hills and pines) and ice (a floe on a
dark sea, icebergs).
"""

from __future__ import annotations

import math

from .ground import _bands, _puddles, _scatter_row, _tufts
from .light import _dark, _mix
from .props import _flowers, _hills, _palm, _pine, _round_tree
from .sky import _star_d
from .view import _Ctx, _ellipse_d, _p, _Paths, _poly_d, _rows


def _meadow_ground(ctx: _Ctx) -> str:
    v = ctx.view
    near, far = "#7dbb57", "#a5cf7c"
    if ctx.snowy:
        near, far = _mix(near, "#eef3f7", 0.72), _mix(far, "#eef3f7", 0.72)
    out = _bands(ctx, near, far, v.z_near, 400, 12)
    paths = _Paths(ordered=False)
    tufts: tuple[str, ...] = ("#5c9a40", "#6aa94b", "#8fc96b")
    if ctx.snowy:
        tufts = tuple(_mix(c, "#e8eef3", 0.55) for c in tufts)
    _tufts(ctx, paths, tufts, 14, 0.09, 1.0 if not ctx.snowy else 0.35)
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, 8, 7 if ctx.weather == "rain" else 11)
    return out + paths.svg()


_SHORE_Z = 6.0  # depth of the shore line on the beach
_ICE_EDGE_Z = 3.4  # depth of the ice floe's front edge


def _beach_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    z_shore = _SHORE_Z
    sand_near, sand_far = "#f2dcab", "#ead2a0"
    if ctx.snowy:
        sand_near, sand_far = _mix(sand_near, "#f1f5f8", 0.6), _mix(sand_far, "#f1f5f8", 0.6)
    out = [_bands(ctx, "#5fb9d4", "#3e8fc0", z_shore, 400, 6)]
    out.append(_bands(ctx, sand_near, sand_far, v.z_near, z_shore, 5))
    paths = _Paths(ordered=False)
    # wet sand and the foam line along the shore, wavy
    y_shore = v.gy(z_shore)
    wet = ctx.grade("#d9bd8a")
    foam = ctx.grade("#ffffff")
    amp = max(1.0, v.d / z_shore * 0.08)
    pts_wet, pts_foam = [], []
    steps = 24
    ph = rng.uniform(0, 6.28)
    for i in range(steps + 1):
        x = v.x0 + v.w * i / steps
        wob = math.sin(ph + i * 0.9) * amp + math.sin(ph * 2 + i * 0.37) * amp
        pts_wet.append((x, y_shore + amp * 3 + wob))
        pts_foam.append((x, y_shore + amp * 1.2 + wob * 0.7))
    paths.add(wet, _poly_d([(v.x0, y_shore - 1), (v.right, y_shore - 1), *pts_wet[::-1]]))
    paths.add(foam, _poly_d([(v.x0, y_shore - 1), (v.right, y_shore - 1), *pts_foam[::-1]]), 0.9)
    # sand ripples: short shallow arcs, rows crowding toward the shore
    ripple = ctx.grade("#e2c791")
    for z in _rows(v, z_shore * 0.92, 0.45, 4):
        for x in _scatter_row(ctx, z, max(3, round(3 + 0.6 * z))):
            w = v.s / z * rng.uniform(0.18, 0.32)
            t = max(0.8, v.s / z * 0.012)
            bx, by = v.px(x, z), v.gy(z)
            sag = w * 0.18 * v.flat(z) + t
            paths.add(
                ripple,
                f"M{_p(bx - w, by)}Q{_p(bx, by - sag * 2)} {_p(bx + w, by)}Q{_p(bx, by - sag * 2 + t * 2)} {_p(bx - w, by)}Z",
            )
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, z_shore * 0.8, 6)
    return "".join(out) + paths.svg()


def _city_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    z_curb, z_far_curb = 2.6, 6.2
    out = [
        _bands(ctx, "#b9b2a8", "#aba69f", z_far_curb, 400, 4),
        _bands(ctx, "#6f737c", "#7b7f88", z_curb, z_far_curb, 4),
        _bands(ctx, "#d2cbc0", "#c8c1b6", v.z_near, z_curb, 4),
    ]
    paths = _Paths(ordered=False)
    kerb = ctx.grade("#9d978e")
    for z in (z_curb, z_far_curb):
        y = v.gy(z)
        paths.add(
            kerb,
            _poly_d(
                [
                    (v.x0, y - max(1.0, v.d / z * 0.05)),
                    (v.right, y - max(1.0, v.d / z * 0.05)),
                    (v.right, y + 1),
                    (v.x0, y + 1),
                ]
            ),
        )
    # lane markings: dashes along the middle of the road, in world units
    zm = (z_curb + z_far_curb) / 2
    dash = ctx.grade("#f2efe6")
    ym, th = v.gy(zm), max(1.0, (v.gy(zm - 0.08) - v.gy(zm + 0.08)))
    off = rng.uniform(0, 1.4)
    x = -v.half(zm) - off
    while x < v.half(zm):
        paths.add(
            dash,
            _poly_d(
                [
                    (v.px(x, zm), ym - th / 2),
                    (v.px(x + 0.7, zm), ym - th / 2),
                    (v.px(x + 0.7, zm), ym + th / 2),
                    (v.px(x, zm), ym + th / 2),
                ]
            ),
        )
        x += 1.4
    # paving joints: lines along the depth converge on the centre of the horizon; lines
    # across sit at even depths, so they crowd toward the road
    joint = ctx.grade("#b7afa4")
    tile = 0.55
    lw = max(1.0, v.h * 0.0018)
    zb = v.z_near
    i0 = math.floor(-v.half(zb) / tile) - 1
    i1 = math.ceil(v.half(zb) / tile) + 1
    for i in range(i0, i1 + 1):
        x = (i + 0.5) * tile
        xa, xb = v.px(x, zb), v.px(x, z_curb)
        paths.add(
            joint,
            _poly_d(
                [(xa - lw, v.bottom), (xa + lw, v.bottom), (xb + lw * 0.3, v.gy(z_curb)), (xb - lw * 0.3, v.gy(z_curb))]
            ),
        )
    z = zb
    k = 0
    while z < z_curb:
        z = zb + (k + rng.uniform(0.3, 0.6)) * tile * 1.1
        k += 1
        if z >= z_curb:
            break
        y = v.gy(z)
        t = max(0.8, lw * v.z_near / z)
        paths.add(joint, _poly_d([(v.x0, y - t / 2), (v.right, y - t / 2), (v.right, y + t / 2), (v.x0, y + t / 2)]))
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, z_far_curb, 9 if ctx.weather == "rain" else 14)
    if ctx.snowy:
        for z in _rows(v, z_far_curb, 0.6, 5):
            for x in _scatter_row(ctx, z, 3):
                rx = v.s / z * rng.uniform(0.3, 0.7)
                paths.add(ctx.grade("#f3f6f9"), _ellipse_d(v.px(x, z), v.gy(z), rx, rx * v.flat(z) * 0.6), 0.85)
    return "".join(out) + paths.svg()


def _forest_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    near, far = "#6f8f45", "#8aa35c"
    if ctx.snowy:
        near, far = _mix(near, "#eef2f4", 0.7), _mix(far, "#eef2f4", 0.7)
    out = _bands(ctx, near, far, v.z_near, 400)
    paths = _Paths(ordered=False)
    # a winding path of packed earth toward the horizon
    earth = "#b89467" if not ctx.snowy else "#d9d2c8"
    ph = rng.uniform(0, 6.28)
    left, right = [], []
    for i in range(26):
        z = v.z_near * (40 / v.z_near) ** (i / 25)
        c = math.sin(ph + z * 0.35) * min(1.5, 0.25 * z)
        hw = 0.42 + 0.04 * z
        left.append((v.px(c - hw, z), v.gy(z)))
        right.append((v.px(c + hw, z), v.gy(z)))
    # one shape (pieces in steps of haze would show seams); its far end fades into the haze
    paths.add(ctx.haze(earth, 2.5), _poly_d([*left, *right[::-1]]))
    k = next(i for i in range(26) if v.z_near * (40 / v.z_near) ** (i / 25) > 8)
    paths.add(ctx.haze(earth, 16), _poly_d([*left[k:], *right[k:][::-1]]), 0.7)
    # leaf litter and ferns
    litter = ("#8a6a3f", "#a07b48", "#5d7a36")
    for z in _rows(v, 12, 0.42, 4):
        if z < 1.1:
            continue
        for x in _scatter_row(ctx, z, max(3, round(3 + 0.5 * z))):
            r = v.s / z * rng.uniform(0.025, 0.045)
            c = ctx.haze(rng.choice(litter), z)
            paths.add(c, _ellipse_d(v.px(x, z), v.gy(z), r, r * max(0.35, v.flat(z))))
    _tufts(ctx, paths, ("#4f7330", "#5f853a"), 10, 0.11, 0.4)
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, 7, 6)
    return out + paths.svg()


def _snow_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    out = _bands(ctx, "#f6f9fc", "#e6eef6", v.z_near, 400, 8)
    paths = _Paths(ordered=False)
    # drifts: long low shadows, flatter and closer together toward the horizon
    shadow = "#dce6f0"
    for z in _rows(v, 30, 1.1, 6):
        for x in _scatter_row(ctx, z, 2):
            rx = min(v.w * 0.4, v.s / z * rng.uniform(0.8, 1.5))
            ry = rx * v.flat(z) * rng.uniform(0.18, 0.26)
            px, py = v.px(x, z), v.gy(z)
            paths.add(
                ctx.haze(shadow, z),
                f"M{_p(px - rx, py)}Q{_p(px, py - ry * 2)} {_p(px + rx, py)}Q{_p(px, py - ry * 0.6)} {_p(px - rx, py)}Z",
            )
    sparkle = ctx.grade("#ffffff")
    for z in _rows(v, 8, 0.6, 4):
        for x in _scatter_row(ctx, z, 2):
            r = v.s / z * 0.014
            paths.add(sparkle, _star_d(v.px(x, z), v.gy(z) - r, r * 1.6))
    return out + paths.svg()


def _ice_ground(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    z_edge = _ICE_EDGE_Z
    # the floe's jagged front edge, in world units, slightly in and out
    edge = []
    half = v.half(z_edge) * 1.3
    steps = 16
    for i in range(steps + 1):
        x = -half + 2 * half * i / steps
        edge.append((x, z_edge * (1 + rng.uniform(-0.07, 0.07))))
    top = [(v.px(x, z), v.gy(z)) for x, z in edge]
    thick = 0.16  # the floe stands this far out of the water
    face_pts = [v.pt(x, -thick, z) for x, z in edge]
    y_min = min(y for _, y in top)
    # ice surface first (full width), then the sea and the floe's face over its top
    out = [_bands(ctx, "#e1f0f8", "#d0e5f1", v.z_near, v.zy(y_min), 6)]
    paths = _Paths()
    inner = _Paths(ordered=False)
    # soft drifts of snow on the ice, and cracks crowding toward the edge
    drift = ctx.grade("#f3f9fc")
    for z in _rows(v, z_edge * 0.85, 0.55, 6):
        for x in _scatter_row(ctx, z, 2):
            rx = v.s / z * rng.uniform(0.5, 0.9)
            ry = rx * min(0.06, v.flat(z) * 0.3)
            px, py = v.px(x, z), v.gy(z)
            inner.add(
                ctx.haze(drift, z),
                f"M{_p(px - rx, py)}C{_p(px - rx * 0.5, py - ry * 0.2)} {_p(px - rx * 0.4, py - ry * 2)} {_p(px, py - ry * 2)}"
                f"C{_p(px + rx * 0.4, py - ry * 2)} {_p(px + rx * 0.5, py - ry * 0.2)} {_p(px + rx, py)}Z",
            )
    crack = ctx.grade("#9dc3da")
    for z in _rows(v, z_edge * 0.8, 0.5, 8):
        for x in _scatter_row(ctx, z, 1):
            # a long jagged crack running mostly sideways, sometimes forking
            pts = []
            xx, zz = x, z
            dirn = rng.choice((-1, 1))
            for _ in range(rng.randint(4, 7)):
                pts.append((xx, zz))
                xx += rng.uniform(0.15, 0.4) * dirn
                zz = min(z_edge * 0.85, max(v.z_near, zz * rng.uniform(0.93, 1.08)))
            t = max(1.0, v.d / z * 0.025)
            line = [(v.px(a, b), v.gy(b)) for a, b in pts]
            inner.add(ctx.haze(crack, z), _poly_d([*line, *[(px + t * 0.5, py + t) for px, py in line[::-1]]]))
            if len(pts) > 3 and rng.random() < 0.6:
                a, b = pts[len(pts) // 2]
                fork = [
                    (v.px(a, b), v.gy(b)),
                    (v.px(a + 0.2 * dirn, b * 0.94), v.gy(b * 0.94)),
                    (v.px(a + 0.35 * dirn, b * 0.9), v.gy(b * 0.9)),
                ]
                inner.add(
                    ctx.haze(crack, z), _poly_d([*fork, *[(px + t * 0.4, py + t * 0.8) for px, py in fork[::-1]]])
                )
    sea = _Paths()
    # the sea strip from the horizon down to the floe's edge (and under its face)
    sea_col = ctx.haze("#23506f", 4)
    sea.add(sea_col, _poly_d([(v.x0 - 2, v.hy), (v.right + 2, v.hy), *[(x, y + 2) for x, y in face_pts[::-1]]]))
    sea.add(
        ctx.haze("#2f5f80", 12),
        _poly_d([(v.x0 - 2, v.hy), (v.right + 2, v.hy), (v.right + 2, v.gy(20)), (v.x0 - 2, v.gy(20))]),
    )
    glint = ctx.haze("#5f90b2", 6)
    for z in _rows(v, 200, 2.5, 3):
        if z < z_edge * 1.25:
            continue
        for x in _scatter_row(ctx, z, 3):
            w = v.s / z * rng.uniform(0.3, 0.8)
            t = max(1.0, v.d / z * 0.015)
            bx, by = v.px(x, z), v.gy(z)
            sea.add(glint, _poly_d([(bx - w, by), (bx + w, by), (bx + w * 0.8, by + t), (bx - w * 0.8, by + t)]))
    face = _Paths()
    face.add(ctx.grade("#7fb4d4"), _poly_d([*top, *face_pts[::-1]]))
    face.add(
        ctx.grade("#f4fafd"),
        _poly_d([*top, *[(x, y + max(1.0, (fy - y) * 0.18)) for (x, y), (_, fy) in zip(top[::-1], face_pts[::-1])]]),
    )
    if ctx.wet:
        _puddles(ctx, paths, v.z_near * 1.1, z_edge * 0.8, 6)
    out += [inner.svg(), paths.svg(), sea.svg(), face.svg()]
    return "".join(out)


def _meadow_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    _hills(ctx, paths, ("#8fbf77", "#79b063"), (7.0, 4.0), (90.0, 45.0))
    side = -ctx.sun_side
    tz2 = rng.uniform(11, 16)
    _round_tree(
        ctx, paths, -side * v.half(tz2) * rng.uniform(0.3, 0.6), tz2, rng.uniform(2.6, 3.2), "#6aad52", "#8a5a3b"
    )
    tz = rng.uniform(5.0, 6.5)
    _round_tree(
        ctx, paths, side * v.half(tz) * rng.uniform(0.55, 0.72), tz, rng.uniform(2.5, 2.9), "#5fa347", "#8a5a3b"
    )
    if not ctx.snowy:
        # as many flowers per area of ground seen, so a view from above is not bare
        ground = (v.bottom - v.hy) / v.h
        _flowers(ctx, paths, round(22 + 40 * ground), 9)
    return paths.svg()


def _beach_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    # wave crests on the sea: short light arcs, thinner and denser toward the horizon
    crest = ctx.grade("#e8f6fb")
    for z in _rows(v, 120, 2.2, 4):
        if z < _SHORE_Z + 0.6:
            continue
        for x in _scatter_row(ctx, z, max(2, round(1.5 + z * 0.12))):
            w = v.s / z * rng.uniform(0.35, 0.7)
            t = max(1.0, v.d / z * 0.03)
            bx, by = v.px(x, z), v.gy(z)
            paths.add(
                ctx.haze(crest, z, 200),
                f"M{_p(bx - w, by)}Q{_p(bx, by - t * 2.4)} {_p(bx + w, by)}Q{_p(bx, by - t * 0.6)} {_p(bx - w, by)}Z",
                0.9,
            )
    # a distant island
    iz = 150.0
    ix = rng.uniform(-0.5, 0.5) * v.half(iz)
    iw = rng.uniform(10, 16)
    pts = [
        v.pt(ix - iw / 2 + i / 12 * iw, 9 * math.sin(math.pi * i / 12) ** 0.7 * rng.uniform(0.9, 1.05), iz)
        for i in range(13)
    ]
    paths.add(ctx.haze("#5f9a7a", iz, 200), _poly_d(pts))
    # palms on the sand, one near and one further back on the other side
    side = -ctx.sun_side
    palms = []
    for k, (z0, hgt) in enumerate(((3.2, 2.4), (5.0, 2.4))):
        z = z0 * rng.uniform(0.92, 1.08)
        sgn = side if k == 0 else -side
        x = sgn * v.half(z) * rng.uniform(0.6, 0.78)
        palms.append((z, x, hgt * rng.uniform(0.92, 1.08), -sgn * rng.uniform(0.25, 0.45)))
    for z, x, hgt, lean in sorted(palms, reverse=True):
        _palm(ctx, paths, x, z, hgt, lean)
    return paths.svg()


def _city_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    out = _Paths()
    night = ctx.time == "night"
    dusk = ctx.time == "sunset"
    # a far skyline of plain silhouettes
    zf = 34.0
    x = -v.half(zf) * 1.1
    skyline = ctx.haze("#8b9bb0", zf, 60)
    while x < v.half(zf) * 1.1:
        w = rng.uniform(2.5, 5.0)
        hgt = rng.uniform(6, 14)
        out.add(skyline, _poly_d([v.pt(x, 0, zf), v.pt(x + w, 0, zf), v.pt(x + w, hgt, zf), v.pt(x, hgt, zf)]))
        x += w + rng.uniform(-0.5, 0.8)
    facades = ("#9fb1c2", "#c4b3a2", "#a8bba8", "#c8b8c9", "#b7c3cf", "#d3c1a5")
    # the street's buildings: boxes whose side shows on the side away from the centre line
    z0 = 7.2
    x = -v.half(z0) * 1.15
    boxes = []
    while x < v.half(z0) * 1.15:
        w = rng.uniform(1.6, 3.0)
        hgt = rng.uniform(3.5, 8.5)
        boxes.append((x, w, hgt, rng.choice(facades)))
        x += w + rng.uniform(0.0, 0.5)
    depth = 2.5
    lit = "#ffd77a"
    # draw the outer ones first so the inner ones' sides overlap correctly
    for x, w, hgt, col in sorted(boxes, key=lambda b: -abs(b[0] + b[1] / 2)):
        front = ctx.haze(col, z0)
        side = ctx.haze(_dark(col, 0.25), z0)
        if x > 0:
            out.add(side, _poly_d([v.pt(x, 0, z0), v.pt(x, 0, z0 + depth), v.pt(x, hgt, z0 + depth), v.pt(x, hgt, z0)]))
        elif x + w < 0:
            out.add(
                side,
                _poly_d(
                    [v.pt(x + w, 0, z0), v.pt(x + w, 0, z0 + depth), v.pt(x + w, hgt, z0 + depth), v.pt(x + w, hgt, z0)]
                ),
            )
        out.add(front, _poly_d([v.pt(x, 0, z0), v.pt(x + w, 0, z0), v.pt(x + w, hgt, z0), v.pt(x, hgt, z0)]))
        out.add(
            ctx.haze(_dark(col, 0.35), z0),
            _poly_d(
                [
                    v.pt(x - 0.05, hgt, z0),
                    v.pt(x + w + 0.05, hgt, z0),
                    v.pt(x + w + 0.05, hgt - 0.12, z0),
                    v.pt(x - 0.05, hgt - 0.12, z0),
                ]
            ),
        )
        # windows on a grid
        cols = max(1, int(w / 0.55))
        gap = w / cols
        rows = int((hgt - 0.9) / 0.75)
        dark_win = ctx.haze(_mix(col, "#4b5a6e", 0.55), z0)
        glass = ctx.haze(_mix(col, "#e6f0f7", 0.55), z0)
        for r in range(rows):
            wy = 0.9 + r * 0.75
            for c in range(cols):
                wx = x + c * gap + gap * 0.25
                on = (night or dusk) and rng.random() < (0.55 if night else 0.3)
                fill = ctx.grade(lit) if on else (dark_win if night else glass)
                if on and night:
                    fill = lit
                out.add(
                    fill,
                    _poly_d(
                        [
                            v.pt(wx, wy, z0),
                            v.pt(wx + gap * 0.5, wy, z0),
                            v.pt(wx + gap * 0.5, wy + 0.42, z0),
                            v.pt(wx, wy + 0.42, z0),
                        ]
                    ),
                )
        # a door at street level
        dx = x + w * rng.uniform(0.3, 0.6)
        out.add(
            ctx.haze(_dark(col, 0.45), z0),
            _poly_d([v.pt(dx, 0, z0), v.pt(dx + 0.35, 0, z0), v.pt(dx + 0.35, 0.6, z0), v.pt(dx, 0.6, z0)]),
        )
    # street trees along the near kerb
    for sgn in (-1, 1):
        z = rng.uniform(2.8, 3.4)
        _round_tree(ctx, out, sgn * v.half(z) * rng.uniform(0.7, 0.85), z, 2.2, "#6aa64f", "#7b5a40")
    return out.svg()


def _forest_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    trees: list[tuple[float, float, float, str]] = []  # z, x, height, kind
    # far ranks fill the horizon; nearer ones stand at the sides, clear of the path
    for z0, count, hmin, hmax in (
        (34.0, 14, 4.5, 6.5),
        (18.0, 9, 4.0, 6.0),
        (9.0, 6, 3.6, 5.0),
        (4.0, 4, 3.4, 4.4),
        (2.4, 2, 3.0, 3.6),
    ):
        half = v.half(z0) * 1.1
        for i in range(count):
            z = z0 * rng.uniform(0.9, 1.1)
            x = -half + (i + rng.uniform(0.2, 0.8)) * 2 * half / count
            if abs(x) < (1.2 if z0 < 10 else 0.6 + 0.06 * z0) * (1 + 0.1 * z0):
                continue
            trees.append((z, x, rng.uniform(hmin, hmax), "pine" if rng.random() < 0.55 else "round"))
    for z, x, hgt, kind in sorted(trees, reverse=True):
        if kind == "pine":
            _pine(ctx, paths, x, z, hgt, "#3f7a45", "#6b4a33", snow=ctx.snowy)
        else:
            _round_tree(ctx, paths, x, z, hgt * 0.85, "#5a9444" if not ctx.snowy else "#9bb79a", "#6b4a33")
    return paths.svg()


def _snow_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    _hills(ctx, paths, ("#a6bdd6", "#dae5f1"), (14.0, 6.0), (70.0, 32.0))
    trees = []
    for z0, count in ((16.0, 7), (6.5, 4), (3.2, 2)):
        half = v.half(z0) * 1.05
        for i in range(count):
            z = z0 * rng.uniform(0.85, 1.15)
            x = -half + (i + rng.uniform(0.2, 0.8)) * 2 * half / count
            if abs(x) < 1.0 + 0.08 * z0 or (z0 < 4 and x * ctx.sun_side > 0):
                continue
            trees.append((z, x, rng.uniform(2.4, 3.6)))
    for z, x, hgt in sorted(trees, reverse=True):
        _pine(ctx, paths, x, z, hgt, "#3d6e5a", "#5f4a3a", snow=True)
    return paths.svg()


def _ice_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    paths = _Paths()
    bergs = [
        (rng.uniform(26, 36), rng.uniform(-0.75, -0.35), rng.uniform(6, 8.5)),
        (rng.uniform(11, 15), rng.uniform(0.5, 0.85), rng.uniform(1.6, 2.3)),
    ]
    if rng.random() < 0.75:
        bergs.append((rng.uniform(70, 100), rng.uniform(-0.1, 0.4), rng.uniform(8, 11)))
    side = rng.choice((-1, 1))
    for z, fx, hgt in sorted(bergs, reverse=True):
        x = side * fx * v.half(z)
        w = hgt * rng.uniform(1.6, 2.4)
        k = rng.randint(4, 6)
        top = []
        for i in range(k + 1):
            u = i / k
            peak = math.sin(math.pi * u) ** 0.6
            top.append((x - w / 2 + u * w + rng.uniform(-0.08, 0.08) * w / k, hgt * peak * rng.uniform(0.75, 1.0)))
        top[0] = (top[0][0], 0.0)
        top[-1] = (top[-1][0], 0.0)
        pts = [v.pt(a, b, z) for a, b in top]
        paths.add(ctx.haze("#f3f9fd", z, 160), _poly_d(pts))
        # the shaded faces on the far side of each peak
        hi = max(range(len(top)), key=lambda i: top[i][1])
        shade = [
            v.pt(top[hi][0], top[hi][1], z),
            *[v.pt(a, b, z) for a, b in top[hi + 1 :]],
            v.pt(top[hi][0] + w * 0.08, 0, z),
        ]
        paths.add(ctx.haze("#bcd8ea", z, 160), _poly_d(shade))
        # waterline
        wl = [v.pt(x - w * 0.55, 0, z), v.pt(x + w * 0.55, 0, z)]
        t = max(1.0, v.d / z * 0.05)
        paths.add(
            ctx.haze("#8fb6cf", z, 160), _poly_d([wl[0], wl[1], (wl[1][0], wl[1][1] + t), (wl[0][0], wl[0][1] + t)])
        )
    # small floes on the sea strip
    for _ in range(3):
        z = rng.uniform(8.5, 30)
        x = rng.uniform(-0.9, 0.9) * v.half(z)
        rx = v.s / z * rng.uniform(0.4, 0.9)
        paths.add(ctx.haze("#e6f2f9", z, 160), _ellipse_d(v.px(x, z), v.gy(z), rx, max(1.0, rx * v.flat(z) * 0.5)))
    return paths.svg()
