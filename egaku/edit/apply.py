"""Edit ops → a new scene: each op is a small diff to a deep copy of the scene.

Recolouring tints gradients and keeps a part's shading, a background effect replaces the
one before it; the input scene is never modified. Edits keep the design:

- a text moves or grows with what was composed as its decoration (its accent rule, its
  emblem on a badge, a panel that holds only it): :func:`attachments`;
- a text grows only as far as the safe area and its neighbours leave room (as big as
  fits); a text moved onto another pushes that one aside;
- after every op, ornaments (icons, small shapes) that now overlap a text are moved clear
  or culled, and particle effects get the text's new place in their ``avoid`` boxes.
"""

from __future__ import annotations

import math

from ..errors import LayoutError
from ..scene import (
    BackgroundLayer,
    Box,
    ChartLayer,
    EffectLayer,
    IconLayer,
    Layer,
    LinearGradient,
    ObjectLayer,
    PartLayer,
    RadialGradient,
    Scene,
    SceneryLayer,
    ShapeLayer,
    Solid,
    Stop,
    TextLayer,
)
from ..typography.fit import block_extent
from .ops import (
    AddIcon,
    AddObject,
    BackgroundEffect,
    EditOp,
    EditQuestion,
    Filter,
    Move,
    Recolor,
    Remove,
    ReplaceText,
    Resize,
    SetCamera,
    SetChart,
)


def apply(scene: Scene, ops: list[EditOp]) -> Scene:
    """A new scene with ``ops`` applied (the input scene is not modified)."""
    new = scene.model_copy(deep=True)
    for op in ops:
        before = boxes(new)
        _apply(new, op)
        _keep_clear(new, before, set(op.targets))
    return new


def _apply(scene: Scene, op: EditOp) -> None:
    if isinstance(op, Recolor):
        for tid in op.targets:
            layer = scene.find(tid)
            if isinstance(layer, TextLayer):
                layer.fill = op.color
            elif isinstance(layer, (PartLayer, ObjectLayer)):
                layer.color = op.color
            elif isinstance(layer, (BackgroundLayer, ShapeLayer)) and layer.fill is not None:
                layer.fill = _tint_fill(layer.fill, op.color)
            elif isinstance(layer, ChartLayer):
                layer.colors = [op.color]  # bars and lines in it; pie wedges in its tints
    elif isinstance(op, ReplaceText):
        for tid in op.targets:
            t = scene.find(tid)
            assert isinstance(t, TextLayer)
            _replace_text(scene, t, op.text)
    elif isinstance(op, Move):
        _move(scene, op)
    elif isinstance(op, Resize):
        objects = [scene.find(t) for t in op.targets if isinstance(scene.find(t), ObjectLayer)]
        for tid in op.targets:
            layer = scene.find(tid)
            if isinstance(layer, TextLayer):
                _resize_text(scene, layer, op.factor)
                continue
            b = layer.box
            owner = next((o for o in objects if tid == o.id or tid.startswith(o.id + "-")), None)
            if owner is not None:  # objects grow from where they stand; their shadow and marks with them
                ob = owner.box
                fx, fy = ob.cx, ob.bottom
                layer.box = Box(
                    x=fx + (b.x - fx) * op.factor,
                    y=fy + (b.y - fy) * op.factor,
                    w=b.w * op.factor,
                    h=b.h * op.factor,
                )
                continue
            layer.box = Box(
                x=b.cx - b.w * op.factor / 2, y=b.cy - b.h * op.factor / 2, w=b.w * op.factor, h=b.h * op.factor
            )
    elif isinstance(op, AddIcon):
        from ..icons import icon_for_emoji

        icon = icon_for_emoji(op.emoji)
        W, H = scene.canvas.width, scene.canvas.height
        short = min(W, H)
        d = {"small": 0.1, "medium": 0.16, "large": 0.24}[op.size] * short
        m = 0.07 * short
        x = m if "left" in op.corner else W - m - d
        y = m if "top" in op.corner else H - m - d
        top = max((x.z for x in scene.layers), default=0) + 10
        scene.layers.append(
            IconLayer(
                id=op.targets[0],
                name=f"icon {icon.name}",
                role="decoration",
                z=top,
                box=Box(x=x, y=y, w=d, h=d),
                code=icon.code,
                emoji=icon.emoji,
            )
        )
    elif isinstance(op, AddObject):
        _add_objects(scene, op)
    elif isinstance(op, Remove):
        gone = set(op.targets)
        scene.layers = [x for x in scene.layers if x.id not in gone]
        for g in scene.layers:
            if g.kind == "group":
                g.children = [c for c in g.children if c.id not in gone]
    elif isinstance(op, SetChart):
        for tid in op.targets:
            layer = scene.find(tid)
            if isinstance(layer, ChartLayer):
                if op.chart == "pie" and (any(v < 0 for v in layer.values) or sum(layer.values) <= 0):
                    raise EditQuestion("a pie chart needs positive values; a bar or line chart shows these")
                layer.chart = op.chart
    elif isinstance(op, Filter):
        gone = set(op.targets)
        scene.layers = [x for x in scene.layers if x.id not in gone]
        keep = set(op.keep)
        for tid in op.charts:
            layer = scene.find(tid)
            if isinstance(layer, ChartLayer):
                idx = [i for i, label in enumerate(layer.labels) if label in keep]
                if not idx:
                    raise EditQuestion(f"the chart has nothing of {op.group or 'that'} to keep")
                layer.labels = [layer.labels[i] for i in idx]
                layer.values = [layer.values[i] for i in idx]
                if len(layer.value_texts) > max(idx):
                    layer.value_texts = [layer.value_texts[i] for i in idx]
                if len(layer.colors) > 2 and len(layer.colors) > max(idx):
                    layer.colors = [layer.colors[i] for i in idx]
    elif isinstance(op, BackgroundEffect):
        _background_effect(scene, op)
    elif isinstance(op, SetCamera):
        if op.angle:
            scene.camera.angle = op.angle
        if op.shot:
            scene.camera.shot = op.shot


def _tint_fill(fill: object, color: str) -> Solid | LinearGradient | RadialGradient:
    from ..compose.base import mix

    if isinstance(fill, Solid):
        return Solid(color=color)
    assert isinstance(fill, (LinearGradient, RadialGradient))
    stops = [
        Stop(offset=s.offset, color=mix(color, "#FFFFFF" if i == 0 else "#000000", 0.12 * i), opacity=s.opacity)
        for i, s in enumerate(fill.stops)
    ]
    return fill.model_copy(update={"stops": stops})


def _move_objects(scene: Scene, op: Move) -> list[str]:
    """Drawn objects move along the ground (left, right, centre) or up and down as a whole,
    with their shadows and marks; returns the ids it moved."""
    W, H = scene.canvas.width, scene.canvas.height
    m = 0.06 * min(W, H)
    objs = [o for o in (scene.find(t) for t in op.targets) if isinstance(o, ObjectLayer)]
    if not objs:
        return []
    x0 = min(o.box.x for o in objs)
    x1 = max(o.box.right for o in objs)
    y0 = min(o.box.y for o in objs)
    y1 = max(o.box.bottom for o in objs)
    dx = dy = 0.0
    if op.to == "left":
        dx = m - x0
    elif op.to == "right":
        dx = W - m - x1
    elif op.to == "center":
        dx = W / 2 - (x0 + x1) / 2
    elif op.to == "top":
        dy = m - y0
    elif op.to == "bottom":
        dy = H - m - y1
    moved = []
    for tid in op.targets:
        layer = scene.find(tid)
        b = layer.box
        layer.box = Box(x=b.x + dx, y=b.y + dy, w=b.w, h=b.h)
        moved.append(tid)
    return moved


def _add_objects(scene: Scene, op: AddObject) -> None:
    """New copies of a subject beside the ones drawn: the same size and ground line (or
    the air, for things that fly), in the free stretches of the ground."""
    from ..compose.picture import _aspect, _flies_asset, _shadow, shadow_layer

    W, H = scene.canvas.width, scene.canvas.height
    objs = [x for x in scene.leaves() if isinstance(x, ObjectLayer) and x.role in ("subject", "motif")]
    same = [o for o in objs if o.asset == op.asset]
    ref = same[-1] if same else (objs[-1] if objs else None)
    style = ref.style if ref is not None else "flat"
    asp = _aspect(op.asset, style)
    h = ref.box.h if same and ref is not None else (ref.box.h if ref is not None else H * 0.3)
    w = asp * h
    air = (same[-1].box.bottom < H * 0.55) if same else _flies_asset(op.asset)
    ground = ref.box.bottom if ref is not None and not air else H * 0.85
    taken = [o.box for o in objs]
    z = max((x.z for x in scene.leaves()), default=0) + 1
    top_z = max((x.z for x in scene.layers if x.kind == "text"), default=z + 100)
    z = min(z, top_z - 2 * len(op.targets) - 1) if top_z > z else z
    margin = 0.05 * W
    for lid in op.targets:
        spot = None
        y = (same[-1].box.y if same and air else H * 0.14) if air else ground - h
        for step in range(0, 41):
            x = margin + (W - 2 * margin - w) * step / 40
            box = Box(x=x, y=y, w=w, h=h)
            if not any(box.intersects(t.inset(min(t.w, t.h) * 0.08)) for t in taken):
                spot = box
                break
        if spot is None:  # no room: a step nearer, overlapping a little
            k = len(taken)
            spot = Box(x=margin + (k * w * 0.7) % max(1.0, W - 2 * margin - w), y=y + 0.04 * H, w=w, h=h)
        if not air:
            scene.layers.append(shadow_layer(lid, op.depicts, z, _shadow(spot.cx, spot.bottom, spot.w)))
        scene.layers.append(
            ObjectLayer(
                id=lid,
                name=op.depicts,
                role="subject",
                z=z + 1,
                box=spot,
                depicts=op.depicts,
                asset=op.asset,
                style=style,
                color=op.color,
                flip=same[-1].flip if same else False,
            )
        )
        taken.append(spot)
        z += 2


def _move(scene: Scene, op: Move) -> None:
    if _move_objects(scene, op):
        return
    W, H = scene.canvas.width, scene.canvas.height
    short = min(W, H)
    m = 0.08 * short if scene.kind != "phone_wallpaper" else 0.13 * H
    texts = [t for t in op.targets if isinstance(scene.find(t), TextLayer)]
    # a text moves with its rule and emblem, as one block: their offsets to it stay
    group = list(op.targets) + [a for a in attachments(scene, texts) if a not in op.targets]
    layers = [scene.find(i) for i in group]
    gb = union([x.box for x in layers])
    dx = dy = 0.0
    if op.to == "top":
        dy = m - gb.y
    elif op.to == "bottom":
        dy = H - m - gb.bottom
    elif op.to == "left":
        dx = 0.08 * short - gb.x
    elif op.to == "right":
        dx = W - 0.08 * short - gb.right
    else:
        dx, dy = W / 2 - gb.cx, H * 0.45 - gb.cy
    for x in layers:
        _shift(x, dx, dy)
    if texts:
        _make_room(scene, set(group), union([x.box for x in layers]), op.to)


def _background_effect(scene: Scene, op: BackgroundEffect) -> None:
    targets = set(op.targets)
    scenery = [x for x in scene.leaves() if isinstance(x, SceneryLayer) and x.id in targets]
    if scenery:
        for s in scenery:
            if op.effect in ("rain", "downpour", "snow"):
                s.weather = op.effect
            elif op.effect in ("night", "sunset"):
                s.time_of_day = op.effect
            elif op.effect == "dark":
                s.time_of_day = "night"
        if op.effect in ("rain", "downpour", "snow"):
            # particles belong to the background: just above the scenery, under everything else
            W, H = scene.canvas.width, scene.canvas.height
            top = max(s.z for s in scenery)
            scene.layers = [x for x in scene.layers if not (isinstance(x, EffectLayer) and x.id == "weather")]
            scene.layers.append(
                EffectLayer(
                    id="weather",
                    name=op.effect,
                    role="background",
                    z=top + 1,
                    box=Box(x=0, y=0, w=W, h=H),
                    effect="snow" if op.effect == "snow" else "rain",
                    density=3.5 if op.effect == "downpour" else 1.2,
                    seed=scene.canvas.seed,
                )
            )
        return
    from ..compose.base import mix

    for layer in scene.leaves():
        if layer.id in targets and isinstance(layer, BackgroundLayer):
            toward, t = {
                "dark": ("#0B1026", 0.78),
                "night": ("#0B1026", 0.85),
                "sunset": ("#F28C50", 0.5),
                "light": ("#FFFFFF", 0.7),
                "rain": ("#4B5563", 0.6),
                "downpour": ("#374151", 0.7),
                "snow": ("#E5E7EB", 0.6),
            }[op.effect]
            fill = layer.fill
            if isinstance(fill, Solid):
                layer.fill = Solid(color=mix(fill.color, toward, t))
            else:
                layer.fill = fill.model_copy(
                    update={"stops": [s.model_copy(update={"color": mix(s.color, toward, t)}) for s in fill.stops]}
                )


# Keeping the design --------------------------------------------------------------------

ATTACHED = ("rule", "underline", "badge", "emblem", "title-panel")
"""Ids the composer gives a text's own decoration (templates: the accent rule under the
title, the emblem on its badge beside the text block; layouts: the title's panel)."""

ORNAMENT_AREA = 0.06
"""An icon or shape smaller than this share of the canvas is an ornament: it keeps off
the text. Larger shapes (motif circles, rays, panels) sit behind the text by design."""


def boxes(scene: Scene) -> dict[str, Box]:
    """Every leaf's box by id."""
    return {x.id: x.box for x in scene.leaves()}


def safe_area(scene: Scene) -> Box:
    """DESIGN-CRAFT's safe area (7 % of the short side; a phone keeps its top 12 % for the
    clock and bottom 8 % for the home bar), as the composer uses it."""
    W, H = scene.canvas.width, scene.canvas.height
    m = 0.07 * min(W, H)
    if scene.kind == "phone_wallpaper":
        return Box(x=m, y=0.12 * H, w=W - 2 * m, h=H - 0.2 * H)
    return Box(x=m, y=m, w=W - 2 * m, h=H - 2 * m)


def union(bs: list[Box]) -> Box:
    x0, y0 = min(b.x for b in bs), min(b.y for b in bs)
    x1, y1 = max(b.right for b in bs), max(b.bottom for b in bs)
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)


def gap(a: Box, b: Box) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(0.0, a.x - b.right, b.x - a.right)
    dy = max(0.0, a.y - b.bottom, b.y - a.bottom)
    return math.hypot(dx, dy)


def _contains(outer: Box, inner: Box, tol: float = 1.0) -> bool:
    return (
        outer.x - tol <= inner.x
        and outer.y - tol <= inner.y
        and inner.right <= outer.right + tol
        and inner.bottom <= outer.bottom + tol
    )


def _shift(layer: Layer, dx: float, dy: float) -> None:
    b = layer.box
    layer.box = Box(x=b.x + dx, y=b.y + dy, w=b.w, h=b.h)


def attachments(scene: Scene, text_ids: list[str]) -> list[str]:
    """The decoration composed for the texts ``text_ids``: their accent rule, underline,
    emblem and its badge, and a panel that holds only them. The composer does not link
    them, so they are found by id and place: a rule or emblem goes with the title when it
    sits within a fifth of the short side of it, else with the nearest text that close;
    what sits on an attached layer (the emblem on its badge) goes with that layer."""
    texts = scene.text_layers()
    if not texts or not text_ids:
        return []
    want = set(text_ids)
    short = min(scene.canvas.width, scene.canvas.height)
    title = next((t for t in texts if t.role == "title" or t.id == "title"), None)
    owner: dict[str, str] = {}
    deco = [
        x
        for x in scene.leaves()
        if not isinstance(x, TextLayer)
        and x.role in ("decoration", "emblem")
        and (x.id in ATTACHED or x.id.endswith(("-rule", "-underline", "-badge", "-panel")))
    ]
    for x in sorted(deco, key=lambda d: -d.box.w * d.box.h):  # badges before what sits on them
        host = next((owner[o.id] for o in deco if o.id in owner and _contains(o.box, x.box) and o is not x), None)
        if host is not None:
            owner[x.id] = host
            continue
        holds = [t for t in texts if _contains(x.box, t.box)]
        if holds:  # a panel: it goes only when everything on it goes
            if all(t.id in want for t in holds):
                owner[x.id] = holds[0].id
            continue
        prefix = next((t for t in texts if x.id.startswith(t.id + "-")), None)
        if prefix is not None:
            owner[x.id] = prefix.id
        elif title is not None and gap(x.box, title.box) <= 0.2 * short:
            owner[x.id] = title.id
        else:
            near = min(texts, key=lambda t: gap(x.box, t.box))
            if gap(x.box, near.box) <= 0.2 * short:
                owner[x.id] = near.id
    return [x.id for x in deco if owner.get(x.id) in want]


def _make_room(scene: Scene, fixed: set[str], block: Box, to: str) -> None:
    """What the moved block now overlaps steps aside: each other text with its own
    decoration, and a design's hero picture as a whole (its subjects, their shadows, the
    ground under them; never the subjects of a drawn place, which stand on its ground).
    Above the block when it went to the bottom, below it when it went to the top, else to
    the nearer side; nearest first, each clear of the ones placed before it, and only
    where it stays on the canvas."""
    W, H = scene.canvas.width, scene.canvas.height
    g = 0.04 * min(W, H)
    groups: list[list[str]] = []
    for t in scene.text_layers():
        if t.id not in fixed:
            groups.append([t.id] + [a for a in attachments(scene, [t.id]) if a not in fixed])
    leaves = scene.leaves()
    if not any(isinstance(x, SceneryLayer) for x in leaves):
        subjects = [x.id for x in leaves if isinstance(x, ObjectLayer) and x.role in ("subject", "motif")]
        picture = [
            x.id
            for x in leaves
            if x.id in subjects or x.id == "hero-ground" or any(x.id.startswith(s + "-") for s in subjects)
        ]
        if subjects and not fixed & set(picture):
            groups.append(picture)
    placed = [block]
    groups.sort(key=lambda ids: gap(union([scene.find(i).box for i in ids]), block))
    for ids in groups:
        layers = [scene.find(i) for i in ids]
        for _ in range(len(placed) + 1):
            ob = union([x.box for x in layers])
            hit = next((p for p in placed if ob.intersects(p.inset(-g))), None)
            if hit is None:
                break
            up, down = hit.y - g - ob.bottom, hit.bottom + g - ob.y
            first = up if (to == "bottom" or (to != "top" and ob.cy < hit.cy)) else down
            second = down if first == up else up
            fits = [d for d in (first, second) if ob.y + d >= 0 and ob.bottom + d <= H]
            if not fits:
                break  # no room on the canvas: it stays, and verify says what overlaps
            for x in layers:
                _shift(x, 0.0, fits[0])
        placed.append(union([x.box for x in layers]))
        fixed.update(ids)


def _text_room(scene: Scene, t: TextLayer, atts: list[Layer]) -> Box:
    """Where ``t`` may grow: the safe area, less what stands beside it (other texts with
    their decoration, pictures, charts; each limits the side it is furthest along), less
    the room its own decoration needs."""
    safe = safe_area(scene)
    g = 0.03 * min(scene.canvas.width, scene.canvas.height)
    old = t.box
    x0, y0, x1, y1 = safe.x, safe.y, safe.right, safe.bottom
    mine = {t.id, *(a.id for a in atts)}
    blocks = [
        union([o.box] + [scene.find(a).box for a in attachments(scene, [o.id])])
        for o in scene.text_layers()
        if o.id != t.id
    ]
    blocks += [
        x.box
        for x in scene.leaves()
        if isinstance(x, (ObjectLayer, PartLayer, ChartLayer)) and x.role != "shadow" and x.id not in mine
    ]
    for ob in blocks:
        if ob.intersects(old):
            continue  # drawn under or over it by design
        dx = max(ob.x - old.right, old.x - ob.right)
        dy = max(ob.y - old.bottom, old.y - ob.bottom)
        if dy >= dx:
            if ob.bottom <= old.y:
                y0 = max(y0, ob.bottom + g)
            else:
                y1 = min(y1, ob.y - g)
        elif ob.right <= old.x:
            x0 = max(x0, ob.right + g)
        else:
            x1 = min(x1, ob.x - g)
    a_boxes = [a.box for a in atts]
    x0 += max([0.0] + [old.x - b.x for b in a_boxes])
    x1 -= max([0.0] + [b.right - old.right for b in a_boxes])
    y0 += max([0.0] + [old.y - b.y for b in a_boxes])
    y1 -= max([0.0] + [b.bottom - old.bottom for b in a_boxes])
    return Box(x=x0, y=y0, w=max(0.0, x1 - x0), h=max(0.0, y1 - y0))


def _place(t: TextLayer, old: Box, w: float, h: float, room: Box, safe: Box) -> Box:
    """A box of w×h for ``t`` where it was (centred, or anchored by its alignment or by the
    safe area's edge it was set against), kept inside ``room`` when it fits there."""
    if t.vertical or t.align == "center":
        x = old.cx - w / 2
        if abs(old.x - safe.x) < 1 and abs(old.right - safe.right) >= 1:
            x = old.x  # a block set against the left edge stays there
        elif abs(old.right - safe.right) < 1 and abs(old.x - safe.x) >= 1:
            x = old.right - w
    elif t.align == "start":
        x, w = old.x, max(w, old.w)
    else:
        x, w = old.right - max(w, old.w), max(w, old.w)
    y = old.cy - h / 2
    if w <= room.w + 0.5:
        x = min(max(x, room.x), room.right - w)
    if h <= room.h + 0.5:
        y = min(max(y, room.y), room.bottom - h)
    return Box(x=x, y=y, w=w, h=h)


def _follow(atts: list[Layer], old: Box, new: Box, tol: float) -> None:
    """Decoration keeps its place relative to the edge of the text it sits by, or is set
    against (within ``tol``): a rule under a title keeps its gap to the title's foot, a
    rule beside a column its place at the column's head."""

    def step(a0: float, a1: float, lo: float, hi: float, n_lo: float, n_hi: float) -> float:
        if abs(a0 - lo) <= tol or (a0 + a1) / 2 < lo:
            return n_lo - lo
        if abs(a1 - hi) <= tol or (a0 + a1) / 2 > hi:
            return n_hi - hi
        return (n_lo + n_hi) / 2 - (lo + hi) / 2

    for a in atts:
        b = a.box
        dx = step(b.x, b.right, old.x, old.right, new.x, new.right)
        dy = step(b.y, b.bottom, old.y, old.bottom, new.y, new.bottom)
        _shift(a, dx, dy)


def _resize_text(scene: Scene, t: TextLayer, factor: float) -> None:
    """A text made bigger grows as far as fits (the safe area, its neighbours, its own
    decoration), the same lines if they fit, else broken again; smaller shrinks in place.
    Its rule and emblem keep their distance to it."""
    from ..typography import fit_text

    atts = [scene.find(a) for a in attachments(scene, [t.id])]
    old = t.box
    room = _text_room(scene, t, atts)
    want = t.size * factor
    bw, bh = block_extent(t.lines, t.font, t.size, t.vertical, t.line_height, t.tracking)
    k = min(factor, room.w / bw if bw else factor, room.h / bh if bh else factor)
    size, lines = t.size * k, list(t.lines)
    if factor > 1:
        try:
            fit = fit_text(
                t.text,
                t.font,
                room.w,
                room.h,
                max_size=want,
                min_size=min(t.size, want),
                vertical=t.vertical,
                line_height=t.line_height,
                tracking=t.tracking,
                max_lines=max(len(t.lines), 3),
            )
            if fit.size > size + 0.5:
                size, lines = fit.size, fit.lines
        except LayoutError:
            pass
        if size < t.size:  # "bigger" never shrinks: no room means it stays as it is
            size, lines = t.size, list(t.lines)
    size = math.floor(size * 2) / 2  # half-pixel steps, as the fitter makes them
    w, h = block_extent(lines, t.font, size, t.vertical, t.line_height, t.tracking)
    new = _place(t, old, w, h, room, safe_area(scene))
    t.size, t.lines, t.box = size, lines, new
    _follow(atts, old, new, 0.1 * t.size)


def _replace_text(scene: Scene, t: TextLayer, text: str) -> None:
    """New words in the old place: fitted to the old box (15 % of slack), never beyond the
    safe area, at most the old size; its rule and emblem keep their distance to it."""
    from ..typography import fit_text

    safe = safe_area(scene)
    old = t.box
    bw = min(old.w * 1.15, safe.w) if not t.vertical else old.w * 1.15
    bh = old.h * 1.15 if not t.vertical else min(old.h * 1.15, safe.h)
    fit = fit_text(
        text,
        t.font,
        bw,
        bh,
        max_size=t.size,
        min_size=min(10.0, t.size),
        vertical=t.vertical,
        line_height=t.line_height,
        tracking=t.tracking,
    )
    t.ruby = []  # new words: the old readings (furigana) belong to the old ones
    t.text, t.lines, t.size = text, fit.lines, fit.size
    t.box = _place(t, old, fit.width, fit.height, safe, safe)
    _follow([scene.find(a) for a in attachments(scene, [t.id])], old, t.box, 0.1 * t.size)


def _keep_clear(scene: Scene, before: dict[str, Box], asked: set[str]) -> None:
    """After an op: ornaments that now overlap a text move clear of it (the smallest step
    that clears every text) or, with nowhere to go, are culled; particle effects move their
    ``avoid`` boxes with the texts and decoration they protect."""
    now = boxes(scene)
    moved = {i for i, b in before.items() if now.get(i) != b} | {i for i in now if i not in before}
    texts = scene.text_layers()
    if not moved or not texts:
        return
    W, H = scene.canvas.width, scene.canvas.height
    short = min(W, H)
    pad = 0.02 * short
    attached = set(attachments(scene, [t.id for t in texts]))
    guards = {t.id: t.box.inset(-pad) for t in texts}
    keep_off = list(guards.values()) + [scene.find(a).box for a in attached]
    # 1. Ornaments.
    for x in list(scene.leaves()):
        if not isinstance(x, (IconLayer, ShapeLayer)) or x.role not in ("decoration", "emblem") or x.id in attached:
            continue
        if x.box.w * x.box.h > ORNAMENT_AREA * W * H:
            continue
        was = before.get(x.id)
        fresh = [
            tid
            for tid, g in guards.items()
            if x.box.intersects(g)
            and (tid in moved or x.id in moved)
            and not (was is not None and tid in before and was.intersects(before[tid].inset(-pad)))
        ]
        if not fresh:
            continue
        spot = _free_spot(x.box, keep_off, W, H)
        if spot is not None:
            x.box = spot
        elif x.id not in asked:  # nowhere clear to go: an ornament is not worth covering the text
            _drop(scene, x.id)
    # 2. Particles.
    for e in [x for x in scene.leaves() if isinstance(x, EffectLayer) and x.role == "decoration" and x.avoid]:
        avoid: list[Box] = []
        for a in e.avoid:
            owner = next((i for i in moved if i in before and _avoid_of(a, before[i], short)), None)
            if owner is None:
                avoid.append(a)
            elif owner in now:
                ob, nb = before[owner], scene.find(owner).box
                if _contains(a, nb):  # still inside its old clearing: the particles stay as they were
                    avoid.append(a)
                    continue
                avoid.append(
                    Box(x=nb.x - (ob.x - a.x), y=nb.y - (ob.y - a.y), w=nb.w + a.w - ob.w, h=nb.h + a.h - ob.h)
                )
        for b in [x.box for x in [*texts, *(scene.find(a) for a in attached)] if x.id in moved]:
            if e.box.intersects(b) and not any(_contains(a, b) for a in avoid):
                avoid.append(b.inset(-0.04 * short))
        if avoid != e.avoid:
            e.avoid = avoid


def _avoid_of(a: Box, b: Box, short: float) -> bool:
    """Whether the avoid box ``a`` was made for a layer at ``b`` (it holds ``b`` with a
    margin of at most a tenth of the short side)."""
    return _contains(a, b) and a.w - b.w <= 0.2 * short and a.h - b.h <= 0.2 * short


def _free_spot(box: Box, keep_off: list[Box], W: int, H: int) -> Box | None:
    """The nearest place for ``box`` (one step along x or y) that overlaps none of
    ``keep_off`` and is as much on the canvas as it was."""

    def on_canvas(b: Box) -> float:
        w = max(0.0, min(b.right, W) - max(b.x, 0.0))
        h = max(0.0, min(b.bottom, H) - max(b.y, 0.0))
        return w * h / max(1e-9, b.w * b.h)

    need = min(1.0, on_canvas(box)) - 0.01
    steps: list[tuple[float, float]] = []
    for k in keep_off:
        steps += [(0.0, k.y - box.bottom - 1), (0.0, k.bottom - box.y + 1)]
        steps += [(k.x - box.right - 1, 0.0), (k.right - box.x + 1, 0.0)]
    for dx, dy in sorted(steps, key=lambda s: abs(s[0]) + abs(s[1])):
        cand = Box(x=box.x + dx, y=box.y + dy, w=box.w, h=box.h)
        if on_canvas(cand) >= need and not any(cand.intersects(k) for k in keep_off):
            return cand
    return None


def _drop(scene: Scene, layer_id: str) -> None:
    scene.layers = [x for x in scene.layers if x.id != layer_id]
    for g in scene.layers:
        if g.kind == "group":
            g.children = [c for c in g.children if c.id != layer_id]
