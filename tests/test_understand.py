"""The rule planner: quotes exactly as written, kinds, sizes, positions, themes."""

from __future__ import annotations

import pytest

from egaku.errors import SizeError
from egaku.understand import parse_aspect, parse_size, understand


@pytest.mark.parametrize(
    "prompt,texts",
    [
        ("真ん中に『第50回 輝け青春』と書いて", ["第50回 輝け青春"]),
        ("「夏祭り」と「8月15日」を入れて", ["夏祭り", "8月15日"]),
        ("Menu with “Today's Specials” on top", ["Today's Specials"]),
        ('Poster saying "HELLO  WORLD" please', ["HELLO  WORLD"]),
        ("Put 'READ MORE, WORRY LESS' big", ["READ MORE, WORRY LESS"]),
        ("Write 'Today's Specials' and 'Matcha Latte 550 yen'", ["Today's Specials", "Matcha Latte 550 yen"]),
        ("『「入れ子」の引用』", ["「入れ子」の引用"]),
        ("a poster about cats", []),
    ],
)
def test_quoted_text_is_taken_exactly(prompt, texts):
    assert understand(prompt).texts == texts


@pytest.mark.parametrize(
    "prompt,kind,size",
    [
        ("文化祭のポスター", "poster", (1240, 1754)),
        ("スマホの壁紙を作って", "phone_wallpaper", (1080, 2340)),
        ("a desktop wallpaper", "desktop_wallpaper", (1920, 1080)),
        ("誕生日カード", "card", (1500, 1050)),
        ("a banner for the shop", "banner", (1500, 500)),
        ("インスタの投稿", "square_post", (1080, 1080)),
        ("something nice", "poster", (1240, 1754)),
    ],
)
def test_kinds_have_sensible_canvases(prompt, kind, size):
    i = understand(prompt)
    assert (i.kind, (i.width, i.height)) == (kind, size)


def test_size_and_aspect_flags_win_over_words():
    assert (understand("スマホの壁紙", size=(800, 600)).width, understand("スマホの壁紙", size=(800, 600)).height) == (
        800,
        600,
    )
    i = understand("a poster", aspect="16:9")
    assert i.width == 1754 and i.height == round(1754 * 9 / 16)


def test_size_position_vertical_and_theme_words():
    i = understand("卒業式のポスター。上に『おめでとう』と小さく縦書きで")
    assert (i.size, i.position, i.vertical, i.theme) == ("small", "top", True, "graduation")
    i = understand("A summer sale banner with 'UP TO 50% OFF' at the bottom")
    assert i.position == "bottom" and i.theme in {"summer", "sale"}
    assert understand("a cozy coffee poster").theme != "sale"  # 'off' is not in 'coffee'


def test_theme_words_inside_quotes_do_not_choose_the_theme():
    assert understand("a poster saying 'WINTER IS COMING'").theme == "calm"


@pytest.mark.parametrize("bad", ["1024", "axb", "10x10", "9000x100", "1024x", "-5x100"])
def test_parse_size_rejects(bad):
    with pytest.raises(SizeError):
        parse_size(bad)


def test_parse_aspect():
    assert parse_aspect("1:1", (1240, 1754)) == (1754, 1754)
    with pytest.raises(SizeError):
        parse_aspect("0:1", (100, 100))


@pytest.mark.parametrize(
    "prompt,order",
    [
        ("『本祭』の上に『第50回』と書いたポスター", ["第50回", "本祭"]),
        ("上に『夏祭り』、その下に『8月15日』", ["夏祭り", "8月15日"]),
        ("Poster with 'OPEN DAY' and 'Saturday' above it", ["Saturday", "OPEN DAY"]),
        ("Put 'WELCOME' above 'Room 204'", ["WELCOME", "Room 204"]),
        ("'TITLE' then 'details' below it", ["TITLE", "details"]),
    ],
)
def test_above_and_below_set_the_reading_order(prompt, order):
    assert understand(prompt).texts == order


def test_months_are_not_moons():
    assert understand("『記録』折れ線グラフ 1月 3、2月 5、3月 4").theme != "night"
    assert understand("月夜のポスター").theme == "night"
