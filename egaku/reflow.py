"""One design, many formats: re-flow a design to other canvases.

``egaku resize poster.png --to story,banner,square`` reads the design from the PNG egaku
wrote (its scene and its request, in the PNG's metadata) and composes the same request
for each format: the same texts, exactly, in the same hierarchy, the same picture, theme
and seed; the layout engine lays them out for the new canvas, so nothing is cropped or
stretched. What the user changed after the request (a recoloured title, a removed icon,
an added text) is found by composing the request again at the original size and
comparing, and is carried over to each new format. Each result is verified (OCR
included) and repaired like any design.

In a session, 「インスタのストーリー用にも作って」 / "make a story version" is an edit
(:class:`egaku.edit.ops.SetCanvas` with the format), which re-flows the same way and
replays the session's edits.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from .errors import InputError, SizeError
from .scene import Box, Scene, TextLayer

__all__ = ["FORMAT_ALIASES", "parse_targets", "resize", "resize_png"]

# names a person types for a format → egaku's kind
FORMAT_ALIASES: dict[str, str] = {
    "story": "story",
    "stories": "story",
    "instagram-story": "story",
    "banner": "banner",
    "header": "banner",
    "square": "square_post",
    "post": "square_post",
    "instagram": "square_post",
    "thumbnail": "youtube_thumbnail",
    "youtube": "youtube_thumbnail",
    "slide": "slide",
    "poster": "poster",
    "a4": "poster",
    "flyer": "flyer",
    "phone": "phone_wallpaper",
    "wallpaper": "phone_wallpaper",
    "desktop": "desktop_wallpaper",
    "card": "card",
    "postcard": "card",
    "business-card": "business_card",
    "infographic": "infographic",
}
MAX_TARGETS = 12


def parse_targets(value: str) -> list[tuple[str, int, int]]:
    """'story,banner,1200x628' → [(kind, width, height)]; InputError/SizeError, one line."""
    from .understand.rules import KIND_BY_NAME, MAX_SIDE, MIN_SIDE

    if not isinstance(value, str) or not value.strip():
        raise InputError("--to needs one or more formats, e.g. --to story,banner,square")
    out: list[tuple[str, int, int]] = []
    for raw in value.split(","):
        name = raw.strip().lower().replace("_", "-").replace(" ", "-")
        if not name:
            continue
        m = re.fullmatch(r"(\d{2,5})[x×](\d{2,5})", name)
        if m:
            w, h = int(m.group(1)), int(m.group(2))
            if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
                raise SizeError(f"{w}×{h}: each side must be {MIN_SIDE}..{MAX_SIDE} px")
            out.append((f"{w}x{h}", w, h))
            continue
        kind = FORMAT_ALIASES.get(name) or (name.replace("-", "_") if name.replace("-", "_") in KIND_BY_NAME else None)
        if kind is None:
            known = ", ".join(sorted(set(FORMAT_ALIASES)))
            raise InputError(f"unknown format {raw.strip()!r}; use one of {known}, or WIDTHxHEIGHT")
        w, h = KIND_BY_NAME[kind].size
        out.append((kind, w, h))
    if not out:
        raise InputError("--to needs one or more formats, e.g. --to story,banner,square")
    if len(out) > MAX_TARGETS:
        raise InputError(f"at most {MAX_TARGETS} formats at once, not {len(out)}")
    return out


# fields of a layer that the layout decides; the rest (colours, words, visibility) are the user's
_LAYOUT = {"box", "lines", "size", "z", "points", "avoid", "seed", "children"}


def carry_edits(base: Scene, edited: Scene, new: Scene, trace: Any) -> Scene:
    """``new`` with the user's changes (``edited`` against ``base``, the same request
    composed again) carried over: changed colours and words, removed and added layers."""
    new = new.model_copy(deep=True)
    old = {layer.id: layer for layer in base.leaves()}
    now = {layer.id: layer for layer in edited.leaves()}
    target = {layer.id: layer for layer in new.leaves()}
    for lid, before in old.items():
        after = now.get(lid)
        if after is None:
            if lid in target:
                new.layers = [x for x in new.layers if x.id != lid]
                trace.add("resize", f"removed {lid}", "it was removed from the design")
            continue
        dest = target.get(lid)
        if dest is None or dest.kind != after.kind:
            continue
        a, b = before.model_dump(), after.model_dump()
        for key, value in b.items():
            if key in _LAYOUT or a.get(key) == value or key not in type(dest).model_fields:
                continue
            if key in ("text",) and isinstance(dest, TextLayer):
                continue  # new words need new lines: see below
            setattr(dest, key, value)
            trace.add("resize", f"{lid}.{key} = {str(value)[:40]}", "the user's change is kept")
    W0, H0 = edited.canvas.width, edited.canvas.height
    W1, H1 = new.canvas.width, new.canvas.height
    k = min(W1 / W0, H1 / H0)
    for lid, layer in now.items():
        if lid in old or lid in target:
            continue
        added = layer.model_copy(deep=True)
        box = added.box
        added.box = Box(x=box.x / W0 * W1, y=box.y / H0 * H1, w=box.w * k, h=box.h * k)
        if isinstance(added, TextLayer):
            added.size = added.size * k
        new.layers.append(added)
        trace.add("resize", f"added {lid}", "it was added to the design; placed at the same relative spot")
    return new


def resize(
    scene: Scene,
    prompt: str,
    targets: list[tuple[str, int, int]],
    *,
    ocr: bool = True,
    offline: bool | None = None,
    intent: Any = None,
) -> list[Any]:
    """The design (``scene`` of ``prompt``, or of ``intent`` when it is known) re-flowed
    to each target: a Generation each."""
    from .compose import compose
    from .pipeline import Generation, _draw, checks_summary
    from .understand.intent import Trace
    from .understand.rules import understand

    W0, H0 = scene.canvas.width, scene.canvas.height
    intent0 = intent if intent is not None else understand(prompt, size=(W0, H0), seed=scene.canvas.seed)
    prompt = intent0.prompt
    if scene.kind and scene.kind != intent0.kind:
        intent0 = intent0.model_copy(update={"kind": scene.kind})
    if intent0.needs:
        raise InputError("this design shows live facts; ask for it again in the new format instead of resizing it")
    base = compose(intent0, Trace())
    out = []
    for kind, w, h in targets:
        t0 = time.perf_counter()
        trace = Trace()
        trace.add("resize", f"{W0}×{H0} {scene.kind} → {w}×{h} {kind}", "the same request composed for the new canvas")
        update: dict[str, Any] = {"width": w, "height": h}
        if "x" not in kind:
            update["kind"] = kind
        intent = intent0.model_copy(update=update)
        timings: dict[str, float] = {}
        new_scene, rendering, report, _ = _draw(
            intent, trace, timings, lambda _s: None, ocr=ocr, offline=offline, now=None,
            adjust=lambda s, tr=trace: carry_edits(base, scene, s, tr),
        )  # fmt: skip
        trace.add("verify", checks_summary(report, ocr=ocr))
        timings["total"] = (time.perf_counter() - t0) * 1000
        out.append(
            Generation(
                prompt=prompt,
                intent=intent,
                scene=new_scene,
                rendering=rendering,
                trace=trace.text(),
                report=report,
                timings_ms=timings,
            )  # fmt: skip
        )
    return out


def resize_png(path: str | Path, targets: str, *, ocr: bool = True, offline: bool | None = None) -> list[Any]:
    """:func:`resize` of a PNG egaku wrote (its scene and prompt are in its metadata)."""
    from .server.images import scene_from_text
    from .server.pngmeta import read_png_meta

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{str(p)!r} is not a file; give a PNG egaku wrote")
    data = p.read_bytes()
    meta = read_png_meta(data, f"file {p.name!r}")
    wanted = parse_targets(targets)
    scene = scene_from_text(meta.text.get("egaku:scene"))
    intent = None
    if "egaku:intent" in meta.text:  # the request as egaku understood it (an edited turn's too)
        from pydantic import ValidationError

        from .understand.intent import Intent

        try:
            intent = Intent.model_validate_json(meta.text["egaku:intent"])
        except ValidationError:
            intent = None
    prompt = meta.text.get("egaku:prompt")
    if intent is None and not prompt:
        raise InputError(f"{p.name!r} has no egaku request in it; resize a PNG egaku generated")
    return resize(scene, prompt or "", wanted, ocr=ocr, offline=offline, intent=intent)
