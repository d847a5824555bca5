"""The camera's view of the ground plane, and the SVG bits every setting draws with.

:func:`horizon_y` and :func:`ground_contact_y` place the horizon and a standing
character's feet for a camera; :class:`_View` projects world points (lateral offset,
height, depth) onto the canvas through a pinhole camera (see :mod:`egaku.render.scenery`
for the model) and :func:`_rows` lays texture rows at even depths. Path helpers
(polygons, circles, ellipses, stepped beams), :class:`_Paths` (path data gathered by
fill) and :class:`_Ctx` (one layer being drawn: view, random numbers, grading, sky
colours) are shared by the sky, the ground and the props.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...scene import Box, Camera, SceneryLayer
from ..paint import n
from .light import _mix

# --------------------------------------------------------------------------- camera

_HORIZON = {"eye": 0.58, "high": 0.22, "low": 0.86}
_CONTACT = {"eye": 0.86, "high": 0.72, "low": 0.95}
_FIGURE = {"eye": 0.5, "high": 0.42, "low": 0.56}  # a standing character's height, of H
_SHOT = {"close": 1.0, "medium": 0.0, "wide": -1.0}
# how far a close shot (+1) or a wide shot (-1) moves the horizon and the feet, of H
_HORIZON_SHIFT = {"eye": 0.02, "high": -0.04, "low": 0.04}
_CONTACT_SHIFT = {"eye": 0.04, "high": 0.04, "low": 0.02}


def horizon_y(camera: Camera, height: float) -> float:
    """Where the horizon is for ``camera`` on a canvas ``height`` px tall: about 0.58 H at
    eye level, 0.22 H from above (上から), 0.86 H from below (下から)."""
    k = _SHOT[camera.shot]
    return height * (_HORIZON[camera.angle] + k * _HORIZON_SHIFT[camera.angle])


def ground_contact_y(camera: Camera, height: float) -> float:
    """Where a standing character's feet go for ``camera`` (0.86 H at eye level, 0.72 H
    from above, 0.95 H from below); always below :func:`horizon_y`."""
    k = _SHOT[camera.shot]
    return height * (_CONTACT[camera.angle] + k * _CONTACT_SHIFT[camera.angle])


@dataclass(frozen=True)
class _View:
    """The canvas seen through the camera (see the module docstring for the model)."""

    x0: float
    y0: float
    w: float
    h: float
    hy: float  # horizon, canvas px
    d: float  # contact − horizon: where depth 1 meets the ground, below the horizon
    s: float  # px per world unit at depth 1
    vsq: float  # vertical squash of upright things (seen from above they look shorter)
    vp: float | None  # where vertical edges converge (None: they stay vertical)

    @classmethod
    def of(cls, box: Box, camera: Camera) -> _View:
        k = _SHOT[camera.shot]
        hy = box.y + horizon_y(camera, box.h)
        contact = box.y + ground_contact_y(camera, box.h)
        s = box.h * _FIGURE[camera.angle] * (1 + 0.25 * k)
        vsq = {"eye": 1.0, "high": 0.82, "low": 1.08}[camera.angle]
        vp = {"eye": None, "high": box.y + box.h * (2.9 - 0.4 * k), "low": box.y - box.h * (1.7 - 0.3 * k)}
        return cls(box.x, box.y, box.w, box.h, hy, contact - hy, s, vsq, vp[camera.angle])

    @property
    def cx(self) -> float:
        return self.x0 + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y0 + self.h

    @property
    def right(self) -> float:
        return self.x0 + self.w

    @property
    def z_near(self) -> float:
        """Depth of the ground at the bottom edge."""
        return self.d / max(1e-6, self.bottom - self.hy)

    def gy(self, z: float) -> float:
        """Screen y of the ground at depth ``z``."""
        return self.hy + self.d / z

    def zy(self, y: float) -> float:
        """Depth of the ground seen at screen y (below the horizon)."""
        return self.d / max(1e-6, y - self.hy)

    def px(self, x: float, z: float) -> float:
        return self.cx + self.s * x / z

    def half(self, z: float) -> float:
        """Half the visible width at depth ``z``, in world units."""
        return self.w / 2 * z / self.s

    def pt(self, x: float, y: float, z: float) -> tuple[float, float]:
        """World (x, y up, z depth) → canvas px, vertical edges converging toward ``vp``."""
        g = self.gy(z)
        sy = g - self.s * self.vsq * y / z
        sx = self.cx + self.s * x / z
        if self.vp is not None and y:
            sx = self.cx + (sx - self.cx) * (sy - self.vp) / (g - self.vp)
        return sx, sy

    def flat(self, z: float) -> float:
        """Height/width of a circle lying on the ground at depth ``z``."""
        return min(1.0, self.d / (self.s * z))


# --------------------------------------------------------------------------- svg bits


def _p(x: float, y: float) -> str:
    return f"{n(x)} {n(y)}"


def _poly_d(pts: Sequence[tuple[float, float]]) -> str:
    """A closed polygon, always wound clockwise on screen: shapes of one colour share a
    path, and under the nonzero rule opposite windings would cut holes where they overlap."""
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, [*pts[1:], pts[0]]))
    seq = pts if area >= 0 else pts[::-1]
    return "M" + "L".join(_p(x, y) for x, y in seq) + "Z"


def _circle_d(cx: float, cy: float, r: float) -> str:
    return f"M{_p(cx - r, cy)}a{n(r)} {n(r)} 0 1 1 {n(2 * r)} 0a{n(r)} {n(r)} 0 1 1 {n(-2 * r)} 0Z"


def _ellipse_d(cx: float, cy: float, rx: float, ry: float) -> str:
    return f"M{_p(cx - rx, cy)}a{n(rx)} {n(ry)} 0 1 1 {n(2 * rx)} 0a{n(rx)} {n(ry)} 0 1 1 {n(-2 * rx)} 0Z"


def _stepped_d(top: tuple[float, float], y0: float, bottom: tuple[float, float], y1: float, step: int = 3) -> str:
    """A faint trapezoid (a light beam from ``top`` = (left, right) at y0 to ``bottom`` at
    y1) as a stack of whole-pixel rows ``step`` px tall. At the low opacity of a beam the
    steps do not show, and identical rows rasterise several times faster than a slanted
    edge (resvg's PNG encoding is slow on rows that all differ)."""
    ya, yb = round(y0), round(y1)
    out = []
    y = ya
    while y < yb:
        y2 = min(yb, y + step)
        t = ((y + y2) / 2 - y0) / max(1e-6, y1 - y0)
        left = top[0] + (bottom[0] - top[0]) * t
        right = top[1] + (bottom[1] - top[1]) * t
        out.append(f"M{_p(left, y)}H{n(right)}V{y2}H{n(left)}Z")
        y = y2
    return "".join(out)


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" fill="{fill}"{extra}/>'


class _Paths:
    """Path data gathered by fill (and opacity) and written as few <path>s as possible.

    Ordered (the default), consecutive shapes of one fill share a path, so painter's
    order is exactly the order of ``add``. Unordered (for scattered texture whose overlap
    order does not matter: tufts, ripples, cracks), every shape of a fill shares one path,
    placed where that fill was first used."""

    def __init__(self, ordered: bool = True) -> None:
        self.ordered = ordered
        self.runs: list[tuple[tuple[str, float], list[str]]] = []
        self.index: dict[tuple[str, float], list[str]] = {}

    def add(self, fill: str, d: str, opacity: float = 1.0) -> None:
        key = (fill, round(opacity, 2))
        if self.ordered:
            if self.runs and self.runs[-1][0] == key:
                self.runs[-1][1].append(d)
            else:
                self.runs.append((key, [d]))
            return
        if key not in self.index:
            self.index[key] = []
            self.runs.append((key, self.index[key]))
        self.index[key].append(d)

    def svg(self) -> str:
        out = []
        for (fill, op), data in self.runs:
            extra = f' fill-opacity="{n(op)}"' if op < 1 else ""
            out.append(f'<path d="{"".join(data)}" fill="{fill}"{extra}/>')
        return "".join(out)


@dataclass
class _Ctx:
    layer: SceneryLayer
    view: _View
    rng: random.Random
    grade: Callable[[str], str]
    sky: tuple[str, str, str]

    @property
    def time(self) -> str:
        return self.layer.time_of_day

    @property
    def weather(self) -> str:
        return self.layer.weather

    @property
    def sun_side(self) -> int:
        """Which side the sun or moon is on (+1 right, -1 left): the sky and the props
        agree on it, so the big near prop stands on the other side."""
        return 1 if random.Random(f"egaku-scenery-sun:{self.layer.seed}").random() < 0.6 else -1

    @property
    def wet(self) -> bool:
        return self.layer.weather in ("rain", "downpour")

    @property
    def snowy(self) -> bool:
        return self.layer.weather == "snow"

    def haze(self, c: str, z: float, far: float = 60.0) -> str:
        """``c`` graded, then faded toward the horizon sky with depth (aerial perspective)."""
        t = min(1.0, max(0.0, math.log(max(z, 1.0)) / math.log(far))) ** 1.6
        return _mix(self.grade(c), self.sky[2], 0.62 * t)


def _rows(v: _View, z_far: float, step: float, min_gap: float = 3.0) -> list[float]:
    """Depths of texture rows at even world spacing from the bottom edge, stopping where
    rows would be closer than ``min_gap`` px on screen."""
    zs = []
    z = v.z_near * 1.02
    while z < z_far:
        nxt = z + step * (1 + 0.08 * (z - v.z_near))
        if v.gy(z) - v.gy(nxt) < min_gap:
            break
        zs.append(z)
        z = nxt
    return zs
