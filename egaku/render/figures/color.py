"""Colour for parts: OKLab shading, the paint of a part, colour names.

:func:`oklab_shift` moves a colour's OKLab lightness (kept in the sRGB gamut by reducing
chroma), so a part painted in any ``color`` gets a darker *shade* and a lighter *light*
of the same hue (:class:`_Paint`), and recolouring a part keeps its shading.
:func:`_color_name` names a colour in words for layer names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...oklab import linear_from_oklab, oklab, to_srgb


def _hex_rgb(hex_color: str) -> tuple[float, float, float]:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", hex_color):
        raise ValueError(f"colour must be #rrggbb, got {hex_color!r}")
    return tuple(int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _oklab(hex_color: str) -> tuple[float, float, float]:
    """sRGB hex → OKLab (L, a, b)."""
    return oklab(*_hex_rgb(hex_color))


def _in_gamut(rgb: tuple[float, float, float]) -> bool:
    return all(-1e-7 <= c <= 1 + 1e-7 for c in rgb)


def oklab_shift(hex_color: str, dl: float) -> str:
    """``hex_color`` with its OKLab lightness moved by ``dl`` (clamped to 0..1). Chroma is
    reduced, hue kept, where the result would leave the sRGB gamut."""
    lightness, a, b = _oklab(hex_color)
    lightness = min(1.0, max(0.0, lightness + dl))
    rgb = linear_from_oklab(lightness, a, b)
    if not _in_gamut(rgb):
        lo, hi = 0.0, 1.0  # bisect the chroma scale: deterministic, 24 steps ≈ 1e-7
        for _ in range(24):
            mid = (lo + hi) / 2
            if _in_gamut(linear_from_oklab(lightness, a * mid, b * mid)):
                lo = mid
            else:
                hi = mid
        rgb = linear_from_oklab(lightness, a * lo, b * lo)
    return "#" + "".join(f"{round(min(1.0, max(0.0, to_srgb(min(1.0, max(0.0, c))))) * 255):02X}" for c in rgb)


@dataclass(frozen=True)
class _Paint:
    """A part colour with its derived shade (far side, under-surfaces) and light."""

    base: str
    shade: str
    light: str

    @classmethod
    def of(cls, color: str) -> _Paint:
        return cls(color, oklab_shift(color, -0.10), oklab_shift(color, 0.08))


_COLOR_NAMES = {
    "red": "#D62828",
    "orange": "#F77F00",
    "yellow": "#F5C400",
    "green": "#2A9D4A",
    "teal": "#14919B",
    "light blue": "#7CC3F0",
    "blue": "#1D4ED8",
    "navy": "#1E2A5A",
    "purple": "#7B3FA0",
    "pink": "#F28BB0",
    "brown": "#8B5A2B",
    "beige": "#E8D5B5",
    "white": "#FFFFFF",
    "grey": "#9CA3AF",
    "black": "#111111",
}


def _color_name(hex_color: str) -> str:
    lab = _oklab(hex_color)
    return min(_COLOR_NAMES, key=lambda k: sum((p - q) ** 2 for p, q in zip(lab, _oklab(_COLOR_NAMES[k]))))
