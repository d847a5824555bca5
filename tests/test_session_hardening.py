"""Issue 9: sessions and saved files are never half-done.

A turn is recorded, or the head moved, only after the outputs are written; an edit that
raced another process is made again from the new head; the Python API refuses bad
input before any work, as the CLI does."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import egaku
from egaku.errors import InputError, OutputPathError, SizeError
from egaku.pipeline import Outputs
from egaku.session import Session
from egaku.store import NoSuchSession, Store

BLUE = "#1D4ED8"


def rows(home: Path) -> list[tuple[str, int, int]]:
    return [(s["name"], s["turns"], s["head"]) for s in Store(home, readonly=True).sessions()]


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    Session("s", home=h).generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    return h


# 1. Concurrent edits -----------------------------------------------------------------------


def test_two_concurrent_cli_edits_both_land_in_order(tmp_path):
    """Two `egaku edit` processes on one session at once, several times: both edits are
    recorded, one after the other, and the head image shows both."""
    env = {**os.environ, "EGAKU_HOME": str(tmp_path / "home")}
    for round_ in range(3):
        name = f"c{round_}"
        Session(name, home=tmp_path / "home").generate("Poster saying 'OPEN HOUSE' big", ocr=False)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "egaku", "edit", instruction, "--session", name, "--no-ocr", "-o", f"{i}.png"],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i, instruction in enumerate(["make the title blue", "add a small house icon in the corner"])
        ]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, out + err
        s = Session(name, home=tmp_path / "home", readonly=True)
        hist = s.history
        assert [(h["turn"], h["parent"]) for h in hist] == [(1, None), (2, 1), (3, 2)]  # a chain, no branch
        assert hist[-1]["head"] and sorted(h["ops"][0] for h in hist[1:]) == ["add_icon", "recolor"]
        head = s.store.head(name)
        scene = egaku.Scene.from_json(head.scene_json)
        assert scene.layer("title").fill == BLUE and scene.layer("added-icon-1").emoji == "🏠"
        # each process wrote the image of its own turn
        for i in range(2):
            png = (tmp_path / f"{i}.png").read_bytes()
            assert hashlib.sha256(png).hexdigest() in {h["image_sha256"] for h in hist[1:]}


def test_an_edit_that_loses_the_race_is_made_again_from_the_new_head(home):
    """Another writer records a turn while this edit is being written: the edit is redone
    from that turn (its trace says so), so neither edit is lost."""
    other = Session("s", home=home)
    raced: list[int] = []

    def write(gen):
        if not raced:  # the first time only: another process edits meanwhile
            raced.append(other.edit("add a small house icon in the corner").turn or 0)
        return None

    gen = Session("s", home=home).edit("make the title blue", write=write)
    assert raced == [2] and gen.turn == 3
    assert gen.scene.layer("title").fill == BLUE and gen.scene.layer("added-icon-1").emoji == "🏠"
    assert any("made again from turn 2" in line for line in gen.trace)
    assert [(h["turn"], h["parent"]) for h in Session("s", home=home).history] == [(1, None), (2, 1), (3, 2)]


def test_undo_that_loses_the_race_moves_from_the_new_head(home):
    s = Session("s", home=home)
    s.edit("make the title blue")
    s.edit("make the title green")
    other = Session("s", home=home)
    seen: list[int | None] = []

    def write(gen):
        seen.append(gen.turn)
        if len(seen) == 1:
            other.undo()  # head 3 -> 2 while this undo is writing its file
        return None

    gen = s.undo(write=write)
    assert seen == [2, 1] and gen.turn == 1 and s.store.head("s").id == 1


# 2. Nothing half-done ---------------------------------------------------------------------


def test_edit_whose_outputs_fail_records_nothing(home, tmp_path):
    before = rows(home)

    def write(gen):
        staged = Outputs(png=Path("/proc/egaku-api.png")).stage(gen)  # /proc refuses new files
        return staged

    with pytest.raises(OutputPathError, match="cannot write"):
        Session("s", home=home).edit("make the title blue", write=write)
    assert rows(home) == before


def test_outputs_are_staged_until_the_turn_is_recorded(home, tmp_path):
    out = tmp_path / "e.png"
    seen = {}

    def write(gen):
        staged = Outputs(png=out, layers=tmp_path / "L").stage(gen)
        seen["before"] = (out.exists(), (tmp_path / "L").exists(), rows(home))
        return staged

    gen = Session("s", home=home).edit("make the title blue", write=write)
    assert seen["before"] == (False, False, [("s", 1, 1)])  # nothing in place, nothing recorded yet
    assert out.read_bytes() == Session("s", home=home).image_bytes(gen.turn)
    assert json.loads((tmp_path / "L" / "manifest.json").read_text())["image_sha256"] == (
        hashlib.sha256(out.read_bytes()).hexdigest()
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["L", "e.png", "home"]  # no temp file left


def test_moves_whose_outputs_fail_leave_the_head(home):
    s = Session("s", home=home)
    s.edit("make the title blue")

    def write(gen):
        raise OutputPathError("refused")

    for move in (lambda: s.undo(write=write), lambda: s.checkout(1, write=write)):
        with pytest.raises(OutputPathError):
            move()
        assert s.store.head("s").id == 2
    s.undo()
    with pytest.raises(OutputPathError):
        s.redo(write=write)
    assert s.store.head("s").id == 1


def test_bad_session_names_are_refused_before_anything_is_created(tmp_path):
    for name in ("", "a b", "x" * 65, "s\udcff", "../up", 3):
        with pytest.raises(InputError):
            Session(name, home=tmp_path / "home")  # type: ignore[arg-type]
    assert not (tmp_path / "home").exists()


def test_generate_into_an_existing_session_is_refused_before_any_work(home):
    with pytest.raises(InputError, match="already exists"):
        Session("s", home=home).generate("Poster saying 'OTHER'", size=(8192, 8192), ocr=False)
    assert rows(home) == [("s", 1, 1)]


def test_checkout_of_odd_turns(home):
    s = Session("s", home=home)
    for turn in (0, -1, True, "1", 1.0):
        with pytest.raises(InputError):
            s.checkout(turn)  # type: ignore[arg-type]
    for turn in (2, 10**30):
        with pytest.raises(NoSuchSession):
            s.checkout(turn)
    assert rows(home) == [("s", 1, 1)]


def test_bad_instructions(home):
    s = Session("s", home=home)
    for bad, words in (("make the title \udcff", "not UTF-8 at position 15"), ("  ", "empty"), (None, "text")):
        with pytest.raises(InputError, match=words):
            s.edit(bad)  # type: ignore[arg-type]
    assert rows(home) == [("s", 1, 1)]


# 3. The Python API: generate() and Generation.save() --------------------------------------


@pytest.mark.parametrize(
    "kwargs,error,words",
    [
        ({"size": (10**9, 5)}, SizeError, "64..8192"),
        ({"size": (640, "480")}, SizeError, "whole pixels"),
        ({"size": (640, 480), "aspect": "16:9"}, SizeError, "not both"),
        ({"aspect": "1" + "0" * 400 + ":1"}, SizeError, "12 digits"),
        ({"aspect": 16}, SizeError, "text"),
        ({"seed": -1}, InputError, "seed"),
        ({"seed": 2**40}, InputError, "seed"),
        ({"seed": True}, InputError, "seed"),
        ({"ocr": "yes"}, InputError, "ocr"),
        ({"now": "yesterday"}, InputError, "ISO 8601"),
    ],
)
def test_generate_refuses_bad_arguments(kwargs, error, words):
    with pytest.raises(error, match=words):
        egaku.generate("Poster saying 'HI'", **kwargs)


@pytest.mark.parametrize(
    "prompt,words", [("poster \ud800 'HI'", r"U\+D800 at position 7"), ("poster \udcff", "not UTF-8")]
)
def test_generate_refuses_text_that_is_not_text(prompt, words):
    with pytest.raises(InputError, match=words):
        egaku.generate(prompt)


@pytest.fixture(scope="module")
def gen():
    return egaku.generate("Poster saying 'OPEN HOUSE' big", ocr=False)


def test_save_checks_every_path_before_writing_any(gen, tmp_path):
    (tmp_path / "FILE").write_text("mine")
    (tmp_path / "E").mkdir()
    (tmp_path / "LINK").symlink_to(tmp_path / "E")
    cases = [
        dict(path=tmp_path / "a.png", layers=tmp_path / "FILE"),
        dict(path=tmp_path / "E" / "a.png", layers=tmp_path / "E"),  # inside a folder replaced whole
        dict(path=tmp_path / "a.png", layers=tmp_path / "LINK"),
        dict(path=tmp_path / "a.png", svg=tmp_path / "nope" / "a.svg"),
        dict(path=tmp_path / "a.png", svg=tmp_path / "a.png"),
        dict(path="", svg=tmp_path / "a.svg"),
        dict(path=tmp_path / "a.png", layers=""),
    ]
    for case in cases:
        path = case.pop("path")
        with pytest.raises(OutputPathError):
            gen.save(path, **case)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["E", "FILE", "LINK"] and not os.listdir(tmp_path / "E")


def test_save_layers_folder_rules(gen, tmp_path):
    folder = tmp_path / "L"
    gen.save(tmp_path / "a.png", layers=folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [x["z"] for x in manifest["layers"]] == list(range(len(gen.rendering.layers)))
    assert [x["id"] for x in manifest["layers"]] == [r.id for r in gen.rendering.layers]
    assert manifest["canvas"] == {"width": 1240, "height": 1754}
    assert manifest["image_sha256"] == hashlib.sha256((tmp_path / "a.png").read_bytes()).hexdigest()
    # an earlier layers folder: replaced as a whole (a stale file of an old layer goes)
    old = json.loads((folder / "manifest.json").read_text())
    old["layers"].append({"id": "gone", "file": "gone.png", "z": 99, "x": 0, "y": 0, "width": 1, "height": 1})
    (folder / "manifest.json").write_text(json.dumps(old))
    (folder / "gone.png").write_bytes(b"old")
    gen.save(tmp_path / "b.png", layers=folder)
    assert not (folder / "gone.png").exists()
    assert {p.name for p in folder.iterdir()} == {x["file"] for x in manifest["layers"]} | {"manifest.json"}
    # a folder with a file egaku did not write: refused, untouched, no PNG either
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(OutputPathError, match="notes.txt"):
        gen.save(tmp_path / "c.png", layers=folder)
    assert (folder / "notes.txt").read_text() == "mine" and not (tmp_path / "c.png").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
