"""Formats people ask for by name: a YouTube thumbnail, an Instagram story, a slide, a business card."""

from __future__ import annotations

import pytest

import egaku
from egaku.compose.base import contrast, safe_area


@pytest.mark.parametrize(
    "prompt, kind, size",
    [
        ("YouTubeのサムネイルを作って。『最強の朝ごはん』と大きく", "youtube_thumbnail", (1280, 720)),
        ("A YouTube thumbnail saying 'I TRIED 10 CAMERAS'", "youtube_thumbnail", (1280, 720)),
        ("インスタのストーリー用に『本日オープン』", "story", (1080, 1920)),
        ("an Instagram story saying 'NEW IN'", "story", (1080, 1920)),
        ("a title slide for my talk 'Designing with Type'", "slide", (1920, 1080)),
        ("発表用のスライド『研究報告』", "slide", (1920, 1080)),
        ("名刺を作って『山田 花子』『デザイナー』", "business_card", (1075, 650)),
        ("a business card for 'Bean There' coffee", "business_card", (1075, 650)),
    ],
)
def test_formats_by_name(prompt: str, kind: str, size: tuple[int, int]) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == kind
    assert (gen.scene.canvas.width, gen.scene.canvas.height) == size
    assert gen.report.ok, gen.report.failed()  # OCR read every text back
    # the format word picked the format; it is not drawn as a thing (a playground slide, a card)
    assert not any(getattr(x, "depicts", "") in ("playground slide", "identification card") for x in gen.scene.leaves())
    safe = safe_area(gen.intent)
    for t in gen.scene.text_layers():
        assert safe.x - 1 <= t.box.x and t.box.right <= safe.right + 1, t.id
        assert safe.y - 1 <= t.box.y and t.box.bottom <= safe.bottom + 1, t.id


def test_a_thumbnail_is_lettered_to_read_at_a_glance() -> None:
    gen = egaku.generate("A YouTube thumbnail saying 'I TRIED 10 CAMERAS'", ocr=True)
    title = gen.scene.layer("title")
    assert title.outline == "#111111" and title.outline_width >= 0.08
    assert contrast(title.fill, "#111111") >= 4.5
    assert title.size >= 0.12 * gen.scene.canvas.height  # huge, as thumbnails are
    poster = egaku.generate("a poster saying 'I TRIED 10 CAMERAS'", ocr=False).scene.layer("title")
    assert poster.outline is None


def test_a_slide_to_draw_is_still_a_slide() -> None:
    gen = egaku.generate("a kid on a slide in the park", ocr=False)
    assert gen.intent.kind != "slide"
    assert any("slide" in getattr(x, "depicts", "") for x in gen.scene.leaves())


@pytest.mark.parametrize(
    "prompt, n, steps",
    [
        ("An infographic about recycling: 'Reduce', 'Reuse', 'Recycle'", 3, False),
        ("防災の手順を図解して『身を守る』『火を消す』『出口を確保』『避難する』", 4, True),
        ("an infographic of 'Sleep', 'Water', 'Exercise', 'Sunlight'", 4, False),
    ],
)
def test_an_infographic_gives_every_item_the_same_weight(prompt: str, n: int, steps: bool) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == "infographic" and gen.intent.mode == "infographic"
    items = [t for t in gen.scene.text_layers() if t.id.startswith("item-")]
    assert [t.text for t in items] == gen.intent.texts and len(items) == n  # every item, exactly, in order
    assert len({round(t.size) for t in items}) <= 2  # one type size (a label may need a smaller fit)
    assert max(t.size for t in items) <= 1.5 * min(t.size for t in items)
    cards = [x for x in gen.scene.leaves() if x.id.endswith("-card")]
    assert len(cards) == n and len({(round(c.box.w), round(c.box.h)) for c in cards}) == 1  # equal cards
    icons = [x for x in gen.scene.leaves() if x.id.endswith("-icon")]
    assert len(icons) == n
    arrows = [x for x in gen.scene.leaves() if x.id.endswith("-arrow")]
    assert len(arrows) == (n - 1 if steps else 0)
    assert gen.report.ok, gen.report.failed()
