"""Rasterise a scene layer by layer with resvg and composite the layers.

Each top-level layer is rasterised on its own, cropped to where it can paint, and the
crops are alpha-composited in z order. The final image is therefore *exactly* the sum of
the per-layer rasters (``--layers`` exports them), and an edit that touches one layer
re-rasterises only that layer (``reuse``).

Speed: resvg holds the GIL while it draws, but decoding its PNG, scaling a layer up and
compositing do not; so layers are rasterised on a small thread pool while the main thread
builds the next fragments and composites finished layers in order. Every step is a pure
function of its layer, so the pixels do not depend on the scheduling. :func:`encode_png`
writes PNGs with one filter for every row and zlib in parallel slices, several times faster
than Pillow's adaptive encoder, and as deterministic.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import math
import os
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from resvg import render as _resvg_render
from resvg import usvg as _usvg

from ..scene import (
    BackgroundLayer,
    Camera,
    EffectLayer,
    Layer,
    RadialGradient,
    RasterLayer,
    Scene,
    ShapeLayer,
    Solid,
    TextLayer,
)
from ..typography import TextLayout
from .svg import bounds, document, fragment, scene_svg, text_layout

LAYER_PNG_LEVEL = 1  # zlib level of the layer PNGs a session stores (read back by the next edit)
IMAGE_PNG_LEVEL = 3  # zlib level of the final PNG: unfiltered, ~1.35x Pillow level 6's size, ~3x faster


@dataclass
class LayerRaster:
    id: str
    z: int
    x: int  # crop origin on the canvas
    y: int
    image: Image.Image  # RGBA crop (may be 0x0 when the layer is off-canvas)
    svg: str  # the fragment that was rasterised
    _png: bytes | None = field(default=None, repr=False)
    key: str = field(default="", repr=False, compare=False)  # what was drawn: layer_key|WxH ("" unknown)
    _alpha_min: int | None = field(default=None, repr=False, compare=False)

    def png(self) -> bytes:
        """The crop as PNG bytes (what the session store keeps): resvg's own PNG when the
        crop is exactly what resvg drew, else encoded once."""
        if self._png is None:
            # PNG has no 0×0 image: an off-canvas layer is kept as one transparent pixel,
            # which composites to nothing
            img = self.image if self.image.width and self.image.height else Image.new("RGBA", (1, 1), (0, 0, 0, 0))
            self._png = encode_png(img, level=LAYER_PNG_LEVEL)
        return self._png

    def alpha_min(self) -> int:
        """The least alpha in the crop (0 for an empty crop), measured once."""
        if self._alpha_min is None:
            extrema: Any = self.image.getchannel("A").getextrema() if self.image.width and self.image.height else (0, 0)
            self._alpha_min = int(extrema[0])
        return self._alpha_min

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


_IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)


def rasterize_svg(svg: str) -> Image.Image:
    """resvg → RGBA image. Text is already outlines, so no font database is loaded.

    The ``resvg`` binding parses into a tree and renders it without building a font
    database: the same pixels (and PNG bytes) as ``resvg-py``'s ``svg_to_bytes`` with
    ``skip_system_fonts``, about three times faster. Its options and trees belong to the
    thread that made them, so each call makes its own (a microsecond)."""
    return _rasterize(svg)[0]


def _rasterize(svg: str) -> tuple[Image.Image, bytes | None]:
    """The image, and resvg's PNG when it decodes to exactly that image (RGBA)."""
    png = _resvg_render(_usvg.Tree.from_str(svg, _usvg.Options.default()), _IDENTITY)
    img = Image.open(io.BytesIO(png))
    img.load()
    if img.mode != "RGBA":
        return img.convert("RGBA"), None
    return img, png


def decode_pngs(blobs: list[bytes]) -> list[Image.Image]:
    """PNG bytes → RGBA images, decoded on the pool (Pillow decodes without the GIL)."""

    def decode(data: bytes) -> Image.Image:
        img = Image.open(io.BytesIO(data))
        img.load()
        return img.convert("RGBA") if img.mode != "RGBA" else img

    pool = _pool() if len(blobs) > 1 else None
    return list(pool.map(decode, blobs)) if pool is not None else [decode(b) for b in blobs]


_pool_lock = threading.Lock()
_pool_obj: ThreadPoolExecutor | None = None
WORKERS = max(1, min(2, os.cpu_count() or 1))
_POOL_PREFIX = "egaku-raster"


def _forget_pool() -> None:
    """In a forked child the pool's threads do not exist: start a new pool when needed."""
    global _pool_obj, _pool_lock
    _pool_obj, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _pool() -> ThreadPoolExecutor | None:
    """The rasteriser's worker threads (none on a single CPU). Tasks on it never wait on
    each other, so any other thread may submit and wait."""
    global _pool_obj
    if WORKERS < 2 or threading.current_thread().name.startswith(_POOL_PREFIX):
        return None  # one CPU, or called from a task on the pool (it would wait on itself)
    with _pool_lock:
        if _pool_obj is None:
            _pool_obj = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix=_POOL_PREFIX)
        return _pool_obj


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
    key: str = "",
) -> LayerRaster:
    """Rasterise one layer, cropped to where it can paint (``frag`` and ``crop`` when the
    caller has already computed them; ``key``, its :func:`layer_key`, is kept with it)."""
    frag = fragment(layer, camera=camera) if frag is None else frag
    x, y, w, h = crop_box(layer, width, height, camera) if crop is None else crop
    if w == 0 or h == 0:
        return LayerRaster(layer.id, layer.z if z is None else z, x, y, Image.new("RGBA", (0, 0)), frag, key=key)
    if isinstance(layer, RasterLayer):  # painted pixels are placed as they are, never re-sampled by resvg
        img = painted_crop(layer, (x, y, w, h))
        return LayerRaster(layer.id, layer.z if z is None else z, x, y, img, frag, key=key)
    k = raster_scale(layer)
    doc = document(width, height, frag, (x, y, w, h))
    png: bytes | None = None  # resvg's own PNG of the crop: what the store keeps, never encoded again
    if k == 1:
        img, png = _rasterize(doc)
    else:
        small = (max(1, math.ceil(w / k)), max(1, math.ceil(h / k)))
        doc = doc.replace(f'width="{w}" height="{h}"', f'width="{small[0]}" height="{small[1]}"', 1)
        img = rasterize_svg(doc).resize((w, h), Image.Resampling.BILINEAR)
    return LayerRaster(layer.id, layer.z if z is None else z, x, y, img, frag, png, key=key)


def painted_image(layer: RasterLayer) -> Image.Image:
    """A raster layer's pixels as RGBA at its box size (whole pixels; an exactly sized
    painting, the usual case, is used byte for byte)."""
    import base64

    img: Image.Image = Image.open(io.BytesIO(base64.b64decode(layer.png)))
    img.load()
    img = img.convert("RGBA") if img.mode != "RGBA" else img
    size = (max(1, round(layer.box.w)), max(1, round(layer.box.h)))
    if img.size != size:
        img = img.resize(size, Image.Resampling.LANCZOS)
    if layer.opacity < 1:
        a = np.asarray(img).copy()
        a[..., 3] = np.round(a[..., 3].astype(np.float32) * layer.opacity).astype(np.uint8)
        img = Image.fromarray(a, "RGBA")
    return img


def painted_crop(layer: RasterLayer, crop: tuple[int, int, int, int]) -> Image.Image:
    """The part of a raster layer inside ``crop`` (x, y, w, h on the canvas)."""
    x, y, w, h = crop
    bx, by = round(layer.box.x), round(layer.box.y)
    out = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    out.paste(painted_image(layer), (bx - x, by - y))
    return out


def composite(
    layers: Iterable[LayerRaster], size: tuple[int, int], region: tuple[int, int, int, int] | None = None
) -> Image.Image:
    """Alpha-composite layer crops in order; with ``region`` (x0, y0, x1, y1) only that part."""
    x0, y0, x1, y1 = region or (0, 0, *size)
    out = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    blank = True  # nothing drawn on ``out`` yet
    for r in layers:
        blank = _composite_one(out, r, x0, y0, x1, y1, blank)
    return out


def _composite_one(out: Image.Image, r: LayerRaster, x0: int, y0: int, x1: int, y1: int, blank: bool) -> bool:
    """Composite ``r`` onto ``out`` (which shows the canvas region x0, y0, x1, y1); returns
    whether ``out`` is still blank."""
    if not (r.image.width and r.image.height):
        return blank
    # the part of this crop inside the region
    ax0, ay0 = max(x0, r.x), max(y0, r.y)
    ax1, ay1 = min(x1, r.x + r.image.width), min(y1, r.y + r.image.height)
    if ax1 <= ax0 or ay1 <= ay0:
        return blank
    src = (ax0 - r.x, ay0 - r.y, ax1 - r.x, ay1 - r.y)
    if blank:
        # Over a transparent canvas alpha_composite returns every pixel with alpha > 0 as
        # it is (exactly: checked over all 256x256 value/alpha pairs) and (0, 0, 0, 0)
        # where alpha is 0; so a crop without alpha 0 is pasted.
        if r.alpha_min() > 0:
            part = r.image.crop(src) if src != (0, 0, r.image.width, r.image.height) else r.image
            out.paste(part, (ax0 - x0, ay0 - y0))
            return False
    out.alpha_composite(r.image, dest=(ax0 - x0, ay0 - y0), source=src)
    return False


def layer_key(layer: Layer, camera: Camera | None) -> str:
    """Everything a layer's fragment depends on: its type, its fields and the camera. Equal
    keys give equal fragments (fragments are pure functions of the layer and the camera)."""
    cam = camera.model_dump_json() if camera is not None else ""
    if isinstance(layer, RasterLayer):  # its pixels by their hash, not the megabytes of base64 again
        return f"RasterLayer|{layer.model_dump_json(exclude={'png', 'mask'})}|{cam}"
    return f"{type(layer).__name__}|{layer.model_dump_json()}|{cam}"


# Fragments and crop boxes of recently drawn layers, by key. A layer drawn again as it was
# (a repair round, an undone edit made again, the same request twice) costs a dict lookup
# instead of drawing its scenery or figure again.
_MEMO_ITEMS = 256
_MEMO_CHARS = 1 << 25
_memo_lock = threading.Lock()
_frag_memo: OrderedDict[str, str] = OrderedDict()
_frag_chars = 0
_crop_memo: OrderedDict[tuple[str, int, int], tuple[int, int, int, int]] = OrderedDict()


def clear_memo() -> None:
    """Forget the remembered fragments and crop boxes (benchmarks measure cold edits)."""
    global _frag_chars
    with _memo_lock:
        _frag_memo.clear()
        _crop_memo.clear()
        _frag_chars = 0


def _fragment(layer: Layer, key: str, camera: Camera | None) -> str:
    global _frag_chars
    with _memo_lock:
        frag = _frag_memo.get(key)
        if frag is not None:
            _frag_memo.move_to_end(key)
            return frag
    frag = fragment(layer, camera=camera)
    with _memo_lock:
        if key not in _frag_memo:
            _frag_memo[key] = frag
            _frag_chars += len(frag)
            while len(_frag_memo) > _MEMO_ITEMS or _frag_chars > _MEMO_CHARS:
                _frag_chars -= len(_frag_memo.popitem(last=False)[1])
    return frag


def _crop(layer: Layer, key: str, width: int, height: int, camera: Camera | None) -> tuple[int, int, int, int]:
    k = (key, width, height)  # (key holds the canvas size already when render() calls)
    with _memo_lock:
        crop = _crop_memo.get(k)
        if crop is not None:
            _crop_memo.move_to_end(k)
            return crop
    crop = crop_box(layer, width, height, camera)
    with _memo_lock:
        _crop_memo[k] = crop
        while len(_crop_memo) > _MEMO_ITEMS:
            _crop_memo.popitem(last=False)
    return crop


def raster_key(layer: Layer, camera: Camera | None, size: tuple[int, int]) -> str:
    """What a layer's raster depends on: :func:`layer_key` and the canvas size."""
    return f"{layer_key(layer, camera)}|{size[0]}x{size[1]}"


def render(
    scene: Scene, reuse: Mapping[str, LayerRaster] | None = None, previous: Rendering | None = None
) -> Rendering:
    """Render ``scene``. Layers in ``reuse`` (by id, same fragment) are not rasterised again.

    ``previous``, the rendering the reused rasters come from, lets the composite start
    from its image: only the boxes of layers redrawn, added or removed are composited
    again (the same pixels as compositing everything)."""
    w, h = scene.canvas.width, scene.canvas.height
    cam = scene.camera
    pool = _pool()
    slots: list[LayerRaster | Future[LayerRaster]] = []
    boxes: list[tuple[int, int, int, int]] = []  # each slot's crop (x, y, w, h)
    layouts: dict[str, TextLayout] = {}
    # groups are opened: every leaf is its own raster; z becomes the drawing position
    for pos, layer in enumerate(scene.leaves()):
        if isinstance(layer, TextLayer):
            layouts[layer.id] = text_layout(layer)
        key = raster_key(layer, cam, (w, h))
        old = reuse.get(layer.id) if reuse else None
        if old is not None and old.key == key:  # same layer, camera and canvas: same pixels
            # a layer added below only shifts its drawing position
            slots.append(old if old.z == pos else dataclasses.replace(old, z=pos))
            boxes.append((old.x, old.y, old.image.width, old.image.height))
            continue
        crop = _crop(layer, key, w, h, cam)
        boxes.append(crop)
        if (
            old is not None
            and crop == (old.x, old.y, old.image.width, old.image.height)
            and old.svg == _fragment(layer, key, cam)
        ):
            slots.append(dataclasses.replace(old, z=pos, key=key))
            continue
        frag = _fragment(layer, key, cam)
        if pool is not None and crop[2] and crop[3]:
            slots.append(pool.submit(render_layer, layer, w, h, cam, pos, frag, crop, key))
        else:
            slots.append(render_layer(layer, w, h, cam, z=pos, frag=frag, crop=crop, key=key))

    # composite in drawing order as the rasters come in; after an edit, only where it changed
    region = (0, 0, w, h)
    image: Image.Image | None = None
    if previous is not None and previous.image.size == (w, h):
        kept = [s.image if isinstance(s, LayerRaster) else None for s in slots]
        dirty = _dirty(previous.layers, kept, boxes, w, h)
        if dirty is not None and dirty != (0, 0, w, h):  # (all of it: compositing anew is as cheap)
            image, region = previous.image.copy(), dirty
    x0, y0, x1, y1 = region
    out = Image.new("RGBA", (max(0, x1 - x0), max(0, y1 - y0)), (0, 0, 0, 0))
    rasters: list[LayerRaster] = []
    blank = True
    for slot in slots:
        r = slot.result() if isinstance(slot, Future) else slot
        rasters.append(r)
        if x1 > x0 and y1 > y0:
            blank = _composite_one(out, r, x0, y0, x1, y1, blank)
    if image is None:
        image = out
    elif x1 > x0 and y1 > y0:
        image.paste(out, (x0, y0))
    return Rendering(image, rasters, layouts)


def _dirty(
    before: list[LayerRaster],
    kept: list[Image.Image | None],
    boxes: list[tuple[int, int, int, int]],
    width: int,
    height: int,
) -> tuple[int, int, int, int] | None:
    """Where a composite of the new layers can differ from the composite of ``before``:
    the box (x0, y0, x1, y1) around every crop drawn anew, added or dropped (empty when
    nothing changed), or None when the layers kept from ``before`` changed order."""
    old_pos = {(id(r.image), r.x, r.y): i for i, r in enumerate(before)}
    if len(old_pos) < len(before):  # one crop twice: no order to compare
        return None
    order: list[int] = []  # positions in ``before`` of the layers kept, in the new order
    changed: list[tuple[int, int, int, int]] = []
    for img, (x, y, w, h) in zip(kept, boxes):
        i = old_pos.get((id(img), x, y)) if img is not None else None
        if i is None:
            changed.append((x, y, w, h))
        else:
            order.append(i)
    if order != sorted(order):
        return None
    still = set(order)
    changed += [(r.x, r.y, r.image.width, r.image.height) for i, r in enumerate(before) if i not in still]
    changed = [c for c in changed if c[2] > 0 and c[3] > 0]
    if not changed:
        return (0, 0, 0, 0)
    x0 = max(0, min(c[0] for c in changed))
    y0 = max(0, min(c[1] for c in changed))
    x1 = min(width, max(c[0] + c[2] for c in changed))
    y1 = min(height, max(c[1] + c[3] for c in changed))
    return (x0, y0, max(x0, x1), max(y0, y1))


def export_svg(scene: Scene, metadata: str = "") -> str:
    return scene_svg(scene, live_text=True, metadata=metadata)


def outlined_svg(scene: Scene) -> str:  # noqa: D401 - the one-pass baseline
    return scene_svg(scene, live_text=False)


# PNG ------------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PARALLEL_BYTES = 1 << 19  # images of at least this many raw bytes are deflated in slices
_SLICE_BYTES = 1 << 18  # about this many raw bytes (whole rows) per slice
_SLICE_MEMO_BYTES = 1 << 24  # deflated slices remembered, by their raw bytes' SHA-256
_slice_lock = threading.Lock()
_slice_memo: OrderedDict[tuple[bytes, int, bool], bytes] = OrderedDict()
_slice_memo_bytes = 0


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _deflate_slice(data: memoryview, level: int, last: bool) -> bytes:
    """One slice as raw deflate, ended by a sync flush (or the final block). An edit
    leaves most rows of the image as they were: their slices come from the memo."""
    global _slice_memo_bytes
    key = (hashlib.sha256(data).digest(), level, last)
    with _slice_lock:
        done = _slice_memo.get(key)
        if done is not None:
            _slice_memo.move_to_end(key)
            return done
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    done = c.compress(data) + c.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    with _slice_lock:
        if key not in _slice_memo:
            _slice_memo[key] = done
            _slice_memo_bytes += len(done)
            while _slice_memo_bytes > _SLICE_MEMO_BYTES:
                _slice_memo_bytes -= len(_slice_memo.popitem(last=False)[1])
    return done


def _deflate(raw: np.ndarray, level: int) -> bytes:
    """A zlib stream of the rows of ``raw``. A large image is cut into slices of whole
    rows (their size depends only on the image's), each deflated on its own, on the pool
    (zlib and hashlib release the GIL), and joined with sync flushes as pigz does: one
    valid stream, the same bytes however many threads ran or slices were remembered."""
    data = raw.data.cast("B")
    if len(data) < _PARALLEL_BYTES:
        return zlib.compress(data, level)
    h, stride = raw.shape
    rows = max(1, _SLICE_BYTES // stride)
    cuts = [*range(0, h, rows), h]
    slices = [(raw[a:b].data.cast("B"), b == h) for a, b in zip(cuts, cuts[1:])]
    pool = _pool()
    if pool is not None:
        pieces = list(pool.map(lambda sl: _deflate_slice(sl[0], level, sl[1]), slices))
    else:
        pieces = [_deflate_slice(sl, level, last) for sl, last in slices]
    flevel = 0 if level <= 1 else 1 if level <= 5 else 2 if level == 6 else 3
    cmf, flg = 0x78, flevel << 6
    flg |= (31 - ((cmf << 8) | flg) % 31) % 31  # FCHECK
    return bytes((cmf, flg)) + b"".join(pieces) + struct.pack(">I", zlib.adler32(data))


def encode_png(
    img: Image.Image, info: PngInfo | None = None, level: int = IMAGE_PNG_LEVEL, *, opaque_rgb: bool = False
) -> bytes:
    """PNG bytes of an RGB or RGBA image (other modes go through RGBA), with the chunks
    of ``info`` (e.g. ``add_itxt``) where Pillow puts them; with ``opaque_rgb`` an RGBA
    image whose alpha is 255 everywhere is written as RGB. Every row uses filter 0 (our
    flat colours deflate best unfiltered); the same image and chunks always give the
    same bytes."""
    if img.mode not in ("RGB", "RGBA"):
        img = img.convert("RGBA")
    if not (img.width and img.height):
        raise ValueError("cannot write empty image")
    px = np.asarray(img)
    if opaque_rgb and px.shape[2] == 4 and int(px[..., 3].min()) == 255:
        px = px[..., :3]
    h, w, c = px.shape
    raw = np.zeros((h, w * c + 1), dtype=np.uint8)  # a filter-type byte (0) before each row
    raw[:, 1:] = px.reshape(h, w * c)
    chunks = [(bytes(ch[0]), bytes(ch[1]), bool(ch[2:] and ch[2])) for ch in (info.chunks if info else [])]
    out = [_PNG_SIGNATURE, _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2 if c == 3 else 6, 0, 0, 0))]
    out += [_chunk(kind, data) for kind, data, after in chunks if not after]
    out.append(_chunk(b"IDAT", _deflate(raw, level)))
    out += [_chunk(kind, data) for kind, data, after in chunks if after]
    out.append(_chunk(b"IEND", b""))
    return b"".join(out)
