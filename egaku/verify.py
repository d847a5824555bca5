"""Verify: every requested text is in the scene, inside the canvas, uncovered, legible
(contrast ≥ 4.5:1 against what is actually behind its glyphs) and read back by OCR.

The checks read the rendered layer rasters, not the scene's intentions: "covered" means
a layer above the text puts paint over its glyphs; contrast is measured between the text
colour and the composited pixels under the glyphs.
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
from .scene import ChartLayer, Scene, TextLayer
from .typography import TextLayout, measure
from .typography.fonts import EM_ASCENT

MIN_CONTRAST = 4.5


@dataclass
class Check:
    name: str  # present | inside | uncovered | contrast | ocr
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


def verify(scene: Scene, rendering: Rendering, texts: list[str], ocr: bool = True) -> Report:
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
        arr: np.ndarray = np.asarray(under.convert("RGB"))  # uint8: luminance by table
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
    out = _engine()(np.asarray(img.convert("RGB")), use_det=False, use_cls=False, use_rec=True)
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
            crop = image.crop((int(line.x) - pad, int(top) - pad, int(line.x + line.length) + pad, int(top + s) + pad))
        else:
            cell = int(round(s))
            bg = image.getpixel((max(0, int(line.x - s / 2) - 2), max(0, int(line.y) - 2)))
            crop = Image.new(image.mode, (2 * pad + cell * len(line.glyphs), cell + 2 * pad), bg)
            for i, g in enumerate(line.glyphs):  # a glyph's origin sits EM_ASCENT below its cell's top
                top = line.y + g.y - EM_ASCENT * s
                left = line.x - s / 2
                crop.paste(image.crop((int(left), int(top), int(left) + cell, int(top) + cell)), (pad + i * cell, pad))
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


def _ocr(layer: TextLayer, rendering: Rendering) -> Check:
    lay = rendering.layouts[layer.id]
    got = "".join(ocr_line(img) for img in line_images(layer, lay, rendering.image))
    # the whole reading must be the text: containment would pass an extra glyph ("HELLOS"),
    # and OCR noise around a line is cropped away by line_images. OCR cannot tell some
    # glyphs apart (O and 0 in the display face); the `present` check compares the drawn
    # lines with the text for those.
    ok = normalize(got) == normalize(layer.text)
    return Check("ocr", layer.id, ok, f"OCR read {got!r}" + ("" if ok else f", expected {layer.text!r}"), got)
