"""Benchmark the warm server: latency, a loopback load test, memory over many requests.

    python bench/serve.py [--runs N] [--seconds S] [--concurrency C] [--memory-requests M] [--json]

1. Warm latency through HTTP (the official ``openai`` client against ``egaku serve``'s app
   under uvicorn on loopback): the quickstart poster with OCR at 1024² via
   ``/v1/images/generations`` (target p50 ≤ 300 ms), and a recolour edit of a session via
   ``/api/sessions/{name}/edit`` (target p50 ≤ 120 ms).
2. Load: ``C`` clients for ``S`` seconds sending generations (OCR off) against a queue of
   ``max_queue=8``: counts of 200, 429 and 5xx answers (target: no 5xx; 429 only when more
   than the queue bound wait).
3. Memory: the server process's RSS (this process: the server runs in a thread) after a
   warm-up, then after ``M`` more requests (distinct prompts), and the growth.

Figures depend on the machine and its load: compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTER = "文化祭のポスターを作って。真ん中に『第50回 輝け青春』と大きく書いて"


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--memory-requests", type=int, default=1000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import httpx
    from openai import OpenAI

    from egaku.server import create_app
    from tests.test_server import serving

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as home, serving(create_app(home=Path(home), max_queue=8)) as base:
        client = OpenAI(base_url=base + "/v1", api_key="bench", max_retries=0, timeout=120)
        http = httpx.Client(base_url=base, timeout=120)
        # 1. warm latency
        client.images.generate(prompt=POSTER, size="1024x1024")
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            client.images.generate(prompt=POSTER, size="1024x1024")
            times.append((time.perf_counter() - t) * 1000)
        out["poster_ocr_1024_p50_ms"] = round(statistics.median(times), 1)
        r = http.post("/api/sessions", json={"name": "bench", "prompt": POSTER, "size": "1024x1024", "ocr": False})
        r.raise_for_status()
        times = []
        for i in range(args.runs):
            colour = ("blue", "red")[i % 2]
            t = time.perf_counter()
            http.post("/api/sessions/bench/edit", json={"instruction": f"make the title {colour}", "ocr": False})
            times.append((time.perf_counter() - t) * 1000)
        out["recolour_edit_p50_ms"] = round(statistics.median(times), 1)

        # 2. load
        counts: dict[str, int] = {"200": 0, "429": 0, "5xx": 0, "other": 0}
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def worker(k: int) -> None:
            c = httpx.Client(base_url=base, timeout=120)
            n = 0
            while time.monotonic() < stop:
                n += 1
                body = {"prompt": f"a poster saying 'LOAD {k}-{n}'", "size": "512x512"}
                resp = c.post("/v1/images/generations", json=body)
                key = "200" if resp.status_code == 200 else "429" if resp.status_code == 429 else (
                    "5xx" if resp.status_code >= 500 else "other")  # fmt: skip
                with lock:
                    counts[key] += 1
                if resp.status_code == 429:
                    time.sleep(float(resp.headers.get("retry-after", "1")))
            c.close()

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.concurrency)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        out["load"] = {"seconds": args.seconds, "concurrency": args.concurrency, **counts}

        # 3. memory
        before = rss_mb()
        for i in range(args.memory_requests):
            http.post("/v1/images/generations", json={"prompt": f"a poster saying 'MEM {i}'", "size": "256x256"})
        after = rss_mb()
        out["memory"] = {"requests": args.memory_requests, "rss_before_mb": round(before), "rss_after_mb": round(after),
                         "growth_mb": round(after - before)}  # fmt: skip
    if args.json:
        print(json.dumps(out))
        return
    p50, e50 = out["poster_ocr_1024_p50_ms"], out["recolour_edit_p50_ms"]
    print(f"poster with OCR at 1024², warm, over HTTP: p50 {p50} ms  {'PASS' if p50 <= 300 else 'MISS'} (≤ 300)")
    print(f"recolour edit, warm, over HTTP:            p50 {e50} ms  {'PASS' if e50 <= 120 else 'MISS'} (≤ 120)")
    ld = out["load"]
    print(f"load {ld['seconds']:g} s at concurrency {ld['concurrency']}: {ld['200']} ok, {ld['429']} × 429, "
          f"{ld['5xx']} × 5xx, {ld['other']} other  {'PASS' if ld['5xx'] == 0 else 'MISS'}")  # fmt: skip
    m = out["memory"]
    print(f"memory: {m['rss_before_mb']} MB → {m['rss_after_mb']} MB after {m['requests']} requests "
          f"(+{m['growth_mb']} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
