"""Benchmark conversational edits (issues 5 and 9).

    python bench/edit.py [--runs N]

1. Edit latency at 1024²: a recolour (the koala's shirt) and a background effect (only
   the background in a downpour), each applied N times to the same head turn through
   ``Session.edit`` (instruction → ops → re-render of the touched layers → verify without
   OCR → PNG and layer blobs stored → SQLite row). p50 and p95 of the whole call, and the
   p50 of its stages. The renderer's memo of drawn fragments is cleared before every call,
   so each edit draws its changed layers from scratch, as a new edit does.
2. Baseline in the same process: a full render of the same edited scene
   (``render(scene)`` with nothing reused, memo cleared). Ratio = edit p50 / full render p50.
   Targets: recolour p50 ≤ 60 ms, downpour p50 ≤ 150 ms, and each ≤ 0.5× the full render.
3. History load: ``Session.history`` of a 200-turn session (p50 of 20 loads).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from egaku.render import render
from egaku.render.raster import clear_memo
from egaku.session import Session

KOALA = "2足歩行のコアラを描いてください。コアラは、赤色のアロハシャツを着ています。"
EDITS = {  # name: (instruction, target p50 in ms)
    "recolour (shirt → blue)": ("このキャラクター、服を赤から青に変えて", 60.0),
    "background effect (downpour)": ("背景だけ土砂降りにして", 150.0),
}


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, -(-95 * len(s) // 100) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    home = tempfile.mkdtemp()
    s = Session("bench", home=home)
    root = s.generate(KOALA, size=(1024, 1024), ocr=False)
    print(f"edit latency at 1024x1024, {args.runs} runs each (ms)")
    print(f"{'edit':30s} {'p50':>7s} {'p95':>7s} {'full render':>12s} {'ratio':>6s} {'target':>7s}  stages p50")
    for name, (instruction, target) in EDITS.items():
        times, stages, last = [], [], None
        s.checkout(root.turn or 1)
        s.edit(instruction)  # warm-up
        for _ in range(args.runs):
            s.checkout(root.turn or 1)
            clear_memo()
            t = time.perf_counter()
            last = s.edit(instruction)
            times.append((time.perf_counter() - t) * 1000)
            stages.append(last.timings_ms)
        assert last is not None
        full = []
        for _ in range(max(5, args.runs // 2)):
            clear_memo()
            t = time.perf_counter()
            render(last.scene)
            full.append((time.perf_counter() - t) * 1000)
        e50, f50 = statistics.median(times), statistics.median(full)
        ok = "PASS" if e50 <= target and e50 <= 0.5 * f50 else "MISS"
        split = " ".join(f"{k} {statistics.median(st.get(k, 0.0) for st in stages):.0f}" for k in stages[-1])
        print(f"{name:30s} {e50:7.1f} {p95(times):7.1f} {f50:12.1f} {e50 / f50:6.2f} {target:7.0f}  {ok}  ({split})")

    # 3. history of a 200-turn session
    h = Session("long", home=home)
    h.generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    colours = ["blue", "red", "green", "yellow", "purple", "orange", "pink", "black"]
    for i in range(199):
        h.edit(f"make the title {colours[i % len(colours)]}")
    loads = []
    for _ in range(20):
        t = time.perf_counter()
        hist = Session("long", home=home).history
        loads.append((time.perf_counter() - t) * 1000)
    print(f"history load, {len(hist)} turns: p50 {statistics.median(loads):.1f} ms")


if __name__ == "__main__":
    main()
