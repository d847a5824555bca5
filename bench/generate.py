"""Benchmark egaku.generate(): latency per stage, the one-pass resvg baseline, OCR, peak RSS.

    python bench/generate.py [--runs N] [--json]

Steps, in order (each prints one block of the table):
  1. generate() without OCR for a 1024x1024 poster and a 1080x2340 wallpaper:
     p50/p95 of total, p50 per stage, and p50 of PNG encoding (gen.png_bytes()), separately.
     The renderer's memo of drawn fragments is cleared before every run, so each run
     draws its layers from scratch, as a new request does.
  2. Baseline in the same process: the final scene rasterised in one resvg pass,
     rasterize_svg(outlined_svg(scene)), and total_p50 / baseline_p50.
  3. OCR verification: p50 of timings_ms['ocr'] with ocr=True (warm), and the first
     call's OCR time (model load included) in a fresh subprocess.
  4. Peak RSS of one CLI run (`python -m egaku generate ...`) in a child process.

Every measured loop runs once as a warm-up first; figures are milliseconds unless noted.
Progress goes to stderr; with --json, stdout is a single JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import egaku
from egaku.render.raster import clear_memo, outlined_svg, rasterize_svg

POSTER = "文化祭のポスターを作って。真ん中に『第50回 輝け青春』と大きく書いて"
WALLPAPER = "スマホの壁紙を作って。『今日もいい日』と縦書きで"
CASES: dict[str, dict[str, Any]] = {
    "poster 1024x1024": {"prompt": POSTER, "size": (1024, 1024)},
    "wallpaper 1080x2340": {"prompt": WALLPAPER, "size": None},  # 1080x2340 is its default
}
STAGES = ("understand", "compose", "render", "verify")

# Targets
POSTER_P50_MAX_MS = 200.0  # poster total p50, OCR off
RATIO_MAX = 1.5  # total_p50 / baseline_p50
OCR_P50_MAX_MS = 1000.0  # warm OCR p50
RSS_MAX_MB = 400.0  # peak RSS of one CLI run (MB = 10^6 bytes)


def p95(xs: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1000, out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def note(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# 1. generate() without OCR: total, stages, PNG encoding ------------------------------------


def bench_generate(prompt: str, size: tuple[int, int] | None, runs: int) -> tuple[dict[str, Any], egaku.Generation]:
    gen = egaku.generate(prompt, size=size, ocr=False)  # warm-up
    gen.png_bytes()
    timings: list[dict[str, float]] = []
    png_ms: list[float] = []
    for _ in range(runs):
        clear_memo()
        gen = egaku.generate(prompt, size=size, ocr=False)
        timings.append(gen.timings_ms)
        ms, _png = timed(gen.png_bytes)
        png_ms.append(ms)
    totals = [t["total"] for t in timings]
    res = {
        "canvas": [gen.scene.canvas.width, gen.scene.canvas.height],
        "total_p50": statistics.median(totals),
        "total_p95": p95(totals),
        "stages_p50": {s: statistics.median(t[s] for t in timings) for s in STAGES},
        "png_p50": statistics.median(png_ms),
        "checks_ok": gen.report.ok,
    }
    return res, gen


# 2. Baseline: the whole final scene, one resvg pass, text as outlines ------------------------


def bench_baseline(gen: egaku.Generation, runs: int) -> dict[str, float]:
    rasterize_svg(outlined_svg(gen.scene))  # warm-up
    svg_ms: list[float] = []
    raster_ms: list[float] = []
    for _ in range(runs):
        ms_svg, svg = timed(lambda: outlined_svg(gen.scene))
        ms_raster, _img = timed(lambda svg=svg: rasterize_svg(svg))
        svg_ms.append(ms_svg)
        raster_ms.append(ms_raster)
    both = [a + b for a, b in zip(svg_ms, raster_ms, strict=True)]
    return {
        "baseline_p50": statistics.median(both),  # rasterize_svg(outlined_svg(scene))
        "svg_build_p50": statistics.median(svg_ms),
        "rasterize_p50": statistics.median(raster_ms),
    }


# 3. OCR: warm p50 in this process; first call (model load) in a fresh one -------------------

FIRST_OCR = """\
import json, sys, time
t = time.perf_counter()
from egaku import generate  # the package is lazy: this imports the pipeline
imp = (time.perf_counter() - t) * 1000
g = generate(sys.argv[1], size=(1024, 1024), ocr=True)
print(json.dumps({"import_ms": imp, "ocr_ms": g.timings_ms["ocr"], "total_ms": g.timings_ms["total"]}))
"""


def bench_ocr(runs: int) -> dict[str, Any]:
    egaku.generate(POSTER, size=(1024, 1024), ocr=True)  # warm-up (loads the model)
    ocr_ms: list[float] = []
    ok = True
    for _ in range(runs):
        gen = egaku.generate(POSTER, size=(1024, 1024), ocr=True)
        ocr_ms.append(gen.timings_ms["ocr"])
        ok = ok and all(c.ok for c in gen.report.checks if c.name == "ocr")
    proc = subprocess.run([sys.executable, "-c", FIRST_OCR, POSTER], capture_output=True, text=True, check=True)
    first = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "ocr_p50": statistics.median(ocr_ms),
        "ocr_p95": p95(ocr_ms),
        "ocr_checks_ok": ok,
        "first_call_ocr_ms": first["ocr_ms"],
        "first_call_total_ms": first["total_ms"],
        "first_call_import_ms": first["import_ms"],
    }


# 4. Peak RSS of one CLI run, read exactly for that child with os.wait4 ------------------------


def bench_rss() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "egaku", "generate", POSTER, "-o", str(Path(tmp) / "x.png"), "--quiet"]
        with open(Path(tmp) / "stderr.txt", "w+b") as err:
            t = time.perf_counter()
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            _pid, status, usage = os.wait4(child.pid, 0)
            wall_ms = (time.perf_counter() - t) * 1000
            child.returncode = os.waitstatus_to_exitcode(status)  # already reaped; tell Popen
            if child.returncode != 0:
                err.seek(0)
                raise SystemExit(f"CLI run failed ({child.returncode}): {err.read().decode(errors='replace')}")
    kib = usage.ru_maxrss  # KiB on Linux
    return {
        "cmd": "python -m egaku generate <poster prompt> -o x.png --quiet (OCR on)",
        "peak_rss_mb": kib * 1024 / 1e6,
        "wall_ms": wall_ms,
    }


# Report -----------------------------------------------------------------------------------


def print_table(fig: dict[str, Any], runs: int) -> None:
    print(f"egaku {egaku.__version__} generate() benchmark, {runs} runs after 1 warm-up, ms (p50 unless noted)")
    print()
    print("1. generate(ocr=False)")
    hdr = f"   {'case':<21}{'total p50':>10}{'p95':>8}" + "".join(f"{s:>11}" for s in STAGES) + f"{'png enc':>9}"
    print(hdr)
    for name, c in fig["cases"].items():
        row = f"   {name:<21}{c['total_p50']:>10.1f}{c['total_p95']:>8.1f}"
        row += "".join(f"{c['stages_p50'][s]:>11.1f}" for s in STAGES) + f"{c['png_p50']:>9.1f}"
        print(row)
    poster = fig["cases"]["poster 1024x1024"]["total_p50"]
    print(
        f"   target: poster total p50 <= {POSTER_P50_MAX_MS:.0f} ms: {poster:.1f} ms  "
        f"{verdict(poster <= POSTER_P50_MAX_MS)}"
    )
    print()
    print("2. baseline: rasterize_svg(outlined_svg(scene)), one resvg pass")
    print(f"   {'case':<21}{'baseline':>10}{'(svg':>8}{'+ raster)':>11}{'total/baseline':>16}  target <= {RATIO_MAX}")
    for name, c in fig["cases"].items():
        b = c["baseline"]
        print(
            f"   {name:<21}{b['baseline_p50']:>10.1f}{b['svg_build_p50']:>8.1f}{b['rasterize_p50']:>11.1f}"
            f"{c['ratio']:>16.2f}  {verdict(c['ratio'] <= RATIO_MAX)}"
        )
    print()
    o = fig["ocr"]
    print("3. OCR verification (poster, ocr=True)")
    print(
        f"   warm timings_ms['ocr'] p50 {o['ocr_p50']:.1f}  p95 {o['ocr_p95']:.1f}  "
        f"(OCR checks {'ok' if o['ocr_checks_ok'] else 'FAILED'})"
    )
    print(f"   target: p50 <= {OCR_P50_MAX_MS:.0f} ms: {verdict(o['ocr_p50'] <= OCR_P50_MAX_MS)}")
    print(
        f"   first call, fresh process: ocr {o['first_call_ocr_ms']:.1f} (model load included), "
        f"total {o['first_call_total_ms']:.1f}, import egaku {o['first_call_import_ms']:.1f}"
    )
    print()
    r = fig["rss"]
    print("4. peak RSS of one CLI run")
    print(f"   {r['cmd']}")
    print(
        f"   peak RSS {r['peak_rss_mb']:.1f} MB (wall {r['wall_ms']:.0f} ms)  "
        f"target <= {RSS_MAX_MB:.0f} MB: {verdict(r['peak_rss_mb'] <= RSS_MAX_MB)}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20, help="measured runs per loop, after 1 warm-up (default 20)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be >= 1")

    fig: dict[str, Any] = {"runs": args.runs, "cases": {}}

    # 1 + 2: each case, then its baseline on the final scene
    for name, case in CASES.items():
        note(f"1. generate {name} x{args.runs}")
        res, gen = bench_generate(case["prompt"], case["size"], args.runs)
        note(f"2. baseline {name} x{args.runs}")
        res["baseline"] = bench_baseline(gen, args.runs)
        res["ratio"] = res["total_p50"] / res["baseline"]["baseline_p50"]
        fig["cases"][name] = res

    # 3
    note(f"3. OCR x{args.runs} + first call in a fresh process")
    fig["ocr"] = bench_ocr(args.runs)

    # 4
    note("4. peak RSS of one CLI run")
    fig["rss"] = bench_rss()

    poster = fig["cases"]["poster 1024x1024"]
    fig["targets"] = {
        "poster_total_p50_le_200ms": poster["total_p50"] <= POSTER_P50_MAX_MS,
        "ratio_le_1_5": {n: c["ratio"] <= RATIO_MAX for n, c in fig["cases"].items()},
        "ocr_p50_le_1000ms": fig["ocr"]["ocr_p50"] <= OCR_P50_MAX_MS,
        "peak_rss_le_400mb": fig["rss"]["peak_rss_mb"] <= RSS_MAX_MB,
    }

    if args.json:
        print(json.dumps(fig, ensure_ascii=False))
    else:
        print_table(fig, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
