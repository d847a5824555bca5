"""Issue 5: conversational editing. Every edit changes only the pixels of the layers it
reports; undo restores images byte for byte; the store survives SIGKILL."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from PIL import Image

from egaku.edit import EditQuestion, interpret
from egaku.scene import PartLayer, SceneryLayer
from egaku.session import Session

KOALA = "2足歩行のコアラを描いてください。コアラは、赤色のアロハシャツを着ています。"


def _pixels(gen) -> np.ndarray:
    return np.asarray(gen.rendering.image).astype(int)


def _footprint(gens, ids, size) -> np.ndarray:
    """Where any of the layers ``ids`` paints, before or after."""
    w, h = size
    out = np.zeros((h, w), dtype=bool)
    for gen in gens:
        for r in gen.rendering.layers:
            if r.id in ids and r.image.width:
                a = np.asarray(r.image)[..., 3] > 0
                out[r.y : r.y + a.shape[0], r.x : r.x + a.shape[1]] |= a
    return out


def _assert_local(before, after):
    changed = np.any(_pixels(before) != _pixels(after), axis=-1)
    foot = _footprint([before, after], set(after.changed_layers), before.rendering.image.size)
    assert not (changed & ~foot).any(), f"pixels changed outside {after.changed_layers}"
    return changed


@pytest.fixture
def session(tmp_path):
    return Session("t", home=tmp_path / "home")


def test_koala_session_four_turns(session, tmp_path):
    g0 = session.generate(KOALA, ocr=False)
    # 1. 服を赤から青に: only the shirt
    g1 = session.edit("このキャラクター、服を赤から青に変えて")
    assert [o.op for o in g1.ops] == ["recolor"] and g1.changed_layers == ["koala-aloha-shirt"]
    shirt = g1.scene.find("koala-aloha-shirt")
    assert isinstance(shirt, PartLayer) and shirt.color == "#1D4ED8" and shirt.pattern == "floral"
    assert _assert_local(g0, g1).sum() > 1000
    # 2. from higher up: the camera, which redraws scenery and parts
    g2 = session.edit("カメラのアングルを、もっと上から撮った感じにして")
    assert g2.scene.camera.angle == "high" and g2.ops[0].op == "camera"
    _assert_local(g1, g2)
    # 3. only the background in a downpour
    g3 = session.edit("背景だけ土砂降りにして")
    assert g3.ops[0].op == "background_effect"
    sky = next(x for x in g3.scene.leaves() if isinstance(x, SceneryLayer) and x.scenery == "sky")
    assert sky.weather == "downpour" and "weather" in g3.changed_layers
    assert not any(c.startswith("koala") for c in g3.changed_layers)
    _assert_local(g2, g3)
    # every opaque pixel of the character is unchanged
    size = g2.rendering.image.size
    char = set()
    for r in g2.rendering.layers:
        if r.id.startswith("koala") and r.id != "koala-shadow" and r.image.width:
            a = np.asarray(r.image)[..., 3] == 255
            m = np.zeros((size[1], size[0]), dtype=bool)
            m[r.y : r.y + a.shape[0], r.x : r.x + a.shape[1]] = a
            char.add(id(m))
            assert np.array_equal(_pixels(g2)[m], _pixels(g3)[m]), r.id
    assert char
    # each turn's image is stored
    hist = session.history
    assert [h["turn"] for h in hist] == [1, 2, 3, 4] and hist[-1]["head"]
    for h in hist:
        Image.open(io.BytesIO(session.image_bytes(h["turn"]))).verify()


def test_open_house_session_with_undo(session, tmp_path):
    g0 = session.generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    g1 = session.edit("make the title blue")
    assert g1.changed_layers == ["title"] and g1.scene.layer("title").fill == "#1D4ED8"
    _assert_local(g0, g1)
    g2 = session.edit("move it to the top")
    assert g2.ops[0].op == "move" and g2.ops[0].targets == ["title"]
    assert g2.scene.layer("title").box.y < g1.scene.layer("title").box.y
    _assert_local(g1, g2)
    received = g2.save(tmp_path / "turn3.png").read_bytes()  # the file the user got from turn 3 (g2)
    g3 = session.edit("add a small house icon in the corner")
    assert g3.changed_layers == ["added-icon-1"] and g3.scene.layer("added-icon-1").emoji == "🏠"
    _assert_local(g2, g3)
    g4 = session.edit("undo")
    assert g4.turn == 3 and g2.turn == 3
    # byte for byte the file the user received then, not only what the store kept of it
    assert g4.save(tmp_path / "undo.png").read_bytes() == received
    assert g4.png_bytes() == received and session.image_bytes(3) == received
    g5 = session.edit("make only the background dark")
    assert g5.changed_layers == ["background"]
    changed = _assert_local(g4, g5)
    assert changed.sum() > 0.3 * changed.size
    # other layers' opaque pixels are untouched
    for r in g4.rendering.layers:
        if r.id != "background" and r.image.width:
            a = np.asarray(r.image)[..., 3] == 255
            before = _pixels(g4)[r.y : r.y + a.shape[0], r.x : r.x + a.shape[1]][a]
            after = _pixels(g5)[r.y : r.y + a.shape[0], r.x : r.x + a.shape[1]][a]
            assert np.array_equal(before, after), r.id
    # the branch: turn 5 hangs off turn 3, beside the undone turn 4
    hist = {h["turn"]: h for h in session.history}
    assert hist[5]["parent"] == 3 and hist[4]["parent"] == 3


def test_redo_and_checkout(session):
    session.generate("Poster saying 'HELLO' big", ocr=False)
    session.edit("make the title blue")
    session.edit("make the title green")
    png3 = session.image_bytes(3)
    assert session.undo().turn == 2
    assert session.undo().turn == 1
    assert session.redo().turn == 2
    assert session.redo().turn == 3 and session.image_bytes() == png3
    g = session.checkout(1)
    assert g.scene.layer("title").fill != "#1D4ED8"
    g = session.edit("make the title red")
    assert g.turn == 4 and {h["turn"]: h for h in session.history}[4]["parent"] == 1


def test_ambiguous_instruction_gets_a_question(session):
    g = session.generate("Poster with 'SPRING FAIR' and 'Saturday 10am'", ocr=False)
    with pytest.raises(EditQuestion, match="which text"):
        interpret(g.scene, "make the text blue", recent=[])
    with pytest.raises(EditQuestion, match="could not tell"):
        session.edit("please make it more fun")
    assert len(session.history) == 1  # nothing recorded for a question


def test_sessions_side_by_side(tmp_path):
    a, b = Session("a", home=tmp_path), Session("b", home=tmp_path)
    a.generate("Poster saying 'AAA'", ocr=False)
    b.generate("Poster saying 'BBB'", ocr=False)
    a.edit("make the title blue")
    assert len(a.history) == 2 and len(b.history) == 1


def test_cli_session_round_trip(tmp_path):
    env = {**os.environ, "EGAKU_HOME": str(tmp_path / "home")}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "egaku", *args], capture_output=True, text=True, env=env, cwd=tmp_path
        )

    assert (
        run("generate", "Poster saying 'OPEN HOUSE' big", "--session", "s", "--no-ocr", "-o", "g.png").returncode == 0
    )
    p = run("edit", "make the title blue", "--session", "s", "--json")
    assert p.returncode == 0, p.stderr
    import json

    data = json.loads(p.stdout.strip().splitlines()[-1])
    assert data["turn"] == 2 and data["changed_layers"] == ["title"] and data["ops"][0]["op"] == "recolor"
    p = run("edit", "make the text wobbly", "--session", "s")
    assert p.returncode == 3 and p.stderr.startswith("egaku: ") and "Traceback" not in p.stderr
    p = run("undo", "--session", "s", "-o", "u.png")
    assert p.returncode == 0 and (tmp_path / "u.png").read_bytes() == (tmp_path / "g.png").read_bytes()
    p = run("history", "--session", "s", "--json")
    assert [t["turn"] for t in json.loads(p.stdout)] == [1, 2]
    p = run("history", "--session", "nope")
    assert p.returncode != 0 and "nope" in p.stderr


def test_sigkill_during_edits_leaves_a_consistent_store(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "EGAKU_HOME": str(home)}
    Session("k", home=home).generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    rng = random.Random(7)
    colors = ["blue", "red", "green", "yellow", "purple"]
    for i in range(8):
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "egaku",
                "edit",
                f"make the title {colors[i % 5]}",
                "--session",
                "k",
                "-o",
                str(tmp_path / f"k{i}.png"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.6))
        p.send_signal(signal.SIGKILL)
        p.wait()
        s = Session("k", home=home)
        assert s.store.check() == []
        head = s.store.head("k")
        Image.open(io.BytesIO(s.image_bytes(head.id))).verify()
        assert not list(tmp_path.glob("k*.png.*part"))  # no half-written output either


def test_chat_loop_over_stdin(tmp_path):
    script = "Poster saying 'OPEN HOUSE' big\nmake the title blue\nmake the text wobbly\n/undo\n/history\n/save out.png\n/quit\n"
    p = subprocess.run(
        [sys.executable, "-m", "egaku", "chat", "--session", "c"],
        input=script,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "EGAKU_HOME": str(tmp_path / "home")},
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert "changed: title" in p.stdout and "? I could not tell" in p.stdout and "undo: now at turn 1" in p.stdout
    s = Session("c", home=tmp_path / "home")
    assert (tmp_path / "out.png").read_bytes() == s.image_bytes(1)


def test_canvas_and_style_changes_reflow_and_keep_earlier_edits(session):
    session.generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    session.edit("make the title blue")
    g = session.edit("make it square")
    assert g.ops[0].op == "canvas" and g.image.size == (1080, 1080)
    title = g.scene.layer("title")
    assert title.fill == "#1D4ED8"  # the earlier edit was replayed on the new layout
    x, y, w, h = g.rendering.layouts["title"].ink
    assert x >= 0 and x + w <= 1080 and y + h <= 1080
    g = session.edit("make it feel like winter")
    assert g.ops[0].op == "theme" and g.scene.theme == "winter" and g.scene.layer("title").fill == "#1D4ED8"
    with pytest.raises(EditQuestion, match="which style"):
        session.edit("change the style please")
