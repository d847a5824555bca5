"""Parts in canvas px: :func:`part_svg` draws one :class:`~egaku.scene.PartLayer` (body,
clothing, accessory or the shadow under the feet) through the camera, inside the
character's box; :func:`part_bounds` says where it may put paint.
"""

from __future__ import annotations

import math

from ...scene import Box, Camera, PartLayer
from .accessories import _bag, _glasses, _umbrella
from .body import _body
from .clothing import _hat, _scarf, _top_garment
from .color import _Paint
from .fit import rig
from .rig import GROUND, UNIT_H, UNIT_W, Rig
from .sketch import INK, OUTLINE, _n, _Sketch
from .species import ACCESSORIES, CLOTHING, SPECIES


def _shadow(sk: _Sketch, r: Rig, color: str) -> None:
    k = r.k
    ry = {"eye": 4.2, "high": 6.2, "low": 2.2}[r.angle] * k
    dy = {"eye": 0.3, "high": -1.2, "low": 1.4}[r.angle] * k
    rx = min((r.hip_w * (1.7 if r.pose == "sitting" else 1.5) + 4 * k) * r.wp(GROUND), UNIT_W / 2 - 1.0)
    cy = min(GROUND + dy, UNIT_H - ry - 0.5)
    sk.ellipse((r.cx, cy), rx, ry, color, line=False, extra=' fill-opacity="0.25"')


def _frame(box: Box) -> tuple[float, float, float]:
    """Unit figure space → canvas px: scale, x offset, y offset (feet on the box's
    bottom edge, centred, aspect kept)."""
    s = min(box.w / UNIT_W, box.h / UNIT_H)
    return s, box.cx - UNIT_W / 2 * s, box.bottom - UNIT_H * s


def _sketch(layer: PartLayer, camera: Camera) -> _Sketch:
    lib, name = layer.part.split("/", 1)
    sk = _Sketch(layer.id)
    paint = _Paint.of(layer.color)
    if lib == "common" and name == "shadow":
        species = layer.species or "bear"
        _shadow(sk, rig(species, layer.pose, camera.angle), layer.color)
        return sk
    if lib in SPECIES:
        if name != "body":
            raise ValueError(f"unknown part {layer.part!r}: a species has only a body part ('{lib}/body')")
        if layer.species and layer.species != lib:
            raise ValueError(f"part {layer.part!r} is fitted to species {layer.species!r}; they must agree")
        _body(sk, rig(lib, layer.pose, camera.angle), SPECIES[lib], paint)
        return sk
    if lib == "clothing" and name in CLOTHING or lib == "accessory" and name in ACCESSORIES:
        if not layer.species:
            raise ValueError(f"part {layer.part!r} needs a species to be fitted to (layer {layer.id!r})")
        r = rig(layer.species, layer.pose, camera.angle)
        if name in ("shirt", "t_shirt", "aloha_shirt", "dress"):
            _top_garment(sk, layer, r, paint, name)
        elif name == "scarf":
            _scarf(sk, layer, r, paint)
        elif name == "hat":
            _hat(sk, layer, r, paint, SPECIES[layer.species])
        elif name == "umbrella":
            _umbrella(sk, r, paint)
        elif name == "bag":
            _bag(sk, r, paint)
        else:
            _glasses(sk, r, paint)
        return sk
    raise ValueError(f"unknown part {layer.part!r}")


def part_svg(layer: PartLayer, camera: Camera) -> str:
    """The SVG fragment (no root) of one part, in canvas px inside ``layer.box``."""
    sk = _sketch(layer, camera)
    s, tx, ty = _frame(layer.box)
    if s <= 0 or not sk.items:
        return ""
    defs = f"<defs>{''.join(sk.defs)}</defs>" if sk.defs else ""
    return (
        f'{defs}<g transform="matrix({s:.6g} 0 0 {s:.6g} {tx:.6g} {ty:.6g})" stroke="{INK}" '
        f'stroke-width="{_n(OUTLINE)}" stroke-linejoin="round" stroke-linecap="round">{"".join(sk.items)}</g>'
    )


def part_bounds(layer: PartLayer, camera: Camera) -> Box:
    """Where the part may paint, in canvas px (outline and anti-aliasing included)."""
    sk = _sketch(layer, camera)
    s, tx, ty = _frame(layer.box)
    if s <= 0 or not math.isfinite(sk.x0):
        return Box(x=layer.box.x, y=layer.box.y, w=0, h=0)
    m = 1.0  # anti-aliasing
    x0, y0 = tx + sk.x0 * s - m, ty + sk.y0 * s - m
    x1, y1 = tx + sk.x1 * s + m, ty + sk.y1 * s + m
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)
