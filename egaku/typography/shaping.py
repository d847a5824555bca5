"""Shaping with HarfBuzz: the same glyphs and positions are measured and drawn.

Positions are in px with y pointing down (SVG). A horizontal run's origin is the pen
start on the baseline; a vertical run's origin is the top centre of its column.

Japanese layout follows the W3C *Requirements for Japanese Text Layout* (JLREQ):

- 約物の詰め (JLREQ 3.1.4–3.1.5): a full-width bracket or 、。 is half a glyph and half
  a space. Where two meet (「。」」, 」「, ）、, 、「) only one half space is kept between
  them, and a line-start opening bracket and a line-end closing one lose their blank
  half: the font's ``halt`` (horizontal) / ``vhal`` (vertical) feature on exactly those
  glyphs, given to HarfBuzz as feature ranges.
- 縦中横 (tate-chu-yoko, JLREQ's horizontal-in-vertical setting): in a column, a run of
  two or three half-width digits or Latin letters (50, 10, AI, DJ, No) and the pairs
  !! !? ?! ?? are set upright and side by side inside one em cell, centred on the column
  axis: half-width forms (``hwid``; Noto CJK has no ``twid``), squeezed horizontally when
  wider than an em (three digits). A single
  digit or letter is set upright in its full-width form; a longer run (2027, HELLO) is
  set one full-width upright character per cell, which reads as well as rotated Latin
  and keeps every cell an em (and OCR-readable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb

from .fonts import EM_ASCENT, face


@dataclass(frozen=True)
class Glyph:
    gid: int
    x: float  # glyph origin, px from the run origin
    y: float
    cluster: int
    sx: float = 1.0  # horizontal scale of the outline (縦中横 squeezes three digits into an em)


@dataclass(frozen=True)
class Run:
    text: str
    glyphs: tuple[Glyph, ...]
    advance: float  # px along the line (x) or column (y)
    # vertical runs: each character cell as (top px down the column, extent px, index in
    # text); a 縦中横 cell holds two or three glyphs, a vhal'd bracket is half an em
    cells: tuple[tuple[float, float, int], ...] = ()


def _is_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


# JLREQ character classes (cl-01 opening brackets; cl-02 closing brackets, cl-06/07
# 、。 commas and full stops). Only full-width forms: their blank half is what 詰め removes.
OPENING = frozenset("「『（［｛〔〈《【〘〖〝｟")
CLOSING = frozenset("」』）］｝〕〉》】〙〗〟｠、。，．")
YAKUMONO = OPENING | CLOSING
# characters whose ``vert`` form is the horizontal one turned a quarter clockwise (the
# ASCII ones are set as their full-width forms in a column, see _upright)
TURNED = frozenset(OPENING | CLOSING - set("、。，．")) | frozenset("ー…‥―＝：｜＿()[]{}=:_|")
TURNED_MIRRORED = frozenset("〜～~")  # the wave dash is turned and mirrored, so it waves the same way


def half_width_marks(text: str) -> list[int]:
    """Indexes of the brackets and 、。 that are set half-width (JLREQ 3.1.4–3.1.5).

    - a closing mark followed by another closing or an opening one loses its trailing
      half (「はい。」」 → 。」 touch; 」「 keeps one half space between them);
    - an opening mark at the line start, after a space, or after another opening mark
      loses its leading half;
    - a closing mark at the line end loses its trailing half, so a centred line is centred
      on its ink.
    """
    out: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if ch in CLOSING and (nxt in YAKUMONO or nxt == " "):
            out.append(i)
        elif ch in OPENING and (prev in OPENING or prev == " "):
            out.append(i)
    return out


# --------------------------------------------------------------------------- 縦中横
TCY_PAIRS = frozenset({"!!", "!?", "?!", "??", "！！", "！？", "？！", "？？"})
_ALNUM_RUN = re.compile(r"[0-9A-Za-z]+")


def tcy_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the runs set 縦中横 in a column: 2–3 half-width digits or letters,
    and the pairs !! !? ?! ??."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        m = _ALNUM_RUN.match(text, i)
        if m:
            if 2 <= len(m.group()) <= 3:
                spans.append((m.start(), m.end()))
            i = m.end()
        elif text[i : i + 2] in TCY_PAIRS:
            spans.append((i, i + 2))
            i += 2
        else:
            i += 1
    return spans


def _upright(text: str, face_key: str) -> str:
    """Half-width ASCII outside 縦中横 as its full-width forms, which stand upright and
    centred in a column cell, and whose ``vert`` forms turn punctuation for the column
    (. - : / as in Japanese text). Same length: clusters are unchanged."""
    f = face(face_key)
    out = []
    for ch in text:
        wide = chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch
        out.append(wide if wide != ch and f.covers(wide) else ch)
    return "".join(out)


def _hb_shape(
    text: str, face_key: str, direction: str | None, features: dict[str, bool | list[tuple[int, int, int]]]
) -> hb.Buffer:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    if direction:
        buf.direction = direction
    hb.shape(face(face_key).font, buf, features)
    return buf


def _ranges(indexes: list[int], offset: int = 0) -> list[tuple[int, int, int]]:
    return [(i - offset, i - offset + 1, 1) for i in indexes]


@lru_cache(maxsize=4096)
def shape(text: str, face_key: str, size: float, vertical: bool = False, tracking: float = 0.0) -> Run:
    """Shape one line (or one vertical column) of ``text`` at ``size`` px.

    Horizontal CJK text uses ``palt`` (proportional metrics) for tight, even titles, except
    on brackets and 、。, which follow JLREQ spacing (``halt`` where two meet or at a line
    edge). Vertical text uses HarfBuzz's ``ttb`` direction, which applies the font's
    ``vert`` forms (「」、。 turned for columns), ``vhal`` by the same JLREQ rules, and
    縦中横 cells for short runs of digits and Latin.
    """
    if vertical:
        return _shape_vertical(text, face_key, size, tracking)
    f = face(face_key)
    features: dict[str, bool | list[tuple[int, int, int]]] = {"kern": True}
    if _is_cjk(text):
        marks = set(half_width_marks(text))
        palt = [i for i, ch in enumerate(text) if ch not in YAKUMONO]
        features["palt"] = _ranges(palt)
        if marks:
            features["halt"] = _ranges(sorted(marks))
    buf = _hb_shape(text, face_key, None, features)
    scale = size / f.upem
    track = tracking * size
    glyphs: list[Glyph] = []
    pen_x = 0.0  # font units
    extra = 0.0  # tracking, px
    n = len(buf.glyph_infos)
    for i, (info, pos) in enumerate(zip(buf.glyph_infos, buf.glyph_positions)):
        gx = (pen_x + pos.x_offset) * scale + extra
        gy = -pos.y_offset * scale
        glyphs.append(Glyph(info.codepoint, gx, gy, info.cluster))
        pen_x += pos.x_advance
        if i < n - 1:
            extra += track
    return Run(text=text, glyphs=tuple(glyphs), advance=pen_x * scale + extra)


def _shape_vertical(text: str, face_key: str, size: float, tracking: float) -> Run:
    """A column: ttb pieces between 縦中横 cells, each cell exactly one em."""
    f = face(face_key)
    scale = size / f.upem
    track = tracking * size
    marks = half_width_marks(text)
    pieces: list[tuple[int, int, bool]] = []  # start, end, is 縦中横
    at = 0
    for s, e in tcy_spans(text):
        if s > at:
            pieces.append((at, s, False))
        pieces.append((s, e, True))
        at = e
    if at < len(text):
        pieces.append((at, len(text), False))
    glyphs: list[Glyph] = []
    boxes: list[tuple[float, float, int]] = []
    pen = 0.0  # px down the column, tracking included
    cells = 0
    for start, end, tcy in pieces:
        part = text[start:end]
        if tcy:
            if cells:
                pen += track
            buf = _hb_shape(part, face_key, "ltr", {"kern": True, "hwid": True})
            width = sum(p.x_advance for p in buf.glyph_positions)  # font units
            sx = min(1.0, f.upem / width) if width > 0 else 1.0
            left = -width * sx / 2  # centred on the column axis
            base = pen + EM_ASCENT * size
            pen_x = 0.0
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
                gx = (left + (pen_x + pos.x_offset) * sx) * scale
                glyphs.append(Glyph(info.codepoint, gx, base - pos.y_offset * scale, start + info.cluster, sx))
                pen_x += pos.x_advance
            boxes.append((pen, size, start))
            pen += size
            cells += 1
            continue
        inside = [i for i in marks if start <= i < end]
        features: dict[str, bool | list[tuple[int, int, int]]] = {"kern": True}
        if inside:
            features["vhal"] = _ranges(inside, start)
        buf = _hb_shape(_upright(part, face_key), face_key, "ttb", features)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
            if cells:
                pen += track
            glyphs.append(Glyph(info.codepoint, pos.x_offset * scale, pen - pos.y_offset * scale, start + info.cluster))
            # a word space in a column is half an em (a full em reads as a missing character)
            step = -pos.y_advance * scale * (0.5 if part[info.cluster] == " " else 1.0)
            if step > 0:
                boxes.append((pen, step, start + info.cluster))
            pen += step
            cells += 1
    return Run(text=text, glyphs=tuple(glyphs), advance=pen, cells=tuple(boxes))


def measure(text: str, face_key: str, size: float, vertical: bool = False, tracking: float = 0.0) -> float:
    """Advance of ``text`` in px, exactly as it will be drawn (spaces at the ends ignored)."""
    stripped = text.strip(" ")
    if not stripped:
        return 0.0
    return shape(stripped, face_key, size, vertical, tracking).advance
