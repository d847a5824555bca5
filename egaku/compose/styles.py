"""Design styles: named, recognisable ways of setting a design, combined with its theme.

A *theme* (festival, summer, …) says what the design is about and gives its hues; a
*style* (pop, 和風, neon, …) says how it is set: the ground and the palette rules that
turn the theme's hues into colours, the type pairing (title face, text face, tracking),
the layout habits (alignment, where the title sits, frames, bands and rules) and the
decoration (which motifs, which effects, or none). So a 和風 summer festival (washi
paper, 藍 and 朱, a vertical mincho title in a double frame, seigaiha) differs from a pop
summer festival (flat bright ground, a heavy face, big circles, confetti).

The words that choose a style (ポップ, 和風, "neon", "corporate" …) are read by the
rules into ``Intent.style``; :func:`styled_scene` composes the design path for it. A
request without a style word never comes here, so it keeps the default look.

Colours are derived in OKLCH (OKLab in polar form) from the theme's two characteristic
hues (its ground's and its accent's), so lightness steps look even and text contrast
is designed in, then checked by ``verify``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..oklab import linear_from_oklab, oklab, to_srgb
from ..scene import (
    Asset,
    BackgroundLayer,
    Box,
    EffectLayer,
    IconLayer,
    Layer,
    LinearGradient,
    RadialGradient,
    Scene,
    ShapeLayer,
    Solid,
    Stop,
    TextLayer,
)
from ..typography.fonts import FALLBACK, VENDORED, face
from ..understand.intent import Intent, Trace
from .base import contrast, is_caps, make_scene, mix, safe_area
from .style_words import WORDS, find_style_word
from .themes import THEMES, Theme

__all__ = [
    "STYLES",
    "Palette",
    "Style",
    "find_style",
    "palette",
    "readable",
    "restyle_text",
    "style_names",
    "styled_scene",
    "styled_theme",
]


@dataclass(frozen=True)
class Style:
    """A named design style: type, layout habits and decoration, and its words."""

    name: str
    label: str  # its Japanese name
    words: tuple[str, ...]  # lower case; Latin words match whole
    title_font: str
    text_font: str
    align: str  # "center" | "start"
    title_at: str  # "optical" (45 % down) | "upper" | "lower"
    tracking: float  # extra title tracking, em (caps get more)
    vertical_ja: bool  # Japanese text is set in columns on an upright canvas
    effects: tuple[str, ...]  # the theme effects the style keeps (others are dropped)
    title_weight: float  # title size relative to the default (1 = the template's)
    mood: str
    picture: str = "flat"  # how a hero picture is drawn: flat, outline (line art) or hand


STYLES: dict[str, Style] = {
    s.name: s
    for s in [
        Style(
            "pop",
            "ポップ",
            WORDS["pop"],
            "heavy",
            "display",
            "center",
            "optical",
            0.0,
            False,
            ("confetti", "dots", "sparkles"),
            1.35,
            "saturated theme hues on a flat bright ground, a heavy face, big flat circles",
        ),
        Style(
            "minimal",
            "シンプル",
            WORDS["minimal"],
            "display",
            "text",
            "start",
            "lower",
            0.0,
            False,
            (),
            0.62,
            "white ground, one accent, much space, small left-aligned type, no effects",
            picture="outline",
        ),
        Style(
            "wafu",
            "和風",
            WORDS["wafu"],
            "mincho",
            "serif",
            "center",
            "optical",
            0.06,
            True,
            ("petals", "snow", "leaves"),
            1.0,
            "washi paper, traditional 藍 and 朱, vertical mincho in a double frame, seigaiha",
            picture="outline",
        ),
        Style(
            "retro",
            "レトロ",
            WORDS["retro"],
            "retro",
            "display",
            "center",
            "optical",
            0.02,
            False,
            (),
            1.0,
            "muted cream, teal and orange, a sunburst and stripes, a heavy rounded face",
        ),
        Style(
            "elegant",
            "エレガント",
            WORDS["elegant"],
            "mincho",
            "serif",
            "center",
            "optical",
            0.12,
            False,
            (),
            0.8,
            "a deep or cream ground, gold rules and a fine frame, a widely tracked serif",
            picture="outline",
        ),
        Style(
            "neon",
            "ネオン",
            WORDS["neon"],
            "heavy",
            "display",
            "center",
            "optical",
            0.03,
            False,
            (),
            0.95,
            "a near-black ground, glowing tubes of the theme's hues, a neon frame",
        ),
        Style(
            "cute",
            "かわいい",
            WORDS["cute"],
            "rounded",
            "rounded",
            "center",
            "optical",
            0.02,
            False,
            ("confetti", "petals", "sparkles", "snow", "dots"),
            0.95,
            "pastels of the theme's hues, a rounded face on a soft panel, polka dots",
            picture="hand",
        ),
        Style(
            "hand",
            "手書き風",
            WORDS["hand"],
            "hand",
            "hand",
            "center",
            "optical",
            0.0,
            False,
            ("leaves", "petals", "snow"),
            0.95,
            "warm paper, a handwritten face, a marker stroke under the title, masking tape",
            picture="hand",
        ),
        Style(
            "corporate",
            "ビジネス",
            WORDS["corporate"],
            "display",
            "text",
            "start",
            "upper",
            0.0,
            False,
            (),
            1.0,
            "white ground, navy ink, a sans on a left-aligned grid, a colour band",
        ),
    ]
}


def style_names() -> list[str]:
    return list(STYLES)


def find_style(text: str) -> tuple[Style | None, str | None, int]:
    """The style whose word appears earliest in ``text`` (the longest word at a place
    wins: 昭和レトロ over レトロ), the word, and where it is (-1 if none)."""
    found = find_style_word(text)
    if found is None:
        return None, None, -1
    name, word, at = found
    return STYLES[name], word, at


# --------------------------------------------------------------------------- colour
def lch(hex_color: str) -> tuple[float, float, float]:
    """#rrggbb → OKLCH (L 0..1, chroma, hue in degrees)."""
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    L, a, bb = oklab(r, g, b)
    return L, math.hypot(a, bb), math.degrees(math.atan2(bb, a)) % 360


def from_lch(L: float, C: float, h: float) -> str:
    """OKLCH → #rrggbb, the chroma reduced until the colour is inside sRGB."""
    for _ in range(40):
        a, b = C * math.cos(math.radians(h)), C * math.sin(math.radians(h))
        rgb = linear_from_oklab(L, a, b)
        if all(-1e-4 <= v <= 1.0001 for v in rgb):
            break
        C *= 0.9
    return "#" + "".join(f"{round(255 * min(1.0, max(0.0, to_srgb(min(1.0, max(0.0, v)))))):02X}" for v in rgb)


def _hues(theme: Theme) -> tuple[float, float]:
    """The theme's two characteristic hues: its ground's (or, for a grey ground, its
    first decoration colour's) and its accent's."""
    ground = max(theme.bg, key=lambda c: lch(c)[1])
    if lch(ground)[1] < 0.03:
        ground = max(theme.deco, key=lambda c: lch(c)[1]) if theme.deco else theme.accent
    return lch(ground)[2], lch(theme.accent)[2]


def readable(ink: str, ground: str, need: float = 5.0) -> str:
    """``ink``, darkened (or lightened, on a dark ground) in OKLCH until it reads on
    ``ground`` at ``need``:1."""
    L, C, h = lch(ink)
    dark_ground = lch(ground)[0] < 0.6
    for _ in range(30):
        if contrast(ink, ground) >= need:
            return ink
        L = min(0.99, L + 0.03) if dark_ground else max(0.05, L - 0.03)
        ink = from_lch(L, C, h)
    return ink


# 和色 (traditional Japanese colours) a 和風 design draws its accent from: the one
# nearest the theme's hue
WAIRO = {
    "朱": "#C53D1E",
    "紅": "#A22041",
    "山吹": "#D38D0C",
    "萌黄": "#5E7E2A",
    "青緑": "#00756A",
    "藍": "#1F4E79",
    "群青": "#3A4C9A",
    "江戸紫": "#6A3E84",
    "桜鼠": "#B0707E",
}
SUMI = "#1E1B18"
WASHI = ("#F6F0E3", "#EFE5D0")


@dataclass(frozen=True)
class Palette:
    bg: tuple[str, ...]  # the ground, top to bottom
    ink: str  # the title
    sub_ink: str  # the other texts
    accent: str  # the thing the eye hits after the title
    second: str  # a second colour for shapes
    deco: tuple[str, ...]  # effect colours
    dark: bool


def palette(style: Style, theme: Theme) -> Palette:
    """The style's palette for the theme: the theme's hues under the style's rules."""
    h1, h2 = _hues(theme)
    name = style.name
    if name == "pop":
        bg = from_lch(0.85, 0.2, h2)
        second = from_lch(0.7, 0.19, h1)
        ink = readable(from_lch(0.26, 0.09, h1), second, 4.6)
        accent = from_lch(0.62, 0.22, (h1 + 150) % 360)
        deco = (second, accent, from_lch(0.78, 0.16, (h2 + 200) % 360), "#FFFFFF")
        return Palette((bg, bg), ink, readable(from_lch(0.3, 0.08, h1), bg), accent, second, deco, False)
    if name == "minimal":
        accent = readable(from_lch(0.58, 0.17, h2), "#FAFAF7", 3.2)
        return Palette(("#FAFAF7", "#FAFAF7"), "#161616", "#4A4A4A", accent, "#E6E4DF", (accent,), False)
    if name == "wafu":
        accent = min(WAIRO.values(), key=lambda c: _hue_gap(lch(c)[2], h1))
        second = min(WAIRO.values(), key=lambda c: _hue_gap(lch(c)[2], h2))
        if second == accent:
            second = WAIRO["藍"] if accent != WAIRO["藍"] else WAIRO["朱"]
        return Palette(WASHI, SUMI, "#3B352E", accent, second, (accent, second, "#FFFFFF"), False)
    if name == "retro":
        cream = ("#F4E7CB", "#EEDDB8")
        orange = from_lch(0.66, 0.15, 45 if _hue_gap(h1, 45) < 70 else h1)
        teal = from_lch(0.55, 0.08, 195 if _hue_gap(h2, 195) < 90 else h2)
        ink = readable(from_lch(0.3, 0.06, 45), cream[1], 7.0)
        mustard = "#D9A33A"
        return Palette(cream, ink, "#4A3526", orange, teal, (orange, mustard, teal), False)
    if name == "elegant":
        if lch(theme.bg[len(theme.bg) // 2])[0] < 0.5:  # a dark theme: a deep ground with gold
            deep = (from_lch(0.24, 0.05, h1), from_lch(0.17, 0.04, h1))
            gold = "#D4B36A"
            return Palette(deep, "#F6EBD0", "#E2D3AE", gold, gold, (gold,), True)
        cream = ("#FBF7EF", "#F3ECDD")
        gold = "#A8823A"
        ink = readable(from_lch(0.28, 0.05, h1), cream[1], 9.0)
        return Palette(cream, ink, readable(from_lch(0.4, 0.04, h1), cream[1], 6.0), gold, gold, (gold,), False)
    if name == "neon":
        night = (from_lch(0.16, 0.03, h1), from_lch(0.1, 0.02, h1))
        tube = from_lch(0.68, 0.25, h1 if _hue_gap(h1, 60) > 30 else 340)  # (no brown neon)
        tube2 = from_lch(0.82, 0.17, (h2 if _hue_gap(h2, h1) > 60 else h1 + 160) % 360)
        core = from_lch(0.97, 0.04, lch(tube)[2])
        return Palette(night, core, tube2, tube, tube2, (tube, tube2, core), True)
    if name == "cute":
        ground = (from_lch(0.97, 0.025, h1), from_lch(0.93, 0.05, h2))
        ink = readable(from_lch(0.45, 0.13, h1), "#FFFFFF", 5.0)
        pink = from_lch(0.8, 0.1, 355)
        return Palette(
            ground,
            ink,
            readable(from_lch(0.45, 0.08, h2), ground[1], 5.0),
            from_lch(0.72, 0.14, h2),
            pink,
            (pink, from_lch(0.85, 0.09, h2), from_lch(0.85, 0.08, h1), "#FFFFFF"),
            False,
        )
    if name == "hand":
        paper = ("#FBF6EA", "#F5EDDA")
        marker = from_lch(0.86, 0.12, h2)
        ink = "#2F2A26"
        return Palette(paper, ink, "#4D4640", from_lch(0.6, 0.14, h1), marker, (marker, from_lch(0.75, 0.1, h1)), False)
    # corporate
    navy = from_lch(0.3, 0.09, 255 if _hue_gap(h1, 255) > 80 else h1)
    band = from_lch(0.5, 0.14, h1)
    accent = from_lch(0.65, 0.16, h2)
    return Palette(("#FFFFFF", "#FFFFFF"), navy, "#3C4350", accent, band, (band,), False)


def _hue_gap(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


# --------------------------------------------------------------------------- type
def face_for(text: str, key: str, trace: Trace | None = None) -> str:
    """``key`` if its face draws every character of ``text``, else the Noto face of the
    same role (a vendored face holds JIS level-1 kanji only)."""
    f = face(key)
    missing = [ch for ch in text if not ch.isspace() and not f.covers(ch)]
    if not missing or key not in FALLBACK:
        return key
    if trace is not None:
        trace.add(
            "compose",
            f"{text[:16]!r} set in {FALLBACK[key]} instead of {key}",
            f"{VENDORED[key][0]} has no {''.join(dict.fromkeys(missing))[:8]!r}",
        )
    return FALLBACK[key]


def _is_ja(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


# --------------------------------------------------------------------------- compose
@dataclass
class _Ctx:
    intent: Intent
    style: Style
    theme: Theme
    pal: Palette
    W: int
    H: int
    short: float
    safe: Box
    vertical: bool
    texts: list[TextLayer]
    trace: Trace

    @property
    def block(self) -> Box:
        """The box around all the texts."""
        if not self.texts:
            return Box(x=self.W * 0.3, y=self.H * 0.4, w=self.W * 0.4, h=self.H * 0.15)
        x0 = min(t.box.x for t in self.texts)
        y0 = min(t.box.y for t in self.texts)
        x1 = max(t.box.right for t in self.texts)
        y1 = max(t.box.bottom for t in self.texts)
        return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)

    def clear(self, box: Box, margin: float = 0.03) -> bool:
        """Whether ``box`` keeps clear of every text by ``margin`` of the short side."""
        return not any(box.intersects(t.box.inset(-margin * self.short)) for t in self.texts)


def styled_scene(intent: Intent, trace: Trace) -> Scene:
    """The design of ``intent`` in its style (``intent.style``, a key of :data:`STYLES`)."""
    # 1. Check inputs.
    if intent.style not in STYLES:
        raise ValueError(f"unknown style {intent.style!r}; use one of {', '.join(STYLES)}")
    style = STYLES[intent.style]
    theme = THEMES[intent.theme]
    pal = palette(style, theme)
    W, H = intent.width, intent.height
    short = float(min(W, H))
    trace.add("compose", f"style: {style.name} ({style.label})", style.mood)
    trace.add(
        "compose",
        f"{style.name} × {theme.name}: ground {' → '.join(dict.fromkeys(pal.bg))}, ink {pal.ink}, accent {pal.accent}",
        "the theme's hues under the style's colour rules (OKLCH)",
    )

    # 2. Writing direction: a 和風 design sets Japanese in columns on an upright canvas.
    vertical = intent.vertical
    if (
        style.vertical_ja
        and not vertical
        and intent.texts
        and all(_is_ja(t) for t in intent.texts)
        and H >= 0.9 * W
        and not intent.position_said
    ):
        vertical = True
        trace.add("compose", "vertical writing (縦書き)", f"{style.label} sets Japanese in columns")

    # 3. Text, then the hero picture's region, then the decoration under both.
    safe = safe_area(intent)
    hero = intent.plan if intent.plan is not None and any(s.asset for s in intent.plan.subjects) else None
    text_safe = safe
    if hero is not None and not vertical:
        if W > 1.15 * H:
            text_safe = Box(x=safe.x, y=safe.y, w=0.56 * safe.w, h=safe.h)
        elif style.title_at == "lower":  # the picture above, the words at the foot (minimal)
            text_safe = Box(x=safe.x, y=safe.y + 0.5 * safe.h, w=safe.w, h=0.5 * safe.h)
        else:
            text_safe = Box(x=safe.x, y=safe.y, w=safe.w, h=0.5 * safe.h)
    elif hero is not None:
        hero = None
    ctx = _Ctx(intent, style, theme, pal, W, H, short, safe, vertical, [], trace)
    ctx.texts = _set_texts(ctx, text_safe, hero is not None)

    layers: list[Layer] = [_ground(ctx)]
    layers += DECORATION[style.name](ctx)
    effect = _effect(ctx)
    if effect is not None:
        layers.append(effect)
    hero_assets: list[Asset] = []
    if hero is not None:
        hero_layers, hero_assets = _hero(ctx, hero)
        layers += hero_layers
    layers += ctx.texts
    for i, layer in enumerate(layers):
        layer.z = 10 * i
    scene = make_scene(intent, theme, layers)
    scene.palette = {"background": pal.bg[0], "ink": pal.ink, "accent": pal.accent, "secondary": pal.sub_ink}
    scene.assets += hero_assets
    _credit_faces(scene)
    return scene


def styled_theme(intent: Intent) -> Theme:
    """The theme of ``intent`` with its colours set by the intent's style (its ground, inks,
    accent and decoration colours), for composers that read a Theme (the infographic);
    the theme's name, icons and mood stay."""
    theme = THEMES[intent.theme]
    style = STYLES.get(intent.style)
    if style is None:
        return theme
    pal = palette(style, theme)
    bg = pal.bg if len(pal.bg) >= 2 else (pal.bg[0], pal.bg[0])
    return Theme(
        name=theme.name,
        words=theme.words,
        bg=bg,
        ink=pal.ink,
        sub_ink=pal.sub_ink,
        accent=pal.accent,
        deco=pal.deco,
        effect=theme.effect if theme.effect in style.effects else None,
        icons=theme.icons,
        motif="none",
        font=style.title_font,
        mood=f"{theme.mood}, set {style.name}",
    )


def _credit_faces(scene: Scene) -> None:
    """An asset credit, with its licence, for each vendored face the scene's texts use."""
    have = {a.name for a in scene.assets}
    for key in sorted({t.font for t in scene.text_layers() if t.font in VENDORED}):
        family, lic, version = VENDORED[key]
        if family in have:
            continue
        scene.assets.append(
            Asset(
                name=family,
                version=version,
                license="SIL OFL 1.1",
                attribution=f"Font: {family}, SIL Open Font License 1.1 (egaku/fonts/licenses/{lic})",
            )
        )


def restyle_text(scene: Scene, intent: Intent, trace: Trace) -> None:
    """The style's type on a scene another composer made (an infographic, a picture with
    words, a menu, a structured format): the title in the style's title face, the other
    texts in its text face, each at the size that keeps its lines inside its box (a wider
    face is set smaller). A text keeps its face when the style's face lacks one of its
    characters or would have to be set below the format's smallest size. A styled design
    (:func:`styled_scene`) already has its faces: nothing changes."""
    from ..typography import measure
    from ..verify import min_text_px

    style = STYLES.get(intent.style)
    if style is None:
        return
    least = min_text_px(scene.kind, scene.canvas.width, scene.canvas.height)[0]
    changed: list[str] = []
    for t in scene.text_layers():
        want = style.title_font if t.role == "title" else style.text_font
        if t.font == want or t.ruby:
            continue
        key = face_for(t.text, want)
        if key != want:
            continue
        avail = t.box.h if t.vertical else t.box.w
        widest = max(measure(line, key, t.size, t.vertical, t.tracking) for line in t.lines if line.strip())
        was = max(measure(line, t.font, t.size, t.vertical, t.tracking) for line in t.lines if line.strip())
        size = t.size * min(1.0, max(avail, was) / widest) if widest > 0 else t.size
        if size < max(least, 0.75 * t.size):
            continue
        t.font, t.size = key, round(size, 1)  # type: ignore[assignment]
        changed.append(t.id)
    if changed:
        trace.add(
            "compose",
            f"{style.label} type: {', '.join(changed)} in {style.title_font}/{style.text_font}",
            "the style's faces, each line kept inside its box",
        )
        _credit_faces(scene)


def _ground(ctx: _Ctx) -> BackgroundLayer:
    bg = ctx.pal.bg
    fill: Any
    if len(set(bg)) == 1:
        fill = Solid(color=bg[0])
    else:
        fill = LinearGradient(angle=90, stops=[Stop(offset=i / (len(bg) - 1), color=c) for i, c in enumerate(bg)])
    return BackgroundLayer(
        id="background", name="background", role="background", box=Box(x=0, y=0, w=ctx.W, h=ctx.H), fill=fill
    )


def _effect(ctx: _Ctx) -> EffectLayer | None:
    effect = ctx.theme.effect
    if effect is None or effect not in ctx.style.effects:
        if effect is not None:
            ctx.trace.add("compose", f"no {effect}", f"{ctx.style.label} keeps its decoration to its own motifs")
        return None
    return EffectLayer(
        id="effect",
        name=effect,
        role="decoration",
        box=Box(x=0, y=0, w=ctx.W, h=ctx.H),
        effect=effect,
        colors=list(ctx.pal.deco),
        seed=ctx.intent.seed,
        density=0.6,
        avoid=[t.box.inset(-0.05 * ctx.short) for t in ctx.texts],
    )


def _hero(ctx: _Ctx, hero: Any) -> tuple[list[Layer], list[Asset]]:
    from .picture import arrange, asset_credits, object_layers

    W, H, safe = ctx.W, ctx.H, ctx.safe
    gap = 0.05 * ctx.short
    block = ctx.block
    if W > 1.15 * H:
        region = Box(x=block.right + gap, y=safe.y, w=max(0.0, safe.right - block.right - gap), h=safe.h)
    elif block.cy > safe.cy:  # the words at the foot: the picture above them
        region = Box(x=safe.x, y=safe.y, w=safe.w, h=max(0.0, block.y - 2.5 * gap - safe.y))  # (the accent bar)
    else:
        region = Box(x=safe.x, y=block.bottom + gap, w=safe.w, h=max(0.0, safe.bottom - block.bottom - gap))
    if region.w < 0.2 * W or region.h < 0.2 * H:
        ctx.trace.add("compose", "no room for a picture", "the text fills the canvas; the subjects are left out")
        return [], []
    pic_style = ctx.style.picture
    stand = (region.y + region.h * 0.74, region.bottom - region.h * 0.04)
    placed = arrange(hero, region, stand, style=pic_style, trace=ctx.trace, max_height=region.h * 0.7)
    if not placed:
        return [], []
    ctx.trace.add("compose", f"hero picture: {hero.summary()}", f"{ctx.style.label}: drawn {pic_style}")
    return object_layers(placed, pic_style, z0=0), asset_credits(pic_style)


# --------------------------------------------------------------------------- text
TYPE_RATIO = 1.6  # title : subtitle : body, as the default templates set them
MORE_LINES = 40


def _fit_long(text: str, font: str, w: float, h: float, trace: Trace, *, max_lines: int, **kw: Any) -> Any:
    """``fit_text`` in at most ``max_lines`` lines; a text too long for them takes as many
    more lines as the box holds at the smallest size (traced), as the templates do."""
    from ..errors import LayoutError, brief
    from ..typography import fit_text

    try:
        return fit_text(text, font, w, h, max_lines=max_lines, **kw)
    except LayoutError:
        fit = fit_text(text, font, w, h, max_lines=MORE_LINES, **kw)  # still too long: LayoutError
        trace.add("compose", f"{brief(text, 24)} set in {len(fit.lines)} lines", "too long for its usual lines")
        return fit


def _set_texts(ctx: _Ctx, safe: Box, has_hero: bool) -> list[TextLayer]:
    if not ctx.intent.texts:
        return []
    if ctx.vertical:
        from ..errors import LayoutError

        try:
            return _set_columns(ctx, safe)
        except LayoutError:
            if ctx.intent.vertical:  # the request asked for columns: say why they cannot be
                raise
            ctx.vertical = False
            ctx.trace.add("compose", "horizontal lines after all", "the texts are too many for columns on this canvas")
    return _set_lines(ctx, safe, has_hero)


def _title_tracking(style: Style, text: str) -> float:
    if is_caps(text):
        return max(0.04, 1.5 * style.tracking) if style.tracking else 0.04
    return style.tracking if _is_ja(text) or style.name in ("elegant",) else min(style.tracking, 0.02)


def _set_lines(ctx: _Ctx, safe: Box, has_hero: bool) -> list[TextLayer]:
    from ..errors import LayoutError, brief

    intent, style, pal, trace = ctx.intent, ctx.style, ctx.pal, ctx.trace
    W, H, short = ctx.W, ctx.H, ctx.short
    start = style.align == "start" or intent.position in ("left", "right") and intent.position_said
    align = "start" if start else "center"
    inset = 0.0
    if style.name in ("wafu", "elegant", "neon"):
        inset = 0.04 * short  # inside the frame
    box_x = safe.x + inset
    box_w = safe.w - 2 * inset
    size_frac = {"large": 1.3, "medium": 1.0, "small": 0.6}[intent.size]
    max_size = 0.17 * short * size_frac * style.title_weight
    if intent.kind == "banner":
        max_size = 0.34 * short * size_frac
    if intent.kind == "youtube_thumbnail":
        max_size = max(max_size, 0.22 * short)
    title = intent.texts[0]
    title_font = face_for(title, style.title_font, trace)
    tracking = _title_tracking(style, title)
    line_height = 1.12 if intent.language == "en" or is_caps(title) else 1.22
    extras = intent.texts[1:]
    # (with a hero picture ``safe`` is already the text's half of the page)
    title_h = safe.h * ((0.62 if not extras else 0.5) if has_hero else (0.42 if not extras else 0.32))
    if intent.kind == "banner":
        title_h = safe.h * (0.7 if not extras else 0.5)
    from ..verify import min_text_px

    min_text = max(10.0, 0.02 * short, min_text_px(intent.kind, W, H)[0])
    # many or long texts: the title (and the type scale under it) steps down until all fit
    for k in (1.0, 0.8, 0.64, 0.5, 0.4):
        fit = _fit_long(
            title,
            title_font,
            box_w * (0.86 if align == "center" else 0.9),
            title_h * k,
            trace,
            max_size=max_size * k,
            min_size=max(12.0, 0.025 * short),
            line_height=line_height,
            tracking=tracking,
            max_lines=3,
        )
        # the other texts, on the type scale below the title
        fits: list[tuple[str, str, Any, str]] = []
        size_cap = max(fit.size / TYPE_RATIO**2, min_text) if style.name != "minimal" else max(fit.size / 2.2, min_text)
        for i, extra in enumerate(extras, start=2):
            role = intent.roles[i - 1] if len(intent.roles) >= i else ("subtitle" if i == 2 else "body")
            font = face_for(extra, style.text_font, trace)
            f2 = _fit_long(
                extra,
                font,
                box_w * 0.9,
                max(1.5 * min_text, 0.16 * H * k),
                trace,
                max_size=max(min_text, size_cap * (1.15 if role == "subtitle" else 1.0)),
                min_size=min_text,
                line_height=1.4,
                max_lines=4,
            )
            fits.append((extra, role, f2, font))
            size_cap = f2.size if role != "subtitle" else f2.size / 1.25
        gap_title = 0.5 * fit.size
        gaps = [0.9 * f.size for _, _, f, _ in fits]
        total = fit.height + (gap_title if fits else 0.0) + sum(f.height for _, _, f, _ in fits) + sum(gaps[:-1])
        if total <= safe.h:
            break
    if total > safe.h:
        raise LayoutError(
            f"the texts need {total:.0f} px but the canvas has {safe.h:.0f}; use fewer or shorter texts "
            f"({brief(intent.texts[-1], 24)})"
        )
    # where the block sits
    where = style.title_at
    if intent.position_said and intent.position in ("top", "bottom"):
        where = {"top": "upper", "bottom": "lower"}[intent.position]
    if has_hero and W <= 1.15 * H and where != "lower":
        where = "upper"
    if where == "upper":
        top = safe.y + (0.06 * H if style.name != "corporate" else 0.1 * H)
    elif where == "lower":
        top = safe.bottom - total - 0.04 * H
    else:
        top = 0.45 * H - total / 2
    top = min(max(top, safe.y), safe.bottom - total)
    out: list[TextLayer] = []

    def x_of(w: float) -> float:
        return box_x if align == "start" else safe.x + (safe.w - w) / 2

    title_layer = TextLayer(
        id="title",
        name="title",
        role="title",
        box=Box(x=x_of(fit.width), y=top, w=fit.width, h=fit.height),
        text=title,
        lines=fit.lines,
        font=title_font,
        size=fit.size,
        fill=pal.ink,
        align=align,
        line_height=line_height,
        tracking=tracking,
    )
    _dress_title(ctx, title_layer)
    out.append(title_layer)
    trace.add(
        "compose",
        f"title {title!r}: {fit.size:.0f} px {title_font}, {align}, in {len(fit.lines)} line(s) {fit.lines}",
        f"{style.label}: {style.title_at} title, tracking {tracking:.2f} em",
    )
    cursor = top + fit.height + gap_title
    used_ids: set[str] = {"title"}
    for (extra, role, f2, font), gap in zip(fits, gaps):
        lid = role if role in ("subtitle", "date", "place") and role not in used_ids else f"text-{len(out) + 1}"
        used_ids.add(lid)
        out.append(
            TextLayer(
                id=lid,
                name=role,
                role=role,
                box=Box(x=x_of(f2.width), y=cursor, w=f2.width, h=f2.height),
                text=extra,
                lines=f2.lines,
                font=font,
                size=f2.size,
                fill=pal.sub_ink,
                align=align,
                line_height=1.4,
                tracking=0.08 if style.name == "elegant" and not _is_ja(extra) else 0.0,
            )
        )
        trace.add("compose", f"{role} {extra!r}: {f2.size:.0f} px {font}", "on the type scale below the title")
        cursor += f2.height + gap
    return out


def _dress_title(ctx: _Ctx, t: TextLayer) -> None:
    """The style's lettering of the title: an outline, a shadow, a glow's tube."""
    name, pal = ctx.style.name, ctx.pal
    if name == "neon":
        t.outline = readable(pal.accent, t.fill, 4.8) if contrast(pal.accent, t.fill) < 4.8 else pal.accent
        t.outline_width = 0.035
    elif name == "pop":
        t.outline = "#FFFFFF"
        t.outline_width = 0.06
        t.shadow = pal.ink
        if contrast(t.fill, "#FFFFFF") < 4.5:
            t.fill = readable(t.fill, "#FFFFFF", 4.6)
    elif name == "retro":
        t.shadow = pal.accent
    if ctx.intent.kind == "youtube_thumbnail" and name not in ("neon",):
        t.outline = "#111111" if lch(t.fill)[0] > 0.6 else "#FFFFFF"
        t.outline_width = 0.08


def _set_columns(ctx: _Ctx, safe: Box) -> list[TextLayer]:
    """Columns right to left: the title's column(s) at the right, the others to their left,
    the group centred (a vertical page reads from the right)."""
    from ..errors import LayoutError, brief

    intent, style, pal, trace = ctx.intent, ctx.style, ctx.pal, ctx.trace
    W, H, short = ctx.W, ctx.H, ctx.short
    inset = 0.05 * short if style.name in ("wafu", "elegant", "neon") else 0.0
    col_h = (safe.h - 2 * inset) * {"large": 0.86, "medium": 0.76, "small": 0.5}[intent.size]
    title = intent.texts[0]
    title_font = face_for(title, style.title_font, trace)
    extras = intent.texts[1:]
    title_w = (safe.w - 2 * inset) * (0.62 if not extras else 0.42)
    from ..verify import min_text_px

    min_text = max(10.0, 0.02 * short, min_text_px(intent.kind, W, H)[0])
    for k in (1.0, 0.8, 0.64, 0.5):  # the title steps down until every column fits
        fit = _fit_long(
            title,
            title_font,
            title_w,
            col_h,
            trace,
            max_size=0.2 * W * style.title_weight * k,
            min_size=max(12.0, 0.025 * short),
            vertical=True,
            line_height=1.3,
            tracking=style.tracking,
            max_lines=3,
        )
        fits: list[tuple[str, str, Any, str]] = []
        size_cap = max(min_text, fit.size / TYPE_RATIO)
        for i, extra in enumerate(extras, start=2):
            role = intent.roles[i - 1] if len(intent.roles) >= i else ("subtitle" if i == 2 else "body")
            font = face_for(extra, style.text_font, trace)
            f2 = _fit_long(
                extra,
                font,
                max(2 * min_text, 0.18 * W),
                col_h * 0.92,
                trace,
                max_size=size_cap if role == "subtitle" else max(min_text, min(size_cap, fit.size / TYPE_RATIO**2)),
                min_size=min_text,
                vertical=True,
                line_height=1.45,
                max_lines=3,
            )
            fits.append((extra, role, f2, font))
            size_cap = max(min_text, f2.size / 1.15)
        gaps = [0.9 * fit.size] + [1.0 * f.size for _, _, f, _ in fits]
        total_w = fit.width + sum(f.width for _, _, f, _ in fits) + sum(gaps[: len(fits)])
        if total_w <= safe.w - 2 * inset:
            break
    if total_w > safe.w - 2 * inset:
        raise LayoutError(
            f"the columns need {total_w:.0f} px but the canvas has {safe.w:.0f}; use fewer or shorter texts "
            f"({brief(intent.texts[-1], 24)})"
        )
    right = W / 2 + total_w / 2
    # the group at the optical centre (45 % down), the other columns a little lower
    block_h = max([fit.height] + [0.12 * fit.height + f.height for _, _, f, _ in fits])
    top = min(max(safe.y + inset, 0.45 * H - block_h / 2), safe.bottom - inset - block_h)
    out = [
        TextLayer(
            id="title",
            name="title",
            role="title",
            box=Box(x=right - fit.width, y=top, w=fit.width, h=fit.height),
            text=title,
            lines=fit.lines,
            font=title_font,
            size=fit.size,
            fill=pal.ink,
            align="start",
            vertical=True,
            line_height=1.3,
            tracking=style.tracking,
        )
    ]
    _dress_title(ctx, out[0])
    trace.add(
        "compose",
        f"title {title!r}: {fit.size:.0f} px {title_font} in {len(fit.lines)} column(s) {fit.lines}",
        f"{style.label}: columns right to left, the group centred",
    )
    cursor = right - fit.width - gaps[0]
    used_ids = {"title"}
    for (extra, role, f2, font), gap in zip(fits, gaps[1:]):
        lid = role if role in ("subtitle", "date", "place") and role not in used_ids else f"text-{len(out) + 1}"
        used_ids.add(lid)
        # the other columns start lower than the title, as a signature does
        y = top + 0.12 * fit.height if f2.height < 0.8 * fit.height else top
        out.append(
            TextLayer(
                id=lid,
                name=role,
                role=role,
                box=Box(x=cursor - f2.width, y=y, w=f2.width, h=f2.height),
                text=extra,
                lines=f2.lines,
                font=font,
                size=f2.size,
                fill=pal.sub_ink,
                align="start",
                vertical=True,
                line_height=1.45,
            )
        )
        trace.add("compose", f"{role} {extra!r}: {f2.size:.0f} px {font}, a column left of the title")
        cursor -= f2.width + gap
    return out


# --------------------------------------------------------------------------- decoration
def _shape(lid: str, name: str, box: Box, shape: str, **kw: Any) -> ShapeLayer:
    return ShapeLayer(id=lid, name=name, role="decoration", box=box, shape=shape, **kw)


def _frame(
    ctx: _Ctx,
    color: str,
    inset: float,
    width: float,
    lid: str,
    opacity: float = 1.0,
    radius: float = 0.0,
    bottom: float = 0.0,
) -> ShapeLayer:
    """A rectangle ``inset`` px inside the canvas edges (its bottom edge at ``bottom`` if given)."""
    b = Box(x=inset, y=inset, w=ctx.W - 2 * inset, h=(bottom or ctx.H - inset) - inset)
    return _shape(lid, "frame", b, "rect", stroke=color, stroke_width=width, opacity=opacity, radius=radius)


def _deco_pop(ctx: _Ctx) -> list[Layer]:
    W, H, short, pal = ctx.W, ctx.H, ctx.short, ctx.pal
    title = ctx.block  # (the disc holds every text: none straddles its edge)
    out: list[Layer] = []
    # a big flat disc of the theme's hue behind the texts: the one bold shape
    d = max(1.12 * math.hypot(title.w, title.h), 0.62 * short)
    d = min(d, 1.1 * short)
    out.append(
        _shape(
            "disc",
            "big disc",
            Box(x=title.cx - d / 2, y=title.cy - d / 2, w=d, h=d),
            "ellipse",
            fill=Solid(color=pal.second),
        )
    )
    # corner shapes in the clashing accent, half off the canvas, where they keep clear of the text
    c = 0.42 * short
    corners = [
        ("corner-1", Box(x=-0.45 * c, y=-0.4 * c, w=c, h=c), pal.accent),
        ("corner-2", Box(x=W - 0.6 * c, y=H - 0.55 * c, w=c, h=c), pal.deco[2]),
        ("corner-3", Box(x=W - 0.55 * c, y=-0.5 * c, w=c, h=c), pal.deco[2]),
        ("corner-4", Box(x=-0.5 * c, y=H - 0.5 * c, w=c, h=c), pal.accent),
    ]
    for lid, box, color in corners:
        if ctx.clear(box, 0.02) and sum(x.id.startswith("corner") for x in out) < 2:
            out.append(_shape(lid, "corner circle", box, "ellipse", fill=Solid(color=color)))
    # a ring of dots around the disc's top right, where it keeps clear of the text
    for i in range(5):
        r = 0.022 * short * (1 + 0.25 * (i % 2))
        a = math.radians(-70 + 22 * i)
        cx, cy = title.cx + 0.58 * d * math.cos(a), title.cy + 0.58 * d * math.sin(a)
        b = Box(x=cx - r, y=cy - r, w=2 * r, h=2 * r)
        if 0 <= b.x and b.right <= W and 0 <= b.y and b.bottom <= H and ctx.clear(b):
            out.append(_shape(f"dot-{i + 1}", "dot", b, "ellipse", fill=Solid(color=pal.ink)))
    ctx.trace.add(
        "compose", "pop: a big flat disc behind the title, corner circles, dots", "bold shapes, chosen clashes"
    )
    return out


def _deco_minimal(ctx: _Ctx) -> list[Layer]:
    pal, short = ctx.pal, ctx.short
    out: list[Layer] = []
    if ctx.texts:
        t = ctx.texts[0]
        bar = Box(x=t.box.x, y=t.box.y - 0.09 * short, w=0.07 * short, h=max(3.0, 0.008 * short))
        if bar.y < ctx.safe.y - 1:  # the title is at the top: the bar goes under the texts
            bar = Box(x=t.box.x, y=ctx.block.bottom + 0.06 * short, w=bar.w, h=bar.h)
        if bar.bottom < ctx.safe.bottom and ctx.clear(bar, 0.02):
            out.append(_shape("accent-bar", "accent bar", bar, "rect", fill=Solid(color=pal.accent)))
    ctx.trace.add("compose", "minimal: one accent bar, nothing else", "space is the decoration")
    return out


def _seigaiha(ctx: _Ctx, y: float, color: str, ground: str) -> list[Layer]:
    """A row of seigaiha (青海波) scales along ``y``: overlapping concentric arcs."""
    W, short = ctx.W, ctx.short
    r = 0.075 * short
    out: list[Layer] = []
    n = int(W / (2 * r)) + 2
    k = 0
    for row, (dy, dx) in enumerate([(0.0, 0.0), (0.5 * r, r)]):
        for i in range(n):
            cx = i * 2 * r + dx - r * (row == 0)
            cy = y + dy
            k += 1
            box = Box(x=cx - r, y=cy - r, w=2 * r, h=2 * r)
            out.append(
                _shape(
                    f"seigaiha-{k}",
                    "seigaiha scale",
                    box,
                    "ellipse",
                    fill=Solid(color=ground),
                    stroke=color,
                    stroke_width=max(1.5, 0.004 * short),
                )
            )
            for j, f in enumerate((0.68, 0.36)):
                out.append(
                    _shape(
                        f"seigaiha-{k}-{j + 1}",
                        "seigaiha arc",
                        box.inset(r * (1 - f)),
                        "ring",
                        stroke=color,
                        stroke_width=max(1.5, 0.004 * short),
                    )
                )
    return out


def _deco_wafu(ctx: _Ctx) -> list[Layer]:
    H, short, pal = ctx.H, ctx.short, ctx.pal
    out: list[Layer] = []
    block = ctx.block
    # a pale disc of the warmer traditional colour behind the text (a rising sun; ground)
    warm = min((pal.accent, pal.second), key=lambda c: _hue_gap(lch(c)[2], 40))
    d = min(0.78 * short, 1.5 * max(block.w, block.h))
    out.append(
        _shape(
            "sun-disc",
            "disc",
            Box(x=block.cx - d / 2, y=block.cy - d / 2, w=d, h=d),
            "ellipse",
            fill=Solid(color=mix(warm, WASHI[0], 0.8)),
        )
    )
    # seigaiha along the bottom edge, under a washi band it fades into
    band_y = H - 0.02 * short
    bottom = 0.0  # the frame's bottom edge sits above the seigaiha, not across it
    if block.bottom < H - 0.2 * short:
        out += _seigaiha(ctx, band_y, pal.second, WASHI[1])
        bottom = band_y - 0.075 * short - 0.03 * short
    # a double frame: sumi outside, the accent inside
    m = 0.035 * short
    out.append(_frame(ctx, SUMI, m, max(2.0, 0.005 * short), "frame-outer", bottom=bottom))
    inner = bottom - 0.014 * short if bottom else 0.0
    out.append(_frame(ctx, pal.accent, m + 0.014 * short, max(1.0, 0.002 * short), "frame-inner", bottom=inner))
    # a red seal (落款) below the left of the text
    s = 0.07 * short
    last = min(ctx.texts, key=lambda t: t.box.x).box if ctx.texts else block
    seal = Box(x=last.cx - s / 2, y=last.bottom + 0.05 * short, w=s, h=s)
    if ctx.vertical and seal.bottom < ctx.safe.bottom and ctx.clear(seal, 0.02):
        out.append(_shape("seal", "seal (落款)", seal, "rect", fill=Solid(color=WAIRO["朱"]), radius=0.08 * s))
    ctx.trace.add(
        "compose",
        "和風: washi ground, a double frame, seigaiha along the foot, a seal",
        "traditional colours 朱 and 藍",
    )
    return out


def _deco_retro(ctx: _Ctx) -> list[Layer]:
    W, H, short, pal = ctx.W, ctx.H, ctx.short, ctx.pal
    out: list[Layer] = []
    block = ctx.block
    # a sunburst from below the title, muted
    cy = block.cy
    out.append(
        _shape(
            "sunburst",
            "sunburst",
            Box(x=W / 2 - 1.2 * max(W, H), y=cy - 1.2 * max(W, H), w=2.4 * max(W, H), h=2.4 * max(W, H)),
            "rays",
            count=24,
            fill=Solid(color=pal.deco[1]),
            opacity=0.22,
        )
    )
    # three stripes along the bottom: orange, mustard, teal
    sh = 0.028 * short
    base = H - 0.05 * short - 3 * sh
    if block.bottom < base - 0.04 * short:
        for i, c in enumerate(pal.deco):
            out.append(
                _shape(
                    f"stripe-{i + 1}",
                    "stripe",
                    Box(x=0, y=base + i * sh, w=W, h=sh * 0.78),
                    "rect",
                    fill=Solid(color=c),
                )
            )
        # a matching set at the top
        for i, c in enumerate(reversed(pal.deco)):
            out.append(
                _shape(
                    f"stripe-top-{i + 1}",
                    "stripe",
                    Box(x=0, y=0.05 * short + i * sh, w=W, h=sh * 0.78),
                    "rect",
                    fill=Solid(color=c),
                )
            )
        if not ctx.clear(Box(x=0, y=0.05 * short, w=W, h=3 * sh)):
            out = out[:1] + out[1:4]  # the title reaches the top: only the bottom stripes
    ctx.trace.add("compose", "retro: a muted sunburst, stripes in orange, mustard and teal", "1970s print")
    return out


def _deco_elegant(ctx: _Ctx) -> list[Layer]:
    W, short, pal = ctx.W, ctx.short, ctx.pal
    out: list[Layer] = []
    m = 0.04 * short
    out.append(_frame(ctx, pal.accent, m, max(1.0, 0.0025 * short), "frame"))
    out.append(_frame(ctx, pal.accent, m + 0.012 * short, max(1.0, 0.0012 * short), "frame-fine", opacity=0.7))
    if ctx.texts and not ctx.vertical:
        t = ctx.texts[0]
        w = min(0.3 * W, max(0.16 * W, 0.5 * t.box.w))
        hair = max(1.0, 0.002 * short)
        above = Box(x=W / 2 - w / 2, y=t.box.y - 0.07 * short, w=w, h=hair)
        below_y = t.box.bottom + 0.04 * short
        if len(ctx.texts) > 1:
            below_y = min(below_y, (t.box.bottom + ctx.texts[1].box.y) / 2)
        below = Box(x=W / 2 - w / 2, y=below_y, w=w, h=hair)
        for lid, b in (("rule-above", above), ("rule-below", below)):
            if ctx.clear(b, 0.008) and b.y > m:
                out.append(_shape(lid, "gold rule", b, "rect", fill=Solid(color=pal.accent)))
        dd = 0.022 * short
        diamond = Box(x=W / 2 - dd / 2, y=above.y - dd / 2 - 0.025 * short, w=dd, h=dd)
        if ctx.clear(diamond, 0.01) and diamond.y > m + 0.02 * short:
            out.append(
                _shape(
                    "ornament",
                    "diamond",
                    diamond,
                    "polygon",
                    points=[(0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)],
                    fill=Solid(color=pal.accent),
                )
            )
    ctx.trace.add("compose", "elegant: a fine double gold frame, gold rules around the title", "space and one accent")
    return out


def _deco_neon(ctx: _Ctx) -> list[Layer]:
    W, H, short, pal = ctx.W, ctx.H, ctx.short, ctx.pal
    out: list[Layer] = []
    # a glow behind the title, named as its own decoration
    if ctx.texts:
        t = ctx.texts[0].box
        # inside the tube frame: a glow cut by the frame reads as a band
        lo, hi = 0.09 * short, H - 0.09 * short
        gy0, gy1 = max(lo, t.y - 0.8 * t.h), min(hi, t.bottom + 0.8 * t.h)
        gx0, gx1 = max(lo, t.x - 0.3 * t.w), min(W - lo, t.right + 0.3 * t.w)
        g = Box(x=gx0, y=gy0, w=gx1 - gx0, h=gy1 - gy0)
        out.append(
            ShapeLayer(
                id="title-glow",
                name="glow",
                role="decoration",
                box=g,
                shape="ellipse",
                fill=RadialGradient(
                    stops=[Stop(offset=0, color=pal.accent, opacity=0.55), Stop(offset=1, color=pal.accent, opacity=0)],
                    r=0.5,
                ),
            )
        )
    # a neon tube frame with its glow (wide faint strokes under a thin bright one)
    m = 0.05 * short
    rad = 0.04 * short
    for i, (wid, op) in enumerate(((0.03, 0.12), (0.016, 0.25), (0.005, 1.0))):
        out.append(_frame(ctx, pal.second, m, max(1.5, wid * short), f"tube-{i + 1}", opacity=op, radius=rad))
    # a perspective grid on the floor, under the text block
    block = ctx.block
    floor = H - 0.05 * short
    if block.bottom < H - 0.25 * short:
        for i in range(4):
            y = floor - (0.16 * short) * (0.55**i)
            out.append(
                _shape(
                    f"grid-{i + 1}",
                    "grid line",
                    Box(x=m + 0.02 * short, y=y, w=W - 2 * m - 0.04 * short, h=max(1.5, 0.003 * short)),
                    "rect",
                    fill=Solid(color=pal.accent),
                    opacity=0.55,
                )
            )
    ctx.trace.add("compose", "neon: glowing tubes of the theme's hues on near-black", "the title is a lit tube")
    return out


def _deco_cute(ctx: _Ctx) -> list[Layer]:
    W, H, short, pal = ctx.W, ctx.H, ctx.short, ctx.pal
    out: list[Layer] = []
    # polka dots in a loose lattice, clear of the text
    step = 0.16 * short
    k = 0
    rows, cols = int(H / step) + 1, int(W / step) + 1
    for r in range(rows):
        for c in range(cols):
            if (r + c) % 2:
                continue
            rr = 0.018 * short * (1.0 + 0.5 * ((r * 7 + c * 3) % 3) / 2)
            cx, cy = (c + 0.5) * step, (r + 0.5) * step
            b = Box(x=cx - rr, y=cy - rr, w=2 * rr, h=2 * rr)
            if b.right > W or b.bottom > H or not ctx.clear(b, 0.05):
                continue
            k += 1
            out.append(_shape(f"dot-{k}", "polka dot", b, "ellipse", fill=Solid(color=pal.deco[k % 3]), opacity=0.9))
    # a soft white panel under the title, named as its own
    if ctx.texts:
        t = ctx.texts[0].box
        pad = 0.045 * short
        panel = Box(x=t.x - 1.6 * pad, y=t.y - pad, w=t.w + 3.2 * pad, h=t.h + 2 * pad)
        out.append(
            _shape(
                "title-panel",
                "soft panel",
                panel,
                "rect",
                fill=Solid(color="#FFFFFF"),
                radius=min(panel.h / 2, 0.08 * short),
                opacity=0.88,
                stroke=pal.second,
                stroke_width=max(2.0, 0.006 * short),
            )
        )
        out[-1].id = "title-panel"
    # hearts (OpenMoji) in two corners
    from ..icons import icon_for_emoji

    icons = list(ctx.theme.icons[:1]) + ["💕"]
    d = 0.11 * short
    spots = [Box(x=ctx.safe.right - d, y=ctx.safe.y, w=d, h=d), Box(x=ctx.safe.x, y=ctx.safe.bottom - d, w=d, h=d)]
    for i, (emo, b) in enumerate(zip(icons, spots)):
        if not ctx.clear(b, 0.03):
            continue
        try:
            ic = icon_for_emoji(emo)
        except (KeyError, LookupError, ValueError):
            continue
        out.append(
            IconLayer(
                id=f"sticker-{i + 1}",
                name=f"icon {ic.name}",
                role="decoration",
                box=b,
                code=ic.code,
                emoji=ic.emoji,
                rotate=-12 + 24 * i,
            )
        )
    ctx.trace.add(
        "compose", "cute: polka dots, a soft rounded panel under the title, heart stickers", "pastels, round shapes"
    )
    return out


def _deco_hand(ctx: _Ctx) -> list[Layer]:
    W, H, short, pal = ctx.W, ctx.H, ctx.short, ctx.pal
    out: list[Layer] = []
    # masking tape on two corners
    tw, th = 0.24 * short, 0.06 * short
    for i, (x, y, rot) in enumerate(
        ((-0.04 * short, 0.05 * short, -35.0), (W - tw + 0.04 * short, H - 0.11 * short, -35.0))
    ):
        b = Box(x=x, y=y, w=tw, h=th)
        out.append(
            _shape(
                f"tape-{i + 1}",
                "masking tape",
                b,
                "rect",
                fill=Solid(color=pal.deco[i % len(pal.deco)]),
                opacity=0.75,
                rotate=rot,
            )
        )
    # a marker stroke under the title's last line, named as its own
    if ctx.texts and not ctx.vertical:
        t = ctx.texts[0]
        s = t.size
        last_w = t.box.w
        from ..typography import measure

        last_w = measure(t.lines[-1], t.font, s, False, t.tracking)
        x0 = t.box.x + (t.box.w - last_w) / 2 if t.align == "center" else t.box.x
        mark = Box(x=x0 - 0.15 * s, y=t.box.bottom - 0.42 * s, w=last_w + 0.3 * s, h=0.32 * s)
        out.append(
            _shape(
                "title-marker",
                "marker stroke",
                mark,
                "rect",
                fill=Solid(color=pal.second),
                opacity=0.85,
                radius=0.12 * s,
                rotate=-1.0,
            )
        )
    # a hand-drawn wavy underline below the whole block
    block = ctx.block
    y = block.bottom + 0.05 * short
    if y + 0.03 * short < ctx.safe.bottom:
        pts = [(i / 16, 0.5 + 0.4 * math.sin(i * math.pi / 2)) for i in range(17)]
        w = min(0.5 * W, block.w)
        out.append(
            _shape(
                "squiggle",
                "hand-drawn squiggle",
                Box(x=W / 2 - w / 2 if ctx.texts[0].align == "center" else block.x, y=y, w=w, h=0.025 * short),
                "polygon",
                points=pts + [(p[0], p[1]) for p in reversed(pts)],
                stroke=pal.accent,
                stroke_width=max(2.0, 0.006 * short),
            )
        )
    ctx.trace.add("compose", "hand-drawn: paper, masking tape, a marker stroke and a squiggle", "made by hand")
    return out


def _deco_corporate(ctx: _Ctx) -> list[Layer]:
    W, H, short, pal = ctx.W, ctx.H, ctx.short, ctx.pal
    out: list[Layer] = []
    band_w = 0.03 * W
    out.append(_shape("band", "colour band", Box(x=0, y=0, w=band_w, h=H), "rect", fill=Solid(color=pal.second)))
    out.append(
        _shape(
            "band-accent",
            "accent band",
            Box(x=band_w, y=0, w=0.008 * W, h=0.35 * H),
            "rect",
            fill=Solid(color=pal.accent),
        )
    )
    if ctx.texts and not ctx.vertical:
        t = ctx.texts[0]
        rule_y = t.box.bottom + 0.22 * t.size
        if len(ctx.texts) > 1:
            rule_y = min(rule_y, (t.box.bottom + ctx.texts[1].box.y) / 2)
        rule = Box(x=t.box.x, y=rule_y, w=0.12 * W, h=max(3.0, 0.006 * short))
        if ctx.clear(rule, 0.006):
            out.append(_shape("rule", "rule", rule, "rect", fill=Solid(color=pal.accent)))
    # a footer line across the grid
    fy = ctx.safe.bottom + 0.02 * short
    if fy < H:
        out.append(
            _shape(
                "footer-line",
                "footer line",
                Box(x=ctx.safe.x + 0.05 * W, y=fy, w=ctx.safe.w - 0.05 * W, h=max(1.0, 0.002 * short)),
                "rect",
                fill=Solid(color="#C9CED6"),
            )
        )
    ctx.trace.add("compose", "corporate: a colour band on the left, a rule, a footer line", "a left-aligned grid")
    return out


DECORATION: dict[str, Callable[[_Ctx], list[Layer]]] = {
    "pop": _deco_pop,
    "minimal": _deco_minimal,
    "wafu": _deco_wafu,
    "retro": _deco_retro,
    "elegant": _deco_elegant,
    "neon": _deco_neon,
    "cute": _deco_cute,
    "hand": _deco_hand,
    "corporate": _deco_corporate,
}
