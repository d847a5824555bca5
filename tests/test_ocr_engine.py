"""egaku.ocr.LineReader runs RapidOCR's recognition model the way RapidOCR does (it skips
RapidOCR's slow import); here the two read the same rendered lines and must agree."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import egaku
from egaku.ocr import LineReader, _rapidocr, model_path
from egaku.scene import TextLayer
from egaku.verify import line_images

PROMPTS = [
    "Poster saying 'OPEN HOUSE' big",
    "文化祭のポスター、『第50回 輝け青春』と大きく",
    "card saying 'Happy Birthday, Mia!' and 'June 3, 2026'",
    "スマホの壁紙、『今日もいい日』と縦書きで",
    "banner 'BIG SUMMER SALE' 'July 1 - July 31'",
]


FIRST_LINE = "OPEN"  # the first poster's title is set in two lines, OPEN / HOUSE


@pytest.fixture(scope="module")
def lines() -> list[Image.Image]:
    out: list[Image.Image] = []
    for prompt in PROMPTS:
        gen = egaku.generate(prompt, ocr=False, offline=True)
        for layer in gen.scene.leaves():
            if isinstance(layer, TextLayer):
                if not out:
                    assert layer.lines[0] == FIRST_LINE
                out += line_images(layer, gen.rendering.layouts[layer.id], gen.rendering.image)
    # odd shapes too: a tiny crop, a very wide strip, a grey image
    big = out[0]
    out += [big.resize((max(8, big.width // 20), max(4, big.height // 20))), big.resize((big.width * 3, big.height))]
    out.append(big.convert("L").convert("RGB"))
    return out


@pytest.mark.skipif(
    model_path() is None, reason="this RapidOCR keeps no PP-OCRv6 model file; egaku uses RapidOCR itself"
)
def test_line_reader_reads_what_rapidocr_reads(lines: list[Image.Image]) -> None:
    ours, theirs = LineReader(model_path()), _rapidocr()  # type: ignore[arg-type]
    assert len(lines) >= 10
    for img in lines:
        arr = np.asarray(img.convert("RGB"))
        a = ours(arr, use_det=False, use_cls=False, use_rec=True)
        b = theirs(arr, use_det=False, use_cls=False, use_rec=True)
        assert "".join(a.txts) == "".join(b.txts or ())
        assert a.scores[0] == pytest.approx(float(np.mean(b.scores)) if b.scores else 0.0, abs=1e-3)
    # and it reads: the first poster's title comes back as drawn
    assert "".join(ours(np.asarray(lines[0].convert("RGB"))).txts) == FIRST_LINE


def test_line_reader_refuses_what_it_cannot_do() -> None:
    path = model_path()
    if path is None:
        pytest.skip("no model file")
    reader = LineReader(path)
    with pytest.raises(ValueError):
        reader(np.zeros((48, 200, 3), np.uint8), use_det=True)
    with pytest.raises(ValueError):
        reader(np.zeros((48, 200, 4), np.uint8))
