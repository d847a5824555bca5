"""Where subjects stand on a setting: :func:`stand_band`.

The range of canvas rows where the feet of subjects standing on a setting's surface go,
far to near: the ground outdoors, the counter top of the kitchen, the sill of the
windowsill, the floor of the classroom; None where they float (outer space, the open
sky, underwater).
"""

from __future__ import annotations

from ...scene import Box, Camera
from .rooms import _COUNTER_FRONT_Z, _KITCHEN_WALL_Z, _SILL_FRONT_Z, _SILL_WALL_Z
from .view import _View

# The depth (world units) of the far edge of the surface subjects stand on; None: they float.
_STAND_FAR: dict[str, float | None] = {
    "meadow": 4.0,
    "beach": 4.5,
    "city": 2.4,
    "forest": 4.0,
    "room": 2.3,
    "snowfield": 4.0,
    "stage": 3.0,
    "ice": 3.0,
    "sea": 4.0,
    "mountain": 2.4,
    "moon": 4.0,
    "park": 4.0,
    "shrine": 4.0,
    "desert": 4.0,
    "classroom": 1.9,
    "kitchen": _KITCHEN_WALL_Z * 0.92,
    "windowsill": _SILL_WALL_Z * 0.94,
    "space": None,
    "sky": None,
    "underwater": None,
}
_STAND_NEAR: dict[str, float] = {"kitchen": _COUNTER_FRONT_Z * 1.06, "windowsill": _SILL_FRONT_Z * 1.06}


def stand_band(setting: str, camera: Camera, width: float, height: float) -> tuple[float, float] | None:
    """The vertical range (top, bottom) in canvas px where the feet of subjects standing on
    the setting's surface go, far to near: from a little below the horizon down to about
    :func:`~egaku.render.scenery.ground_contact_y` outdoors, the counter top in the kitchen,
    the sill of the windowsill, the floor of the classroom. None where subjects float
    (``space``, ``sky``, ``underwater``). ValueError for an unknown setting."""
    if setting not in _STAND_FAR:
        raise ValueError(f"unknown setting {setting!r}")
    far = _STAND_FAR[setting]
    if far is None:
        return None
    v = _View.of(Box(x=0, y=0, w=width, h=height), camera)
    near = _STAND_NEAR.get(setting, 0.92)
    top, bottom = v.gy(far), min(v.gy(near), v.bottom - 0.02 * height)
    return (round(top, 2), round(max(top, bottom), 2))
