"""Settings drawn through the camera: sky, ground and props.

A setting (meadow, beach, city, forest, room, snowfield, stage, ice) is three
:class:`~egaku.scene.SceneryLayer` s covering the whole canvas:

``sky``
    Stepped bands from the zenith to the horizon (flat bands, not one large gradient:
    they look as calm and rasterise several times faster), coloured by ``time_of_day``
    and greyed by ``weather``; a sun, the moon and stars, and clouds as soft flat shapes.
    The sky is opaque over the whole canvas, so sky + ground never leaves a hole.
``ground``
    From the horizon down: grass, sand and sea, pavement, forest floor, snow, ice and a
    dark sea strip. Indoor settings (``room``, ``stage``) draw their wall or backdrop
    above the floor as part of the ground, so their ground layer is opaque everywhere and
    the sky behind it is hidden.
``props``
    Things that say where we are, standing on the ground or behind the horizon: hills,
    flowers and a tree; palms and waves; buildings; trees; a window, a picture and a plant;
    snowy hills and pines; curtains and spotlights; icebergs. Every setting has props.

The camera is a real parameter. The ground is a plane seen by a pinhole camera: a point
at lateral offset ``X``, height ``Y`` and depth ``Z`` (world units: one unit is the height
of a standing character, whose feet are at depth 1) is drawn at
``x = cx + s·X/Z``, ``y = horizon + (contact − horizon − s·Y)/Z``, where ``contact`` is
:func:`ground_contact_y` and ``s`` the on-screen height of that character. So texture
rows at even depths crowd toward the horizon, things shrink with depth, a circle on the
ground flattens with depth and flattens more when the camera is low. A high angle (上から)
puts the horizon near the top (lots of ground, little sky), makes props smaller and
splays vertical edges outward toward the top; a low angle (下から) puts it near the bottom,
makes props loom and converges their vertical edges upward. ``shot`` shifts all of this a
little (a close shot is slightly more extreme, a wide one slightly milder).

Rain and snow particles are not drawn here: they are an :class:`~egaku.scene.EffectLayer`
of their own. Weather greys the sky, adds clouds, wets the ground (darker, with puddles
that mirror the sky) or covers it with snow.

Everything is a pure function of the layer and the camera: random choices come from a
``random.Random`` seeded by ``layer.seed`` (and the layer's kind), numbers are printed with
at most two decimals, and the only ``defs`` ids are prefixed with ``layer.id``.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..scene import Box, Camera, SceneryLayer
from .svg import n

__all__ = [
    "SETTINGS",
    "TIMES",
    "WEATHERS",
    "find_setting",
    "find_time",
    "find_weather",
    "ground_contact_y",
    "horizon_y",
    "scenery_layers",
    "scenery_svg",
]

# --------------------------------------------------------------------------- words

SETTINGS: dict[str, tuple[str, ...]] = {
    "beach": ("beach", "seaside", "seashore", "ビーチ", "海辺", "砂浜", "海岸"),
    "ice": ("ice", "iceberg", "ice floe", "icy", "氷", "氷の上", "流氷", "氷山"),
    "snowfield": ("snow field", "snowfield", "snowy", "snowy mountain", "雪原", "雪山", "雪景色", "雪の中"),
    # bare 町, 林 and 通り are left out: they hide in 町内会, 林檎 and いつも通り
    "city": ("city", "town", "street", "downtown", "街", "都会", "街中", "ビル街", "町並み", "都市"),
    "forest": ("forest", "woods", "jungle", "森", "森林", "雑木林", "林の中", "ジャングル"),
    "room": ("room", "indoors", "bedroom", "living room", "部屋", "室内", "屋内", "リビング"),
    "stage": ("stage", "concert", "theater", "theatre", "舞台", "ステージ", "劇場", "コンサート"),
    "meadow": ("meadow", "field", "park", "grass", "grassland", "草原", "公園", "野原", "草むら", "芝生"),
}
"""Setting → words (English and Japanese) that name it."""

TIMES: dict[str, tuple[str, ...]] = {
    "night": ("night", "nighttime", "midnight", "starry", "夜", "夜空", "深夜", "星空"),
    "sunset": ("sunset", "evening", "dusk", "twilight", "夕方", "夕焼け", "夕暮れ", "夕日"),
    "morning": ("morning", "dawn", "sunrise", "朝", "朝焼け", "夜明け", "朝日"),
    "day": ("day", "daytime", "noon", "afternoon", "昼", "昼間", "日中", "真昼"),
}
"""Time of day → words that name it."""

WEATHERS: dict[str, tuple[str, ...]] = {
    "downpour": ("downpour", "heavy rain", "pouring", "storm", "stormy", "土砂降り", "大雨", "豪雨", "嵐"),
    "rain": ("rain", "rainy", "raining", "drizzle", "雨", "小雨", "雨の日"),
    "snow": ("snowing", "snowfall", "falling snow", "snow falling", "雪が降", "降雪", "雪の日"),
    "cloudy": ("cloudy", "overcast", "grey sky", "gray sky", "曇り", "くもり", "曇天", "曇"),
    "clear": ("sunny", "clear sky", "fine weather", "晴れ", "快晴", "晴天"),
}
"""Weather → words that name it (``clear`` is also the default when nothing matches)."""


def _pattern(word: str) -> re.Pattern[str]:
    if word.isascii():
        # Latin words stand alone ("office" is not "ice"); a plural -s/-es is allowed.
        body = r"\s+".join(re.escape(w) for w in word.split())
        return re.compile(rf"(?<![A-Za-z0-9]){body}(?:e?s)?(?![A-Za-z0-9])", re.IGNORECASE)
    return re.compile(re.escape(word))


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _find(table: dict[str, tuple[str, ...]], text: str) -> tuple[str, str] | None:
    """The (key, word) whose word occurs earliest in ``text``; at the same position the
    longest word wins (so 大雨 beats 雨, 'heavy rain' beats 'rain')."""
    best: tuple[int, int, str, str] | None = None
    for key, words in table.items():
        for word in words:
            pat = _PATTERNS.get(word)
            if pat is None:
                pat = _PATTERNS[word] = _pattern(word)
            m = pat.search(text)
            if m is None:
                continue
            rank = (m.start(), -len(word), key, word)
            if best is None or rank[:2] < best[:2]:
                best = rank
    return None if best is None else (best[2], best[3])


def find_setting(text: str) -> tuple[str, str] | None:
    """The setting named in ``text`` as (setting, word), or None.

    >>> find_setting("a penguin standing on ice")
    ('ice', 'ice')
    """
    return _find(SETTINGS, text)


def find_time(text: str) -> tuple[str, str] | None:
    """The time of day named in ``text`` as (time, word), or None."""
    return _find(TIMES, text)


def find_weather(text: str) -> tuple[str, str] | None:
    """The weather named in ``text`` as (weather, word), or None (大雨/土砂降り → downpour)."""
    return _find(WEATHERS, text)


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


# --------------------------------------------------------------------------- colour


def _rgb(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def _mix(a: str, b: str, t: float) -> str:
    """``a`` moved a fraction ``t`` toward ``b``."""
    t = min(1.0, max(0.0, t))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(_rgb(a), _rgb(b)))


def _dark(c: str, t: float) -> str:
    return _mix(c, "#1c2230", t)


# Sky colours: zenith, middle, horizon.
_SKY = {
    "day": ("#5ea6dd", "#8cc2e8", "#d4ebf7"),
    "morning": ("#86b5e0", "#bcd3ea", "#fbe1c8"),
    "sunset": ("#5b5b9c", "#d9819b", "#ffbd80"),
    "night": ("#0c1533", "#17244d", "#2f406f"),
}
# Weather: the grey the sky moves toward and how far (day; night uses a dark grey).
_SKY_WEATHER = {
    "clear": ("#9aa6b2", 0.0),
    "cloudy": ("#a9b3bd", 0.5),
    "rain": ("#7f8994", 0.72),
    "downpour": ("#535d68", 0.86),
    "snow": ("#c7cfd8", 0.62),
}
# Grading of the ground and props: the tint they move toward, and how far.
# Light of the hour on the ground and props: a multiply (keeps hues apart, unlike a mix
# toward one grey) and then a little of a tint.
_TIME_GRADE: dict[str, tuple[tuple[float, float, float], str, float]] = {
    "day": ((1.0, 1.0, 1.0), "#ffffff", 0.0),
    "morning": ((1.0, 0.97, 0.92), "#ffe3c4", 0.06),
    "sunset": ((1.0, 0.83, 0.74), "#f08a6a", 0.1),
    "night": ((0.3, 0.37, 0.58), "#1b2750", 0.12),
}
# Indoors the lights are on: warm and dim at night, and the weather stays outside.
_ROOM_GRADE: dict[str, tuple[tuple[float, float, float], str, float]] = {
    "day": ((1.0, 1.0, 1.0), "#ffffff", 0.0),
    "morning": ((1.0, 0.98, 0.95), "#ffe3c4", 0.04),
    "sunset": ((1.0, 0.92, 0.85), "#f0a07a", 0.05),
    "night": ((0.8, 0.72, 0.64), "#3a3050", 0.08),
}
_WEATHER_GRADE = {
    "clear": ("#ffffff", 0.0),
    "cloudy": ("#8d97a3", 0.14),
    "rain": ("#5c6773", 0.26),
    "downpour": ("#434d58", 0.4),
    "snow": ("#dfe6ee", 0.12),
}


def _sky_colors(time: str, weather: str) -> tuple[str, str, str]:
    grey, amount = _SKY_WEATHER[weather]
    if time == "night":
        grey = _mix(grey, "#0a0f1e", 0.78)
    elif time == "sunset":
        grey = _mix(grey, "#a87a80", 0.3)
    top, mid, hor = _SKY[time]
    return _mix(top, grey, amount), _mix(mid, grey, amount), _mix(hor, grey, amount * 0.9)


def _grader(setting: str, time: str, weather: str) -> Callable[[str], str]:
    if setting == "stage":
        return lambda c: c
    mul, tint, t = (_ROOM_GRADE if setting == "room" else _TIME_GRADE)[time]
    wtint, wt = _WEATHER_GRADE[weather]
    if setting == "room":
        wt *= 0.3
    if time == "night":
        wtint = _mix(wtint, "#141d40", 0.7)

    def grade(c: str) -> str:
        r, g, b = _rgb(c)
        lit = "#" + "".join(f"{min(255, round(ch * k)):02x}" for ch, k in zip((r, g, b), mul))
        return _mix(_mix(lit, tint, t), wtint, wt)

    return grade


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


# --------------------------------------------------------------------------- sky


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


# --------------------------------------------------------------------------- ground


def _bands(ctx: _Ctx, near: str, far: str, z0: float, z1: float, count: int = 7) -> str:
    """The ground between depths z0 (near) and z1 (far) as flat bands, nearest colour at
    z0, moving to ``far`` (and into the haze) toward z1."""
    v = ctx.view
    out = []
    zs = [z0 * (z1 / z0) ** (i / count) for i in range(count + 1)]
    for i in range(count, 0, -1):  # far first; each band overlaps the next nearer one
        za, zb = zs[i - 1], zs[i]
        c = ctx.haze(_mix(near, far, (i - 0.5) / count), math.sqrt(za * zb))
        ya = v.gy(zb) if zb < 1e5 else v.hy
        yb = v.bottom if i == 1 else v.gy(za) + 1
        out.append(_rect(v.x0, ya, v.w, max(0.0, yb - ya), c))
    return "".join(out)


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


def _scatter_row(ctx: _Ctx, z: float, count: int) -> list[float]:
    """Lateral world positions for ``count`` things on row ``z``, spread across the view."""
    half = ctx.view.half(z) * 1.05
    step = 2 * half / count
    return [-half + (i + ctx.rng.uniform(0.1, 0.9)) * step for i in range(count)]


def _puddles(ctx: _Ctx, paths: _Paths, z0: float, z1: float, count: int) -> None:
    """Wet ground: flat puddles mirroring the sky, foreshortened with depth."""
    v, rng = ctx.view, ctx.rng
    z0 = max(z0, 1.3)
    if z1 <= z0:
        return
    sheen = _mix(ctx.sky[2], "#ffffff", 0.15)
    water = _mix(ctx.sky[2], ctx.sky[1], 0.4)
    for _ in range(count):
        z = z0 * (z1 / z0) ** rng.random()
        x = rng.uniform(-1, 1) * v.half(z)
        rx = v.s / z * rng.uniform(0.16, 0.34)
        ry = rx * v.flat(z) * 0.6
        px, py = v.px(x, z), v.gy(z)
        paths.add(water, _ellipse_d(px, py, rx, ry), 0.6)
        paths.add(sheen, _ellipse_d(px - rx * 0.25, py - ry * 0.2, rx * 0.4, max(0.6, ry * 0.2)), 0.75)


def _tufts(ctx: _Ctx, paths: _Paths, colors: Sequence[str], z_far: float, height: float, density: float) -> None:
    """Grass tufts of three blades in rows at even depths, each tuft placed anywhere in its
    row's band; as many per band as its screen area holds, so a view from above (tall
    bands) is as grassy as one at eye level."""
    v, rng = ctx.view, ctx.rng
    zs = _rows(v, z_far, 0.32)
    for z, z_next in zip(zs, zs[1:]):
        y_near, y_far = v.gy(z), v.gy(z_next)
        spacing = 2.2 * height * v.s / z
        k = max(2, min(40, round(density * v.w * (y_near - y_far) / (spacing * spacing))))
        for x in _scatter_row(ctx, z, k):
            zz = v.zy(rng.uniform(y_far, y_near))
            bx, by = v.px(x * zz / z, zz), v.gy(zz)
            h = height * v.s / zz * v.vsq * rng.uniform(0.7, 1.2)
            wd = h * 0.16
            c = ctx.haze(rng.choice(colors), zz)
            d = []
            for lean in (-0.9, -0.1, 0.8):
                tip = lean * h * 0.45
                hh = h * (1 - abs(lean) * 0.3)
                d.append(_poly_d([(bx - wd + lean * wd * 2, by), (bx + tip, by - hh), (bx + wd + lean * wd * 2, by)]))
            paths.add(c, "".join(d))


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


# --------------------------------------------------------------------------- props


def _icon(code: str, cx: float, base: float, size: float) -> str:
    from ..icons import icon_fragment

    return icon_fragment(code, cx - size / 2, base - size, size, size)


def _hills(ctx: _Ctx, paths: _Paths, colors: Sequence[str], heights: Sequence[float], zs: Sequence[float]) -> None:
    """Rolling hills behind the horizon, far ranges paler."""
    v, rng = ctx.view, ctx.rng
    for col, hgt, z in zip(colors, heights, zs):
        c = ctx.haze(col, z, 600)
        pts = []
        steps = 40
        ph = [rng.uniform(0, 6.28) for _ in range(3)]
        base = v.gy(z) + 1
        for i in range(steps + 1):
            u = i / steps
            e = (
                0.55
                + 0.3 * math.sin(ph[0] + u * 5.1)
                + 0.15 * math.sin(ph[1] + u * 11.3)
                + 0.1 * math.sin(ph[2] + u * 2.3)
            )
            x = v.x0 - v.w * 0.02 + u * v.w * 1.04
            y = base - v.s * v.vsq * hgt * max(0.05, e) / z
            pts.append((x, y))
        paths.add(c, _poly_d([(v.x0 - v.w * 0.02, base), *pts, (v.right + v.w * 0.02, base)]))


def _round_tree(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, leaf: str, trunk: str) -> None:
    """A broadleaf tree: a tapering trunk under a crown of overlapping rounds, with a
    darker rim on the shaded side and its shadow on the ground."""
    v, rng = ctx.view, ctx.rng
    _shadow(ctx, paths, x, z, hgt * 0.3)
    tw = hgt * 0.06
    paths.add(
        ctx.haze(trunk, z),
        _poly_d(
            [
                v.pt(x - tw, 0, z),
                v.pt(x + tw, 0, z),
                v.pt(x + tw * 0.6, hgt * 0.55, z),
                v.pt(x - tw * 0.6, hgt * 0.55, z),
            ]
        ),
    )
    lc, ld = ctx.haze(leaf, z), ctx.haze(_dark(leaf, 0.22), z)
    blobs = [(0.0, 0.66, 0.27), (-0.2, 0.52, 0.2), (0.21, 0.54, 0.19), (0.03, 0.84, 0.19)]
    shapes = []
    for dx, dy, r in blobs:
        cx, cy = v.pt(x + dx * hgt, dy * hgt, z)
        shapes.append((cx, cy, r * hgt * v.s / z * rng.uniform(0.94, 1.06)))
    paths.add(ld, "".join(_circle_d(cx + rr * 0.07, cy + rr * 0.09, rr) for cx, cy, rr in shapes))
    paths.add(lc, "".join(_circle_d(cx - rr * 0.05, cy - rr * 0.06, rr * 0.9) for cx, cy, rr in shapes))


def _pine(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, leaf: str, trunk: str, snow: bool = False) -> None:
    v = ctx.view
    _shadow(ctx, paths, x, z, hgt * 0.28)
    tw = hgt * 0.05
    paths.add(
        ctx.haze(trunk, z),
        _poly_d([v.pt(x - tw, 0, z), v.pt(x + tw, 0, z), v.pt(x + tw, hgt * 0.25, z), v.pt(x - tw, hgt * 0.25, z)]),
    )
    lc, ld = ctx.haze(leaf, z), ctx.haze(_dark(leaf, 0.2), z)
    tiers = ((0.12, 0.55, 0.3), (0.36, 0.8, 0.24), (0.58, 1.0, 0.17))
    for y0, y1, hw in tiers:
        base_l, base_r, tip = v.pt(x - hw * hgt, y0 * hgt, z), v.pt(x + hw * hgt, y0 * hgt, z), v.pt(x, y1 * hgt, z)
        mid = v.pt(x, y0 * hgt, z)
        paths.add(ld, _poly_d([base_l, base_r, tip]))
        paths.add(lc, _poly_d([base_l, mid, tip]))
        if snow:
            s1 = v.pt(x - hw * hgt * 0.45, (y1 - (y1 - y0) * 0.45) * hgt, z)
            s2 = v.pt(x + hw * hgt * 0.45, (y1 - (y1 - y0) * 0.45) * hgt, z)
            s3 = v.pt(x, (y1 - (y1 - y0) * 0.55) * hgt, z)
            paths.add(ctx.haze("#ffffff", z), _poly_d([s1, tip, s2, s3]))


def _shadow(ctx: _Ctx, paths: _Paths, x: float, z: float, rx: float) -> None:
    """A soft contact shadow on the ground under something standing at (x, z)."""
    v = ctx.view
    r = rx * v.s / z
    cold = ctx.layer.setting in ("snowfield", "ice") or ctx.snowy
    paths.add(
        ctx.haze("#4a6a94" if cold else "#1f3a1a", z), _ellipse_d(v.px(x, z), v.gy(z), r, r * v.flat(z) * 0.55), 0.16
    )


def _palm(ctx: _Ctx, paths: _Paths, x: float, z: float, hgt: float, lean: float) -> None:
    """A coconut palm: a curved, ringed trunk and a crown of drooping fronds."""
    v, rng = ctx.view, ctx.rng
    _shadow(ctx, paths, x + lean * 0.5, z, hgt * 0.2)
    steps = 8
    spine = []
    for i in range(steps + 1):
        u = i / steps
        spine.append((x + lean * u * u, hgt * u))
    trunk, ring = ctx.haze("#bb8f60", z), ctx.haze("#a67b4f", z)
    for i in range(steps):
        (xa, ya), (xb, yb) = spine[i], spine[i + 1]
        wa = hgt * (0.05 - 0.018 * i / steps)
        wb = hgt * (0.05 - 0.018 * (i + 1) / steps)
        quad = [
            v.pt(xa - wa, ya, z),
            v.pt(xa + wa, ya, z),
            v.pt(xb + wb, yb + hgt * 0.004, z),
            v.pt(xb - wb, yb + hgt * 0.004, z),
        ]
        paths.add(ring if i % 2 else trunk, _poly_d(quad))
    tx, ty = v.pt(*spine[-1], z)
    size = hgt * v.s * v.vsq / z
    light, dark = ctx.haze("#5cae5a", z), ctx.haze("#3f8a48", z)
    # fronds: spread around the top, drooping toward their tips
    angles = [-172, -150, -124, -98, -74, -50, -26, -6]
    fronds_back: list[str] = []
    fronds_front: list[str] = []
    for k, deg in enumerate(angles):
        a = math.radians(deg + rng.uniform(-5, 5))
        length = size * rng.uniform(0.3, 0.36) * (0.8 if -115 < deg < -65 else 1.0)
        dx, dy = math.cos(a), math.sin(a)
        droop = length * (0.2 + 0.45 * abs(dx))
        tip = (tx + dx * length, ty + dy * length * 0.7 + droop)
        mid = (tx + dx * length * 0.55, ty + dy * length * 0.6 - length * 0.08)
        nx, ny = -dy, dx
        wid = length * 0.2
        d = (
            f"M{_p(tx, ty)}Q{_p(mid[0] + nx * wid, mid[1] + ny * wid)} {_p(*tip)}"
            f"Q{_p(mid[0] - nx * wid, mid[1] - ny * wid)} {_p(tx, ty)}Z"
        )
        (fronds_back if k % 2 else fronds_front).append(d)
    paths.add(dark, "".join(fronds_back))
    paths.add(light, "".join(fronds_front))
    nut = ctx.haze("#6b4a2e", z)
    r = size * 0.028
    paths.add(nut, "".join(_circle_d(tx + o * r * 1.6, ty + r * (1.2 + 0.3 * abs(o)), r) for o in (-1, 0, 1)))


def _flowers(ctx: _Ctx, paths: _Paths, count: int, z_far: float) -> None:
    """Little five-petal flowers on short stems, scattered over the ground (never where
    a character stands), shrinking with depth."""
    v, rng = ctx.view, ctx.rng
    colors = ("#ffffff", "#ffd84d", "#f7a8c4", "#f4f0ff")
    items: list[tuple[float, float, str]] = []
    for _ in range(count * 3):
        if len(items) >= count:
            break
        z = v.z_near * (z_far / v.z_near) ** (rng.random() ** 1.2)
        x = rng.uniform(-1, 1) * v.half(z)
        if abs(x) < 0.9 and z < 2.5:
            continue
        items.append((z, x, rng.choice(colors)))
    for z, x, col in sorted(items, reverse=True):
        sz = v.s / z
        r = 0.034 * sz
        bx, by = v.px(x, z), v.gy(z)
        stem = 0.08 * sz * v.vsq
        paths.add(
            ctx.haze("#4f8a37", z),
            _poly_d([(bx - r * 0.12, by), (bx + r * 0.12, by), (bx + r * 0.12, by - stem), (bx - r * 0.12, by - stem)]),
        )
        cy = by - stem
        ry = r * (0.55 + 0.45 * v.flat(z))
        petals = []
        for k in range(5):
            a = k * 2 * math.pi / 5 - math.pi / 2
            petals.append(_ellipse_d(bx + math.cos(a) * r * 0.9, cy + math.sin(a) * ry * 0.9, r * 0.62, ry * 0.62))
        paths.add(ctx.haze(col, z), "".join(petals))
        paths.add(ctx.haze("#f2a93b" if col != "#ffd84d" else "#e07a2e", z), _ellipse_d(bx, cy, r * 0.42, ry * 0.42))


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
    from ..icons import icon_fragment

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


_GROUND: dict[str, Callable[[_Ctx], str]] = {
    "meadow": _meadow_ground,
    "beach": _beach_ground,
    "city": _city_ground,
    "forest": _forest_ground,
    "room": _room_ground,
    "snowfield": _snow_ground,
    "stage": _stage_ground,
    "ice": _ice_ground,
}
_PROPS: dict[str, Callable[[_Ctx], str]] = {
    "meadow": _meadow_props,
    "beach": _beach_props,
    "city": _city_props,
    "forest": _forest_props,
    "room": _room_props,
    "snowfield": _snow_props,
    "stage": _stage_props,
    "ice": _ice_props,
}

_GROUND_NAMES = {
    "meadow": "meadow",
    "beach": "beach and sea",
    "city": "street",
    "forest": "forest floor",
    "room": "wall and floor",
    "snowfield": "snowfield",
    "stage": "stage floor and backdrop",
    "ice": "ice",
}
_PROP_NAMES = {
    "meadow": "hills, trees and flowers",
    "beach": "palms and waves",
    "city": "buildings",
    "forest": "trees",
    "room": "window, picture and plant",
    "snowfield": "snowy hills and pines",
    "stage": "curtains and spotlights",
    "ice": "icebergs",
}
_WEATHER_WORD = {"clear": "", "cloudy": "cloudy ", "rain": "rainy ", "downpour": "stormy ", "snow": "snowy "}


# --------------------------------------------------------------------------- API


def scenery_layers(
    setting: str,
    *,
    width: int,
    height: int,
    time_of_day: str = "day",
    weather: str = "clear",
    seed: int = 0,
    z: int = 0,
) -> list[SceneryLayer]:
    """The three layers of a setting, covering the canvas: ``sky`` (z), ``ground`` (z+1)
    and ``props`` (z+2), all with role ``background``. ValueError for an unknown setting,
    time or weather."""
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r}; one of {', '.join(SETTINGS)}")
    if time_of_day not in TIMES:
        raise ValueError(f"unknown time of day {time_of_day!r}; one of {', '.join(TIMES)}")
    if weather not in _SKY_WEATHER:
        raise ValueError(f"unknown weather {weather!r}; one of {', '.join(_SKY_WEATHER)}")
    box = Box(x=0, y=0, w=width, h=height)
    sky_name = f"{_WEATHER_WORD[weather]}{time_of_day} sky"
    if setting in ("room", "stage"):
        sky_name += " (behind the wall)"
    common = {
        "box": box,
        "role": "background",
        "setting": setting,
        "time_of_day": time_of_day,
        "weather": weather,
        "seed": seed,
    }
    return [
        SceneryLayer(id="sky", name=sky_name, z=z, scenery="sky", **common),
        SceneryLayer(id="ground", name=_GROUND_NAMES[setting], z=z + 1, scenery="ground", **common),
        SceneryLayer(id="props", name=_PROP_NAMES[setting], z=z + 2, scenery="props", **common),
    ]


def scenery_svg(layer: SceneryLayer, camera: Camera) -> str:
    """The layer as an SVG fragment (no root) in canvas px inside ``layer.box``, seen
    through ``camera``. Same layer and camera → the same string."""
    b = layer.box
    if b.w <= 0 or b.h <= 0:
        return ""
    view = _View.of(b, camera)
    rng = random.Random(f"egaku-scenery:{layer.scenery}:{layer.setting}:{layer.seed}")
    ctx = _Ctx(
        layer=layer,
        view=view,
        rng=rng,
        grade=_grader(layer.setting, layer.time_of_day, layer.weather),
        sky=_sky_colors(layer.time_of_day, layer.weather),
    )
    if layer.scenery == "sky":
        return _sky(ctx)
    if layer.scenery == "ground":
        return _GROUND[layer.setting](ctx)
    return _PROPS[layer.setting](ctx)
