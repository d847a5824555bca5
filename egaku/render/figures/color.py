"""Colour for parts: OKLab shading, the paint of a part, colour names.

:func:`oklab_shift` moves a colour's OKLab lightness (kept in the sRGB gamut by reducing
chroma), so a part painted in any ``color`` gets a darker *shade* and a lighter *light*
of the same hue (:class:`_Paint`), and recolouring a part keeps its shading.
:func:`_color_name` names a colour in words for layer names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


def _hex_rgb(hex_color: str) -> tuple[float, float, float]:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", hex_color):
        raise ValueError(f"colour must be #rrggbb, got {hex_color!r}")
    return tuple(int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _oklab(hex_color: str) -> tuple[float, float, float]:
    """sRGB hex → OKLab (L, a, b), Björn Ottosson's matrices (2020)."""
    r, g, b = (_to_linear(c) for c in _hex_rgb(hex_color))
    l_ = 0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b
    m_ = 0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b
    s_ = 0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in (l_, m_, s_))
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def _linear_from_oklab(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )


def _in_gamut(rgb: tuple[float, float, float]) -> bool:
    return all(-1e-7 <= c <= 1 + 1e-7 for c in rgb)


def oklab_shift(hex_color: str, dl: float) -> str:
    """``hex_color`` with its OKLab lightness moved by ``dl`` (clamped to 0..1). Chroma is
    reduced, hue kept, where the result would leave the sRGB gamut."""
    lightness, a, b = _oklab(hex_color)
    lightness = min(1.0, max(0.0, lightness + dl))
    rgb = _linear_from_oklab(lightness, a, b)
    if not _in_gamut(rgb):
        lo, hi = 0.0, 1.0  # bisect the chroma scale: deterministic, 24 steps ≈ 1e-7
        for _ in range(24):
            mid = (lo + hi) / 2
            if _in_gamut(_linear_from_oklab(lightness, a * mid, b * mid)):
                lo = mid
            else:
                hi = mid
        rgb = _linear_from_oklab(lightness, a * lo, b * lo)
    return "#" + "".join(f"{round(min(1.0, max(0.0, _to_srgb(min(1.0, max(0.0, c))))) * 255):02X}" for c in rgb)


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
