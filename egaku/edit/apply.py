"""Edit ops → a new scene: each op is a small diff to a deep copy of the scene.

Recolouring tints gradients and keeps a part's shading, moving and resizing keep boxes on
the canvas, a background effect replaces the one before it; the input scene is never
modified.
"""

from __future__ import annotations

from ..scene import (
    BackgroundLayer,
    Box,
    EffectLayer,
    IconLayer,
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
from .ops import (
    AddIcon,
    AddObject,
    BackgroundEffect,
    EditOp,
    Move,
    Recolor,
    Remove,
    ReplaceText,
    Resize,
    SetCamera,
)


def apply(scene: Scene, ops: list[EditOp]) -> Scene:
    """A new scene with ``ops`` applied (the input scene is not modified)."""
    new = scene.model_copy(deep=True)
    for op in ops:
        _apply(new, op)
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
    elif isinstance(op, ReplaceText):
        from ..typography import fit_text

        for tid in op.targets:
            t = scene.find(tid)
            assert isinstance(t, TextLayer)
            fit = fit_text(
                op.text,
                t.font,
                t.box.w * 1.15,
                t.box.h * 1.15,
                max_size=t.size,
                min_size=10,
                vertical=t.vertical,
                line_height=t.line_height,
                tracking=t.tracking,
            )
            t.text, t.lines, t.size = op.text, fit.lines, fit.size
    elif isinstance(op, Move):
        _move(scene, op)
    elif isinstance(op, Resize):
        objects = [scene.find(t) for t in op.targets if isinstance(scene.find(t), ObjectLayer)]
        for tid in op.targets:
            layer = scene.find(tid)
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
            nb = Box(x=b.cx - b.w * op.factor / 2, y=b.cy - b.h * op.factor / 2, w=b.w * op.factor, h=b.h * op.factor)
            layer.box = nb
            if isinstance(layer, TextLayer):
                layer.size *= op.factor
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
    for tid in op.targets:
        layer = scene.find(tid)
        b = layer.box
        if op.to == "top":
            nb = Box(x=b.x, y=m, w=b.w, h=b.h)
        elif op.to == "bottom":
            nb = Box(x=b.x, y=H - m - b.h, w=b.w, h=b.h)
        elif op.to == "left":
            nb = Box(x=0.08 * short, y=b.y, w=b.w, h=b.h)
        elif op.to == "right":
            nb = Box(x=W - 0.08 * short - b.w, y=b.y, w=b.w, h=b.h)
        else:
            nb = Box(x=W / 2 - b.w / 2, y=H * 0.45 - b.h / 2, w=b.w, h=b.h)
        dx, dy = nb.x - b.x, nb.y - b.y
        layer.box = nb
        # decoration that would now sit under the moved block moves out of its way
        for other in scene.layers:
            if other.id == tid or other.role not in ("decoration", "emblem") or other.kind in ("effect", "background"):
                continue
            ob = other.box
            if ob.w >= W * 0.9 and ob.h >= H * 0.9:
                continue  # full-canvas motifs stay
            if ob.intersects(nb.inset(-0.02 * short)):
                shift = (nb.bottom + 0.04 * short - ob.y) if op.to == "top" else (nb.y - 0.04 * short - ob.bottom)
                other.box = Box(x=ob.x, y=ob.y + shift if op.to in ("top", "bottom") else ob.y, w=ob.w, h=ob.h)
            elif other.id == "rule":  # the accent rule travels with the title
                other.box = Box(x=ob.x + dx, y=ob.y + dy, w=ob.w, h=ob.h)


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
