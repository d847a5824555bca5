"""Edits that name what was drawn: 「犬を茶色にして」, "remove the bench", "move the cat to the
left", "add two more birds". Checked on the layers' own pixels and on the pixels outside
each edit's footprint, which must not change."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest

import egaku
from egaku.edit import EditQuestion
from egaku.scene import ObjectLayer


@pytest.fixture()
def session(tmp_path):
    return egaku.Session("objects", home=tmp_path)


def _objects(gen, noun: str) -> list[ObjectLayer]:
    return [x for x in gen.scene.leaves() if isinstance(x, ObjectLayer) and x.depicts == noun and x.role == "subject"]


def _hue(gen, layer: ObjectLayer) -> float:
    a = np.asarray(gen.rendering.layer(layer.id).image.convert("RGBA")).astype(float)
    px = a[a[..., 3] > 200][:, :3] / 255
    sat = [colorsys.rgb_to_hsv(*p) for p in px[:: max(1, len(px) // 2000)]]
    sat = [h for h, s, v in sat if s > 0.35 and v > 0.25]
    return float(np.median(sat)) * 360 if sat else -1.0


def _changed(a, b) -> np.ndarray:
    return (np.asarray(a.image) != np.asarray(b.image)).any(-1)


def _inside(mask: np.ndarray, boxes) -> bool:
    keep = np.zeros_like(mask)
    for b in boxes:
        x0, y0 = max(0, int(b.x) - 2), max(0, int(b.y) - 2)
        keep[y0 : int(b.bottom) + 3, x0 : int(b.right) + 3] = True
    return not (mask & ~keep).any()


def test_recolor_a_named_object_keeps_everything_else(session):
    g0 = session.generate("a dog and a cat in a park", ocr=False, size=(512, 512))
    dog = _objects(g0, "dog")[0]
    g1 = session.edit("犬を青くして", ocr=False)
    assert g1.changed_layers == [dog.id]
    assert 190 <= _hue(g1, _objects(g1, "dog")[0]) <= 250  # blue
    assert _inside(_changed(g0, g1), [dog.box])


def test_remove_move_and_add_by_name(session):
    g0 = session.generate("a bench and a cat in a park", ocr=False, size=(512, 512))
    bench = _objects(g0, "bench")[0]
    g1 = session.edit("remove the bench", ocr=False)
    assert not _objects(g1, "bench") and _objects(g1, "cat")
    assert bench.id in g1.changed_layers and f"{bench.id}-shadow" in g1.changed_layers
    cat0 = _objects(g1, "cat")[0]
    g2 = session.edit("move the cat to the left", ocr=False)
    cat1 = _objects(g2, "cat")[0]
    assert cat1.box.cx < cat0.box.cx and cat1.box.cx < 256
    assert abs(cat1.box.bottom - cat0.box.bottom) < 1  # it stays on the ground
    g3 = session.edit("add two more cats", ocr=False)
    cats = _objects(g3, "cat")
    assert len(cats) == 3
    new = [c for c in cats if c.id in g3.changed_layers]
    assert len(new) == 2
    for c in new:  # beside the first, not on top of it, and on the same ground line
        assert not c.box.intersects(cat1.box.inset(cat1.box.w * 0.1))
        assert abs(c.box.bottom - cat1.box.bottom) < 1
    assert _inside(
        _changed(g2, g3),
        [c.box for c in new]
        + [s.box for s in g3.scene.leaves() if s.id.endswith("-shadow") and s.id in g3.changed_layers],
    )


def test_an_object_that_is_not_drawn_is_a_question(session):
    session.generate("two clocks", ocr=False, size=(512, 512))
    with pytest.raises(EditQuestion) as e:
        session.edit("remove the giraffe", ocr=False)
    assert "giraffe" in str(e.value) and "clock" in str(e.value)


def test_added_objects_are_not_redrawn_by_later_edits(session):
    # a layer read back from the store must give the same SVG (0 and 0.0 alike), or every
    # later edit would redraw it
    session.generate("a bench and a cat in a park", ocr=False, size=(512, 512))
    session.edit("鳥を2羽追加して", ocr=False)
    g = session.edit("ベンチを消して", ocr=False)
    assert sorted(g.changed_layers) == ["bench", "bench-shadow"]
