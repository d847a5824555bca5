"""OKLab (Björn Ottosson, 2020): the perceptual colour space egaku shades and recolours in.

One implementation for the whole package: figure clothing shades
(:mod:`egaku.render.figures.color`) and library artwork recolouring
(:mod:`egaku.assets._art`) both call these.
"""

from __future__ import annotations

import math

__all__ = ["linear_from_oklab", "oklab", "to_linear", "to_srgb"]


def to_linear(c: float) -> float:
    """An sRGB channel (0..1) → linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def to_srgb(c: float) -> float:
    """Linear light → an sRGB channel (0..1)."""
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def oklab(r: float, g: float, b: float) -> tuple[float, float, float]:
    """sRGB channels (0..1) → OKLab (L, a, b)."""
    r, g, b = to_linear(r), to_linear(g), to_linear(b)
    l_ = 0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b
    m_ = 0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b
    s_ = 0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in (l_, m_, s_))
    return (
        0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
        1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
        0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_,
    )


def linear_from_oklab(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    """OKLab → linear-light RGB (may fall outside 0..1: out of the sRGB gamut)."""
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )
