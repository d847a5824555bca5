"""Rasterise a scene layer by layer with resvg and composite the layers.

Each top-level layer is rasterised on its own, cropped to where it can paint, and the
crops are alpha-composited in z order. The final image is therefore *exactly* the sum of
the per-layer rasters (``--layers`` exports them), and an edit that touches one layer
re-rasterises only that layer (``reuse``).
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import resvg_py
from PIL import Image

from ..scene import BackgroundLayer, Camera, EffectLayer, Layer, RadialGradient, Scene, ShapeLayer, Solid, TextLayer
from ..typography import TextLayout
from .svg import bounds, document, fragment, scene_svg, text_layout


@dataclass
class LayerRaster:
    id: str
    z: int
    x: int  # crop origin on the canvas
    y: int
    image: Image.Image  # RGBA crop (may be 0x0 when the layer is off-canvas)
    svg: str  # the fragment that was rasterised
    _png: bytes | None = field(default=None, repr=False)

    def png(self) -> bytes:
        """The crop as PNG bytes (encoded once; what the session store keeps)."""
        if self._png is None:
            buf = io.BytesIO()
            self.image.save(buf, format="PNG", compress_level=1)
            self._png = buf.getvalue()
        return self._png

    def full(self, size: tuple[int, int]) -> Image.Image:
        """The layer on a transparent canvas-sized image."""
        out = Image.new("RGBA", size, (0, 0, 0, 0))
        if self.image.width and self.image.height:
            out.paste(self.image, (self.x, self.y))
        return out


@dataclass
class Rendering:
    image: Image.Image  # RGBA, canvas size
    layers: list[LayerRaster]
    layouts: dict[str, TextLayout] = field(default_factory=dict)

    def layer(self, layer_id: str) -> LayerRaster:
        for r in self.layers:
            if r.id == layer_id:
                return r
        raise KeyError(layer_id)


def rasterize_svg(svg: str) -> Image.Image:
    """resvg → RGBA image. Text is already outlines, so no font database is loaded."""
    png = resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True)
    img = Image.open(io.BytesIO(bytes(png)))
    img.load()
    return img.convert("RGBA") if img.mode != "RGBA" else img


def crop_box(layer: Layer, width: int, height: int, camera: Camera | None = None) -> tuple[int, int, int, int]:
    b = bounds(layer, camera)
    x0 = max(0, math.floor(b.x))
    y0 = max(0, math.floor(b.y))
    x1 = min(width, math.ceil(b.right))
    y1 = min(height, math.ceil(b.bottom))
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def raster_scale(layer: Layer) -> int:
    """How much smaller than the canvas a layer may be rasterised, then scaled up.

    resvg's cost here is dominated by encoding large smooth or translucent pixmaps.
    A gradient background, or a shape whose gradient fades to nothing, has no edge to
    lose: it is drawn at 1/4 and resized (bilinear). A faint layer hides its edges: 1/4
    at opacity ≤ 0.1, 1/2 at ≤ 0.15. Everything else, text above all, is drawn 1:1.
    """
    if isinstance(layer, BackgroundLayer) and not isinstance(layer.fill, Solid):
        return 4
    if isinstance(layer, ShapeLayer) and isinstance(layer.fill, RadialGradient) and layer.fill.stops[-1].opacity == 0:
        return 4
    if isinstance(layer, EffectLayer) and layer.effect == "rain":
        return 2  # streaks are motion blur already: half resolution reads the same, costs a third
    if isinstance(layer, ShapeLayer) and layer.opacity <= 0.1:
        return 4
    if isinstance(layer, ShapeLayer) and layer.opacity <= 0.15:
        return 2
    return 1


def render_layer(
    layer: Layer,
    width: int,
    height: int,
    camera: Camera | None = None,
    z: int | None = None,
    frag: str | None = None,
    crop: tuple[int, int, int, int] | None = None,
) -> LayerRaster:
    """Rasterise one layer, cropped to where it can paint (``frag`` and ``crop`` when the
    caller has already computed them)."""
    frag = fragment(layer, camera=camera) if frag is None else frag
    x, y, w, h = crop_box(layer, width, height, camera) if crop is None else crop
    if w == 0 or h == 0:
        return LayerRaster(layer.id, layer.z if z is None else z, x, y, Image.new("RGBA", (0, 0)), frag)
    k = raster_scale(layer)
    doc = document(width, height, frag, (x, y, w, h))
    if k == 1:
        img = rasterize_svg(doc)
    else:
        small = (max(1, math.ceil(w / k)), max(1, math.ceil(h / k)))
        doc = doc.replace(f'width="{w}" height="{h}"', f'width="{small[0]}" height="{small[1]}"', 1)
        img = rasterize_svg(doc).resize((w, h), Image.Resampling.BILINEAR)
    return LayerRaster(layer.id, layer.z if z is None else z, x, y, img, frag)


def composite(
    layers: list[LayerRaster], size: tuple[int, int], region: tuple[int, int, int, int] | None = None
) -> Image.Image:
    """Alpha-composite layer crops in order; with ``region`` (x0, y0, x1, y1) only that part."""
    x0, y0, x1, y1 = region or (0, 0, *size)
    out = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    for r in layers:
        if not (r.image.width and r.image.height):
            continue
        # the part of this crop inside the region
        ax0, ay0 = max(x0, r.x), max(y0, r.y)
        ax1, ay1 = min(x1, r.x + r.image.width), min(y1, r.y + r.image.height)
        if ax1 <= ax0 or ay1 <= ay0:
            continue
        out.alpha_composite(r.image, dest=(ax0 - x0, ay0 - y0), source=(ax0 - r.x, ay0 - r.y, ax1 - r.x, ay1 - r.y))
    return out


def render(scene: Scene, reuse: Mapping[str, LayerRaster] | None = None) -> Rendering:
    """Render ``scene``. Layers in ``reuse`` (by id, same fragment) are not rasterised again."""
    w, h = scene.canvas.width, scene.canvas.height
    cam = scene.camera
    rasters: list[LayerRaster] = []
    layouts: dict[str, TextLayout] = {}
    # groups are opened: every leaf is its own raster; z becomes the drawing position
    for pos, layer in enumerate(scene.leaves()):
        if isinstance(layer, TextLayer):
            layouts[layer.id] = text_layout(layer)
        frag = fragment(layer, camera=cam)
        crop = crop_box(layer, w, h, cam)
        old = reuse.get(layer.id) if reuse else None
        if old is not None and old.svg == frag and crop == (old.x, old.y, old.image.width, old.image.height):
            # same pixels; a layer added below only shifts its drawing position
            rasters.append(old if old.z == pos else dataclasses.replace(old, z=pos))
        else:
            rasters.append(render_layer(layer, w, h, cam, z=pos, frag=frag, crop=crop))
    return Rendering(composite(rasters, (w, h)), rasters, layouts)


def export_svg(scene: Scene, metadata: str = "") -> str:
    return scene_svg(scene, live_text=True, metadata=metadata)


def outlined_svg(scene: Scene) -> str:  # noqa: D401 - the one-pass baseline
    return scene_svg(scene, live_text=False)
