"""Design checks (verify): safe area, overlap, minimum text size, grid, orphans.

Each check is shown a scene built to violate it (a generated design with one layer moved,
shrunk or re-broken), must flag the right layer with a numeric detail, and the repair loop
(pipeline.repair, as generate runs it) must fix it without changing a single text.
"""

from __future__ import annotations

import re

import pytest

import egaku
from egaku.compose.base import keep_out, safe_area_of
from egaku.pipeline import REPAIR_ROUNDS, checks_summary, repair
from egaku.render import render
from egaku.scene import Box, IconLayer, Scene, TextLayer
from egaku.verify import DESIGN_CHECKS, MIN_TEXT_PX, Report, design_checks, min_text_px, orphan_lines, verify


def _gen(prompt: str) -> egaku.Generation:
    return egaku.generate(prompt, ocr=False, offline=True, planner="rules", now="2026-11-25T09:00+09:00")


def _verify(scene: Scene) -> Report:
    return verify(scene, render(scene), [t.text for t in scene.text_layers()], ocr=False)


def _failed(report: Report, name: str) -> dict[str, str]:
    return {c.target: c.detail for c in report.failed() if c.name == name}


def _repair(scene: Scene) -> tuple[Scene, Report]:
    """The repair loop generate runs: repair, render again, verify again."""
    rendering = render(scene)
    texts = [t.text for t in scene.text_layers()]
    report = verify(scene, rendering, texts, ocr=False)
    done: list[str] = []
    for _ in range(REPAIR_ROUNDS):
        if report.ok:
            break
        scene, repairs = repair(scene, report, rendering)
        if not repairs:
            break
        done += repairs
        rendering = render(scene, reuse={r.id: r for r in rendering.layers})
        report = verify(scene, rendering, texts, ocr=False)
    report.repairs = done
    return scene, report


def _texts(scene: Scene) -> dict[str, str]:
    return {t.id: t.text for t in scene.text_layers()}


def _ink(scene: Scene, layer_id: str) -> Box:
    from egaku.render.svg import text_layout

    x, y, w, h = text_layout(scene.layer(layer_id)).ink
    return Box(x=x, y=y, w=w, h=h)


def _move(layer, dx: float, dy: float) -> None:
    b = layer.box
    layer.box = Box(x=b.x + dx, y=b.y + dy, w=b.w, h=b.h)


# 1. The report ------------------------------------------------------------------------------


def test_the_report_lists_every_design_check_and_the_summary_counts_them() -> None:
    gen = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'")
    names = {c.name for c in gen.report.checks}
    assert set(DESIGN_CHECKS) <= names
    for name in ("overlap", "min_text_size", "grid", "orphan", "safe_area"):
        assert {c.target for c in gen.report.checks if c.name == name} >= {"title", "subtitle", "text-3"}
    assert gen.report.ok, gen.report.failed()
    line = checks_summary(gen.report, ocr=False)
    m = re.fullmatch(r"(\d+)/(\d+) checks passed \(text (\d+)/(\d+), design (\d+)/(\d+)\) \(OCR off\)", line)
    assert m, line
    assert int(m[2]) == len(gen.report.checks) and int(m[6]) == sum(c.name in DESIGN_CHECKS for c in gen.report.checks)
    assert any("design" in x for x in gen.trace)


def test_a_picture_without_words_still_gets_its_design_checks() -> None:
    gen = _gen("a cat sleeping on a windowsill")
    assert any(c.name == "safe_area" and c.target == "cat" for c in gen.report.checks)
    assert checks_summary(gen.report, ocr=False).startswith("no text to check")


# 2. Safe area -------------------------------------------------------------------------------


def test_a_text_in_the_margin_is_flagged_by_how_far_and_moved_inside() -> None:
    scene = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'").scene
    safe = safe_area_of(scene.kind, scene.canvas.width, scene.canvas.height)
    sub = scene.layer("subtitle")
    _move(sub, 30 - _ink(scene, "subtitle").x, 0)  # ink starts 30 px from the left edge
    report = _verify(scene)
    detail = _failed(report, "safe_area")["subtitle"]
    assert f"{safe.x - 30:.0f} px outside the safe area (left" in detail
    value = next(c.value for c in report.checks if c.name == "safe_area" and c.target == "subtitle")
    assert value == pytest.approx(safe.x - 30, abs=1)
    before = _texts(scene)
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert _texts(fixed) == before
    assert _ink(fixed, "subtitle").x >= safe.x - 1
    assert any("subtitle: moved" in r and "safe area" in r for r in after.repairs)


def test_a_story_keeps_text_out_of_the_apps_header() -> None:
    scene = _gen("an Instagram story saying 'NEW IN'").scene
    title = scene.layer("title")
    _move(title, 0, 120 - _ink(scene, "title").y)  # under the app's header (the top 14 %)
    report = _verify(scene)
    assert "outside the safe area (top" in _failed(report, "safe_area")["title"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert _ink(fixed, "title").y >= 0.14 * 1920 - 1 and fixed.layer("title").lines == title.lines


def test_a_thumbnail_keeps_text_out_of_the_timestamp_corner() -> None:
    scene = _gen("A YouTube thumbnail saying 'I TRIED 10 CAMERAS'").scene
    W, H = scene.canvas.width, scene.canvas.height
    safe = safe_area_of(scene.kind, W, H)
    ink = _ink(scene, "title")
    _move(scene.layer("title"), safe.right - ink.right, safe.bottom - ink.bottom)  # inside the margins
    report = _verify(scene)
    assert "the corner the platform covers" in _failed(report, "safe_area")["title"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert not any(_ink(fixed, "title").intersects(k) for k in keep_out(scene.kind, W, H))


def test_a_picture_out_of_the_safe_area_moves_in_with_its_shadow() -> None:
    scene = _gen("an instagram post saying 'Good morning' with coffee").scene
    cup, shadow = scene.layer("cup"), scene.layer("cup-shadow")
    _move(cup, 420, 0)  # past the right margin
    _move(shadow, 420, 0)
    report = _verify(scene)
    assert re.search(r"object \d+ px outside the safe area \(right", _failed(report, "safe_area")["cup"])
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    dx = fixed.layer("cup").box.x - cup.box.x
    assert dx < -100 and fixed.layer("cup-shadow").box.x - shadow.box.x == pytest.approx(dx)


# 3. Overlap ---------------------------------------------------------------------------------


def test_a_picture_crossing_the_title_is_flagged_and_the_title_steps_clear() -> None:
    scene = _gen("Make a poster for the spring book fair. Put 'READ MORE, WORRY LESS' big in the middle").scene
    dy = _ink(scene, "title").bottom - 40 - scene.layer("book").box.y
    for i in ("book", "book-shadow", "hero-ground"):
        _move(scene.layer(i), 0, dy)
    report = _verify(scene)
    assert "'book'" in _failed(report, "overlap")["title"]
    depth = next(c.value for c in report.checks if c.name == "overlap" and c.target == "title")
    assert isinstance(depth, float) and depth >= 20
    before = _texts(scene)
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert _texts(fixed) == before and fixed.layer("title").lines == scene.layer("title").lines
    assert any(r.startswith("title: moved") and "'book'" in r for r in after.repairs)


def test_an_ornament_on_the_text_moves_off_it() -> None:
    scene = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'").scene
    ink = _ink(scene, "subtitle")
    scene.layers.append(
        IconLayer(id="star", role="decoration", z=65, code="2B50", box=Box(x=ink.right - 20, y=ink.y, w=60, h=60))
    )
    report = _verify(scene)
    assert "'star'" in _failed(report, "overlap")["subtitle"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert any(r.startswith("star:") for r in after.repairs)
    assert fixed.layer("subtitle").box == scene.layer("subtitle").box  # the text stayed where it was


def test_a_panel_under_its_text_and_ground_shapes_are_exempt() -> None:
    logo = _gen("a logo for 'Kumo Bakery'")  # the letter sits on its badge
    ok = {c.target: c.ok for c in logo.report.checks if c.name == "overlap"}
    assert ok["emblem-letter"] and ok["wordmark"]
    card = _gen("An infographic about recycling: 'Reduce', 'Reuse', 'Recycle'")  # labels on cards
    assert all(c.ok for c in card.report.checks if c.name == "overlap")


def test_two_texts_touching_are_pulled_apart() -> None:
    scene = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'").scene
    sub, body = _ink(scene, "subtitle"), _ink(scene, "text-3")
    _move(scene.layer("text-3"), 0, sub.bottom - 10 - body.y)
    report = _verify(scene)
    assert "'subtitle'" in _failed(report, "overlap")["text-3"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert _ink(fixed, "text-3").y >= _ink(fixed, "subtitle").bottom


# 4. Minimum text size -----------------------------------------------------------------------


def test_the_minimum_sizes_are_one_table_with_reasons() -> None:
    assert MIN_TEXT_PX["business_card"][0] == 25  # 6 pt at 300 dpi
    assert all(px > 0 and why for px, why in MIN_TEXT_PX.values())
    assert min_text_px("youtube_thumbnail", 1280, 720)[0] > min_text_px("square_post", 1080, 1080)[0]
    assert min_text_px("unknown_kind", 2000, 1000)[0] == 20  # 2 % of the short side


def test_text_too_small_for_a_business_card_is_raised() -> None:
    scene = _gen("名刺を作って『山田 花子』『デザイナー』").scene
    sub = scene.layer("subtitle")
    sub.size = 18
    report = _verify(scene)
    assert "18 px < 25 px for a business_card (6 pt at 300 dpi" in _failed(report, "min_text_size")["subtitle"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert fixed.layer("subtitle").size == 25 and fixed.layer("subtitle").text == "デザイナー"


# 5. Grid ------------------------------------------------------------------------------------


def test_a_centred_text_just_off_the_centre_line_is_snapped_back() -> None:
    scene = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'").scene
    centre = _ink(scene, "subtitle").cx
    assert centre == pytest.approx(620, abs=1)  # composed on the centre line
    _move(scene.layer("subtitle"), 35, 0)  # 2.8 % of the width: meant to be centred, and is not
    report = _verify(scene)
    want = f"centre edge at x {centre + 35:.0f}, 35 px off the grid line x 620"
    assert want in _failed(report, "grid")["subtitle"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert _ink(fixed, "subtitle").cx == pytest.approx(620, abs=0.01 * 1240)


def test_a_start_aligned_block_near_the_margin_is_put_on_it() -> None:
    scene = _gen("An infographic about recycling: 'Reduce', 'Reuse', 'Recycle'").scene
    _move(scene.layer("item-2"), 25, 0)  # the labels start at one x in their cards; this one does not
    report = _verify(scene)
    assert "left edge" in _failed(report, "grid")["item-2"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert _ink(fixed, "item-2").x == pytest.approx(_ink(fixed, "item-1").x, abs=1)


def test_different_columns_are_not_a_grid_error() -> None:
    gen = _gen("an infographic of 'Sleep', 'Water', 'Exercise', 'Sunlight'")  # a 2×2 grid
    assert all(c.ok for c in gen.report.checks if c.name == "grid")


# 6. Orphans ---------------------------------------------------------------------------------


def _with_lines(scene: Scene, layer_id: str, text: str, lines: list[str]) -> TextLayer:
    t = scene.layer(layer_id)
    t.text, t.lines = text, lines
    return t


def test_a_lone_character_on_the_last_line_is_flagged_and_rebroken() -> None:
    scene = _gen("『ありがとう』と書いたカード").scene
    text = "ご来店ありがとうございます"
    t = _with_lines(scene, "title", text, ["ご来店ありがとうございま", "す"])
    t.size = 80
    report = _verify(scene)
    assert "line 2 'す'" in _failed(report, "orphan")["title"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    new = fixed.layer("title")
    assert new.text == text and "".join(new.lines) == text and min(len(x) for x in new.lines) >= 2
    assert any("re-broken" in r for r in after.repairs)


def test_a_lone_character_in_a_vertical_column_is_rebroken() -> None:
    scene = _gen("縦書きで『春はあけぼの』と書いたポスター").scene
    t = _with_lines(scene, "title", "春はあけぼの", ["春はあけぼ", "の"])
    report = _verify(scene)
    assert "column 2 'の'" in _failed(report, "orphan")["title"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert fixed.layer("title").text == t.text and all(len(x) >= 2 for x in fixed.layer("title").lines)


def test_a_line_the_text_sets_apart_itself_is_not_an_orphan() -> None:
    t = TextLayer(id="t", box=Box(x=0, y=0, w=100, h=100), text="春\n夏秋冬", lines=["春", "夏秋冬"], size=40)
    assert orphan_lines(t) == []
    assert orphan_lines(t.model_copy(update={"text": "春夏秋冬", "lines": ["春夏秋", "冬"]})) == [1]
    latin = t.model_copy(update={"text": "Spring is a", "lines": ["Spring is", "a"]})
    assert orphan_lines(latin) == []  # a Japanese rule: Latin lines are not counted


# 7. The designs egaku makes pass, after repair -------------------------------------------------

SAMPLE = [
    "文化祭のポスターを作って。真ん中に『第50回 輝け青春』と大きく書いて",
    "YouTube thumbnail 'MY MORNING ROUTINE' with a cup of coffee",
    "インスタのストーリー『セール開催中』『最大50%オフ』",
    "a slide 'Agenda' 'Introduction' 'Results' 'Next steps'",
    "名刺『佐藤 一郎』『株式会社サンプル 営業部』『090-1234-5678』",
    "防災の手順を図解して『身を守る』『火を消す』『出口を確保』『避難する』",
    "バナーを作って『新生活応援フェア』『3月31日まで』",
    "メニュー『ラーメン 800円』『チャーハン 700円』『餃子 400円』",
    "a bar chart of visitors: Mon 120, Tue 80, Wed 150, Thu 90",
    "『本日のおすすめ 鯛茶漬け』の看板を縦書きで",
    "a poster with a koala wearing an aloha shirt saying 'ALOHA'",
    "『新年あけましておめでとうございます 本年もよろしくお願いいたします』の年賀状",
]


@pytest.mark.parametrize("prompt", SAMPLE)
def test_generated_designs_pass_every_design_check(prompt: str) -> None:
    gen = _gen(prompt)
    design = [c for c in gen.report.checks if c.name in DESIGN_CHECKS]
    assert design and all(c.ok for c in design), [c for c in design if not c.ok]
    again = design_checks(gen.scene, gen.rendering)  # numeric and deterministic
    assert [(c.name, c.target, c.ok, c.detail) for c in again] == [(c.name, c.target, c.ok, c.detail) for c in design]


# 8. Edits: what an edit breaks is repaired too ------------------------------------------------


def test_an_edit_that_makes_text_too_small_is_raised_back_and_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EGAKU_HOME", str(tmp_path / "home"))
    s = egaku.Session("design-checks")
    s.generate("名刺を作って『山田 花子』『デザイナー』", ocr=False, offline=True, planner="rules")
    for _ in range(4):
        g = s.edit("make the subtitle much smaller", ocr=False)
    assert g.report.ok, g.report.failed()
    assert g.scene.layer("subtitle").size == MIN_TEXT_PX["business_card"][0]
    assert any("smallest a business_card shows" in line for line in g.trace)


def test_an_icon_named_after_its_label_still_may_not_cross_it() -> None:
    scene = _gen("An infographic about recycling: 'Reduce', 'Reuse', 'Recycle'").scene
    ink = _ink(scene, "item-2")
    icon = scene.layer("item-2-icon")
    _move(icon, ink.x + 10 - icon.box.x, 0)  # onto the label's first letters
    report = _verify(scene)
    assert "'item-2-icon'" in _failed(report, "overlap")["item-2"]


def test_overlap_is_measured_on_what_is_drawn_not_on_the_boxes() -> None:
    from egaku.scene import ShapeLayer, Solid

    scene = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'").scene
    ink = _ink(scene, "text-3")
    # a disc whose box corner sits on the text's corner: the curve is ~40 px away from it
    disc = ShapeLayer(
        id="disc", role="decoration", z=85, shape="ellipse", fill=Solid(color="#CC3344"),
        box=Box(x=ink.right - 6, y=ink.bottom - 6, w=200, h=200),
    )  # fmt: skip
    scene.layers.append(disc)
    assert disc.box.intersects(ink)
    assert _failed(_verify(scene), "overlap") == {}
    _move(scene.layer("disc"), -60, -60)  # now its paint crosses the last letters
    assert "'disc'" in _failed(_verify(scene), "overlap")["text-3"]


def test_a_painted_raster_under_the_text_is_ground() -> None:
    import base64
    import hashlib
    import io

    from PIL import Image

    from egaku.scene import RasterLayer

    scene = _gen("a poster: 'JAZZ NIGHT' 'Friday 8pm' 'Blue Note Cafe'").scene
    buf = io.BytesIO()
    Image.new("RGB", (64, 90), (250, 240, 220)).save(buf, format="PNG")
    png = buf.getvalue()
    W, H = scene.canvas.width, scene.canvas.height
    scene.layers.append(
        RasterLayer(
            id="painting",
            role="painting",
            z=5,
            box=Box(x=0, y=0, w=W, h=H),
            png=base64.b64encode(png).decode(),
            sha256=hashlib.sha256(png).hexdigest(),
        )  # fmt: skip
    )
    report = _verify(scene)
    assert all(c.ok for c in report.checks if c.name == "overlap")


def test_with_no_room_for_the_text_the_picture_steps_aside() -> None:
    scene = _gen("an instagram post saying 'Good morning' with coffee").scene
    dy = _ink(scene, "title").bottom - 60 - scene.layer("cup").box.y
    for i in ("cup", "cup-shadow"):
        _move(scene.layer(i), 0, dy)  # up into the title
    report = _verify(scene)
    assert "'cup'" in _failed(report, "overlap")["title"]
    fixed, after = _repair(scene)
    assert after.ok, after.failed()
    assert fixed.layer("title").text == "Good morning" and fixed.layer("title").lines == scene.layer("title").lines
    assert any(r.startswith(("cup:", "title:")) for r in after.repairs)
