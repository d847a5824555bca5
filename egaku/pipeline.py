"""generate(): the stages in order, with the trace and the timings.

understand(prompt) -> Intent       rules, JA + EN
compose(intent)    -> Scene        design templates
render(scene)      -> Rendering    scene -> SVG -> resvg, layer by layer
verify(scene, r)   -> Report       present, inside, uncovered, contrast, OCR
(one repair round when a check fails, then verify again)
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ._version import __version__
from .compose import compose, contrast, mix
from .errors import InputError, OutputPathError, SizeError
from .render import Rendering, export_svg, render
from .scene import Scene, TextLayer
from .understand import Intent, Trace, understand
from .understand.grounding import ground
from .verify import Report, verify

Progress = Callable[[str], None]


@dataclass
class Generation:
    """The result of :func:`generate`: image, scene, SVG, trace and verification report."""

    prompt: str
    intent: Intent
    scene: Scene
    rendering: Rendering
    trace: list[str]
    report: Report
    timings_ms: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # grounding tools that could not answer
    ops: list[Any] = field(default_factory=list)  # edit ops (edits only)
    changed_layers: list[str] | None = None  # layers an edit redrew, added or removed (edits only)
    turn: int | None = None  # session turn id, when part of a session
    stored_png: bytes | None = None  # a session turn's PNG exactly as stored (undo, redo, checkout)

    @property
    def sources(self) -> list[dict[str, str]]:
        """Where the drawn facts came from, each source once."""
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for f in self.scene.facts:
            seen.setdefault(
                (f.tool, f.url), {"tool": f.tool, "url": f.url, "title": f.title, "retrieved_at": f.retrieved_at}
            )
        return list(seen.values())

    @property
    def image(self) -> Image.Image:
        """The final image (RGB when opaque, as saved)."""
        img = self.rendering.image
        alpha_min, _ = img.getchannel("A").getextrema()
        if alpha_min == 255:
            return img.convert("RGB")
        return img

    @property
    def svg(self) -> str:
        """The design as SVG with live <text>, one Inkscape layer per scene layer."""
        return export_svg(self.scene, metadata=self.metadata_json())

    def metadata_json(self) -> str:
        return json.dumps(
            {
                "generator": f"egaku {__version__}",
                "prompt": self.prompt,
                "assets": [a.model_dump() for a in self.scene.assets],
            },
            ensure_ascii=False,
        )

    def png_bytes(self) -> bytes:
        if self.stored_png is not None:
            return self.stored_png
        info = PngInfo()
        info.add_itxt("egaku:version", __version__)
        info.add_itxt("egaku:prompt", self.prompt)
        info.add_itxt("egaku:scene", self.scene.model_dump_json())
        info.add_itxt("egaku:intent", self.intent.model_dump_json())  # what was asked: resize composes it again
        info.add_itxt("egaku:trace", "\n".join(self.trace))
        info.add_itxt("egaku:report", json.dumps(self.report.to_dict(), ensure_ascii=False))
        if self.scene.facts:
            info.add_itxt("egaku:sources", json.dumps(self.sources, ensure_ascii=False))
        info.add_itxt("Software", f"egaku {__version__}")
        credits = "; ".join(a.attribution for a in self.scene.assets if a.attribution)
        if credits:
            info.add_itxt("Copyright", credits)
        from .render.raster import encode_png

        # as self.image (RGB when opaque); unfiltered rows, zlib level 3 in parallel slices
        return encode_png(self.rendering.image, info, opaque_rgb=True)

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        svg: str | os.PathLike[str] | None = None,
        layers: str | os.PathLike[str] | None = None,
    ) -> Path:
        """Write the PNG (and optionally the SVG and the layers folder) as one set.

        Every path is checked before anything is written; each file is written under a
        temporary name beside its target and renamed into place only when all of them
        are on disk, so a failure leaves no file half-written and no set half-replaced.
        The layers folder follows :func:`check_layers_dir`."""
        outputs = Outputs(
            png=_path(path, "path"),
            svg=_path(svg, "svg") if svg is not None else None,
            layers=_path(layers, "layers") if layers is not None else None,
        )
        outputs.check()
        outputs.stage(self).commit()
        assert outputs.png is not None
        return outputs.png

    def to_json(self, image: str | None = None, svg: str | None = None) -> dict[str, Any]:
        return {
            "image": image,
            "svg": svg,
            "prompt": self.prompt,
            "intent": self.intent.model_dump(),
            "scene": self.scene.model_dump(mode="json"),
            "trace": self.trace,
            "checks": self.report.to_dict(),
            "facts": [f.model_dump() for f in self.scene.facts],
            "sources": self.sources,
            "grounding_failures": self.failures,
            **({"turn": self.turn} if self.turn is not None else {}),
            **(
                {"changed_layers": self.changed_layers, "ops": [o.model_dump() for o in self.ops]}
                if self.changed_layers is not None
                else {}
            ),
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


def check_text(value: str, what: str) -> str:
    """``value`` unchanged, or an InputError naming the first character that is not text.

    Undecodable bytes in argv or a file name reach Python as lone surrogates
    (surrogateescape); they cannot be hashed, stored or written into a PNG, so they are
    refused before any work."""
    if not isinstance(value, str):
        raise InputError(f"{what} must be text (a str), not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        ch = value[e.start]
        if "\udc80" <= ch <= "\udcff":
            raise InputError(
                f"{what} has bytes that are not UTF-8 at position {e.start} (byte 0x{ord(ch) - 0xDC00:02X}); "
                "retype it as UTF-8 text (check the terminal's encoding)"
            ) from None
        raise InputError(
            f"{what} has a lone surrogate U+{ord(ch):04X} at position {e.start}, which is not text; remove it"
        ) from None
    return value


def _path(value: object, what: str) -> Path:
    """An output path from the API: a non-empty str or PathLike whose name is text."""
    if not isinstance(value, str | os.PathLike):
        raise OutputPathError(f"{what} must be a path (str or Path), not {type(value).__name__}")
    raw = os.fspath(value)
    if isinstance(raw, bytes):
        raise OutputPathError(f"{what} must be a str path, not bytes; decode it first")
    if not raw.strip():
        raise OutputPathError(f"{what} is empty; give a file or folder name")
    check_text(raw, what)
    return Path(raw)


def check_writable(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if not str(path).strip() or not path.name:
        raise OutputPathError(f"output path {str(path)!r} names no file; give a file name like poster.png")
    if path.is_dir():
        raise OutputPathError(f"output path {str(path)!r} is a folder; give a file name like poster.png")
    if not parent.is_dir():
        raise OutputPathError(f"folder {str(parent)!r} does not exist; create it or choose another output path")
    if not os.access(parent, os.W_OK):
        raise OutputPathError(f"cannot write to {str(parent)!r}; choose a folder you can write to")


LAYERS_MANIFEST = "manifest.json"
LAYERS_FORMAT = "egaku-layers/1"


def check_layers_dir(path: Path) -> None:
    """A layers folder must be new, empty, or one an earlier ``--layers`` wrote (a
    ``manifest.json`` listing every file in it); that is replaced as a whole. Any other
    folder is refused, so egaku never mixes its layers with files it did not write."""
    if not str(path).strip():
        raise OutputPathError("the layers folder is empty; give a folder name like layers/")
    if path.name in ("", ".", ".."):
        raise OutputPathError(f"layers folder {str(path)!r} names no new folder; give a folder name like layers/")
    if path.is_symlink():
        raise OutputPathError(
            f"layers folder {str(path)!r} is a symbolic link; give the folder it points to, or a new folder"
        )
    parent = path.parent if str(path.parent) else Path(".")
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"layers folder {str(path)!r} is a file; give a folder name like layers/")
    if not parent.is_dir():
        raise OutputPathError(f"folder {str(parent)!r} does not exist; create it or choose another layers folder")
    if not os.access(parent, os.W_OK):
        raise OutputPathError(f"cannot write to {str(parent)!r}; choose a folder you can write to")
    if not path.is_dir():
        return
    try:
        entries = sorted(os.listdir(path))
    except OSError as e:
        raise OutputPathError(
            f"cannot read layers folder {str(path)!r} ({e.strerror}); choose another folder"
        ) from None
    if not entries:
        return
    listed = _manifest_files(path)
    if listed is None or not set(entries) <= listed | {LAYERS_MANIFEST}:
        stray = [e for e in entries if listed is None or e not in listed | {LAYERS_MANIFEST}]
        shown = ", ".join(stray[:3]) + (", …" if len(stray) > 3 else "")
        raise OutputPathError(
            f"layers folder {str(path)!r} holds files egaku did not write ({shown}); "
            "give a new or empty folder, or one an earlier --layers wrote (it is replaced as a whole)"
        )
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputPathError(f"cannot replace layers folder {str(path)!r}; choose a folder you can write to")


def _manifest_files(folder: Path) -> set[str] | None:
    """The file names an egaku layers manifest in ``folder`` lists, or None when there is none."""
    try:
        data = json.loads((folder / LAYERS_MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != LAYERS_FORMAT:
            return None
        return {str(layer["file"]) for layer in data["layers"]}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _layer_file(layer_id: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in layer_id).lstrip(".")
    return f"{safe or 'layer'}.png"


@dataclass(frozen=True)
class Outputs:
    """Where a generation goes: the PNG, the SVG, the layers folder (each optional)."""

    png: Path | None = None
    svg: Path | None = None
    layers: Path | None = None

    def check(self) -> None:
        """Every path is writable, and no two are the same: before any work."""
        for p in (self.png, self.svg):
            if p is not None:
                check_text(str(p), "the output path")
                check_writable(p)
        if self.layers is not None:
            check_text(str(self.layers), "the layers folder")
            check_layers_dir(self.layers)
        named = [os.path.abspath(p) for p in (self.png, self.svg, self.layers) if p is not None]
        if len(set(named)) < len(named):
            raise OutputPathError("two outputs name the same path; give the PNG, SVG and layers folder different names")
        if self.layers is not None:
            folder = os.path.realpath(self.layers)
            for p in (self.png, self.svg):
                if p is not None and os.path.realpath(p).startswith(folder + os.sep):
                    raise OutputPathError(
                        f"{str(p)!r} is inside the layers folder {str(self.layers)!r}, which is replaced as a "
                        "whole; write it somewhere else"
                    )

    def stage(self, gen: Generation, progress: Progress | None = None) -> Staged:
        """Write everything under temporary names beside the targets; nothing is replaced yet."""
        note = progress or (lambda _stage: None)
        staged = Staged(self)
        try:
            png = gen.png_bytes() if self.png is not None or self.layers is not None else b""
            if self.layers is not None:
                note(f"write {len(gen.rendering.layers)} layers")
                staged.layers = _stage_layers(gen, self.layers, png)
            if self.svg is not None:
                note("write SVG")
                staged.svg = _stage_file(self.svg, gen.svg.encode("utf-8"))
            if self.png is not None:
                note("write PNG")
                staged.png = _stage_file(self.png, png)
        except BaseException:
            staged.discard()
            raise
        return staged


@dataclass
class Staged:
    """Outputs written under temporary names; :meth:`commit` renames them into place."""

    outputs: Outputs
    png: Path | None = None
    svg: Path | None = None
    layers: Path | None = None

    def commit(self, outputs: Outputs | None = None) -> Outputs:
        """Rename every staged file into place (at ``outputs``' names, in the same folders,
        when given: e.g. a name that holds the turn id once it is known)."""
        to = outputs or self.outputs
        try:
            if self.layers is not None and to.layers is not None:
                _swap_dir(self.layers, to.layers)
                self.layers = None
            for tmp, target in ((self.svg, to.svg), (self.png, to.png)):
                if tmp is not None and target is not None:
                    try:
                        os.replace(tmp, target)
                    except OSError as e:
                        raise OutputPathError(
                            f"cannot write {str(target)!r} ({e.strerror}); choose another output path"
                        ) from None
            self.svg = self.png = None
        finally:
            self.discard()
        return to

    def discard(self) -> None:
        """Remove whatever is still staged."""
        for tmp in (self.png, self.svg):
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        if self.layers is not None:
            shutil.rmtree(self.layers, ignore_errors=True)
        self.png = self.svg = self.layers = None


def _stage_file(path: Path, data: bytes) -> Path:
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=parent)
    except OSError as e:
        raise OutputPathError(f"cannot write to {str(parent)!r} ({e.strerror}); choose another output path") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a saved image is an ordinary file
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputPathError(
                f"cannot write {str(path)!r} ({e.strerror}); free space or choose another path"
            ) from None
        raise
    return Path(tmp)


def _stage_layers(gen: Generation, folder: Path, png: bytes) -> Path:
    """The whole layers folder, under a temporary name beside ``folder``."""
    from .render.raster import encode_png

    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=parent))
    except OSError as e:
        raise OutputPathError(f"cannot write to {str(parent)!r} ({e.strerror}); choose another layers folder") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes 0700; a layers folder is an ordinary folder
        size = gen.rendering.image.size
        entries = []
        used: set[str] = set()
        for z, r in enumerate(gen.rendering.layers):
            name = _layer_file(r.id)
            while name in used or name == LAYERS_MANIFEST:
                name = f"{name[:-4]}_.png"
            used.add(name)
            (tmp / name).write_bytes(encode_png(r.full(size)))
            entries.append(
                {"id": r.id, "file": name, "z": z, "x": r.x, "y": r.y, "width": r.image.width, "height": r.image.height}
            )
        manifest = {
            "format": LAYERS_FORMAT,
            "generator": f"egaku {__version__}",
            "canvas": {"width": size[0], "height": size[1]},
            "image_sha256": hashlib.sha256(png).hexdigest(),
            "order": "z ascending: composite the files bottom to top with alpha to get the image",
            "layers": entries,
        }
        (tmp / LAYERS_MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for p in tmp.iterdir():
            os.chmod(p, 0o666 & ~umask)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, OSError):
            raise OutputPathError(
                f"cannot write layers into {str(parent)!r} ({e.strerror}); free space or choose another folder"
            ) from None
        raise
    return tmp


def _swap_dir(tmp: Path, target: Path) -> None:
    """Put the staged folder ``tmp`` at ``target``: a new or empty target is replaced in one
    rename; an earlier layers folder is renamed aside, replaced, then removed."""
    check_layers_dir(target)  # still new, empty or egaku's own
    try:
        os.rename(tmp, target)
        return
    except OSError as e:
        if e.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise OutputPathError(f"cannot write layers folder {str(target)!r} ({e.strerror})") from None
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    try:
        os.rename(target, old)
    except OSError as e:
        raise OutputPathError(f"cannot replace layers folder {str(target)!r} ({e.strerror})") from None
    try:
        os.rename(tmp, target)
    except OSError as e:
        os.rename(old, target)
        raise OutputPathError(f"cannot replace layers folder {str(target)!r} ({e.strerror})") from None
    shutil.rmtree(old, ignore_errors=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    check_writable(path)
    Staged(Outputs(png=path), png=_stage_file(path, data)).commit()


def generate(
    prompt: str,
    *,
    size: tuple[int, int] | None = None,
    aspect: str | None = None,
    seed: int | None = None,
    ocr: bool = True,
    offline: bool | None = None,
    now: str | None = None,
    progress: Progress | None = None,
    planner: str | None = None,
    no_invent: bool = False,
    keep_drafts: str | os.PathLike[str] | None = None,
    painter: object = None,
    model: object = None,
    variant: int = 1,
) -> Generation:
    """Turn a request (Japanese or English) into a designed image with exact text.

    ``offline`` (or EGAKU_OFFLINE=1) forbids network calls; ``now`` (ISO 8601, or
    EGAKU_NOW) fixes the clock for reproducible grounded renders. ``planner`` is "rules",
    "llm" or "auto" (the default: a language model when one is configured, see
    :mod:`egaku.llm.config`); with a model, the request is planned by it, and the drawing
    is critiqued and revised (at most two rounds). ``no_invent`` forbids the model to
    write copy; ``keep_drafts`` is a folder for each round's image. ``painter`` is
    "vector" (the default) or "diffusers" with ``model`` a diffusers pipeline folder (or
    EGAKU_MODEL), or a :class:`egaku.render.diffusion.Painter`: the setting and subjects
    are then painted by the model, the text stays exact (see :mod:`egaku.painting`)."""
    check_generate_args(
        prompt, size=size, aspect=aspect, seed=seed, ocr=ocr, offline=offline, now=now, progress=progress
    )
    check_variant(variant, "variant")
    painter = choose_painter(painter, model)
    from .llm.config import check_planner, choose_model, review_rounds

    planner = check_planner(planner)
    if not isinstance(no_invent, bool):
        raise InputError(f"no_invent must be True or False, not {no_invent!r:.40}")
    drafts = _drafts_dir(keep_drafts)
    note = progress or (lambda _stage: None)
    trace = Trace()
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    model, model_timeout = choose_model(planner, offline=offline, trace=trace)
    rounds = review_rounds() if model is not None else 0

    # 1. Understand the request: the rules, then the model (checked against the request).
    note("understand")
    t = time.perf_counter()
    intent = understand(prompt, size=size, aspect=aspect, seed=seed, trace=trace)
    rules_intent, rules_lines = intent, list(trace.lines)
    timings["understand"] = _ms(t)
    if model is not None:
        from .llm.planner import plan

        note("plan")
        t = time.perf_counter()
        intent = plan(
            intent.prompt, intent, model, trace, timeout=model_timeout, no_invent=no_invent,
            canvas_fixed=size is not None or aspect is not None,
        )  # fmt: skip
        timings["plan"] = _ms(t)
    if variant > 1:  # what the request left open, varied (egaku.compose.variants)
        from .compose.variants import vary

        intent = vary(intent, variant, trace)
    if ocr and intent.texts:  # load the OCR model while composing and rendering (it releases the GIL)
        from .ocr import prefetch

        prefetch()

    reader = _reader(model, model_timeout, intent.prompt, trace) if model is not None else None
    scene, rendering, report, grounding = _draw(
        intent, trace, timings, note, ocr=ocr, offline=offline, now=now, reader=reader, painter=painter
    )

    # 6. Think after drawing: the model critiques the render and may revise the plan.
    if (
        model is not None and intent.planner != "rules" and rounds
    ):  # a model that could not plan is not asked to critique
        _review(
            model, model_timeout, rules_intent, rules_lines, trace, timings, note, drafts,
            state := _Drawn(intent, scene, rendering, report, grounding), rounds,
            ocr=ocr, offline=offline, now=now, no_invent=no_invent, canvas_fixed=size is not None or aspect is not None,
            painter=painter,
        )  # fmt: skip
        intent, scene, rendering, report, grounding = (
            state.intent, state.scene, state.rendering, state.report, state.grounding
        )  # fmt: skip
    trace.add("verify", checks_summary(report, ocr=ocr))
    timings["ocr"] = report.ocr_ms
    timings["total"] = _ms(t_all)
    return Generation(
        prompt=intent.prompt,
        intent=intent,
        scene=scene,
        rendering=rendering,
        trace=trace.text(),
        report=report,
        timings_ms=timings,
        failures=list(grounding.failures) if grounding else [],
    )


@dataclass
class _Drawn:
    intent: Intent
    scene: Scene
    rendering: Rendering
    report: Report
    grounding: Any


def _draw(
    intent: Intent,
    trace: Trace,
    timings: dict[str, float],
    note: Progress,
    *,
    ocr: bool,
    offline: bool | None,
    now: str | None,
    reader: Any = None,
    painter: Any = None,
    adjust: Any = None,
) -> tuple[Scene, Rendering, Report, Any]:
    """Ground, compose, render, verify (with one repair round) an intent. ``adjust``
    (scene → scene) changes the composed scene before it is drawn (a resize carries the
    user's edits over with it)."""
    # 2. Ground: look up the live facts the request needs (none for most requests).
    grounding = None
    if intent.needs:
        note("ground")
        t = time.perf_counter()
        grounding = ground(
            intent.needs, intent.language, trace, offline=offline, now=now, request=intent.prompt, reader=reader
        )
        timings["ground"] = timings.get("ground", 0.0) + _ms(t)

    # 3. Compose the scene.
    note("compose")
    t = time.perf_counter()
    scene = compose(intent, trace, grounding)
    if grounding is not None:
        scene.facts = list(grounding.facts)
    if adjust is not None:
        scene = adjust(scene)
    timings["compose"] = timings.get("compose", 0.0) + _ms(t)

    # 3b. Paint the setting and the subjects, when a diffusion painter is chosen.
    if painter is not None:
        from .painting import paint_scene

        note("paint")
        t = time.perf_counter()
        scene = paint_scene(scene, intent, painter, trace)
        timings["paint"] = timings.get("paint", 0.0) + _ms(t)

    # 4. Render layer by layer.
    note(f"render {scene.canvas.width}×{scene.canvas.height}, {len(scene.leaves())} layers")
    t = time.perf_counter()
    rendering = render(scene)
    timings["render"] = timings.get("render", 0.0) + _ms(t)

    # 5. Verify; one repair round for what failed.
    note("verify")
    t = time.perf_counter()
    report = verify(scene, rendering, intent.texts, ocr=ocr)
    done: list[str] = []
    for _round in range(REPAIR_ROUNDS):  # a repair can leave a design check to repair (a moved text)
        if report.ok:
            break
        repaired, repairs = repair(scene, report, rendering)
        if not repairs:
            break
        for r in repairs:
            trace.add("verify", f"repair: {r}", "a check failed")
        done += repairs
        scene = repaired
        rendering = render(scene, reuse={r.id: r for r in rendering.layers})
        report = verify(scene, rendering, intent.texts, ocr=ocr)
        report.repairs = list(done)
    for c in report.checks:
        if not c.ok:
            trace.add("verify", f"FAILED {c.name} {c.target!r}: {c.detail}")
    timings["verify"] = timings.get("verify", 0.0) + _ms(t)
    return scene, rendering, report, grounding


def _reader(model: Any, timeout: float, request: str, trace: Trace) -> Any:
    """The model as a reader of search results (records the rules could not read)."""

    def read(hits: list[Any], ask: Any) -> Any:
        from .llm.extract import extract_with_model

        return extract_with_model(model, request, hits, ask, timeout=timeout, trace=trace)

    return read


MAX_REVIEW_ROUNDS = 2


def _review(
    model: Any,
    timeout: float,
    rules_intent: Intent,
    rules_lines: list[dict[str, str]],
    trace: Trace,
    timings: dict[str, float],
    note: Progress,
    drafts: Path | None,
    state: _Drawn,
    rounds: int,
    *,
    ocr: bool,
    offline: bool | None,
    now: str | None,
    no_invent: bool,
    canvas_fixed: bool,
    painter: Any = None,
) -> None:
    """Critique → revise → draw again, at most two rounds; a revision that checks worse
    than what it replaces is not kept. ``state`` ends as the drawing kept."""
    from .llm.planner import merge
    from .llm.review import critique

    t = time.perf_counter()
    if drafts is not None:
        _save_draft(drafts, 1, state.rendering)
    for round_no in range(1, min(rounds, MAX_REVIEW_ROUNDS) + 1):
        note(f"review {round_no}")
        c = critique(
            model,
            rules_intent.prompt,
            state.intent,
            state.scene,
            state.report,
            trace,
            timeout=timeout,
            round_no=round_no,
        )
        if c is None or c.verdict == "keep" or c.plan is None:
            if c is not None:
                trace.add(
                    f"review {round_no}",
                    "kept the drawing",
                    "the model's verdict" if c.verdict == "keep" else "no revised plan given",
                )
            break
        revised = merge(
            rules_intent.prompt, rules_intent, c.plan, trace, model_name=model.name, no_invent=no_invent,
            canvas_fixed=canvas_fixed, rules_trace=rules_lines,
        )  # fmt: skip
        revised = revised.model_copy(update={"seed": state.intent.seed})
        if revised.model_dump() == state.intent.model_dump():
            trace.add(f"review {round_no}", "the revised plan draws the same picture; kept the drawing")
            break
        scene, rendering, report, grounding = _draw(
            revised, trace, timings, note, ocr=ocr, offline=offline, now=now,
            reader=_reader(model, timeout, rules_intent.prompt, trace), painter=painter,
        )  # fmt: skip
        if drafts is not None:
            _save_draft(drafts, round_no + 1, rendering)
        passed = sum(c.ok for c in report.checks), sum(c.ok for c in state.report.checks)
        if report.checks and not report.ok and passed[0] < passed[1]:
            trace.add(
                f"review {round_no}",
                "the revision checks worse; kept the earlier drawing",
                f"{passed[0]} < {passed[1]} checks passed",
            )
            break
        trace.add(f"review {round_no}", "revised the drawing", "the model's critique, checked against the request")
        state.intent, state.scene, state.rendering, state.report, state.grounding = (
            revised,
            scene,
            rendering,
            report,
            grounding,
        )
    timings["review"] = _ms(t)


def _drafts_dir(value: object) -> Path | None:
    if value is None:
        return None
    path = _path(value, "keep_drafts")
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"--keep-drafts {str(path)!r} is a file; give a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputPathError(f"cannot make the drafts folder {str(path)!r} ({e.strerror})") from None
    return path


def _save_draft(folder: Path, n: int, rendering: Rendering) -> None:
    from .render.raster import encode_png

    atomic_write(folder / f"draft-{n}.png", encode_png(rendering.image, None, opaque_rgb=True))


def checks_summary(report: Report, *, ocr: bool) -> str:
    """The trace's verdict: '12/12 checks passed (text 5/5, design 7/7)', or 'no text to
    check' for a design with no words (and its design checks, when it has pictures)."""
    from .verify import DESIGN_CHECKS

    design = [c for c in report.checks if c.name in DESIGN_CHECKS]
    text = [c for c in report.checks if c.name not in DESIGN_CHECKS]
    off = "" if ocr else " (OCR off)"
    if not text:
        if not design:
            return "no text to check (the design has no words)"
        return f"no text to check (the design has no words); {sum(c.ok for c in design)}/{len(design)} design checks passed"
    return (
        f"{sum(c.ok for c in report.checks)}/{len(report.checks)} checks passed "
        f"(text {sum(c.ok for c in text)}/{len(text)}, design {sum(c.ok for c in design)}/{len(design)}){off}"
    )


MAX_SEED = 2**32 - 1


def choose_painter(painter: object, model: object = None) -> Any:
    """None for the vector painter, else the checked diffusion painter (a missing extra,
    a folder that is not a pipeline: one line, before any work)."""
    from .render.diffusion import Painter, check_painter

    if isinstance(painter, Painter):
        if model is not None:
            raise InputError("give model inside the Painter, or painter='diffusers' with model, not both")
        return painter
    return check_painter(painter, model)


def check_generate_args(
    prompt: object,
    *,
    size: object = None,
    aspect: object = None,
    seed: object = None,
    ocr: object = True,
    offline: object = None,
    now: object = None,
    progress: object = None,
) -> None:
    """Refuse bad arguments to :func:`generate` before any work (InputError, one line)."""
    if progress is not None and not callable(progress):
        raise InputError(f"progress must be a function taking a stage name, not {type(progress).__name__}")
    from .understand.rules import MAX_SIDE, MIN_SIDE

    if not isinstance(prompt, str):
        raise InputError(f"the prompt must be text (a str), not {type(prompt).__name__}")
    check_text(prompt, "the prompt")
    if size is not None:
        if not (
            isinstance(size, tuple | list)
            and len(size) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in size)
        ):
            raise SizeError(f"size must be (width, height) in whole pixels, not {size!r:.60}")
        if not all(MIN_SIDE <= v <= MAX_SIDE for v in size):
            raise SizeError(f"size {size[0]}×{size[1]}: each side must be {MIN_SIDE}..{MAX_SIDE} px")
    if aspect is not None:
        if not isinstance(aspect, str):
            raise SizeError(f"aspect must be text like '16:9', not {type(aspect).__name__}")
        check_text(aspect, "the aspect")
    if size is not None and aspect is not None:
        raise SizeError("give size or aspect, not both")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED):
        raise InputError(f"seed must be a whole number 0..{MAX_SEED}, not {seed!r:.40}")
    if not isinstance(ocr, bool):
        raise InputError(f"ocr must be True or False, not {ocr!r:.40}")
    if offline is not None and not isinstance(offline, bool):
        raise InputError(f"offline must be True, False or None, not {offline!r:.40}")
    if now is not None:
        if not isinstance(now, str) or not now.strip():
            raise InputError(f"now must be an ISO 8601 time like 2026-11-25T09:00+09:00, not {now!r:.40}")
        from .ground.base import parse_now

        parse_now(check_text(now, "now"), "now")


def check_variant(value: object, what: str) -> int:
    """A variant number 1..MAX_VARIANTS (InputError, one line, otherwise)."""
    from .compose.variants import MAX_VARIANTS

    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_VARIANTS:
        raise InputError(f"{what} must be a whole number 1..{MAX_VARIANTS}, not {value!r:.40}")
    return value


def generate_variants(prompt: str, n: int, **kwargs: Any) -> list[Generation]:
    """``n`` different designs of one request (variant 1 is :func:`generate`'s own); the
    same request and seed give the same variants. ``kwargs`` as for :func:`generate`."""
    check_variant(n, "the number of variants")
    return [generate(prompt, variant=k, **kwargs) for k in range(1, n + 1)]


def variants_sheet(gens: list[Generation], cell: int = 480) -> Image.Image:
    """The variants side by side, each numbered under it (a contact sheet to pick from)."""
    from PIL import ImageDraw, ImageFont

    from .typography.fonts import FACE_FILES, fonts_dir

    pad, label = 24, 44
    sheet = Image.new("RGB", (pad + len(gens) * (cell + pad), pad + cell + label + pad), "#F4F4F2")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(fonts_dir() / FACE_FILES["display"]), 26)
    for i, gen in enumerate(gens):
        img = gen.image.convert("RGBA")
        img.thumbnail((cell, cell), Image.Resampling.LANCZOS)
        x = pad + i * (cell + pad) + (cell - img.width) // 2
        y = pad + (cell - img.height) // 2
        board = Image.new("RGBA", img.size, "#FFFFFF")
        board.alpha_composite(img)
        sheet.paste(board.convert("RGB"), (x, y))
        draw.rectangle((x - 1, y - 1, x + img.width, y + img.height), outline="#D0D0CC")
        draw.text((pad + i * (cell + pad) + cell // 2, pad + cell + 10), str(i + 1), fill="#333333", font=font,
                  anchor="mt")  # fmt: skip
    return sheet


REPAIR_ROUNDS = 2


def repair(scene: Scene, report: Report, rendering: Rendering | None = None) -> tuple[Scene, list[str]]:
    """Fix what verification found: an outline or a backdrop for weak contrast or a
    misread; decoration moved off covered text; with the ``rendering`` measured, the
    design checks (:func:`egaku.edit.repair.repair_design`). Returns the new scene and
    what was done."""
    new = scene.model_copy(deep=True)
    done: list[str] = []
    if rendering is not None:
        from .edit.repair import repair_design

        done += repair_design(new, rendering, report.failed())
    failed = {(c.name, c.target) for c in report.failed()}
    for layer in new.layers:
        if not isinstance(layer, TextLayer):
            continue
        if ("contrast", layer.id) in failed or ("ocr", layer.id) in failed:
            light_panel = contrast(layer.fill, "#FFFFFF") > contrast(layer.fill, "#000000")
            base = new.palette.get("background", "#808080")
            # a scrim in the palette's own hue, pushed towards white or black until the
            # text reaches 4.5:1 on it (with a margin for what shows through)
            for t in (0.75, 0.85, 0.95, 1.0):
                panel = mix(base, "#FFFFFF" if light_panel else "#000000", t)
                if contrast(layer.fill, mix(base, panel, 0.92)) >= 5.0:
                    break
            layer.backdrop, layer.backdrop_opacity = panel, 0.92
            done.append(f"{layer.id}: backdrop panel {panel} behind the text")
        if ("uncovered", layer.id) in failed:
            for other in new.layers:
                if other.z > layer.z and other.role == "decoration":
                    other.z = layer.z - 1
                    done.append(f"{other.id}: moved below {layer.id}")
    return new, done


def _ms(t: float) -> float:
    return (time.perf_counter() - t) * 1000
