"""Benchmark the picture scenarios (issue 3): p50 latency of each at 1024², no OCR.

    python bench/pictures.py [--runs N]

For each scenario (koala character, penguin on ice from below, bar chart poster, cafe
menu board): one warm-up, then N runs of ``egaku.generate(prompt, size=(1024, 1024),
ocr=False)``; prints p50 and p95 of the total and the p50 of each stage, then the same
scene rasterised in one resvg pass (the baseline) and the ratio. Target: p50 ≤ 500 ms.

Then the open-vocabulary pictures (issue 8):

- a picture with five subjects at 1024² in-process (target p50 ≤ 600 ms);
- the warm understanding stage (prompt → intent + picture plan) over a set of English and
  Japanese picture prompts (target p50 ≤ 50 ms);
- what the new libraries cost a cold process: loading the MeCab tagger (fugashi +
  unidic-lite) and the drawable library's index, in time and peak RSS, measured in fresh
  subprocesses (target ≤ 300 ms added to a cold CLI run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
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
    open_vocabulary(args.runs)


FIVE = "a dog, a cat, a bench, a tree and a bicycle in a park"
UNDERSTAND = [
    "Draw a dragon flying over Mt. Fuji at sunset",
    "An astronaut riding a horse on the moon",
    "窓辺で昼寝をしている猫のイラスト",
    "a red train and a purple bear",
    "3匹の犬を描いて",
    "本の上に時計がある絵を描いて",
    "a stop sign above a fork",
    "浜辺を走る柴犬のイラスト、夕焼け",
]
COLD = {
    "python + import egaku": "import egaku",
    "+ MeCab tagger (fugashi, unidic-lite)": "import egaku; from egaku.understand.subjects import _tagger; _tagger()",
    "+ library index (egaku.assets)": "import egaku, egaku.assets as a; a.lookup('dog')",
    "+ both (a Japanese picture plan)": "import egaku; from egaku.understand import understand; understand('3匹の犬を描いて')",
}


def _cold(code: str, runs: int) -> tuple[float, float]:
    """p50 wall ms and peak RSS (MiB) of a fresh interpreter running ``code``."""
    probe = (
        f"import resource, time; t = time.perf_counter(); exec(compile({code!r}, 'probe', 'exec')); "
        "import json; print(json.dumps([(time.perf_counter() - t) * 1000, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))"
    )
    import os

    # as a user's install runs: bytecode cached (this workplace sets PYTHONDONTWRITEBYTECODE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    ms, rss = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env).stdout
        a, b = json.loads(out.strip().splitlines()[-1])
        ms.append(a)
        rss.append(b)
    return statistics.median(ms), max(rss)


def open_vocabulary(runs: int) -> None:
    from egaku.understand import understand

    print()
    egaku.generate(FIVE, size=(1024, 1024), ocr=False)
    gens = [egaku.generate(FIVE, size=(1024, 1024), ocr=False) for _ in range(runs)]
    n = sum(1 for x in gens[-1].scene.leaves() if x.kind == "object")
    totals = [g.timings_ms["total"] for g in gens]
    p50 = statistics.median(totals)
    print(
        f"five subjects ({n} object layers) at 1024²: p50 {p50:.0f} ms, p95 {p95(totals):.0f} ms  <= 600: "
        + ("PASS" if p50 <= 600 else "MISS")
    )
    for p in UNDERSTAND:
        understand(p)
    ts = []
    for _ in range(max(3, runs // 2)):
        for p in UNDERSTAND:
            t = time.perf_counter()
            understand(p)
            ts.append((time.perf_counter() - t) * 1000)
    u50 = statistics.median(ts)
    print(
        f"warm understanding ({len(UNDERSTAND)} picture prompts): p50 {u50:.1f} ms, p95 {p95(ts):.1f} ms  <= 50: "
        + ("PASS" if u50 <= 50 else "MISS")
    )
    base = None
    for name, code in COLD.items():
        ms, rss = _cold(code, max(3, runs // 3))
        extra = "" if base is None else f"  (+{ms - base[0]:.0f} ms, +{rss - base[1]:.0f} MiB)"
        if base is not None and name.startswith("+ both"):
            extra += "  <= +300 ms: " + ("PASS" if ms - base[0] <= 300 else "MISS")
        base = base or (ms, rss)
        print(f"cold {name:40s} {ms:6.0f} ms  peak RSS {rss:5.0f} MiB{extra}")


if __name__ == "__main__":
    main()
