"""A small mutation tester: do the tests notice deliberate small bugs?

    python tools/mutation_check.py [-k SUBSTRING ...] [--timeout S] [--no-baseline] [--list] [--keep]

The repository (without .git, .venv and caches) is copied to a temporary folder once. Each
mutation in :data:`MUTATIONS` is one or more source text replacements (file, old, new;
``old`` must occur exactly once, so a mutation that no longer matches the code is reported
as stale, never silently skipped). For each mutation the copy's files are changed, the
mutation's own test selection runs there (``pytest -x -q``, the copy's ``egaku`` imported
through PYTHONPATH, no bytecode written, a timeout per mutant), and the files are put back.

    killed     a selected test failed (or the run timed out: reported as such)
    survived   every selected test passed: the tests do not notice this bug
    error      pytest could not run the selection (collection error, nothing selected)

First the union of all selections runs unmutated (the baseline): it must pass, or nothing
that follows means anything. Exit status: 0 every mutant killed, 1 a mutant survived or
errored, 2 a stale mutation, a failing baseline or a copy that imports the wrong egaku.
Runs with the interpreter that runs this script (use the project's venv); no dependency
beyond pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "*.egg-info", "*.pyc"
)


@dataclass(frozen=True)
class Edit:
    file: str  # relative to the repository root
    old: str
    new: str


@dataclass(frozen=True)
class Mutation:
    name: str
    edits: tuple[Edit, ...]
    tests: tuple[str, ...]  # pytest selections, relative to the repository root


def mutation(name: str, file: str, old: str, new: str, *tests: str) -> Mutation:
    return Mutation(name, (Edit(file, old, new),), tests)


VERIFY = "egaku/verify.py"
LINEBREAK = "egaku/typography/linebreak.py"
FIT = "egaku/typography/fit.py"
APPLY = "egaku/edit/apply.py"
INTERPRET = "egaku/edit/interpret.py"
T_VERIFY = "tests/test_verify.py"
T_TYPO = "tests/test_typography.py"
T_EXPECT = "tests/test_expectations.py"

MUTATIONS: list[Mutation] = [
    # --- verify: OCR, contrast, coverage, placement --------------------------------------
    mutation(
        "ocr check always passes",
        VERIFY,
        "    ok = normalize(got) == normalize(layer.text)\n",
        "    ok = True\n",
        T_VERIFY,
    ),
    mutation(
        "ocr check by containment (an extra glyph passes)",
        VERIFY,
        "    ok = normalize(got) == normalize(layer.text)\n",
        "    ok = normalize(layer.text) in normalize(got)\n",
        T_VERIFY,
    ),
    mutation(
        "ocr check containment reversed (a missing glyph passes)",
        VERIFY,
        "    ok = normalize(got) == normalize(layer.text)\n",
        "    ok = normalize(got) in normalize(layer.text)\n",
        T_VERIFY,
    ),
    mutation(
        "chart ocr check always passes",
        VERIFY,
        "        ok = normalize(got) == normalize(t.text)\n",
        "        ok = True\n",
        "tests/test_charts.py::test_verify_reads_the_chart_pixels_back",
    ),
    mutation("contrast threshold 3.0", VERIFY, "MIN_CONTRAST = 4.5\n", "MIN_CONTRAST = 3.0\n", T_VERIFY),
    mutation("contrast threshold 4.4", VERIFY, "MIN_CONTRAST = 4.5\n", "MIN_CONTRAST = 4.4\n", T_VERIFY),
    mutation(
        "contrast decided by the median background",
        VERIFY,
        "np.percentile(ratios, 5)",
        "np.percentile(ratios, 50)",
        T_VERIFY,
    ),
    mutation("cover check always passes", VERIFY, "    ok = worst < 16\n", "    ok = worst < 256\n", T_VERIFY),
    mutation(
        "nothing is ever seen over the glyphs", VERIFY, "    return int(a[m].max())\n", "    return 0\n", T_VERIFY
    ),
    mutation(
        "inside check ignores the right edge",
        VERIFY,
        "inside = x >= 0 and y >= 0 and x + bw <= W and y + bh <= H",
        "inside = x >= 0 and y >= 0 and x <= W and y + bh <= H",
        T_VERIFY,
    ),
    # --- typography: kinsoku, breaking, fitting, placing ----------------------------------
    mutation(
        "、。 may start a line",
        LINEBREAK,
        'NO_START = frozenset(\n    "、。',
        'NO_START = frozenset(\n    "',
        T_TYPO,
    ),
    mutation(
        "「『 may end a line",
        LINEBREAK,
        'NO_END = frozenset("([{（［｛〔〈《「『【',
        'NO_END = frozenset("([{（［｛〔〈《【',
        T_TYPO,
    ),
    mutation(
        "18:00 and 3.14 may break",
        LINEBREAK,
        'if (a.isdigit() or a in ".,:/") and b.isdigit()',
        "if a.isdigit() and b.isdigit()",
        T_TYPO,
    ),
    mutation(
        "greedy lines overflow the width",
        LINEBREAK,
        'if cur.strip(" ") and measure(trial) > max_len:',
        'if cur.strip(" ") and measure(trial) > max_len * 1.2:',
        T_TYPO,
    ),
    mutation(
        "a single character may be orphaned",
        LINEBREAK,
        'if len(lines) < 2 or len(lines[-1].replace(" ", "")) > 1:',
        'if len(lines) < 2 or len(lines[-1].replace(" ", "")) > 0:',
        T_TYPO,
    ),
    mutation(
        "fit ignores the box height",
        FIT,
        "if w > box_w + 0.01 or h > box_h + 0.01:",
        "if w > box_w + 0.01:",
        T_TYPO,
    ),
    mutation(
        "fit stops a half-pixel step short",
        FIT,
        "    while lo < hi:  # largest fitting size, in half-pixel steps\n",
        "    while lo < hi - 1:  # largest fitting size, in half-pixel steps\n",
        T_TYPO,
    ),
    mutation(
        "centred lines off centre",
        FIT,
        "x = bx + (bw - length) / 2",
        "x = bx + (bw - length) / 3",
        T_TYPO,
    ),
    # --- edits ---------------------------------------------------------------------------
    mutation(
        "a move drags every decoration",
        APPLY,
        "group = list(op.targets) + [a for a in attachments(scene, texts) if a not in op.targets]",
        'group = list(op.targets) + [x.id for x in scene.leaves() if x.role == "decoration" and x.id not in op.targets]',
        T_EXPECT,
    ),
    mutation("move to the top one pixel low", APPLY, "dy = m - gb.y\n", "dy = m - gb.y + 1\n", T_EXPECT),
    mutation(
        "resized text keeps its type size",
        APPLY,
        "t.size, t.lines, t.box = size, lines, new",
        "t.lines, t.box = lines, new",
        T_EXPECT,
    ),
    mutation(
        "replaced text loses its edge spaces",
        APPLY,
        "t.text, t.lines, t.size = text, fit.lines, fit.size",
        "t.text, t.lines, t.size = text.strip(), fit.lines, fit.size",
        T_EXPECT,
    ),
    mutation(
        "recolouring text leaves its fill",
        APPLY,
        "            if isinstance(layer, TextLayer):\n                layer.fill = op.color\n",
        "            if isinstance(layer, TextLayer):\n                layer.fill = layer.fill\n",
        T_EXPECT,
    ),
    mutation(
        "bigger and smaller swapped",
        INTERPRET,
        'factor = 1.25 if has(low, ("bigger", "larger", "大きく")) else 0.8',
        'factor = 0.8 if has(low, ("bigger", "larger", "大きく")) else 1.25',
        T_EXPECT,
    ),
    mutation(
        "recolour takes the first colour named",
        INTERPRET,
        "to_color = cols[-1][1]",
        "to_color = cols[0][1]",
        T_EXPECT,
    ),
    mutation(
        "quoted edit text stripped",
        INTERPRET,
        "return ReplaceText(targets=[target.id], text=q)",
        "return ReplaceText(targets=[target.id], text=q.strip())",
        T_EXPECT,
    ),
    # --- outside the five core files: the other escapes ---------------------------
    mutation(
        "quoted prompt text stripped",
        "egaku/understand/rules.py",
        "found.append((m.start(), m.end(), m.group(1)))",
        "found.append((m.start(), m.end(), m.group(1).strip()))",
        T_EXPECT,
    ),
    mutation(
        "7-day strip highs and lows swapped",
        "egaku/compose/layouts.py",
        'hi, lo = f"{degrees(day.t_max)}°", f"{degrees(day.t_min)}°"',
        'lo, hi = f"{degrees(day.t_max)}°", f"{degrees(day.t_min)}°"',
        f"{T_EXPECT}::test_week_strip_draws_the_served_highs_and_lows",
    ),
    mutation(
        "temperatures rounded half to even (Python's round)",
        "egaku/compose/layouts.py",
        "return int(math.floor(abs(value) + 0.5)) * (1 if value >= 0 else -1)",
        "return round(value)",
        f"{T_EXPECT}::test_week_strip_rounds_halves_away_from_zero",
    ),
    mutation(
        "chart values printed in reverse order",
        "egaku/render/charts.py",
        'texts.append(ChartText(texts_v[i], cx, baseline, ax.value_size, "middle", "display"))',
        'texts.append(ChartText(texts_v[-1 - i], cx, baseline, ax.value_size, "middle", "display"))',
        "tests/test_charts.py",
    ),
    mutation(
        "the store keeps other bytes than the user received",
        "egaku/session.py",
        "                png=png,\n",
        "                png=png.replace(b'egaku:version', b'egaku:Version'),\n",
        f"{T_EXPECT}::test_undo_gives_back_the_file_the_user_received",
    ),
    Mutation(
        "an output folder that is a file reaches the writer unguarded",
        (
            Edit(
                "egaku/pipeline.py",
                "    if not parent.is_dir():\n"
                '        raise OutputPathError(f"folder {str(parent)!r} does not exist; create it or choose another output path")',
                "    if False:\n"
                '        raise OutputPathError(f"folder {str(parent)!r} does not exist; create it or choose another output path")',
            ),
            Edit(
                "egaku/pipeline.py",
                '        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=parent)\n'
                "    except OSError as e:",
                '        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=parent)\n'
                "    except ValueError as e:",
            ),
        ),
        ("tests/test_cli.py::test_output_folder_that_is_a_regular_file_fails_even_for_root",),
    ),
]


@dataclass
class Result:
    mutation: Mutation
    status: str  # killed | survived | timeout | error
    seconds: float
    detail: str


def _apply(copy: Path, m: Mutation) -> dict[Path, str]:
    """Change the copy's files; return their original texts."""
    originals: dict[Path, str] = {}
    for e in m.edits:
        path = copy / e.file
        text = originals.get(path) or path.read_text(encoding="utf-8")
        originals.setdefault(path, text)
        current = path.read_text(encoding="utf-8")
        path.write_text(current.replace(e.old, e.new, 1), encoding="utf-8")
    return originals


def stale(m: Mutation) -> list[str]:
    """Why the mutation no longer applies to the repository, if it does not."""
    out = []
    for e in m.edits:
        path = ROOT / e.file
        if not path.exists():
            out.append(f"{e.file} does not exist")
            continue
        n = path.read_text(encoding="utf-8").count(e.old)
        if n != 1:
            out.append(f"{e.file}: the text to replace occurs {n} times (needs exactly 1): {e.old[:60]!r}")
    return out


def _env(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(copy) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # a mutant of the same size and second must not reuse a .pyc
    return env


def run_tests(copy: Path, tests: tuple[str, ...], timeout: float) -> tuple[int | None, float, str]:
    """Run pytest in the copy; (exit status or None on timeout, seconds, last output lines)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=copy, env=_env(copy), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
        rc: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # pytest and whatever it started
        out, _ = proc.communicate()
        rc = None
    lines = [line for line in out.decode(errors="replace").splitlines() if line.strip()]
    failed = [line.split(" - ")[0].removeprefix("FAILED ") for line in lines if line.startswith("FAILED ")]
    return rc, time.perf_counter() - t, ", ".join(failed) or " | ".join(lines[-3:])


def check_copy(copy: Path) -> str | None:
    """The copy's egaku is the one imported there (not the checkout's)."""
    p = subprocess.run(
        [sys.executable, "-c", "import egaku; print(egaku.__file__)"],
        cwd=copy,
        env=_env(copy),
        capture_output=True,
        text=True,
    )
    where = p.stdout.strip()
    if p.returncode != 0 or not Path(where).resolve().is_relative_to(copy.resolve()):
        return f"the copy imports egaku from {where or p.stderr.strip()!r}, not from {copy}"
    return None


def mutate(copy: Path, m: Mutation, timeout: float) -> Result:
    originals = _apply(copy, m)
    try:
        rc, secs, tail = run_tests(copy, m.tests, timeout)
    finally:
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
    if rc is None:
        return Result(m, "timeout", secs, f"no result after {timeout:.0f} s (counted as killed)")
    if rc == 0:
        return Result(m, "survived", secs, tail)
    if rc == 1:
        return Result(m, "killed", secs, f"by {tail}")
    return Result(m, "error", secs, f"pytest exit {rc}: {tail}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", action="append", default=[], help="only mutations whose name contains this (repeatable)")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds per mutant (default 180)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the unmutated run of the selections")
    ap.add_argument("--list", action="store_true", help="list the mutations and their tests, run nothing")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    args = ap.parse_args(argv)

    chosen = [m for m in MUTATIONS if not args.k or any(k in m.name for k in args.k)]
    if args.list:
        for m in chosen:
            print(f"{m.name}\n    {', '.join(sorted({e.file for e in m.edits}))} -> {' '.join(m.tests)}")
        return 0
    if not chosen:
        print("no mutation matches", file=sys.stderr)
        return 2
    problems = {m.name: stale(m) for m in chosen}
    problems = {k: v for k, v in problems.items() if v}
    if problems:
        for name, why in problems.items():
            print(f"STALE {name}: {'; '.join(why)}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="egaku-mutants-"))
    copy = tmp / "repo"
    try:
        shutil.copytree(ROOT, copy, ignore=IGNORE)
        wrong = check_copy(copy)
        if wrong:
            print(wrong, file=sys.stderr)
            return 2
        if not args.no_baseline:
            selections = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
            rc, secs, tail = run_tests(copy, selections, args.timeout * 3)
            print(f"baseline ({len(selections)} selections): exit {rc} in {secs:.1f} s")
            if rc != 0:
                print(f"the unmutated tests do not pass, so no mutant result means anything: {tail}", file=sys.stderr)
                return 2
        results = []
        for i, m in enumerate(chosen, 1):
            r = mutate(copy, m, args.timeout)
            results.append(r)
            print(f"[{i:2d}/{len(chosen)}] {r.status:8s} {r.seconds:6.1f} s  {m.name}", flush=True)
            print(f"            {r.detail}", flush=True)
    finally:
        if args.keep:
            print(f"copy kept at {copy}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    killed = sum(r.status in ("killed", "timeout") for r in results)
    bad = [r for r in results if r.status in ("survived", "error")]
    print(f"\nkilled {killed} of {len(results)} mutants in {time.perf_counter() - t0:.0f} s")
    for r in bad:
        print(f"  {r.status.upper()}: {r.mutation.name} ({', '.join(r.mutation.tests)})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
