"""Benchmark the picture scenarios (issue 3): p50 latency of each at 1024², no OCR.

    python bench/pictures.py [--runs N]

For each scenario (koala character, penguin on ice from below, bar chart poster, cafe
menu board): one warm-up, then N runs of ``egaku.generate(prompt, size=(1024, 1024),
ocr=False)``; prints p50 and p95 of the total and the p50 of each stage, then the same
scene rasterised in one resvg pass (the baseline) and the ratio. Target: p50 ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

import egaku
from egaku.render.raster import outlined_svg, rasterize_svg

SCENARIOS = {
    "koala (character)": "2足歩行のコアラを描いてください。コアラは、赤色のアロハシャツを着ています。",
    "penguin (low angle)": "Draw a penguin wearing a yellow scarf, standing on ice, seen from below",
    "bar chart poster": "『今季の成績』という棒グラフのポスター。A組 12、B組 9、C組 15",
    "cafe menu": "Menu board for a cafe: 'Today's Specials', 'Matcha Latte 550 yen', 'Hojicha Latte 500 yen'",
}
TARGET_MS = 500.0


def p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, -(-95 * len(s) // 100) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    print(f"egaku {egaku.__version__}: picture scenarios at 1024x1024, OCR off, {args.runs} runs after 1 warm-up (ms)")
    print(
        f"{'scenario':22s} {'p50':>7s} {'p95':>7s} {'underst':>8s} {'compose':>8s} {'render':>8s} {'verify':>8s} {'1-pass':>8s} {'ratio':>6s}  target"
    )
    for name, prompt in SCENARIOS.items():
        # 1. warm-up, then N runs
        egaku.generate(prompt, size=(1024, 1024), ocr=False)
        runs = [egaku.generate(prompt, size=(1024, 1024), ocr=False) for _ in range(args.runs)]
        totals = [g.timings_ms["total"] for g in runs]
        stage = {
            k: statistics.median(g.timings_ms[k] for g in runs) for k in ("understand", "compose", "render", "verify")
        }
        # 2. baseline: the final scene in one resvg pass
        base = []
        for _ in range(max(3, args.runs // 2)):
            t = time.perf_counter()
            rasterize_svg(outlined_svg(runs[-1].scene))
            base.append((time.perf_counter() - t) * 1000)
        p50 = statistics.median(totals)
        b50 = statistics.median(base)
        verdict = "PASS" if p50 <= TARGET_MS else "MISS"
        print(
            f"{name:22s} {p50:7.1f} {p95(totals):7.1f} {stage['understand']:8.1f} {stage['compose']:8.1f} "
            f"{stage['render']:8.1f} {stage['verify']:8.1f} {b50:8.1f} {p50 / b50:6.2f}  <= {TARGET_MS:.0f}: {verdict}"
        )


if __name__ == "__main__":
    main()
