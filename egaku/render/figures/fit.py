"""One size per species: :func:`rig` is the rig of a species at its fitted scale.

The scale makes a standing character's head reach the standard height at eye level (a
penguin's short legs do not make it small) and keeps the body as drawn (ears, tail,
hands) inside the unit space in every pose and from every angle, which is measured by
drawing the body (:mod:`.body`).
"""

from __future__ import annotations

import functools

from .body import _body
from .color import _Paint
from .rig import ANGLES, GROUND, POSES, UNIT_W, Rig, _rig, _species
from .sketch import _Sketch
from .species import SPECIES


def rig(species: str, pose: str = "standing", angle: str = "eye") -> Rig:
    """The anchor points of ``species`` in ``pose`` seen from camera ``angle``.

    From above (``high``) the head is bigger, the body foreshortened and the face lower in
    the head (the top of the head shows); from below (``low``) the head is smaller, the
    legs longer and the face higher (the underside of the chin shows). Long ears shrink
    the whole figure so that they stay inside the unit space."""
    sp = _species(species)
    if pose not in POSES:
        raise ValueError(f"unknown pose {pose!r}; known: {', '.join(POSES)}")
    if angle not in ANGLES:
        raise ValueError(f"unknown camera angle {angle!r}; known: {', '.join(ANGLES)}")
    return _rig(sp, pose, angle, _scale(sp.name))


_STANDARD_TOP = 26.5  # the top of a standard head seen at eye level (a bear's)


@functools.cache
def _scale(species: str) -> float:
    """One size per species, the same in every pose and from every angle: standing at
    eye level its head reaches the standard height (a penguin's short legs do not make
    it small), and long ears stay inside the unit space from every angle."""
    sp = SPECIES[species]
    k = (GROUND - _STANDARD_TOP) / (GROUND - _rig(sp, "standing", "eye", 1.0).top)
    for pose in POSES:
        for angle in ANGLES:
            for _ in range(3):  # the body as drawn (ears, tail, hands) must fit the unit space
                sk = _Sketch("fit")
                _body(sk, _rig(sp, pose, angle, k), sp, _Paint.of(sp.color))
                half = max(UNIT_W / 2 - sk.x0, sk.x1 - UNIT_W / 2)
                f = min(1.0, (UNIT_W / 2 - 1.0) / half, (GROUND - 3.0) / (GROUND - sk.y0))
                if f > 0.999:
                    break
                k *= f
    return k
