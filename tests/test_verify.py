"""Verification reads pixels: contrast, covering, OCR, and the repair round."""

from __future__ import annotations

import pytest

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


def _check(rep, name: str, target: str = "title"):
    return next(c for c in rep.checks if c.name == name and c.target == target)


def test_ocr_passes_the_glyphs_as_drawn():
    s = _scene("#111111", "#FFFFFF")
    rep = verify(s, render(s), [])  # no requested texts: only the layer checks run
    ocr = _check(rep, "ocr")
    assert ocr.ok and ocr.value == "HELLO", ocr


# Glyphs the recogniser reads reliably in the display face (A, S, a missing O). The
# requested-text list is empty, so no `present` check exists to catch them instead: only
# the OCR check, comparing what it reads in the pixels with the layer's text, can.
@pytest.mark.parametrize(
    "drawn",
    [
        ["HELLA"],  # a wrong glyph
        ["HELLOS"],  # an extra glyph: "HELLO" is contained in the reading, but it is not the text
        ["HELL"],  # a missing glyph: the reading is contained in "HELLO", but it is not the text
    ],
)
def test_ocr_catches_glyphs_that_differ_from_the_text(drawn):
    s = _scene("#111111", "#FFFFFF")
    s.layer("title").lines = drawn  # the scene says HELLO, the pixels do not
    rep = verify(s, render(s), [])
    assert not any(c.name == "present" for c in rep.checks)
    ocr = _check(rep, "ocr")
    assert ocr.value == drawn[0], ocr  # OCR really read the drawn glyphs ...
    assert not ocr.ok, ocr  # ... and the check says they are not the text
    assert not rep.ok


def test_a_zero_for_an_o_is_caught_by_the_present_check_without_ocr():
    """OCR reads a drawn "HELL0" as "HELLO" in this face: it cannot tell 0 from O. The
    `present` check compares the drawn lines with the requested text instead."""
    s = _scene("#111111", "#FFFFFF")
    s.layer("title").lines = ["HELL0"]
    rep = verify(s, render(s), ["HELLO"], ocr=False)
    assert [(c.name, c.target) for c in rep.failed()] == [("present", "HELLO")]


# Dark-grey text on white at ratios worked out from the WCAG formula (#767676 is the
# well-known lightest grey that passes 4.5:1 on white, #777777 the first that fails).
@pytest.mark.parametrize(
    "fill,ratio,ok",
    [
        ("#898989", 3.50, False),
        ("#777777", 4.48, False),
        ("#767676", 4.54, True),
        ("#707070", 4.95, True),
    ],
)
def test_contrast_threshold_is_4_5_to_1(fill, ratio, ok):
    s = _scene(fill, "#FFFFFF")
    rep = verify(s, render(s), ["HELLO"], ocr=False)
    c = _check(rep, "contrast")
    assert c.value == pytest.approx(ratio, abs=0.015), c
    assert c.ok is ok, c


def test_contrast_is_decided_by_the_worst_background_not_the_typical_one():
    """Dark text over white, with a dark band behind about a sixth of the glyphs: the
    typical (median) pixel behind the text gives 18.9:1, the band 1.7:1. The band decides."""
    s = _scene("#111111", "#FFFFFF")
    band = ShapeLayer(
        id="band", z=5, box=Box(x=0, y=144, w=600, h=12), shape="rect", fill=Solid(color="#3A3A3A"), role="decoration"
    )
    s.layers.insert(1, band)
    r = render(s)
    rep = verify(s, r, ["HELLO"], ocr=False)
    c = _check(rep, "contrast")
    assert not c.ok and c.value == pytest.approx(1.66, abs=0.02), c
    assert _check(rep, "uncovered").ok  # the band is below the text, not over it
    # and the same text without the band is fine: the band alone made it fail
    s.layers.remove(band)
    c2 = _check(verify(s, render(s), ["HELLO"], ocr=False), "contrast")
    assert c2.ok and c2.value == pytest.approx(18.88, abs=0.02), c2


def test_text_running_off_the_canvas_is_not_inside():
    s = _scene("#111111", "#FFFFFF")
    s.layer("title").box = Box(x=400, y=80, w=500, h=140)  # the block reaches past x = 600
    rep = verify(s, render(s), ["HELLO"], ocr=False)
    inside = _check(rep, "inside")
    assert not inside.ok, inside
    s.layer("title").box = Box(x=50, y=-100, w=500, h=140)  # above the top edge
    assert not _check(verify(s, render(s), ["HELLO"], ocr=False), "inside").ok
    s.layer("title").box = Box(x=50, y=80, w=500, h=140)
    assert _check(verify(s, render(s), ["HELLO"], ocr=False), "inside").ok


def test_ocr_comparison_ignores_width_spaces_and_look_alike_tildes():
    from egaku.verify import normalize

    assert normalize("18:00〜 中央公園") == normalize("18:00～中央公園")
    assert normalize("ＡＢＣ １２３") == "ABC123"
    assert normalize("A") != normalize("B")
