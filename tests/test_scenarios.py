"""The three acceptance scenarios of the core issue, checked on the rendered pixels."""

from __future__ import annotations

import numpy as np
import pytest

from egaku.verify import line_images, normalize, ocr_line

from .conftest import SCENARIOS

EXPECTED = {"festival": "第50回 輝け青春", "bookfair": "READ MORE, WORRY LESS", "wallpaper": "今日もいい日"}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario_renders_and_ocr_reads_the_text_back(generations, name):
    gen = generations[name]
    want = EXPECTED[name]
    assert gen.intent.texts == [want]
    title = gen.scene.layer("title")
    assert title.text == want
    # read the final image independently of the report: OCR over the rendered lines
    got = "".join(ocr_line(img) for img in line_images(title, gen.rendering.layouts["title"], gen.rendering.image))
    assert normalize(got) == normalize(want)
    assert gen.report.ok, gen.report.to_dict()
    assert {c.name for c in gen.report.checks} >= {"present", "inside", "uncovered", "contrast", "ocr"}


def test_festival_poster_is_portrait_large_and_centred(generations):
    gen = generations["festival"]
    W, H = gen.image.size
    assert H > W  # portrait
    assert gen.scene.theme == "festival"
    lay = gen.rendering.layouts["title"]
    x, y, w, h = lay.ink
    assert w > 0.7 * W  # large
    assert abs((x + w / 2) - W / 2) < 0.02 * W  # centred horizontally
    assert 0.35 * H < y + h / 2 < 0.55 * H  # around the optical centre
    assert [line.text for line in lay.lines] == ["第50回", "輝け青春"]  # broken at the space, not inside a word
    # the festival palette is warm: the background is mostly red
    px = np.asarray(gen.image.convert("RGB")).reshape(-1, 3).astype(int)
    assert np.median(px[:, 0]) > np.median(px[:, 2]) + 60


def test_bookfair_breaks_at_the_comma(generations):
    lay = generations["bookfair"].rendering.layouts["title"]
    assert [line.text for line in lay.lines] == ["READ MORE,", "WORRY LESS"]
    assert generations["bookfair"].scene.theme == "spring"
    assert "📚" in generations["bookfair"].intent.subjects


def test_wallpaper_is_phone_shaped_and_vertical(generations):
    gen = generations["wallpaper"]
    assert gen.image.size == (1080, 2340)
    title = gen.scene.layer("title")
    assert title.vertical
    lay = gen.rendering.layouts["title"]
    x, y, w, h = lay.ink
    assert h > 3 * w  # a column, not a line
    # the clock area (top 12 %) and home bar (bottom 8 %) stay clear of the text
    assert y > 0.12 * 2340 and y + h < 0.92 * 2340
    # glyphs really run downwards: the alpha of the text layer is taller than wide
    alpha = np.asarray(gen.rendering.layer("title").full(gen.image.size))[..., 3]
    ys, xs = np.nonzero(alpha > 128)
    assert (ys.max() - ys.min()) > 3 * (xs.max() - xs.min())
