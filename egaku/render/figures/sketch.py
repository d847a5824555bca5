"""Drawing primitives in figure units: :class:`_Sketch` gathers a part's paths (fills,
OpenMoji-style outlines of :data:`OUTLINE` units with round joins, shading) and its
bounds; helpers make polygons, smooth closed curves through points, rounded corners,
rings, crescents, ellipses and ribbons.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from .color import _Paint

P = tuple[float, float]
OUTLINE = 2.0
"""Outline width in figure units: ≈ 1.4 % of a standing figure (≈ 2 in OpenMoji's 72)."""
INK = "#000000"


def _n(v: float) -> str:
    r = round(v, 2)
    if r == 0:
        return "0"
    return str(int(r)) if r == int(r) else f"{r:g}"


def _pt(p: P) -> str:
    return f"{_n(p[0])} {_n(p[1])}"


class _Sketch:
    """SVG elements in figure units plus the box they may paint (strokes included)."""

    def __init__(self, lid: str) -> None:
        self.lid = lid
        self.items: list[str] = []
        self.defs: list[str] = []
        self.x0 = self.y0 = math.inf
        self.x1 = self.y1 = -math.inf

    def grow(self, pts: Iterable[P], pad: float) -> None:
        for x, y in pts:
            self.x0, self.y0 = min(self.x0, x - pad), min(self.y0, y - pad)
            self.x1, self.y1 = max(self.x1, x + pad), max(self.y1, y + pad)

    def add(self, svg: str, pts: Iterable[P], pad: float) -> None:
        self.items.append(svg)
        self.grow(pts, pad)

    def ellipse(
        self, c: P, rx: float, ry: float, fill: str, *, line: bool = True, rot: float = 0.0, extra: str = ""
    ) -> None:
        t = f' transform="rotate({_n(rot)} {_pt(c)})"' if rot else ""
        s = "" if line else ' stroke="none"'
        a = math.radians(rot)
        hx = math.hypot(rx * math.cos(a), ry * math.sin(a))
        hy = math.hypot(rx * math.sin(a), ry * math.cos(a))
        self.add(
            f'<ellipse cx="{_n(c[0])}" cy="{_n(c[1])}" rx="{_n(rx)}" ry="{_n(ry)}" fill="{fill}"{s}{t}{extra}/>',
            [(c[0] - hx, c[1] - hy), (c[0] + hx, c[1] + hy)],
            OUTLINE / 2 if line else 0.0,
        )

    def path(self, d: str, pts: Iterable[P], fill: str, *, line: bool = True, extra: str = "") -> None:
        s = "" if line else ' stroke="none"'
        self.add(f'<path d="{d}" fill="{fill}"{s}{extra}/>', pts, OUTLINE / 2 if line else 0.0)

    def stroke(self, d: str, pts: Iterable[P], color: str, width: float, extra: str = "") -> None:
        self.add(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{_n(width)}"{extra}/>', pts, width / 2)

    def shape(
        self, pts: list[P], paint: _Paint, *, pattern: str = "", shade: float = 0.86, smooth: bool = False
    ) -> None:
        """A convex shape: base fill, a shade crescent away from the light (upper left),
        the pattern, the outline."""
        d, ctrl = _smooth(pts) if smooth else (_poly(pts), pts)
        self.path(d, ctrl, paint.base, line=False)
        if shade < 1:
            self.path(_ring(pts, shade, smooth), [], paint.shade, line=False, extra=' fill-rule="evenodd"')
        if pattern:
            self.path(d, [], pattern, line=False)
        self.path(d, ctrl, "none")

    def limb(self, a: P, b: P, w: float, paint: _Paint, *, bend: float = 0.0) -> None:
        """A rounded limb from a to b (a capsule, optionally bent), outlined, shaded on
        the side away from the light."""
        c = None
        if bend:
            ux, uy = _unit((b[0] - a[0], b[1] - a[1]))
            c = ((a[0] + b[0]) / 2 - uy * bend, (a[1] + b[1]) / 2 + ux * bend)

        def d_of(dx: float, dy: float) -> str:
            a2, b2 = (a[0] + dx, a[1] + dy), (b[0] + dx, b[1] + dy)
            if c is None:
                return f"M{_pt(a2)}L{_pt(b2)}"
            return f"M{_pt(a2)}Q{_pt((c[0] + dx, c[1] + dy))} {_pt(b2)}"

        d, d2 = d_of(0.0, 0.0), d_of(-0.17 * w, -0.05 * w)
        pts = [a, b] + ([c] if c is not None else [])
        self.stroke(d, pts, INK, w + 2 * OUTLINE)
        self.stroke(d, [], paint.shade, w)
        self.stroke(d2, [], paint.base, w * 0.6)


def _unit(v: P) -> P:
    n = math.hypot(*v) or 1.0
    return v[0] / n, v[1] / n


def _poly(pts: Sequence[P], closed: bool = True) -> str:
    return "M" + "L".join(_pt(p) for p in pts) + ("Z" if closed else "")


def _smooth(pts: Sequence[P], closed: bool = True) -> tuple[str, list[P]]:
    """A Catmull-Rom curve through pts as cubic Béziers; (d, control points)."""
    n = len(pts)
    ctrl = list(pts)
    d = [f"M{_pt(pts[0])}"]
    for i in range(n if closed else n - 1):
        p0 = pts[(i - 1) % n] if closed or i > 0 else pts[0]
        p1, p2 = pts[i], pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if closed or i + 2 < n else pts[-1]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d.append(f"C{_pt(c1)} {_pt(c2)} {_pt(p2)}")
        ctrl += [c1, c2]
    return "".join(d) + ("Z" if closed else ""), ctrl


def _sample(pts: Sequence[P], per: int = 5) -> list[P]:
    """Points along the closed Catmull-Rom curve through pts."""
    n = len(pts)
    out: list[P] = []
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        for j in range(per):
            t = j / per
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (3 * b - a - 3 * c + d) * t3)
                    for a, b, c, d in zip(p0, p1, p2, p3)
                )
            )
    return out


def _ring(pts: list[P], f: float, smooth: bool) -> str:
    """The shape minus a copy scaled by f about its upper-left-most point: a crescent,
    thickest on the lower right (for convex shapes the copy stays inside)."""
    ax, ay = min(pts, key=lambda p: p[0] + p[1])
    inner = [(ax + f * (x - ax), ay + f * (y - ay)) for x, y in pts]
    if smooth:
        return _smooth(pts)[0] + _smooth(inner)[0]
    return _poly(pts) + _poly(inner)


def _crescent(c: P, rx: float, ry: float, dx: float, dy: float) -> str:
    """The part of ellipse (c, rx, ry) not covered by the same ellipse moved by (dx, dy):
    a crescent on the side away from the move."""
    vx, vy = dx / rx, dy / ry
    dn = math.hypot(vx, vy)
    h = math.sqrt(max(0.0, 1 - dn * dn / 4))
    px, py = -vy / dn, vx / dn
    p1 = (c[0] + (vx / 2 + px * h) * rx, c[1] + (vy / 2 + py * h) * ry)
    p2 = (c[0] + (vx / 2 - px * h) * rx, c[1] + (vy / 2 - py * h) * ry)
    r = f"{_n(rx)} {_n(ry)}"
    return f"M{_pt(p1)}A{r} 0 1 1 {_pt(p2)}A{r} 0 0 0 {_pt(p1)}Z"


def _ellipse_pts(c: P, rx: float, ry: float, a0: float, a1: float, n: int) -> list[P]:
    return [
        (
            c[0] + rx * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
            c[1] + ry * math.sin(math.radians(a0 + (a1 - a0) * i / n)),
        )
        for i in range(n + 1)
    ]


def _ellipse_d(c: P, rx: float, ry: float) -> str:
    r = f"{_n(rx)} {_n(ry)}"
    return f"M{_pt((c[0] - rx, c[1]))}A{r} 0 1 0 {_pt((c[0] + rx, c[1]))}A{r} 0 1 0 {_pt((c[0] - rx, c[1]))}Z"


def _ribbon(pts: Sequence[P], w0: float, w1: float | None = None) -> list[P]:
    """A band of width w0 (→ w1) along a polyline, with round ends: a closed polygon."""
    w1 = w0 if w1 is None else w1
    n = len(pts)
    left: list[P] = []
    right: list[P] = []
    for i, p in enumerate(pts):
        a = pts[max(0, i - 1)]
        b = pts[min(n - 1, i + 1)]
        ux, uy = _unit((b[0] - a[0], b[1] - a[1]))
        half = (w0 + (w1 - w0) * i / (n - 1)) / 2
        left.append((p[0] - uy * half, p[1] + ux * half))
        right.append((p[0] + uy * half, p[1] - ux * half))

    def cap(p: P, q: P, half: float, toward: P) -> list[P]:
        cx, cy = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
        a0 = math.atan2(p[1] - cy, p[0] - cx)
        tx, ty = toward
        # go round the side that points along ``toward``
        sgn = 1 if (math.cos(a0 + math.pi / 2) * tx + math.sin(a0 + math.pi / 2) * ty) > 0 else -1
        return [
            (cx + half * math.cos(a0 + sgn * math.pi * j / 6), cy + half * math.sin(a0 + sgn * math.pi * j / 6))
            for j in range(1, 6)
        ]

    end_dir = _unit((pts[-1][0] - pts[-2][0], pts[-1][1] - pts[-2][1]))
    start_dir = _unit((pts[0][0] - pts[1][0], pts[0][1] - pts[1][1]))
    return left + cap(left[-1], right[-1], w1 / 2, end_dir) + right[::-1] + cap(right[0], left[0], w0 / 2, start_dir)


def _mix(a: P, b: P, t: float, bulge: float = 0.0) -> P:
    x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
    return (x + bulge, y)


def _smooth_corners(pts: list[P]) -> tuple[str, list[P]]:
    """A closed path through pts with gently rounded corners (quadratic fillets)."""
    n = len(pts)
    segs = []
    for i in range(n):
        a, b, c = pts[i - 1], pts[i], pts[(i + 1) % n]
        p = _mix(b, a, 0.18)
        q = _mix(b, c, 0.18)
        segs.append((p, b, q))
    d = f"M{_pt(segs[0][0])}"
    for i, (p, b, q) in enumerate(segs):
        if i:
            d += f"L{_pt(p)}"
        d += f"Q{_pt(b)} {_pt(q)}"
    return d + "Z", list(pts)
