"""Clothing: tops (t-shirt, shirt, aloha shirt, dress) with their sleeves and patterns
(floral, stripes, dots, check), the scarf around the neck and the hat on the head, each
fitted to the rig and kept off the face.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ...scene import PartLayer
from .body import _ears
from .color import _oklab, _Paint, oklab_shift
from .rig import UNIT_W, Rig, _inside_head, _to_head_outline
from .sketch import (
    INK,
    OUTLINE,
    P,
    _crescent,
    _ellipse_pts,
    _n,
    _poly,
    _pt,
    _ribbon,
    _Sketch,
    _smooth,
    _smooth_corners,
    _unit,
)
from .species import Species


def _pattern(sk: _Sketch, layer: PartLayer, paint: _Paint, k: float) -> str:
    """Defines the layer's pattern tile (id prefixed with the layer id); its fill value."""
    if layer.pattern == "none":
        return ""
    pc = layer.pattern_color or _default_pattern_color(paint.base)
    pid = f"{sk.lid}-pattern"
    t = 18.0 * k
    if layer.pattern == "floral":
        flowers = []
        for fx, fy, rot in ((0.27, 0.27, 0), (0.77, 0.75, 36), (0.77, -0.25, 36), (-0.23, 0.75, 36), (1.27, 0.27, 0)):
            x, y = fx * t, fy * t
            petals = "".join(
                f'<circle cx="{_n(x + 2.5 * k * math.cos(math.radians(rot + 72 * i - 90)))}" '
                f'cy="{_n(y + 2.5 * k * math.sin(math.radians(rot + 72 * i - 90)))}" r="{_n(2.2 * k)}"/>'
                for i in range(5)
            )
            flowers.append(
                f'<g fill="{pc}">{petals}</g><circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(1.2 * k)}" fill="{paint.shade}"/>'
            )
        body = "".join(flowers)
    elif layer.pattern == "stripes":
        t = 9.0 * k
        body = f'<rect y="{_n(t * 0.55)}" width="{_n(t)}" height="{_n(t * 0.45)}" fill="{pc}"/>'
    elif layer.pattern == "dots":
        t = 10.0 * k
        body = (
            f'<circle cx="{_n(t * 0.25)}" cy="{_n(t * 0.25)}" r="{_n(1.7 * k)}" fill="{pc}"/>'
            f'<circle cx="{_n(t * 0.75)}" cy="{_n(t * 0.75)}" r="{_n(1.7 * k)}" fill="{pc}"/>'
        )
    else:  # check (gingham)
        t = 12.0 * k
        body = (
            f'<rect width="{_n(t)}" height="{_n(t / 2)}" fill="{pc}" opacity="0.55"/>'
            f'<rect width="{_n(t / 2)}" height="{_n(t)}" fill="{pc}" opacity="0.55"/>'
        )
    sk.defs.append(
        f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{_n(t)}" height="{_n(t)}">'
        f'<g stroke="none">{body}</g></pattern>'
    )
    return f"url(#{pid})"


def _default_pattern_color(color: str) -> str:
    """A light tint of the garment colour (a darker one on very light garments)."""
    lightness = _oklab(color)[0]
    return oklab_shift(color, 0.3 if lightness < 0.72 else -0.28)


def _off_head(r: Rig, poly: Sequence[P]) -> list[P]:
    """The polygon with what lies inside the head pushed out onto the head's outline:
    a garment stops at the chin (the head stays in front) without a clip path, which
    would cost resvg an offscreen layer."""
    out: list[P] = []
    n = len(poly)
    for i in range(n):
        a, b = poly[i], poly[(i + 1) % n]
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if _inside_head(r, a) or _inside_head(r, b) or _inside_head(r, mid):
            steps = max(1, math.ceil(math.dist(a, b) / (1.2 * r.k)))
            out += [(a[0] + (b[0] - a[0]) * j / steps, a[1] + (b[1] - a[1]) * j / steps) for j in range(steps)]
        else:
            out.append(a)
    pushed = [_to_head_outline(r, p) if _inside_head(r, p) else p for p in out]
    return [p for i, p in enumerate(pushed) if math.dist(p, pushed[i - 1]) > 0.05]


def _off_head_line(r: Rig, pts: Sequence[P]) -> str:
    """An open polyline without the pieces that lie inside the head: a path d."""
    d, pen = "", False
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        steps = max(1, math.ceil(math.dist(a, b) / (1.2 * r.k)))
        for j in range(steps + (i == len(pts) - 2)):
            p = (a[0] + (b[0] - a[0]) * j / steps, a[1] + (b[1] - a[1]) * j / steps)
            if _inside_head(r, p):
                pen = False
            else:
                d += ("L" if pen else "M") + _pt(p)
                pen = True
    return d


def _sleeve(r: Rig, side: int, t_end: float, grow: float, flare: float) -> list[P]:
    sh, hand = r.arms[side]
    dx, dy = _unit((hand[0] - sh[0], hand[1] - sh[1]))
    length = math.dist(sh, hand)
    nx, ny = -dy, dx
    w0 = r.arm_w / 2 + grow + 1.0 * r.k
    w1 = r.arm_w / 2 + grow + flare
    end = (sh[0] + dx * length * t_end, sh[1] + dy * length * t_end)
    cap = [
        (sh[0] + w0 * (nx * math.cos(a) - dx * math.sin(a)), sh[1] + w0 * (ny * math.cos(a) - dy * math.sin(a)))
        for a in (math.pi * j / 6 for j in range(7))
    ]
    return cap + [(end[0] - nx * w1, end[1] - ny * w1), (end[0] + nx * w1, end[1] + ny * w1)]


def _top_garment(sk: _Sketch, layer: PartLayer, r: Rig, paint: _Paint, kind: str) -> None:
    """Shirts, T-shirts, aloha shirts and the dress: sleeves, a body, a neckline. Every
    outline is cut where it would cross the head, so the head stays in front."""
    k, cx = r.k, r.cx
    grow = 1.6 * k
    pat = _pattern(sk, layer, paint, k)
    chin = r.chin
    sleeve_t = {"aloha_shirt": 0.5, "t_shirt": 0.44, "shirt": 0.86, "dress": 0.3}[kind]
    flare = {"aloha_shirt": 3.2, "t_shirt": 2.4, "shirt": 1.2, "dress": 3.6}[kind] * k

    # 1. sleeves (under the body of the garment)
    sleeves = [_sleeve(r, side, sleeve_t, grow, flare) for side in (0, 1)]
    cut = [_off_head(r, sl) for sl in sleeves]
    for sl, c in zip(sleeves, cut):
        sk.path(_poly(c), c, paint.base, line=False)
        sk.path(_ring_off_head(r, sl, 0.8, None), [], paint.shade, line=False, extra=' fill-rule="evenodd"')
    if pat:
        sk.path("".join(_poly(c) for c in cut), [], pat, line=False)
    for side, c in enumerate(cut):
        sk.path(_poly(c), c, "none")
        if kind == "shirt":  # cuffs
            a, b = sleeves[side][-2], sleeves[side][-1]
            sh, hand = r.arms[side]
            ux, uy = _unit((hand[0] - sh[0], hand[1] - sh[1]))
            back = 4.0 * k
            a2, b2 = (a[0] - ux * back, a[1] - uy * back), (b[0] - ux * back, b[1] - uy * back)
            sk.stroke(f"M{_pt(a2)}L{_pt(b2)}", [], INK, OUTLINE * 0.8)

    # 2. the skirt of the dress
    if kind == "dress":
        waist = r.shoulder_y + 0.42 * (r.hip_y - r.shoulder_y)
        hem = r.legs[0][0][1] + 0.55 * (r.legs[0][1][1] - r.legs[0][0][1])
        if r.pose == "sitting":
            hem = r.torso_bottom - 2 * k
        hem = min(hem, r.feet[0][1] - r.feet[0][3] - 1.5 * k)
        top_w = r.torso_half(waist) + grow
        hem_w = min(r.hip_w * r.wp(hem) * 1.45 + 4 * k, UNIT_W / 2 - 3.0)
        skirt = [(cx - top_w, waist - 2 * k), (cx + top_w, waist - 2 * k), (cx + hem_w, hem)]
        skirt += [(cx + hem_w - 2 * hem_w * i / 6, hem + (1.2 * k if i % 2 else 0.0)) for i in range(1, 6)]
        skirt += [(cx - hem_w, hem)]
        sk.shape(skirt, paint, pattern=pat, shade=0.86)
        for f in (-0.45, 0.0, 0.45):  # folds
            sk.stroke(
                f"M{_pt((cx + f * top_w * 0.8, waist + 6 * k))}L{_pt((cx + f * hem_w, hem - 2 * k))}",
                [],
                paint.shade,
                1.4 * k,
            )
        outline = r.torso_outline(grow, hem=waist + 1 * k)
    else:
        hem = r.torso_bottom - (2.0 if kind == "aloha_shirt" else 3.0) * k
        if r.pose == "sitting":
            hem = r.hip_y + 3.0 * k
        outline = r.torso_outline(grow, hem=hem)

    # 3. the body with its neckline opening (the fur under the chin shows)
    top = r.torso_top
    uw = ud = vw = vd = 0.0
    if kind in ("aloha_shirt", "shirt"):
        vw, vd = (13.0 * k, chin + 13.0 * k) if kind == "aloha_shirt" else (8.0 * k, chin + 7.0 * k)
        opening = [(cx + vw, top), (cx, vd), (cx - vw, top)]
    else:  # a round neck
        uw, ud = 9.0 * k, chin + 4.0 * k - top
        opening = [
            (cx + uw * math.cos(math.radians(a)), top + ud * math.sin(math.radians(a))) for a in range(0, 181, 30)
        ]
    body = _off_head(r, outline + opening)
    d = _poly(body)
    sk.path(d, body, paint.base, line=False)
    # shaded from the un-notched outline, scaled about a point on its top edge: the
    # neckline lies inside the scaled copy, so the crescent never fills the opening
    anchor = (cx - 0.4 * r.shoulder_w, top)
    sk.path(_ring_off_head(r, outline, 0.88, anchor), [], paint.shade, line=False, extra=' fill-rule="evenodd"')
    if pat:
        sk.path(d, [], pat, line=False)
    sk.path(d, body, "none")

    # 4. details
    if kind in ("t_shirt", "dress"):  # a ribbed collar band
        rib = [
            (cx + (uw + 1.6 * k) * math.cos(math.radians(a)), top + (ud + 1.6 * k) * math.sin(math.radians(a)))
            for a in range(0, 181, 20)
        ]
        rd = _off_head_line(r, rib)
        if rd:
            sk.stroke(rd, [], paint.shade, 2.4 * k)
    if kind in ("aloha_shirt", "shirt"):  # collar, placket, buttons
        collars = []
        for s in (-1, 1):
            if kind == "aloha_shirt":  # an open collar
                pts = [
                    (cx + s * 1.0 * k, vd - 1.0 * k),
                    (cx + s * (vw + 2.5 * k), chin - 3 * k),
                    (cx + s * (vw + 5.5 * k), chin + 6.5 * k),
                ]
            else:  # a pointed collar
                pts = [
                    (cx + s * 0.5 * k, vd - 2 * k),
                    (cx + s * (vw + 3 * k), chin - 3 * k),
                    (cx + s * (vw + 2 * k), chin + 5 * k),
                ]
            collars.append(_off_head(r, pts))
        collar_paint = paint.base if kind == "aloha_shirt" else paint.light
        for c in collars:
            sk.path(_poly(c), c, collar_paint, line=False)
        if pat and kind == "aloha_shirt":
            sk.path("".join(_poly(c) for c in collars), [], pat, line=False)
        for c in collars:
            sk.path(_poly(c), c, "none")
        sk.stroke(f"M{_pt((cx, vd))}L{_pt((cx, hem))}", [], INK, OUTLINE * 0.7)
        fractions = (0.3, 0.68) if kind == "aloha_shirt" else (0.25, 0.55, 0.85)
        for f in fractions:
            sk.ellipse(
                (cx + 2.4 * k, vd + f * (hem - vd)),
                1.4 * k,
                1.4 * k,
                paint.light,
                extra=f' stroke-width="{_n(OUTLINE * 0.6)}"',
            )
    if kind == "dress":  # a sash with a bow
        y = waist
        band = [
            (cx - top_w - 0.6 * k, y - 3 * k),
            (cx + top_w + 0.6 * k, y - 3 * k),
            (cx + top_w + 0.6 * k, y + 2 * k),
            (cx - top_w - 0.6 * k, y + 2 * k),
        ]
        sk.path(_poly(band), band, paint.shade)
        for s in (-1, 1):
            loop = [(cx, y), (cx + s * 7 * k, y - 5 * k), (cx + s * 7 * k, y + 4 * k)]
            d2, c2 = _smooth_corners(loop)
            sk.path(d2, c2, paint.shade)
        sk.ellipse((cx, y - 0.3 * k), 2.4 * k, 2.6 * k, paint.shade)


def _ring_off_head(r: Rig, pts: list[P], f: float, anchor: P | None) -> str:
    """A shade crescent (see :func:`_ring`) with both outlines kept off the head."""
    ax, ay = anchor or min(pts, key=lambda p: p[0] + p[1])
    inner = [(ax + f * (x - ax), ay + f * (y - ay)) for x, y in pts]
    return _poly(_off_head(r, pts)) + _poly(_off_head(r, inner))


def _scarf(sk: _Sketch, layer: PartLayer, r: Rig, paint: _Paint) -> None:
    k, cx = r.k, r.cx
    pat = _pattern(sk, layer, paint, k)
    chin = r.chin
    bw = r.torso_half(chin) + 5.0 * k
    width = 9.0 * k
    # two hanging ends from a knot on the viewer's right: the far one in shade
    knot = (cx + 0.45 * bw, chin + 3.0 * k)
    drop = 24.0 * k * (0.85 if r.angle == "high" else 1.1 if r.angle == "low" else 1.0)
    for dx, dy, far in ((11 * k, drop * 0.85, True), (3 * k, drop, False)):
        end = (knot[0] + dx, knot[1] + dy)
        ux, uy = _unit((end[0] - knot[0], end[1] - knot[1]))
        nx, ny = -uy, ux
        w0, w1 = 3.6 * k, 4.4 * k
        strip = [
            (knot[0] + nx * w0, knot[1] + ny * w0),
            (end[0] + nx * w1, end[1] + ny * w1),
            (end[0] - nx * w1, end[1] - ny * w1),
            (knot[0] - nx * w0, knot[1] - ny * w0),
        ]
        sp = _Paint(paint.shade, oklab_shift(paint.base, -0.18), paint.base) if far else paint
        sk.shape(strip, sp, pattern=pat, shade=0.9)
        for j in (-0.5, 0.0, 0.5):  # fringe
            bx, by = end[0] + nx * w1 * j, end[1] + ny * w1 * j
            tail = (bx + ux * 3 * k, by + uy * 3 * k)
            sk.stroke(f"M{_pt((bx, by))}L{_pt(tail)}", [(bx, by), tail], sp.base, 1.6 * k)
    # the band round the neck, snug under the chin
    line: list[P] = []
    for i in range(9):
        x = cx - bw + 2 * bw * i / 8
        line.append((x, max(r.head_lower(x), chin - 6 * k) + 2.2 * k))
    band = _ribbon(line, width)
    d, ctrl = _smooth(band)
    sk.path(d, ctrl, paint.base, line=False)
    lower = _ribbon([(x, y + 2.4 * k) for x, y in line[1:-1]], width * 0.42)
    sk.path(_smooth(lower)[0], [], paint.shade, line=False)
    if pat:
        sk.path(d, [], pat, line=False)
    sk.path(d, ctrl, "none")
    sk.stroke(_smooth([(x, y - 2.3 * k) for x, y in line[2:-2]], closed=False)[0], [], paint.light, 1.6 * k)
    sk.ellipse((knot[0] + 1.5 * k, knot[1] + 1.0 * k), 4.2 * k, 4.0 * k, paint.base)


def _hat(sk: _Sketch, layer: PartLayer, r: Rig, paint: _Paint, sp: Species) -> None:
    k = r.k
    cx, cy, rx, ry = r.head
    pat = _pattern(sk, layer, paint, k)
    brim_y = cy - 0.5 * ry
    brim_rx = 1.1 * rx
    brim_ry = {"eye": 0.15, "high": 0.3, "low": 0.07}[r.angle] * ry
    crown_top = max(cy - ry - 0.22 * ry, 2.0 + OUTLINE)
    cw0, cw1 = 0.8 * rx, 0.68 * rx
    mask = ""
    if sp.ears in ("rabbit", "cat", "fox"):  # the ears come through the hat
        mid = f"{sk.lid}-ears"
        ears = "".join(
            f'<path d="{_smooth(o)[0] if len(o) > 5 else _smooth_corners(o)[0]}"/>' for o, _, _ in _ears(r, sp)
        )
        sk.defs.append(
            f'<mask id="{mid}" maskUnits="userSpaceOnUse" x="-50" y="-50" width="200" height="260">'
            f'<rect x="-50" y="-50" width="200" height="260" fill="#fff"/>'
            f'<g fill="#000" stroke="#000" stroke-width="{_n(OUTLINE)}">{ears}</g></mask>'
        )
        mask = f' mask="url(#{mid})"'
    sk.items.append(f"<g{mask}>")
    brim_paint = paint if r.angle != "low" else _Paint(paint.shade, oklab_shift(paint.base, -0.18), paint.base)
    sk.ellipse((cx, brim_y), brim_rx, brim_ry, brim_paint.base, line=False)
    sk.path(
        _crescent((cx, brim_y), brim_rx, brim_ry, -0.04 * brim_rx, -0.3 * brim_ry), [], brim_paint.shade, line=False
    )
    if pat:
        sk.ellipse((cx, brim_y), brim_rx, brim_ry, pat, line=False)
    sk.ellipse((cx, brim_y), brim_rx, brim_ry, "none")
    rr = 6.0 * k
    crown = [(cx - cw0, brim_y)]
    crown += [
        (cx - cw1 + rr * (1 - math.cos(math.radians(a))), crown_top + rr * (1 - math.sin(math.radians(a))))
        for a in range(0, 91, 30)
    ]
    crown += [
        (cx + cw1 - rr * (1 - math.cos(math.radians(a))), crown_top + rr * (1 - math.sin(math.radians(a))))
        for a in range(90, -1, -30)
    ]
    crown += [(cx + cw0, brim_y)]
    crown += _ellipse_pts((cx, brim_y), cw0, brim_ry * 0.6, 0, 180, 8)[1:-1]
    sk.shape(crown, paint, pattern=pat, shade=0.84)
    # the band above the brim
    b0, b1 = brim_y - 0.2 * ry, brim_y - 0.05 * ry

    def side(y: float) -> float:
        t = (y - brim_y) / (crown_top - brim_y)
        return cw0 + (cw1 - cw0) * t

    band = [(cx - side(b0), b0), (cx + side(b0), b0)]
    band += [(cx + side(b1), b1)] + [
        (x, y + (b1 - brim_y)) for x, y in _ellipse_pts((cx, brim_y), side(b1), brim_ry * 0.6, 0, 180, 8)[1:-1]
    ]
    band += [(cx - side(b1), b1)]
    sk.path(_poly(band), band, paint.shade)
    if r.angle == "high":  # the top of the crown shows
        sk.ellipse((cx, crown_top + 2.5 * k), cw1 - 3 * k, 2.6 * k, paint.light, line=False)
    sk.items.append("</g>")
