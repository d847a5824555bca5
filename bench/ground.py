"""Benchmark grounded generation against a loopback Open-Meteo server (issue 4).

    python bench/ground.py [--runs N]

1. The same request grounded with a cold cache (a fresh EGAKU_HOME each run) and a warm
   cache (one EGAKU_HOME; the first call fills it), OCR off: p50 of the total and of the
   ground stage.
2. The baseline in the same process: the same design with the grounding already done,
   i.e. compose + render + verify of the grounded scene without the tool calls.
   Overhead = grounded p50 - baseline p50. Target: ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import NOW, FakeOpenMeteo  # noqa: E402  (loopback server in the real format)

PROMPT = "今日の東京の天気を反映した、スマホの壁紙を作って"
TARGET_MS = 50.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    server = FakeOpenMeteo().start()
    os.environ.update(EGAKU_GEOCODING_URL=server.url, EGAKU_OPEN_METEO_URL=server.url, EGAKU_NOW=NOW)
    os.environ.pop("EGAKU_OFFLINE", None)
    import egaku
    from egaku.compose import compose
    from egaku.render import render
    from egaku.understand import Trace, understand
    from egaku.understand.grounding import ground
    from egaku.verify import verify

    def run(home: str) -> egaku.Generation:
        os.environ["EGAKU_HOME"] = home
        return egaku.generate(PROMPT, ocr=False)

    # The baseline is the same grounded design with the tools already answered:
    # compose + render + verify. Runs are interleaved (grounded, baseline, grounded, ...)
    # so machine noise hits both alike; overhead = p50 of the per-pair differences.
    trace = Trace()
    intent = understand(PROMPT, trace=trace)
    os.environ["EGAKU_HOME"] = tempfile.mkdtemp()
    g = ground(intent.needs, intent.language, trace)

    def baseline() -> float:
        t = time.perf_counter()
        scene = compose(intent, Trace(), g)
        r = render(scene)
        verify(scene, r, intent.texts, ocr=False)
        return (time.perf_counter() - t) * 1000

    run(tempfile.mkdtemp())  # warm-up of the process (imports, fonts)
    baseline()
    rows = {}
    warm_home = tempfile.mkdtemp()
    run(warm_home)  # fills the warm cache
    for name, home_for in (("cache cold", lambda: tempfile.mkdtemp()), ("cache warm", lambda: warm_home)):
        totals, stages, diffs, bases = [], [], [], []
        for _ in range(args.runs):
            gen = run(home_for())
            b = baseline()
            totals.append(gen.timings_ms["total"])
            stages.append(gen.timings_ms.get("ground", 0.0))
            bases.append(b)
            diffs.append(gen.timings_ms["total"] - b)
        rows[name] = (
            statistics.median(totals),
            statistics.median(stages),
            statistics.median(diffs),
            statistics.median(bases),
        )
    server.stop()

    print(
        f"egaku {egaku.__version__}: grounded generate, {args.runs} interleaved pairs, OCR off, loopback Open-Meteo (ms)"
    )
    print(
        f"{'case':12s} {'total p50':>10s} {'baseline p50':>13s} {'ground stage':>13s} {'overhead p50':>13s}  target <= {TARGET_MS:.0f}"
    )
    for name, (t50, g50, d50, b50) in rows.items():
        print(f"{name:12s} {t50:10.1f} {b50:13.1f} {g50:13.1f} {d50:13.1f}  {'PASS' if d50 <= TARGET_MS else 'MISS'}")


if __name__ == "__main__":
    main()
