"""A character as layers: :func:`build_character` makes one
:class:`~egaku.scene.GroupLayer` of :class:`~egaku.scene.PartLayer` s (shadow, body,
clothing, accessories) sharing the character's box, with z orders that put the umbrella
behind the body, and names that say what each part is ("red aloha shirt").
"""

from __future__ import annotations

from collections.abc import Sequence

from ...scene import Box, GroupLayer, PartLayer
from .color import _color_name, _hex_rgb
from .rig import POSES, _species
from .species import _DEFAULT_PATTERN, _LABEL, _Z_ACCESSORY, _Z_CLOTHING, ACCESSORIES, CLOTHING, PATTERNS


def build_character(
    id_prefix: str,
    species: str,
    box: Box,
    *,
    clothing: Sequence[tuple[str, str, str]] = (),
    accessories: Sequence[tuple[str, str]] = (),
    pose: str = "standing",
    z: int = 0,
    body_color: str | None = None,
) -> GroupLayer:
    """One character as a group of part layers sharing ``box``.

    ``clothing``: (part, colour, pattern) — e.g. ("aloha_shirt", "#D62828", "floral");
    an empty pattern takes the part's default ("floral" for an aloha shirt, else "none").
    ``accessories``: (name, colour). Children: ``{id_prefix}-shadow``, ``-body``, then one
    per item (``koala-aloha-shirt``), ordered shadow < body < clothing < accessories
    (the umbrella, held behind the body, sits just above the shadow)."""
    sp = _species(species)
    if pose not in POSES:
        raise ValueError(f"unknown pose {pose!r}; known: {', '.join(POSES)}")
    body_col = body_color or sp.color
    _hex_rgb(body_col)
    kids: list[PartLayer] = [
        PartLayer(
            id=f"{id_prefix}-shadow",
            name=f"{sp.name} shadow",
            z=0,
            box=box,
            role="shadow",
            part="common/shadow",
            species=sp.name,
            color="#000000",
            pose=pose,
        ),
        PartLayer(
            id=f"{id_prefix}-body",
            name=f"{sp.name} body",
            z=2,
            box=box,
            role="body",
            part=f"{sp.name}/body",
            species=sp.name,
            color=body_col,
            pose=pose,
        ),
    ]
    seen: set[str] = set()
    for item, color, pattern in clothing:
        if item not in CLOTHING:
            raise ValueError(f"unknown clothing {item!r}; known: {', '.join(CLOTHING)}")
        pat = pattern or _DEFAULT_PATTERN.get(item, "none")
        if pat not in PATTERNS:
            raise ValueError(f"unknown pattern {pattern!r} for {item!r}; known: {', '.join(PATTERNS)}")
        _hex_rgb(color)
        if item in seen:
            raise ValueError(f"clothing {item!r} is given twice")
        seen.add(item)
        kids.append(
            PartLayer(
                id=f"{id_prefix}-{item.replace('_', '-')}",
                name=f"{_color_name(color)} {_LABEL[item]}",
                z=_Z_CLOTHING[item],
                box=box,
                role="clothing",
                part=f"clothing/{item}",
                species=sp.name,
                color=color,
                pattern=pat,
                pose=pose,
            )
        )
    for item, color in accessories:
        if item not in ACCESSORIES:
            raise ValueError(f"unknown accessory {item!r}; known: {', '.join(ACCESSORIES)}")
        _hex_rgb(color)
        if item in seen:
            raise ValueError(f"accessory {item!r} is given twice")
        seen.add(item)
        kids.append(
            PartLayer(
                id=f"{id_prefix}-{item}",
                name=f"{_color_name(color)} {_LABEL[item]}",
                z=_Z_ACCESSORY[item],
                box=box,
                role="accessory",
                part=f"accessory/{item}",
                species=sp.name,
                color=color,
                pose=pose,
            )
        )
    kids.sort(key=lambda c: c.z)
    worn = [c.name for c in kids if c.role in ("clothing", "accessory")]
    name = f"{sp.name} in {' and '.join(worn)}" if worn else sp.name
    return GroupLayer(id=id_prefix, name=name, z=z, box=box, role="character", children=list(kids))
