"""Rendering: determinism, layer export, SVG export, escaping, metadata."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

import egaku
from egaku.render import render

PROMPT = "Make a poster for the spring book fair. Put 'READ MORE, WORRY LESS' big in the middle"


def test_same_prompt_and_seed_give_identical_png_bytes():
    a = egaku.generate(PROMPT, seed=7, ocr=False).png_bytes()
    b = egaku.generate(PROMPT, seed=7, ocr=False).png_bytes()
    c = egaku.generate(PROMPT, seed=8, ocr=False).png_bytes()
    assert a == b
    assert a != c  # the seed moves the decoration


def test_layer_export_sums_back_to_the_final_image(generations, tmp_path):
    gen = generations["festival"]
    gen.save(tmp_path / "p.png", layers=tmp_path / "layers")
    files = {p.stem: p for p in (tmp_path / "layers").glob("*.png")}
    assert set(files) == {layer.id for layer in gen.scene.layers}
    acc = Image.new("RGBA", gen.image.size, (0, 0, 0, 0))
    for layer in gen.scene.ordered():
        img = Image.open(files[layer.id])
        assert img.mode == "RGBA" and img.size == gen.image.size
        acc.alpha_composite(img)
    final = Image.open(tmp_path / "p.png").convert("RGBA")
    assert np.array_equal(np.asarray(acc), np.asarray(final))


def test_rerender_reuses_untouched_layers_bit_exactly(generations):
    gen = generations["bookfair"]
    scene = gen.scene.model_copy(deep=True)
    scene.layer("title").fill = "#1D4ED8"
    again = render(scene, reuse={r.id: r for r in gen.rendering.layers})
    before = np.asarray(gen.rendering.image).astype(int)
    after = np.asarray(again.image).astype(int)
    changed = np.any(before != after, axis=-1)
    r = again.layer("title")
    inside = np.zeros_like(changed)
    inside[r.y : r.y + r.image.height, r.x : r.x + r.image.width] = True
    assert changed.any() and not (changed & ~inside).any()  # only pixels in the title's footprint changed
    assert again.layer("background") is gen.rendering.layer("background")  # not rasterised again


def test_svg_export_has_live_text_and_layers(generations):
    svg = generations["wallpaper"].svg
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = root.findall(".//s:text", ns)
    assert "".join(t.text or "" for t in texts) == "今日もいい日"
    assert texts[0].get("writing-mode") == "vertical-rl"
    groups = [g.get("id") for g in root.findall("s:g", ns)]
    assert groups == [layer.id for layer in generations["wallpaper"].scene.ordered()]
    assert "OpenMoji" in svg or "Noto" in svg  # licences travel with the file


def test_markup_in_quoted_text_is_drawn_not_interpreted(tmp_path):
    text = '<b>&amp; "x" </svg>'
    gen = egaku.generate(f"Poster saying 『{text}』", ocr=False)
    assert gen.scene.layer("title").text == text
    ET.fromstring(gen.svg)  # still well-formed
    assert "<b>" not in gen.svg
    gen.save(tmp_path / "m.png", svg=tmp_path / "m.svg")
    assert ET.parse(tmp_path / "m.svg").getroot() is not None


def test_png_metadata_carries_prompt_scene_trace_and_version(generations):
    gen = generations["festival"]
    img = Image.open(io.BytesIO(gen.png_bytes()))
    assert img.text["egaku:prompt"] == gen.prompt
    assert img.text["egaku:version"] == egaku.__version__
    assert json.loads(img.text["egaku:scene"])["layers"][0]["id"] == "background"
    assert "[compose]" in img.text["egaku:trace"]
    assert "OpenMoji" in img.text["Copyright"] and "CC BY-SA" in gen.metadata_json()


def test_an_off_canvas_layer_is_stored_as_one_transparent_pixel():
    """A layer moved wholly off the canvas has a 0×0 crop; PNG has no 0×0 image, so the
    session store would fail on it. It is kept as one transparent pixel instead."""
    import io

    from PIL import Image

    import egaku
    from egaku.render.raster import render

    gen = egaku.generate("Poster saying 'HELLO' big", ocr=False, seed=1)
    scene = gen.scene.model_copy(deep=True)
    title = scene.layer("title")
    title.box = title.box.model_copy(update={"x": scene.canvas.width + 500})
    rendering = render(scene)
    crop = rendering.layer("title")
    assert (crop.image.width, crop.image.height) == (0, 0) or crop.image.getbbox() is None
    img = Image.open(io.BytesIO(crop.png()))
    assert img.getbbox() is None and img.size[0] * img.size[1] >= 1  # transparent, decodable
