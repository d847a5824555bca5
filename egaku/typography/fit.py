"""Fit text into a box: the largest size whose broken lines fit, and the glyph layout.

A horizontal block is ``lines`` stacked at ``line_height`` em; a vertical block is
columns running right to left, each column ``line_height`` em from the next.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
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


def block_extent(
    lines: list[str], face_key: str, size: float, vertical: bool, line_height: float, tracking: float
) -> tuple[float, float]:
    longest = max(measure(line, face_key, size, vertical, tracking) for line in lines)
    across = size * (1 + (len(lines) - 1) * line_height)
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
) -> TextFit:
    """Largest size in [min_size, max_size] (0.5 px steps) at which ``text`` fits the box.

    With ``prefer_clauses`` a title that reads as clauses ("READ MORE, WORRY LESS",
    「第50回 輝け青春」) gets one clause a line when that costs at most 20 % of the size:
    a designer breaks at the comma, not wherever the measure runs out.
    """
    best = _fit(text, face_key, box_w, box_h, max_size, min_size, vertical, line_height, tracking, max_lines, balance)
    # only when the text must break anyway: a line that fits whole stays whole
    parts = clauses(text) if prefer_clauses and "\n" not in text and len(best.lines) > 1 else []
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
) -> TextFit:
    check_coverage(text, face_key)
    if box_w <= 0 or box_h <= 0:
        raise LayoutError(f"text box is empty ({box_w:.0f}x{box_h:.0f} px); give the text more room")
    line_len = box_h if vertical else box_w

    def attempt(size: float) -> TextFit | None:
        m = partial(measure, face_key=face_key, size=size, vertical=vertical, tracking=tracking)
        lines = break_text(text, lambda t: m(t), line_len, balance, split_words)
        if not lines or len(lines) > max_lines:
            return None
        w, h = block_extent(lines, face_key, size, vertical, line_height, tracking)
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


@dataclass(frozen=True)
class TextLayout:
    lines: tuple[PlacedLine, ...]
    ink: tuple[float, float, float, float]  # x, y, w, h of the em boxes, px
    size: float
    vertical: bool


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
) -> TextLayout:
    """Place already-broken lines in ``box`` (x, y, w, h); the block is centred in the box
    across the lines and aligned by ``align`` along them."""
    bx, by, bw, bh = box
    runs = [shape(line, face_key, size, vertical, tracking) for line in lines]
    lengths = [measure(line, face_key, size, vertical, tracking) for line in lines]
    pitch = size * line_height
    across = size + (len(lines) - 1) * pitch
    longest = max(lengths)
    placed: list[PlacedLine] = []
    if vertical:
        right = bx + (bw + across) / 2  # columns run right to left
        top0 = by + (bh - longest) / 2
        for i, (line, run, length) in enumerate(zip(lines, runs, lengths)):
            cx = right - size / 2 - i * pitch
            top = top0 + {"start": 0.0, "center": (longest - length) / 2, "end": longest - length}[align]
            placed.append(PlacedLine(line, cx, top, length, run.glyphs))
        ink = (right - across, top0, across, longest)
    else:
        top = by + (bh - across) / 2
        for i, (line, run, length) in enumerate(zip(lines, runs, lengths)):
            base = top + i * pitch + EM_ASCENT * size
            if align == "start":
                x = bx
            elif align == "end":
                x = bx + bw - length
            else:
                x = bx + (bw - length) / 2
            placed.append(PlacedLine(line, x, base, length, run.glyphs))
        lefts = [p.x for p in placed]
        ink = (min(lefts), top, max(p.x + p.length for p in placed) - min(lefts), across)
    return TextLayout(tuple(placed), ink, size, vertical)


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
