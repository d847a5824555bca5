"""Benchmark the command line as a user meets it: start-up, and one poster with OCR.

    python bench/cli.py [--runs N] [--json]

1. ``egaku --help`` and ``egaku --version``: median wall time of N runs each (the console
   script beside this Python, else ``python -m egaku``), next to a bare ``python -c pass``.
2. ``egaku generate POSTER -o poster.png`` (OCR on): median wall time of N runs, and
   whether every run wrote the same bytes.
3. Where the time of one CLI generate goes: N runs of a driver that imports ``egaku.cli``
   and calls ``egaku.cli.main`` with the same arguments in a fresh process, timing the
   import, each stage of ``generate`` (``ocr`` includes loading the OCR model, or waiting
   for it when it loads in the background), the PNG encoding and the file write. The
   interpreter's own start-up is the wall time less what the driver measured.

Bytecode is compiled first (``compileall``), as ``pip install`` does, so that
PYTHONDONTWRITEBYTECODE=1 does not make every run compile egaku from source.
Targets, printed with PASS/MISS: --help and --version <= 0.15 s each; CLI generate
median <= 1.2 s. Timings depend on the machine and its load: compare figures from one run.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTER = "文化祭のポスターを作って。真ん中に『第50回 輝け青春』と大きく書いて"

# Targets
STARTUP_MAX_S = 0.15  # egaku --help, egaku --version
GENERATE_MAX_S = 1.2  # egaku generate POSTER -o poster.png, OCR on

SPLIT = ("import", "understand", "compose", "render", "verify", "ocr", "encode", "write", "other")

DRIVER = r"""
import json, sys, time
t0 = time.perf_counter()
import egaku.cli
import egaku.pipeline as pipeline
t_import = time.perf_counter() - t0
rec = {"encode": 0.0, "write": 0.0, "encode_in_write": 0.0}
depth = {"encode": 0, "write": 0}

def timed(key, fn):  # the outermost call of each kind is timed
    def wrapper(*a, **k):
        depth[key] += 1
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            depth[key] -= 1
            if depth[key] == 0:
                ms = (time.perf_counter() - t) * 1000
                rec[key] += ms
                if key == "encode" and depth["write"]:
                    rec["encode_in_write"] += ms
    return wrapper

generate = pipeline.generate
def gen(*a, **k):
    g = generate(*a, **k)
    rec["timings"] = dict(g.timings_ms)
    return g

pipeline.generate = gen
pipeline.Generation.png_bytes = timed("encode", pipeline.Generation.png_bytes)
pipeline.Generation.save = timed("write", pipeline.Generation.save)
for owner, name in (("Outputs", "stage"), ("Staged", "commit")):  # the staged writer, where there is one
    if hasattr(pipeline, owner):
        cls = getattr(pipeline, owner)
        setattr(cls, name, timed("write", getattr(cls, name)))
if hasattr(pipeline, "atomic_write"):
    pipeline.atomic_write = timed("write", pipeline.atomic_write)
t1 = time.perf_counter()
rc = egaku.cli.main(sys.argv[1:])
t_main = (time.perf_counter() - t1) * 1000
t = rec.pop("timings")
split = {"import": t_import * 1000, "understand": t["understand"], "compose": t["compose"], "render": t["render"],
         "verify": t["verify"] - t["ocr"], "ocr": t["ocr"], "encode": rec["encode"],
         "write": rec["write"] - rec["encode_in_write"]}
split["other"] = t_main - sum(v for k, v in split.items() if k != "import")
print(json.dumps({"rc": rc, "split": split, "driver_ms": (time.perf_counter() - t0) * 1000}))
"""


def note(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def egaku_cmd() -> list[str]:
    script = Path(sys.executable).with_name("egaku")
    if script.exists():
        return [str(script)]
    found = shutil.which("egaku")
    return [found] if found else [sys.executable, "-m", "egaku"]


def wall(cmd: list[str], cwd: str | None = None) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=cwd)
    dt = time.perf_counter() - t
    if proc.returncode not in (0, 1):  # 1: a check failed, still an image
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return dt, proc


def median_wall(cmd: list[str], runs: int) -> float:
    wall(cmd)  # warm-up: the OS file cache
    return statistics.median(wall(cmd)[0] for _ in range(runs))


def bench_startup(runs: int) -> dict[str, float]:
    egaku = egaku_cmd()
    return {
        "python_c_pass_s": median_wall([sys.executable, "-c", "pass"], runs),
        "help_s": median_wall([*egaku, "--help"], runs),
        "version_s": median_wall([*egaku, "--version"], runs),
    }


def bench_generate(runs: int) -> dict[str, Any]:
    egaku = egaku_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "poster.png")
        cmd = [*egaku, "generate", POSTER, "-o", out, "--quiet"]
        wall(cmd)  # warm-up
        times, digests = [], set()
        for _ in range(runs):
            dt, _proc = wall(cmd)
            times.append(dt)
            digests.add(hashlib.sha256(Path(out).read_bytes()).hexdigest())
        size = Path(out).stat().st_size
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "same_bytes": len(digests) == 1,
        "png_bytes": size,
    }


def bench_split(runs: int) -> dict[str, Any]:
    rows: list[dict[str, float]] = []
    startup: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-c", DRIVER, "generate", POSTER, "-o", str(Path(tmp) / "poster.png"), "--quiet"]
        wall(cmd)  # warm-up
        for _ in range(runs):
            dt, proc = wall(cmd)
            got = json.loads(proc.stdout.decode().strip().splitlines()[-1])
            rows.append(got["split"])
            startup.append(dt * 1000 - got["driver_ms"])
    split = {k: statistics.median(r[k] for r in rows) for k in SPLIT}
    return {"split_ms": split, "interpreter_ms": statistics.median(startup)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="measured runs per figure, after 1 warm-up (default 7)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be >= 1")
    os.chdir(ROOT)
    compileall.compile_dir(str(ROOT / "egaku"), quiet=1)

    note(f"1. --help / --version x{args.runs}")
    fig: dict[str, Any] = {"runs": args.runs, "startup": bench_startup(args.runs)}
    note(f"2. CLI generate x{args.runs}")
    fig["generate"] = bench_generate(args.runs)
    note(f"3. split of a CLI generate x{args.runs}")
    fig["split"] = bench_split(args.runs)
    s, g = fig["startup"], fig["generate"]
    fig["targets"] = {
        "help_le_0_15s": s["help_s"] <= STARTUP_MAX_S,
        "version_le_0_15s": s["version_s"] <= STARTUP_MAX_S,
        "generate_le_1_2s": g["median_s"] <= GENERATE_MAX_S,
    }
    if args.json:
        print(json.dumps(fig, ensure_ascii=False))
        return 0

    print(f"egaku CLI benchmark, {args.runs} runs after 1 warm-up (medians)")
    print()
    print("1. start-up")
    print(f"   python -c pass   {s['python_c_pass_s']:.3f} s")
    for key, name in (("help_s", "egaku --help"), ("version_s", "egaku --version")):
        print(f"   {name:<16} {s[key]:.3f} s   target <= {STARTUP_MAX_S} s: {verdict(s[key] <= STARTUP_MAX_S)}")
    print()
    print("2. egaku generate <poster prompt> -o poster.png (OCR on)")
    print(
        f"   median {g['median_s']:.3f} s (min {g['min_s']:.3f} s)   target <= {GENERATE_MAX_S} s: "
        f"{verdict(g['median_s'] <= GENERATE_MAX_S)}"
    )
    print(f"   same bytes every run: {'yes' if g['same_bytes'] else 'NO'} ({g['png_bytes']} bytes)")
    print()
    sp = fig["split"]
    print("3. where one CLI generate goes (ms; ocr includes the model load, or the wait for it)")
    print("   " + "".join(f"{k:>11}" for k in ("python", *SPLIT)))
    print("   " + f"{sp['interpreter_ms']:>11.0f}" + "".join(f"{sp['split_ms'][k]:>11.0f}" for k in SPLIT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
