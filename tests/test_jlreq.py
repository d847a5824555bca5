"""Japanese layout to JLREQ: 縦中横, ruby, 約物の詰め, vertical pages; read back by OCR."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import ValidationError

from egaku.render import render
from egaku.scene import BackgroundLayer, Box, Canvas, Ruby, Scene, Solid, TextLayer
from egaku.typography import fit_text, measure, shape
from egaku.typography.fonts import EM_ASCENT
from egaku.typography.linebreak import break_text
from egaku.typography.ruby import furigana, given_readings
from egaku.understand.rules import understand
from egaku.verify import verify

S = 120.0  # px, the em of the test texts


def _scene(layer: TextLayer, w: int = 700, h: int = 900) -> Scene:
    bg = BackgroundLayer(id="background", z=0, box=Box(x=0, y=0, w=w, h=h), fill=Solid(color="#FFFFFF"))
    return Scene(canvas=Canvas(width=w, height=h), layers=[bg, layer], palette={"background": "#FFFFFF"})


def _text(text: str, vertical: bool, box: Box, ruby: list[Ruby] | None = None, line_height: float = 1.3) -> TextLayer:
    return TextLayer(
        id="title",
        z=10,
        box=box,
        text=text,
        lines=[text],
        font="serif",
        size=S,
        fill="#111111",
        vertical=vertical,
        line_height=line_height,
        ruby=ruby or [],
    )


def _ink(img: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1) of dark pixels inside a region, in canvas px."""
    x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), int(x1), int(y1)
    dark = img[y0:y1, x0:x1, :3].min(axis=2) < 128
    ys, xs = np.nonzero(dark)
    if not len(xs):
        return None
    return x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1


# --------------------------------------------------------------------------- 縦中横


def test_two_digits_share_one_upright_cell_in_a_column():
    layer = _text("第50回", True, Box(x=290, y=100, w=120, h=360))
    scene = _scene(layer)
    r = render(scene)
    lay = r.layouts["title"]
    (line,) = lay.lines
    # three cells of one em each: 第 | 50 | 回
    assert measure("第50回", "serif", S, vertical=True) == pytest.approx(3 * S)
    assert [round(top / S, 3) for top, _, _ in line.cells] == [0.0, 1.0, 2.0]
    five, zero = (g for g in line.glyphs if g.cluster in (1, 2))
    assert five.y == zero.y and zero.x > five.x  # side by side on one baseline
    # the drawn pixels: the cell's ink is two digits side by side, centred on the column axis,
    # each about half an em wide, with a gap between them
    img = np.asarray(r.image.convert("RGB"))
    top = line.y + S
    box = _ink(img, line.x - S / 2, top, line.x + S / 2, top + S)
    assert box is not None
    x0, y0, x1, y1 = box
    assert 0.6 * S < x1 - x0 <= 1.0 * S  # two half-width digits fill the em across
    assert abs((x0 + x1) / 2 - line.x) < 0.06 * S  # centred on the column
    assert y1 - y0 < 0.85 * S  # one row of digits, not two stacked
    cols = (img[int(y0) : int(y1), int(x0) : int(x1), :3].min(axis=2) < 128).any(axis=0)
    gaps = np.nonzero(~cols)[0]
    assert len(gaps) and any(0.3 < g / (x1 - x0) < 0.7 for g in gaps)  # a gap between 5 and 0


def test_three_digits_squeeze_into_one_em_and_long_runs_stand_one_per_cell():
    run = shape("第123回", "serif", S, vertical=True)
    digits = [g for g in run.glyphs if g.cluster in (1, 2, 3)]
    assert len({g.y for g in digits}) == 1 and all(g.sx < 1 for g in digits)
    assert run.advance == pytest.approx(3 * S)
    # a single digit: upright full-width in its own cell; four digits: four cells
    assert measure("10月3日", "serif", S, vertical=True) == pytest.approx(4 * S)
    year = shape("2027年", "serif", S, vertical=True)
    assert len(year.cells) == 5 and year.advance == pytest.approx(5 * S)
    # short Latin and !? pairs are 縦中横 too
    assert measure("AIと未来!?", "serif", S, vertical=True) == pytest.approx(5 * S)
    # horizontal text is not touched: two proportional digits are wider than an em
    assert measure("50", "serif", S) > S


def test_ocr_reads_a_vertical_poster_with_tate_chu_yoko():
    import egaku

    g = egaku.generate("『第50回 文化祭 10月3日』の縦書きポスター", offline=True, planner="rules")
    title = g.scene.layer("title")
    assert title.vertical
    ocr = [c for c in g.report.checks if c.name == "ocr" and c.target == "title"]
    assert ocr and ocr[0].ok, ocr
    assert "第50回" in str(ocr[0].value)


@pytest.mark.parametrize(
    "text",
    [
        "ラーメン祭り〜冬の陣〜",
        "開演 18:30〜 (予定)",
        "春の訪れ、桜の季節。ようこそ！",
        "令和8年4月1日 入学式 50%オフ!!",
    ],
)
def test_ocr_reads_columns_with_turned_punctuation_and_numbers(text: str):
    """Brackets, wave dashes and colons are turned for a column and 、。 sit top right;
    verify turns them back cell by cell, so the column reads as written."""
    import egaku

    g = egaku.generate(f"縦書きで『{text}』のポスター", offline=True, planner="rules")
    assert g.scene.layer("title").vertical
    ocr = [c for c in g.report.checks if c.name == "ocr" and c.target == "title"]
    assert ocr and ocr[0].ok, ocr


# --------------------------------------------------------------------------- 約物の詰め


def test_consecutive_brackets_and_punctuation_take_half_width_space():
    # naive full-width: 6 em; JLREQ: 「 at the line start, 。 and 」 before a closing bracket,
    # and the closing 」 at the line end are half: 2 + 4 × 0.5 = 4 em
    assert measure("「はい。」」", "serif", S, vertical=True) == pytest.approx(4 * S)
    # 」「: one half space between them, not a full em: あ + 」(half) + 「(full) + い
    assert measure("あ」「い", "serif", S, vertical=True) == pytest.approx(3.5 * S)
    # ）、 and 、「 likewise
    assert measure("あ）、「い", "serif", S, vertical=True) == pytest.approx(4 * S)
    # brackets inside a line keep their full em where nothing meets them
    assert measure("あ「い」う", "serif", S, vertical=True) == pytest.approx(5 * S)
    # horizontally the same rules apply to the brackets (palt sets the kana)
    naive = sum(measure(ch, "serif", S) for ch in "はい") + 4 * S
    assert measure("「はい。」」", "serif", S) <= naive - 1.9 * S


def test_yakumono_spacing_is_what_is_drawn():
    layer = _text("「はい。」」", True, Box(x=290, y=100, w=120, h=600))
    r = render(_scene(layer))
    (line,) = r.layouts["title"].lines
    assert line.length == pytest.approx(4 * S)
    img = np.asarray(r.image.convert("RGB"))
    box = _ink(img, line.x - S, line.y - S, line.x + S, line.y + 6 * S)
    assert box is not None and box[3] - box[1] < 4.2 * S  # no ink past the measured column
    rep = verify(_scene(layer), r, ["「はい。」」"])
    ocr = [c for c in rep.checks if c.name == "ocr"]
    assert ocr and ocr[0].ok, ocr


# --------------------------------------------------------------------------- ruby


def test_ruby_sits_above_a_line_centred_on_its_base_and_ocr_reads_the_base():
    ruby = [Ruby(start=0, end=2, reading="しののめ")]
    layer = _text("東雲の空", False, Box(x=50, y=200, w=600, h=1.5 * S), ruby=ruby)
    scene = _scene(layer)
    r = render(scene)
    lay = r.layouts["title"]
    (line,) = lay.lines
    (rb,) = lay.ruby
    assert lay.ruby_size == S / 2
    em_top = line.y - EM_ASCENT * S
    assert rb.y - EM_ASCENT * lay.ruby_size == pytest.approx(em_top - S / 2)  # the band just above
    base = [g.x for g in line.glyphs if g.cluster in (0, 1)]
    base_mid = line.x + (min(base) + [g.x for g in line.glyphs if g.cluster == 2][0]) / 2
    assert rb.x + rb.length / 2 == pytest.approx(base_mid, abs=0.5)
    # the layout box holds the ruby band
    assert lay.ink[1] == pytest.approx(em_top - S / 2)
    # pixels: ruby ink lies in the band above 東雲 and nowhere above の空
    img = np.asarray(r.image.convert("RGB"))
    over_base = _ink(img, line.x, em_top - S / 2, line.x + 2 * S, em_top)
    assert over_base is not None and over_base[3] <= em_top + 1
    assert _ink(img, line.x + 2.6 * S, em_top - S / 2, line.x + 4 * S, em_top - 2) is None
    rep = verify(scene, r, ["東雲の空"])
    ocr = [c for c in rep.checks if c.name == "ocr"]
    assert ocr and ocr[0].ok, ocr  # the base reads back; the reading is extra


def test_ruby_sits_right_of_a_column_and_readings_never_overlap():
    ruby = [Ruby(start=0, end=1, reading="わたつみ"), Ruby(start=1, end=2, reading="そら")]
    layer = _text("海空", True, Box(x=290, y=100, w=1.5 * S, h=2 * S), ruby=ruby)
    r = render(_scene(layer))
    lay = r.layouts["title"]
    (line,) = lay.lines
    first, second = lay.ruby
    assert first.x == pytest.approx(line.x + S / 2 + S / 4)  # right of the column, its own centre
    assert first.y + first.length <= second.y + 0.01  # pushed down, not overlapping
    assert lay.ink[1] + lay.ink[3] >= second.y + second.length - 0.01  # the layout box holds every reading
    img = np.asarray(r.image.convert("RGB"))
    band = _ink(img, line.x + S / 2, line.y - S, line.x + S, line.y + 4 * S)
    assert band is not None  # ruby ink beside the column
    rep = verify(_scene(layer), r, ["海空"])
    ocr = [c for c in rep.checks if c.name == "ocr"]
    assert ocr and ocr[0].ok, ocr


def test_scene_round_trips_ruby_and_rejects_bad_spans():
    layer = _text("東雲の空", False, Box(x=50, y=200, w=600, h=200), ruby=[Ruby(start=0, end=2, reading="しののめ")])
    scene = _scene(layer)
    again = Scene.model_validate_json(scene.model_dump_json())
    assert again == scene and again.layer("title").ruby[0].reading == "しののめ"
    data = json.loads(scene.model_dump_json())
    data["layers"][1]["ruby"] = [{"start": 2, "end": 9, "reading": "そら"}]
    with pytest.raises(ValidationError, match=r"ruby 'そら' spans characters 2\.\.9, but the text"):
        Scene.model_validate(data)
    data["layers"][1]["ruby"] = [{"start": 0, "end": 2, "reading": "a"}, {"start": 1, "end": 3, "reading": "b"}]
    with pytest.raises(ValidationError, match="overlaps the reading before it"):
        Scene.model_validate(data)
    data["layers"][1]["ruby"] = [{"start": 0, "end": 2, "reading": ""}]
    with pytest.raises(ValidationError):
        Scene.model_validate(data)


def test_line_breaking_never_splits_a_ruby_base():
    def m(t: str) -> float:
        return measure(t, "serif", 40)

    text = "紫陽花の咲く庭園と東雲の空"
    free = break_text(text, m, 4 * 40)
    kept = break_text(text, m, 4 * 40, keep=[(9, 13)])
    assert "".join(free) == "".join(kept) == text
    assert any("東雲の空" in line for line in kept)
    fit = fit_text(text, "serif", 200, 600, max_size=80, min_size=20, vertical=True, line_height=1.7, ruby=[(0, 3)])
    assert any(line.startswith("紫陽花") for line in fit.lines)
    plain = fit_text(text, "serif", 200, 600, max_size=80, min_size=20, vertical=True, line_height=1.7)
    assert fit.width == pytest.approx(plain.width + fit.size / 2) or fit.size < plain.size


def test_readings_given_in_the_request_and_read_by_the_dictionary():
    assert given_readings("東雲（しののめ）の空と紫陽花(あじさい)（注）") == (
        "東雲の空と紫陽花（注）",
        [(0, 2, "しののめ"), (5, 8, "あじさい")],
    )
    spans = furigana("輝く未来へ取り扱い注意")
    text = "輝く未来へ取り扱い注意"
    assert [(text[s:e], r) for s, e, r in spans] == [
        ("輝", "かがや"),
        ("未来", "みらい"),
        ("取", "と"),
        ("扱", "あつか"),
        ("注意", "ちゅうい"),
    ]


@pytest.mark.parametrize(
    ("prompt", "text", "bases"),
    [
        ("『東雲（しののめ）の空』のポスター", "東雲の空", ["東雲"]),
        ("「紫陽花（あじさい）の庭」のポスターを縦書きで", "紫陽花の庭", ["紫陽花"]),
        ("『東雲高校 文化祭』のポスター、「東雲」にルビを振って", "東雲高校 文化祭", ["東雲"]),
        ("『未来の教室』にふりがなをつけてポスターに", "未来の教室", ["未来", "教室"]),
        ('a poster saying "春の祭り", add furigana', "春の祭り", ["春", "祭"]),
    ],
)
def test_rules_read_ruby_from_the_request(prompt: str, text: str, bases: list[str]):
    intent = understand(prompt)
    assert intent.texts == [text]  # the reading is not drawn inline; a named part is not a second text
    assert [text[s:e] for s, e, _ in intent.ruby[text]] == bases


def test_the_gem_ruby_asks_for_no_readings():
    assert understand("『宝石店』ルビーの指輪のポスター").ruby == {}


def test_a_reading_inside_a_text_a_format_sets_in_parts_follows_its_part():
    import egaku

    g = egaku.generate(
        "賞状を作って。『優秀賞 東雲（しののめ）太郎 殿』『あなたは文化祭において優れた成績を収めました。』",
        offline=True,
        planner="rules",
    )
    with_ruby = {t.text: [(r.start, r.end, r.reading) for r in t.ruby] for t in g.scene.text_layers() if t.ruby}
    assert with_ruby == {"東雲太郎 殿": [(0, 2, "しののめ")]}
    ocr = {c.target: c.ok for c in g.report.checks if c.name == "ocr"}
    assert ocr and all(ocr.values()), g.report.checks


def test_ruby_request_renders_with_ruby_and_passes_verify():
    import egaku

    g = egaku.generate(
        "縦書きで『東雲（しののめ）の空に 紫陽花（あじさい）咲く』のポスター", offline=True, planner="rules"
    )
    title = g.scene.layer("title")
    assert title.vertical and [r.reading for r in title.ruby] == ["しののめ", "あじさい"]
    assert title.line_height >= 1.7
    assert g.report.ok, [c for c in g.report.checks if not c.ok]
    lay = g.rendering.layouts["title"]
    x, y, w, h = lay.ink
    assert title.box.x - 0.5 <= x and x + w <= title.box.right + 0.5  # the box holds the ruby band
    assert any("ruby" in line for line in g.trace)


# --------------------------------------------------------------------------- vertical pages


def test_japanese_invitation_is_vertical_and_reads_right_to_left():
    import egaku

    g = egaku.generate(
        "結婚式の招待状、『結婚式のご案内』『2026年10月3日（土）』『東雲ホテル』", offline=True, planner="rules"
    )
    assert g.intent.vertical and g.scene.canvas.height > g.scene.canvas.width
    texts = [g.scene.layer(i) for i in ("title", "date", "text-3")]
    assert all(t.vertical for t in texts)
    xs = [t.box.cx for t in texts]
    assert xs[0] > xs[1] > xs[2]  # columns right to left, in reading order
    left, right = min(t.box.x for t in texts), max(t.box.right for t in texts)
    assert abs((left + right) / 2 - g.scene.canvas.width / 2) < 0.08 * g.scene.canvas.width  # the group centred
    ocr = {c.target: c.ok for c in g.report.checks if c.name == "ocr"}
    assert all(ocr.values()) and len(ocr) == 3, g.report.checks
    # English invitations stay horizontal
    assert not understand('A wedding invitation: "Our Wedding"').vertical


def test_replacing_a_ruby_text_drops_its_old_readings():
    import egaku
    from egaku.edit.apply import apply
    from egaku.edit.ops import ReplaceText

    g = egaku.generate("『東雲（しののめ）の空』のポスター", offline=True, planner="rules", ocr=False)
    assert g.scene.layer("title").ruby
    edited = apply(g.scene, [ReplaceText(targets=["title"], text="夏")])
    title = edited.layer("title")
    assert title.text == "夏" and title.ruby == []
    render(edited)  # draws: no reading is left pointing past the new text


def test_a_reading_the_fonts_cannot_draw_is_a_glyph_error():
    from egaku.errors import GlyphError

    layer = _text("東雲", False, Box(x=50, y=200, w=600, h=200), ruby=[Ruby(start=0, end=2, reading="😀")])
    with pytest.raises(GlyphError, match="U\\+1F600"):
        render(_scene(layer))
