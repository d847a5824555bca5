"""The indoor settings, room and stage: a floor seen through the camera with the wall or
backdrop standing behind it (so their ground layer is opaque everywhere and hides the
sky), and their props: a window onto the sky of the hour, a picture and a plant; curtains
and spotlights.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .light import _dark, _mix
from .props import _icon
from .view import _circle_d, _Ctx, _ellipse_d, _Paths, _poly_d, _rect, _stepped_d


def _indoor_floor(
    ctx: _Ctx, wall_z: float, plank: str, wall: str, skirting: str, board: float = 0.3
) -> tuple[str, _Paths]:
    """A wall standing at depth ``wall_z`` and a plank floor in front of it."""
    v, rng = ctx.view, ctx.rng
    y_wall = v.gy(wall_z)
    out = [_rect(v.x0, v.y0, v.w, y_wall - v.y0 + 1, ctx.grade(wall))]
    # floor planks: light and dark boards, seams converging on the horizon's centre
    out.append(_rect(v.x0, y_wall, v.w, v.bottom - y_wall, ctx.grade(plank)))
    paths = _Paths()
    half = v.half(v.z_near) + board
    i = math.floor(-half / board)
    seam = ctx.grade(_dark(plank, 0.28))
    alt = ctx.grade(_mix(plank, "#ffffff", 0.06))
    lw = max(0.8, v.h * 0.0012)
    while i * board < half:
        xa, xb = i * board, (i + 1) * board
        if i % 2 == 0:
            paths.add(
                alt,
                _poly_d(
                    [
                        (v.px(xa, v.z_near), v.bottom),
                        (v.px(xb, v.z_near), v.bottom),
                        (v.px(xb, wall_z), y_wall),
                        (v.px(xa, wall_z), y_wall),
                    ]
                ),
            )
        paths.add(
            seam,
            _poly_d(
                [
                    (v.px(xa, v.z_near) - lw, v.bottom),
                    (v.px(xa, v.z_near) + lw, v.bottom),
                    (v.px(xa, wall_z) + lw * 0.3, y_wall),
                    (v.px(xa, wall_z) - lw * 0.3, y_wall),
                ]
            ),
        )
        # butt joints: a short seam across the board at a random depth
        z = v.z_near + rng.uniform(0.2, 1.0)
        while z < wall_z:
            y = v.gy(z)
            t = max(0.6, lw * v.z_near / z)
            paths.add(
                seam, _poly_d([(v.px(xa, z), y - t), (v.px(xb, z), y - t), (v.px(xb, z), y + t), (v.px(xa, z), y + t)])
            )
            z += rng.uniform(1.2, 2.2)
        i += 1
    # skirting board along the foot of the wall
    sk = max(2.0, v.s * 0.06 / wall_z * v.vsq)
    paths.add(
        ctx.grade(skirting),
        _poly_d([(v.x0, y_wall - sk), (v.right, y_wall - sk), (v.right, y_wall + 1), (v.x0, y_wall + 1)]),
    )
    return "".join(out), paths


_ROOM_WALL_Z = 2.6
_STAGE_BACK_Z = 3.4


def _room_ground(ctx: _Ctx) -> str:
    wall = "#f1e4cf"
    out, paths = _indoor_floor(ctx, _ROOM_WALL_Z, "#c99a68", wall, "#ffffff")
    # wallpaper: soft vertical stripes
    stripes = _wall_stripes(ctx, _ROOM_WALL_Z, 0.1, 0.4, ctx.grade(_mix(wall, "#e6d3b6", 0.45)))
    return out + stripes + paths.svg()


def _stage_ground(ctx: _Ctx) -> str:
    back = "#3a2446"
    out, paths = _indoor_floor(ctx, _STAGE_BACK_Z, "#9a6a45", back, "#24152c", 0.22)
    # the backdrop hangs in soft folds
    folds = _wall_stripes(ctx, _STAGE_BACK_Z, 0.12, 0.42, _mix(back, "#1d1024", 0.45))
    return out + folds + paths.svg()


def _window_sky(ctx: _Ctx, at: Callable[[float, float], tuple[float, float]]) -> str:
    """What the window shows: the sky of the hour (and weather), simply. ``at(u, v)``
    maps the pane (u right, v down, both 0..1) to the canvas, so everything drawn here
    follows the wall's perspective and stays inside the pane without a clip path."""
    top, mid, hor = ctx.sky
    paths = _Paths()

    def quad(u0: float, v0: float, u1: float, v1: float) -> str:
        return _poly_d([at(u0, v0), at(u1, v0), at(u1, v1), at(u0, v1)])

    for i in range(4):
        paths.add(_mix(top, hor, i / 3), quad(0, i / 4, 1, (i + 1) / 4))
    px0, py0 = at(0, 0)
    px1, py1 = at(1, 1)
    size = min(abs(px1 - px0), abs(py1 - py0))
    if ctx.time == "night" and not ctx.wet:
        paths.add("#f7f1d8", _circle_d(*at(0.7, 0.28), size * 0.09))
        for fu, fv in ((0.2, 0.2), (0.35, 0.5), (0.55, 0.15), (0.85, 0.6)):
            paths.add("#fff4d6", _circle_d(*at(fu, fv), max(0.8, size * 0.012)))
    elif ctx.weather in ("clear", "cloudy") and ctx.time != "night":
        cx, cy = at(0.33, 0.33)
        paths.add("#ffffff", _ellipse_d(cx, cy, size * 0.16, size * 0.05), 0.85)
    # a hint of a garden beyond the sill
    hill = [at(0, 0.88), at(0.4, 0.8), at(1, 0.9), at(1, 1), at(0, 1)]
    paths.add(_mix(ctx.grade("#7fae64"), hor, 0.3), _poly_d(hill))
    if ctx.wet:
        k = 7 if ctx.weather == "rain" else 12
        for i in range(k):
            u = (i + 0.5) / k
            paths.add(
                "#e6eef6", _poly_d([at(u, 0.1), at(u + 0.012, 0.1), at(u - 0.04, 0.45), at(u - 0.052, 0.45)]), 0.6
            )
    return paths.svg()


def _room_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    z = _ROOM_WALL_Z
    side = rng.choice((-1, 1))
    # a round rug where a character would stand
    rug = _Paths()
    rz = 1.0
    rx = 0.58 * v.s / rz
    ry = rx * v.flat(rz)
    rcx, rcy = v.px(0, rz), v.gy(rz)
    for k, col in ((1.0, "#d98a6e"), (0.84, "#f0b995"), (0.7, "#e29c7c"), (0.66, "#f0b995")):
        rug.add(ctx.grade(col), _ellipse_d(rcx, rcy, rx * k, ry * k))
    out = [rug.svg()]
    # the window: frame, the sky of the hour through it, bars and a sill
    wx0 = 0.5 if side > 0 else -2.1
    wx1 = wx0 + 1.6
    wy0, wy1 = 0.85, 2.1
    fr = 0.08
    frame = _Paths()
    outer = [
        v.pt(wx0 - fr, wy1 + fr, z),
        v.pt(wx1 + fr, wy1 + fr, z),
        v.pt(wx1 + fr, wy0 - fr, z),
        v.pt(wx0 - fr, wy0 - fr, z),
    ]
    frame.add(ctx.grade("#dccab0"), _poly_d([(x + 0.006 * v.s, y + 0.008 * v.s) for x, y in outer]))
    frame.add(ctx.grade("#ffffff"), _poly_d(outer))
    out.append(frame.svg())
    out.append(_window_sky(ctx, lambda u, w: v.pt(wx0 + u * (wx1 - wx0), wy1 - w * (wy1 - wy0), z)))
    bars = _Paths()
    bw = 0.035
    mx, my = (wx0 + wx1) / 2, (wy0 + wy1) / 2
    white = ctx.grade("#ffffff")
    bars.add(
        white, _poly_d([v.pt(mx - bw, wy0, z), v.pt(mx + bw, wy0, z), v.pt(mx + bw, wy1, z), v.pt(mx - bw, wy1, z)])
    )
    bars.add(
        white, _poly_d([v.pt(wx0, my - bw, z), v.pt(wx1, my - bw, z), v.pt(wx1, my + bw, z), v.pt(wx0, my + bw, z)])
    )
    sill = [
        v.pt(wx0 - 0.16, wy0 - 0.06, z),
        v.pt(wx1 + 0.16, wy0 - 0.06, z),
        v.pt(wx1 + 0.16, wy0 - 0.16, z),
        v.pt(wx0 - 0.16, wy0 - 0.16, z),
    ]
    bars.add(ctx.grade("#f7f0e6"), _poly_d(sill))
    # curtains at both sides of the window
    cur, curd = ctx.grade("#8fb3c9"), ctx.grade("#7a9fb6")
    for x0, x1 in ((wx0 - 0.3, wx0 + 0.05), (wx1 - 0.05, wx1 + 0.3)):
        bars.add(
            cur,
            _poly_d(
                [
                    v.pt(x0, wy1 + 0.2, z),
                    v.pt(x1, wy1 + 0.2, z),
                    v.pt(x1 - 0.02, wy0 - 0.3, z),
                    v.pt(x0 + 0.02, wy0 - 0.3, z),
                ]
            ),
        )
        xm = (x0 + x1) / 2
        bars.add(
            curd,
            _poly_d(
                [
                    v.pt(xm - 0.03, wy1 + 0.2, z),
                    v.pt(xm + 0.03, wy1 + 0.2, z),
                    v.pt(xm + 0.03, wy0 - 0.3, z),
                    v.pt(xm - 0.03, wy0 - 0.3, z),
                ]
            ),
        )
    bars.add(
        ctx.grade("#9c7a58"),
        _poly_d(
            [
                v.pt(wx0 - 0.4, wy1 + 0.24, z),
                v.pt(wx1 + 0.4, wy1 + 0.24, z),
                v.pt(wx1 + 0.4, wy1 + 0.19, z),
                v.pt(wx0 - 0.4, wy1 + 0.19, z),
            ]
        ),
    )
    out.append(bars.svg())
    from ...icons import icon_fragment

    # a picture on the other side of the wall, and a potted plant on the floor below it
    cx, cy = v.pt(-side * 1.35, 1.5, z)
    size = 0.95 * v.s * v.vsq / z
    out.append(icon_fragment("1F5BC", cx - size / 2, cy - size / 2, size, size))
    pz = rng.uniform(1.7, 2.0)
    bx, by = v.pt(-side * v.half(pz) * rng.uniform(0.62, 0.74), 0, pz)
    psz = 0.85 * v.s * v.vsq / pz
    sh = _Paths()
    sh.add(ctx.grade("#7a5a3a"), _ellipse_d(bx, by - psz * 0.03, psz * 0.26, psz * 0.26 * v.flat(pz)), 0.25)
    out.append(sh.svg())
    out.append(_icon("1FAB4", bx, by + psz * 0.05, psz))
    return "".join(out)


def _stage_props(ctx: _Ctx) -> str:
    v, rng = ctx.view, ctx.rng
    out = _Paths()
    vh = v.h * 0.07  # the valance
    # spotlights: soft cones from lamps under the valance to pools of light on the floor
    beam = "#fff2c2"
    for k, x in enumerate((-1.5, 0.0, 1.5)):
        z = 2.2 + (0.5 if k != 1 else 0.0) + rng.uniform(-0.15, 0.15)
        x *= 1 + 0.12 * rng.uniform(-1, 1)
        rx = 0.72 * v.s / z
        ry = rx * v.flat(z)
        px, py = v.px(x, z), v.gy(z)
        lamp_x = v.cx + (px - v.cx) * 0.3
        top = v.y0 + vh * 0.8
        cone = _stepped_d((lamp_x - v.w * 0.018, lamp_x + v.w * 0.018), top, (px - rx, px + rx), py)
        out.add(beam, cone, 0.1)
        out.add(beam, _ellipse_d(px, py, rx, ry), 0.26)
        out.add(beam, _ellipse_d(px, py, rx * 0.68, ry * 0.68), 0.2)
    # curtains: straight red drapes at both sides, in vertical folds (vertical edges also
    # keep this layer quick to rasterise), and a scalloped valance with a gold trim
    red, fold, lite, gold = "#a8263d", "#861b31", "#bf3850", "#e8b84a"
    cw = v.w * 0.12
    folds = 4
    for sgn in (-1, 1):
        edge = v.x0 if sgn < 0 else v.right
        x0, x1 = sorted((edge, edge - sgn * cw))
        out.add(red, _poly_d([(x0, v.y0), (x1, v.y0), (x1, v.bottom), (x0, v.bottom)]))
        fw = cw / folds
        for k in range(folds):
            fx = x0 + k * fw
            out.add(
                fold,
                _poly_d(
                    [
                        (fx + fw * 0.62, v.y0),
                        (fx + fw * 0.9, v.y0),
                        (fx + fw * 0.9, v.bottom),
                        (fx + fw * 0.62, v.bottom),
                    ]
                ),
            )
            out.add(
                lite,
                _poly_d(
                    [
                        (fx + fw * 0.12, v.y0),
                        (fx + fw * 0.26, v.y0),
                        (fx + fw * 0.26, v.bottom),
                        (fx + fw * 0.12, v.bottom),
                    ]
                ),
            )
    out.add(red, _poly_d([(v.x0, v.y0), (v.right, v.y0), (v.right, v.y0 + vh), (v.x0, v.y0 + vh)]))
    sc = 9
    sw = v.w / sc
    out.add(red, "".join(_ellipse_d(v.x0 + sw * (i + 0.5), v.y0 + vh, sw / 2, vh * 0.45) for i in range(sc)))
    out.add(
        lite,
        _poly_d(
            [
                (v.x0, v.y0 + vh * 0.28),
                (v.right, v.y0 + vh * 0.28),
                (v.right, v.y0 + vh * 0.36),
                (v.x0, v.y0 + vh * 0.36),
            ]
        ),
    )
    out.add(
        gold,
        _poly_d(
            [(v.x0, v.y0 + vh * 0.72), (v.right, v.y0 + vh * 0.72), (v.right, v.y0 + vh * 0.8), (v.x0, v.y0 + vh * 0.8)]
        ),
    )
    return out.svg()


def _wall_stripes(ctx: _Ctx, z: float, width: float, pitch: float, color: str) -> str:
    """Vertical stripes on a wall standing at depth ``z``, following the camera's
    converging verticals. They are drawn in whole-pixel steps: in a colour this close to
    the wall's the steps do not show, and slanted edges on every row would double the
    time to rasterise the layer."""
    v = ctx.view
    paths = _Paths()
    hgt = (v.gy(z) - v.y0) * z / (v.s * v.vsq) + 0.1
    x = -v.half(z) * 1.6
    while x < v.half(z) * 1.6:
        (bl, y0), (br, _) = v.pt(x, 0, z), v.pt(x + width, 0, z)
        (tl, y1), (tr, _) = v.pt(x, hgt, z), v.pt(x + width, hgt, z)
        if v.vp is None:
            paths.add(color, _poly_d([(bl, y0), (br, y0), (tr, y1), (tl, y1)]))
        else:
            paths.add(color, _stepped_d((tl, tr), y1, (bl, br), y0 + 1, 4))
        x += pitch
    return paths.svg()
