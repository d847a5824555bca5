"""Issue 9: edits that keep the design. Replacement text in the common Japanese and English
forms, verified against the texts the scene now holds; edits checked and repaired like
generate (inside the canvas, contrast measured on pixels); a title that moves takes its
rule and emblem and the confetti keeps off it; a role word that names nothing gets a
question; a menu with bare prices is a price list. Everything is asserted on the rendered
pixels."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest

import egaku
from egaku.edit import EditQuestion
from egaku.render.raster import composite
from egaku.understand import understand
from egaku.verify import luminance_px

CARD_JA = "誕生日カード『おたんじょうび おめでとう』"
CARD_EN = "Birthday card saying 'HAPPY BIRTHDAY' and 'Love, Mom'"


@pytest.fixture()
def session(tmp_path, monkeypatch):
    monkeypatch.setenv("EGAKU_HOME", str(tmp_path / "home"))
    return egaku.Session("design")


def _alpha(gen, layer_id: str, cut: int = 1) -> np.ndarray:
    """Where the layer paints (alpha ≥ cut), as a full-canvas mask."""
    w, h = gen.rendering.image.size
    out = np.zeros((h, w), dtype=bool)
    r = gen.rendering.layer(layer_id)
    if r.image.width:
        a = np.asarray(r.image)[..., 3] >= cut
        out[r.y : r.y + a.shape[0], r.x : r.x + a.shape[1]] = a
    return out


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    """x0, y0, x1, y1 (exclusive) of the painted pixels."""
    ys, xs = np.nonzero(mask)
    assert len(xs), "the layer paints nothing"
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _glyph_box(gen, layer_id: str) -> tuple[int, int, int, int]:
    return _bbox(_alpha(gen, layer_id, 128))


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _measured_contrast(gen, layer_id: str) -> float:
    """WCAG contrast between the text as drawn (its opaque glyph pixels in the final image)
    and what is under it (every layer below it composited), the worst 5 % of pixels."""
    img = np.asarray(gen.rendering.image.convert("RGB")).astype(float)
    me = gen.rendering.layer(layer_id)
    glyphs = _alpha(gen, layer_id, 255)
    ink = _ink_rgb(gen, layer_id)
    solid = glyphs & (np.abs(img - ink).max(axis=-1) <= 24)  # the fill, not an outline or shadow
    under = composite([r for r in gen.rendering.layers if r.z < me.z], gen.rendering.image.size)
    behind = np.asarray(under.convert("RGB")).astype(float)[solid]
    fl = luminance_px(ink[None, None, :])[0, 0]
    bl = luminance_px(behind[None, :, :])[0]
    ratios = (np.maximum(fl, bl) + 0.05) / (np.minimum(fl, bl) + 0.05)
    return float(np.percentile(ratios, 5))


def _ink_rgb(gen, layer_id: str) -> np.ndarray:
    """The colour the text is drawn in: the commonest colour of its opaque pixels."""
    img = np.asarray(gen.rendering.image.convert("RGB"))
    colours, counts = np.unique(img[_alpha(gen, layer_id, 255)], axis=0, return_counts=True)
    return colours[counts.argmax()].astype(float)


def _unchanged_outside(before, after) -> None:
    """Every pixel outside the footprints of the reported layers is the previous turn's."""
    changed = np.any(
        np.asarray(before.rendering.image).astype(int) != np.asarray(after.rendering.image).astype(int), axis=-1
    )
    foot = np.zeros_like(changed)
    for gen in (before, after):
        for r in gen.rendering.layers:
            if r.id in after.changed_layers and r.image.width:
                foot |= _alpha(gen, r.id)
    assert not (changed & ~foot).any(), f"pixels changed outside {after.changed_layers}"


# 1. Replacement text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instruction", "want"),
    [
        ("タイトルを『明日もいい日』に", "明日もいい日"),  # the README's own example
        ("タイトルを『明日もいい日』にして", "明日もいい日"),
        ("タイトルを『明日もいい日』に変えて", "明日もいい日"),
        ("タイトルを『明日もいい日』へ", "明日もいい日"),
        ("タイトルを『明日もいい日』に変更", "明日もいい日"),
        ("『明日もいい日』と書いて", "明日もいい日"),
        ("『おたんじょうび おめでとう』を『明日もいい日』に置き換えて", "明日もいい日"),
        ("change the title to 'See you soon'", "See you soon"),
        ("title: 'See you soon'", "See you soon"),
        ("replace 'おめでとう' with 'ありがとう'", "おたんじょうび ありがとう"),
        ("change the title to 'Red Sky at Night'", "Red Sky at Night"),  # quoted words are text, not colour
    ],
)
def test_replacement_text_in_every_common_form(session, instruction, want):
    g0 = session.generate(CARD_JA, ocr=False)
    g1 = session.edit(instruction)
    assert [o.op for o in g1.ops] == ["replace_text"]
    title = g1.scene.layer("title")
    assert title.text == want and title.fill == g0.scene.layer("title").fill
    # the check after the edit reads the texts the scene now holds: no false "missing"
    present = [c for c in g1.report.checks if c.name == "present"]
    assert present and all(c.ok for c in present), present
    assert not any("WARNING" in line for line in g1.trace), g1.trace
    assert g1.intent.texts == [want]
    assert "title" in g1.changed_layers and _alpha(g1, "title").any()
    _unchanged_outside(g0, g1)


def test_replaced_text_reads_back_by_ocr_and_a_pair_replaces_part_of_a_text(session):
    session.generate("Poster with 'SPRING FAIR' and 'Saturday 10am'", ocr=False)
    g1 = session.edit("change the title to 'SUMMER FAIR'", ocr=True)
    ocr = {c.target: c for c in g1.report.checks if c.name == "ocr"}
    assert ocr["title"].ok, ocr["title"].detail
    assert g1.report.ok
    g2 = session.edit("replace '10am' with '11am'")
    assert g2.scene.layer("subtitle").text == "Saturday 11am" and g2.report.ok
    assert g2.intent.texts == ["SUMMER FAIR", "Saturday 11am"]


# 2. Checks and repair after an edit -------------------------------------------------------


def test_a_bigger_title_grows_as_far_as_fits_and_stays_on_the_page(session):
    g = session.generate(CARD_EN, ocr=False)
    W, H = g.rendering.image.size
    margin = 0.07 * min(W, H)
    sizes = [g.scene.layer("title").size]
    for _ in range(4):
        prev = g
        g = session.edit("make the title bigger")
        x0, y0, x1, y1 = _glyph_box(g, "title")
        assert x0 >= margin - 2 and y0 >= margin - 2 and x1 <= W - margin + 2 and y1 <= H - margin + 2
        assert not _overlap((x0, y0, x1, y1), _glyph_box(g, "subtitle"))
        assert not _overlap((x0, y0, x1, y1), _glyph_box(g, "emblem"))
        assert g.report.ok, [c.detail for c in g.report.failed()]
        _unchanged_outside(prev, g)
        sizes.append(g.scene.layer("title").size)
    assert sizes[1] > sizes[0] and sizes == sorted(sizes)
    assert any("as big as fits" in line for line in g.trace)


def test_a_huge_title_made_bigger_still_fits_the_canvas(session):
    g = session.generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    W, H = g.rendering.image.size
    for _ in range(3):
        g = session.edit("make it bigger")
        x0, y0, x1, y1 = _glyph_box(g, "title")
        assert 0 <= x0 and x1 <= W and 0 <= y0 and y1 <= H
        assert g.report.ok


def test_a_recolour_that_would_not_read_gets_the_nearest_shade_that_does(session):
    g0 = session.generate(CARD_JA, ocr=False)
    g1 = session.edit("タイトルを赤に")
    assert g1.changed_layers == ["title"]
    assert _measured_contrast(g1, "title") >= 4.5
    h, lightness, s = colorsys.rgb_to_hls(*(_ink_rgb(g1, "title") / 255))
    assert (h * 360 <= 15 or h * 360 >= 345) and s >= 0.6 and 0.2 <= lightness <= 0.6  # still clearly red
    assert any("repair:" in line and "shade" in line for line in g1.trace)
    assert g1.report.ok
    _unchanged_outside(g0, g1)


def test_a_recolour_of_several_texts_gives_them_one_shade_that_reads_on_each(session):
    session.generate("A cafe menu with 'Coffee 450' 'Tea 400' 'Cake 500'", ocr=False)
    g = session.edit("make the prices red")
    prices = [t.id for t in g.scene.text_layers() if t.role == "price"]
    assert len(prices) == 3 and sorted(g.changed_layers) == sorted(prices)
    inks = {tuple(_ink_rgb(g, p)) for p in prices}
    assert len(inks) == 1  # one red for the whole column, not three near-reds
    h, _, s = colorsys.rgb_to_hls(*(np.array(inks.pop()) / 255))
    assert (h * 360 <= 15 or h * 360 >= 345) and s >= 0.6
    for p in prices:
        assert _measured_contrast(g, p) >= 4.5, p
    assert g.report.ok


def test_a_colour_no_shade_of_which_reads_gets_an_outline(session):
    session.generate(CARD_JA, ocr=False)
    g = session.edit("make the title yellow")
    r, gr, b = _ink_rgb(g, "title") / 255
    h, _, s = colorsys.rgb_to_hls(r, gr, b)
    assert 40 <= h * 360 <= 60 and s > 0.6  # the yellow asked for, kept
    # the glyphs' opaque pixels hold a dark ring around the yellow fill, and they contrast
    img = np.asarray(g.rendering.image.convert("RGB")).astype(float)
    glyph = img[_alpha(g, "title", 255)]
    fill = _ink_rgb(g, "title")
    ring = glyph[np.abs(glyph - fill).max(axis=-1) > 120]
    assert len(ring) > 500
    lf = luminance_px(fill[None, None, :])[0, 0]
    lr = float(np.median(luminance_px(ring[None, :, :])[0]))
    assert (max(lf, lr) + 0.05) / (min(lf, lr) + 0.05) >= 4.5
    assert g.report.ok and any("outline" in line for line in g.trace)


def test_only_the_background_means_the_text_is_not_repaired_and_the_report_says_so(session):
    session.generate(CARD_JA, ocr=False)
    session.edit("タイトルを青に")
    g = session.edit("make only the background dark")
    assert g.changed_layers == ["background"]
    assert not g.report.ok and any(c.name == "contrast" for c in g.report.failed())
    assert any("WARNING contrast" in line for line in g.trace)


# 3. A title moves with its decoration; decoration keeps off the text -----------------------


def _moved(before, after, layer_id: str) -> tuple[int, int]:
    b0, b1 = _glyph_box(before, layer_id), _glyph_box(after, layer_id)
    return b1[0] - b0[0], b1[1] - b0[1]


@pytest.mark.parametrize(
    ("prompt", "instruction"),
    [
        (CARD_EN, "move the title to the bottom"),
        ("Birthday card saying 'HAPPY BIRTHDAY'", "move the text to the top"),
        ("Birthday card saying 'HAPPY BIRTHDAY' and 'June 3'", "move the text to the bottom"),
    ],
)
def test_a_moved_title_takes_its_rule_and_emblem_and_the_confetti_keeps_off_it(session, prompt, instruction):
    g0 = session.generate(prompt, ocr=False)
    g1 = session.edit(instruction)
    dx, dy = _moved(g0, g1, "title")
    assert abs(dy) > 10
    for deco in ("rule", "badge", "emblem"):
        mx, my = _moved(g0, g1, deco)
        assert abs(mx - dx) <= 1 and abs(my - dy) <= 1, (deco, (mx, my), (dx, dy))
    x0, y0, x1, y1 = _glyph_box(g1, "title")
    confetti = _alpha(g1, "effect")
    assert not confetti[y0:y1, x0:x1].any(), "confetti over the title"
    assert not _overlap(_glyph_box(g1, "emblem"), (x0, y0, x1, y1))
    assert not _overlap(_glyph_box(g1, "rule"), (x0, y0, x1, y1))
    if "subtitle" in g1.rendering.layouts:
        assert not _overlap(_glyph_box(g1, "subtitle"), (x0, y0, x1, y1))
    assert g1.report.ok
    _unchanged_outside(g0, g1)


def test_the_text_with_several_texts_moves_the_whole_block(session):
    """'move the text' names no one text: the block moves together, its spacing kept."""
    g0 = session.generate("Birthday card saying 'HAPPY BIRTHDAY' and 'June 3'", ocr=False)
    g1 = session.edit("文字を下に移動して")
    t, d = _moved(g0, g1, "title"), _moved(g0, g1, "date")
    assert t[1] > 10 and abs(t[0] - d[0]) <= 1 and abs(t[1] - d[1]) <= 1


def test_a_title_moved_onto_the_hero_picture_makes_the_picture_step_aside(session):
    g0 = session.generate("Poster for a summer festival saying 'SUMMER FEST'", ocr=False)
    g1 = session.edit("move the title to the bottom")
    title = _glyph_box(g1, "title")
    assert title[1] > _glyph_box(g0, "title")[1] + 200
    subjects = [x.id for x in g1.scene.leaves() if x.kind == "object"]
    assert subjects
    for sid in subjects:
        assert not _overlap(_glyph_box(g1, sid), title), sid
    assert g1.report.ok


# 4. A role word that names nothing gets a question ------------------------------------------


@pytest.mark.parametrize(
    "instruction",
    [
        "make the subtitle red",
        "サブタイトルを赤に",
        "make the date red",
        "日付を大きく",
        "remove the place",
        "本文を青に",
        "move the venue to the top",
        "make the chart green",
        "change the subtitle to 'Soon'",
    ],
)
def test_a_role_word_that_names_no_layer_gets_a_question(session, instruction):
    session.generate("Poster saying 'HELLO' big", ocr=False)
    session.edit("make the title blue")  # "it" is now the title: never the answer to a role word
    turns = len(session.history)
    with pytest.raises(EditQuestion) as q:
        session.edit(instruction)
    assert "'HELLO'" in str(q.value) and "no " in str(q.value)
    assert len(session.history) == turns  # nothing recorded


def test_a_role_word_names_its_layer_and_it_alone(session):
    g0 = session.generate("Poster with 'OPEN DAY' and '12月24日'", ocr=False)
    assert [t.role for t in g0.scene.text_layers()] == ["title", "date"]
    g1 = session.edit("日付を赤に")
    assert g1.ops[0].targets == ["date"] and g1.changed_layers == ["date"]
    r, g, b = _ink_rgb(g1, "date") / 255
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    assert (h * 360 <= 15 or h * 360 >= 345) and s > 0.5
    assert np.array_equal(_ink_rgb(g1, "title"), _ink_rgb(g0, "title"))
    _unchanged_outside(g0, g1)


def test_it_after_the_first_turn_with_two_texts_is_a_question(session):
    session.generate("Poster with 'SPRING FAIR' and 'Saturday 10am'", ocr=False)
    with pytest.raises(EditQuestion, match="which text"):
        session.edit("make it red")


# 5. Menus with bare prices -------------------------------------------------------------------


def test_a_cafe_menu_with_bare_prices_is_a_price_list():
    gen = egaku.generate("A cafe menu with 'Coffee 450' 'Tea 400' 'Cake 500'", ocr=False)
    assert gen.intent.mode == "menu"
    names = [t for t in gen.scene.text_layers() if t.role == "item"]
    prices = [t for t in gen.scene.text_layers() if t.role == "price"]
    assert [t.text for t in names] == ["Coffee", "Tea", "Cake"]
    assert [t.text for t in prices] == ["450", "400", "500"]
    lefts = [_glyph_box(gen, t.id)[0] for t in names]
    rights = [_glyph_box(gen, t.id)[2] for t in prices]
    assert max(lefts) - min(lefts) <= 3, lefts  # names share a left edge
    assert max(rights) - min(rights) <= 3, rights  # prices share a right edge
    assert min(_glyph_box(gen, t.id)[0] for t in prices) > max(_glyph_box(gen, t.id)[2] for t in names)
    assert gen.report.ok


@pytest.mark.parametrize(
    ("prompt", "items"),
    [
        ("A cafe menu: 'Cafe Menu 2025', 'Coffee 450', 'Tea 400'", ["Coffee", "Tea"]),
        ("カフェのメニュー『コーヒー 450』『紅茶 400』", ["コーヒー", "紅茶"]),
        ("Price list: 'Cut 3000', 'Color 4,500', 'Open 10:00'", ["Cut", "Color"]),
        ("お品書き『天ぷら 1,200』『そば 800円』『12月24日』", ["天ぷら", "そば"]),
    ],
)
def test_a_year_or_a_date_is_not_a_price(prompt, items):
    intent = understand(prompt)
    assert intent.mode == "menu"
    assert [m.name for m in intent.menu] == items


def test_a_poster_with_a_year_is_not_a_menu():
    intent = understand("Poster saying 'Summer Fair 2025' and 'Tickets 500'")
    assert intent.mode != "menu" and intent.texts == ["Summer Fair 2025", "Tickets 500"]
