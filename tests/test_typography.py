"""Line breaking, kinsoku, balancing, fitting, vertical order, coverage, measuring."""

from __future__ import annotations

import numpy as np
import pytest

from egaku.errors import GlyphError, LayoutError
from egaku.render.raster import render_layer
from egaku.scene import Box, TextLayer
from egaku.typography import break_text, fit_text, layout_lines, measure
from egaku.typography.linebreak import NO_END, NO_START


def _m(size=40.0, font="text"):
    return lambda t: measure(t, font, size)


def test_kinsoku_no_forbidden_line_starts_or_ends():
    text = "「こんにちは」と、彼は言った。ちょっと待ってください（本当に）。ありがとうございます！"
    for width in (120, 160, 200, 260, 330, 400):
        lines = break_text(text, _m(), width, balance=False)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_START, (width, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_END, (width, lines)


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


def test_no_single_character_orphan():
    for width in range(150, 420, 10):
        lines = break_text("みんなで楽しむ夏祭り大会", _m(), width)
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
