"""The work behind the HTTP APIs, without HTTP: draw images, edit a PNG egaku made.

    generate_images(prompt, n, size)        -> list[Generation]    n > 1: the request's variants
    edit_png(image, instruction, mask)      -> Generation           no server state needed
    png_bytes(gen)                          -> bytes                the PNG, with the edit context
    turn_generation(store, turn)            -> Generation           a stored turn, for SVG and layers
    layers_zip(gen)                         -> bytes                the CLI's --layers folder, zipped

An edit reads the scene from the PNG (``egaku:scene``) and is made by a one-turn
:class:`egaku.session.Session` in a temporary home, so it is the same edit ``egaku edit``
makes: the same interpretation (rules or a language model), the same repairs and checks,
and every layer it does not touch is the same pixels. The PNGs this module writes also
carry ``egaku:intent`` (the request as understood) and ``egaku:changed`` (the layers the
last step drew), so an edit of an edit verifies the original texts and reads "it" right.
A mask (OpenAI's convention: fully transparent pixels may change) limits an edit to the
layers whose box overlaps its transparent area.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EgakuError, InputError, SizeError
from .pngmeta import add_itxt, read_png_meta

if TYPE_CHECKING:
    from ..pipeline import Generation
    from ..render import Rendering
    from ..scene import Scene
    from ..store import Store, Turn
    from ..understand import Intent

Progress = Callable[[str], None]

MAX_N = 4
MAX_SCENE_CHARS = 8 * 1024 * 1024  # a scene read from an upload (egaku's own are well under 1 MiB)
MAX_SCENE_LAYERS = 4000
NO_SCENE = "this PNG has no egaku scene; edit a PNG egaku made, or generate first"

__all__ = [
    "MAX_N",
    "NO_SCENE",
    "BadParam",
    "MaskRefused",
    "edit_png",
    "generate_images",
    "layers_zip",
    "parse_size",
    "png_bytes",
    "turn_generation",
]


class BadParam(InputError):
    """A request parameter is wrong; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class MaskRefused(BadParam):
    """The edit would change a layer the mask keeps (outside its transparent area)."""

    def __init__(self, message: str) -> None:
        super().__init__("mask", message)


def parse_size(size: object, what: str = "size") -> tuple[int, int] | None:
    """``"WxH"`` → (w, h); ``None`` or ``"auto"`` → None (the request's words decide)."""
    if size is None or (isinstance(size, str) and size.strip().lower() == "auto"):
        return None
    if not isinstance(size, str):
        raise SizeError(f"{what} must be text like '1024x1024' or 'auto', not {type(size).__name__}")
    from ..understand import parse_size as parse

    try:
        return parse(size)
    except SizeError as e:
        raise SizeError(str(e).replace("--size", what, 1)) from None


def check_n(n: object, most: int = MAX_N) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= most:
        raise BadParam("n", f"n must be a whole number 1..{most}, not {n!r:.40}")
    return n


def seed_for(prompt: str, i: int) -> int | None:
    """The first image takes the request's own seed (as the CLI would); the others one each."""
    return None if i == 0 else zlib.crc32(f"{i}\x00{prompt}".encode("utf-8", "replace"))


def generate_images(
    prompt: str,
    n: int = 1,
    size: tuple[int, int] | None = None,
    *,
    ocr: bool = True,
    progress: Progress | None = None,
    planner: str | None = None,
) -> list[Generation]:
    """``n`` designs of ``prompt``: its variants 1..n (see :mod:`egaku.compose.variants`),
    then, past the last variant, other seeds."""
    from ..compose.variants import MAX_VARIANTS
    from ..pipeline import check_generate_args, generate

    check_n(n)
    check_generate_args(prompt, size=size)
    out = []
    for i in range(n):
        note = progress
        if progress is not None and n > 1:
            note = _numbered(progress, i, n)
        variant, seed = (i + 1, None) if i < MAX_VARIANTS else (MAX_VARIANTS, seed_for(prompt, i))
        out.append(generate(prompt, size=size, seed=seed, ocr=ocr, progress=note, planner=planner, variant=variant))
    return out


def _numbered(progress: Progress, i: int, n: int) -> Progress:
    return lambda stage: progress(f"image {i + 1}/{n}: {stage}")


def png_bytes(gen: Generation) -> bytes:
    """The generation's PNG (the scene in ``egaku:scene``, as always) with the edit
    context added: ``egaku:intent`` and ``egaku:changed``."""
    changed = gen.changed_layers if gen.changed_layers is not None else [r.id for r in gen.rendering.layers]
    return add_itxt(
        gen.png_bytes(),
        {"egaku:intent": gen.intent.model_dump_json(), "egaku:changed": json.dumps(changed, ensure_ascii=False)},
    )


# -- edits -------------------------------------------------------------------------------


def edit_png(
    image: bytes,
    instruction: str,
    mask: bytes | None = None,
    *,
    ocr: bool = True,
    progress: Progress | None = None,
    planner: str | None = None,
) -> Generation:
    """The edit ``instruction`` asks of the PNG ``image`` (one egaku made), limited by ``mask``.

    InputError when the PNG has no scene or the mask keeps a layer the edit would change;
    EditQuestion when the instruction is ambiguous."""
    from ..pipeline import check_text
    from ..render import render
    from ..session import Session
    from ..store import Store

    meta = read_png_meta(image, "image")
    check_text(instruction, "the prompt")
    if not instruction.strip():
        raise InputError("the prompt is empty; say what to change, e.g. 'make the title blue'")
    _refuse_history_words(instruction)
    scene = scene_from_text(meta.text.get("egaku:scene"))
    size = (scene.canvas.width, scene.canvas.height)
    editable = _mask_editable(mask, size) if mask is not None else None
    intent = _intent(meta.text, scene)
    changed = _changed(meta.text)

    note = progress or (lambda _stage: None)
    note("read the scene")
    prev = render(scene)  # rendering is a pure function of the scene: the PNG's pixels again
    with tempfile.TemporaryDirectory(prefix="egaku-edit-") as home:
        Store(home).add_turn(
            "image",
            parent=None,
            instruction=intent.prompt,
            ops=[],
            scene_json=scene.model_dump_json(),
            intent_json=intent.model_dump_json(),
            png=image,
            layers={r.id: (r.png(), r.x, r.y) for r in prev.layers},
            changed_layers=changed if changed is not None else [r.id for r in prev.layers],
            trace=[],
            expect_head=None,
        )
        gen = Session("image", home=home).edit(instruction, ocr=ocr, progress=progress, planner=planner)
    if editable is not None:
        _check_mask(gen, scene, prev, editable, instruction)
    gen.turn = None  # the temporary session is gone
    return gen


def scene_from_text(text: str | None) -> Scene:
    """The scene in a PNG's ``egaku:scene`` text, checked (InputError when missing or bad)."""
    from pydantic import ValidationError

    from ..scene import Scene

    if text is None:
        raise InputError(NO_SCENE)
    if len(text) > MAX_SCENE_CHARS:
        raise InputError(f"this PNG's egaku scene is over {MAX_SCENE_CHARS // 2**20} MiB; egaku does not edit it")
    try:
        scene = Scene.from_json(text)
    except ValidationError as e:
        first = e.errors()[0] if e.errors() else {"loc": (), "msg": str(e)}
        where = ".".join(str(p) for p in first.get("loc", ())) or "the document"
        raise InputError(
            f"this PNG's egaku scene is not valid ({where}: {first.get('msg', 'invalid')}); it was changed after "
            "egaku wrote it, or comes from another egaku version: edit the original PNG"
        ) from None
    if len(scene.leaves()) > MAX_SCENE_LAYERS:
        raise InputError(f"this PNG's egaku scene has over {MAX_SCENE_LAYERS} layers; egaku does not edit it")
    return scene


def _refuse_history_words(instruction: str) -> None:
    from ..edit import REDO_WORDS, UNDO_WORDS
    from ..words import has

    low = instruction.strip().lower()
    if (has(low, UNDO_WORDS) or has(low, REDO_WORDS)) and len(low) < 40:  # what Session.edit reads as undo/redo
        raise InputError(
            "an image edit has no history to undo or redo; send the earlier PNG again, or use a session "
            "(POST /api/sessions, then /api/sessions/NAME/undo)"
        )


def _intent(text: dict[str, str], scene: Scene) -> Intent:
    """The request as understood: the PNG's ``egaku:intent`` when this server wrote it, else
    the request read again from ``egaku:prompt`` at the scene's size, keeping only the texts
    the scene still shows (a PNG an edit wrote names the instruction as its prompt)."""
    from pydantic import ValidationError

    from ..scene import TextLayer
    from ..understand import Intent, understand

    size = (scene.canvas.width, scene.canvas.height)
    if "egaku:intent" in text:
        try:
            intent = Intent.model_validate_json(text["egaku:intent"])
            if (intent.width, intent.height) == size:
                return intent
        except ValidationError:
            pass
    prompt = text.get("egaku:prompt", "")
    try:
        intent = understand(prompt, size=size)
    except (EgakuError, ValueError):
        return Intent(prompt=prompt or "(unknown request)", language="en", kind="design", width=size[0], height=size[1])
    shown = " ".join(layer.text for layer in scene.leaves() if isinstance(layer, TextLayer))
    kept = [i for i, t in enumerate(intent.texts) if t in shown]
    roles = [intent.roles[i] for i in kept if i < len(intent.roles)] if intent.roles else []
    return intent.model_copy(update={"texts": [intent.texts[i] for i in kept], "roles": roles})


def _changed(text: dict[str, str]) -> list[str] | None:
    try:
        value = json.loads(text["egaku:changed"])
    except (KeyError, ValueError):
        return None
    return [str(v) for v in value] if isinstance(value, list) else None


def _mask_editable(mask: bytes, size: tuple[int, int]) -> Any:
    """The mask's fully transparent pixels (a bool array, rows first): where the edit may change."""
    import numpy as np
    from PIL import Image

    meta = read_png_meta(mask, "mask", prefix="\x00")  # its size and colour type only
    if (meta.width, meta.height) != size:
        raise InputError(
            f"the mask is {meta.width}×{meta.height} px but the image is {size[0]}×{size[1]}; "
            "send a mask the same size as the image"
        )
    if not meta.has_alpha:
        raise InputError(
            "the mask has no transparency; make the area that may change fully transparent (alpha 0) "
            "and leave the rest opaque"
        )
    with Image.open(io.BytesIO(mask)) as img:
        editable = np.asarray(img.convert("RGBA").getchannel("A")) == 0
    if not editable.any():
        raise InputError(
            "the mask has no fully transparent pixel, so nothing may change; make the area to edit transparent"
        )
    return editable


def _drawn_box(r: Any) -> tuple[int, int, int, int] | None:
    """A layer raster's box on the canvas (where its alpha is not zero), or None when empty."""
    if not (r.image.width and r.image.height):
        return None
    bbox = r.image.getchannel("A").getbbox()
    if bbox is None:
        return None
    return max(0, r.x + bbox[0]), max(0, r.y + bbox[1]), max(0, r.x + bbox[2]), max(0, r.y + bbox[3])


def _under(editable: Any, r: Any) -> bool:
    """Whether the layer raster ``r`` is drawn in a box that overlaps the editable pixels."""
    box = _drawn_box(r)
    return box is not None and bool(editable[box[1] : box[3], box[0] : box[2]].any())


def _check_mask(gen: Generation, before: Scene, prev: Rendering, editable: Any, instruction: str) -> None:
    """MaskRefused when an op of ``gen`` targets a layer whose box misses the mask's
    transparent area (a layer the edit adds: where it is drawn)."""
    from ..scene import GroupLayer

    def leaves_of(layer_id: str) -> list[str]:
        try:
            layer = before.find(layer_id)
        except KeyError:
            return [layer_id]  # a layer the edit adds
        if isinstance(layer, GroupLayer):
            return [leaf for child in layer.children for leaf in leaves_of(child.id)]
        return [layer_id]

    old = {r.id: r for r in prev.layers}
    new = {r.id: r for r in gen.rendering.layers}
    allowed = sorted(i for i, r in old.items() if _under(editable, r))
    refused: list[str] = []
    for op in gen.ops:
        if op.op in ("canvas", "theme"):
            raise MaskRefused(
                f"{instruction!r:.80} changes the whole design ({op.op}), but a mask limits the edit to part of it; "
                "leave the mask out"
            )
        for target in [*op.targets, *getattr(op, "charts", [])]:
            for leaf in leaves_of(target):
                raster = old.get(leaf) or new.get(leaf)
                if raster is None or leaf in refused or _under(editable, raster):
                    continue
                if leaf not in old and _drawn_box(raster) is None:
                    continue  # added, but draws nothing
                refused.append(leaf)
    if refused:
        raise MaskRefused(
            f"{instruction!r:.80} changes {', '.join(refused)}, which the mask keeps: only layers under its "
            f"transparent area may change ({', '.join(allowed) or 'none'}); make the {refused[0]} layer's area "
            "transparent in the mask, or leave the mask out"
        )


# -- stored turns ------------------------------------------------------------------------


def turn_generation(store: Store, turn: Turn, *, layers: bool = False) -> Generation:
    """A stored turn as a Generation (its PNG exactly as stored); with ``layers``, its
    layer rasters too, read from the store (for the layers folder)."""
    from PIL import Image

    from ..pipeline import Generation
    from ..render import LayerRaster, Rendering
    from ..render.raster import decode_pngs
    from ..scene import Scene
    from ..understand import Intent
    from ..verify import Report

    scene = Scene.from_json(turn.scene_json)
    png = store.image(turn)
    rasters: list[LayerRaster] = []
    if layers:
        stored = store.layer_images(turn)
        leaves = [layer for layer in scene.leaves() if layer.id in stored]
        images = decode_pngs([stored[layer.id][0] for layer in leaves])
        for z, (layer, img) in enumerate(zip(leaves, images)):
            data, x, y = stored[layer.id]
            rasters.append(LayerRaster(layer.id, z, x, y, img, "", data))
    return Generation(
        prompt=turn.instruction,
        intent=Intent.model_validate_json(turn.intent_json),
        scene=scene,
        rendering=Rendering(Image.open(io.BytesIO(png)), rasters),  # only its size is read: never decoded
        trace=list(turn.trace),
        report=Report(),
        turn=turn.id,
        stored_png=png,
    )


def layers_zip(gen: Generation) -> bytes:
    """One full-canvas PNG per layer and ``manifest.json`` (z ascending), exactly what
    ``egaku generate --layers DIR`` writes, as a zip."""
    from ..pipeline import Outputs

    with tempfile.TemporaryDirectory(prefix="egaku-layers-") as tmp:
        folder = Path(tmp) / "layers"
        Outputs(layers=folder).stage(gen).commit()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:  # PNGs are compressed already
            for path in sorted(folder.iterdir()):
                z.write(path, path.name)
        return buf.getvalue()
