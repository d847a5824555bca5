"""Verify: every requested text is in the scene, inside the canvas, uncovered, legible
(contrast ≥ 4.5:1 against what is actually behind its glyphs) and read back by OCR.

The checks read the rendered layer rasters, not the scene's intentions: "covered" means
a layer above the text puts paint over its glyphs; contrast is measured between the text
colour and the composited pixels under the glyphs.

The design checks (:func:`design_checks`, at the end) judge the layout the same way:
every text and picture inside the format's safe area, no text touching another drawn
layer, text no smaller than the format shows, text blocks on a shared grid, and no
Japanese line of one character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

from .errors import VerifyError
from .render.raster import LayerRaster, Rendering, composite
from .scene import Box, ChartLayer, Scene, TextLayer
from .typography import TextLayout, measure
from .typography.fonts import EM_ASCENT
from .typography.shaping import TURNED, TURNED_MIRRORED

MIN_CONTRAST = 4.5


@dataclass
class Check:
    name: str  # present | inside | uncovered | contrast | ocr, and the DESIGN_CHECKS
    target: str  # layer id or requested text
    ok: bool
    detail: str
    value: float | str | None = None


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    ocr_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [asdict(c) for c in self.checks], "repairs": self.repairs}


# Look-alikes NFKC leaves apart that no reader (or OCR model) tells apart; in a sans-serif
# face capital I and small l are the same stroke.
_SAME = str.maketrans(
    {
        "〜": "~",
        "～": "~",
        "−": "-",
        "‐": "-",
        "–": "-",
        "—": "-",
        "・": "･",
        "º": "°",
        "˚": "°",
        "゜": "°",
        "I": "l",
        "|": "l",
    }
)


def normalize(text: str) -> str:
    """NFKC, look-alike dashes and tildes unified, whitespace removed: what OCR comparison ignores."""
    # look-alikes first: NFKC would turn º (an OCR misread of °) into o
    return "".join(unicodedata.normalize("NFKC", text.translate(_SAME)).translate(_SAME).split())


def _srgb_to_linear(c: np.ndarray) -> np.ndarray:
    c = c / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


_LINEAR = _srgb_to_linear(np.arange(256, dtype=np.float64))  # the same values, looked up for 8-bit pixels


def luminance_px(rgb: np.ndarray) -> np.ndarray:
    lin = _LINEAR[rgb] if rgb.dtype == np.uint8 else _srgb_to_linear(rgb.astype(np.float64))
    return 0.2126 * lin[..., 0] + 0.7152 * lin[..., 1] + 0.0722 * lin[..., 2]


def _hex_rgb(c: str) -> np.ndarray:
    return np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


def _region(lay: TextLayout, w: int, h: int) -> tuple[int, int, int, int]:
    x, y, bw, bh = lay.ink
    x0, y0 = max(0, int(x)), max(0, int(y))
    return x0, y0, min(w, int(x + bw + 1)), min(h, int(y + bh + 1))


def verify(scene: Scene, rendering: Rendering, texts: list[str], ocr: bool = True, design: bool = True) -> Report:
    report = Report()
    W, H = scene.canvas.width, scene.canvas.height
    ordered = scene.leaves()
    drawn = _drawn_texts(scene)
    for want in texts:
        where = drawn.get(want) or drawn.get("row:" + normalize(want))
        report.checks.append(
            Check(
                "present",
                want,
                where is not None,
                f"drawn exactly as requested ({where})" if where else "no text layer has this text",
            )
        )
    for layer in scene.text_layers():
        lay = rendering.layouts[layer.id]
        x, y, bw, bh = lay.ink
        inside = x >= 0 and y >= 0 and x + bw <= W and y + bh <= H
        report.checks.append(Check("inside", layer.id, inside, f"ink box {x:.0f},{y:.0f} {bw:.0f}×{bh:.0f} in {W}×{H}"))
        mask = _glyph_mask(layer, rendering, _region(lay, W, H))  # read once, used by both checks
        report.checks.append(_uncovered(layer, lay, ordered, rendering, W, H, mask))
        report.checks.append(_contrast(layer, lay, ordered, rendering, W, H, mask))
    if design:
        report.checks.extend(design_checks(scene, rendering))
    if ocr:
        import time

        t0 = time.perf_counter()
        for layer in scene.text_layers():
            report.checks.append(_ocr(layer, rendering))
        for leaf in scene.leaves():
            if isinstance(leaf, ChartLayer):
                report.checks.extend(_ocr_chart(leaf, rendering))
        report.ocr_ms = (time.perf_counter() - t0) * 1000
    return report


def _lines_match(layer: TextLayer) -> bool:
    return normalize("".join(layer.lines)) == normalize(layer.text)


def _drawn_texts(scene: Scene) -> dict[str, str]:
    """What the scene draws, normalised → where: each text layer whose lines are its text,
    and each price-list row (``item-N`` + ``item-N-price``) read as one string."""
    out: dict[str, str] = {}
    layers = {t.id: t for t in scene.text_layers() if _lines_match(t)}
    for t in layers.values():
        out.setdefault(t.text, f"layer {t.id!r}")  # exactly, character for character
        price = layers.get(f"{t.id}-price")
        if price is not None:  # a price-list row reads as name + price, spacing aside
            out.setdefault("row:" + normalize(t.text + price.text), f"row {t.id!r} + {price.id!r}")
    # a quoted text a format set in parts (a certificate's 『優秀賞 山田太郎 殿』 as award and
    # name): consecutive layers that read as the text together
    seq = list(layers.values())
    for i in range(len(seq)):
        for n in (2, 3):
            run = seq[i : i + n]
            if len(run) == n:
                ids = " + ".join(repr(t.id) for t in run)
                out.setdefault("row:" + normalize("".join(t.text for t in run)), f"parts {ids}")
    return out


def _glyph_mask(layer: TextLayer, rendering: Rendering, region: tuple[int, int, int, int]) -> np.ndarray:
    """Where the text layer itself paints its fill colour (alpha of its raster), in region."""
    r = rendering.layer(layer.id)
    x0, y0, x1, y1 = region
    full = np.zeros((max(0, y1 - y0), max(0, x1 - x0)), dtype=bool)
    # overlap of the raster crop with the region; only that part is read
    ox0, oy0 = max(x0, r.x), max(y0, r.y)
    ox1, oy1 = min(x1, r.x + r.image.width), min(y1, r.y + r.image.height)
    if not r.image.width or ox1 <= ox0 or oy1 <= oy0:
        return full
    sub = np.asarray(r.image.crop((ox0 - r.x, oy0 - r.y, ox1 - r.x, oy1 - r.y)))
    is_fill = sub[..., 3] >= 250
    for c, v in enumerate(_hex_rgb(layer.fill).astype(int)):  # each channel within 24 of the fill's
        near = np.zeros(256, dtype=bool)
        near[max(0, v - 24) : min(255, v + 24) + 1] = True
        is_fill &= near[sub[..., c]]
    full[oy0 - y0 : oy1 - y0, ox0 - x0 : ox1 - x0] = is_fill
    return full


def covering_alpha(r: LayerRaster, mask: np.ndarray, region: tuple[int, int, int, int]) -> int:
    """The most opaque pixel of raster ``r`` over the glyph ``mask`` of ``region`` (0: none)."""
    x0, y0, x1, y1 = region
    ox0, oy0 = max(x0, r.x), max(y0, r.y)
    ox1, oy1 = min(x1, r.x + r.image.width), min(y1, r.y + r.image.height)
    if not r.image.width or ox1 <= ox0 or oy1 <= oy0:
        return 0
    m = mask[oy0 - y0 : oy1 - y0, ox0 - x0 : ox1 - x0]
    if not m.any():
        return 0
    a = np.asarray(r.image.crop((ox0 - r.x, oy0 - r.y, ox1 - r.x, oy1 - r.y)).getchannel("A"))
    return int(a[m].max())


def _uncovered(
    layer: TextLayer,
    lay: TextLayout,
    ordered: list[Any],
    rendering: Rendering,
    W: int,
    H: int,
    mask: np.ndarray | None = None,
) -> Check:
    region = _region(lay, W, H)
    if mask is None:
        mask = _glyph_mask(layer, rendering, region)
    x0, y0, x1, y1 = region
    me = rendering.layer(layer.id).z  # drawing position
    above = [ly for ly in ordered if rendering.layer(ly.id).z > me]
    worst = 0
    who = ""
    for other in above:
        v = covering_alpha(rendering.layer(other.id), mask, region)
        if v > worst:
            worst, who = v, other.id
    ok = worst < 16
    return Check(
        "uncovered", layer.id, ok, "nothing drawn over the glyphs" if ok else f"{who!r} covers the text (alpha {worst})"
    )


def _contrast(
    layer: TextLayer,
    lay: TextLayout,
    ordered: list[Any],
    rendering: Rendering,
    W: int,
    H: int,
    glyphs: np.ndarray | None = None,
) -> Check:
    region = _region(lay, W, H)
    x0, y0, x1, y1 = region
    if x1 <= x0 or y1 <= y0:
        return Check("contrast", layer.id, False, "text is off the canvas", 0.0)
    if layer.outline and layer.outline_width > 0:
        behind_l = np.array([luminance_px(_hex_rgb(layer.outline)[None, None, :])[0, 0]])
        where = "its outline"
    else:
        me = rendering.layer(layer.id).z
        below = [r for r in rendering.layers if r.z < me]
        under = composite(below, (W, H), region)
        arr: np.ndarray = np.asarray(_on_page(under))  # uint8: luminance by table
        if layer.backdrop and layer.backdrop_opacity > 0:
            a = layer.backdrop_opacity
            arr = arr.astype(np.float64) * (1 - a) + _hex_rgb(layer.backdrop) * a
        # what is behind the text: the pixels under the glyphs, and around them
        mask = glyphs if glyphs is not None else _glyph_mask(layer, rendering, region)
        pix = arr[mask] if mask.sum() > 16 else arr.reshape(-1, 3)
        behind_l = luminance_px(pix[None, :, :])[0]
        where = "the pixels behind the glyphs"
    fl = luminance_px(_hex_rgb(layer.fill)[None, None, :])[0, 0]
    ratios = (np.maximum(fl, behind_l) + 0.05) / (np.minimum(fl, behind_l) + 0.05)
    worst = float(np.percentile(ratios, 5))  # the worst 5 % of the background decides
    ok = worst >= MIN_CONTRAST
    return Check("contrast", layer.id, ok, f"{worst:.2f}:1 against {where} (need {MIN_CONTRAST}:1)", round(worst, 2))


def _on_page(img: Image.Image) -> Image.Image:
    """RGB of ``img``; a transparent design (a logo, a sticker) is read on a white page."""
    if img.mode == "RGBA" and int(np.asarray(img.getchannel("A")).min()) < 255:
        page = Image.new("RGBA", img.size, (255, 255, 255, 255))
        page.alpha_composite(img)
        img = page
    return img.convert("RGB")


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The OCR engine (:mod:`egaku.ocr`): RapidOCR's recogniser, loaded once; waits for a
    load that ``egaku.ocr.prefetch()`` started in the background."""
    from .ocr import engine

    try:
        return engine()
    except ImportError as e:  # pragma: no cover - rapidocr and onnxruntime are core dependencies
        raise VerifyError("OCR needs rapidocr; install it with `pip install rapidocr onnxruntime`") from e


OCR_TEXT_PX = 48  # PP-OCR's recogniser reads lines ~48 px high; huge titles confuse it


def ocr_line(img: Image.Image) -> str:
    """Recognise one text line (no detection: we know where our lines are)."""
    out = _engine()(np.asarray(_on_page(img)), use_det=False, use_cls=False, use_rec=True)
    return "".join(getattr(out, "txts", None) or ())


def line_images(layer: TextLayer, lay: TextLayout, image: Image.Image) -> list[Image.Image]:
    """Each rendered line as an image OCR can read, about OCR_TEXT_PX high.

    Horizontal text: a crop around each line. Vertical text: each column cut into its
    character cells, laid side by side, so a recogniser for horizontal lines reads them
    in order. The pixels are the rendered ones: a wrong glyph still reads wrong.
    """
    s = layer.size
    pad = int(0.25 * s)
    k = min(1.0, OCR_TEXT_PX / s)
    out: list[Image.Image] = []
    for line in lay.lines:
        if not lay.vertical:
            top = line.y - EM_ASCENT * s
            above = int(0.04 * s) if lay.ruby else pad  # the ruby above a line is not the line
            crop = image.crop(
                (int(line.x) - pad, int(top) - above, int(line.x + line.length) + pad, int(top + s) + pad)
            )
        else:
            cell = int(round(s))
            bg = image.getpixel((max(0, int(line.x - s / 2) - 2), max(0, int(line.y) - 2)))
            # the layout's cells: a 縦中横 cell holds two or three glyphs, a bracket after
            # 約物の詰め is half an em; a bracket turned for the column is turned back
            crop = Image.new(image.mode, (2 * pad + cell * len(line.cells), cell + 2 * pad), bg)
            left = line.x - s / 2
            for i, (top0, ext, ci) in enumerate(line.cells):
                top = line.y + top0
                tile = Image.new(image.mode, (cell, cell), bg)
                tile.paste(image.crop((int(left), int(top), int(left) + cell, int(top + min(ext, s)))), (0, 0))
                if line.text[ci] in TURNED:
                    tile = tile.rotate(90)
                elif line.text[ci] in TURNED_MIRRORED:
                    tile = tile.rotate(90).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
                elif line.text[ci] in "、。，．.,":  # set top right in a column, bottom left in a line
                    corner = tile.crop((cell // 2, 0, cell, cell // 2))
                    tile = Image.new(image.mode, (cell, cell), bg)
                    tile.paste(corner, (0, cell // 2))
                crop.paste(tile, (pad + i * cell, pad))
        if k < 1:
            crop = crop.resize(
                (max(1, round(crop.width * k)), max(1, round(crop.height * k))), Image.Resampling.LANCZOS
            )
        out.append(crop)
    return out


def _ocr_chart(layer: ChartLayer, rendering: Rendering) -> list[Check]:
    """Every label and value the chart prints, read back from the rendered pixels."""
    from .render.charts import chart_geometry

    checks = []
    for t in chart_geometry(layer).texts:
        width = measure(t.text, t.font, t.size)
        left = {"start": t.x, "middle": t.x - width / 2, "end": t.x - width}[t.anchor]
        pad = 0.25 * t.size
        top = t.baseline - EM_ASCENT * t.size
        crop = rendering.image.crop((int(left - pad), int(top - pad), int(left + width + pad), int(top + t.size + pad)))
        k = min(1.0, OCR_TEXT_PX / t.size)
        if k < 1:
            crop = crop.resize(
                (max(1, round(crop.width * k)), max(1, round(crop.height * k))), Image.Resampling.LANCZOS
            )
        got = ocr_line(crop)
        ok = normalize(got) == normalize(t.text)
        checks.append(
            Check(
                "ocr", f"{layer.id}:{t.text}", ok, f"OCR read {got!r}" + ("" if ok else f", expected {t.text!r}"), got
            )
        )
    return checks


@lru_cache(maxsize=1)
def _simplify() -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a core dependency
        return None
    return opencc.OpenCC("t2s")


def same_reading(got: str, want: str) -> bool:
    """OCR's reading is the text. The recogniser was trained mostly on Chinese and may
    read a Japanese kanji as its simplified form (優秀賞 → 优秀赏, 東 → 东); a character
    whose simplified form (OpenCC t2s) is what was read counts as read."""
    g, w = normalize(got), normalize(want)
    if g == w:
        return True
    conv = _simplify()
    if conv is None or len(g) != len(w):
        return False
    return all(a == b or conv.convert(a) == conv.convert(b) for a, b in zip(g, w))


def _ocr(layer: TextLayer, rendering: Rendering) -> Check:
    lay = rendering.layouts[layer.id]
    got = "".join(ocr_line(img) for img in line_images(layer, lay, rendering.image))
    # the whole reading must be the text: containment would pass an extra glyph ("HELLOS"),
    # and OCR noise around a line is cropped away by line_images. OCR cannot tell some
    # glyphs apart (O and 0 in the display face); the `present` check compares the drawn
    # lines with the text for those.
    ok = same_reading(got, layer.text)
    return Check("ocr", layer.id, ok, f"OCR read {got!r}" + ("" if ok else f", expected {layer.text!r}"), got)


# --------------------------------------------------------------------------- design checks
# Numeric checks of the design itself, beyond legibility: every text and picture inside
# the format's safe area, no text touching another drawn layer, text no smaller than the
# format can show, text blocks on a shared grid, no Japanese line of one character. Each
# reads the rendered rasters and the layouts, so it judges what is drawn; each is a pure
# function of the scene and its rendering (deterministic).

DESIGN_CHECKS = ("safe_area", "overlap", "min_text_size", "grid", "orphan")

# The smallest text a format can show, in px of the em, with the reason. Print formats
# are sized at their dpi (A4 canvases are 1240 px wide: 150 dpi); screen formats by how
# small they are seen; a kind not listed gets 2 % of the short side (at least 16 px).
MIN_TEXT_PX: dict[str, tuple[float, str]] = {
    "business_card": (25.0, "6 pt at 300 dpi, the smallest type a printed card holds"),
    "poster": (20.0, "about 10 pt at A4's 150 dpi, read from a step away"),
    "flyer": (20.0, "about 10 pt at A4's 150 dpi, a flyer's body text"),
    "timetable": (20.0, "about 10 pt at A4's 150 dpi, a table's cells"),
    "certificate": (20.0, "about 10 pt at A4's 150 dpi"),
    "card": (21.0, "6 pt on a postcard printed at 257 dpi (1500 px over 148 mm)"),
    "youtube_thumbnail": (36.0, "seen at about a quarter size in a list: 9 px there"),
    "story": (28.0, "a 1080-wide phone screen seen at arm's length: about 2.6 % of its width"),
    "phone_wallpaper": (28.0, "a 1080-wide phone screen seen at arm's length"),
    "square_post": (24.0, "a feed shows it about 400 px wide: 9 px there"),
    "infographic": (24.0, "a feed shows it about 400 px wide: 9 px there"),
    "slide": (32.0, "about 16 pt on a 13.3-inch slide, readable from the back of a room"),
    "desktop_wallpaper": (22.0, "2 % of the 1080 px short side"),
    "banner": (20.0, "a web header seen at full width: 20 px body text"),
    "logo": (32.0, "a logo is shown small (a favicon, a letterhead): its smallest text stays bold"),
    "sticker": (32.0, "a sticker is printed a few cm wide"),
    "illustration": (20.0, "2 % of the short side"),
}


def min_text_px(kind: str, w: int, h: int) -> tuple[float, str]:
    """The smallest text size (px) for a ``kind`` canvas, and why. The table is for the
    format's own canvas; a canvas of another size (``--size``) scales it with its short
    side, as the design itself is scaled."""
    from .understand.rules import KIND_BY_NAME

    if kind not in MIN_TEXT_PX:
        return max(16.0, round(0.02 * min(w, h))), "2 % of the short side"
    px, why = MIN_TEXT_PX[kind]
    nominal = KIND_BY_NAME[kind].size if kind in KIND_BY_NAME else (w, h)
    k = min(w, h) / min(nominal)
    if abs(k - 1) > 0.01:
        return round(px * k, 1), f"{why}, scaled to this {w}×{h} canvas"
    return px, why


BASE_KINDS = frozenset({"background", "scenery", "effect", "raster"})  # ground, not things
BASE_ROLES = frozenset({"background", "backdrop", "shadow"})  # laid under things by design
PICTURE_KINDS = frozenset({"object", "icon", "part", "chart"})
GROUND_SHARE = 0.05  # a decorative shape below the text covering this much of the canvas is ground
INK_ALPHA = 48  # a pixel at least this opaque is paint


def design_checks(scene: Scene, rendering: Rendering) -> list[Check]:
    """The design checks (:data:`DESIGN_CHECKS`) of a rendered scene, one Check per text
    (and per picture for the safe area)."""
    g = Geometry(scene, rendering)
    out: list[Check] = []
    out += [_safe_check(g, x) for x in g.safe_targets()]
    out += [_overlap_check(g, t) for t in g.texts]
    out += [_size_check(g, x) for x in g.sized()]
    out += _grid_checks(g)
    out += [_orphan_check(t) for t in g.texts]
    return out


class Geometry:
    """What the design checks measure, read once: the safe area, the drawing order, each
    layer's tight painted box (from its raster's alpha) and each text's ink box."""

    def __init__(self, scene: Scene, rendering: Rendering) -> None:
        from .compose.base import keep_out, safe_area_of

        self.scene, self.rendering = scene, rendering
        self.W, self.H = scene.canvas.width, scene.canvas.height
        self.short = min(self.W, self.H)
        self.safe = safe_area_of(scene.kind, self.W, self.H)
        self.keep_out = keep_out(scene.kind, self.W, self.H)
        self.clearance = max(2.0, 0.005 * self.short)
        self.tol = 0.01 * self.W
        self.leaves = {x.id: x for x in scene.leaves()}
        self.z = {r.id: i for i, r in enumerate(rendering.layers)}  # drawing position
        self.texts = [t for t in scene.text_layers() if t.id in rendering.layouts and t.id in self.z]
        self._alpha: dict[str, np.ndarray] = {}
        self._tight: dict[str, Box | None] = {}

    def raster(self, layer_id: str) -> LayerRaster:
        return self.rendering.layer(layer_id)

    def alpha(self, layer_id: str) -> np.ndarray:
        if layer_id not in self._alpha:
            r = self.raster(layer_id)
            a = np.asarray(r.image.getchannel("A")) if r.image.width and r.image.height else np.zeros((0, 0))
            self._alpha[layer_id] = a
        return self._alpha[layer_id]

    def alpha_in(self, layer_id: str, region: tuple[int, int, int, int]) -> np.ndarray:
        """The layer's alpha over ``region`` (x0, y0, x1, y1), zeros where it paints nothing."""
        x0, y0, x1, y1 = region
        out = np.zeros((max(0, y1 - y0), max(0, x1 - x0)), dtype=np.uint8)
        r = self.raster(layer_id)
        a = self.alpha(layer_id)
        if not a.size:
            return out
        ox0, oy0 = max(x0, r.x), max(y0, r.y)
        ox1, oy1 = min(x1, r.x + a.shape[1]), min(y1, r.y + a.shape[0])
        if ox1 > ox0 and oy1 > oy0:
            out[oy0 - y0 : oy1 - y0, ox0 - x0 : ox1 - x0] = a[oy0 - r.y : oy1 - r.y, ox0 - r.x : ox1 - r.x]
        return out

    def tight(self, layer_id: str) -> Box | None:
        """The box of what the layer paints on the canvas (alpha ≥ INK_ALPHA), None if nothing."""
        if layer_id not in self._tight:
            r = self.raster(layer_id)
            a = self.alpha(layer_id)
            box = None
            if a.size:
                m = a >= INK_ALPHA
                rows, cols = np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))
                if rows.size:
                    x0, y0 = r.x + float(cols[0]), r.y + float(rows[0])
                    x1, y1 = r.x + float(cols[-1] + 1), r.y + float(rows[-1] + 1)
                    # cut by the canvas: the layer's box says how far beyond it reaches
                    lb = self.leaves[layer_id].box if layer_id in self.leaves else None
                    if lb is not None:
                        x0 = min(x0, lb.x) if x0 <= 0 else x0
                        y0 = min(y0, lb.y) if y0 <= 0 else y0
                        x1 = max(x1, lb.right) if x1 >= self.W else x1
                        y1 = max(y1, lb.bottom) if y1 >= self.H else y1
                    box = Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)
            self._tight[layer_id] = box
        return self._tight[layer_id]

    def ink(self, t: TextLayer) -> Box:
        """The text's typeset block (its lines' em boxes), as the layout placed it."""
        x, y, w, h = self.rendering.layouts[t.id].ink
        return Box(x=x, y=y, w=w, h=h)

    def text_box(self, t: TextLayer) -> Box:
        """What the text paints: its glyphs (with outline and shadow), tight; the em boxes
        when it carries its own panel."""
        ink = self.ink(t)
        if t.backdrop and t.backdrop_opacity > 0:
            return ink
        pad = t.size * (t.outline_width + (0.08 if t.shadow else 0.0)) + 2
        region = _ints(ink.inset(-pad), self.W, self.H)
        m = self.alpha_in(t.id, region) >= INK_ALPHA
        rows, cols = np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))
        if not rows.size:
            return ink
        return Box(
            x=region[0] + float(cols[0]),
            y=region[1] + float(rows[0]),
            w=float(cols[-1] - cols[0] + 1),
            h=float(rows[-1] - rows[0] + 1),
        )

    def is_picture(self, x: Any) -> bool:
        return x.kind in PICTURE_KINDS and x.role not in BASE_ROLES and x.role != "decoration"

    def safe_targets(self) -> list[Any]:
        return [*self.texts, *(x for x in self.leaves.values() if self.is_picture(x) and x.id in self.z)]

    def sized(self) -> list[Any]:
        return [*self.texts, *(x for x in self.leaves.values() if isinstance(x, ChartLayer) and x.id in self.z)]

    def exempt(self, t: TextLayer, other: Any, tbox: Box) -> str:
        """Why ``other`` may touch the text ``t`` ('' when it may not)."""
        if other.kind in BASE_KINDS:
            return f"a {other.kind} layer"
        if other.role in BASE_ROLES:
            return f"its role is {other.role}"
        if other.kind == "text":
            return ""
        below = self.z[other.id] < self.z[t.id]
        if not below:
            return ""
        if other.kind == "shape" and other.id.startswith(t.id + "-") and other.role in ("decoration", "emblem"):
            return f"named as {t.id!r}'s own decoration"
        ob = self.tight(other.id)
        if ob is None:
            return "it paints nothing"
        if other.kind == "shape" and _contains(ob, tbox.inset(-self.clearance)):
            return "a panel the text sits on"
        b = other.box
        on_canvas = max(0.0, min(b.right, self.W) - max(b.x, 0.0)) * max(0.0, min(b.bottom, self.H) - max(b.y, 0.0))
        if other.role == "decoration" and other.kind == "shape" and on_canvas >= GROUND_SHARE * self.W * self.H:
            return "a ground decoration under the text (a sun, a hill, a glow)"
        return ""


def _ints(b: Box, W: int, H: int) -> tuple[int, int, int, int]:
    return max(0, int(b.x)), max(0, int(b.y)), min(W, int(np.ceil(b.right))), min(H, int(np.ceil(b.bottom)))


def _contains(outer: Box, inner: Box) -> bool:
    return outer.x <= inner.x and outer.y <= inner.y and inner.right <= outer.right and inner.bottom <= outer.bottom


def outside_by(box: Box, safe: Box, keep_out: list[Box]) -> tuple[float, str]:
    """How far (px) ``box`` reaches out of ``safe`` or into a keep-out corner, and where."""
    over = {
        "left": safe.x - box.x,
        "top": safe.y - box.y,
        "right": box.right - safe.right,
        "bottom": box.bottom - safe.bottom,
    }
    side = max(over, key=lambda k: over[k])
    worst, where = over[side], side
    for k in keep_out:
        if box.intersects(k):  # the least move out of the corner
            d = min(box.right - k.x, box.bottom - k.y)
            if d > worst:
                worst, where = d, "the corner the platform covers"
    return max(0.0, worst), where


def _safe_check(g: Geometry, x: Any) -> Check:
    box = g.ink(x) if isinstance(x, TextLayer) else g.tight(x.id)
    if box is None:
        return Check("safe_area", x.id, True, "paints nothing", 0.0)
    # a picture may be cut by the canvas on purpose only when it fills it; the part on
    # the canvas is what must be inside the safe area
    d, where = outside_by(box, g.safe, g.keep_out)
    s = g.safe
    ok = d <= 1.0
    what = "text" if isinstance(x, TextLayer) else x.kind
    detail = (
        f"{what} inside the safe area {s.x:.0f},{s.y:.0f} {s.w:.0f}×{s.h:.0f}"
        if ok
        else f"{what} {d:.0f} px outside the safe area ({where}; safe area {s.x:.0f},{s.y:.0f} {s.w:.0f}×{s.h:.0f})"
    )
    return Check("safe_area", x.id, ok, detail, round(d, 1))


def overlaps(g: Geometry, t: TextLayer) -> list[tuple[str, float, Box]]:
    """Each layer whose visible paint comes within the clearance of text ``t``'s painted
    box: (layer id, how far it reaches in, px, the box of that paint)."""
    tbox = g.text_box(t)
    c = g.clearance
    zone = tbox.inset(-c)
    region = _ints(zone, g.W, g.H)
    x0, y0, x1, y1 = region
    if x1 <= x0 or y1 <= y0:
        return []
    me = g.z[t.id]
    found: list[tuple[str, float, Box]] = []
    occluded = np.zeros((y1 - y0, x1 - x0), dtype=bool)  # hidden under later layers below the text
    order = sorted((r for r in g.rendering.layers if r.id != t.id), key=lambda r: -g.z[r.id])
    for r in order:
        other = g.leaves.get(r.id)
        if other is None:
            continue
        a = g.alpha_in(r.id, region)
        paint = a >= INK_ALPHA
        below = g.z[r.id] < me
        if below:
            visible = paint & ~occluded
            occluded |= a >= 250
        else:
            visible = paint
        if visible.sum() < 3 or g.exempt(t, other, tbox):
            continue
        if other.kind == "text" and not below:
            continue  # two texts: reported once, on the one drawn above
        rows, cols = np.flatnonzero(visible.any(axis=1)), np.flatnonzero(visible.any(axis=0))
        p = Box(
            x=x0 + float(cols[0]),
            y=y0 + float(rows[0]),
            w=float(cols[-1] - cols[0] + 1),
            h=float(rows[-1] - rows[0] + 1),
        )
        depth = min(p.right - zone.x, zone.right - p.x, p.bottom - zone.y, zone.bottom - p.y)
        found.append((r.id, float(depth), p))
    return found


def _overlap_check(g: Geometry, t: TextLayer) -> Check:
    hits = overlaps(g, t)
    c = g.clearance
    if not hits:
        return Check("overlap", t.id, True, f"no other layer within {c:.0f} px of the text", 0.0)
    worst = max(hits, key=lambda h: h[1])
    others = ", ".join(f"{i!r} ({d:.0f} px)" for i, d, _ in hits)
    return Check(
        "overlap",
        t.id,
        False,
        f"{others} touch{'es' if len(hits) == 1 else ''} or cross the text (clearance {c:.0f} px)",
        round(worst[1], 1),
    )


def _size_check(g: Geometry, x: Any) -> Check:
    need, why = min_text_px(g.scene.kind, g.W, g.H)
    size = x.size if isinstance(x, TextLayer) else x.label_size
    ok = size >= need - 0.01
    what = "text" if isinstance(x, TextLayer) else "chart labels"
    return Check(
        "min_text_size",
        x.id,
        ok,
        f"{what} {size:.0f} px {'≥' if ok else '<'} {need:.0f} px for a {g.scene.kind} ({why})",
        round(size, 1),
    )


GRID_NEAR = 0.05  # anchors this close (share of the width) are meant to line up


def grid_anchor(g: Geometry, t: TextLayer) -> tuple[str, float]:
    """The line a text block is set on: ('left', x) start-aligned, ('right', x) end-aligned,
    ('centre', x) centred (vertical text: its column block's centre); its typeset box."""
    b = g.ink(t)
    if t.vertical or t.align == "center":
        return "centre", b.cx
    return ("left", b.x) if t.align == "start" else ("right", b.right)


def container(g: Geometry, t: TextLayer) -> Any:
    """The smallest shape or picture under the text that holds it (a card, a sign, a
    badge), or None for a text set on the page."""
    ink = g.ink(t)
    best = None
    for x in g.leaves.values():
        if x.kind in BASE_KINDS or x.kind == "text" or x.id not in g.z or g.z[x.id] > g.z[t.id]:
            continue
        if x.role == "decoration" and x.kind != "shape":
            continue
        b = x.box
        if b.w * b.h >= 0.6 * g.W * g.H or not _contains(b, ink):
            continue
        if best is None or b.w * b.h < best.box.w * best.box.h:
            best = x
    return best


def grid_targets(g: Geometry) -> dict[str, tuple[str, float, float]]:
    """Each text's grid line: text id → (kind of line, where it is, where it should be).
    Texts set on the page line up with each other and with the margins and the centre;
    texts in like containers (cards of one size) line up at the same place in each."""
    near = GRID_NEAR * g.W
    out: dict[str, tuple[str, float, float]] = {}
    groups: dict[tuple[str, Any], list[tuple[str, float, int]]] = {}
    columns = sum(1 for t in g.texts if t.vertical) >= 2
    for t in g.texts:
        kind, at = grid_anchor(g, t)
        if columns and t.vertical:  # a vertical page's columns stand side by side, each on its own axis
            out[t.id] = (kind, at, at)
            continue
        box = container(g, t)
        if box is None:
            key: tuple[str, Any] = (kind, None)
            rel = at
        else:
            b = box.box
            key = (kind, (round(b.w / max(1.0, g.tol)), round(b.h / max(1.0, g.tol))))
            rel = at - {"left": b.x, "right": b.right, "centre": b.cx}[kind]
        groups.setdefault(key, []).append((t.id, rel, round(t.size * 100)))
    for (kind, where), members in groups.items():
        lines: list[float] = []
        if where is None:  # the page's own lines: the margins and the centre
            lines = {"left": [g.safe.x], "right": [g.safe.right], "centre": [g.W / 2]}[kind]

        # the biggest text sets the line the others follow; among equals, the line most
        # of them share
        def weight(m: tuple[str, float, int], members: list[tuple[str, float, int]] = members) -> tuple[int, int]:
            return -m[2], -sum(abs(m[1] - o[1]) <= g.tol for o in members)

        for tid, rel, _ in sorted(members, key=weight):
            target = rel
            if not any(abs(rel - line) <= g.tol for line in lines):
                close = [line for line in lines if abs(rel - line) <= near]
                if close:
                    target = min(close, key=lambda line: abs(rel - line))
            out[tid] = (kind, rel, target)
            lines.append(target)
    return out


def _grid_checks(g: Geometry) -> list[Check]:
    targets = grid_targets(g)
    out = []
    for t in g.texts:
        kind, at, want = targets[t.id]
        d = abs(at - want)
        ok = d <= g.tol
        out.append(
            Check(
                "grid",
                t.id,
                ok,
                f"{kind} edge on the grid (x {at:.0f})"
                if ok
                else f"{kind} edge at x {at:.0f}, {d:.0f} px off the grid line x {want:.0f} (tolerance {g.tol:.0f} px)",
                round(d, 1),
            )
        )
    return out


def orphan_lines(t: TextLayer) -> list[int]:
    """Lines (columns) of a Japanese text that hold a single character, not counting a
    line the text itself sets apart with a newline."""
    from .typography.linebreak import has_cjk

    if len(t.lines) < 2 or not has_cjk(t.text):
        return []
    own = {p.strip() for p in t.text.split("\n")}
    return [i for i, line in enumerate(t.lines) if len(line.strip()) == 1 and line.strip() not in own]


def _orphan_check(t: TextLayer) -> Check:
    lone = orphan_lines(t)
    what = "column" if t.vertical else "line"
    if not lone:
        return Check("orphan", t.id, True, f"no {what} of a single character", 0.0)
    shown = ", ".join(f"{what} {i + 1} {t.lines[i].strip()!r}" for i in lone)
    return Check("orphan", t.id, False, f"a single character alone: {shown} of {t.lines!r}", float(len(lone)))
