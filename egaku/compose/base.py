"""What every design template shares: colour arithmetic, the safe area, the scene frame.

Blending and WCAG contrast of #rrggbb colours, title tracking, whether a theme is dark,
the safe area of a canvas (DESIGN-CRAFT: 7 % of the short side; a phone keeps its top
12 % for the clock and bottom 8 % for the home bar) and :func:`make_scene`, which wraps
composed layers in a Scene with its canvas, palette, camera and asset credits. The
templates (:mod:`.templates`) and the picture layouts (:mod:`.layouts`) both build on it.
"""

from __future__ import annotations

from ..scene import Asset, Box, Camera, Canvas, IconLayer, Layer, Scene, SceneryLayer, TextLayer
from ..typography import fit_text
from ..typography.fonts import FONT_LICENSE, FONT_VERSION
from ..understand.intent import Intent
from .themes import Theme


def mix(a: str, b: str, t: float) -> str:
    """Blend two #rrggbb colours in sRGB: t=0 gives a, t=1 gives b."""
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb))


def is_caps(text: str) -> bool:
    """All-caps Latin (a title that wants extra tracking)."""
    return text.isascii() and text.upper() == text and any(c.isalpha() for c in text)


def title_tracking(text: str) -> float:
    """DESIGN-CRAFT: all-caps titles get +4 % tracking; everything else is set tight."""
    return 0.04 if is_caps(text) else 0.0


def luminance(hex_color: str) -> float:
    """WCAG relative luminance of #rrggbb."""

    def ch(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(theme: Theme) -> bool:
    return luminance(theme.bg[len(theme.bg) // 2]) < 0.25


def safe_area(intent: Intent) -> Box:
    return safe_area_of(intent.kind, intent.width, intent.height)


def keep_out(kind: str, w: int, h: int) -> list[Box]:
    """Corners inside the safe area that the platform paints over: a YouTube thumbnail's
    duration badge sits in its bottom-right corner (about a fifth of the width, a sixth
    of the height, at any display size)."""
    if kind == "youtube_thumbnail":
        return [Box(x=0.8 * w, y=0.82 * h, w=0.2 * w, h=0.18 * h)]
    return []


def safe_area_of(kind: str, w: int, h: int) -> Box:
    """The safe area of a ``kind`` canvas w×h (see :func:`safe_area`)."""
    short = min(w, h)
    m = 0.07 * short
    if kind == "phone_wallpaper":
        return Box(x=m, y=0.12 * h, w=w - 2 * m, h=h - 0.12 * h - 0.08 * h)
    if kind == "story":  # the app's header on top, the reply bar below
        return Box(x=m, y=0.14 * h, w=w - 2 * m, h=h - 0.14 * h - 0.2 * h)
    return Box(x=m, y=m, w=w - 2 * m, h=h - 2 * m)


def make_scene(intent: Intent, theme: Theme, layers: list[Layer], camera: Camera | None = None) -> Scene:
    """The scene around composed layers: canvas, palette, camera, and the credits of
    every asset drawn (fonts always; OpenMoji when an icon or scenery prop is used)."""
    from .. import icons as icon_lib

    assets = [
        Asset(
            name="Noto Sans/Serif CJK JP",
            version=FONT_VERSION,
            license=FONT_LICENSE,
            attribution="Fonts: Noto CJK by Adobe and Google, SIL Open Font License 1.1",
        )
    ]
    scene = Scene(
        canvas=Canvas(width=intent.width, height=intent.height, background=theme.bg[0], seed=intent.seed),
        layers=layers,
        kind=intent.kind,
        theme=theme.name,
        camera=camera or Camera(),
        palette={"background": theme.bg[0], "ink": theme.ink, "accent": theme.accent, "secondary": theme.sub_ink},
        assets=assets,
    )
    if any(isinstance(layer, (IconLayer, SceneryLayer)) for layer in scene.leaves()):
        scene.assets.append(
            Asset(name="OpenMoji", version=icon_lib.VERSION, license=icon_lib.LICENSE, attribution=icon_lib.ATTRIBUTION)
        )
    return scene


def fitted_text(
    layer_id: str,
    text: str,
    box: Box,
    fill: str,
    *,
    max_size: float,
    min_size: float,
    font: str = "display",
    align: str = "center",
    role: str = "body",
    z: int = 30,
    vertical: bool = False,
    max_lines: int = 2,
    tracking: float = 0.0,
    line_height: float = 1.2,
    tight: bool = True,
    balance: bool = True,
) -> TextLayer:
    """``text`` fitted into ``box`` at the largest size in [min_size, max_size], exactly as
    written; with ``tight`` the layer's box shrinks to the block, placed by ``align``."""
    fit = fit_text(
        text,
        font,
        box.w,
        box.h,
        max_size=max_size,
        min_size=min(min_size, max_size),
        vertical=vertical,
        max_lines=max_lines,
        tracking=tracking,
        line_height=line_height,
        balance=balance,
    )
    if tight:
        if vertical:
            x = {"start": box.right - fit.width, "end": box.x}.get(align, box.cx - fit.width / 2)
            y = {"start": box.y, "end": box.bottom - fit.height}.get(align, box.cy - fit.height / 2)
        else:
            x = {"start": box.x, "end": box.right - fit.width}.get(align, box.cx - fit.width / 2)
            y = box.cy - fit.height / 2
        box = Box(x=x, y=y, w=fit.width, h=fit.height)
    return TextLayer(
        id=layer_id,
        name=layer_id,
        role=role,
        z=z,
        box=box,
        text=text,
        lines=fit.lines,
        font=font,
        size=fit.size,
        fill=fill,
        align=align,
        vertical=vertical,
        tracking=tracking,
        line_height=line_height,
    )
