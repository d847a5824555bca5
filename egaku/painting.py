"""Painted layers: a diffusion model paints the picture, egaku keeps text and edits exact.

    paint_scene(scene, intent, painter, trace) -> Scene   the plan → a prompt → a RasterLayer
    repaint(before, after, painter, trace)     -> Scene   an edit of a painted region → inpainting
    describe(scene, intent)                    -> prompt  subjects, relations, setting, camera, style

The composed scene is the plan made visible: its setting, subjects and decoration layers
are painted by the model as one :class:`~egaku.scene.RasterLayer`, and stay in the scene
invisible (opacity 0) as *footprints*: where the koala is, where its shirt is. Text,
icons, charts and panels stay vector layers above the painting, exact.

Text areas are kept calm twice: the prompt asks for plain space where the text goes (and
the negative prompt for no lettering), and the painted pixels under each text area are
softened (a feathered blur) before the text is drawn; verify then measures contrast and
reads the text on the painted pixels, and the repair round puts a panel behind text that
still does not read.

An edit that changes a footprint (recolour the shirt, remove the dog, another setting)
repaints only under a mask built from the scene: the old and new footprints of what
changed, or for the setting everything but the subjects and the text. The composite
takes the old pixels outside the mask, so they stay bit-identical. A camera change
repaints the whole picture with the same seed and the new description.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image, ImageFilter

from .errors import InputError
from .scene import (
    BackgroundLayer,
    Box,
    EffectLayer,
    GroupLayer,
    Layer,
    ObjectLayer,
    PartLayer,
    RasterLayer,
    Scene,
    SceneryLayer,
    ShapeLayer,
)

if TYPE_CHECKING:
    from .plan import PicturePlan, SubjectPlan
    from .render.diffusion import Painted, Painter
    from .understand import Intent, Trace

__all__ = ["PAINTING_ID", "describe", "footprint", "paint_scene", "painting", "repaint", "replay"]

PAINTING_ID = "painting"
PAINTED_SHAPE_ROLES = ("background", "shadow", "decoration", "subject", "motif")
STYLE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("photo", "photograph", "realistic", "写真", "リアル", "実写"), "a realistic photograph"),
    (("watercolor", "watercolour", "水彩"), "a watercolor painting"),
    (("oil painting", "油絵", "油彩"), "an oil painting"),
    (("anime", "アニメ", "manga", "漫画"), "an anime illustration"),
    (("ukiyo", "浮世絵"), "an ukiyo-e woodblock print"),
    (("pixel", "ドット絵"), "pixel art"),
    (("pencil", "sketch", "鉛筆", "スケッチ"), "a pencil sketch"),
    (("3d", "render", "cg"), "a 3D render"),
)
PLACES = {
    "beach": "on a sunny beach by the sea",
    "meadow": "on a green meadow",
    "snowfield": "on a snowfield",
    "ice": "on the ice",
    "stage": "on a stage",
    "moon": "on the moon",
    "space": "in outer space",
    "sky": "in the sky",
    "sea": "at sea",
    "underwater": "underwater",
    "mountain": "in the mountains",
    "windowsill": "on a windowsill",
    "desert": "in a desert",
}
DEFAULT_STYLE = "a detailed painterly illustration"
FLAT_STYLE = {"flat": "", "outline": "clean line art", "hand": "a hand-drawn illustration"}
ANGLE = {"eye": "", "high": "seen from above, high angle", "low": "seen from below, low angle"}
SHOT = {"close": "close-up shot", "medium": "", "wide": "wide shot"}


# 1. What is painted ---------------------------------------------------------------------------


def is_painted(layer: Layer) -> bool:
    """Whether the painter paints this leaf: the setting, subjects, shadows and decoration;
    never text, icons, charts or panels."""
    if isinstance(layer, (BackgroundLayer, SceneryLayer, ObjectLayer, PartLayer, EffectLayer)):
        return True
    return isinstance(layer, ShapeLayer) and layer.role in PAINTED_SHAPE_ROLES


def painting(scene: Scene) -> RasterLayer | None:
    """The scene's painted layer, if it has one."""
    for layer in scene.leaves():
        if isinstance(layer, RasterLayer):
            return layer
    return None


def _color_word(hex_color: str | None) -> str:
    if not hex_color:
        return ""
    from .render.figures.color import _color_name

    return _color_name(hex_color)


def _plural(noun: str, k: int) -> str:
    words = {1: "a", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    if k == 1:
        return ("an " if noun[:1] in "aeiou" else "a ") + noun
    tail = noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")
    return f"{words.get(k, str(k))} {tail}"


def describe(scene: Scene, intent: Intent | None = None) -> str:
    """The painting prompt from the scene (what it shows now, edits included) and the
    plan (relations, event, season, style): one comma-separated description."""
    # subjects: objects by what they depict (counted), characters with what they wear
    subjects: Counter[str] = Counter()
    plan = intent.plan if intent is not None else None
    for layer in scene.layers:
        if isinstance(layer, ObjectLayer) and layer.role in ("subject", "motif"):
            planned = _planned(plan, layer.id)  # the plan's own words: 'cherry tree', 'cute'
            what = planned.what if planned is not None else layer.depicts
            adjectives = [a for a in (planned.attributes if planned is not None else []) if a.isascii()]
            bits = [*adjectives, _color_word(layer.color), layer.action if layer.action != "none" else "", what]
            subjects[" ".join(b for b in bits if b)] += 1
        elif isinstance(layer, GroupLayer):
            parts = [k for k in layer.children if isinstance(k, PartLayer)]
            body = next((p for p in parts if p.part.endswith("/body")), None)
            if body is None:
                continue
            species = body.species or body.part.split("/")[0]
            worn = [
                " ".join(
                    b
                    for b in (
                        _color_word(p.color),
                        p.pattern if p.pattern != "none" else "",
                        p.part.split("/")[1].replace("_", " "),
                    )
                    if b
                )
                for p in parts
                if p is not body and p.role != "shadow" and not p.part.endswith("/shadow")
            ]
            pose = "sitting " if body.pose == "sitting" else ""
            subjects[f"{pose}{species}" + (f" wearing {' and '.join(worn)}" if worn else "")] += 1
    # the medium and what is in it first, then the camera: a CLIP encoder reads 77 tokens
    things = " and ".join(_plural(what, k) for what, k in subjects.items())
    cam = scene.camera
    style = _style(intent)
    bits = [f"{style} of {things}" if things else style]
    bits += [b for b in (ANGLE[cam.angle], SHOT[cam.shot]) if b]
    if plan is not None:
        names = {s.id: s.what for s in plan.subjects}
        for r in plan.relations:
            if r.subject in names and (r.object in names or r.object == "setting"):
                obj = names.get(r.object, "the ground")
                bits.append(f"the {names[r.subject]} {r.relation.replace('_', ' ')} the {obj}")
        # words no library subject draws: a painter can (style words go to the style)
        styled = {w for words, _ in STYLE_WORDS for w in words}
        bits += [w for w in plan.unmatched if w.isascii() and w.lower() not in styled]
    # the setting as the scenery layers draw it
    scenery = next((ly for ly in scene.leaves() if isinstance(ly, SceneryLayer)), None)
    if scenery is not None:
        where = PLACES.get(scenery.setting, f"in a {scenery.setting}")
        when = {"day": "", "morning": "in the morning", "sunset": "at sunset", "night": "at night"}[scenery.time_of_day]
        weather = {"clear": "", "cloudy": "cloudy sky", "rain": "rain", "downpour": "heavy rain", "snow": "snowing"}[
            scenery.weather
        ]
        bits += [b for b in (where, when, weather) if b]
    elif any(isinstance(ly, BackgroundLayer) for ly in scene.leaves()):
        bits.append("on a plain studio background")
        if plan is not None:
            st = plan.setting
            bits += [
                b
                for b in (
                    st.time_of_day if st.time_of_day != "day" else "",
                    st.weather if st.weather != "clear" else "",
                )
                if b
            ]
    if plan is not None:
        if plan.setting.event:
            bits.append(plan.setting.event.replace("_", " "))
        if plan.setting.season:
            bits.append(plan.setting.season)
    if style == "a realistic photograph":
        bits.append("natural light, sharp focus")
    return ", ".join(b for b in bits if b)


def _planned(plan: PicturePlan | None, layer_id: str) -> SubjectPlan | None:
    """The plan's subject an object layer draws (its id is the subject's slug, -k for copies)."""
    if plan is None:
        return None
    from .compose.picture import slug

    for subject in plan.subjects:
        base = slug(subject.what)
        if layer_id == base or (layer_id.startswith(base + "-") and layer_id[len(base) + 1 :].isdigit()):
            return subject
    return None


def _style(intent: Intent | None) -> str:
    if intent is None:
        return DEFAULT_STYLE
    low = intent.prompt.lower()
    for words, style in STYLE_WORDS:
        if any(w in low for w in words):
            return style
    plan = intent.plan
    if plan is not None and FLAT_STYLE.get(plan.style):
        return FLAT_STYLE[plan.style]
    return DEFAULT_STYLE


# 2. Where text goes ---------------------------------------------------------------------------


def text_areas(scene: Scene) -> list[Box]:
    """Where each text layer paints (panel included), in canvas px."""
    from .render.svg import bounds

    W, H = scene.canvas.width, scene.canvas.height
    out = []
    for t in scene.text_layers():
        b = bounds(t)
        x0, y0 = max(0.0, b.x), max(0.0, b.y)
        x1, y1 = min(float(W), b.right), min(float(H), b.bottom)
        if x1 > x0 and y1 > y0:
            out.append(Box(x=round(x0), y=round(y0), w=round(x1 - x0), h=round(y1 - y0)))
    return out


def _calm_phrase(areas: list[Box], height: int) -> str:
    if not areas:
        return ""
    where = sorted({("top", "middle", "bottom")[min(2, int(3 * b.cy / height))] for b in areas})
    return f"plain uncluttered space at the {' and '.join(where)} of the picture"


def calm(image: Image.Image, areas: list[Box]) -> Image.Image:
    """Soften the painting under each text area: a blur that fades out over a margin, so
    the text sits on quiet paint and the painting has no hard edge around it."""
    out = image.convert("RGB")
    for b in areas:
        r = max(4.0, 0.06 * min(b.w, b.h))
        margin = int(2 * r)
        x0, y0 = max(0, int(b.x) - margin), max(0, int(b.y) - margin)
        x1, y1 = min(out.width, int(b.right) + margin), min(out.height, int(b.bottom) + margin)
        if x1 <= x0 or y1 <= y0:
            continue
        region = out.crop((x0, y0, x1, y1))
        soft = region.filter(ImageFilter.GaussianBlur(r))
        mask = Image.new("L", region.size, 0)
        mask.paste(255, (int(b.x) - x0, int(b.y) - y0, int(b.right) - x0, int(b.bottom) - y0))
        mask = mask.filter(ImageFilter.GaussianBlur(r / 2))
        out.paste(Image.composite(soft, region, mask), (x0, y0))
    return out


# 3. Painting a scene ---------------------------------------------------------------------------


def _png_b64(img: Image.Image) -> tuple[str, str]:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=6)
    data = buf.getvalue()
    return base64.b64encode(data).decode("ascii"), hashlib.sha256(data).hexdigest()


def decode_png(data: str) -> Image.Image:
    img = Image.open(io.BytesIO(base64.b64decode(data)))
    img.load()
    return img


def _record(painted: Painted, image: Image.Image, **extra: Any) -> dict[str, Any]:
    png, sha = _png_b64(image)
    return {
        "png": png,
        "sha256": sha,
        "prompt": painted.prompt,
        "negative_prompt": painted.negative_prompt,
        "model": painted.model,
        "pipeline": painted.pipeline,
        "scheduler": painted.scheduler,
        "steps": painted.steps,
        "guidance": painted.guidance,
        "seed": painted.seed,
        "strength": painted.strength,
        "device": painted.device,
        "dtype": painted.dtype,
        **extra,
    }


def _hide(layers: list[Layer], ids: set[str]) -> None:
    for layer in layers:
        if layer.id in ids:
            layer.opacity = 0.0
        if isinstance(layer, GroupLayer):
            _hide(layer.children, ids)


def paint_scene(scene: Scene, intent: Intent | None, painter: Painter, trace: Trace) -> Scene:
    """The scene with its setting, subjects and decoration painted by ``painter`` as one
    raster layer under the text, icons and charts (which stay exact vectors)."""
    covers = [ly.id for ly in scene.leaves() if is_painted(ly) and ly.opacity > 0]
    if not covers:
        trace.add("paint", "nothing to paint", "the design has no setting or subject layers")
        return scene
    new = scene.model_copy(deep=True)
    W, H = new.canvas.width, new.canvas.height
    areas = text_areas(new)
    prompt = describe(new, intent)
    phrase = _calm_phrase(areas, H)
    full = ", ".join(b for b in (prompt, phrase) if b)
    trace.add("paint", f"prompt: {full!r}", "the plan's subjects, relations, setting, camera and style")
    painted = painter.paint(full, W, H, seed=new.canvas.seed)
    image = calm(painted.image, areas)
    if areas:
        trace.add(
            "paint",
            f"text areas kept calm: {len(areas)} ({phrase})",
            "the prompt asks for plain space there, and the painted pixels under the text are softened",
        )
    trace.add(
        "paint",
        f"{painted.pipeline} from {painted.model!r}: {painted.steps} steps, guidance {painted.guidance:g}, "
        f"seed {painted.seed}, {painted.device}/{painted.dtype}, painted at {painted.painted_size[0]}×"
        f"{painted.painted_size[1]}"
        + ("" if painted.painted_size == (W, H) else f" (the model's native area) and fitted to {W}×{H}"),
        "the painter chosen with --painter diffusers",
    )
    ids = set(covers)
    z = min(ly.z for ly in new.layers if ly.id in ids or _has_leaf(ly, ids))
    _hide(new.layers, ids)
    layer = RasterLayer(
        id=PAINTING_ID,
        name="painting",
        role="painting",
        z=z,
        box=Box(x=0, y=0, w=W, h=H),
        covers=covers,
        calm=areas,
        **_record(painted, image),
    )
    new.layers.insert(0, layer)
    trace.add("paint", f"painted {len(covers)} plan layers as {PAINTING_ID!r}", "they stay in the scene as footprints")
    return new


def _has_leaf(layer: Layer, ids: set[str]) -> bool:
    return isinstance(layer, GroupLayer) and any(k.id in ids or _has_leaf(k, ids) for k in layer.children)


def replay(layer: RasterLayer, painter: Painter) -> Image.Image:
    """A first painting made again from its record (prompt, steps, guidance, seed, calm
    areas): the same pixels on the same model, device and dtype. An inpainted painting
    replays by replaying its session's turns in order."""
    if layer.mask:
        raise InputError(f"layer {layer.id!r} was inpainted by an edit; replay the session's turns instead")
    w, h = round(layer.box.w), round(layer.box.h)
    painted = painter.paint(layer.prompt, w, h, seed=layer.seed, steps=layer.steps, guidance=layer.guidance)
    return calm(painted.image, list(layer.calm))


# 4. Edits of painted regions -------------------------------------------------------------------


def footprint(layer: Layer, scene: Scene) -> np.ndarray:
    """Where ``layer`` puts paint when drawn (opacity 1), as a canvas-sized bool mask."""
    from .render.raster import render_layer

    W, H = scene.canvas.width, scene.canvas.height
    shown = layer.model_copy(update={"opacity": 1.0})
    if isinstance(shown, GroupLayer):
        shown.children = [k.model_copy(update={"opacity": 1.0}) for k in shown.children]
    r = render_layer(shown, W, H, scene.camera)
    out = np.zeros((H, W), dtype=bool)
    if r.image.width and r.image.height:
        a = np.asarray(r.image.getchannel("A")) > 0
        out[r.y : r.y + a.shape[0], r.x : r.x + a.shape[1]] = a
    return out


def _leaves_by_id(scene: Scene) -> dict[str, Layer]:
    return {ly.id: ly for ly in scene.leaves()}


def _dilate(mask: np.ndarray, px: int) -> np.ndarray:
    img = Image.fromarray(mask.astype(np.uint8) * 255, "L").filter(ImageFilter.MaxFilter(2 * px + 1))
    return np.asarray(img) > 0


def repaint(before: Scene, after: Scene, painter: Painter | None, trace: Trace, intent: Intent | None = None) -> Scene:
    """``after`` (an edit of ``before``) with its painting brought up to date: unchanged
    when no painted footprint changed; repainted under a mask when one did (every pixel
    outside the mask is the old painting's); painted anew, same seed, when the camera
    moved."""
    old = painting(before)
    if old is None:
        return after
    cur = painting(after)
    if cur is None:  # the edit re-composed the design (a new canvas or theme): paint it again
        if painter is None:
            raise _need_painter("the design was re-composed")
        trace.add("paint", "the design was re-composed; painted again with the same seed", "a new layout")
        return paint_scene(
            after.model_copy(update={"canvas": after.canvas.model_copy(update={"seed": old.seed})}),
            intent,
            painter,
            trace,
        )
    a_leaves, b_leaves = _leaves_by_id(before), _leaves_by_id(after)
    covered = set(old.covers)
    changed = [
        i
        for i in covered | {i for i, ly in b_leaves.items() if is_painted(ly) and i not in a_leaves}
        if (i in a_leaves) != (i in b_leaves)
        or (
            i in a_leaves and a_leaves[i].model_dump(exclude={"opacity"}) != b_leaves[i].model_dump(exclude={"opacity"})
        )
    ]
    camera_moved = before.camera != after.camera
    if not changed and not camera_moved:
        return after
    if painter is None:
        raise _need_painter("the edit changes a painted region")
    new = after.model_copy(deep=True)
    added = [i for i in changed if i not in a_leaves]
    _hide(new.layers, set(added))
    covers = [i for i in old.covers if i in b_leaves] + added
    W, H = new.canvas.width, new.canvas.height
    areas = text_areas(new)
    phrase = _calm_phrase(areas, H)
    prompt = ", ".join(b for b in (describe(new, intent), phrase) if b)
    if camera_moved:
        trace.add(
            "paint",
            f"the camera moved ({before.camera.angle}/{before.camera.shot} → {new.camera.angle}/{new.camera.shot}); "
            f"painted again with seed {old.seed}",
            "a new view is a new picture of the same scene",
        )
        painted = painter.paint(prompt, W, H, seed=old.seed)
        image = calm(painted.image, areas)
        mask_png = ""
    else:
        mask = _edit_mask(before, new, changed, a_leaves, b_leaves)
        if not mask.any():
            return new
        old_img = np.asarray(decode_png(old.png).convert("RGB"))
        mask_img = Image.fromarray(mask.astype(np.uint8) * 255, "L")
        painted = painter.inpaint(Image.fromarray(old_img, "RGB"), mask_img, prompt, seed=old.seed)
        fresh = np.asarray(calm(painted.image, areas))
        # the composite: new pixels under the mask, the old painting's everywhere else
        merged = np.where(mask[..., None], fresh, old_img).astype(np.uint8)
        image = Image.fromarray(merged, "RGB")
        mask_png = _png_b64(mask_img)[0]
        trace.add(
            "paint",
            f"repainted {int(mask.sum())} px ({100 * mask.mean():.1f} %) under the mask of {', '.join(changed)}",
            "inpainting; every pixel outside the mask is the old painting's",
        )
    layer = RasterLayer(
        id=old.id, name=old.name, role=old.role, z=old.z, box=old.box, covers=covers, calm=areas,
        **_record(painted, image, mask=mask_png),
    )  # fmt: skip
    _replace(new.layers, layer)
    return new


def _replace(layers: list[Layer], layer: RasterLayer) -> None:
    for i, ly in enumerate(layers):
        if ly.id == layer.id:
            layers[i] = layer
            return
        if isinstance(ly, GroupLayer):
            _replace(ly.children, layer)


def _edit_mask(
    before: Scene, after: Scene, changed: list[str], a_leaves: dict[str, Layer], b_leaves: dict[str, Layer]
) -> np.ndarray:
    """Where an edit repaints: the old and new footprints of what changed; for a changed
    setting (a background layer), everything but the subjects and the text."""
    W, H = after.canvas.width, after.canvas.height
    mask = np.zeros((H, W), dtype=bool)
    setting = [i for i in changed if _is_setting(a_leaves.get(i) or b_leaves[i])]
    for i in changed:
        if i in setting:
            continue
        if i in a_leaves:
            mask |= footprint(a_leaves[i], before)
        if i in b_leaves:
            mask |= footprint(b_leaves[i], after)
    if mask.any():  # a few pixels more, so the seam falls on paint the model repainted
        mask = _dilate(mask, max(2, min(W, H) // 64))
    if setting:  # the setting: everything but the subjects (and their shadows) and the text
        keep = np.zeros((H, W), dtype=bool)
        for ly in after.leaves():
            if is_painted(ly) and not _is_setting(ly) and ly.id not in changed:
                keep |= footprint(ly, after)
        for b in text_areas(after):
            keep[int(b.y) : int(b.bottom), int(b.x) : int(b.right)] = True
        mask |= ~keep
    return mask


def _is_setting(layer: Layer) -> bool:
    return isinstance(layer, (BackgroundLayer, SceneryLayer, EffectLayer)) or (
        isinstance(layer, ShapeLayer) and layer.role == "background"
    )


def _need_painter(why: str) -> InputError:
    return InputError(
        f"{why} of this painted design; give the painter again: --painter diffusers --model DIR (or EGAKU_MODEL)"
    )
