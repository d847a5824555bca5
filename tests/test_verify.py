"""Verification reads pixels: contrast, covering, OCR, and the repair round."""

from __future__ import annotations

from egaku.pipeline import repair
from egaku.render import render
from egaku.scene import BackgroundLayer, Box, Canvas, Scene, ShapeLayer, Solid, TextLayer
from egaku.verify import verify


def _scene(fill: str, bg: str, cover: bool = False) -> Scene:
    layers = [
        BackgroundLayer(id="background", z=0, box=Box(x=0, y=0, w=600, h=300), fill=Solid(color=bg)),
        TextLayer(
            id="title", z=10, box=Box(x=50, y=80, w=500, h=140), text="HELLO", lines=["HELLO"], size=110, fill=fill
        ),
    ]
    if cover:
        layers.append(
            ShapeLayer(
                id="blob",
                z=20,
                box=Box(x=150, y=100, w=120, h=100),
                shape="rect",
                fill=Solid(color="#FF0000"),
                role="decoration",
            )
        )
    return Scene(canvas=Canvas(width=600, height=300), layers=layers, palette={"background": bg})


def test_good_text_passes_every_check():
    s = _scene("#111111", "#FFFFFF")
    rep = verify(s, render(s), ["HELLO"])
    assert rep.ok, rep.to_dict()


def test_low_contrast_fails_and_the_repair_fixes_it():
    s = _scene("#9A9A9A", "#B0B0B0")
    rep = verify(s, render(s), ["HELLO"], ocr=False)
    bad = {c.name for c in rep.failed()}
    assert "contrast" in bad
    fixed, done = repair(s, rep)
    assert done and fixed.layer("title").backdrop is not None
    rep2 = verify(fixed, render(fixed), ["HELLO"], ocr=False)
    assert rep2.ok, rep2.to_dict()


def test_a_shape_over_the_text_is_reported_and_moved_below():
    s = _scene("#111111", "#FFFFFF", cover=True)
    rep = verify(s, render(s), ["HELLO"], ocr=False)
    assert [c.target for c in rep.failed() if c.name == "uncovered"] == ["title"]
    fixed, _ = repair(s, rep)
    assert verify(fixed, render(fixed), ["HELLO"], ocr=False).ok


def test_missing_text_is_reported():
    s = _scene("#111111", "#FFFFFF")
    rep = verify(s, render(s), ["HELLO", "WORLD"], ocr=False)
    assert [c.target for c in rep.failed()] == ["WORLD"]


def test_ocr_catches_a_wrong_glyph():
    s = _scene("#111111", "#FFFFFF")
    s.layer("title").lines = ["HELL0"]  # zero for O: the scene says HELLO, the pixels do not
    rep = verify(s, render(s), ["HELLO"])
    assert any(c.name == "ocr" and not c.ok for c in rep.checks) or any(
        c.name == "present" and not c.ok for c in rep.checks
    )


def test_ocr_comparison_ignores_width_spaces_and_look_alike_tildes():
    from egaku.verify import normalize

    assert normalize("18:00〜 中央公園") == normalize("18:00～中央公園")
    assert normalize("ＡＢＣ １２３") == "ABC123"
    assert normalize("A") != normalize("B")
