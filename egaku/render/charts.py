"""Charts drawn as vectors from their data: bar, line and pie.

``chart_geometry(layer)`` lays a :class:`~egaku.scene.ChartLayer` out: the plotting area,
each bar, point or wedge, and every string the chart prints with where it sits (so
verification can OCR each one). ``chart_svg(layer)`` draws exactly that geometry as an
SVG fragment (no root) in canvas px inside ``layer.box``; text is drawn as glyph outlines
of the shipped fonts, so what was measured is what is drawn.

Two promises, both tested:

* **Exact proportions.** A bar's height (or a point's height above the zero line) is
  ``value × scale`` with one scale per chart; a wedge's sweep is ``360 × value / total``.
  Nothing is rounded beyond printing numbers with two decimals.
* **Only the given numbers.** A chart prints each value exactly as given (12 → "12",
  12.5 → "12.5", with ``unit`` appended) and never invents one: no axis tick numbers, no
  percentages, no totals. Gridlines, where drawn, carry no numbers.

Every text's em box (baseline − 0.88·size to baseline + 0.12·size) lies inside
``layer.box``. Labels and values start at ``layer.label_size`` and are shrunk when they
are wider than their slot (a long label may instead break onto two lines at a phrase
boundary), never below ``MIN_TEXT_PX`` (or the requested size, if that is smaller); if
they still do not fit, :class:`LayoutError` says so rather than letting them overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ..errors import InputError, LayoutError
from ..scene import Box, ChartLayer
from ..typography import break_text, check_coverage, measure
from ..typography.fonts import EM_ASCENT
from .paint import n, outlined_text

__all__ = [
    "MIN_TEXT_PX",
    "ChartDataError",
    "ChartGeometry",
    "ChartText",
    "chart_geometry",
    "chart_svg",
    "format_value",
]

MIN_TEXT_PX = 14.0
"""Labels and values are never drawn smaller than this."""

EM_DESCENT = 1.0 - EM_ASCENT

# Without colours from the theme: one calm colour for the bars, a warm accent for the
# largest value, and a categorical palette for pie wedges (distinct in hue and lightness).
DEFAULT_ACCENT = "#E4572E"
DEFAULT_BAR = "#5B7FA6"
DEFAULT_PIE = ["#2F6DB5", "#F2A541", "#3FA37C", "#E4572E", "#8E6CC7", "#4FB3C8", "#D9658F", "#9C8A5E"]

SLOT_FILL = 0.6  # bar width as a fraction of its slot
TEXT_FILL = 0.9  # the widest label or value may take this much of its slot


@dataclass(frozen=True)
class ChartText:
    """One string the chart draws: ``x`` is where ``anchor`` sits, on ``baseline``."""

    text: str
    x: float
    baseline: float
    size: float
    anchor: str  # "start" | "middle" | "end"
    font: str  # "display" | "text"

    @property
    def width(self) -> float:
        return measure(self.text, self.font, self.size)

    @property
    def box(self) -> Box:
        """The em box of the line: every glyph of the shipped fonts lies inside it."""
        w = self.width
        left = {"start": self.x, "middle": self.x - w / 2, "end": self.x - w}[self.anchor]
        return Box(x=left, y=self.baseline - EM_ASCENT * self.size, w=w, h=self.size)


@dataclass(frozen=True)
class ChartGeometry:
    plot: Box  # the plotting area: where bars, points or the pie lie
    bars: list[Box]  # bar rectangles (bar chart), in data order
    points: list[tuple[float, float]]  # line chart points, in data order
    wedges: list[tuple[float, float]]  # pie: (start_deg, sweep_deg), 0° at 12 o'clock, clockwise
    texts: list[ChartText]
    zero: float | None = None  # y of the zero line (bar and line charts)
    gridlines: tuple[float, ...] = ()  # y of light gridlines (no numbers)
    colors: tuple[str, ...] = ()  # fill of each bar / wedge, or the line colour
    swatches: tuple[Box, ...] = ()  # pie legend colour chips, in data order


def format_value(value: float, unit: str = "") -> str:
    """A value printed exactly as given: 12.0 → "12", 12.5 → "12.5", -2 → "-2"; then ``unit``.

    ``repr`` of a float is the shortest text that reads back as the same number, so
    nothing is rounded away and nothing is invented."""
    value = float(value)
    if value == 0:
        text = "0"  # never "-0"
    else:
        # positional, as people write numbers: 1e-07 → "0.0000001", 1e+20 → "1000…0"
        text = format(Decimal(repr(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if len(text) > 24:
            text = repr(value)  # 1e+300: positional would be a wall of zeros
    if unit and unit[0].isascii() and unit[0].isalpha():
        return f"{text} {unit}"  # "12 kg", but "12円", "12%"
    return text + unit


def value_texts(layer: ChartLayer) -> list[str]:
    """What the chart prints for each value: the number as its source wrote it when the
    layer carries that (``value_texts``: "1,404" stays "1,404"), else :func:`format_value`."""
    if layer.value_texts and len(layer.value_texts) == len(layer.values):
        return [_with_unit(t, layer.unit) for t in layer.value_texts]
    return [format_value(v, layer.unit) for v in layer.values]


def _with_unit(text: str, unit: str) -> str:
    if unit and unit[0].isascii() and unit[0].isalpha():
        return f"{text} {unit}"
    if unit in ("$", "¥", "€", "£"):
        return unit + text
    return text + unit


# --------------------------------------------------------------------------- checks


class ChartDataError(InputError, ValueError):
    """Data a chart cannot show (a negative pie wedge, a label without a value): an
    input error for the caller, and still a ValueError for code that caught that."""


def _check(layer: ChartLayer) -> None:
    if len(layer.labels) != len(layer.values):
        raise ChartDataError(
            f"chart {layer.id!r}: {len(layer.labels)} labels but {len(layer.values)} values; give one label per value"
        )
    if layer.chart == "pie":
        negative = [v for v in layer.values if v < 0]
        if negative:
            raise ChartDataError(
                f"chart {layer.id!r}: a pie needs values ≥ 0 but got {format_value(negative[0])}; "
                "use a bar or line chart for negative values"
            )
        if sum(layer.values) <= 0:
            raise ChartDataError(
                f"chart {layer.id!r}: a pie needs a positive total but all values are 0; use a bar chart"
            )
    for label in layer.labels:
        check_coverage(label, "text")
    for t in value_texts(layer):
        check_coverage(t, "display")


def _min_size(layer: ChartLayer) -> float:
    """Text is never shrunk below MIN_TEXT_PX; a smaller requested size is kept, on the
    quarter-pixel grid every fitted size is floored to (else a requested 10.752 px would
    floor to 10.75 and count as too small, and no chart on a small canvas would draw)."""
    return min(MIN_TEXT_PX, max(0.25, math.floor(layer.label_size * 4) / 4))


def _start_size(layer: ChartLayer) -> float:
    """``label_size``, but text rows never take more than about a third of the box."""
    return min(layer.label_size, max(_min_size(layer), layer.box.h / 9))


def _fit(texts: list[str], font: str, size: float, room: float, what: str, layer: ChartLayer) -> float:
    """The largest size ≤ ``size`` at which every text is at most ``room`` px wide."""
    widest = max(measure(t, font, size) for t in texts)
    if widest > room:
        size *= room / widest  # shaped advances scale linearly with the size
    size = math.floor(size * 4) / 4  # quarter px: stable numbers in the SVG
    if size < _min_size(layer):
        raise LayoutError(
            f"chart {layer.id!r}: the {what} need {_min_size(layer):g} px text but only {room:.0f} px of width "
            "each; widen the chart box, shorten the texts or use fewer categories"
        )
    return size


def _nice_step(span: float) -> float:
    """A round gridline step (1, 2, 2.5 or 5 × 10^k) giving about three to five lines."""
    raw = span / 5
    k = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * k >= raw:
            return m * k
    return 10 * k  # pragma: no cover - the loop ends at 10


# --------------------------------------------------------------------------- colours


def _hex(c: str) -> tuple[float, float, float]:
    return int(c[1:3], 16) / 255, int(c[3:5], 16) / 255, int(c[5:7], 16) / 255


def _to_oklab(c: str) -> tuple[float, float, float]:
    def lin(u: float) -> float:
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(u) for u in _hex(c))
    lc = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3)
    m = (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3)
    s = (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)
    return (
        0.2104542553 * lc + 0.7936177850 * m - 0.0040720468 * s,
        1.9779984951 * lc - 2.4285922050 * m + 0.4505937099 * s,
        0.0259040371 * lc + 0.7827717662 * m - 0.8086757660 * s,
    )


def _from_oklab(lab: tuple[float, float, float]) -> str:
    L, a, b = lab
    lc = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s = (L - 0.0894841775 * a - 1.2914855480 * b) ** 3
    rgb = (
        4.0767416621 * lc - 3.3077115913 * m + 0.2309699292 * s,
        -1.2684380046 * lc + 2.6097574011 * m - 0.3413193965 * s,
        -0.0041960863 * lc - 0.7034186147 * m + 1.7076147010 * s,
    )

    def enc(u: float) -> int:
        u = min(1.0, max(0.0, u))
        v = 12.92 * u if u <= 0.0031308 else 1.055 * u ** (1 / 2.4) - 0.055
        return round(v * 255)

    return "#" + "".join(f"{enc(u):02X}" for u in rgb)


def _tint(c: str, t: float) -> str:
    """``c`` moved ``t`` of the way to white in OKLab: lightness steps look even."""
    L, a, b = _to_oklab(c)
    return _from_oklab((L + (1 - L) * t, a * (1 - t), b * (1 - t)))


def _bar_colors(layer: ChartLayer) -> list[str]:
    """One colour for every bar; the largest value (ties included) gets the accent."""
    cs = layer.colors
    if len(cs) == 1:
        return [cs[0]] * len(layer.values)
    if len(cs) == len(layer.values) > 2:  # a colour for each bar
        return list(cs)
    accent, rest = (cs[0], cs[1]) if cs else (DEFAULT_ACCENT, DEFAULT_BAR)
    top = max(layer.values)
    return [accent if v == top and v > 0 else rest for v in layer.values]


def _pie_colors(layer: ChartLayer) -> list[str]:
    """The given colours in order; past their end, lighter tints of them (on theme),
    never the same colour twice in a row or for the first and last wedge."""
    base = list(layer.colors) or DEFAULT_PIE
    k = len(base)
    out = [base[i] if i < k else _tint(base[i % k], min(0.7, 0.38 * (i // k))) for i in range(len(layer.values))]
    if len(out) > 1 and out[-1] == out[0]:
        out[-1] = _tint(out[-1], 0.45)
    return out


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Axis:
    """Vertical layout shared by bar and line charts."""

    zero: float
    scale: float  # px per unit of value
    plot: Box
    label_lines: list[list[str]]  # each category label, in one or two lines
    label_baseline: float  # of a label's first line
    value_size: float
    label_size: float
    value_gap: float  # between a bar end (or dot) and its value's em box

    def label_texts(self, i: int, x: float) -> list[ChartText]:
        pitch = LABEL_LEADING * self.label_size
        return [
            ChartText(line, x, self.label_baseline + k * pitch, self.label_size, "middle", "text")
            for k, line in enumerate(self.label_lines[i])
        ]


LABEL_LEADING = 1.2  # line pitch of a two-line label, in em
DIGIT_HEIGHT = 0.72  # height of the shipped fonts' digits above the baseline, in em


def _wrap_labels(labels: list[str], size: float, room: float, floor: float) -> tuple[float, list[list[str]]] | None:
    """The largest size ≤ ``size`` (quarter px, ≥ ``floor``) at which every label fits
    ``room`` in at most two lines broken at phrase boundaries (BudouX, kinsoku), or None."""
    s = math.floor(size * 4) / 4
    while s >= floor:

        def width(t: str, s: float = s) -> float:
            return measure(t, "text", s)

        lines = [break_text(t, width, room, balance=True, split_words=False) for t in labels]
        if all(len(ls) <= 2 and all(width(x) <= room for x in ls) for ls in lines):
            return s, lines
        s -= 0.5
    return None


def _axis(layer: ChartLayer, values: list[str], mark: float) -> tuple[_Axis, float, float]:
    """Lay out the vertical axis; ``mark`` is the extra room a value needs beyond its
    data point (a line chart's dot). Returns the axis, the x of the first slot and the
    slot width."""
    b = layer.box
    count = len(layer.values)
    size = _start_size(layer)
    pad = max(2.0, 0.2 * size)
    slot = (b.w - 2 * pad) / count
    room = TEXT_FILL * slot
    # 1. type size: labels on one line, shrunk to their slot; or, when that would shrink
    # them by more than a tenth, on two lines broken at a phrase boundary
    widest = max(measure(t, "text", size) for t in layer.labels)
    one_line = math.floor(size * min(1.0, room / widest) * 4) / 4
    label_lines = [[t] for t in layer.labels]
    label_size = one_line
    if one_line < 0.9 * size:
        wrapped = _wrap_labels(layer.labels, size, room, _min_size(layer))
        if wrapped is not None and wrapped[0] > 1.1 * one_line:
            label_size, label_lines = wrapped
    if label_size < _min_size(layer):
        raise LayoutError(
            f"chart {layer.id!r}: the labels need {_min_size(layer):g} px text but only {room:.0f} px of width each; "
            "widen the chart box, shorten the labels or use fewer categories"
        )
    value_size = _fit(values, "display", size, room, "values", layer)
    rows = max(len(ls) for ls in label_lines)
    label_h = label_size * (1 + LABEL_LEADING * (rows - 1))
    # 2. vertical: value room above (and below, with negatives), the data, the labels
    gap = 0.35 * value_size
    up = max(0.0, *layer.values)
    down = max(0.0, *(-v for v in layer.values))
    has_up = any(v >= 0 for v in layer.values)
    has_down = down > 0
    head = (mark + gap + value_size) if has_up else 0.0  # value em box above the top
    foot = (mark + gap + value_size) if has_down else 0.0  # value em box below the bottom
    label_gap = 0.75 * label_size
    data = b.h - 2 * pad - head - foot - label_gap - label_h
    if data < 2 * label_size:
        raise LayoutError(
            f"chart {layer.id!r}: a {b.h:.0f} px high box leaves {max(0.0, data):.0f} px for the data; "
            "make the chart box taller"
        )
    # 3. one scale for every value: value × scale px from the zero line
    scale = data / (up + down) if up + down > 0 else 0.0
    top = b.y + pad + head
    zero = top + up * scale if up + down > 0 else top + data
    plot = Box(x=b.x + pad, y=zero - up * scale, w=slot * count, h=(up + down) * scale)
    bottom = zero + down * scale + foot
    label_baseline = max(bottom, zero) + label_gap + EM_ASCENT * label_size
    axis = _Axis(zero, scale, plot, label_lines, label_baseline, value_size, label_size, gap)
    return axis, b.x + pad, slot


def _gridlines(layer: ChartLayer, ax: _Axis) -> tuple[float, ...]:
    if ax.scale == 0:
        return ()
    up = max(0.0, *layer.values)
    down = max(0.0, *(-v for v in layer.values))
    step = _nice_step(max(up, down))
    ys = []
    k = 1
    while k * step <= up + 1e-9 * step:
        ys.append(ax.zero - k * step * ax.scale)
        k += 1
    k = 1
    while k * step <= down + 1e-9 * step:
        ys.append(ax.zero + k * step * ax.scale)
        k += 1
    return tuple(ys)


def _bar(layer: ChartLayer) -> ChartGeometry:
    texts_v = value_texts(layer)
    ax, x0, slot = _axis(layer, texts_v, 0.0)
    width = SLOT_FILL * slot
    bars: list[Box] = []
    texts: list[ChartText] = []
    for i, v in enumerate(layer.values):
        cx = x0 + (i + 0.5) * slot
        h = abs(v) * ax.scale
        top = ax.zero - h if v >= 0 else ax.zero
        bars.append(Box(x=cx - width / 2, y=top, w=width, h=h))
        if v >= 0:
            baseline = top - ax.value_gap - EM_DESCENT * ax.value_size
        else:
            baseline = top + h + ax.value_gap + EM_ASCENT * ax.value_size
        texts.append(ChartText(texts_v[i], cx, baseline, ax.value_size, "middle", "display"))
        texts.extend(ax.label_texts(i, cx))
    return ChartGeometry(
        plot=ax.plot,
        bars=bars,
        points=[],
        wedges=[],
        texts=texts,
        zero=ax.zero,
        gridlines=_gridlines(layer, ax),
        colors=tuple(_bar_colors(layer)),
    )


def _line_widths(layer: ChartLayer) -> tuple[float, float]:
    """(stroke width, dot radius) for a line chart, from the type size."""
    stroke = max(2.5, 0.14 * _start_size(layer))
    return stroke, 1.9 * stroke


def _line(layer: ChartLayer) -> ChartGeometry:
    texts_v = value_texts(layer)
    _, dot = _line_widths(layer)
    ax, x0, slot = _axis(layer, texts_v, dot)
    points = [(x0 + (i + 0.5) * slot, ax.zero - v * ax.scale) for i, v in enumerate(layer.values)]
    texts: list[ChartText] = []
    pad = max(2.0, 0.2 * ax.value_size)
    top_limit = layer.box.y + pad  # the em box of a value stays between these
    bottom_limit = ax.label_baseline - EM_ASCENT * ax.label_size - 0.25 * ax.label_size
    for i, (v, (x, y)) in enumerate(zip(layer.values, points)):
        s = ax.value_size
        half = measure(texts_v[i], "display", s) / 2 + 0.15 * s
        # where the line runs at the value's left and right edges: a value is lifted
        # (or lowered) until the line passes clear of it, so a slope never cuts it
        edges = [y]
        for j in (i - 1, i + 1):
            if 0 <= j < len(points):
                nx, ny = points[j]
                t = min(1.0, half / abs(nx - x))
                edges.append(y + (ny - y) * t)
        above = min(y - dot, *edges) - ax.value_gap - EM_DESCENT * s
        below = max(y + dot, *edges) + ax.value_gap + EM_ASCENT * s
        # a value never crosses the zero line, and never leaves the box
        if v >= 0:
            above_ok = above - EM_ASCENT * s >= top_limit
            below_ok = below + EM_DESCENT * s <= ax.zero - 0.25 * s
        else:
            above_ok = above - EM_ASCENT * s >= ax.zero + 0.25 * s
            below_ok = below + EM_DESCENT * s <= bottom_limit
        prefer_above = v >= 0
        # how far the value's ink sits from its dot: digits rise ~0.72 em from the baseline
        lift, drop = y - above, below - DIGIT_HEIGHT * s - y
        if above_ok and below_ok:
            bias = 0.5 * s if prefer_above else -0.5 * s  # the natural side wins near-ties
            go_above = lift < drop + bias
        else:
            go_above = above_ok if (above_ok or below_ok) else prefer_above
        baseline = above if go_above else below
        baseline = min(max(baseline, top_limit + EM_ASCENT * s), bottom_limit - EM_DESCENT * s)
        texts.append(ChartText(texts_v[i], x, baseline, s, "middle", "display"))
        texts.extend(ax.label_texts(i, x))
    color = layer.colors[0] if layer.colors else DEFAULT_PIE[0]
    return ChartGeometry(
        plot=ax.plot,
        bars=[],
        points=points,
        wedges=[],
        texts=texts,
        zero=ax.zero,
        gridlines=_gridlines(layer, ax),
        colors=(color,),
    )


def _pie(layer: ChartLayer) -> ChartGeometry:
    """A pie with a legend (chip, label, value) beside it on a wide box, under it on a
    tall one. Each value is printed once, as given; no percentages."""
    b = layer.box
    total = sum(layer.values)
    texts_v = value_texts(layer)
    count = len(layer.values)
    wide = b.w >= 1.2 * b.h
    size = _start_size(layer)
    pad = max(2.0, 0.2 * size)
    # 1. the legend's type: rows must fit the height (wide) or share it with the pie (tall)
    pitch_em = 1.75
    rows_room = (b.h - 2 * pad) if wide else 0.45 * (b.h - 2 * pad)
    size = min(size, rows_room / (pitch_em * count))
    chip_em, chip_gap_em, col_gap_em = 0.75, 0.5, 1.2

    def legend_width(s: float) -> float:
        labels = max(measure(t, "text", s) for t in layer.labels)
        values = max(measure(t, "display", s) for t in texts_v)
        return (chip_em + chip_gap_em + col_gap_em) * s + labels + values

    room = (0.5 * (b.w - 2 * pad)) if wide else (b.w - 2 * pad)
    if legend_width(size) > room:
        size *= room / legend_width(size)
    size = math.floor(size * 4) / 4
    if size < _min_size(layer):
        raise LayoutError(
            f"chart {layer.id!r}: the legend of {count} rows needs {_min_size(layer):g} px text but the "
            f"{b.w:.0f}x{b.h:.0f} px box leaves room for {size:.1f} px; enlarge the chart box or shorten the labels"
        )
    pitch = pitch_em * size
    legend_w = legend_width(size)
    legend_h = pitch * (count - 1) + size  # em boxes of the first to the last row
    # 2. the pie: as large as the rest of the box allows, the group centred
    if wide:
        gutter = 2.2 * size
        d = min(b.h - 2 * pad, b.w - 2 * pad - gutter - legend_w)
        group_w = d + gutter + legend_w
        left = b.x + (b.w - group_w) / 2
        cx, cy = left + d / 2, b.cy
        lx = left + d + gutter
        ly = b.cy - legend_h / 2
    else:
        gutter = 1.6 * size
        d = min(b.w - 2 * pad, b.h - 2 * pad - gutter - legend_h)
        group_h = d + gutter + legend_h
        top = b.y + (b.h - group_h) / 2
        cx, cy = b.cx, top + d / 2
        lx = b.cx - legend_w / 2
        ly = top + d + gutter
    if d < 4 * size:
        raise LayoutError(f"chart {layer.id!r}: the box leaves only {max(0.0, d):.0f} px for the pie; enlarge it")
    r = d / 2
    # 3. wedges from 12 o'clock, clockwise; legend rows in data order
    wedges: list[tuple[float, float]] = []
    start = 0.0
    for v in layer.values:
        sweep = 360.0 * v / total
        wedges.append((start, sweep))
        start += sweep
    texts: list[ChartText] = []
    swatches: list[Box] = []
    chip = chip_em * size
    value_x = lx + legend_w
    for i in range(count):
        baseline = ly + i * pitch + EM_ASCENT * size
        # the chip sits on the optical middle of the line (between baseline and x-height)
        mid = baseline - 0.36 * size
        swatches.append(Box(x=lx, y=mid - chip / 2, w=chip, h=chip))
        texts.append(ChartText(layer.labels[i], lx + chip + chip_gap_em * size, baseline, size, "start", "text"))
        texts.append(ChartText(texts_v[i], value_x, baseline, size, "end", "display"))
    return ChartGeometry(
        plot=Box(x=cx - r, y=cy - r, w=d, h=d),
        bars=[],
        points=[],
        wedges=wedges,
        texts=texts,
        colors=tuple(_pie_colors(layer)),
        swatches=tuple(swatches),
    )


def chart_geometry(layer: ChartLayer) -> ChartGeometry:
    """Where everything of ``layer`` goes, in canvas px. Raises ChartDataError (an
    InputError and a ValueError) for data the chart cannot show, LayoutError when the box
    is too small, GlyphError for a character no shipped font covers."""
    _check(layer)
    if layer.chart == "bar":
        return _bar(layer)
    if layer.chart == "line":
        return _line(layer)
    return _pie(layer)


# --------------------------------------------------------------------------- drawing


def _rule(y: float, x0: float, x1: float, color: str, width: float, opacity: float = 1.0) -> str:
    op = f' stroke-opacity="{n(opacity)}"' if opacity < 1 else ""
    return f'<line x1="{n(x0)}" y1="{n(y)}" x2="{n(x1)}" y2="{n(y)}" stroke="{color}" stroke-width="{n(width)}"{op}/>'


def _texts(geo: ChartGeometry, ink: str) -> str:
    return "".join(outlined_text(t.text, t.font, t.size, t.x, t.baseline, t.anchor, ink) for t in geo.texts)


def _axes(layer: ChartLayer, geo: ChartGeometry) -> tuple[str, str]:
    """(gridlines, zero line): gridlines go under the data, the zero line over it."""
    assert geo.zero is not None
    p = geo.plot
    x0, x1 = p.x, p.right
    grid = "".join(_rule(y, x0, x1, layer.grid, 1.0, 0.6) for y in geo.gridlines)
    zero = _rule(geo.zero, x0, x1, layer.grid, max(1.5, 0.06 * layer.label_size))
    return grid, zero


def _bar_svg(layer: ChartLayer, geo: ChartGeometry) -> str:
    grid, zero = _axes(layer, geo)
    parts = [grid]
    for i, (bar, v, color) in enumerate(zip(geo.bars, layer.values, geo.colors)):
        # The id'd <rect> is the bar, its height exactly value × scale. Its far end is
        # rounded; at the zero line a square patch (inside the same rect) keeps it flat.
        rad = min(0.12 * bar.w, 10.0, bar.h / 2)
        parts.append(
            f'<rect id="{layer.id}-bar-{i}" data-value="{format_value(v)}" x="{n(bar.x)}" y="{n(bar.y)}" '
            f'width="{n(bar.w)}" height="{n(bar.h)}" rx="{n(rad)}" fill="{color}"/>'
        )
        if rad > 0:
            y = bar.bottom - rad if v >= 0 else bar.y
            parts.append(f'<rect x="{n(bar.x)}" y="{n(y)}" width="{n(bar.w)}" height="{n(rad)}" fill="{color}"/>')
    parts.append(zero)
    parts.append(_texts(geo, layer.ink))
    return "".join(parts)


def _line_svg(layer: ChartLayer, geo: ChartGeometry) -> str:
    grid, zero = _axes(layer, geo)
    assert geo.zero is not None
    color = geo.colors[0]
    stroke, dot = _line_widths(layer)
    pts = geo.points
    line = " ".join(f"{n(x)},{n(y)}" for x, y in pts)
    parts = [grid]
    if len(pts) > 1:  # a soft area between the line and the zero line
        area = f"{n(pts[0][0])},{n(geo.zero)} {line} {n(pts[-1][0])},{n(geo.zero)}"
        parts.append(f'<polygon points="{area}" fill="{color}" fill-opacity="0.12"/>')
    parts.append(zero)
    if len(pts) > 1:
        parts.append(
            f'<polyline id="{layer.id}-line" points="{line}" fill="none" stroke="{color}" '
            f'stroke-width="{n(stroke)}" stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for i, ((x, y), v) in enumerate(zip(pts, layer.values)):
        parts.append(
            f'<circle id="{layer.id}-point-{i}" data-value="{format_value(v)}" cx="{n(x)}" cy="{n(y)}" '
            f'r="{n(dot)}" fill="{color}" stroke="#FFFFFF" stroke-width="{n(0.8 * stroke)}"/>'
        )
    parts.append(_texts(geo, layer.ink))
    return "".join(parts)


def _pie_svg(layer: ChartLayer, geo: ChartGeometry) -> str:
    p = geo.plot
    cx, cy, r = p.cx, p.cy, p.w / 2
    sep = max(1.5, 0.006 * p.w)  # thin paper-white gaps between wedges
    parts = []

    def at(deg: float) -> tuple[float, float]:
        a = math.radians(deg)
        return cx + r * math.sin(a), cy - r * math.cos(a)

    for i, ((start, sweep), v, color) in enumerate(zip(geo.wedges, layer.values, geo.colors)):
        attrs = f'id="{layer.id}-wedge-{i}" data-value="{format_value(v)}" fill="{color}"'
        if sweep <= 0:
            continue
        if sweep >= 360 - 1e-9:
            parts.append(f'<circle {attrs} cx="{n(cx)}" cy="{n(cy)}" r="{n(r)}"/>')
            continue
        (x0, y0), (x1, y1) = at(start), at(start + sweep)
        large = 1 if sweep > 180 else 0
        d = f"M{n(cx)} {n(cy)}L{n(x0)} {n(y0)}A{n(r)} {n(r)} 0 {large} 1 {n(x1)} {n(y1)}Z"
        parts.append(
            f'<path {attrs} d="{d}" stroke="#FFFFFF" stroke-width="{n(sep)}" stroke-linejoin="round"'
            ' paint-order="fill"/>'
        )
    for s, color in zip(geo.swatches, geo.colors):
        parts.append(
            f'<rect x="{n(s.x)}" y="{n(s.y)}" width="{n(s.w)}" height="{n(s.h)}" rx="{n(0.22 * s.w)}" fill="{color}"/>'
        )
    parts.append(_texts(geo, layer.ink))
    return "".join(parts)


def chart_svg(layer: ChartLayer) -> str:
    """The chart as an SVG fragment (no root) in canvas px inside ``layer.box``."""
    geo = chart_geometry(layer)
    if layer.chart == "bar":
        return _bar_svg(layer, geo)
    if layer.chart == "line":
        return _line_svg(layer, geo)
    return _pie_svg(layer, geo)
