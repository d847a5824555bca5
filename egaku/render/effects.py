"""Decorative effects: confetti, petals, snow, sparkles, rain, dots, leaves, vignette.

``effect_svg(layer)`` turns an :class:`~egaku.scene.EffectLayer` into an SVG fragment
(no root ``<svg>``) drawn in canvas pixels inside ``layer.box``. It is a pure function
of the layer: every random choice comes from ``random.Random(layer.seed)`` and numbers
are printed with at most two decimals, so the same layer always gives the same string.

Particles are placed on a shuffled, jittered grid (one candidate per cell) rather than
uniformly at random: uniform noise clumps and leaves holes, which reads as careless;
a jittered grid looks scattered by hand. Each particle's bounding box must lie inside
the layer box and clear every ``avoid`` box grown by a margin of 2 % of the box's short
side; a particle that cannot be placed within a few tries is dropped, never squeezed in.

``particle_boxes(layer)`` reports the bounding box of every particle drawn. Both
functions run the same generator, so the boxes are exactly those of the SVG.

``layer.opacity`` is not applied here: the compositor applies it to every layer alike.
``vignette`` ignores ``avoid`` on purpose — it is soft shading under the text, not a
particle, and cutting holes in it would draw hard edges around the text.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..scene import Box, EffectLayer

__all__ = ["MAX_PARTICLES", "effect_svg", "particle_boxes"]

MAX_PARTICLES = 600
"""Hard cap per layer, so rasterising stays fast at any density."""

_REF_AREA = 1024.0 * 1024.0
_AVOID_MARGIN = 0.02  # of the box's short side
_TRIES = 8
_INSET = 0.1  # of a cell, kept free of jitter

BBox = tuple[float, float, float, float]  # x, y, w, h

# Per-effect particle count at density 1 on a 1024 x 1024 box.
_BASE_COUNT = {
    "confetti": 70,
    "petals": 26,
    "snow": 150,
    "sparkles": 9,
    "rain": 110,
    "dots": 420,
    "leaves": 20,
}
# Sparkles are accents: a handful placed deliberately, never a swarm, and never so few
# on a small box that they look like stray pixels.
_CAP = {"sparkles": 30}
_FLOOR = {"sparkles": 5}

_DEFAULT_COLORS = {
    "confetti": ["#ff6b6b", "#ffd166", "#06d6a0", "#4cc9f0", "#9b5de5", "#f15bb5"],
    "petals": ["#f9c6d3", "#f4a7bb", "#fbd9e2", "#ee8fab"],
    "snow": ["#ffffff"],
    "sparkles": ["#ffd66b", "#fff3c4", "#ffffff"],
    "rain": ["#d6e6ff"],
    "dots": ["#8792ad"],
    "leaves": ["#c2410c", "#ea580c", "#d97706", "#b91c1c", "#9a3412", "#f59e0b"],
    "vignette": ["#000000"],
}


# --------------------------------------------------------------------------- helpers


def _n(v: float, nd: int = 2) -> str:
    """Short, stable number text: at most ``nd`` decimals, no trailing zeros, no -0."""
    s = "%.*f" % (nd, v)  # noqa: UP031 - the fastest formatting; called per coordinate
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" or not s else s


def _mix(color: str, other: str, t: float) -> str:
    """``color`` moved a fraction ``t`` toward ``other`` (both #rrggbb)."""
    a = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def _ext(x0: float, y0: float, x1: float, y1: float, angle: float = 0.0, sx: float = 1.0, sy: float = 1.0) -> BBox:
    """Extents (dx0, dy0, dx1, dy1) around the anchor of a local box after scale then
    rotate. Corners of the rotated local box enclose the shape, so this is safe; the
    small pad covers the two-decimal rounding of the printed coordinates."""
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    xs, ys = [], []
    for px, py in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
        px, py = px * sx, py * sy
        xs.append(px * c - py * s)
        ys.append(px * s + py * c)
    pad = 0.05
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


@dataclass(frozen=True)
class _Sprite:
    """One particle before placement: its extents around the anchor and how to draw it
    once the anchor (cx, cy) is known."""

    ext: BBox
    draw: Callable[[float, float], str]


@dataclass(frozen=True)
class _Particle:
    box: BBox
    svg: str


@dataclass
class _Ctx:
    layer: EffectLayer
    rng: random.Random
    colors: list[str]
    blocked: list[BBox]

    @property
    def box(self) -> Box:
        return self.layer.box

    @property
    def short(self) -> float:
        return min(self.box.w, self.box.h)

    @property
    def pid(self) -> str:
        return self.layer.id

    def count(self, effect: str, factor: float = 1.0) -> int:
        n = _BASE_COUNT[effect] * factor * self.box.w * self.box.h / _REF_AREA * self.layer.density
        if n <= 0:
            return 0
        return max(_FLOOR.get(effect, 1), min(_CAP.get(effect, MAX_PARTICLES), round(n)))

    def free(self, bb: BBox) -> bool:
        """Inside the layer box and clear of every (grown) avoid box."""
        b = self.box
        x, y, w, h = bb
        if x < b.x or y < b.y or x + w > b.right or y + h > b.bottom:
            return False
        for a in self.blocked:  # no overlap with any; this runs for every try of every particle
            if not (a[0] >= x + w or a[0] + a[2] <= x or a[1] >= y + h or a[1] + a[3] <= y):
                return False
        return True


def _scatter(
    ctx: _Ctx,
    n: int,
    make: Callable[[random.Random], _Sprite],
    weight: Callable[[float, float], float] | None = None,
) -> list[_Particle]:
    """Place up to ``n`` sprites, one per cell of a shuffled grid, jittered in the cell.

    ``weight(u, v)`` (u, v in 0..1 across the box) thins cells to shape the density;
    extra cells are laid out so that about ``n`` survive the thinning.
    """
    b, rng = ctx.box, ctx.rng
    if n <= 0 or b.w <= 0 or b.h <= 0:
        return []
    n_cells = n if weight is None else math.ceil(n / 0.55)
    cols = max(1, round(math.sqrt(n_cells * b.w / b.h)))
    rows = max(1, math.ceil(n_cells / cols))
    cw, ch = b.w / cols, b.h / rows
    cells = [(i, j) for j in range(rows) for i in range(cols)]
    rng.shuffle(cells)
    out: list[_Particle] = []
    for i, j in cells:
        if len(out) >= n:
            break
        if weight is not None and rng.random() > weight((i + 0.5) / cols, (j + 0.5) / rows):
            continue
        sprite = make(rng)
        ex0, ey0, ex1, ey1 = sprite.ext
        # The anchor range is the cell clipped to where the whole sprite fits in the box,
        # so big sprites in edge cells shift inward instead of vanishing.
        # Jitter stays off the outer tenth of the cell so neighbours never pile up.
        lo_x = max(b.x + (i + _INSET) * cw, b.x - ex0)
        hi_x = min(b.x + (i + 1 - _INSET) * cw, b.right - ex1)
        lo_y = max(b.y + (j + _INSET) * ch, b.y - ey0)
        hi_y = min(b.y + (j + 1 - _INSET) * ch, b.bottom - ey1)
        if lo_x > hi_x or lo_y > hi_y:
            continue
        for _ in range(_TRIES):
            cx = round(lo_x + rng.random() * (hi_x - lo_x), 2)
            cy = round(lo_y + rng.random() * (hi_y - lo_y), 2)
            bb = (cx + ex0, cy + ey0, ex1 - ex0, ey1 - ey0)
            if ctx.free(bb):
                out.append(_Particle(bb, sprite.draw(cx, cy)))
                break
    return out


def _tf(cx: float, cy: float, angle: float = 0.0, sx: float = 1.0, sy: float | None = None) -> str:
    t = f"translate({_n(cx)} {_n(cy)})"
    if angle:
        t += f" rotate({_n(angle, 1)})"
    if sy is None:
        sy = sx
    if sx != 1.0 or sy != 1.0:
        t += f" scale({_n(sx)})" if sx == sy else f" scale({_n(sx)} {_n(sy)})"
    return t


Generated = tuple[list[str], list[_Particle]]  # defs, particles


# --------------------------------------------------------------------------- effects


def _confetti(ctx: _Ctx) -> Generated:
    short = ctx.short

    def make(rng: random.Random) -> _Sprite:
        col = rng.choice(ctx.colors)
        op = _n(rng.uniform(0.85, 1.0))
        # Skewed toward small pieces: a few big ones read as foreground, most as depth.
        s = short * (0.006 + 0.01 * rng.random() ** 1.2)
        kind = rng.random()
        angle = rng.uniform(-90, 90)
        if kind < 0.5:  # a paper rectangle, foreshortened by a random aspect
            w, h = s, s * rng.uniform(0.45, 0.75)

            def draw_rect(cx: float, cy: float) -> str:
                return (
                    f'<rect x="{_n(-w / 2)}" y="{_n(-h / 2)}" width="{_n(w)}" height="{_n(h)}" '
                    f'fill="{col}" opacity="{op}" transform="{_tf(cx, cy, angle)}"/>'
                )

            return _Sprite(_ext(-w / 2, -h / 2, w / 2, h / 2, angle), draw_rect)
        if kind < 0.75:  # a curled ribbon: an S of two quadratic arcs
            # Ribbons get a size floor: a tiny squiggle reads as noise, not paper.
            s = max(s, short * 0.009)
            length = s * 2.2
            curl = s * rng.uniform(0.5, 0.9) * rng.choice((-1, 1))
            sw = max(1.0, s * 0.3)
            d = f"M{_n(-length / 2)} 0Q{_n(-length / 4)} {_n(curl)} 0 0T{_n(length / 2)} 0"
            hc = abs(curl) / 2 + sw / 2

            def draw_ribbon(cx: float, cy: float) -> str:
                return (
                    f'<path d="{d}" fill="none" stroke="{col}" stroke-width="{_n(sw)}" '
                    f'stroke-linecap="round" opacity="{op}" transform="{_tf(cx, cy, angle)}"/>'
                )

            return _Sprite(_ext(-length / 2 - sw / 2, -hc, length / 2 + sw / 2, hc, angle), draw_ribbon)
        r = s * 0.42

        def draw_dot(cx: float, cy: float) -> str:
            return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{col}" opacity="{op}"/>'

        return _Sprite((-r - 0.05, -r - 0.05, r + 0.05, r + 0.05), draw_dot)

    def weight(u: float, v: float) -> float:
        # Confetti frames the content: thick at the top and edges, light in the middle.
        edge = max(abs(2 * u - 1), abs(2 * v - 1)) ** 2
        top = (1 - v) ** 2
        return 0.2 + 0.8 * max(edge, top)

    return [], _scatter(ctx, ctx.count("confetti"), make, weight)


# A sakura petal, base at the origin pointing up, 1 unit long: two bezier lobes meeting
# in the notch at the tip. The control points stay within x in [-0.6, 0.6], y in [-1.03, 0].
_PETAL = "M0 0C-.5-.18-.62-.72-.24-1.01Q-.1-1.03 0-.86Q.1-1.03 .24-1.01C.62-.72 .5-.18 0 0Z"


def _petals(ctx: _Ctx) -> Generated:
    short, pid = ctx.short, ctx.pid
    defs = [f'<path id="{pid}-petal" d="{_PETAL}"/>']
    # Deeper pink at the base fading paler to the tip, like a real sakura petal.
    for k, col in enumerate(ctx.colors):
        defs.append(
            f'<linearGradient id="{pid}-pg{k}" x1="0" y1="1" x2="0" y2="0">'
            f'<stop offset="0" stop-color="{_mix(col, "#c2185b", 0.18)}"/>'
            f'<stop offset="1" stop-color="{_mix(col, "#ffffff", 0.45)}"/></linearGradient>'
        )

    def make(rng: random.Random) -> _Sprite:
        k = rng.randrange(len(ctx.colors))
        size = short * rng.uniform(0.024, 0.034)
        angle = rng.uniform(0, 360)
        flutter = rng.uniform(0.6, 1.0)  # a petal turning in the air is foreshortened
        op = _n(rng.uniform(0.7, 0.95))
        sx, sy = size * flutter, size

        def draw(cx: float, cy: float) -> str:
            # Anchor at the petal's middle so it spins about its centre.
            return (
                f'<use href="#{pid}-petal" fill="url(#{pid}-pg{k})" opacity="{op}" '
                f'transform="{_tf(cx, cy, angle, sx, sy)} translate(0 .52)"/>'
            )

        return _Sprite(_ext(-0.62, -0.51, 0.62, 0.52, angle, sx, sy), draw)

    return defs, _scatter(ctx, ctx.count("petals"), make)


def _flake_path() -> str:
    """A six-armed snowflake of radius 1: arms with a pair of V branches each."""
    parts = []
    for k in range(6):
        a = math.radians(k * 60 - 90)
        ca, sa = math.cos(a), math.sin(a)
        parts.append(f"M0 0L{_n(ca)} {_n(sa)}")
        px, py = 0.55 * ca, 0.55 * sa
        for side in (-1, 1):
            b = a + side * math.radians(50)
            parts.append(f"M{_n(px)} {_n(py)}L{_n(px + 0.32 * math.cos(b))} {_n(py + 0.32 * math.sin(b))}")
    return "".join(parts)


def _snow(ctx: _Ctx) -> Generated:
    short, pid = ctx.short, ctx.pid
    col = ctx.colors[0]
    flake_sw = 0.11  # unit stroke width of the glyph
    defs = [
        f'<radialGradient id="{pid}-soft"><stop offset="0" stop-color="{col}"/>'
        f'<stop offset=".55" stop-color="{col}" stop-opacity=".85"/>'
        f'<stop offset="1" stop-color="{col}" stop-opacity="0"/></radialGradient>',
        f'<path id="{pid}-flake" d="{_flake_path()}" fill="none" stroke="{col}" '
        f'stroke-width="{flake_sw}" stroke-linecap="round"/>',
    ]

    def make(rng: random.Random) -> _Sprite:
        t = rng.random()
        if t < 0.04:  # a few crystal glyphs among the flakes
            r = short * rng.uniform(0.012, 0.018)
            angle = rng.uniform(0, 60)
            op = _n(rng.uniform(0.75, 0.95))
            e = 1 + flake_sw / 2

            def draw_flake(cx: float, cy: float) -> str:
                return f'<use href="#{pid}-flake" opacity="{op}" transform="{_tf(cx, cy, angle, r)}"/>'

            return _Sprite(_ext(-e, -e, e, e, angle, r, r), draw_flake)
        # Three tiers; opacity follows size so small flakes read as far away.
        if t < 0.62:
            r, op_f = short * rng.uniform(0.0013, 0.002), rng.uniform(0.35, 0.5)
        elif t < 0.9:
            r, op_f = short * rng.uniform(0.0026, 0.0036), rng.uniform(0.55, 0.72)
        else:
            r, op_f = short * rng.uniform(0.0048, 0.0065), rng.uniform(0.8, 0.95)
        # Big flakes are soft discs (gradient edge); small ones are plain dots.
        fill = f"url(#{pid}-soft)" if r > short * 0.0045 else col
        if fill != col:
            r *= 1.35  # the soft edge eats into the visible size
        op = _n(op_f)

        def draw_dot(cx: float, cy: float) -> str:
            return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="{fill}" opacity="{op}"/>'

        return _Sprite((-r - 0.05, -r - 0.05, r + 0.05, r + 0.05), draw_dot)

    return defs, _scatter(ctx, ctx.count("snow"), make)


# Four-pointed star of radius 1 with concave sides (control points near the centre).
_STAR = "M0-1Q.13-.13 1 0Q.13 .13 0 1Q-.13 .13-1 0Q-.13-.13 0-1Z"


def _sparkles(ctx: _Ctx) -> Generated:
    short, pid = ctx.short, ctx.pid
    defs = [f'<path id="{pid}-star" d="{_STAR}"/>']
    for k, col in enumerate(ctx.colors):
        defs.append(
            f'<radialGradient id="{pid}-glow{k}"><stop offset="0" stop-color="{col}" stop-opacity=".9"/>'
            f'<stop offset="1" stop-color="{col}" stop-opacity="0"/></radialGradient>'
        )

    def make(rng: random.Random) -> _Sprite:
        k = rng.randrange(len(ctx.colors))
        col = ctx.colors[k]
        t = rng.random()
        # Deliberate sizes: mostly small, some medium, the odd hero star.
        tier = 0.011 if t < 0.5 else (0.019 if t < 0.85 else 0.03)
        r = short * tier * rng.uniform(0.9, 1.1)
        angle = rng.choice((0.0, 0.0, 0.0, rng.uniform(-12, 12)))
        glow = tier > 0.011 and rng.random() < 0.6
        op = _n(rng.uniform(0.85, 1.0))
        sx = 0.78  # a touch narrower than tall, like a glint
        e = 1.5 * r if glow else r

        def draw(cx: float, cy: float) -> str:
            star = f'<use href="#{pid}-star" fill="{col}" opacity="{op}" transform="{_tf(cx, cy, angle, r * sx, r)}"/>'
            if not glow:
                return star
            halo = f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(1.5 * r)}" fill="url(#{pid}-glow{k})" opacity=".3"/>'
            return halo + star

        ext = (-e - 0.05, -e - 0.05, e + 0.05, e + 0.05) if glow else _ext(-1, -1, 1, 1, angle, r * sx, r)
        return _Sprite(ext, draw)

    return defs, _scatter(ctx, ctx.count("sparkles"), make)


def _rain(ctx: _Ctx) -> Generated:
    short = ctx.short
    col = ctx.colors[0]
    downpour = ctx.layer.density >= 3
    angle = 15.0  # every streak shares the wind
    lo, hi = (0.045, 0.11) if downpour else (0.02, 0.06)
    head = max(1.2, short * 0.0016)
    sa, ca = math.sin(math.radians(angle)), math.cos(math.radians(angle))
    # Each streak is a sliver tapering from a point (tail, up-wind) to ``head`` px at the
    # drop: it reads as motion like a faded stroke would, without a gradient per streak
    # (gradient strokes tripled the rasterising time of a downpour).
    nx, ny = ca * head / 2, sa * head / 2  # half the head width, across the streak

    def make(rng: random.Random) -> _Sprite:
        length = short * rng.uniform(lo, hi)
        tx, ty = sa * length / 2, -ca * length / 2  # tail, relative to the centre
        op = _n(rng.uniform(0.35, 0.6))
        xs = (tx, -tx + nx, -tx - nx)
        ys = (ty, -ty + ny, -ty - ny)

        def draw(cx: float, cy: float) -> str:
            return (
                f'<path d="M{_n(cx + xs[0])} {_n(cy + ys[0])}L{_n(cx + xs[1])} {_n(cy + ys[1])}'
                f'L{_n(cx + xs[2])} {_n(cy + ys[2])}Z" fill="{col}" fill-opacity="{op}"/>'
            )

        return _Sprite((min(xs) - 0.05, min(ys) - 0.05, max(xs) + 0.05, max(ys) + 0.05), draw)

    n = ctx.count("rain", 1.6 if downpour else 1.0)
    return [], _scatter(ctx, n, make)


def _dots(ctx: _Ctx) -> Generated:
    """A halftone screen: a staggered (60°) grid of dots whose size eases from full to
    about a third across the box in a seed-chosen direction."""
    b, rng = ctx.box, ctx.rng
    n = ctx.count("dots")
    if n <= 0 or b.w <= 0 or b.h <= 0:
        return [], []
    pitch = math.sqrt(b.w * b.h / (0.866 * n))
    row_h = pitch * 0.866
    cols, rows = max(1, math.floor(b.w / pitch)), max(1, math.floor(b.h / row_h))
    # Centre the lattice so the margins are even on every side.
    ox = b.x + (b.w - (cols - 0.5) * pitch) / 2
    oy = b.y + (b.h - (rows - 1) * row_h) / 2
    theta = rng.uniform(0, 2 * math.pi)
    ux, uy = math.cos(theta), math.sin(theta)
    r_max = pitch * 0.15  # small dots on a wide pitch read as texture, not polka dots
    out: list[_Particle] = []
    for j in range(rows):
        for i in range(cols):
            cx = round(ox + (i + (0.5 if j % 2 else 0.0)) * pitch, 2)
            cy = round(oy + j * row_h, 2)
            # Projection on the gradient direction, mapped to 0..1 over the box.
            t = 0.5 + ((cx - b.cx) / b.w * ux + (cy - b.cy) / b.h * uy) / 1.42
            r = r_max * (0.32 + 0.68 * min(1.0, max(0.0, t)))
            bb = (cx - r - 0.05, cy - r - 0.05, 2 * r + 0.1, 2 * r + 0.1)
            if len(out) < MAX_PARTICLES and ctx.free(bb):
                out.append(_Particle(bb, f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}"/>'))
    return [], out


# An autumn leaf, 1 unit from the tip (0, -1) to the stem end (0, 1): an ovate blade
# (x within +-0.62) with a stem below it.
_LEAF = "M0-1C.34-.72 .62-.38 .56 0C.5 .36 .22 .55 0 .7C-.22 .55-.5 .36-.56 0C-.62-.38-.34-.72 0-1Z"
_LEAF_VEIN = "M0 1L0-.74"


def _maple_path() -> str:
    """A simplified five-lobed maple leaf of radius 1, tip up, as a polygon."""
    lobes = [(-90, 1.0), (-22, 0.86), (38, 0.55), (142, 0.55), (202, 0.86)]
    pts: list[tuple[float, float]] = []

    def polar(deg: float, r: float) -> None:
        a = math.radians(deg)
        pts.append((r * math.cos(a), r * math.sin(a)))

    for k, (a, r) in enumerate(lobes):
        polar(a - 14, r * 0.68)  # side tooth
        polar(a, r)
        polar(a + 14, r * 0.68)
        nxt = lobes[(k + 1) % len(lobes)][0] + (360 if k == len(lobes) - 1 else 0)
        if k == 2:  # the bottom sinus, where the stem joins
            polar(90 - 16, 0.3)
            polar(90 + 16, 0.3)
        else:
            polar((a + nxt) / 2, 0.36)
    return "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in pts) + "Z"


def _leaves(ctx: _Ctx) -> Generated:
    short, pid = ctx.short, ctx.pid
    defs = [
        f'<path id="{pid}-leaf" d="{_LEAF}"/>',
        f'<path id="{pid}-maple" d="{_maple_path()}"/>',
    ]

    def make(rng: random.Random) -> _Sprite:
        col = rng.choice(ctx.colors)
        vein = _mix(col, "#3b1404", 0.35)
        size = short * rng.uniform(0.02, 0.032)
        angle = rng.uniform(0, 360)
        flutter = rng.uniform(0.7, 1.0)
        op = _n(rng.uniform(0.88, 1.0))
        maple = rng.random() < 0.45
        sx, sy = size * flutter, size
        sw = _n(0.06)

        def draw(cx: float, cy: float) -> str:
            tf = _tf(cx, cy, angle, sx, sy)
            if maple:
                return (
                    f'<g opacity="{op}" transform="{tf}"><use href="#{pid}-maple" fill="{col}"/>'
                    f'<path d="M0 .85L0 .1" fill="none" stroke="{vein}" stroke-width="{sw}" '
                    f'stroke-linecap="round"/></g>'
                )
            return (
                f'<g opacity="{op}" transform="{tf}"><use href="#{pid}-leaf" fill="{col}"/>'
                f'<path d="{_LEAF_VEIN}" fill="none" stroke="{vein}" stroke-width="{sw}" '
                f'stroke-linecap="round"/></g>'
            )

        e = 1.03  # stem cap and polygon tips stay within this in both shapes
        return _Sprite(_ext(-e, -e, e, e, angle, sx, sy), draw)

    return defs, _scatter(ctx, ctx.count("leaves"), make)


def _vignette(ctx: _Ctx) -> Generated:
    b, pid = ctx.box, ctx.pid
    if b.w <= 0 or b.h <= 0:
        return [], []
    col = ctx.colors[0]
    # density 1 -> ~30 % at the edge midpoints, ~40 % in the corners; grows gently with
    # density and never becomes a black frame.
    s = min(0.7, 0.35 * math.sqrt(ctx.layer.density))
    # r .71 of the box reaches the corners; the edge midpoints sit at offset ~.7.
    # Eased stops (slow start) so there is no visible rim where the shading begins.
    defs = [
        f'<radialGradient id="{pid}-vignette" cx=".5" cy=".5" r=".71">'
        f'<stop offset=".42" stop-color="{col}" stop-opacity="0"/>'
        f'<stop offset=".56" stop-color="{col}" stop-opacity="{_n(s * 0.22)}"/>'
        f'<stop offset=".7" stop-color="{col}" stop-opacity="{_n(s * 0.82)}"/>'
        f'<stop offset="1" stop-color="{col}" stop-opacity="{_n(s * 1.15)}"/>'
        "</radialGradient>"
    ]
    # The centre, where the gradient is fully transparent anyway, is cut out of the
    # shape (even-odd ellipse): gradient shading is the costly part of rasterising.
    rx, ry = b.w * 0.29, b.h * 0.29
    d = (
        f"M{_n(b.x)} {_n(b.y)}H{_n(b.right)}V{_n(b.bottom)}H{_n(b.x)}Z"
        f"M{_n(b.cx - rx)} {_n(b.cy)}A{_n(rx)} {_n(ry)} 0 1 0 {_n(b.cx + rx)} {_n(b.cy)}"
        f"A{_n(rx)} {_n(ry)} 0 1 0 {_n(b.cx - rx)} {_n(b.cy)}Z"
    )
    shade = f'<path d="{d}" fill-rule="evenodd" fill="url(#{pid}-vignette)"/>'
    return defs, [_Particle((b.x, b.y, b.w, b.h), shade)]


_GENERATORS: dict[str, Callable[[_Ctx], Generated]] = {
    "confetti": _confetti,
    "petals": _petals,
    "snow": _snow,
    "sparkles": _sparkles,
    "rain": _rain,
    "dots": _dots,
    "leaves": _leaves,
    "vignette": _vignette,
}


def _generate(layer: EffectLayer) -> Generated:
    """The one generator behind both public functions."""
    b = layer.box
    margin = _AVOID_MARGIN * min(b.w, b.h)
    blocked: list[BBox] = (
        []
        if layer.effect == "vignette"
        else [(a.x - margin, a.y - margin, a.w + 2 * margin, a.h + 2 * margin) for a in layer.avoid]
    )
    colors: Sequence[str] = layer.colors or _DEFAULT_COLORS[layer.effect]
    ctx = _Ctx(layer, random.Random(layer.seed), [c.lower() for c in colors], blocked)
    return _GENERATORS[layer.effect](ctx)


def effect_svg(layer: EffectLayer) -> str:
    """The effect as an SVG fragment in canvas px: one ``<g>``, with its own ``<defs>``
    (ids prefixed ``{layer.id}-``) when the effect needs any."""
    defs, parts = _generate(layer)
    attrs = f'data-effect="{layer.effect}"'
    if layer.effect == "dots":
        # One colour and opacity for the whole screen, inherited by every dot.
        attrs += f' fill="{(layer.colors or _DEFAULT_COLORS["dots"])[0].lower()}" fill-opacity=".28"'
    head = f"<defs>{''.join(defs)}</defs>" if defs else ""
    return f"<g {attrs}>{head}{''.join(p.svg for p in parts)}</g>"


def particle_boxes(layer: EffectLayer) -> list[BBox]:
    """(x, y, w, h) of every particle :func:`effect_svg` draws for ``layer``, in the same
    order; for ``vignette`` the one box of the shading rect."""
    return [p.box for p in _generate(layer)[1]]
