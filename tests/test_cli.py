"""The CLI as a user meets it: exit codes, one-line errors, no partial files, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

PROMPT = "Poster saying 'HELLO' big in the middle"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "egaku", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


BAD = [
    (["generate", ""], "empty"),
    (["generate", "   \n\t "], "empty"),
    (["generate", PROMPT, "--size", "9000x1000"], "64..8192"),
    (["generate", PROMPT, "--size", "32x32"], "64..8192"),
    (["generate", PROMPT, "--size", "big"], "WIDTHxHEIGHT"),
    (["generate", PROMPT, "--aspect", "wide"], "W:H"),
    (["generate", PROMPT, "--frobnicate"], "unrecognized arguments"),
    (["generate", PROMPT, "--seed", "x"], "--seed"),
    (["generate", PROMPT, "-o", "/nonexistent-dir/out.png"], "does not exist"),
    (["generate", PROMPT, "-o", "out.jpg"], ".png"),
]


@pytest.mark.parametrize("args,words", BAD)
def test_bad_input_is_one_clear_line_exit_2_and_no_file(tmp_path, args, words):
    before = set(os.listdir(tmp_path))
    p = run(*args, cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("egaku: "), p.stderr
    assert words in lines[0]
    assert "Traceback" not in p.stderr
    assert set(os.listdir(tmp_path)) == before  # nothing written, not even a temp file


def test_unwritable_output_folder(tmp_path):
    """A folder without write permission. Root may write anywhere, so as root this case
    skips; the next test is the one no user can write to."""
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):
            pytest.skip("running as a user who can write anywhere (see the regular-file case below)")
        p = run("generate", PROMPT, "-o", str(ro / "x.png"))
        assert p.returncode == 2 and "cannot write" in p.stderr and not list(ro.iterdir())
    finally:
        ro.chmod(0o700)


def test_output_folder_that_is_a_regular_file_fails_even_for_root(tmp_path):
    """``-o notes.txt/x.png``: the "folder" is a regular file, and not even root can create
    a file inside a file. One line naming the path, exit 2, no traceback, nothing written."""
    blocker = tmp_path / "notes.txt"
    blocker.write_bytes(b"keep me")
    before = sorted(os.listdir(tmp_path))
    p = run("generate", PROMPT, "-o", str(blocker / "x.png"), "--no-ocr", cwd=tmp_path)
    assert p.returncode == 2, (p.returncode, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("egaku: ") and str(blocker) in lines[0], p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""
    assert blocker.read_bytes() == b"keep me" and sorted(os.listdir(tmp_path)) == before


def test_output_on_a_filesystem_that_refuses_files(tmp_path):
    """/proc refuses new files even for root: the error is one line, exit 2."""
    p = run("generate", PROMPT, "-o", "/proc/egaku-test.png", "--no-ocr", cwd=tmp_path)
    assert p.returncode == 2 and "cannot write" in p.stderr and "Traceback" not in p.stderr
    assert not os.path.exists("/proc/egaku-test.png")


def test_output_that_is_a_folder(tmp_path):
    p = run("generate", PROMPT, "-o", str(tmp_path))
    assert p.returncode == 2 and "is a folder" in p.stderr


def test_debug_shows_the_traceback(tmp_path):
    p = run("generate", "", "--debug", cwd=tmp_path)
    assert p.returncode != 0 and "Traceback" in p.stderr


def test_uncovered_character_names_it(tmp_path):
    p = run("generate", "Poster saying 'hi 😀'", cwd=tmp_path)
    assert p.returncode == 2 and "U+1F600" in p.stderr and "Traceback" not in p.stderr
    assert not list(tmp_path.iterdir())


def test_json_output_and_files(tmp_path):
    out = tmp_path / "o.png"
    p = run("generate", PROMPT, "-o", str(out), "--json", "--svg", "--layers", str(tmp_path / "L"), "--seed", "3")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout.strip().splitlines()[-1])
    assert {"image", "svg", "scene", "trace", "checks", "timings_ms"} <= set(data)
    assert data["timings_ms"]["total"] > 0 and data["checks"]["ok"] is True
    assert data["image"] == str(out) and out.exists() and (tmp_path / "o.svg").exists()
    assert (tmp_path / "L" / "title.png").exists()
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".part")]


def test_control_characters_are_dropped_with_a_trace_note(tmp_path):
    p = run("generate", "Poster saying 'HEL\x07LO\x1b' big", "-o", str(tmp_path / "c.png"), "--json", "--no-ocr")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout.strip().splitlines()[-1])
    assert data["intent"]["texts"] == ["HELLO"]
    assert any("control character" in line for line in data["trace"])


def test_very_long_prompt_is_refused_fast(tmp_path):
    t = time.perf_counter()
    p = run("generate", "a" * 100_000, cwd=tmp_path)
    assert p.returncode == 2 and "characters" in p.stderr
    assert time.perf_counter() - t < 10


def test_quiet_prints_only_the_path(tmp_path):
    p = run("generate", PROMPT, "-o", str(tmp_path / "q.png"), "--quiet", "--no-ocr")
    assert p.returncode == 0 and p.stdout.strip() == str(tmp_path / "q.png")
