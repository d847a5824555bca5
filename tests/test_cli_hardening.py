"""Issue 9: the CLI under bad input, closed pipes and failures after work.

Every test runs the real CLI in a subprocess and looks at what it left behind: the exit
code, stderr, the files on disk and the rows in the session store."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from egaku.cli import build_parser
from egaku.store import Store

PROMPT = "Poster saying 'HELLO' big in the middle"


def run(*args: str, cwd: Path, home: Path | None = None, stdin: str | bytes | None = None, timeout: float = 180):
    env = {**os.environ, "EGAKU_HOME": str(home or cwd / "home"), "EGAKU_OFFLINE": "1"}
    argv = [os.fsencode(a) if isinstance(a, str) else a for a in (sys.executable, "-m", "egaku", *args)]
    p = subprocess.run(argv, capture_output=True, cwd=cwd, env=env, timeout=timeout, input=_bytes(stdin))
    return subprocess.CompletedProcess(
        p.args, p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    )


def _bytes(s: str | bytes | None) -> bytes | None:
    return s.encode("utf-8") if isinstance(s, str) else s


def ok(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    p = run(*args, cwd=cwd)
    assert p.returncode == 0, p.stdout[-500:] + p.stderr
    return p


def one_line_exit_2(p: subprocess.CompletedProcess[str], *words: str) -> str:
    assert p.returncode == 2, (p.returncode, p.stdout[-500:], p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("egaku: "), p.stderr
    assert "Traceback" not in p.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if "home" not in p.relative_to(folder).parts}


def store_rows(home: Path) -> list[tuple[str, int, int]]:
    """(session, turns, head) per session, read without creating anything."""
    return [(s["name"], s["turns"], s["head"]) for s in Store(home, readonly=True).sessions()]


@pytest.fixture
def session_dir(tmp_path):
    """A folder with a session 's' of two turns (generate + one edit), made through the CLI."""
    p = run("generate", "Poster saying 'OPEN HOUSE' big", "--session", "s", "--no-ocr", "-o", "g.png", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    p = run("edit", "make the title blue", "--session", "s", "--no-ocr", "-o", "e.png", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    return tmp_path


# 1. Crashes become one line ---------------------------------------------------------------


def test_prompt_with_bytes_that_are_not_utf8(tmp_path):
    p = run("generate", b"poster \xff 'HI'", cwd=tmp_path)  # argv as the shell passes it
    one_line_exit_2(p, "not UTF-8", "position 7")
    assert files(tmp_path) == set() and not (tmp_path / "home").exists()


def test_lone_surrogate_through_the_api_is_refused_before_any_work():
    code = (
        "import egaku\n"
        "try:\n"
        "    egaku.generate(\"poster \\ud800 'HI'\")\n"
        "except egaku.errors.InputError as e:\n"
        "    print(type(e).__name__, e)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    assert p.stdout.startswith("InputError") and "U+D800 at position 7" in p.stdout


@pytest.mark.parametrize(
    "args,words",
    [
        (["edit", b"make the title \xfe", "--session", "s"], ["not UTF-8", "position 15"]),
        (["generate", PROMPT, "-o", b"\xff.png"], ["--output", "not UTF-8"]),
        (["generate", PROMPT, "--layers", b"L\xff"], ["--layers", "not UTF-8"]),
        (["history", "--session", b"s\xff"], ["--session", "not UTF-8"]),
    ],
)
def test_other_arguments_with_bytes_that_are_not_utf8(session_dir, args, words):
    before = (files(session_dir), store_rows(session_dir / "home"))
    one_line_exit_2(run(*args, cwd=session_dir), *words)
    assert (files(session_dir), store_rows(session_dir / "home")) == before


HUGE = "1" + "0" * 400  # 1e400 written out: float() gives inf, inf/inf gives NaN


@pytest.mark.parametrize(
    "args,words",
    [
        (["--aspect", f"{HUGE}:{HUGE}"], ["--aspect", "12 digits"]),
        (["--aspect", f"{HUGE}:1"], ["--aspect"]),
        (["--aspect", "0:5"], ["--aspect", "above 0"]),
        (["--aspect", "1e400:1"], ["W:H"]),
        (["--size", f"{HUGE}x{HUGE}"], ["64..8192", "401-digit"]),
        (["--size", "0x0"], ["64..8192"]),
        (["--size=-5x10"], ["WIDTHxHEIGHT"]),
        (["--seed", "9" * 5000], ["--seed", "0..4294967295"]),
        (["--seed", "-1"], ["--seed"]),
        (["--seed", "4294967296"], ["--seed"]),
        (["--now", "yesterday"], ["--now", "ISO 8601"]),
        (["--now", "2026-11-25T09:00"], ["--now", "UTC offset"]),
    ],
)
def test_huge_and_odd_values_are_one_line(tmp_path, args, words):
    p = run("generate", PROMPT, *args, cwd=tmp_path)
    line = one_line_exit_2(p, *words)
    assert len(line) < 300  # a 400-digit value is not echoed whole
    assert files(tmp_path) == set()


def test_full_width_digits_are_a_size(tmp_path):
    p = run("generate", PROMPT, "--size", "６４０×４８０", "--no-ocr", "-o", "w.png", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    with Image.open(tmp_path / "w.png") as im:
        assert im.size == (640, 480)


@pytest.mark.parametrize("turn", ["9" * 40, "0", "-1", "x", "2.5"])
def test_odd_checkout_turns(session_dir, turn):
    before = store_rows(session_dir / "home")
    one_line_exit_2(run("checkout", turn, "--session", "s", cwd=session_dir), "TURN")
    assert store_rows(session_dir / "home") == before


def test_checkout_of_a_turn_that_does_not_exist(session_dir):
    before = store_rows(session_dir / "home")
    one_line_exit_2(run("checkout", "99", "--session", "s", cwd=session_dir), "no turn 99")
    assert store_rows(session_dir / "home") == before


@pytest.mark.parametrize("command", [["history"], ["undo"], ["redo"], ["edit", "make it blue"], ["checkout", "1"]])
def test_unknown_session_is_exit_2_and_creates_nothing(tmp_path, command):
    one_line_exit_2(run(*command, "--session", "nope", cwd=tmp_path), "no session")
    assert not (tmp_path / "home").exists()  # a wrong name creates nothing
    assert run("generate", PROMPT, "--session", "other", "--no-ocr", "-o", "o.png", cwd=tmp_path).returncode == 0
    one_line_exit_2(run(*command, "--session", "nope", cwd=tmp_path), "no session 'nope'")


@pytest.mark.parametrize(
    "args",
    [
        ["history", "--json", "--session", "s"],
        ["history", "--session", "s"],
        ["schema"],
        ["sessions", "--json"],
        ["edit", "make the title red", "--session", "s", "--no-ocr", "--json", "-o", "r.png"],
        ["generate", "--help"],
    ],
)
def test_closed_pipe_ends_quietly(session_dir, args):
    """`egaku … | head -c 20`: no BrokenPipeError traceback, the exit status a shell expects."""
    env = {**os.environ, "EGAKU_HOME": str(session_dir / "home")}
    cmd = " ".join(map(_sh, [sys.executable, "-m", "egaku", *args]))
    p = subprocess.run(
        ["bash", "-c", f'set -o pipefail; {cmd} | head -c 20 >/dev/null; echo "rc=${{PIPESTATUS[0]}}" >&2'],
        capture_output=True,
        text=True,
        cwd=session_dir,
        env=env,
        timeout=180,
    )
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr and "Exception ignored" not in p.stderr
    rc = p.stderr.strip().splitlines()[-1]
    assert rc in ("rc=0", "rc=1", "rc=141"), p.stderr


def _sh(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def test_closed_pipe_on_a_long_output_is_141(session_dir):
    """Enough output that the pipe surely closes first: exit 141 (SIGPIPE's status), quietly."""
    home = session_dir / "home"
    for colour in ("red", "green", "yellow", "purple") * 3:  # a long history
        p = run("edit", f"make the title {colour}", "--session", "s", "--no-ocr", "-o", "x.png", cwd=session_dir)
        assert p.returncode in (0, 1), p.stderr
    with subprocess.Popen(
        [sys.executable, "-m", "egaku", "history", "--json", "--session", "s"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "EGAKU_HOME": str(home)},
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read().decode()
        rc = proc.wait(timeout=60)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert rc in (0, 141)


# 2. Nothing half-done ----------------------------------------------------------------------


def test_generate_session_with_a_file_for_layers_records_nothing(tmp_path):
    (tmp_path / "FILE").write_text("mine")
    p = run("generate", PROMPT, "--session", "s", "--layers", "FILE", "--no-ocr", cwd=tmp_path)
    one_line_exit_2(p, "is a file")
    assert store_rows(tmp_path / "home") == []
    assert files(tmp_path) == {"FILE"} and (tmp_path / "FILE").read_text() == "mine"


def test_edit_with_a_file_for_layers_records_nothing(session_dir):
    (session_dir / "FILE").write_text("mine")
    before = (files(session_dir), store_rows(session_dir / "home"))
    one_line_exit_2(run("edit", "make the title red", "--session", "s", "--layers", "FILE", cwd=session_dir))
    assert (files(session_dir), store_rows(session_dir / "home")) == before


def test_edit_whose_write_fails_after_the_work_records_nothing(session_dir):
    """/proc passes the up-front checks but refuses the file: the turn is not recorded."""
    before = store_rows(session_dir / "home")
    p = run("edit", "make the title red", "--session", "s", "--no-ocr", "-o", "/proc/egaku-edit.png", cwd=session_dir)
    one_line_exit_2(p, "cannot write")
    assert store_rows(session_dir / "home") == before and not os.path.exists("/proc/egaku-edit.png")


def test_undo_to_an_unwritable_path_leaves_the_head(session_dir):
    before = store_rows(session_dir / "home")
    one_line_exit_2(run("undo", "--session", "s", "-o", "no-such-dir/u.png", cwd=session_dir), "does not exist")
    one_line_exit_2(run("undo", "--session", "s", "-o", "/proc/egaku-undo.png", cwd=session_dir), "cannot write")
    assert store_rows(session_dir / "home") == before
    p = run("undo", "--session", "s", "-o", "u.png", cwd=session_dir)  # and then it works
    assert p.returncode == 0 and "now at turn 1" in p.stdout and "changed: nothing" not in p.stdout
    assert (session_dir / "u.png").read_bytes() == (session_dir / "g.png").read_bytes()
    assert store_rows(session_dir / "home") == [("s", 2, 1)]


def test_generate_into_an_existing_session_is_refused_before_any_work(session_dir):
    before = (files(session_dir), store_rows(session_dir / "home"))
    t = time.perf_counter()
    p = run("generate", PROMPT, "--session", "s", "--size", "8192x8192", cwd=session_dir)
    one_line_exit_2(p, "already exists", "egaku edit")
    assert time.perf_counter() - t < 20  # an 8192² render takes far longer
    assert (files(session_dir), store_rows(session_dir / "home")) == before


def test_bad_layers_folder_on_a_big_canvas_fails_fast(tmp_path):
    (tmp_path / "L").mkdir()
    (tmp_path / "L" / "notes.txt").write_text("keep me")
    t = time.perf_counter()
    p = run("generate", PROMPT, "--size", "8192x8192", "--layers", "L", "--session", "big", cwd=tmp_path)
    one_line_exit_2(p, "did not write", "notes.txt")
    assert time.perf_counter() - t < 20
    assert files(tmp_path) == {"L", "L/notes.txt"} and store_rows(tmp_path / "home") == []


# 3. The layers folder --------------------------------------------------------------------


def _open(path: Path) -> Image.Image:
    with Image.open(path) as im:
        im.load()
        return im.copy()


def _composite(folder: Path) -> tuple[dict, np.ndarray]:
    manifest = json.loads((folder / "manifest.json").read_text())
    size = (manifest["canvas"]["width"], manifest["canvas"]["height"])
    acc = Image.new("RGBA", size, (0, 0, 0, 0))
    for layer in sorted(manifest["layers"], key=lambda x: x["z"]):
        img = _open(folder / layer["file"])
        assert img.mode == "RGBA" and img.size == size
        box = img.getchannel("A").getbbox()
        if box:  # the manifest's box holds every painted pixel
            x0, y0, x1, y1 = box
            assert layer["x"] <= x0 and layer["y"] <= y0
            assert x1 <= layer["x"] + layer["width"] and y1 <= layer["y"] + layer["height"]
        acc.alpha_composite(img)
    return manifest, np.asarray(acc)


def test_layers_folder_is_a_set_with_a_manifest_and_is_replaced_whole(tmp_path):
    # 1. picture with many layers
    p = run("generate", "a photo of three dogs in a park", "--no-ocr", "-o", "a.png", "--layers", "L", cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr
    manifest, acc = _composite(tmp_path / "L")
    png = (tmp_path / "a.png").read_bytes()
    assert manifest["image_sha256"] == hashlib.sha256(png).hexdigest()
    assert {f.name for f in (tmp_path / "L").iterdir()} == {x["file"] for x in manifest["layers"]} | {"manifest.json"}
    assert np.array_equal(acc, np.asarray(_open(tmp_path / "a.png").convert("RGBA")))
    first = {x["file"] for x in manifest["layers"]}
    # 2. the same folder again, for a design with other layers: no file of the first is left
    p = run("generate", PROMPT, "--no-ocr", "-o", "b.png", "--layers", "L", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    manifest, acc = _composite(tmp_path / "L")
    names = {f.name for f in (tmp_path / "L").iterdir()}
    assert names == {x["file"] for x in manifest["layers"]} | {"manifest.json"} and first - names
    assert manifest["image_sha256"] == hashlib.sha256((tmp_path / "b.png").read_bytes()).hexdigest()
    assert np.array_equal(acc, np.asarray(_open(tmp_path / "b.png").convert("RGBA")))
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".")]  # no temp or aside folder left
    # 3. a file of the user's in it: refused, and nothing in it changes
    (tmp_path / "L" / "mine.txt").write_text("mine")
    before = {f.name: f.read_bytes() for f in (tmp_path / "L").iterdir()}
    one_line_exit_2(run("generate", PROMPT, "--no-ocr", "-o", "c.png", "--layers", "L", cwd=tmp_path), "mine.txt")
    assert {f.name: f.read_bytes() for f in (tmp_path / "L").iterdir()} == before
    assert not (tmp_path / "c.png").exists()


def test_empty_layers_folder_is_used(tmp_path):
    (tmp_path / "L").mkdir()
    p = run("generate", PROMPT, "--no-ocr", "-o", "a.png", "--layers", "L", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "L" / "manifest.json").exists() and (tmp_path / "L" / "title.png").exists()


# 4. Empty values are errors ---------------------------------------------------------------


@pytest.mark.parametrize("option", ["--size", "-o", "--session", "--layers", "--aspect", "--now"])
def test_empty_option_values_are_errors(tmp_path, option):
    p = run("generate", PROMPT, option, "", cwd=tmp_path)
    one_line_exit_2(p, "is empty")
    assert files(tmp_path) == set()


@pytest.mark.parametrize("command", [["edit", "make it blue"], ["undo"], ["history"], ["chat"]])
def test_empty_session_name_is_an_error(tmp_path, command):
    one_line_exit_2(run(*command, "--session", "", cwd=tmp_path, stdin=""), "--session is empty")


def test_empty_output_on_edit_is_an_error(session_dir):
    before = store_rows(session_dir / "home")
    one_line_exit_2(run("edit", "make the title red", "--session", "s", "-o", "", cwd=session_dir), "is empty")
    assert store_rows(session_dir / "home") == before


# 5. Progress --------------------------------------------------------------------------------


def test_progress_on_a_terminal_names_the_stages(tmp_path):
    """stderr is a terminal: the stages (render with the canvas, the writes) are shown live."""
    master, slave = pty.openpty()
    env = {**os.environ, "EGAKU_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "egaku", "generate", PROMPT, "--no-ocr", "--layers", "L", "-o", "p.png"],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=tmp_path,
        env=env,
    )
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0
    text = out.decode("utf-8", "replace")
    for stage in ("understand…", "compose…", "render 1240×1754,", "verify…", "layers…", "write PNG…"):
        assert stage in text, text
    assert text.endswith("\r\x1b[2K")  # the line is cleared at the end


# 7. A CLI that explains itself -------------------------------------------------------------


def test_every_option_of_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(COMMANDS)
    hidden = {("edit", "ocr")}
    for name, cmd in sub.choices.items():
        for action in cmd._actions:
            if (name, action.dest) in hidden:
                assert action.help == argparse.SUPPRESS
                continue
            where = f"egaku {name} {action.option_strings or action.dest}"
            assert action.help and action.help != argparse.SUPPRESS, where


COMMANDS = [
    "generate",
    "edit",
    "undo",
    "redo",
    "checkout",
    "history",
    "sessions",
    "chat",
    "schema",
    "serve",
    "mcp",
    "resize",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_command(tmp_path, command):
    p = run(command, "--help", cwd=tmp_path)
    assert p.returncode == 0 and p.stdout.startswith(f"usage: egaku {command}")
    assert "--ocr " not in p.stdout  # the hidden alias


def test_sessions_command(tmp_path):
    home = tmp_path / "home"
    p = run("sessions", cwd=tmp_path)
    assert p.returncode == 0 and "no sessions yet" in p.stdout and not home.exists()
    ok("generate", "Poster saying 'OPEN HOUSE' big", "--session", "a", "--no-ocr", "-o", "a.png", cwd=tmp_path)
    ok("generate", "文化祭のポスター『第50回 輝け青春』", "--session", "b", "--no-ocr", "-o", "b.png", cwd=tmp_path)
    ok("edit", "make the title blue", "--session", "a", "--no-ocr", "-o", "a2.png", cwd=tmp_path)
    p = run("sessions", "--json", cwd=tmp_path)
    data = json.loads(p.stdout)
    assert [(s["name"], s["turns"], s["head"], s["instruction"]) for s in data] == [
        ("a", 2, 2, "make the title blue"),
        ("b", 1, 1, "文化祭のポスター『第50回 輝け青春』"),
    ]
    p = run("sessions", cwd=tmp_path)
    lines = p.stdout.splitlines()
    assert lines[0].split() == ["session", "turns", "updated", "last", "instruction"]
    assert lines[1].startswith("a ") and "make the title blue" in lines[1]
    assert lines[2].startswith("b ") and "輝け青春" in lines[2]


def test_edit_exit_codes_follow_the_checks(session_dir):
    """OCR is on by default in edit, as in generate; --no-ocr skips it; --ocr still parses.
    Exit 0 when the checks pass, 1 (the turn kept, a warning) when one fails."""
    p = run("edit", "make the title green", "--session", "s", "--json", "-o", "ok.png", cwd=session_dir)
    assert p.returncode == 0, p.stderr
    checks = json.loads(p.stdout.splitlines()[-1])["checks"]
    assert checks["ok"] and any(c["name"] == "ocr" for c in checks["checks"])
    p = run("edit", "make the title blue", "--session", "s", "--ocr", "--no-ocr", "-o", "ok2.png", cwd=session_dir)
    assert p.returncode == 0, p.stderr
    # symbols the OCR model cannot read: the read-back check fails whatever the colour
    p = run("generate", "Poster saying '〠〄〶' big", "--session", "sym", "--no-ocr", "-o", "y.png", cwd=session_dir)
    assert p.returncode == 0, p.stderr
    p = run("edit", "make the title blue", "--session", "sym", "-o", "y2.png", cwd=session_dir)
    assert p.returncode == 1 and "some checks failed" in p.stderr, p.stdout + p.stderr
    assert (session_dir / "y2.png").exists() and ("sym", 2, 2) in store_rows(session_dir / "home")
    p = run("edit", "make the title red", "--session", "sym", "--no-ocr", "-o", "y3.png", cwd=session_dir)
    assert p.returncode == 0, p.stdout + p.stderr


def test_history_columns_line_up_for_japanese(tmp_path):
    ok(
        "generate",
        "文化祭のポスター『第50回 輝け青春』と大きく",
        "--session",
        "j",
        "--no-ocr",
        "-o",
        "j.png",
        cwd=tmp_path,
    )
    ok("edit", "make the title blue", "--session", "j", "--no-ocr", "-o", "j2.png", cwd=tmp_path)
    p = run("history", "--session", "j", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    from egaku.cli import _width

    starts = []
    for line in p.stdout.splitlines():
        word = "generate" if "generate" in line else "recolor"
        starts.append(_width(line[: line.index(word)]))
    assert len(starts) == 2 and starts[0] == starts[1], p.stdout


# 7. chat -------------------------------------------------------------------------------------


def test_chat_commands(tmp_path):
    script = "\n".join(
        [
            "/help",
            "/undo",  # nothing yet
            "Poster saying 'OPEN HOUSE' big",
            "make the title blue",
            "/frobnicate",
            "/trace",
            "/checkout 1",
            "/checkout x",
            "/history",
            "/save out.png",
            "/save out.jpg",
        ]
    )
    p = run("chat", "--session", "c", "--no-ocr", cwd=tmp_path, stdin=script + "\n")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "/checkout N" in out and "/trace" in out  # /help
    assert "nothing to undo yet; type a request first" in out
    assert "unknown command /frobnicate; /help lists them" in out
    assert "recolor → title" in out  # /trace shows the whole trace of the last turn
    assert "now at turn 1" in out
    assert "/checkout N: N must be a turn number" in out
    assert "saved out.png (turn 1)" in out and "must end in .png" in out
    assert "session c kept; continue with egaku chat --session c" in out  # quit by end of input
    home = tmp_path / "home"
    assert store_rows(home) == [("c", 2, 1)]  # the unknown command was not an edit
    store = Store(home, readonly=True)
    assert (tmp_path / "out.png").read_bytes() == store.image(store.turn("c", 1))
    # 2. continue it: no new request, straight to edits
    p = run("chat", "--session", "c", "--no-ocr", cwd=tmp_path, stdin="make the title red\n/quit\n")
    assert p.returncode == 0, p.stderr
    assert "continuing session c at turn 1" in p.stdout and "turn 3, changed: title" in p.stdout
    assert store_rows(home) == [("c", 3, 3)]


def test_chat_handles_bad_input(tmp_path):
    script = b"Poster saying 'OPEN HOUSE' big\nmake the title \xff blue\n/checkout 99\n/save /nonexistent/x.png\n\n"
    p = run("chat", "--session", "b", "--no-ocr", cwd=tmp_path, stdin=script)
    assert p.returncode == 0 and "Traceback" not in p.stderr + p.stdout, p.stderr
    assert "not UTF-8 at position 15" in p.stdout
    assert "no turn 99" in p.stdout and "does not exist" in p.stdout
    assert store_rows(tmp_path / "home") == [("b", 1, 1)]


def test_chat_uses_ocr_by_default(tmp_path):
    p = run("chat", "--session", "o", cwd=tmp_path, stdin="Poster saying 'OPEN HOUSE' big\n/trace\n")
    assert p.returncode == 0, p.stderr
    assert "checks passed" in p.stdout and "(OCR off)" not in p.stdout


# 8. Messages that mislead -------------------------------------------------------------------


def test_a_picture_has_no_text_to_check(tmp_path):
    p = run("generate", "a photo of a bench", "--no-ocr", "-o", "b.png", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "0/0" not in p.stdout and "no text to check" in p.stdout
