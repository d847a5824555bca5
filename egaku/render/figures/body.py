"""The body of a character: ears, tail, torso, arms, legs and feet, and the head with its
face, in the species' fixed colours and shaded from the body ``color``.
"""

from __future__ import annotations

import math

from .color import _Paint, oklab_shift
from .rig import Rig, _inside_head, _to_head_outline
from .sketch import (
    INK,
    OUTLINE,
    P,
    _crescent,
    _ellipse_pts,
    _mix,
    _n,
    _poly,
    _pt,
    _sample,
    _Sketch,
    _smooth,
    _smooth_corners,
)
from .species import Species

CHEEK = "#F59AB0"


def _ears(r: Rig, sp: Species) -> list[tuple[list[P], list[P] | None, bool]]:
    """Ear shapes: (outline points (smooth), inner points or None, ellipse-like)."""
    cx, cy, rx, ry = r.head
    out: list[tuple[list[P], list[P] | None, bool]] = []
    for s in (-1, 1):
        if sp.ears == "koala":
            c = (cx + s * 0.9 * rx, cy - 0.5 * ry)
            rr = 0.42 * rx
            outer = _ellipse_pts(c, rr, rr * 0.95, 0, 360, 16)[:-1]
            ic = (c[0] + s * 0.07 * rx, c[1] + 0.03 * ry)
            inner = _fluff(ic, rr * 0.62, 9)
            out.append((outer, inner, True))
        elif sp.ears == "round":
            c = (cx + s * 0.7 * rx, cy - 0.76 * ry)
            rr = 0.25 * rx
            outer = _ellipse_pts(c, rr, rr, 0, 360, 12)[:-1]
            inner = _ellipse_pts((c[0] + s * 0.02 * rx, c[1] + 0.03 * ry), rr * 0.55, rr * 0.55, 0, 360, 10)[:-1]
            out.append((outer, inner, True))
        elif sp.ears in ("cat", "fox"):
            tall = 1.0 if sp.ears == "cat" else 1.22
            b1 = (cx + s * 0.2 * rx, cy - 0.9 * ry)
            b2 = (cx + s * 0.9 * rx, cy - 0.42 * ry)
            tip = (cx + s * 0.74 * rx, cy - (0.98 + 0.34 * tall) * ry)
            outer = [b1, _mix(b1, tip, 0.55, s * -0.05 * rx), tip, _mix(tip, b2, 0.5, s * 0.07 * rx), b2]
            inner = [_mix(b1, b2, 0.22), _mix(_mix(b1, b2, 0.4), tip, 0.72), _mix(b1, b2, 0.75)]
            out.append((outer, inner, False))
        elif sp.ears == "rabbit":
            c = (cx + s * 0.33 * rx, cy - 1.5 * ry)
            outer = _rot_pts(_ellipse_pts((0, 0), 0.21 * rx, 0.68 * ry, 0, 360, 16)[:-1], s * 9, c)
            inner = _rot_pts(_ellipse_pts((0, 0.08 * ry), 0.1 * rx, 0.5 * ry, 0, 360, 12)[:-1], s * 9, c)
            out.append((outer, inner, True))
        elif sp.ears == "dog":
            top = (cx + s * 0.52 * rx, cy - 0.86 * ry)
            outer = [
                top,
                (cx + s * 0.95 * rx, cy - 0.62 * ry),
                (cx + s * 1.1 * rx, cy - 0.05 * ry),
                (cx + s * 1.0 * rx, cy + 0.36 * ry),
                (cx + s * 0.83 * rx, cy + 0.3 * ry),
                (cx + s * 0.74 * rx, cy - 0.25 * ry),
            ]
            out.append((outer, None, False))
    return out


def _fluff(c: P, rr: float, n: int) -> list[P]:
    """A fluffy (gently scalloped) round outline."""
    pts = []
    for i in range(2 * n):
        a = math.pi * i / n
        f = 1.0 if i % 2 == 0 else 0.86
        pts.append((c[0] + rr * f * math.cos(a), c[1] + rr * f * math.sin(a)))
    return pts


def _rot_pts(pts: list[P], deg: float, c: P) -> list[P]:
    a = math.radians(deg)
    ca, sa = math.cos(a), math.sin(a)
    return [(c[0] + x * ca - y * sa, c[1] + x * sa + y * ca) for x, y in pts]


def _draw_ears(sk: _Sketch, r: Rig, sp: Species, paint: _Paint, front: bool) -> None:
    if (sp.ears == "dog") != front:
        return
    ear_paint = paint
    inner_col = sp.colors.get("inner_ear", paint.light)
    if sp.face == "panda":
        ear_paint = _Paint.of(sp.colors["black"])
    if sp.ears == "dog":
        ear_paint = _Paint.of(oklab_shift(paint.base, -0.14))
    for outer, inner, _round in _ears(r, sp):
        d, ctrl = _smooth(outer) if len(outer) > 5 else _smooth_corners(outer)
        sk.path(d, ctrl, ear_paint.base)
        if inner is not None and sp.face != "panda":
            di, ci = _smooth(inner) if len(inner) > 5 else _smooth_corners(inner)
            sk.path(di, ci, inner_col, line=False)


def _tail(sk: _Sketch, r: Rig, sp: Species, paint: _Paint) -> None:
    cx, k = r.cx, r.k
    base = (cx + r.hip_w * 0.55, r.torso_bottom - 5 * k)
    if sp.tail == "cat":
        pts = [base, (cx + 30 * k, r.hip_y + 4 * k), (cx + 38 * k, r.hip_y - 12 * k), (cx + 33 * k, r.hip_y - 26 * k)]
        d, ctrl = _smooth(pts, closed=False)
        w = 6.5 * k
        sk.stroke(d, ctrl, INK, w + 2 * OUTLINE)
        sk.stroke(d, [], paint.base, w)
        d2 = f"M{_pt(_mix(pts[2], pts[3], 0.45))}L{_pt(pts[3])}"
        sk.stroke(d2, [], paint.shade, w)
    elif sp.tail == "dog":
        pts = [base, (cx + r.hip_w + 6 * k, r.hip_y - 4 * k), (cx + r.hip_w + 7 * k, r.hip_y - 13 * k)]
        d, ctrl = _smooth(pts, closed=False)
        w = 6.0 * k
        sk.stroke(d, ctrl, INK, w + 2 * OUTLINE)
        sk.stroke(d, [], paint.base, w)
    elif sp.tail == "fox":
        root = (cx + r.hip_w * 0.5, r.torso_bottom - 4 * k)
        tip = (cx + 44 * k, r.hip_y - 26 * k)
        pts = [
            root,
            (cx + 30 * k, r.torso_bottom - 2 * k),
            (cx + 45 * k, r.hip_y - 8 * k),
            tip,
            (cx + 33 * k, r.hip_y - 14 * k),
            (cx + r.hip_w * 0.6, r.hip_y - 2 * k),
        ]
        d, ctrl = _smooth(pts)
        sk.path(d, ctrl, paint.base, line=False)
        white = sp.colors["white"]
        tip_pts = [
            (cx + 41.5 * k, r.hip_y - 12.5 * k),
            tip,
            (cx + 35.5 * k, r.hip_y - 16 * k),
            (cx + 39 * k, r.hip_y - 18 * k),
        ]
        dt, _ = _smooth(tip_pts)
        sk.path(dt, [], white, line=False)
        sk.path(d, ctrl, "none")
        # a few fur strokes on the far side
        fs = f"M{_pt((cx + 37 * k, r.hip_y + 3 * k))}Q{_pt((cx + 40 * k, r.hip_y - 3 * k))} {_pt((cx + 41 * k, r.hip_y - 7 * k))}"
        sk.stroke(fs, [], paint.shade, 1.6 * k)


def _body(sk: _Sketch, r: Rig, sp: Species, paint: _Paint) -> None:
    cx, k = r.cx, r.k
    black = _Paint.of(sp.colors["black"]) if "black" in sp.colors else None
    limb = black or paint
    hand_paint = black or (_Paint.of(sp.colors["paws"]) if "paws" in sp.colors else paint)
    leg_paint = black or (_Paint.of(sp.colors["paws"]) if "paws" in sp.colors else paint)
    foot_paint = _Paint.of(sp.colors["feet"]) if "feet" in sp.colors else leg_paint

    # 1. behind the body: tail, ears
    _tail(sk, r, sp, paint)
    _draw_ears(sk, r, sp, paint, front=False)

    # 2. legs and feet (standing: behind the torso)
    def legs_and_feet() -> None:
        for i, ((hip, ankle), (fx, fy, frx, fry)) in enumerate(zip(r.legs, r.feet)):
            if sp.legs > 0.5:
                sk.limb(hip, ankle, r.leg_w, leg_paint)
            if r.pose == "standing":
                rot = (-1 if i == 0 else 1) * -8
                sk.ellipse((fx, fy), frx, fry, foot_paint.base, rot=rot)
                if sp.name != "penguin":
                    for dx in (-0.28, 0.28):  # toes
                        x = fx + dx * frx
                        sk.stroke(f"M{_pt((x, fy + fry * 0.25))}L{_pt((x, fy + fry * 0.9))}", [], INK, OUTLINE * 0.7)
            else:  # soles towards the viewer
                sk.ellipse((fx, fy), frx, fry, foot_paint.base)
                if sp.name != "penguin":
                    pad = sp.colors.get("pads", foot_paint.shade)
                    sk.ellipse((fx, fy + 0.25 * fry), 0.5 * frx, 0.38 * fry, pad, line=False)
                    for j in (-1, 0, 1):
                        sk.ellipse(
                            (fx + j * 0.42 * frx, fy - 0.42 * fry + abs(j) * 0.14 * fry),
                            0.19 * frx,
                            0.17 * fry,
                            pad,
                            line=False,
                        )

    if r.pose == "standing":
        legs_and_feet()

    # 3. torso with its belly
    torso = r.torso_outline(0.0)
    sk.shape(torso, paint, shade=0.88)
    belly = sp.colors.get("belly") or sp.colors.get("white")
    if belly and sp.face != "panda":
        by0, by1 = r.shoulder_y + (4 if sp.name != "penguin" else -2) * k, r.torso_bottom - 3 * k
        bc = (cx, (by0 + by1) / 2)
        brx = r.hip_w * r.wp(bc[1]) * (0.62 if sp.name != "penguin" else 0.8)
        if sp.face == "fox":  # a white chest
            sk.ellipse((cx, r.shoulder_y + 9 * k), r.shoulder_w * 0.62, 10 * k, belly, line=False)
        else:
            sk.ellipse(bc, brx, (by1 - by0) / 2, belly, line=False)
    if black is not None:  # the panda's black shoulder band
        band = r.torso_outline(0.0, hem=r.shoulder_y + 12 * k)
        sk.path(_poly(band), band, black.base, line=False)
    sk.path(_poly(torso), torso, "none")

    if r.pose == "sitting":
        legs_and_feet()

    # 4. arms
    for sh, hand in r.arms:
        if sp.arms == "flipper":
            mid = ((sh[0] + hand[0]) / 2, (sh[1] + hand[1]) / 2 + 2 * k)
            length = math.dist(sh, hand)
            ang = math.degrees(math.atan2(hand[1] - sh[1], hand[0] - sh[0]))
            sk.ellipse(mid, length / 2 + 5 * k, 5.5 * k, paint.base, rot=ang)
            sk.path(
                _crescent(mid, length / 2 + 5 * k, 5.5 * k, 0, -2.2 * k),
                [],
                paint.shade,
                line=False,
                extra=f' transform="rotate({_n(ang)} {_pt(mid)})"',
            )
            sk.ellipse(mid, length / 2 + 5 * k, 5.5 * k, "none", rot=ang)
        else:
            sk.limb(sh, hand, r.arm_w, limb, bend=0.8 * k if hand[0] < cx else -0.8 * k)
            sk.ellipse(hand, r.hand_r, r.hand_r * 0.95, hand_paint.base, line=False)
            sk.path(_crescent(hand, r.hand_r, r.hand_r * 0.95, -1.6 * k, -1.8 * k), [], hand_paint.shade, line=False)
            sk.ellipse(hand, r.hand_r, r.hand_r * 0.95, "none")

    # 5. head
    _head(sk, r, sp, paint)
    _draw_ears(sk, r, sp, paint, front=True)


def _head(sk: _Sketch, r: Rig, sp: Species, paint: _Paint) -> None:
    cx, cy, rx, ry = r.head
    c = (cx, cy)
    k = r.k
    fs = r.face_shift
    sk.ellipse(c, rx, ry, paint.base, line=False)
    if r.angle == "low":  # the underside of the chin
        sk.path(_crescent(c, rx, ry, -0.03 * rx, -0.2 * ry), [], paint.shade, line=False)
    else:
        sk.path(_crescent(c, rx, ry, -0.08 * rx, -0.1 * ry), [], paint.shade, line=False)
    # a soft highlight on the upper left (bigger seen from above: the top of the head)
    hl = _ellipse_pts(c, rx * 0.8, ry * 0.78, 206, 236 if r.angle != "high" else 250, 5)
    d, ctrl = _smooth(hl, closed=False)
    sk.stroke(d, [], paint.light, 2.4 * k)

    ey = r.eyes[0][1]
    erx, ery = r.eye_r
    nx, ny = r.nose
    # masks and muzzles (fixed species colours)
    if sp.face == "penguin":
        white = sp.colors["face"]
        mask = []
        for s in (-1, 1):
            mask.append((cx + s * 0.4 * rx, ey - 0.14 * ry, 0.36 * rx, 0.36 * ry))
        mask.append((cx, cy + (0.3 + fs * 0.6) * ry, 0.72 * rx, 0.55 * ry))
        for mx, my, mrx, mry in mask:
            sk.ellipse((mx, my), mrx, mry, white, line=False)
    elif sp.face in ("dog", "bear"):
        sk.ellipse((nx, ny + 0.08 * ry), 0.34 * rx, 0.27 * ry, sp.colors["muzzle"], line=False)
    elif sp.face == "cat":
        for s in (-1, 1):
            sk.ellipse((nx + s * 0.1 * rx, ny + 0.12 * ry), 0.15 * rx, 0.14 * ry, sp.colors["muzzle"], line=False)
        for j in (-1, 0, 1):  # tabby marks on the forehead
            x = cx + j * 0.13 * rx
            y0 = cy - ry * 0.95
            sk.stroke(f"M{_pt((x, y0))}L{_pt((x, y0 + (0.26 - 0.06 * abs(j)) * ry))}", [], paint.shade, 2.4 * k)
    elif sp.face == "fox":
        white = sp.colors["white"]
        pts = [
            (cx - 0.98 * rx, cy + 0.12 * ry),
            (cx - 0.55 * rx, ey + 0.12 * ry),
            (cx - 0.16 * rx, ny - 0.12 * ry),
            (cx, ny - 0.2 * ry),
            (cx + 0.16 * rx, ny - 0.12 * ry),
            (cx + 0.55 * rx, ey + 0.12 * ry),
            (cx + 0.98 * rx, cy + 0.12 * ry),
            (cx + 0.7 * rx, cy + 0.72 * ry),
            (cx, cy + 0.99 * ry),
            (cx - 0.7 * rx, cy + 0.72 * ry),
        ]
        face = [p if _inside_head(r, p) else _to_head_outline(r, p, 0.995) for p in _sample(pts)]
        sk.path(_poly(face), [], white, line=False)
    elif sp.face == "panda":
        black = sp.colors["black"]
        for s in (-1, 1):
            sk.ellipse((cx + s * 0.37 * rx, ey + 0.05 * ry), 0.2 * rx, 0.27 * ry, black, line=False, rot=s * -32)
    sk.ellipse(c, rx, ry, "none")

    # cheeks
    for s in (-1, 1):
        sk.ellipse(
            (cx + s * 0.62 * rx, ey + 0.33 * ry), 0.13 * rx, 0.08 * ry, CHEEK, line=False, extra=' opacity="0.6"'
        )
    # eyes
    for ex, _ in r.eyes:
        if sp.face == "panda":
            sk.ellipse((ex, ey), erx * 1.15, ery * 1.0, "#FFFFFF", line=False)
            sk.ellipse((ex, ey + 0.02 * ry), erx * 0.8, ery * 0.72, INK, line=False)
        else:
            sk.ellipse((ex, ey), erx, ery, INK, line=False)
        sk.ellipse((ex - 0.3 * erx, ey - 0.35 * ery), 0.36 * erx, 0.3 * ery, "#FFFFFF", line=False)
    # nose and mouth
    lw = OUTLINE * 0.85
    if sp.face == "koala":
        nrx, nry = 0.2 * rx, 0.28 * ry
        ncy = ny - 0.06 * ry
        sk.path(_bean(cx, ncy, nrx, nry), [(cx - nrx, ncy - nry), (cx + nrx, ncy + nry)], sp.colors["nose"], line=False)
        sk.ellipse(
            (cx - 0.35 * nrx, ncy - 0.45 * nry), 0.22 * nrx, 0.16 * nry, "#FFFFFF", line=False, extra=' opacity="0.55"'
        )
        my = ncy + nry + 0.07 * ry
        sk.stroke(f"M{_pt((cx - 0.1 * rx, my))}Q{_pt((cx, my + 0.09 * ry))} {_pt((cx + 0.1 * rx, my))}", [], INK, lw)
    elif sp.face == "penguin":
        bw, bh = 0.14 * rx, 0.16 * ry
        pts = [(cx - bw, ny - 0.1 * ry), (cx + bw, ny - 0.1 * ry), (cx, ny - 0.1 * ry + bh)]
        d, ctrl = _smooth_corners(pts)
        sk.path(d, ctrl, sp.colors["beak"])
    else:
        nw = 0.07 * rx if sp.face in ("cat", "rabbit") else 0.1 * rx
        nh = 0.055 * ry if sp.face in ("cat", "rabbit") else 0.075 * ry
        tri = [(nx - nw, ny - nh), (nx + nw, ny - nh), (nx, ny + nh)]
        d, ctrl = _smooth_corners(tri)
        sk.path(d, ctrl, sp.colors["nose"], line=False)
        m0 = ny + nh
        m1 = m0 + 0.07 * ry
        w = 0.085 * rx
        sk.stroke(
            f"M{_pt((nx, m0))}L{_pt((nx, m1))}M{_pt((nx - w, m1 - 0.01 * ry))}Q{_pt((nx - w * 0.5, m1 + 0.085 * ry))} {_pt((nx, m1))}"
            f"Q{_pt((nx + w * 0.5, m1 + 0.085 * ry))} {_pt((nx + w, m1 - 0.01 * ry))}",
            [],
            INK,
            lw,
        )
        if sp.face == "cat":  # whiskers
            for s in (-1, 1):
                for j, dy in enumerate((-0.04, 0.06)):
                    x0 = cx + s * 0.52 * rx
                    x1 = cx + s * (0.8 + 0.02 * j) * rx
                    y = ny + dy * ry
                    sk.stroke(f"M{_pt((x0, y))}L{_pt((x1, y + (j - 0.5) * 0.08 * ry))}", [], INK, OUTLINE * 0.55)


def _bean(cx: float, cy: float, rx: float, ry: float) -> str:
    """The koala's big nose: a rounded shield, wider at the top."""
    pts = [
        (cx - rx, cy - 0.35 * ry),
        (cx - 0.7 * rx, cy - ry),
        (cx + 0.7 * rx, cy - ry),
        (cx + rx, cy - 0.35 * ry),
        (cx + 0.55 * rx, cy + 0.8 * ry),
        (cx, cy + ry),
        (cx - 0.55 * rx, cy + 0.8 * ry),
    ]
    return _smooth(pts)[0]
