"""Characters built from parts: a body, clothing and accessories, each its own layer.

A character is one :class:`~egaku.scene.GroupLayer` whose children are
:class:`~egaku.scene.PartLayer` s (``koala/body``, ``clothing/aloha_shirt``,
``accessory/umbrella``, ``common/shadow``). Every part of one character shares the
character's box and is fitted to the same **rig**: anchor points (head, neck, torso,
arms, legs, feet) in a unit figure space 100 wide × 160 tall, feet at the bottom centre,
computed from the species, the pose and the camera angle. So a scarf sits on a penguin's
neck, a shirt covers a koala's torso and upper arms, and shooting from higher up
(``camera.angle = "high"``) re-poses every part consistently.

Style: OpenMoji's — flat fills, a black outline of :data:`OUTLINE` figure units (about
1.4 % of the figure height) with round joins and caps, and a little shading. Each part
paints with its ``color`` plus a darker *shade* and a lighter *light* derived from it in
OKLab (:func:`oklab_shift`), so recolouring a part (changing only ``color``) keeps its
shading. The fixed colours of a species (a koala's pale belly, a penguin's orange beak)
are part of the species, not of the part's ``color``.

    g = build_character("koala", "koala", box, clothing=[("aloha_shirt", "#D62828", "floral")])
    part_svg(g.children[1], Camera(angle="high"))   # SVG fragment in canvas px

The package, by what it draws: :mod:`.color` (OKLab shading), :mod:`.species` (the
vocabulary), :mod:`.rig` and :mod:`.fit` (the anchor points, one size per species),
:mod:`.sketch` (drawing primitives), :mod:`.body`, :mod:`.clothing`, :mod:`.accessories`,
:mod:`.parts` (a part in canvas px) and :mod:`.character` (a character as layers).

The umbrella is held *behind* the body (its z sits between the shadow and the body):
the paw closes over its shaft and the canopy stays behind the head, ears and hat.
"""

from __future__ import annotations

from .character import build_character
from .color import oklab_shift
from .fit import rig
from .parts import part_bounds, part_svg
from .rig import UNIT_H, UNIT_W, Rig
from .sketch import OUTLINE
from .species import ACCESSORIES, CLOTHING, PATTERNS, SPECIES, Species, find_accessories, find_clothing, find_species

__all__ = [
    "ACCESSORIES",
    "CLOTHING",
    "OUTLINE",
    "PATTERNS",
    "SPECIES",
    "UNIT_H",
    "UNIT_W",
    "Rig",
    "Species",
    "build_character",
    "find_accessories",
    "find_clothing",
    "find_species",
    "oklab_shift",
    "part_bounds",
    "part_svg",
    "rig",
]
