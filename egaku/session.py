"""Sessions: generate, then edit after edit, with undo, redo and branching.

A session is a tree of turns kept by :class:`egaku.store.Store` (SQLite + content-
addressed images under ``EGAKU_HOME``). An edit is a *modification*: the instruction
becomes typed ops (:mod:`egaku.edit`), the ops change the scene, and only the layers
they touch are rasterised again. Every other layer is the previous turn's raster,
reused as is, so every pixel outside the changed layers' footprints is bit-identical.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

from PIL import Image

from .edit import EditQuestion, apply, interpret
from .errors import EgakuError
from .pipeline import Generation, generate
from .render.raster import LayerRaster, Rendering, composite, render
from .render.svg import fragment, text_layout
from .scene import Scene, TextLayer
from .understand import Intent, Trace
from .verify import verify

__all__ = ["Session", "default_home"]


def default_home() -> Path:
    raw = os.environ.get("EGAKU_HOME", "").strip()
    if raw:
        return Path(raw).expanduser()
    base = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local" / "share")
    return Path(base) / "egaku"


class Session:
    """``Session(name).generate(prompt)``, then ``.edit(instruction)``, ``.undo()``,
    ``.redo()``, ``.checkout(turn)``; ``.history`` lists the turns."""

    def __init__(self, name: str = "default", home: str | os.PathLike[str] | None = None) -> None:
        from .store import Store

        self.name = name
        self.store = Store(Path(home) if home is not None else default_home())
        self._cached: tuple[int, Rendering] | None = None  # the head's rasters, in memory

    # 1. Turns ----------------------------------------------------------------------------

    def generate(self, prompt: str, **kwargs: Any) -> Generation:
        gen = generate(prompt, **kwargs)
        self._record(gen, parent=None, instruction=prompt, changed=[r.id for r in gen.rendering.layers])
        return gen

    def edit(self, instruction: str, *, ocr: bool = False) -> Generation:
        """Change what the instruction asks and nothing else. Raises EditQuestion when the
        instruction is ambiguous (nothing is recorded then)."""
        low = instruction.strip().lower()
        from .edit import REDO_WORDS, UNDO_WORDS
        from .words import has

        if has(low, UNDO_WORDS) and len(low) < 40:
            return self.undo()
        if has(low, REDO_WORDS) and len(low) < 40:
            return self.redo()
        t0 = time.perf_counter()
        head = self.store.head(self.name)
        scene = Scene.from_json(head.scene_json)
        intent = Intent.model_validate_json(head.intent_json)
        prev = self._rendering(head, scene)
        trace = Trace()

        # 1. Instruction → ops (a question back when it cannot be resolved).
        ops = interpret(scene, instruction, recent=head.changed_layers)
        for op in ops:
            trace.add("edit", f"{op.op} → {', '.join(op.targets)}", f"from {instruction!r}")
        timings = {"interpret": (time.perf_counter() - t0) * 1000}

        # 2. Ops → new scene; rasterise only what changed.
        t = time.perf_counter()
        recompose = [op for op in ops if op.op in ("canvas", "theme")]
        if recompose:
            new, intent = self._recompose(head, intent, recompose, trace)
        else:
            new = apply(scene, ops)
        rendering = render(new, reuse={r.id: r for r in prev.layers})
        old_ids = {r.id: r for r in prev.layers}
        changed = [r.id for r in rendering.layers if r.id not in old_ids or r.image is not old_ids[r.id].image]
        changed += [i for i in old_ids if i not in {r.id for r in rendering.layers}]
        timings["render"] = (time.perf_counter() - t) * 1000
        trace.add(
            "edit",
            f"redrew {len(changed)} of {len(rendering.layers)} layers: {', '.join(changed) or 'none'}",
            "everything else is the previous turn's pixels",
        )

        # 3. Verify (no automatic repair: an edit changes only what was asked).
        t = time.perf_counter()
        report = verify(new, rendering, intent.texts, ocr=ocr)
        for c in report.failed():
            trace.add("verify", f"WARNING {c.name} {c.target!r}: {c.detail}", "say what to change to fix it")
        timings["verify"] = (time.perf_counter() - t) * 1000
        gen = Generation(
            prompt=instruction,
            intent=intent,
            scene=new,
            rendering=rendering,
            trace=trace.text(),
            report=report,
            timings_ms=timings,
            ops=list(ops),
            changed_layers=changed,
        )
        self._record(gen, parent=head.id, instruction=instruction, changed=changed)
        gen.timings_ms["total"] = (time.perf_counter() - t0) * 1000
        return gen

    def _recompose(self, head: Any, intent: Intent, ops: list[Any], trace: Trace) -> tuple[Scene, Intent]:
        """Compose the request again with a new canvas or theme, then replay the edits made
        since the request (root to head) so the user's changes survive the re-flow."""
        from .compose import compose

        if intent.needs:
            raise EditQuestion("this design shows live facts; ask for it again in the new format instead")
        update: dict[str, Any] = {}
        for op in ops:
            if op.op == "canvas":
                update.update(width=op.width, height=op.height)
            else:
                update["theme"] = op.theme
        intent = intent.model_copy(update=update)
        scene = compose(intent, trace)
        path = []
        turn = head
        while turn.parent is not None:
            path.append(turn)
            turn = self.store.turn(self.name, turn.parent)
        from pydantic import TypeAdapter

        from .edit import EditOp

        adapter: TypeAdapter[Any] = TypeAdapter(EditOp)
        for past in reversed(path):
            for raw in past.ops:
                op = adapter.validate_python(raw)
                if op.op in ("canvas", "theme"):
                    continue
                try:
                    scene = apply(scene, [op])
                    trace.add("edit", f"replayed {op.op} from turn {past.id}", "earlier edits survive the re-flow")
                except (KeyError, ValueError, EgakuError) as e:
                    trace.add(
                        "edit", f"could not replay {op.op} from turn {past.id}: {e}", "the new layout has no such layer"
                    )
        return scene, intent

    def undo(self) -> Generation:
        return self._load(self.store.undo(self.name), "undo")

    def redo(self) -> Generation:
        return self._load(self.store.redo(self.name), "redo")

    def checkout(self, turn: int) -> Generation:
        """Move the head to an earlier turn; the next edit branches from there."""
        return self._load(self.store.set_head(self.name, turn), f"checkout {turn}")

    @property
    def history(self) -> list[dict[str, Any]]:
        head = self.store.head(self.name).id
        return [
            {
                "turn": t.id,
                "parent": t.parent,
                "instruction": t.instruction,
                "ops": [o.get("op") for o in t.ops],
                "changed_layers": t.changed_layers,
                "image_sha256": t.image_sha256,
                "created_at": t.created_at,
                "head": t.id == head,
            }
            for t in self.store.turns(self.name)
        ]

    # 2. Store plumbing -----------------------------------------------------------------------

    def _record(self, gen: Generation, *, parent: int | None, instruction: str, changed: list[str]) -> None:
        png = gen.png_bytes()
        layers = {r.id: (r.png(), r.x, r.y) for r in gen.rendering.layers}
        turn = self.store.add_turn(
            self.name,
            parent=parent,
            instruction=instruction,
            ops=[o.model_dump() for o in gen.ops],
            scene_json=gen.scene.model_dump_json(),
            intent_json=gen.intent.model_dump_json(),
            png=png,
            layers=layers,
            changed_layers=changed,
            trace=gen.trace,
        )
        gen.turn = turn.id
        self._cached = (turn.id, gen.rendering)

    def _rendering(self, turn: Any, scene: Scene) -> Rendering:
        if self._cached is not None and self._cached[0] == turn.id:
            return self._cached[1]
        stored = self.store.layer_images(turn)
        rasters: list[LayerRaster] = []
        layouts = {}
        for pos, layer in enumerate(scene.leaves()):
            data, x, y = stored[layer.id]
            img = Image.open(io.BytesIO(data))
            img.load()
            rasters.append(
                LayerRaster(layer.id, pos, x, y, img.convert("RGBA"), fragment(layer, camera=scene.camera), data)
            )
            if isinstance(layer, TextLayer):
                layouts[layer.id] = text_layout(layer)
        rendering = Rendering(composite(rasters, (scene.canvas.width, scene.canvas.height)), rasters, layouts)
        self._cached = (turn.id, rendering)
        return rendering

    def _load(self, turn: Any, what: str) -> Generation:
        scene = Scene.from_json(turn.scene_json)
        intent = Intent.model_validate_json(turn.intent_json)
        rendering = self._rendering(turn, scene)
        report = verify(scene, rendering, intent.texts, ocr=False)
        gen = Generation(
            prompt=turn.instruction,
            intent=intent,
            scene=scene,
            rendering=rendering,
            trace=[f"[session] {what}: now at turn {turn.id} ({turn.instruction!r})"],
            report=report,
            ops=[],
            changed_layers=[],
            turn=turn.id,
            stored_png=self.store.image(turn),
        )
        gen.timings_ms["total"] = 0.0
        return gen

    def image_bytes(self, turn: int | None = None) -> bytes:
        """The stored PNG of a turn (the head by default), byte for byte."""
        t = self.store.head(self.name) if turn is None else self.store.turn(self.name, turn)
        return self.store.image(t)
