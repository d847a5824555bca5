"""Edit, the last step: verify the edited design and repair what the edit broke.

    check(before, after, rendering, prev, intent, ops, ocr, trace) -> Checked

An edit gets the checks generate gets (every text present, inside the canvas, uncovered,
contrast ≥ 4.5:1 measured on the pixels, OCR when asked, and the design checks: safe
area, overlap, minimum text size, grid, orphans) and up to two rounds of repair, within
what the edit asked:

- a recoloured text that fails contrast takes the nearest shade of the asked colour that
  passes (its OKLab lightness moved, its hue kept), else an outline;
- a text off the canvas is moved into the safe area, or made as big as fits there;
- an ornament or particles over a text's glyphs move clear of it;
- an OCR misread gets a backdrop panel, as in generate;
- a failed design check is repaired as generate repairs it (:func:`repair_design`).

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
    done: list[str] = []
    for _round in range(2):  # a repair can leave a design check to repair (a text moved clear)
        if report.ok:
            break
        touched = changed_layers(prev, rendering)
        only = None
        if has(instruction.lower(), ONLY):
            only = {t for op in ops for t in op.targets}
            only |= set(attachments(after, [t for t in only if isinstance(_find(after, t), TextLayer)]))
        fixed, repairs = repair(after, rendering, report, ops, touched, only)
        if not repairs:
            break
        for r in repairs:
            trace.add("verify", f"repair: {r}", "a check failed after the edit")
        done += repairs
        after = fixed
        redrawn = rendering
        rendering = render(after, reuse={r.id: r for r in rendering.layers}, previous=rendering)
        trace.add(
            "verify",
            f"repair redrew {', '.join(changed_layers(redrawn, rendering)) or 'nothing'}",
            "only the layers the repair changed",
        )
        report = verify(after, rendering, intent.texts, ocr=ocr)
        report.repairs = list(done)
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
    done += repair_design(
        new, rendering, [c for c in report.failed() if _caused(c, scene, rendering, touched, reach)], only
    )
    return new, [d for d in done if d]


def _caused(check: Any, scene: Scene, rendering: Rendering, touched: list[str], reach: list[Box]) -> bool:
    """Whether the edit caused a failed check: its layer was redrawn, or a redrawn layer
    reaches it."""
    if check.target in touched:
        return True
    x = _find(scene, check.target)
    if x is None:
        return False
    if isinstance(x, TextLayer) and x.id in rendering.layouts:
        a, b, w, h = rendering.layouts[x.id].ink
        box = Box(x=a, y=b, w=w, h=h)
    else:
        box = x.box
    return any(box.intersects(r) for r in reach)


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


# --------------------------------------------------------------------------- design repairs
# The design checks (egaku.verify.DESIGN_CHECKS) repaired: a lone character re-broken
# onto a line with its neighbours, text raised to the format's minimum size, text and
# pictures moved into the safe area, a text snapped onto the grid line it nearly sits on,
# and a text cleared of what it touches (a small ornament moves off, else the text steps
# aside or, with nowhere to go, is set smaller). The text strings never change.


def repair_design(scene: Scene, rendering: Rendering, failed: list[Any], only: set[str] | None = None) -> list[str]:
    """Repair the failed design checks in ``failed`` on ``scene`` (changed in place), as
    measured on ``rendering`` (the rendering of ``scene`` before the repair). Only layers
    in ``only`` change when it is given. Returns what was done."""
    from ..verify import DESIGN_CHECKS, Geometry, grid_targets, min_text_px

    checks = [c for c in failed if c.name in DESIGN_CHECKS and (only is None or c.target in only)]
    if not checks:
        return []
    g = Geometry(scene, rendering)
    moved: dict[str, tuple[float, float]] = {}  # picture layers moved so far
    done: list[str] = []
    by_name: dict[str, list[Any]] = {}
    for c in checks:
        by_name.setdefault(c.name, []).append(c)
    need, _why = min_text_px(scene.kind, g.W, g.H)
    changed: set[str] = set()  # texts set again here: measured afresh in the next round
    for c in by_name.get("orphan", []):
        t = _find(scene, c.target)
        if isinstance(t, TextLayer):
            done.append(_guarded(t, lambda t=t: _fix_orphan(t, g)))
            changed.add(t.id)
    for c in by_name.get("min_text_size", []):
        x = _find(scene, c.target)
        if isinstance(x, TextLayer):
            done.append(_guarded(x, lambda x=x: _fix_size(x, need, g)))
            changed.add(x.id)
        elif x is not None and hasattr(x, "label_size"):
            was = x.label_size
            x.label_size = need
            done.append(f"{x.id}: chart labels {was:.0f} → {need:.0f} px, the smallest a {scene.kind} shows")
    for c in by_name.get("safe_area", []):
        x = _find(scene, c.target)
        if isinstance(x, TextLayer):
            done.append(_guarded(x, lambda x=x: _fix_safe_text(scene, x, g)))
            changed.add(x.id)
        elif x is not None:
            done.append(_fix_safe_picture(scene, x, g, moved))
    if by_name.get("grid"):
        targets = grid_targets(g)
        for c in by_name["grid"]:
            t = _find(scene, c.target)
            if isinstance(t, TextLayer) and t.id in targets and t.id not in changed:
                kind, at, want = targets[t.id]
                _move_text(scene, t, want - at, 0.0)
                done.append(f"{t.id}: {kind} edge snapped to the grid line x {want:.0f} (was {at:.0f})")
    for c in by_name.get("overlap", []):
        t = _find(scene, c.target)
        if isinstance(t, TextLayer) and t.id not in changed:
            done += _fix_overlap(scene, t, g, moved, need)
    return [d for d in done if d]


def _guarded(layer: Any, fix: Any) -> str:
    """``fix()``, or, when the repair cannot be made (the text fits nowhere at the size it
    needs), the layer as it was and a note: a failed repair leaves the check failed and
    reported, it never fails the request."""
    from ..errors import EgakuError

    before = dict(layer.__dict__)
    try:
        return str(fix())
    except EgakuError as e:
        layer.__dict__.update(before)
        return f"{layer.id}: not repaired ({e})"


def _ink(t: TextLayer) -> Box:
    from ..render.svg import text_layout

    x, y, w, h = text_layout(t).ink
    return Box(x=x, y=y, w=w, h=h)


def _set_block(t: TextLayer, lines: list[str], size: float) -> None:
    """New lines and size for ``t``, its box fitted to the block and anchored where the
    block was: the aligned edge along the lines, the middle across them."""
    old = _ink(t)
    t.size, t.lines = size, lines
    new = _ink(t)
    b = t.box
    t.box = Box(x=b.x + (new.x - b.x), y=b.y + (new.y - b.y), w=new.w, h=new.h)  # box = block
    new = _ink(t)
    if t.vertical:
        dx = old.cx - new.cx
        dy = {"start": old.y - new.y, "center": old.cy - new.cy, "end": old.bottom - new.bottom}[t.align]
    else:
        dx = {"start": old.x - new.x, "center": old.cx - new.cx, "end": old.right - new.right}[t.align]
        dy = old.cy - new.cy
    _shift(t, dx, dy)


def _break(t: TextLayer, size: float, max_len: float) -> list[str]:
    from ..typography import break_text, measure

    keep = [(r.start, r.end) for r in getattr(t, "ruby", [])]

    def m(s: str) -> float:
        return measure(s, t.font, size, t.vertical, t.tracking)

    return break_text(t.text, m, max_len, keep=keep)


def _along(t: TextLayer, b: Box) -> float:
    return b.h if t.vertical else b.w


def _fix_orphan(t: TextLayer, g: Any) -> str:
    """Break the text again so no line is one character: a narrower measure first (the
    line before gives a character up), then a wider one, then a size or two smaller."""
    from ..verify import orphan_lines

    was = list(t.lines)
    room = _along(t, g.safe)
    longest = _along(t, _ink(t))
    trial = t.model_copy()
    for k in (1.0, 0.95, 0.9):
        size = t.size * k
        factors = [1 - 0.02 * i for i in range(1, 21)] + [1 + 0.03 * i for i in range(1, 11)]
        for f in factors:
            max_len = min(room, longest * f)
            lines = _break(t, size, max_len)
            trial.lines = lines
            if not orphan_lines(trial) and len(lines) <= len(was) + 1:
                _set_block(t, lines, size)
                extra = f", set at {size:.0f} px" if k < 1 else ""
                return f"{t.id}: lines re-broken {was!r} → {lines!r} (no character alone on a line{extra})"
    return ""


def _fix_size(t: TextLayer, need: float, g: Any) -> str:
    """Raise the text to the format's minimum size; lines broken again when the bigger
    block would leave the safe area."""
    was = t.size
    lines = list(t.lines)
    room = _along(t, g.safe)
    if _along(t, _ink(t)) * need / was > room:
        lines = _break(t, need, room)
        from ..errors import LayoutError
        from ..typography import measure

        if max(measure(line, t.font, need, t.vertical, t.tracking) for line in lines) > room + 0.5:
            raise LayoutError(f"{t.text[:24]!r} does not fit the safe area at {need:.0f} px")
    _set_block(t, lines, need)
    return f"{t.id}: {was:.0f} → {need:.0f} px, the smallest a {g.scene.kind} shows"


def _companions(scene: Scene, layer_id: str) -> list[Any]:
    """The layers named after ``layer_id`` (its shadow, its 'zzz', its badge)."""
    return [x for x in scene.leaves() if x.id.startswith(layer_id + "-") and not isinstance(x, TextLayer)]


def _move_text(scene: Scene, t: TextLayer, dx: float, dy: float) -> None:
    if not (dx or dy):
        return
    _shift(t, dx, dy)
    for a in attachments(scene, [t.id]):
        x = _find(scene, a)
        if x is not None:
            _shift(x, dx, dy)


def _into(box: Box, safe: Box, keep_out: list[Box]) -> tuple[float, float]:
    """The least move that puts ``box`` inside ``safe`` and out of the keep-out corners."""
    dx = min(max(box.x, safe.x), safe.right - box.w) - box.x
    dy = min(max(box.y, safe.y), safe.bottom - box.h) - box.y
    b = Box(x=box.x + dx, y=box.y + dy, w=box.w, h=box.h)
    for k in keep_out:
        if b.intersects(k):
            left, up = k.x - b.right - 1, k.y - b.bottom - 1
            if b.x + left >= safe.x and (abs(left) <= abs(up) or b.y + up < safe.y):
                dx += left
            else:
                dy += up
    return dx, dy


def _fix_safe_text(scene: Scene, t: TextLayer, g: Any) -> str:
    from ..typography import fit_text
    from ..verify import min_text_px

    safe = g.safe
    ink = _ink(t)
    note = ""
    if ink.w > safe.w or ink.h > safe.h:
        fit = fit_text(
            t.text, t.font, safe.w, safe.h, max_size=t.size,
            min_size=min(t.size, min_text_px(scene.kind, g.W, g.H)[0]),
            vertical=t.vertical, line_height=t.line_height, tracking=t.tracking,
        )  # fmt: skip
        _set_block(t, fit.lines, fit.size)
        ink = _ink(t)
        note = f", set at {fit.size:.0f} px to fit it"
    dx, dy = _into(ink, safe, g.keep_out)
    _move_text(scene, t, dx, dy)
    return f"{t.id}: moved {_dist(dx, dy)} into the safe area{note}"


def _dist(dx: float, dy: float) -> str:
    parts = [f"{abs(dx):.0f} px {'right' if dx > 0 else 'left'}" if abs(dx) >= 0.5 else ""]
    parts.append(f"{abs(dy):.0f} px {'down' if dy > 0 else 'up'}" if abs(dy) >= 0.5 else "")
    return " and ".join(p for p in parts if p) or "0 px"


def _group_of(scene: Scene, layer_id: str) -> Any:
    for x in scene.layers:
        if x.kind == "group" and any(c.id == layer_id for c in x.children):
            return x
    return None


def _fix_safe_picture(scene: Scene, x: Any, g: Any, moved: dict[str, tuple[float, float]]) -> str:
    """Move a picture (with its shadow and the parts of its figure) into the safe area;
    scale it down about its centre first when it is bigger than the safe area."""
    tb = g.tight(x.id)
    if tb is None:
        return ""
    ox, oy = moved.get(x.id, (0.0, 0.0))
    tb = Box(x=tb.x + ox, y=tb.y + oy, w=tb.w, h=tb.h)
    group = _group_of(scene, x.id)
    movers = list(group.children) if group is not None else [x]
    movers += [c for m in list(movers) for c in _companions(scene, m.id) if c not in movers]
    if group is not None:
        movers += [c for c in _companions(scene, group.id) if c not in movers]
    # the ground it stands on: a decorative shape drawn under it, centred on its foot
    for y in scene.leaves():
        if (
            y.kind == "shape" and y.role in ("decoration", "shadow") and y not in movers and y.id in g.z
            and g.z[y.id] < g.z[x.id] and abs(y.box.cy - tb.bottom) <= 0.06 * g.short
            and y.box.x <= tb.cx <= y.box.right and y.box.w <= 2 * max(tb.w, 1.0) + 0.2 * g.short
        ):  # fmt: skip
            movers.append(y)
    note = ""
    k = min(1.0, g.safe.w / tb.w, g.safe.h / tb.h)
    if k < 1 and group is None:
        for m in movers:  # scaled about the picture's painted centre
            b = m.box
            m.box = Box(x=tb.cx + (b.x - tb.cx) * k, y=tb.cy + (b.y - tb.cy) * k, w=b.w * k, h=b.h * k)
        tb = Box(x=tb.cx - tb.w * k / 2, y=tb.cy - tb.h * k / 2, w=tb.w * k, h=tb.h * k)
        note = f", scaled ×{k:.2f} to fit"
    dx, dy = _into(tb, g.safe, g.keep_out)
    for m in movers:
        _shift(m, dx, dy)
        px, py = moved.get(m.id, (0.0, 0.0))
        moved[m.id] = (px + dx, py + dy)
    if group is not None:
        _shift(group, dx, dy)
    return f"{x.id}: moved {_dist(dx, dy)} into the safe area{note}"


def _fix_overlap(scene: Scene, t: TextLayer, g: Any, moved: dict[str, tuple[float, float]], need: float) -> list[str]:
    """Clear the text of what touches it: an ornament moves off the text (or is culled);
    otherwise the text takes the nearest clear place in the safe area, set smaller if
    there is none at its size."""
    from ..verify import overlaps

    c = g.clearance
    done: list[str] = []
    hits = overlaps(g, t)
    blockers: list[Box] = []
    for oid, _depth, p in hits:
        other = _find(scene, oid)
        if other is None:
            continue
        if (
            not isinstance(other, TextLayer)
            and other.role in ("decoration", "emblem")
            and _group_of(scene, oid) is None
        ):
            keep_off = [_ink(x).inset(-2 * c) for x in scene.text_layers()]
            spot = _free_spot(other.box, keep_off, g.W, g.H)
            if spot is not None:
                dx, dy = spot.x - other.box.x, spot.y - other.box.y
                for m in [other, *_companions(scene, oid)]:
                    _shift(m, dx, dy)
                done.append(f"{oid}: moved {_dist(dx, dy)}, off {t.id}")
            else:
                _drop(scene, oid)
                done.append(f"{oid}: culled, it touched {t.id}")
            continue
        ox, oy = moved.get(oid, (0.0, 0.0))
        blockers.append(Box(x=p.x + ox, y=p.y + oy, w=p.w, h=p.h))
    if not blockers:
        return done
    # everything else the text must stay clear of: what is drawn and not ground for it
    tbox = g.text_box(t)
    keep = list(blockers)
    for x in scene.leaves():
        if x.id == t.id or x.id not in g.z:
            continue
        if isinstance(x, TextLayer):
            keep.append(_ink(x))
            continue
        b = g.tight(x.id)
        if b is None or g.exempt(t, x, tbox):
            continue
        ox, oy = moved.get(x.id, (0.0, 0.0))
        keep.append(Box(x=b.x + ox, y=b.y + oy, w=b.w, h=b.h))
    ink = _ink(t)
    for k in (1.0, 0.9, 0.8, 0.7, 0.6):
        size = max(need, t.size * k)
        if k < 1 and size >= t.size:
            break
        # the painted box at this size: the glyphs keep their place in the em box
        s = size / t.size
        cand = Box(x=ink.cx + (tbox.x - ink.cx) * s, y=ink.cy + (tbox.y - ink.cy) * s, w=tbox.w * s, h=tbox.h * s)
        frame = Box(x=ink.cx - ink.w * s / 2, y=ink.cy - ink.h * s / 2, w=ink.w * s, h=ink.h * s)
        move = _clear_move(cand, frame, blockers, keep, g.safe, g.keep_out, c)
        if move is not None:
            if k < 1:
                _set_block(t, list(t.lines), size)
                t.box = Box(x=t.box.x + (ink.cx - _ink(t).cx), y=t.box.y + (ink.cy - _ink(t).cy), w=t.box.w, h=t.box.h)
            _move_text(scene, t, *move)
            names = ", ".join(repr(i) for i, _, _ in hits if _find(scene, i) is not None)
            smaller = f", set at {size:.0f} px" if k < 1 else ""
            done.append(f"{t.id}: moved {_dist(*move)} clear of {names}{smaller}")
            return done
    # nowhere for the text to go: a picture in its way steps aside instead
    for oid, _depth, _p in hits:
        other = _find(scene, oid)
        if other is None or isinstance(other, TextLayer) or _group_of(scene, oid) is not None:
            continue
        ob = g.tight(oid)
        if ob is None:
            continue
        ox, oy = moved.get(oid, (0.0, 0.0))
        ob = Box(x=ob.x + ox, y=ob.y + oy, w=ob.w, h=ob.h)
        rest = [_ink(x) for x in scene.text_layers()]
        move = _clear_move(ob, ob, [tbox], rest, g.safe, g.keep_out, c)
        if move is None:
            continue
        for m in [other, *_companions(scene, oid)]:
            _shift(m, *move)
            px, py = moved.get(m.id, (0.0, 0.0))
            moved[m.id] = (px + move[0], py + move[1])
        done.append(f"{oid}: moved {_dist(*move)}, clear of {t.id} (no room for the text to move)")
    return done


def _clear_move(
    box: Box, frame: Box, blockers: list[Box], keep: list[Box], safe: Box, keep_out: list[Box], c: float
) -> tuple[float, float] | None:
    """The shortest move (one axis) that takes the painted ``box`` clear of every
    ``blockers`` box by ``c`` and of ``keep``, its typeset ``frame`` staying in ``safe``
    and out of ``keep_out``."""
    steps: list[tuple[float, float]] = [(0.0, 0.0)]
    for k in blockers:
        steps += [(0.0, k.y - c - 1 - box.bottom), (0.0, k.bottom + c + 1 - box.y)]
        steps += [(k.x - c - 1 - box.right, 0.0), (k.right + c + 1 - box.x, 0.0)]
    for dx, dy in sorted(steps, key=lambda s: (abs(s[0]) + abs(s[1]), s)):
        b = Box(x=box.x + dx, y=box.y + dy, w=box.w, h=box.h)
        f = Box(x=frame.x + dx, y=frame.y + dy, w=frame.w, h=frame.h)
        if f.x < safe.x - 0.5 or f.y < safe.y - 0.5 or f.right > safe.right + 0.5 or f.bottom > safe.bottom + 0.5:
            continue
        if any(f.intersects(k) for k in keep_out):
            continue
        if any(b.intersects(k.inset(-c)) for k in keep):
            continue
        return dx, dy
    return None
