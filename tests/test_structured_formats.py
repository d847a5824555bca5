"""The structured formats: logo, sticker, timetable, flyer with sections, certificate, and
a banner with several texts in a row. Each is checked by verify with OCR, and by its own
geometry (what is where, what is transparent, what lines up)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from shapely import Polygon

import egaku
from egaku.compose.base import contrast
from egaku.render.raster import render
from egaku.scene import IconLayer, ShapeLayer, TextLayer


def _alpha(gen: egaku.Generation) -> np.ndarray:
    return np.asarray(gen.image.convert("RGBA"))[..., 3]


@pytest.mark.parametrize(
    "prompt, name",
    [
        ("Design a logo for a coffee shop called 'Bean There'", "Bean There"),
        ("パン屋「こむぎ」のロゴを作って", "こむぎ"),
        ("a logo for my bike repair shop 'Spoke & Chain' with the tagline 'Since 1998'", "Spoke & Chain"),
    ],
)
def test_logo_is_an_emblem_over_a_wordmark_on_a_transparent_canvas(prompt: str, name: str) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == "logo" and (gen.scene.canvas.width, gen.scene.canvas.height) == (1024, 1024)
    assert gen.report.ok, gen.report.failed()
    a = _alpha(gen)
    assert a[:40, :40].max() == 0 and a[-40:, -40:].max() == 0  # no background: it goes on other designs
    assert not any(layer.kind == "background" for layer in gen.scene.leaves())
    word = gen.scene.layer("wordmark")
    assert isinstance(word, TextLayer) and word.text == name
    badge = gen.scene.layer("emblem-badge")
    assert badge.box.bottom <= word.box.y  # the emblem stands over the wordmark
    assert abs(badge.box.cx - 512) < 2 and abs(word.box.cx - 512) < 3  # one centred axis
    # the mark reads on a white page
    assert contrast(word.fill, "#FFFFFF") >= 4.5
    if "coffee" in prompt:
        assert any(isinstance(x, IconLayer) and x.emoji.startswith("☕") for x in gen.scene.leaves())
    if "tagline" in prompt:
        assert gen.scene.layer("tagline").text == "Since 1998"
    assert 'font-family="Noto Sans CJK JP"' in gen.svg or "<text" in gen.svg  # SVG keeps live text


@pytest.mark.parametrize("prompt", ["A sticker that says 'Good Job!'", "猫のステッカー『ねこ』"])
def test_sticker_has_a_die_cut_outline_around_what_it_draws(prompt: str) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == "sticker"
    assert gen.report.ok, gen.report.failed()
    cut = gen.scene.layer("die-cut")
    assert isinstance(cut, ShapeLayer) and cut.shape == "polygon" and len(cut.points) >= 8
    b = cut.box
    poly = Polygon([(b.x + u * b.w, b.y + v * b.h) for u, v in cut.points])
    assert poly.is_valid
    # every pixel of what the sticker draws lies inside the cut
    content = gen.scene.model_copy(deep=True)
    content.layers = [x for x in content.layers if x.id != "die-cut"]
    drawn = np.asarray(render(content).image)[..., 3] > 0
    inside = Image.new("L", drawn.shape[::-1], 0)
    ImageDraw.Draw(inside).polygon([(x, y) for x, y in poly.exterior.coords], fill=255)
    outside = drawn & (np.asarray(inside) == 0)
    assert outside.sum() == 0, outside.sum()
    a = _alpha(gen)
    ys, xs = np.nonzero(a > 0)
    # outside the cut the sticker is transparent; its corners are empty
    assert a[0, 0] == 0 and a[-1, -1] == 0
    assert len(xs) < 0.95 * a.size
    # the cut follows the shape: tighter than the bounding box of what it holds
    assert poly.area < 0.97 * b.w * b.h


@pytest.mark.parametrize(
    "prompt, cells",
    [
        ("「時間割」の表を作って：月曜 数学 英語 国語、火曜 理科 社会 体育", ["月曜", "火曜", "数学", "体育"]),
        ("Conference schedule: 'Opening 9:00', 'Keynote 9:30', 'Lunch 12:00', 'Panels 13:30'", ["9:00", "Panels"]),
        ("Make a timetable: 9:00 Check-in, 10:00 Workshop, 12:30 Lunch, 14:00 Demo", ["Check-in", "14:00"]),
    ],
)
def test_timetable_is_a_real_table(prompt: str, cells: list[str]) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == "timetable" and gen.intent.table is not None
    assert gen.report.ok, gen.report.failed()
    texts = {t.text: t for t in gen.scene.text_layers()}
    for c in cells:
        assert c in texts, c  # each cell drawn exactly as written
    grid = [t for t in gen.scene.text_layers() if t.id.startswith("cell-")]
    rows: dict[str, set[float]] = {}
    cols: dict[str, set[float]] = {}
    for t in grid:
        _, r, c = t.id.split("-")
        rows.setdefault(r, set()).add(round(t.box.y, 3))
        cols.setdefault(c, set()).add(round(t.box.x, 3))
    assert all(len(v) == 1 for v in rows.values())  # a row's cells share one top
    assert all(len(v) == 1 for v in cols.values())  # a column's cells share one left edge
    assert len({t.size for t in grid}) == 1  # one type size for every cell
    # the day words are data, not pictures: no moon for 月曜
    assert not any(getattr(x, "depicts", "") == "moon" for x in gen.scene.leaves())
    assert not any(isinstance(x, IconLayer) and x.emoji.startswith("🌙") for x in gen.scene.leaves())


def test_a_school_timetable_puts_the_days_across_the_top() -> None:
    gen = egaku.generate("「時間割」の表を作って：月曜 数学 英語 国語、火曜 理科 社会 体育", ocr=False)
    table = gen.intent.table
    assert table.header == ["", "月曜", "火曜"]
    assert table.rows == [["1", "数学", "理科"], ["2", "英語", "社会"], ["3", "国語", "体育"]]
    mon, tue = gen.scene.layer("head-1"), gen.scene.layer("head-2")
    assert mon.box.cx < tue.box.cx and abs(mon.box.cy - tue.box.cy) < 1


@pytest.mark.parametrize(
    "prompt, labels",
    [
        (
            "フライヤー『春のフリーマーケット』日時 4月12日(土) 10:00〜15:00 場所 中央公園 お問い合わせ 03-1234-5678",
            {"日時": "4月12日(土) 10:00〜15:00", "場所": "中央公園", "お問い合わせ": "03-1234-5678"},
        ),
        (
            "A flyer for our 'Bake Sale'. When: Saturday May 3, 10am. Where: Town Hall. Contact: 555-0100",
            {"When": "Saturday May 3, 10am", "Where": "Town Hall", "Contact": "555-0100"},
        ),
    ],
)
def test_flyer_has_labelled_sections(prompt: str, labels: dict[str, str]) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == "flyer"
    assert gen.report.ok, gen.report.failed()
    assert {s.label: s.value for s in gen.intent.sections} == labels
    texts = [t.text for t in gen.scene.text_layers()]
    title = gen.scene.layer("title")
    values = [t for t in gen.scene.text_layers() if t.role in ("date", "place")]
    assert values and all(title.box.bottom < v.box.y for v in values)  # title first, facts under it
    assert len({round(v.box.x) for v in values}) == 1  # values aligned on one edge
    contact = gen.scene.layer("contact")
    assert contact.text.endswith(labels[list(labels)[-1]]) and contact.box.y > max(v.box.bottom for v in values)
    assert gen.scene.layer("contact-band").box.bottom >= gen.scene.canvas.height - 1  # a band at the foot
    for label, value in list(labels.items())[:2]:
        assert label in texts and value in texts


def test_japanese_certificate_is_vertical_and_reads_right_to_left() -> None:
    gen = egaku.generate(
        "賞状を作って『優秀賞 山田太郎 殿』『あなたは校内マラソン大会において優秀な成績を収めました』"
        "『令和8年11月30日』『東雲小学校長 佐藤一郎』",
        ocr=True,
    )
    s = gen.scene
    assert gen.intent.kind == "certificate" and s.canvas.height > s.canvas.width  # portrait
    assert gen.report.ok, gen.report.failed()
    heading = s.layer("heading")
    assert heading.text == "賞状" and heading.composed and heading.vertical
    order = [t for t in s.text_layers() if t.role in ("heading", "title", "name", "body", "date", "issuer")]
    assert all(t.vertical for t in order)
    xs = [t.box.cx for t in order]
    assert xs == sorted(xs, reverse=True)  # right to left: heading, award, name, body, date, issuer
    assert [t.role for t in order][:3] == ["heading", "title", "name"]
    assert order[-1].role == "issuer" and order[-1].box.bottom > s.canvas.height * 0.6  # issuer at the foot
    for a in order:  # columns do not touch
        for b in order:
            if a is not b:
                assert not a.box.intersects(b.box), (a.id, b.id)


def test_english_certificate_is_centred_with_signature_lines() -> None:
    gen = egaku.generate(
        "A certificate of completion: 'Python Basics', 'Presented to Jane Doe', "
        "'For completing the 12-week course', 'November 30, 2026', 'Director of Studies'",
        ocr=True,
    )
    s = gen.scene
    assert (s.canvas.width, s.canvas.height) == (1754, 1240)
    assert gen.report.ok, gen.report.failed()
    name = next(t for t in s.text_layers() if t.role == "name")
    assert name.text == "Presented to Jane Doe" and abs(name.box.cx - 877) < 3
    assert s.layer("heading").text == "CERTIFICATE OF COMPLETION" and s.layer("heading").composed
    date, issuer = s.layer("date"), s.layer("issuer")
    assert date.box.cx < 877 < issuer.box.cx and abs(date.box.y - issuer.box.y) < 1
    assert s.layer("date-line").box.bottom <= date.box.y + 1


@pytest.mark.parametrize(
    "prompt",
    [
        "A banner: 'DevDays 2027', 'March 3-4, Tokyo', 'Register now'",
        "バナー『夏のセール』『7月1日〜7月31日』『全品20%オフ』『今すぐチェック』",
    ],
)
def test_banner_with_several_texts_sets_them_in_a_row(prompt: str) -> None:
    gen = egaku.generate(prompt, ocr=True)  # used to fail: "does not fit a 1430x1 px box"
    s = gen.scene
    assert gen.intent.kind == "banner"
    assert gen.report.ok, gen.report.failed()
    title = s.layer("title")
    details = [t for t in s.text_layers() if t.id.startswith("detail-")]
    cta = s.layer("cta")
    assert details and all(title.box.right < d.box.x for d in details)
    assert all(d.box.right < cta.box.x for d in details)
    button = s.layer("cta-button")
    assert button.box.x <= cta.box.x and cta.box.right <= button.box.right  # the words sit in the button
    assert contrast(cta.fill, button.fill.color) >= 4.5
    assert title.size > max(d.size for d in details)  # hierarchy kept


def test_timetable_rows_after_a_full_width_colon_and_a_title_from_the_request() -> None:
    gen = egaku.generate("文化祭のタイムテーブル：10:00 開会式、10:30 合唱、12:00 昼休み、13:00 演劇", ocr=True)
    assert gen.report.ok, gen.report.failed()
    assert gen.intent.table is not None and gen.intent.table.times
    assert [r[0] for r in gen.intent.table.rows] == ["10:00", "10:30", "12:00", "13:00"]
    title = gen.scene.layer("title")
    assert title.text == "文化祭のタイムテーブル" and title.composed  # the request's own words, marked


def test_one_activity_a_day_stays_a_row_a_day() -> None:
    gen = egaku.generate("Weekly schedule: Mon Yoga, Tue Pilates, Wed Rest, Thu Spin, Fri Yoga", ocr=False)
    table = gen.intent.table
    assert table is not None and not table.header
    assert table.rows[0] == ["Mon", "Yoga"] and len(table.rows) == 5


def test_flyer_values_lose_the_sentence_full_stop() -> None:
    gen = egaku.generate(
        "A4 flyer for a yoga class 'Morning Yoga'. Date: every Sunday 7am. Place: Riverside Park. Fee: $10. "
        "Contact: yoga@example.com",
        ocr=False,
    )
    assert {s.label: s.value for s in gen.intent.sections} == {
        "Date": "every Sunday 7am",
        "Place": "Riverside Park",
        "Fee": "$10",
        "Contact": "yoga@example.com",
    }


def test_certificate_names_its_recipient_from_the_request() -> None:
    gen = egaku.generate("Certificate of Appreciation for 'John Smith'", ocr=True)
    assert gen.report.ok, gen.report.failed()
    assert gen.scene.layer("heading").text == "CERTIFICATE OF APPRECIATION"
    name = next(t for t in gen.scene.text_layers() if t.text == "John Smith")
    assert name.role == "name"


def test_logo_emblem_from_the_trade_in_its_name() -> None:
    gen = egaku.generate("ロゴ『Kumo Coffee』", ocr=True)
    assert gen.report.ok, gen.report.failed()
    assert any(isinstance(x, IconLayer) and x.emoji.startswith("☕") for x in gen.scene.leaves())


def test_cli_writes_a_logos_svg_too(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "EGAKU_HOME": str(tmp_path / "home"), "EGAKU_OFFLINE": "1"}
    p = subprocess.run(
        [sys.executable, "-m", "egaku", "generate", "a logo for 'Bean There' coffee", "-o", "mark.png", "--no-ocr"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    svg = (tmp_path / "mark.svg").read_text(encoding="utf-8")
    assert "Bean There" in svg and "<text" in svg  # live text a designer can edit
    assert "<rect" not in svg.split("</metadata>")[-1][:400]  # no page behind the mark


@pytest.mark.parametrize(
    "prompt", ["a logo for 'Bean There' 'Coffee Roasters' 'Est. 2019'", "a sticker 'Thank you!' 'from Mia'"]
)
def test_every_quoted_text_of_a_mark_is_drawn(prompt: str) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.report.ok, gen.report.failed()  # `present` and OCR for each text
    drawn = {t.text for t in gen.scene.text_layers()}
    assert set(gen.intent.texts) <= drawn


@pytest.mark.parametrize(
    "prompt, style",
    [
        ("ネオンなバナー『DevDays 2027』『3月3日〜4日 東京』『今すぐ登録』", "neon"),
        ("和風のフライヤー『秋の茶会』日時 10月12日(日) 13:00〜 場所 東雲庵 参加費 2000円", "wafu"),
        ("A corporate schedule: 9:00 Welcome, 9:30 Strategy review, 11:00 Breakout sessions", "corporate"),
    ],
)
def test_formats_take_a_named_style(prompt: str, style: str) -> None:
    gen = egaku.generate(prompt, ocr=True)
    plain = egaku.generate(prompt.replace("ネオンな", "").replace("和風の", "").replace("corporate ", ""), ocr=False)
    assert gen.intent.style == style and gen.report.ok, gen.report.failed()
    assert gen.scene.palette != plain.scene.palette  # the style's colours, not the theme's own
    heading = gen.scene.layer("title")
    assert style not in heading.text.lower() and "ネオン" not in heading.text  # a style word is never a title


@pytest.mark.parametrize(
    "prompt, kind, layer_id",
    [
        ("a sticker of a bench saying 'REST'", "sticker", "subject"),
        ("a logo with a bench for 'Park Life'", "logo", "emblem"),
    ],
)
def test_a_subject_no_icon_draws_comes_from_the_library(prompt: str, kind: str, layer_id: str) -> None:
    gen = egaku.generate(prompt, ocr=True)
    assert gen.intent.kind == kind and gen.report.ok, gen.report.failed()
    layer = gen.scene.layer(layer_id)
    assert layer.kind == "object" and layer.depicts == "bench"
    assert any(a.name != "OpenMoji" and "Noto" not in a.name for a in gen.scene.assets)  # its artwork is credited


def test_a_table_in_the_request_is_not_looked_up() -> None:
    gen = egaku.generate("Create an agenda for our team offsite: 9:00 Coffee, 9:30 Goals, 11:00 Workshop", ocr=True)
    assert gen.intent.kind == "timetable" and not gen.intent.needs  # not a search of the notes
    assert gen.report.ok, gen.report.failed()
    assert gen.scene.layer("title").text == "Agenda for our team offsite"
    assert {"9:00", "Coffee", "Workshop"} <= {t.text for t in gen.scene.text_layers()}


@pytest.mark.parametrize(
    "texts, parts",
    [
        (["皆勤賞", "佐藤 花子 様"], [("皆勤賞", "title"), ("佐藤 花子 様", "name")]),
        (["優秀賞 山田太郎 殿"], [("優秀賞", "title"), ("山田太郎 殿", "name")]),
        (["佐藤 花子 様"], [("佐藤 花子 様", "name")]),
    ],
)
def test_a_full_name_stays_one_part_of_a_certificate(texts: list[str], parts: list[tuple[str, str]]) -> None:
    from egaku.understand.formats import certificate_parts

    assert certificate_parts(texts) == parts
