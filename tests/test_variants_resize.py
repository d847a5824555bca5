"""Variants of one request (--variants N, --pick K) and one design re-flowed to other
formats (egaku resize, 「インスタのストーリー用にも作って」). Asserted on pixels, layout
boxes, exact texts, verify reports and the files the CLI writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import egaku
from egaku.compose.base import safe_area

POSTER = "夏祭りのポスター『納涼祭』『8月15日』"
EN = "A poster for a jazz night 'Blue Notes' 'Friday 8pm'"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EGAKU_HOME": str(cwd / "home"), "EGAKU_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "egaku", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def _px(gen: egaku.Generation, size: int = 256) -> np.ndarray:
    return np.asarray(gen.image.convert("RGB").resize((size, size)), dtype=np.float64)


@pytest.mark.parametrize("prompt", [POSTER, EN])
def test_variants_are_different_designs_and_each_passes_verify(prompt: str) -> None:
    gens = egaku.generate_variants(prompt, 3, ocr=True)
    assert len(gens) == 3
    for g in gens:
        assert g.report.ok, g.report.failed()
        assert sorted(
            t.text for t in g.scene.text_layers() if t.role in ("title", "subtitle", "date", "body")
        ) == sorted(g.intent.texts)  # the same words, exactly, in every variant
    for i in range(3):
        for j in range(i + 1, 3):
            a, b = gens[i], gens[j]
            dist = np.abs(_px(a) - _px(b)).mean()
            assert dist > 6, (i + 1, j + 1, dist)  # visibly different pictures
            # a different layout, not only noise: the title's box moved or changed size, or
            # the design is made of other layers
            ta, tb = a.scene.layer("title").box, b.scene.layer("title").box
            ix = max(0.0, min(ta.right, tb.right) - max(ta.x, tb.x)) * max(
                0.0, min(ta.bottom, tb.bottom) - max(ta.y, tb.y)
            )
            iou = ix / (ta.w * ta.h + tb.w * tb.h - ix)
            layers_a = {(x.kind, x.role) for x in a.scene.leaves()}
            layers_b = {(x.kind, x.role) for x in b.scene.leaves()}
            assert iou < 0.8 or layers_a != layers_b, (i + 1, j + 1, iou)


def test_same_request_same_variants() -> None:
    a = egaku.generate(EN, variant=2, ocr=False)
    b = egaku.generate(EN, variant=2, ocr=False)
    assert a.png_bytes() == b.png_bytes()
    assert egaku.generate(EN, variant=1, ocr=False).png_bytes() == egaku.generate(EN, ocr=False).png_bytes()


def test_variants_keep_what_the_request_said() -> None:
    prompt = "a poster with 'OPEN DAY' small at the bottom, festival theme"
    base = egaku.generate(prompt, ocr=False)
    for g in egaku.generate_variants(prompt, 3, ocr=False):
        assert g.intent.theme == base.intent.theme == "festival"
        assert g.intent.position == "bottom" and g.intent.size == "small"
        assert g.scene.layer("title").box.cy > 0.5 * g.scene.canvas.height


@pytest.mark.parametrize("bad", [0, 9, "2", True])
def test_bad_variant_numbers_are_refused(bad: object) -> None:
    with pytest.raises(egaku.InputError, match="1..8"):
        egaku.generate(EN, variant=bad, ocr=False)  # type: ignore[arg-type]


def test_cli_variants_writes_each_design_and_a_contact_sheet(tmp_path: Path) -> None:
    p = run("generate", EN, "--variants", "3", "-o", "jazz.png", "--no-ocr", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    files = [tmp_path / f"jazz-{k}.png" for k in (1, 2, 3)]
    assert all(f.is_file() for f in files)
    with Image.open(tmp_path / "jazz-variants.png") as sheet:
        assert sheet.width > 3 * 400 and sheet.height < sheet.width  # side by side
    # --pick K draws variant K again and records it in a session
    p = run("generate", EN, "--pick", "2", "--session", "jazz", "-o", "picked.png", "--no-ocr", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    with Image.open(tmp_path / "picked.png") as a, Image.open(files[1]) as b:
        assert np.array_equal(np.asarray(a.convert("RGB")), np.asarray(b.convert("RGB")))
    p = run("edit", "make the title red", "--session", "jazz", "-o", "edited.png", cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr  # the session goes on from variant 2
    assert (tmp_path / "edited.png").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--variants", "9"], "1..8"),
        (["--variants", "3", "--session", "s"], "--pick K"),
        (["--variants", "2", "--pick", "1"], "not allowed with"),
    ],
)
def test_cli_variants_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    p = run("generate", EN, *args, "-o", "x.png", cwd=tmp_path)
    assert p.returncode == 2
    assert message in p.stderr and "Traceback" not in p.stderr
    assert not list(tmp_path.glob("x*.png"))


def _texts(gen: egaku.Generation) -> list[str]:
    return sorted(t.text for t in gen.scene.text_layers() if t.text in gen.intent.texts)


def test_resize_reflows_one_design_to_other_formats(tmp_path: Path) -> None:
    src = egaku.generate(POSTER, ocr=False)
    path = tmp_path / "matsuri.png"
    src.save(path)
    from egaku.reflow import resize_png

    outs = resize_png(path, "story,banner,square")
    sizes = [(g.scene.canvas.width, g.scene.canvas.height) for g in outs]
    assert sizes == [(1080, 1920), (1500, 500), (1080, 1080)]
    pictures = sorted(getattr(x, "depicts", "") for x in src.scene.leaves() if x.kind == "object")
    for g in outs:
        assert g.report.ok, g.report.failed()  # OCR read every text back
        assert _texts(g) == sorted(src.intent.texts)  # every text, exactly
        assert sorted(getattr(x, "depicts", "") for x in g.scene.leaves() if x.kind == "object") == pictures
        title = g.scene.layer("title")
        assert all(title.size >= t.size for t in g.scene.text_layers())  # the hierarchy stays
        safe = safe_area(g.intent)
        for t in g.scene.text_layers():  # nothing cropped: inside the format's safe area
            assert safe.x - 1 <= t.box.x and t.box.right <= safe.right + 1
            assert safe.y - 1 <= t.box.y and t.box.bottom <= safe.bottom + 1
        for x in g.scene.leaves():
            if x.kind == "object":  # a picture is scaled, never stretched
                a = [o for o in src.scene.leaves() if getattr(o, "depicts", "") == x.depicts][0]
                assert abs(x.box.w / x.box.h - a.box.w / a.box.h) < 0.02


def test_resize_carries_the_users_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGAKU_HOME", str(tmp_path / "home"))
    s = egaku.Session("r")
    s.generate(EN, ocr=False)
    edited = s.edit("make the title red")
    path = tmp_path / "edited.png"
    edited.save(path)
    red = edited.scene.layer("title").fill
    from egaku.reflow import resize_png

    for g in resize_png(path, "square,thumbnail", ocr=False):
        assert g.scene.layer("title").fill == red
        assert any(line.startswith("[resize] title.fill") for line in g.trace)


def test_session_edit_asks_for_another_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGAKU_HOME", str(tmp_path / "home"))
    s = egaku.Session("story")
    first = s.generate(POSTER, ocr=False)
    s.edit("タイトルを赤くして")
    story = s.edit("インスタのストーリー用にも作って", ocr=True)
    assert (story.scene.canvas.width, story.scene.canvas.height) == (1080, 1920)
    assert story.intent.kind == "story" and story.report.ok, story.report.failed()
    assert _texts(story) == sorted(first.intent.texts)
    assert story.scene.layer("title").fill != first.scene.layer("title").fill  # the red title was replayed
    back = s.edit("make a banner version")
    assert (back.scene.canvas.width, back.scene.canvas.height) == (1500, 500)


def test_cli_resize(tmp_path: Path) -> None:
    assert run("generate", EN, "-o", "jazz.png", "--no-ocr", cwd=tmp_path).returncode == 0
    p = run("resize", "jazz.png", "--to", "story,square", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    with Image.open(tmp_path / "jazz-story.png") as a, Image.open(tmp_path / "jazz-square-post.png") as b:
        assert a.size == (1080, 1920) and b.size == (1080, 1080)
    bad = run("resize", "jazz.png", "--to", "billboard", cwd=tmp_path)
    assert bad.returncode == 2 and "unknown format 'billboard'" in bad.stderr and "Traceback" not in bad.stderr
    Image.new("RGB", (64, 64), "white").save(tmp_path / "plain.png")
    bad = run("resize", "plain.png", "--to", "story", cwd=tmp_path)
    assert bad.returncode == 2 and "scene" in bad.stderr.lower()
    assert not (tmp_path / "plain-story.png").exists()


def test_a_style_edit_composes_the_design_again_in_that_style(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGAKU_HOME", str(tmp_path / "home"))
    s = egaku.Session("style")
    first = s.generate(POSTER, ocr=False)
    s.edit("タイトルを赤くして")
    wafu = s.edit("和風にして", ocr=True)
    assert wafu.intent.style == "wafu" and wafu.intent.theme == first.intent.theme  # the theme stays
    assert wafu.report.ok, wafu.report.failed()
    assert _texts(wafu) == sorted(first.intent.texts)
    assert wafu.scene.palette != first.scene.palette
    assert any(line.startswith("[edit] replayed") for line in wafu.trace)  # the red title survives
    neon = s.edit("make it neon")
    assert neon.intent.style == "neon"
    dark = np.asarray(neon.image.convert("L"), dtype=np.float64).mean()
    assert dark < np.asarray(wafu.image.convert("L"), dtype=np.float64).mean() - 40  # a dark ground
