"""Line breaking, kinsoku, balancing, fitting, vertical order, coverage, measuring."""

from __future__ import annotations

import numpy as np
import pytest

from egaku.errors import GlyphError, LayoutError
from egaku.render.raster import render_layer
from egaku.scene import Box, TextLayer
from egaku.typography import break_text, fit_text, layout_lines, measure
from egaku.typography.fit import block_extent
from egaku.typography.linebreak import NO_END, NO_START


def _m(size=40.0, font="text"):
    return lambda t: measure(t, font, size)


# Kinsoku rules written out here, not read from the module under test: a character dropped
# from linebreak.NO_START / NO_END must show up as a bad break below.
NEVER_START = "、。，．！？）」』】〕〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ…"
NEVER_END = "（「『【〔〈《"
KINSOKU_TEXTS = [
    "「こんにちは」と、彼は言った。ちょっと待ってください（本当に）。ありがとうございます！",
    "春夏秋冬、東西南北。上下左右、前後左右。",  # kanji runs: breaks between any two characters
    "東京都立「中央図書館」特別展示会『春季特別展』開催中",
    "全国高等学校総合文化祭（第五十回）開催決定！",
]


@pytest.mark.parametrize("text", KINSOKU_TEXTS, ids=lambda t: t[:6])
def test_kinsoku_no_forbidden_line_starts_or_ends(text):
    broke = 0
    for width in range(40, 700, 10):
        for balance in (False, True):
            lines = break_text(text, _m(), width, balance=balance)
            assert "".join(lines) == text
            broke += len(lines) > 1
            for line in lines[1:]:
                assert line[0] not in NEVER_START, (width, balance, lines)
            for line in lines[:-1]:
                assert line[-1] not in NEVER_END, (width, balance, lines)
    assert broke > 20  # the widths really made it break, many ways


def test_the_kinsoku_tables_hold_the_standard_characters():
    assert set(NEVER_START) <= NO_START and set(NEVER_END) <= NO_END


def test_small_kana_and_long_vowel_never_start_a_line():
    text = "ショッピングセンターでチョコレートケーキ"
    for width in range(80, 400, 20):
        for line in break_text(text, _m(), width, balance=False)[1:]:
            assert line[0] not in "ッョャューァィゥェォ", line


def test_japanese_breaks_at_phrases_not_inside_words():
    lines = break_text("今日はとても良い天気ですね", _m(), 200)
    assert "".join(lines) == "今日はとても良い天気ですね"
    assert all(not line.startswith("気") for line in lines)  # 天気 stays whole


def test_english_breaks_by_words():
    lines = break_text("the quick brown fox jumps over the lazy dog", _m(), 300)
    assert " ".join(lines) == "the quick brown fox jumps over the lazy dog"
    assert all(
        w in {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog"} for line in lines for w in line.split()
    )


def test_balanced_lines_are_even():
    text = "SPRING BOOK FAIR AT THE CITY LIBRARY"
    greedy = break_text(text, _m(60, "display"), 1000, balance=False)
    balanced = break_text(text, _m(60, "display"), 1000, balance=True)
    assert len(balanced) == len(greedy) == 2
    g = [measure(line, "display", 60) for line in greedy]
    b = [measure(line, "display", 60) for line in balanced]
    assert max(b) - min(b) < max(g) - min(g)
    assert max(b) / min(b) < 1.6


@pytest.mark.parametrize(
    "text",
    [
        "みんなで楽しむ夏祭り大会",
        "今日はとても良い天気ですね",
        "花火大会は明日の夜です",
        "春の訪れを感じる季節になりました",
    ],
)
def test_no_single_character_orphan(text):
    """From two characters a line (80 px at 40 px type) up: the last line never holds one
    character alone (今日は…天気です / ね would)."""
    for width in range(80, 600, 5):
        lines = break_text(text, _m(), width)
        if len(lines) > 1:
            assert len(lines[-1]) > 1, (width, lines)


def test_fit_grows_to_the_box_and_respects_it():
    small = fit_text("第50回 輝け青春", "display", 400, 300, max_size=400, min_size=10)
    big = fit_text("第50回 輝け青春", "display", 900, 700, max_size=400, min_size=10)
    assert big.size > small.size
    for fit, (w, h) in ((small, (400, 300)), (big, (900, 700))):
        assert fit.width <= w + 0.01 and fit.height <= h + 0.01


def test_fit_fails_clearly_when_impossible():
    with pytest.raises(LayoutError, match="does not fit"):
        fit_text("THIS TEXT IS MUCH TOO LONG FOR A TINY BOX", "display", 40, 20, max_size=100, min_size=20)


def test_uncovered_character_is_an_error_naming_it():
    with pytest.raises(GlyphError) as e:
        fit_text("こんにちは😀", "display", 500, 200, max_size=50, min_size=10)
    assert "😀" in str(e.value) and "U+1F600" in str(e.value)


def test_vertical_columns_run_right_to_left_and_top_to_bottom():
    lay = layout_lines(["今日も", "いい日"], "serif", 100, (0, 0, 400, 600), vertical=True, line_height=1.3)
    first, second = lay.lines
    assert first.x > second.x  # first column on the right
    ys = [g.y for g in first.glyphs]
    assert ys == sorted(ys) and len(set(ys)) == 3  # characters go down the column


def test_vertical_punctuation_uses_vertical_forms():
    from egaku.typography import shape

    h = shape("、。「」", "serif", 100, vertical=False)
    v = shape("、。「」", "serif", 100, vertical=True)
    assert [g.gid for g in h.glyphs] != [g.gid for g in v.glyphs]  # `vert` substituted them


def test_measure_agrees_with_the_rasteriser():
    """The drawn ink fits the measured line box: no glyph falls outside what was laid out."""
    size = 120.0
    text = "Hello 描く"
    w = measure(text, "display", size)
    layer = TextLayer(id="t", box=Box(x=50, y=50, w=w, h=size), text=text, lines=[text], font="display", size=size)
    r = render_layer(layer, 1200, 400)
    alpha = np.asarray(r.full((1200, 400)))[..., 3]
    ys, xs = np.nonzero(alpha > 100)
    assert xs.min() >= 50 - 0.05 * size and xs.max() <= 50 + w + 0.05 * size
    assert (xs.max() - xs.min()) > 0.9 * w  # the measured advance is really used


def test_times_dates_and_numbers_stay_whole():
    text = "8月15日(土) 18:00〜 中央公園 3.14 8/15"
    for width in range(60, 500, 15):
        lines = break_text(text, _m(), width)
        joined = " ".join(lines)
        for token in ("18:00", "3.14", "8/15", "15日"):
            assert token in joined.replace(" ", " "), (width, lines)
        for line in lines:
            assert not line.endswith(("18:", "3.", "8/"))


def test_a_line_that_fits_is_not_broken_at_its_commas():
    fit = fit_text("Oct 31, 7pm, Room 204", "text", 1000, 200, max_size=40, min_size=10)
    assert fit.lines == ["Oct 31, 7pm, Room 204"]


def test_phrases_stay_whole_when_a_smaller_size_allows():
    fit = fit_text("卒業おめでとう", "serif", 900, 700, max_size=400, min_size=20)
    assert fit.lines == ["卒業", "おめでとう"]


def test_a_long_kanji_compound_can_still_break_when_it_must():
    lines = break_text("東京都立中央図書館特別展示会", _m(), 200)
    assert len(lines) > 1 and "".join(lines) == "東京都立中央図書館特別展示会"


@pytest.mark.parametrize("text", ["第50回 輝け青春", "SPRING BOOK FAIR AT THE CITY LIBRARY", "HELLO"])
def test_fit_is_the_largest_half_pixel_size_that_fits(text):
    for w, h in ((600, 400), (900, 500), (333, 177), (1000, 151), (457, 611), (250, 90)):
        fit = fit_text(text, "display", w, h, max_size=400, min_size=10, prefer_clauses=False)
        assert fit.size * 2 == int(fit.size * 2) and 10 <= fit.size < 400
        assert fit.width <= w + 0.01 and fit.height <= h + 0.01
        # one half-pixel step up, broken the same way (phrases whole), no longer fits
        bigger = fit.size + 0.5
        lines = break_text(text, _m(bigger, "display"), w, True, False)
        bw, bh = block_extent(lines, "display", bigger, False, 1.25, 0.0)
        assert bw > w + 0.01 or bh > h + 0.01 or len(lines) > 4, (w, h, fit, lines)


def test_greedy_lines_stay_within_the_width_when_every_word_fits():
    text = "the quick brown fox jumps over the lazy dog and keeps running far away"
    words = text.split()
    for width in range(200, 900, 25):
        lines = break_text(text, _m(), width, balance=False)
        assert " ".join(lines).split() == words
        assert all(measure(line, "text", 40) <= width for line in lines), (width, lines)
        # first fit: the next line's first word would not have fitted on the line before
        for a, b in zip(lines, lines[1:]):
            assert measure(a + " " + b.split()[0], "text", 40) > width, (width, a, b)


@pytest.mark.parametrize("align", ["start", "center", "end"])
def test_lines_are_placed_by_their_alignment(align):
    box = (100.0, 50.0, 800.0, 300.0)
    lay = layout_lines(["SPRING", "BOOK FAIR 2026"], "display", 60, box, align=align)
    for line in lay.lines:
        left, right = line.x, line.x + line.length
        if align == "start":
            assert left == pytest.approx(100.0)
        elif align == "end":
            assert right == pytest.approx(900.0)
        else:
            assert (left + right) / 2 == pytest.approx(500.0)
    # the block is centred across the lines: 60 + 75 px tall in a 300 px box
    x, y, w, h = lay.ink
    assert h == pytest.approx(135.0) and y == pytest.approx(50.0 + (300 - 135) / 2)
