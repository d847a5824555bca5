"""Fit text into a box: the largest size whose broken lines fit, and the glyph layout.

A horizontal block is ``lines`` stacked at ``line_height`` em; a vertical block is
columns running right to left, each column ``line_height`` em from the next.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from ..errors import LayoutError, brief
from .fonts import EM_ASCENT, check_coverage, face
from .linebreak import break_text, clauses
from .shaping import Glyph, measure, shape


@dataclass(frozen=True)
class TextFit:
    size: float
    lines: list[str]
    width: float  # block extent, px
    height: float


# Ruby (furigana, JLREQ 3.3): half the base size, in a band just outside the base's em
# box (above a line, right of a column). Lines with ruby need a pitch of at least
# RUBY_LINE_HEIGHT em so a line's ruby never touches the line before it.
RUBY_SCALE = 0.5
RUBY_LINE_HEIGHT = 1.7


def block_extent(
    lines: list[str],
    face_key: str,
    size: float,
    vertical: bool,
    line_height: float,
    tracking: float,
    ruby: bool = False,
) -> tuple[float, float]:
    """The block's (width, height) in px; with ``ruby`` the band for the first line's
    ruby is part of it."""
    longest = max(measure(line, face_key, size, vertical, tracking) for line in lines)
    across = size * (1 + (len(lines) - 1) * line_height + (RUBY_SCALE if ruby else 0.0))
    return (across, longest) if vertical else (longest, across)


def fit_text(
    text: str,
    face_key: str,
    box_w: float,
    box_h: float,
    *,
    max_size: float,
    min_size: float,
    vertical: bool = False,
    line_height: float = 1.25,
    tracking: float = 0.0,
    max_lines: int = 4,
    balance: bool = True,
    prefer_clauses: bool = True,
    ruby: Sequence[tuple[int, int]] = (),
) -> TextFit:
    """Largest size in [min_size, max_size] (0.5 px steps) at which ``text`` fits the box.

    ``ruby``: the (start, end) spans of ``text`` that carry ruby: they are never broken
    over two lines, and the block has room for the ruby band.

    With ``prefer_clauses`` a title that reads as clauses ("READ MORE, WORRY LESS",
    「第50回 輝け青春」) gets one clause a line when that costs at most 20 % of the size:
    a designer breaks at the comma, not wherever the measure runs out.
    """
    keep = tuple(ruby)
    best = _fit(
        text, face_key, box_w, box_h, max_size, min_size, vertical, line_height, tracking, max_lines, balance, keep
    )
    # only when the text must break anyway: a line that fits whole stays whole
    parts = clauses(text) if prefer_clauses and "\n" not in text and len(best.lines) > 1 and not keep else []
    if 2 <= len(parts) <= max_lines and best.lines != parts:
        try:
            alt = _fit(
                "\n".join(parts),
                face_key,
                box_w,
                box_h,
                max_size,
                min_size,
                vertical,
                line_height,
                tracking,
                len(parts),
                balance,
            )
        except LayoutError:
            return best
        if alt.lines == parts and alt.size >= 0.8 * best.size:
            return alt
    return best


def _fit(
    text: str,
    face_key: str,
    box_w: float,
    box_h: float,
    max_size: float,
    min_size: float,
    vertical: bool,
    line_height: float,
    tracking: float,
    max_lines: int,
    balance: bool,
    keep: tuple[tuple[int, int], ...] = (),
) -> TextFit:
    check_coverage(text, face_key)
    if box_w <= 0 or box_h <= 0:
        raise LayoutError(f"text box is empty ({box_w:.0f}x{box_h:.0f} px); give the text more room")
    line_len = box_h if vertical else box_w

    def attempt(size: float) -> TextFit | None:
        m = partial(measure, face_key=face_key, size=size, vertical=vertical, tracking=tracking)
        lines = break_text(text, lambda t: m(t), line_len, balance, split_words, keep)
        if not lines or len(lines) > max_lines:
            return None
        w, h = block_extent(lines, face_key, size, vertical, line_height, tracking, bool(keep))
        if w > box_w + 0.01 or h > box_h + 0.01:
            return None
        return TextFit(size, lines, w, h)

    # Phrases stay whole (卒業 / おめでとう, never 卒業お / めでとう) unless even the
    # smallest size cannot hold the longest phrase on a line.
    split_words = False
    lo, hi = int(min_size * 2), int(max_size * 2)
    best = attempt(lo / 2)
    if best is None:
        split_words = True
        best = attempt(lo / 2)
    if best is None:
        raise LayoutError(
            f"{brief(text)} does not fit a {box_w:.0f}x{box_h:.0f} px box even at {min_size:.0f} px; "
            f"shorten the text or use a larger canvas"
        )
    while lo < hi:  # largest fitting size, in half-pixel steps
        mid = (lo + hi + 1) // 2
        fit = attempt(mid / 2)
        if fit is not None:
            best, lo = fit, mid
        else:
            hi = mid - 1
    return best


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x: float  # horizontal: start of the line on the baseline; vertical: column centre x
    y: float  # horizontal: baseline y; vertical: column top
    length: float
    glyphs: tuple[Glyph, ...]
    # vertical: the character cells (top px from ``y``, extent px, index in ``text``)
    cells: tuple[tuple[float, float, int], ...] = ()


@dataclass(frozen=True)
class TextLayout:
    lines: tuple[PlacedLine, ...]
    ink: tuple[float, float, float, float]  # x, y, w, h of the em boxes (and ruby band), px
    size: float
    vertical: bool
    ruby: tuple[PlacedLine, ...] = field(default=())  # each reading, placed like a line
    ruby_size: float = 0.0


def line_positions(text: str, lines: Sequence[str]) -> list[tuple[int, int] | None]:
    """For each character of ``text``: (line, index in that line), or None for the spaces
    and newlines the breaker dropped. The lines must come from ``text`` (a LayoutError
    otherwise: the scene's lines and text disagree)."""
    out: list[tuple[int, int] | None] = []
    li, ci = 0, 0
    for ch in text:
        while li < len(lines) and ci >= len(lines[li]):
            li, ci = li + 1, 0
        if li < len(lines) and lines[li][ci] == ch:
            out.append((li, ci))
            ci += 1
        elif ch.isspace():
            out.append(None)
        else:
            raise LayoutError(f"the lines {list(lines)!r} are not the text {brief(text)}; compose the layer again")
    return out


def _base_extent(line: PlacedLine, start: int, end: int, vertical: bool, track: float) -> tuple[float, float] | None:
    """Where characters [start, end) of a placed line run along it, px from its origin
    (None when no glyph of its own draws them)."""
    if vertical:
        boxes = [(top, ext) for top, ext, i in line.cells if start <= i < end]
        return (boxes[0][0], boxes[-1][0] + boxes[-1][1]) if boxes else None
    xs = [g.x for g in line.glyphs if start <= g.cluster < end]
    after = [g.x for g in line.glyphs if g.cluster >= end]
    return (min(xs), (min(after) - track if after else line.length)) if xs else None


def _place_ruby(
    text: str,
    spans: Sequence[tuple[int, int, str]],
    placed: list[PlacedLine],
    face_key: str,
    size: float,
    vertical: bool,
    tracking: float,
) -> tuple[PlacedLine, ...]:
    """Group ruby (JLREQ 3.3): each reading centred on its whole base, at RUBY_SCALE of the
    base size, just outside the base's em box; pushed along the line so it never overlaps
    the previous reading, and kept inside the line's ends when it can be."""
    where = line_positions(text, [p.text for p in placed])
    rsize = size * RUBY_SCALE
    out: list[PlacedLine] = []
    last_end: dict[int, float] = {}
    for start, end, reading in sorted(spans):
        pos = [p for p in where[start:end] if p is not None]
        if not pos:
            continue
        li = pos[0][0]
        chars = [c for ln, c in pos if ln == li]  # a base broken over lines keeps its first part
        line = placed[li]
        extent = _base_extent(line, chars[0], chars[-1] + 1, vertical, tracking * size)
        if extent is None:
            continue
        b0, b1 = extent
        check_coverage(reading, face_key)
        run = shape(reading, face_key, rsize, vertical)
        glyphs, length = run.glyphs, run.advance
        if length < b1 - b0:
            # a reading shorter than its base is spread over it 1:2:1 (JLREQ group ruby): half
            # a gap at each end, a whole gap between the ruby characters
            gap = (b1 - b0 - length) / len(reading)
            glyphs = tuple(_along(g, gap / 2 + g.cluster * gap, vertical) for g in glyphs)
            length = b1 - b0
        r0 = (b0 + b1 - length) / 2
        r0 = min(r0, line.length - length)  # inside the line's end when it can be
        r0 = max(r0, 0.0, last_end.get(li, -1e9))  # and its start, and after the last reading
        last_end[li] = r0 + length
        if vertical:
            x, y = line.x + size / 2 + rsize / 2, line.y + r0
        else:
            x, y = line.x + r0, line.y - EM_ASCENT * size - rsize + EM_ASCENT * rsize
        out.append(PlacedLine(reading, x, y, length, glyphs))
    return tuple(out)


def _along(g: Glyph, d: float, vertical: bool) -> Glyph:
    """The glyph moved ``d`` px along its line (down a column)."""
    return Glyph(g.gid, g.x, g.y + d, g.cluster, g.sx) if vertical else Glyph(g.gid, g.x + d, g.y, g.cluster, g.sx)


def layout_lines(
    lines: list[str],
    face_key: str,
    size: float,
    box: tuple[float, float, float, float],
    *,
    align: str = "center",
    vertical: bool = False,
    line_height: float = 1.25,
    tracking: float = 0.0,
    text: str = "",
    ruby: Sequence[tuple[int, int, str]] = (),
) -> TextLayout:
    """Place already-broken lines in ``box`` (x, y, w, h); the block is centred in the box
    across the lines and aligned by ``align`` along them. ``ruby``: (start, end, reading)
    over ``text`` (the text the lines were broken from), drawn above a line or right of a
    column; the block then includes the first line's ruby band."""
    bx, by, bw, bh = box
    runs = [shape(line, face_key, size, vertical, tracking) for line in lines]
    lengths = [measure(line, face_key, size, vertical, tracking) for line in lines]
    pitch = size * line_height
    band = RUBY_SCALE * size if ruby else 0.0
    across = size + (len(lines) - 1) * pitch + band
    longest = max(lengths)
    placed: list[PlacedLine] = []
    if vertical:
        right = bx + (bw + across) / 2  # columns run right to left; the ruby band is rightmost
        top0 = by + (bh - longest) / 2
        for i, (line, run, length) in enumerate(zip(lines, runs, lengths)):
            cx = right - band - size / 2 - i * pitch
            top = top0 + {"start": 0.0, "center": (longest - length) / 2, "end": longest - length}[align]
            placed.append(PlacedLine(line, cx, top, length, run.glyphs, run.cells))
        ink = (right - across, top0, across, longest)
    else:
        top = by + (bh - across) / 2
        for i, (line, run, length) in enumerate(zip(lines, runs, lengths)):
            base = top + band + i * pitch + EM_ASCENT * size
            if align == "start":
                x = bx
            elif align == "end":
                x = bx + bw - length
            else:
                x = bx + (bw - length) / 2
            placed.append(PlacedLine(line, x, base, length, run.glyphs))
        lefts = [p.x for p in placed]
        ink = (min(lefts), top, max(p.x + p.length for p in placed) - min(lefts), across)
    rubies = _place_ruby(text, ruby, placed, face_key, size, vertical, tracking) if ruby else ()
    if rubies:  # a reading longer than its base may run past the line's ends: the box holds it
        ix, iy, iw, ih = ink
        if vertical:
            y0 = min(iy, *(r.y for r in rubies))
            y1 = max(iy + ih, *(r.y + r.length for r in rubies))
            ink = (ix, y0, iw, y1 - y0)
        else:
            x0 = min(ix, *(r.x for r in rubies))
            x1 = max(ix + iw, *(r.x + r.length for r in rubies))
            ink = (x0, iy, x1 - x0, ih)
    return TextLayout(tuple(placed), ink, size, vertical, rubies, RUBY_SCALE * size if ruby else 0.0)


# --------------------------------------------------------------------------- text from tools
# Text a tool returned (a search title, a geocoded place name) was never written by the
# user, so an error asking them to edit it would be wrong. These helpers make it drawable
# instead: characters no shipped font has are dropped, and text too long for its slot is
# shortened with an ellipsis, measured with the real shaped width. User text never
# comes here: it is drawn exactly as written, or fails with a message naming the problem.

ELLIPSIS = "…"


def drop_uncovered(text: str, face_key: str) -> tuple[str, list[str]]:
    """``text`` without the characters ``face_key`` cannot draw (a dropped character takes
    the combining marks after it along), spaces collapsed and trimmed; and the dropped
    characters, in order."""
    f = face(face_key)
    kept: list[str] = []
    dropped: list[str] = []
    dropping = False
    for ch in text:
        if ch.isspace():
            kept.append(" ")
            dropping = False
        elif dropping and unicodedata.category(ch).startswith("M"):
            dropped.append(ch)  # a mark on a character that is gone
        elif f.covers(ch):
            kept.append(ch)
            dropping = False
        else:
            dropped.append(ch)
            dropping = True
    return " ".join("".join(kept).split()), dropped


def _cut(text: str, k: int) -> str:
    """The first ``k`` characters, never ending in a space or between a character and its
    combining mark, then an ellipsis; at a word break when one is near the end."""
    while 0 < k < len(text) and unicodedata.category(text[k]).startswith("M"):
        k -= 1
    head = text[:k]
    space = head.rfind(" ")
    if space >= 0.6 * k:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def ellipsize(
    text: str, face_key: str, size: float, max_length: float, *, vertical: bool = False, tracking: float = 0.0
) -> str:
    """``text`` when its shaped width at ``size`` fits ``max_length`` px, else its longest
    start that fits with an ellipsis (…) after it (cut at a word break when one is near)."""
    if measure(text, face_key, size, vertical, tracking) <= max_length:
        return text
    if measure(ELLIPSIS, face_key, size, vertical, tracking) > max_length:
        raise LayoutError(
            f"even '{ELLIPSIS}' does not fit {max_length:.0f} px at {size:.0f} px; give the text more room"
        )
    lo, hi = 0, len(text) - 1  # the longest prefix length whose cut fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(_cut(text, mid), face_key, size, vertical, tracking) <= max_length:
            lo = mid
        else:
            hi = mid - 1
    return _cut(text, lo)


def fit_shortened(
    text: str,
    face_key: str,
    box_w: float,
    box_h: float,
    *,
    max_size: float,
    min_size: float,
    before: str = "",
    after: str = "",
    vertical: bool = False,
    line_height: float = 1.25,
    tracking: float = 0.0,
    max_lines: int = 4,
    balance: bool = True,
) -> tuple[TextFit, str]:
    """Like :func:`fit_text` for ``before + text + after``, but when that does not fit even
    at ``min_size``, ``text`` is cut (ending in …) to the longest start that does.
    Returns the fit and ``text`` as drawn (``before`` and ``after`` are kept whole)."""

    def fit(core: str, lo: float, hi: float) -> TextFit | None:
        try:
            return fit_text(
                before + core + after,
                face_key,
                box_w,
                box_h,
                max_size=hi,
                min_size=lo,
                vertical=vertical,
                line_height=line_height,
                tracking=tracking,
                max_lines=max_lines,
                balance=balance,
            )
        except LayoutError:
            return None

    whole = fit(text, min_size, max_size)
    if whole is not None:
        return whole, text
    if fit(ELLIPSIS, min_size, min_size) is None:
        raise LayoutError(
            f"even '{before}{ELLIPSIS}{after}' does not fit a {box_w:.0f}x{box_h:.0f} px box at {min_size:.0f} px; "
            "give the text more room"
        )
    lo, hi = 0, len(text) - 1  # the longest prefix length whose cut fits at min_size
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fit(_cut(text, mid), min_size, min_size) is not None:
            lo = mid
        else:
            hi = mid - 1
    core = _cut(text, lo)
    best = fit(core, min_size, max_size)
    assert best is not None  # it fitted at min_size a moment ago
    return best, core
