"""Benchmark the diffusion painter on tiny random-weight pipelines (issue 14).

    python bench/diffusion.py [--runs N] [--size PX]

No weights, no network: each family's pipeline (SD 1.5-style, SDXL, FLUX.1) is built
from configs by ``tests/diffusion_tiny.py`` and saved to a temporary folder, then timed
through egaku's own path (``egaku.render.diffusion.Painter``):

1. load     ``from_pretrained(folder, local_files_only=True)`` onto the device
2. paint    2 steps at PX² (64 by default), text → image
3. inpaint  2 steps at PX², a square mask, through ``AutoPipelineForInpainting.from_pipe``
4. egaku    ``generate`` of a picture request with ``painter=`` (plan → prompt → paint →
            text over it → verify without OCR) and a ``Session.edit`` that repaints the
            shirt under its mask; at 256×256

p50 of N runs (a fresh Painter for each load). These measure egaku's overhead around a
model, not a model: a real one costs seconds to minutes per image (see docs/painting.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import warnings  # noqa: E402

from PIL import Image  # noqa: E402

from egaku.pipeline import generate  # noqa: E402
from egaku.render.diffusion import check_painter  # noqa: E402
from egaku.session import Session  # noqa: E402
from tests import diffusion_tiny  # noqa: E402

KOALA = 'a koala wearing a red aloha shirt on the beach, with the title "KOALA 海へ"'


def ms(t: float) -> float:
    return (time.perf_counter() - t) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--size", type=int, default=64)
    args = ap.parse_args()
    warnings.simplefilter("ignore")  # the tiny configs are old-fashioned on purpose
    px = args.size
    mask = Image.new("L", (px, px), 0)
    mask.paste(255, (px // 4, px // 4, 3 * px // 4, 3 * px // 4))
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'family':<10} {'build':>8} {'load':>8} {'paint':>8} {'inpaint':>8}   (ms, p50 of {args.runs}; {px}²)")
        for name, build in diffusion_tiny.BUILDERS.items():
            t = time.perf_counter()
            folder = build(Path(tmp) / f"tiny-{name}")
            built = ms(t)
            loads, paints, inpaints = [], [], []
            for run in range(args.runs):
                p = check_painter("diffusers", str(folder), steps=2)
                assert p is not None
                t = time.perf_counter()
                p.load()
                loads.append(ms(t))
                t = time.perf_counter()
                img = p.paint("a koala on a beach", px, px, seed=run).image
                paints.append(ms(t))
                t = time.perf_counter()
                p.inpaint(img, mask, "a blue shirt", seed=run)
                inpaints.append(ms(t))
            print(
                f"{name:<10} {built:8.0f} {statistics.median(loads):8.0f} {statistics.median(paints):8.0f} "
                f"{statistics.median(inpaints):8.0f}   device {p.resolved_device()}/{p.resolved_dtype()}"
            )

        p = check_painter("diffusers", str(Path(tmp) / "tiny-sd"), steps=2)
        gens, edits = [], []
        for run in range(args.runs):
            sess = Session(f"bench-{run}", home=Path(tmp) / "home")
            t = time.perf_counter()
            sess.generate(KOALA, size=(256, 256), painter=p, ocr=False)
            gens.append(ms(t))
            t = time.perf_counter()
            sess.edit("make the shirt blue", painter=p)
            edits.append(ms(t))
        print(
            f"egaku generate with painter (256², sd): p50 {statistics.median(gens):.0f} ms; "
            f"inpainting edit of the shirt: p50 {statistics.median(edits):.0f} ms"
        )
        t = time.perf_counter()
        generate(KOALA, size=(256, 256), ocr=False)
        print(f"the same request with the vector painter: {ms(t):.0f} ms")


if __name__ == "__main__":
    main()
