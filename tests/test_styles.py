"""Design styles (pop, minimal, 和風, retro, elegant, neon, cute, hand-drawn, corporate):
each chosen by its Japanese and English words, rendered, verified and read back by OCR;
styles differ measurably; style × theme combine; the vendored faces ship with licences."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

import egaku
from egaku.compose.styles import STYLES, find_style, from_lch, lch
from egaku.typography.fonts import FACE_FAMILY, FACE_FILES, VENDORED, face, font_files, fonts_dir
from egaku.understand import understand

# one Japanese and one English request per style, each naming it by a different word
REQUESTS = {
    "pop": (
        "ポップな文化祭のポスター『第50回 輝け青春』『10月12日』",
        "A pop art poster for the school festival: 'GO BIG' 'Oct 12'",
    ),
    "minimal": (
        "ミニマルなポスター『静かな朝』『写真展 6月』",
        "a minimalist poster saying 'LESS IS MORE' 'Design Week'",
    ),
    "wafu": (
        "和風のポスター『夏祭り』『八月十五日 神社境内』",
        "A Japanese style poster for a tea ceremony: 'Tea Ceremony' 'Sunday 2pm'",
    ),
    "retro": ("昭和レトロなポスター『純喫茶 みどり』『営業中』", "a vintage poster saying 'ROCK NIGHT' 'Live at 8'"),
    "elegant": ("高級感のある招待状『特別ご招待』『十二月一日』", "An elegant poster: 'Gala Evening' 'December 1'"),
    "neon": (
        "サイバーパンク風のポスター『夜の街』『オープン』",
        "a neon poster for the club night: 'NIGHT OWL' 'Fri 10pm'",
    ),
    "cute": ("ゆるいポスター『にこにこ広場』『毎週土曜日』", "a kawaii poster saying 'Hello Friends' 'Sat 11am'"),
    "hand": ("手書き風のポスター『今日のおすすめ』『手作りパン』", "A hand-drawn poster: 'Bake Sale' 'Friday'"),
    "corporate": (
        "コーポレートなポスター『事業説明会』『2026年4月』",
        "a professional poster: 'Quarterly Review' 'April 2026'",
    ),
}


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], egaku.Generation]:
    """Every style from its Japanese and its English request, with OCR."""
    return {(name, lang): egaku.generate(p, ocr=True) for name, ps in REQUESTS.items() for lang, p in zip("je", ps)}


def test_at_least_eight_named_styles() -> None:
    assert len(STYLES) >= 8
    assert {"pop", "minimal", "wafu", "retro", "elegant", "neon", "cute", "corporate"} <= set(STYLES)
    assert set(REQUESTS) == set(STYLES)


@pytest.mark.parametrize("name", list(REQUESTS))
@pytest.mark.parametrize("lang", ["j", "e"])
def test_each_style_renders_verifies_and_reads_back(
    rendered: dict[tuple[str, str], egaku.Generation], name: str, lang: str
) -> None:
    gen = rendered[(name, lang)]
    assert gen.intent.style == name
    assert gen.report.ok, gen.report.failed()
    ocr = [c for c in gen.report.checks if c.name == "ocr"]
    assert len(ocr) == len(gen.intent.texts) >= 2 and all(c.ok for c in ocr)  # every text read back
    assert [t.text for t in gen.scene.text_layers()] == gen.intent.texts  # exact, in order
    assert any(f"style: {name}" in line for line in gen.trace)
    # the style's face sets the title (or the Noto face of its role, when it lacks a kanji)
    style = STYLES[name]
    assert gen.scene.layer("title").font == style.title_font
    # a vendored face in a scene is credited with its licence
    for key in {t.font for t in gen.scene.text_layers()} & set(VENDORED):
        assert any(a.name == VENDORED[key][0] and "OFL" in a.license for a in gen.scene.assets)


def _features(gen: egaku.Generation) -> tuple[np.ndarray, str, str, str, int]:
    img = np.asarray(gen.image.convert("RGB").resize((64, 90))).astype(float)
    title = gen.scene.layer("title")
    third = int(3 * title.box.cy / gen.scene.canvas.height)  # which third of the page holds the title
    return img.reshape(-1, 3).mean(axis=0), title.font, title.align, str(title.vertical), third


def test_styles_differ_measurably(rendered: dict[tuple[str, str], egaku.Generation]) -> None:
    """Every two styles differ in the face, the alignment, the writing or where the title sits,
    or clearly in colour."""
    names = list(REQUESTS)
    for lang in "je":
        feats = {n: _features(rendered[(n, lang)]) for n in names}
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                (ca, *ta), (cb, *tb) = feats[a], feats[b]
                colour = float(np.linalg.norm(ca - cb))
                assert ta != tb or colour > 25, (a, b, ta, colour)
    # the grounds are distinct: neon is dark, minimal and corporate are white, 和風 is paper
    ground = {n: rendered[(n, "e")].scene.palette["background"] for n in names}
    assert lch(ground["neon"])[0] < 0.25
    assert lch(ground["minimal"])[0] > 0.95 and lch(ground["corporate"])[0] > 0.95
    assert 0.85 < lch(ground["wafu"])[0] < 0.97
    # alignment habits: minimal and corporate set their texts flush left, the others centred
    for n in names:
        aligns = {t.align for t in rendered[(n, "e")].scene.text_layers()}
        assert aligns == ({"start"} if STYLES[n].align == "start" else {"center"}), n


def test_wafu_sets_japanese_in_columns(rendered: dict[tuple[str, str], egaku.Generation]) -> None:
    ja = rendered[("wafu", "j")].scene
    assert all(t.vertical for t in ja.text_layers())
    assert ja.layer("title").box.x > ja.layer(ja.text_layers()[1].id).box.x  # right to left
    assert not any(t.vertical for t in rendered[("wafu", "e")].scene.text_layers())


def test_style_and_theme_combine() -> None:
    """A 和風 summer festival differs from a pop summer festival; pop keeps the theme's hues."""
    wafu = egaku.generate("和風の夏祭りのポスター『夏祭り』『8月15日』", ocr=False)
    pop = egaku.generate("ポップな夏祭りのポスター『夏祭り』『8月15日』", ocr=False)
    plain = egaku.generate("夏祭りのポスター『夏祭り』『8月15日』", ocr=False)
    assert wafu.intent.theme == pop.intent.theme == plain.intent.theme == "summer"
    assert (wafu.intent.style, pop.intent.style, plain.intent.style) == ("wafu", "pop", "")
    a = np.asarray(wafu.image.convert("RGB")).astype(float)
    b = np.asarray(pop.image.convert("RGB")).astype(float)
    assert np.abs(a - b).mean() > 20
    assert wafu.scene.layer("title").font == "mincho" and pop.scene.layer("title").font == "heavy"
    # a pop festival and a pop summer poster differ in colour: the style reads the theme's hues
    fest = egaku.generate("ポップな文化祭のポスター『夏祭り』『8月15日』", ocr=False)
    h_fest, h_summer = lch(fest.scene.palette["background"])[2], lch(pop.scene.palette["background"])[2]
    assert abs(h_fest - h_summer) > 15


def test_without_a_style_word_the_design_is_unchanged() -> None:
    """No style word: no style, and none of the style's layers; an unknown style word does nothing."""
    for prompt in ("文化祭のポスターを作って『第50回 輝け青春』", "a poster in a groovy-ish mood saying 'HELLO'"):
        gen = egaku.generate(prompt, ocr=False)
        assert gen.intent.style == ""
        assert not any("style:" in line for line in gen.trace)
        assert {t.font for t in gen.scene.text_layers()} <= {"display", "text", "serif"}
    # a style word inside the quoted text is text, not a style
    gen = egaku.generate("a poster saying 'NEON NIGHTS'", ocr=False)
    assert gen.intent.style == "" and gen.intent.texts == ["NEON NIGHTS"]


def test_style_words_are_not_drawn_as_subjects() -> None:
    intent = understand("ネオン風のポスター『OPEN』")
    assert intent.style == "neon"
    assert intent.plan is None or not any("neon" in s.what or "ネオン" in s.what for s in intent.plan.subjects)
    style, word, _ = find_style("昭和レトロなカフェ")
    assert style is not None and style.name == "retro" and word == "昭和レトロ"  # the longest word
    style, _, _ = find_style("a rock poster with a pop of colour")
    assert style is not None and style.name == "pop"
    assert find_style("a poster about popcorn")[0] is None  # Latin words match whole
    # words that name a subject, not a look, choose no style
    for prompt in ("a beach clean-up poster", "サイバーセキュリティ講習のポスター", "平和の祈りのポスター"):
        assert find_style(prompt)[0] is None, prompt


@pytest.mark.parametrize(
    "prompt, key",
    [
        ("レトロなポスター『純喫茶』", "retro"),
        ("ポップなポスター『元気100倍』", "heavy"),
        ("かわいいポスター『にこにこ』", "rounded"),
        ("an elegant poster 'Gala Evening'", "mincho"),
        ("手書き風のポスター『今日のおすすめ』", "hand"),
    ],
)
def test_exported_svg_names_the_style_face(prompt: str, key: str) -> None:
    """The export's live <text> names the face's family, and resvg given egaku's font
    files draws the title with it (with no fonts, nothing is drawn there)."""
    import io

    import resvg_py
    from PIL import Image

    gen = egaku.generate(prompt, ocr=False)
    family, weight = FACE_FAMILY[key]
    assert gen.scene.layer("title").font == key
    assert f'font-family="{family}" font-weight="{weight}"' in gen.svg
    t = gen.scene.layer("title").box
    region = (int(t.x), int(t.y), int(t.right), int(t.bottom))

    def title_pixels(svg: str) -> np.ndarray:
        png = bytes(resvg_py.svg_to_bytes(svg_string=svg, font_files=font_files(), skip_system_fonts=True))
        return np.asarray(Image.open(io.BytesIO(png)).convert("L").crop(region)).astype(float)

    drawn = np.asarray(gen.image.convert("L").crop(region)).astype(float)
    with_fonts = title_pixels(gen.svg)
    without = title_pixels(gen.svg.replace(f'font-family="{family}"', 'font-family="No Such Face"'))
    # the live text draws about as much ink as the outlines (palt moves kana about, so
    # the pixels differ); a family resvg cannot find draws none
    ink = (drawn < 100).sum()
    assert ink > 1000
    assert abs(int((with_fonts < 100).sum()) - int(ink)) < 0.2 * ink
    assert (without < 100).sum() < 0.02 * ink


def test_oklch_round_trip() -> None:
    for c in ("#C53D1E", "#1F4E79", "#FAFAF7", "#0B3954"):
        L, C, h = lch(c)
        back = from_lch(L, C, h)
        assert max(abs(int(c[i : i + 2], 16) - int(back[i : i + 2], 16)) for i in (1, 3, 5)) <= 1


# --------------------------------------------------------------------------- fonts
@pytest.mark.parametrize("key", list(VENDORED))
def test_vendored_face_loads_covers_kana_and_sets_columns(key: str) -> None:
    f = face(key)
    kana = "".join(chr(c) for c in range(0x3042, 0x3094)) + "アイウエオカキクケコンヴー"
    assert all(f.covers(ch) for ch in kana + "日本語の文字ABCabc0123")
    # JIS level-1 kanji are all there (the subset keeps them)
    level1 = [chr(c) for c in range(0x4E00, 0xA000) if _level1(chr(c))]
    assert len(level1) == 2965 and sum(f.covers(ch) for ch in level1) >= 2955
    from fontTools.ttLib import TTFont

    with TTFont(str(f.path), lazy=True) as tt:
        tags = {r.FeatureTag for r in tt["GSUB"].table.FeatureList.FeatureRecord}
    assert {"vert", "vrt2"} <= tags
    # HarfBuzz turns 「 for a column with the face's vert feature
    from egaku.typography.shaping import shape

    h, v = shape("「", key, 100.0), shape("「", key, 100.0, vertical=True)
    assert h.glyphs[0].gid != v.glyphs[0].gid
    lic = fonts_dir() / "licenses" / VENDORED[key][1]
    assert lic.is_file() and "SIL Open Font License" in lic.read_text(encoding="utf-8")
    assert str(f.path) in font_files()
    assert FACE_FILES[key].endswith(".ttf") and f.path.stat().st_size < 5_000_000


def _level1(ch: str) -> bool:
    try:
        code = ch.encode("cp932")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0x889F <= int.from_bytes(code, "big") <= 0x9872


def test_vendored_faces_ship_in_the_wheel() -> None:
    data = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["egaku"]
    assert "fonts/*.ttf" in patterns and "fonts/licenses/*" in patterns
    total = sum((fonts_dir() / FACE_FILES[k]).stat().st_size for k in VENDORED)
    assert total < 15_000_000


def test_a_kanji_outside_a_face_falls_back_to_noto() -> None:
    """The vendored faces hold JIS level-1 kanji; a level-2 kanji sets the text in Noto."""
    rare = "鬱"  # JIS level 2
    assert not face("heavy").covers(rare)
    gen = egaku.generate(f"ポップなポスター『{rare}を吹き飛ばせ』", ocr=False)
    assert gen.scene.layer("title").font == "display"
    assert gen.report.ok, gen.report.failed()


def test_other_composers_get_the_style_faces() -> None:
    """An infographic or a menu is composed by its own layout; a style word still sets its type."""
    gen = egaku.generate("かわいいインフォグラフィック『手を洗う』『うがいをする』『よく寝る』", ocr=True)
    assert gen.intent.mode == "infographic" and gen.intent.style == "cute"
    assert {t.font for t in gen.scene.text_layers()} == {"rounded"}
    assert gen.report.ok, gen.report.failed()
    plain = egaku.generate("インフォグラフィック『手を洗う』『うがいをする』『よく寝る』", ocr=False)
    assert {t.font for t in plain.scene.text_layers()} <= {"display", "text", "serif"}
    for t, p in zip(gen.scene.text_layers(), plain.scene.text_layers()):
        assert t.size <= p.size + 0.01  # a wider face is set smaller, never larger, inside the same box
    # the infographic takes the style's colours too: a neon one is dark, the plain one light
    neon = egaku.generate("ネオンのインフォグラフィック『手を洗う』『うがいをする』『よく寝る』", ocr=True)
    assert neon.report.ok, neon.report.failed()
    assert lch(neon.scene.palette["background"])[0] < 0.25 < lch(plain.scene.palette["background"])[0]


@pytest.mark.parametrize(
    "prompt",
    [
        "和風のポスター『一』『二』『三』『四』『五』",  # five columns: the title steps down until they fit
        "和風のポスター『春はあけぼの。やうやう白くなりゆく山ぎは、すこしあかりて、紫だちたる雲のほそくたなびきたる。』",
        "a neon poster 'A' 'B' 'C' 'D' 'E' 'F'",
        "an elegant poster 'THE GRAND BUDAPEST HOTEL OF THE WORLD AND ITS MANY GUESTS OVER THE YEARS'",
    ],
)
def test_many_or_long_texts_still_fit(prompt: str) -> None:
    gen = egaku.generate(prompt, ocr=False)
    assert gen.intent.style
    assert [t.text for t in gen.scene.text_layers()] == gen.intent.texts
    assert gen.report.ok, gen.report.failed()
    sizes = [t.size for t in gen.scene.text_layers()]
    assert sizes[0] == max(sizes)  # the title still leads
