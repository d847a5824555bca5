"""Edit, the last step: verify the edited design and repair what the edit broke.

    check(before, after, rendering, prev, intent, ops, ocr, trace) -> Checked

An edit gets the checks generate gets (every text present, inside the canvas, uncovered,
contrast ≥ 4.5:1 measured on the pixels, OCR when asked) and one round of repair, within
what the edit asked:

- a recoloured text that fails contrast takes the nearest shade of the asked colour that
  passes (its OKLab lightness moved, its hue kept), else an outline;
- a text off the canvas is moved into the safe area, or made as big as fits there;
- an ornament or particles over a text's glyphs move clear of it;
- an OCR misread gets a backdrop panel, as in generate.

Only failures the edit caused are repaired: those on layers it redrew, or on texts its
redrawn layers reach. Repairs redraw only the layers they change. What still fails is in
the report (``report.ok`` is False) and in the trace.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..render.figures.color import oklab_shift
from ..render.raster import LayerRaster, Rendering, composite, render
from ..scene import Box, EffectLayer, IconLayer, Scene, ShapeLayer, TextLayer
from ..understand.intent import Intent, Trace
from ..verify import (
    MIN_CONTRAST,
    Report,
    _glyph_mask,
    _hex_rgb,
    _region,
    covering_alpha,
    luminance_px,
    normalize,
    verify,
)
from ..words import has
from .apply import _drop, _free_spot, _shift, attachments, safe_area
from .interpret import ONLY
from .ops import Recolor, Remove, ReplaceText, Resize

__all__ = ["Checked", "check"]

TARGET_CONTRAST = MIN_CONTRAST + 0.2  # a little over the line, so anti-aliasing cannot tip it back


@dataclass
class Checked:
    """The edit after verification: the scene and rendering (repaired where needed), the
    report, the intent with the texts the scene now holds, and every layer redrawn."""

    scene: Scene
    rendering: Rendering
    report: Report
    intent: Intent
    changed: list[str]


def check(
    before: Scene,
    after: Scene,
    rendering: Rendering,
    prev: Rendering,
    intent: Intent,
    ops: list[Any],
    *,
    instruction: str = "",
    ocr: bool,
    trace: Trace,
) -> Checked:
    """Verify the edited design and repair what the edit broke (see the module docstring).
    An instruction that says "only" (だけ, のみ) limits the repairs to what it names."""
    # 1. The texts the design now holds: the request's, with this edit's replacements
    #    and removals, so a replaced title is not reported missing.
    intent = texts_after(intent, before, ops)

    # 2. What the edit did beyond its targets, and where it did less than asked.
    for line in describe(before, after, ops):
        trace.add("edit", line, "the edit keeps the design")

    # 3. Verify; one repair round for what the edit broke.
    report = verify(after, rendering, intent.texts, ocr=ocr)
    if not report.ok:
        touched = changed_layers(prev, rendering)
        only = None
        if has(instruction.lower(), ONLY):
            only = {t for op in ops for t in op.targets}
            only |= set(attachments(after, [t for t in only if isinstance(_find(after, t), TextLayer)]))
        fixed, repairs = repair(after, rendering, report, ops, touched, only)
        if repairs:
            for r in repairs:
                trace.add("verify", f"repair: {r}", "a check failed after the edit")
            after = fixed
            redrawn = rendering
            rendering = render(after, reuse={r.id: r for r in rendering.layers}, previous=rendering)
            trace.add(
                "verify",
                f"repair redrew {', '.join(changed_layers(redrawn, rendering)) or 'nothing'}",
                "only the layers the repair changed",
            )
            report = verify(after, rendering, intent.texts, ocr=ocr)
            report.repairs = repairs
    for c in report.failed():
        trace.add("verify", f"WARNING {c.name} {c.target!r}: {c.detail}", "say what to change to fix it")
    changed = changed_layers(prev, rendering)
    return Checked(after, rendering, report, intent, changed)


def changed_layers(prev: Rendering, rendering: Rendering) -> list[str]:
    """Layers redrawn, added or removed since ``prev`` (a reused raster is the same object)."""
    old = {r.id: r for r in prev.layers}
    out = [r.id for r in rendering.layers if r.id not in old or r.image is not old[r.id].image]
    return out + [i for i in old if i not in {r.id for r in rendering.layers}]


def texts_after(intent: Intent, before: Scene, ops: list[Any]) -> Intent:
    """The intent with each replaced text changed (a price-list row keeps its price) and
    each removed text dropped."""
    texts = list(intent.texts)
    for op in ops:
        for tid in op.targets:
            try:
                old = before.find(tid)
            except KeyError:
                continue
            if not isinstance(old, TextLayer):
                continue
            if isinstance(op, ReplaceText):
                texts = [_replaced(before, old, t, op.text) for t in texts]
            elif isinstance(op, Remove):
                texts = [t for t in texts if t != old.text]
    if texts == intent.texts:
        return intent
    return intent.model_copy(update={"texts": texts})


def _replaced(scene: Scene, old: TextLayer, want: str, new: str) -> str:
    """The requested text ``want`` after ``old``'s words became ``new``: the text itself,
    or a price-list row (``item-N`` + ``item-N-price``) with its name or price changed."""
    if want == old.text:
        return new
    name = _find(scene, old.id[: -len("-price")]) if old.id.endswith("-price") else old
    price = _find(scene, f"{old.id}-price") if name is old else old
    if not (isinstance(name, TextLayer) and isinstance(price, TextLayer)):
        return want
    if normalize(want) != normalize(name.text + price.text):
        return want
    if old is name and want.startswith(old.text):
        return new + want[len(old.text) :]
    if old is price and want.endswith(old.text):
        return want[: len(want) - len(old.text)] + new
    return want


def describe(before: Scene, after: Scene, ops: list[Any]) -> list[str]:
    """Trace lines for what an edit did that its ops do not say: decoration that moved with
    a text or out of its way, ornaments culled, and a resize that did less than asked."""
    lines: list[str] = []
    if any(op.op in ("canvas", "theme") for op in ops):
        return lines  # composed again: every layer has a new place
    asked = {t for op in ops for t in op.targets}
    old = {x.id: x for x in before.leaves()}
    new = {x.id: x for x in after.leaves()}
    texts = [t for t in asked if isinstance(old.get(t), TextLayer)]
    with_text = set(attachments(before, texts))
    moved = [i for i in new if i in old and i not in asked and new[i].box != old[i].box]
    went = [i for i in moved if i in with_text]
    aside = [i for i in moved if i not in with_text]
    if went:
        lines.append(f"{', '.join(went)} went with {', '.join(texts)}")
    if aside:
        lines.append(f"{', '.join(aside)} stepped aside, clear of the text")
    culled = [i for i in old if i not in new and i not in asked]
    if culled:
        lines.append(f"{', '.join(culled)} culled: nowhere clear of the text to go")
    for e in (x for x in after.leaves() if isinstance(x, EffectLayer)):
        o = old.get(e.id)
        if isinstance(o, EffectLayer) and o.avoid != e.avoid:
            lines.append(f"{e.id}: particles keep clear of the text's new place")
    for op in ops:
        if not isinstance(op, Resize):
            continue
        for tid in op.targets:
            a, b = old.get(tid), new.get(tid)
            if isinstance(a, TextLayer) and isinstance(b, TextLayer):
                got = b.size / a.size
                if abs(got - op.factor) > 0.02:
                    why = "it is already as big as fits" if abs(got - 1) < 0.01 else "as big as fits"
                    lines.append(
                        f"{tid}: asked ×{op.factor:g}, made ×{got:.2f} ({a.size:.0f} → {b.size:.0f} px): {why} "
                        "inside the safe area, clear of the other texts"
                    )
    return lines


def repair(
    scene: Scene,
    rendering: Rendering,
    report: Report,
    ops: list[Any],
    touched: list[str],
    only: set[str] | None = None,
) -> tuple[Scene, list[str]]:
    """Fix the failures the edit caused (see the module docstring), changing only layers in
    ``only`` when it is given. Returns the new scene and what was done."""
    new = scene.model_copy(deep=True)
    done: list[str] = []
    W, H = scene.canvas.width, scene.canvas.height
    # the texts each recolour painted, so one shade serves them all (a list of prices in
    # three near-reds would look like a mistake)
    painted = {
        t: [x for x in op.targets if isinstance(_find(new, x), TextLayer)]
        for op in ops
        if isinstance(op, Recolor)
        for t in op.targets
    }
    shaded: set[str] = set()
    reach = [_raster_box(r) for r in rendering.layers if r.id in touched and r.image.width]
    for check in report.failed():
        if check.name == "present":
            continue
        try:
            layer = new.find(check.target)
        except KeyError:
            continue
        if not isinstance(layer, TextLayer):
            continue
        lay = rendering.layouts[layer.id]
        ink = Box(x=lay.ink[0], y=lay.ink[1], w=lay.ink[2], h=lay.ink[3])
        if layer.id not in touched and not any(ink.intersects(b) for b in reach):
            continue  # failing before the edit and untouched by it: reported, not changed
        if only is not None and layer.id not in only:
            continue  # "only the background": the text is not the edit's to change
        if check.name == "contrast" and layer.id in painted:
            if layer.id not in shaded:
                group = [new.find(x) for x in painted[layer.id] if only is None or x in only]
                shaded.update(x.id for x in group)
                done.append(_fix_contrast(group, rendering))
        elif check.name in ("contrast", "ocr"):  # its colour was not this edit's: kept, as generate keeps it
            done.append(_panel(new, layer, "OCR misread it" if check.name == "ocr" else "its contrast fell"))
        elif check.name == "inside":
            done.append(_fix_inside(new, layer))
        elif check.name == "uncovered":
            done += _uncover(new, layer, rendering, W, H)
    return new, [d for d in done if d]


def _find(scene: Scene, layer_id: str) -> Any:
    try:
        return scene.find(layer_id)
    except KeyError:
        return None


def _raster_box(r: LayerRaster) -> Box:
    return Box(x=r.x, y=r.y, w=r.image.width, h=r.image.height)


def _lum(color: str) -> float:
    return float(luminance_px(_hex_rgb(color)[None, None, :])[0, 0])


def _behind(layer: TextLayer, rendering: Rendering) -> np.ndarray:
    """Luminance of the pixels behind the glyphs, as verify measures them."""
    W, H = rendering.image.size
    lay = rendering.layouts[layer.id]
    region = _region(lay, W, H)
    me = rendering.layer(layer.id).z
    under = composite([r for r in rendering.layers if r.z < me], (W, H), region)
    arr = np.asarray(under.convert("RGB")).astype(np.float64)
    if layer.backdrop and layer.backdrop_opacity > 0:
        a = layer.backdrop_opacity
        arr = arr * (1 - a) + _hex_rgb(layer.backdrop) * a
    mask = _glyph_mask(layer, rendering, region)
    pix = arr[mask] if mask.sum() > 16 else arr.reshape(-1, 3)
    return np.asarray(luminance_px(pix[None, :, :])[0])


def _ratio(color: str, behind: np.ndarray) -> float:
    fl = _lum(color)
    ratios = (np.maximum(fl, behind) + 0.05) / (np.minimum(fl, behind) + 0.05)
    return float(np.percentile(ratios, 5))


def _same_hue(a: str, b: str) -> bool:
    """Whether ``b`` still reads as the colour ``a`` names: the hue within 20°, and colour
    left in it (half the saturation) unless ``a`` was a grey."""
    ha, _la, sa = colorsys.rgb_to_hls(*(_hex_rgb(a) / 255))
    hb, _lb, sb = colorsys.rgb_to_hls(*(_hex_rgb(b) / 255))
    if sa < 0.15:
        return True
    d = abs(ha - hb) * 360
    return min(d, 360 - d) <= 20 and sb >= 0.5 * sa


def _panel(scene: Scene, layer: TextLayer, why: str) -> str:
    """Generate's repair: a scrim in the palette's own hue behind the text, pushed towards
    white or black until the text reaches 5:1 on it; the text keeps its colour."""
    from ..compose import contrast, mix

    if layer.backdrop and layer.backdrop_opacity > 0:
        return ""  # it has one already: nothing more to add
    light = contrast(layer.fill, "#FFFFFF") > contrast(layer.fill, "#000000")
    base = scene.palette.get("background", "#808080")
    panel = base
    for t in (0.75, 0.85, 0.95, 1.0):
        panel = mix(base, "#FFFFFF" if light else "#000000", t)
        if contrast(layer.fill, mix(base, panel, 0.92)) >= 5.0:
            break
    layer.backdrop, layer.backdrop_opacity = panel, 0.92
    return f"{layer.id}: backdrop panel {panel} behind the text ({why}; its colour is kept)"


def _fix_contrast(layers: list[Any], rendering: Rendering) -> str:
    """The nearest shade of the asked colour with enough contrast against what is behind
    each of the recoloured texts, one shade for them all; an outline when no shade of that
    hue has it."""
    behind = [_behind(x, rendering) for x in layers]
    base = layers[0].fill
    ids = ", ".join(x.id for x in layers)
    was = min(_ratio(base, b) for b in behind)
    darker_first = float(np.median(np.concatenate(behind))) > _lum(base)
    # at most 0.22 in OKLab lightness: further, a yellow reads as olive and an orange as
    # brown, and the outline keeps the colour asked for instead
    for step in range(1, 23):
        for sign in (-1, 1) if darker_first else (1, -1):
            cand = oklab_shift(base, sign * 0.01 * step)
            got = min(_ratio(cand, b) for b in behind)
            if cand != base and _same_hue(base, cand) and got >= TARGET_CONTRAST:
                for x in layers:
                    x.fill = cand
                return f"{ids}: {base} → {cand}, the nearest shade of the asked colour that reads ({was:.1f}:1 → {got:.1f}:1)"
    outline = "#FFFFFF" if _lum(base) < 0.18 else "#111111"
    for x in layers:
        x.outline, x.outline_width = outline, max(x.outline_width, 0.06)
    return f"{ids}: outline {outline} around {base} (no shade of it reads on this background)"


def _fix_inside(scene: Scene, layer: TextLayer) -> str:
    """Move the text (with its decoration) into the safe area; shrink it to fit there only
    when it is larger than the safe area."""
    from ..typography import fit_text

    safe = safe_area(scene)
    b = layer.box
    note = ""
    if b.w > safe.w or b.h > safe.h:
        fit = fit_text(
            layer.text,
            layer.font,
            safe.w,
            safe.h,
            max_size=layer.size,
            min_size=min(10.0, layer.size),
            vertical=layer.vertical,
            line_height=layer.line_height,
            tracking=layer.tracking,
        )
        layer.size, layer.lines = fit.size, fit.lines
        layer.box = b = Box(x=b.cx - fit.width / 2, y=b.cy - fit.height / 2, w=fit.width, h=fit.height)
        note = f", made as big as fits there ({fit.size:.0f} px)"
    dx = min(max(b.x, safe.x), safe.right - b.w) - b.x
    dy = min(max(b.y, safe.y), safe.bottom - b.h) - b.y
    _shift(layer, dx, dy)
    for a in attachments(scene, [layer.id]):
        _shift(scene.find(a), dx, dy)
    return f"{layer.id}: moved into the safe area{note}"


def _uncover(scene: Scene, layer: TextLayer, rendering: Rendering, W: int, H: int) -> list[str]:
    """Ornaments or particles drawn over the text's glyphs move off it."""
    lay = rendering.layouts[layer.id]
    region = _region(lay, W, H)
    mask = _glyph_mask(layer, rendering, region)
    x0, y0, x1, y1 = region
    me = rendering.layer(layer.id).z
    short = min(W, H)
    done: list[str] = []
    for r in rendering.layers:
        if r.z <= me or covering_alpha(r, mask, region) < 16:
            continue
        other = scene.find(r.id)
        if isinstance(other, EffectLayer):
            other.avoid = [*other.avoid, layer.box.inset(-0.04 * short)]
            done.append(f"{other.id}: particles kept off {layer.id}")
        elif isinstance(other, (IconLayer, ShapeLayer)) and other.role in ("decoration", "emblem"):
            keep_off = [t.box.inset(-0.02 * short) for t in scene.text_layers()]
            spot = _free_spot(other.box, keep_off, W, H)
            if spot is not None:
                other.box = spot
                done.append(f"{other.id}: moved off {layer.id}")
            else:
                _drop(scene, other.id)
                done.append(f"{other.id}: culled, it covered {layer.id}")
    return done
