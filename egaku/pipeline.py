"""generate(): the stages in order, with the trace and the timings.

understand(prompt) -> Intent       rules, JA + EN
compose(intent)    -> Scene        design templates
render(scene)      -> Rendering    scene -> SVG -> resvg, layer by layer
verify(scene, r)   -> Report       present, inside, uncovered, contrast, OCR
(one repair round when a check fails, then verify again)
"""

from __future__ import annotations

import io
import json
import os
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
from .errors import OutputPathError
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
        info.add_itxt("egaku:trace", "\n".join(self.trace))
        info.add_itxt("egaku:report", json.dumps(self.report.to_dict(), ensure_ascii=False))
        if self.scene.facts:
            info.add_itxt("egaku:sources", json.dumps(self.sources, ensure_ascii=False))
        info.add_itxt("Software", f"egaku {__version__}")
        credits = "; ".join(a.attribution for a in self.scene.assets if a.attribution)
        if credits:
            info.add_itxt("Copyright", credits)
        buf = io.BytesIO()
        self.image.save(buf, format="PNG", pnginfo=info, compress_level=6)
        return buf.getvalue()

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        svg: str | os.PathLike[str] | None = None,
        layers: str | os.PathLike[str] | None = None,
    ) -> Path:
        """Write the PNG (and optionally the SVG and per-layer PNGs), each atomically."""
        out = Path(path)
        check_writable(out)
        if svg is not None:
            check_writable(Path(svg))
        if layers is not None:
            ldir = Path(layers)
            try:
                ldir.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise OutputPathError(f"cannot create layers folder {str(ldir)!r}: {e.strerror}") from None
            size = self.rendering.image.size
            for r in self.rendering.layers:
                buf = io.BytesIO()
                r.full(size).save(buf, format="PNG")
                atomic_write(ldir / f"{r.id}.png", buf.getvalue())
        if svg is not None:
            atomic_write(Path(svg), self.svg.encode("utf-8"))
        atomic_write(out, self.png_bytes())
        return out

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


def check_writable(path: Path) -> None:
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputPathError(f"output path {str(path)!r} is a folder; give a file name like poster.png")
    if not parent.is_dir():
        raise OutputPathError(f"folder {str(parent)!r} does not exist; create it or choose another output path")
    if not os.access(parent, os.W_OK):
        raise OutputPathError(f"cannot write to {str(parent)!r}; choose a folder you can write to")


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    check_writable(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    except OSError as e:
        raise OutputPathError(
            f"cannot write to {str(path.parent)!r} ({e.strerror}); choose another output path"
        ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a saved image is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
) -> Generation:
    """Turn a request (Japanese or English) into a designed image with exact text.

    ``offline`` (or EGAKU_OFFLINE=1) forbids network calls; ``now`` (ISO 8601, or
    EGAKU_NOW) fixes the clock for reproducible grounded renders."""
    note = progress or (lambda _stage: None)
    trace = Trace()
    timings: dict[str, float] = {}
    t_all = time.perf_counter()

    # 1. Understand the request.
    note("understand")
    t = time.perf_counter()
    intent = understand(prompt, size=size, aspect=aspect, seed=seed, trace=trace)
    timings["understand"] = _ms(t)

    # 2. Ground: look up the live facts the request needs (none for most requests).
    grounding = None
    if intent.needs:
        note("ground")
        t = time.perf_counter()
        grounding = ground(intent.needs, intent.language, trace, offline=offline, now=now)
        timings["ground"] = _ms(t)

    # 3. Compose the scene.
    note("compose")
    t = time.perf_counter()
    scene = compose(intent, trace, grounding)
    if grounding is not None:
        scene.facts = list(grounding.facts)
    timings["compose"] = _ms(t)

    # 4. Render layer by layer.
    note("render")
    t = time.perf_counter()
    rendering = render(scene)
    timings["render"] = _ms(t)

    # 5. Verify; one repair round for what failed.
    note("verify")
    t = time.perf_counter()
    report = verify(scene, rendering, intent.texts, ocr=ocr)
    if not report.ok:
        repaired, repairs = repair(scene, report)
        if repairs:
            for r in repairs:
                trace.add("verify", f"repair: {r}", "a check failed")
            scene = repaired
            rendering = render(scene, reuse={r.id: r for r in rendering.layers})
            report = verify(scene, rendering, intent.texts, ocr=ocr)
            report.repairs = repairs
    for c in report.checks:
        if not c.ok:
            trace.add("verify", f"FAILED {c.name} {c.target!r}: {c.detail}")
    trace.add(
        "verify",
        f"{sum(c.ok for c in report.checks)}/{len(report.checks)} checks passed" + ("" if ocr else " (OCR off)"),
    )
    timings["verify"] = _ms(t)
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


def repair(scene: Scene, report: Report) -> tuple[Scene, list[str]]:
    """Fix what verification found: an outline or a backdrop for weak contrast or a
    misread; decoration moved off covered text. Returns the new scene and what was done."""
    new = scene.model_copy(deep=True)
    done: list[str] = []
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
