"""Sessions: generate, then edit after edit, with undo, redo and branching.

A session is a tree of turns kept by :class:`egaku.store.Store` (SQLite + content-
addressed images under ``EGAKU_HOME``). An edit is a *modification*: the instruction
becomes typed ops (:mod:`egaku.edit`), the ops change the scene, and only the layers
they touch are rasterised again. Every other layer is the previous turn's raster,
reused as is, so every pixel outside the changed layers' footprints is bit-identical.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .edit import EditOp, EditQuestion, apply, interpret
from .errors import EgakuError, InputError
from .pipeline import Generation, Progress, check_text, generate
from .render.raster import LayerRaster, Rendering, composite, decode_pngs, raster_key, render
from .render.svg import text_layout
from .scene import Scene, TextLayer
from .store.sessions import default_home
from .understand import Intent, Trace
from .verify import verify

__all__ = ["Pending", "Session", "Write", "default_home"]

RETRIES = 5  # an edit computed from a head another process moved is redone this many times
RECENT_TURNS = 4  # renderings kept in memory for undo, redo and checkout


class Pending(Protocol):
    """Outputs written beside their targets, not yet in place (see ``Session``'s ``write``)."""

    def commit(self) -> object: ...

    def discard(self) -> None: ...


# write(gen) is called after the turn is computed and BEFORE the store records it. It
# writes the outputs (under temporary names) and may return a Pending: its commit() runs
# right after the turn is recorded (gen.turn is set by then), its discard() when the turn
# is not recorded. A write that raises leaves the store unchanged.
Write = Callable[[Generation], Pending | None]


class Session:
    """``Session(name).generate(prompt)``, then ``.edit(instruction)``, ``.undo()``,
    ``.redo()``, ``.checkout(turn)``; ``.history`` lists the turns.

    Nothing is half-done: a turn is recorded (or the head moved) only after its outputs
    are written, through the optional ``write`` hook (see :data:`Write`), and only if the
    head is still the one the turn was computed from; an edit that lost that race to
    another process is computed again from the new head, so both edits land in order.
    ``readonly=True`` reads a session (history, images) without creating or changing a file."""

    def __init__(
        self, name: str = "default", home: str | os.PathLike[str] | None = None, *, readonly: bool = False
    ) -> None:
        from .store import Store, check_session_name

        if isinstance(name, str):
            check_text(name, "the session name")
        self.name = check_session_name(name)  # before any work, before the store exists
        self.store = Store(Path(home) if home is not None else default_home(), readonly=readonly)
        self._cached: tuple[int, Rendering] | None = None  # the head's rasters, in memory
        self._recent: dict[int, Rendering] = {}  # a few turns seen lately (undo, redo, checkout), oldest first

    def exists(self) -> bool:
        """Whether the session has turns yet."""
        from .store import NoSuchSession

        try:
            self.store.head(self.name)
        except NoSuchSession:
            return False
        return True

    def next_turn(self) -> int:
        """The id the next recorded turn gets, unless another process records one first."""
        return 1 + next((s["turns"] for s in self.store.sessions() if s["name"] == self.name), 0)

    # 1. Turns ----------------------------------------------------------------------------

    def generate(self, prompt: str, *, write: Write | None = None, **kwargs: Any) -> Generation:
        """Start the session with a request (``kwargs`` as for :func:`egaku.generate`)."""
        if self.exists():  # before any work
            raise InputError(
                f"session {self.name!r} already exists; continue it with egaku edit INSTRUCTION --session "
                f"{self.name}, or pick a new session name"
            )
        gen = generate(prompt, **kwargs)
        self._record(
            gen,
            parent=None,
            instruction=prompt,
            changed=[r.id for r in gen.rendering.layers],
            expect_head=None,
            write=write,
        )
        return gen

    def edit(
        self,
        instruction: str,
        *,
        ocr: bool = False,
        write: Write | None = None,
        progress: Progress | None = None,
        planner: str | None = None,
        offline: bool | None = None,
        painter: object = None,
        model: object = None,
    ) -> Generation:
        """Change what the instruction asks and nothing else. Raises EditQuestion when the
        instruction is ambiguous (nothing is recorded then).

        ``planner`` (rules, llm, auto; default auto) and ``offline`` choose whether a
        language model reads the instruction first, as for :func:`egaku.generate`; its ops
        are checked against the scene, and the rules read the instruction when it fails."""
        from .llm.config import check_planner
        from .store import HeadMoved

        if not isinstance(instruction, str):
            raise InputError(f"the instruction must be text (a str), not {type(instruction).__name__}")
        check_text(instruction, "the instruction")
        if not instruction.strip():
            raise InputError("the instruction is empty; say what to change, e.g. 'make the title blue'")
        if not isinstance(ocr, bool):
            raise InputError(f"ocr must be True or False, not {ocr!r:.40}")
        planner = check_planner(planner)
        if offline is not None and not isinstance(offline, bool):
            raise InputError(f"offline must be True, False or None, not {offline!r:.40}")
        from .pipeline import choose_painter

        painter = choose_painter(painter, model)  # a painted region is repainted by it (egaku.painting)
        low = instruction.strip().lower()
        from .edit import REDO_WORDS, UNDO_WORDS
        from .words import has

        if has(low, UNDO_WORDS) and len(low) < 40:
            return self.undo(write=write)
        if has(low, REDO_WORDS) and len(low) < 40:
            return self.redo(write=write)
        t0 = time.perf_counter()
        note = progress or (lambda _stage: None)
        moved: list[int] = []  # heads another process moved on from while this edit was computed
        for attempt in range(1, RETRIES + 1):
            head = self.store.head(self.name)
            note("edit" if attempt == 1 else f"edit again from turn {head.id}")
            gen = self._edit_from(
                head, instruction, ocr=ocr, t0=time.perf_counter(), planner=planner, offline=offline, painter=painter
            )
            if moved:
                gen.trace.append(
                    f"[session] another egaku process edited this session meanwhile (turn {moved[-1]} → "
                    f"{head.id}); this edit was made again from turn {head.id}, so both are kept"
                )
            note("save")
            try:
                self._record(
                    gen,
                    parent=head.id,
                    instruction=instruction,
                    changed=list(gen.changed_layers or []),
                    expect_head=head.id,
                    write=write,
                )
            except HeadMoved:
                if attempt == RETRIES:
                    raise
                moved.append(head.id)
                continue
            gen.timings_ms["total"] = (time.perf_counter() - t0) * 1000
            return gen
        raise AssertionError("unreachable")  # pragma: no cover

    def _edit_from(
        self,
        head: Any,
        instruction: str,
        *,
        ocr: bool,
        t0: float,
        planner: str = "auto",
        offline: bool | None = None,
        painter: Any = None,
    ) -> Generation:
        """The edit computed from ``head``; nothing is recorded."""
        scene = Scene.from_json(head.scene_json)
        intent = Intent.model_validate_json(head.intent_json)
        prev = self._rendering(head, scene)
        trace = Trace()

        # 1. Instruction → ops (a question back when it cannot be resolved): the model's
        #    reading when one is configured and its ops pass the checks, else the rules'.
        ops = self._interpret(scene, instruction, head.changed_layers, trace, planner=planner, offline=offline)
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
        from .painting import repaint

        new = repaint(scene, new, painter, trace, intent)  # a painted region changed: inpainting under its mask
        rendering = render(new, reuse={r.id: r for r in prev.layers}, previous=prev)
        old_ids = {r.id: r for r in prev.layers}
        changed = [r.id for r in rendering.layers if r.id not in old_ids or r.image is not old_ids[r.id].image]
        changed += [i for i in old_ids if i not in {r.id for r in rendering.layers}]
        timings["render"] = (time.perf_counter() - t) * 1000
        trace.add(
            "edit",
            f"redrew {len(changed)} of {len(rendering.layers)} layers: {', '.join(changed) or 'none'}",
            "everything else is the previous turn's pixels",
        )

        # 3. Verify the texts the scene now holds, and repair what the edit broke within what
        #    it asked (as generate does); what still fails makes report.ok False.
        t = time.perf_counter()
        from .edit.repair import check

        checked = check(scene, new, rendering, prev, intent, list(ops), instruction=instruction, ocr=ocr, trace=trace)
        new, rendering, report, intent, changed = (
            checked.scene,
            checked.rendering,
            checked.report,
            checked.intent,
            checked.changed,
        )
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
        return gen

    @staticmethod
    def _interpret(
        scene: Scene, instruction: str, recent: list[str], trace: Trace, *, planner: str, offline: bool | None
    ) -> list[EditOp]:
        """The instruction as ops: a language model's, checked, when one is chosen; the rules'
        when there is none or it fails. A question the model asks is asked only when the
        rules cannot resolve the instruction either."""
        from .llm.config import choose_model

        model, timeout = choose_model(planner, offline=offline, trace=trace)
        if model is None:
            return interpret(scene, instruction, recent=recent)
        from .llm.base import ModelError
        from .llm.edits import interpret_with_model

        try:
            ops = interpret_with_model(scene, instruction, recent, model, timeout=timeout, trace=trace)
            if not any(op.op in ("canvas", "theme") for op in ops):
                try:  # a dry run: ops that pass every check but still cannot be applied are the model's failure
                    apply(scene, ops)
                except (KeyError, ValueError, AssertionError, EgakuError) as e:
                    raise ModelError("invalid", f"its ops cannot be applied ({type(e).__name__})") from None
        except ModelError as e:
            trace.add(
                "edit",
                f"the model could not interpret {instruction!r:.80} ({e}); the rules interpret it",
                "egaku never fails because a model did",
            )
        except EditQuestion as asked:
            trace.add("edit", "the model asked back; the rules try the instruction", "a question only if they must")
            try:
                ops = interpret(scene, instruction, recent=recent)
            except EditQuestion:
                raise asked from None
            trace.add("edit", "interpreted by the rules", "the model asked a question the rules could answer")
            return ops
        else:
            trace.add("edit", f"interpreted by {model.name}", "its ops passed every check against the scene")
            return ops
        ops = interpret(scene, instruction, recent=recent)
        trace.add("edit", "interpreted by the rules", "the model's answer was not used")
        return ops

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
                if op.kind:
                    update["kind"] = op.kind  # its safe area and conventions (a story's UI zones)
            else:
                update["theme"] = op.theme
                if op.style:
                    update["style"] = op.style  # a named design style, over the same theme
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

    def undo(self, *, write: Write | None = None) -> Generation:
        """Move the head back to the turn before it."""
        return self._move("undo", lambda: self.store.peek_undo(self.name), write)

    def redo(self, *, write: Write | None = None) -> Generation:
        """Move the head forward again, to the turn the last undo left."""
        return self._move("redo", lambda: self.store.peek_redo(self.name), write)

    def checkout(self, turn: int, *, write: Write | None = None) -> Generation:
        """Move the head to any turn; the next edit branches from there."""
        from .store import NoSuchSession

        if not isinstance(turn, int) or isinstance(turn, bool) or turn < 1:
            raise InputError(f"a turn is a whole number from 1 (see egaku history), not {turn!r:.40}")
        if turn > 2**62:
            raise NoSuchSession(f"session {self.name!r} has no turn {turn}; egaku history lists its turns")
        return self._move(f"checkout {turn}", lambda: self.store.turn(self.name, turn), write)

    def _move(self, what: str, target: Callable[[], Any], write: Write | None) -> Generation:
        """Write the target turn's outputs, then move the head there if it has not moved."""
        from .store import HeadMoved

        for attempt in range(1, RETRIES + 1):
            head = self.store.head(self.name).id  # read before peeking (see Store.peek_undo)
            turn = target()
            gen = self._load(turn, what)
            pending = write(gen) if write is not None else None
            try:
                self.store.set_head(self.name, turn.id, expect_head=head)
            except BaseException as e:
                if pending is not None:
                    pending.discard()
                if isinstance(e, HeadMoved) and attempt < RETRIES:
                    continue
                raise
            if pending is not None:
                pending.commit()
            return gen
        raise AssertionError("unreachable")  # pragma: no cover

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

    def _record(
        self,
        gen: Generation,
        *,
        parent: int | None,
        instruction: str,
        changed: list[str],
        expect_head: int | None,
        write: Write | None,
    ) -> None:
        """Write the outputs, then record the turn if the head is still ``expect_head``
        (else HeadMoved, with nothing recorded and the outputs discarded)."""
        png = gen.png_bytes()
        gen.stored_png = png  # the bytes the store keeps are the bytes written out: encoded once
        layers = {r.id: (r.png(), r.x, r.y) for r in gen.rendering.layers}
        pending = write(gen) if write is not None else None
        try:
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
                expect_head=expect_head,
            )
        except BaseException:
            if pending is not None:
                pending.discard()
            raise
        gen.turn = turn.id
        self._cached = (turn.id, gen.rendering)
        if pending is not None:
            pending.commit()

    def _rendering(self, turn: Any, scene: Scene) -> Rendering:
        """The turn's layer rasters and composite: in memory for the head and the last few
        turns seen, else decoded from the store (the stored PNG bytes are kept with each
        raster, so an unchanged layer is never encoded again)."""
        recent = self._recent
        if self._cached is not None:
            recent[self._cached[0]] = recent.pop(self._cached[0], self._cached[1])
        rendering = recent.pop(turn.id, None)
        if rendering is None:
            rendering = self._decode(turn, scene)
        recent[turn.id] = rendering
        while len(recent) > RECENT_TURNS:
            del recent[next(iter(recent))]
        self._cached = (turn.id, rendering)
        return rendering

    def _decode(self, turn: Any, scene: Scene) -> Rendering:
        stored = self.store.layer_images(turn)
        size = (scene.canvas.width, scene.canvas.height)
        leaves = scene.leaves()
        images = decode_pngs([stored[layer.id][0] for layer in leaves])
        rasters: list[LayerRaster] = []
        layouts = {}
        for pos, (layer, img) in enumerate(zip(leaves, images)):
            data, x, y = stored[layer.id]
            key = raster_key(layer, scene.camera, size)  # what render() compares, so no fragment is drawn
            rasters.append(LayerRaster(layer.id, pos, x, y, img, "", data, key=key))
            if isinstance(layer, TextLayer):
                layouts[layer.id] = text_layout(layer)
        return Rendering(composite(rasters, size), rasters, layouts)

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
