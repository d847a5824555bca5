"""Accessories: the umbrella (held behind the body, the paw closed over its shaft), the
bag and the glasses.
"""

from __future__ import annotations

import math

from .color import _Paint, oklab_shift
from .rig import UNIT_W, Rig
from .sketch import INK, OUTLINE, P, _ellipse_pts, _n, _poly, _pt, _ribbon, _Sketch, _smooth_corners


def _umbrella(sk: _Sketch, r: Rig, paint: _Paint) -> None:
    """An open umbrella held in the viewer's left hand, leaning over the head; it is
    drawn behind the body, so the paw closes over the shaft."""
    k = r.k
    hand = r.arms[0][1]
    theta = math.radians(17)
    ax, ay = math.sin(theta), -math.cos(theta)  # up the shaft
    c_y = r.top + 1.0 * k
    length = (hand[1] - c_y) / -ay
    c = (hand[0] + ax * length, hand[1] + ay * length)
    rad, dome = 37.0 * k, {"eye": 0.66, "high": 0.8, "low": 0.54}[r.angle]
    hd = rad * dome

    def world(p: P) -> P:  # canopy frame (x along the rim, y down the shaft) → figure units
        return (c[0] + p[0] * -ay + p[1] * -ax, c[1] + p[0] * ax + p[1] * -ay)

    # shrink the canopy until it fits the unit space
    for _ in range(16):
        probe = (
            [world((x, 0.0)) for x in (-rad, rad)]
            + [world((0.0, -hd - 4 * k - 1.5 * k))]
            + [world((x * rad, -hd * math.sqrt(max(0.0, 1 - x * x)))) for x in (-0.7, -0.3, 0.0, 0.3, 0.7)]
        )
        if all(OUTLINE <= x <= UNIT_W - OUTLINE and y >= OUTLINE for x, y in probe):
            break
        rad, hd = rad * 0.96, hd * 0.96
    # shaft and tip
    tip = world((0.0, -hd - 4 * k))
    grip = (hand[0] - ax * 5 * k, hand[1] - ay * 5 * k)
    sk.stroke(f"M{_pt(grip)}L{_pt(tip)}", [grip, tip], INK, 2.6 * k + 2 * OUTLINE)
    sk.stroke(f"M{_pt(grip)}L{_pt(tip)}", [], "#8A6A4A", 2.6 * k)
    # the J handle below the paw
    hk = (grip[0] + 5.5 * k, grip[1])
    hook = f"M{_pt(grip)}Q{_pt((grip[0], grip[1] + 8 * k))} {_pt((hk[0], grip[1] + 7 * k))}Q{_pt((hk[0] + 2.5 * k, grip[1] + 5 * k))} {_pt((hk[0] + 1.5 * k, grip[1] + 2.5 * k))}"
    hook_pts = [grip, (grip[0], grip[1] + 8 * k), (hk[0] + 2.5 * k, grip[1] + 8 * k)]
    sk.stroke(hook, hook_pts, INK, 3.4 * k + 2 * OUTLINE)
    sk.stroke(hook, [], paint.shade, 3.4 * k)
    # the canopy: gores between ribs, a scalloped rim
    ribs = [-1.0, -0.5, 0.0, 0.5, 1.0]
    top = (0.0, -hd)

    def rib(x: float) -> str:
        return f"Q{_pt(world((x * rad, -hd)))} {_pt(world(top))}"

    def rib_back(x: float) -> str:
        return f"Q{_pt(world((x * rad, -hd)))} {_pt(world((x * rad, 0.0)))}"

    def scallop(x0: float, x1: float) -> str:
        return f"Q{_pt(world(((x0 + x1) / 2 * rad, -0.16 * hd)))} {_pt(world((x1 * rad, 0.0)))}"

    outline = (
        f"M{_pt(world((-rad, 0.0)))}{rib(-1.0)}{rib_back(1.0)}"
        + "".join(scallop(ribs[i], ribs[i - 1]) for i in range(4, 0, -1))
        + "Z"
    )
    pts = [world((x * rad, y)) for x in (-1.0, 1.0) for y in (0.0, -hd)]
    if r.angle == "low":  # the underside shows below the rim
        under = f"M{_pt(world((-rad, 0.0)))}Q{_pt(world((0.0, 0.34 * hd)))} {_pt(world((rad, 0.0)))}Z"
        sk.path(under, pts + [world((0.0, 0.2 * hd))], paint.shade)
        for x in ribs[1:-1]:
            sk.stroke(f"M{_pt(world((0.0, 0.1 * hd)))}L{_pt(world((x * rad, 0.02 * hd)))}", [], INK, OUTLINE * 0.7)
    sk.path(outline, pts, paint.base, line=False)
    for i in (0, 2):  # every other gore in the light colour
        x0, x1 = ribs[i], ribs[i + 1]
        gore = f"M{_pt(world((x0 * rad, 0.0)))}{rib(x0)}{rib_back(x1)}{scallop(x1, x0)}Z"
        sk.path(gore, [], paint.light, line=False)
    for x in ribs[1:-1]:
        sk.stroke(f"M{_pt(world((x * rad, 0.0)))}{rib(x)}", [], INK, OUTLINE * 0.7)
    sk.path(outline, pts, "none")


def _bag(sk: _Sketch, r: Rig, paint: _Paint) -> None:
    k, cx = r.k, r.cx
    bc = (cx - r.hip_w * r.wp(r.hip_y) * 0.55, r.hip_y + 1.0 * k)
    bw, bh = 11.0 * k, 9.0 * k
    strap_top = (cx + r.shoulder_w * 0.75, r.chin + 3.0 * k)
    strap = _ribbon([strap_top, (bc[0] + 2 * k, bc[1] - bh)], 3.4 * k)
    sk.path(_poly(strap), strap, paint.shade)
    body = _rounded_rect(bc, bw, bh, 3.0 * k)
    sk.shape(body, _Paint(paint.shade, oklab_shift(paint.base, -0.2), paint.base), shade=0.8)
    flap = [
        (bc[0] - bw, bc[1] - bh),
        (bc[0] + bw, bc[1] - bh),
        (bc[0] + bw, bc[1] - 0.1 * bh),
        (bc[0], bc[1] + 0.35 * bh),
        (bc[0] - bw, bc[1] - 0.1 * bh),
    ]
    d2, c2 = _smooth_corners(flap)
    sk.path(d2, c2, paint.base)
    sk.ellipse((bc[0], bc[1] + 0.25 * bh), 1.7 * k, 1.7 * k, paint.light, extra=f' stroke-width="{_n(OUTLINE * 0.6)}"')


def _rounded_rect(c: P, hw: float, hh: float, rr: float) -> list[P]:
    pts: list[P] = []
    for (sx, sy), a0 in (((1, 1), 0), ((-1, 1), 90), ((-1, -1), 180), ((1, -1), 270)):
        cc = (c[0] + sx * (hw - rr), c[1] + sy * (hh - rr))
        pts += _ellipse_pts(cc, rr, rr, a0, a0 + 90, 3)
    return pts


def _glasses(sk: _Sketch, r: Rig, paint: _Paint) -> None:
    k = r.k
    cx, cy, rx, ry = r.head
    erx, ery = r.eye_r
    rr = ery * 2.0
    (lx, ey), (rx_, _) = r.eyes
    for x in (lx, rx_):
        sk.ellipse((x, ey), rr, rr * 0.92, "#FFFFFF", line=False, extra=' opacity="0.3"')
    bridge = f"M{_pt((lx + rr, ey - 0.2 * rr))}Q{_pt((cx, ey - 0.75 * rr))} {_pt((rx_ - rr, ey - 0.2 * rr))}"
    temples = "".join(
        f"M{_pt((x + s * rr, ey - 0.15 * rr))}L{_pt((cx + s * rx * 0.97, ey - 0.3 * rr))}"
        for x, s in ((lx, -1), (rx_, 1))
    )
    for col, w in ((INK, 1.4 * k + 2 * OUTLINE * 0.8), (paint.base, 1.4 * k)):
        sk.stroke(bridge + temples, [(cx - rx, ey - rr), (cx + rx, ey)], col, w)
        for x in (lx, rx_):
            sk.add(
                f'<ellipse cx="{_n(x)}" cy="{_n(ey)}" rx="{_n(rr)}" ry="{_n(rr * 0.92)}" fill="none" stroke="{col}" stroke-width="{_n(w)}"/>',
                [(x - rr, ey - rr), (x + rr, ey + rr)],
                w / 2,
            )
    for x in (lx, rx_):  # a glint
        sk.stroke(
            f"M{_pt((x + 0.2 * rr, ey - 0.55 * rr))}L{_pt((x + 0.55 * rr, ey - 0.2 * rr))}", [], "#FFFFFF", 1.2 * k
        )
