"""Settings drawn through the camera: sky, ground and props.

A setting (meadow, beach, city, forest, room, snowfield, stage, ice; sea, mountain, moon,
space, park, shrine, kitchen, classroom, windowsill, sky, desert, underwater) is three
:class:`~egaku.scene.SceneryLayer` s covering the whole canvas:

``sky``
    Stepped bands from the zenith to the horizon (flat bands, not one large gradient:
    they look as calm and rasterise several times faster), coloured by ``time_of_day``
    and greyed by ``weather``; a sun, the moon and stars, and clouds as soft flat shapes.
    The sky is opaque over the whole canvas, so sky + ground never leaves a hole. A few
    settings draw their own sky: the moon and outer space are black with stars, underwater
    the "sky" is water, the desert has its big low sun.
``ground``
    From the horizon down: grass, sand and sea, pavement, forest floor, snow, ice and a
    dark sea strip. Indoor settings (``room``, ``stage``, ``kitchen``, ``classroom``) draw
    their wall or backdrop above the floor as part of the ground, so their ground layer is
    opaque everywhere and the sky behind it is hidden; the windowsill's wall has a hole
    where the window is, and outer space has no ground to stand on.
``props``
    Things that say where we are, standing on the ground or behind the horizon: hills,
    flowers and a tree; palms and waves; buildings; trees; a window, a picture and a plant;
    snowy hills and pines; curtains and spotlights; icebergs. Every setting has props.

The camera is a real parameter. The ground is a plane seen by a pinhole camera: a point
at lateral offset ``X``, height ``Y`` and depth ``Z`` (world units: one unit is the height
of a standing character, whose feet are at depth 1) is drawn at
``x = cx + s·X/Z``, ``y = horizon + (contact − horizon − s·Y)/Z``, where ``contact`` is
:func:`ground_contact_y` and ``s`` the on-screen height of that character. So texture
rows at even depths crowd toward the horizon, things shrink with depth, a circle on the
ground flattens with depth and flattens more when the camera is low. A high angle (上から)
puts the horizon near the top (lots of ground, little sky), makes props smaller and
splays vertical edges outward toward the top; a low angle (下から) puts it near the bottom,
makes props loom and converges their vertical edges upward. ``shot`` shifts all of this a
little (a close shot is slightly more extreme, a wide one slightly milder).

Rain and snow particles are not drawn here: they are an :class:`~egaku.scene.EffectLayer`
of their own. Weather greys the sky, adds clouds, wets the ground (darker, with puddles
that mirror the sky) or covers it with snow.

The package, by what it draws: :mod:`.words` (the words that name settings, times and
weather), :mod:`.view` (the camera model and the SVG bits), :mod:`.light` (sky colours
and grading), :mod:`.sky`, :mod:`.ground` and :mod:`.props` (what several settings
share), :mod:`.outdoor` (meadow, beach, city, forest, snowfield, ice), :mod:`.indoor`
(room, stage), :mod:`.shapes` (what the settings below share), :mod:`.water` (sea,
underwater), :mod:`.mountain` (Mt. Fuji), :mod:`.lunar` (moon, space), :mod:`.places`
(park, shrine), :mod:`.rooms` (kitchen, classroom, windowsill), :mod:`.open_air` (sky,
desert), :mod:`.layers` (the three layers of a setting, and their SVG) and :mod:`.stand`
(:func:`stand_band`: where the feet of subjects standing on a setting go).

Everything is a pure function of the layer and the camera: random choices come from a
``random.Random`` seeded by ``layer.seed`` (and the layer's kind), numbers are printed with
at most two decimals, and the only ``defs`` ids are prefixed with ``layer.id``.
"""

from __future__ import annotations

from .layers import scenery_layers, scenery_svg
from .stand import stand_band
from .view import ground_contact_y, horizon_y
from .words import SETTINGS, TIMES, WEATHERS, find_setting, find_time, find_weather

__all__ = [
    "SETTINGS",
    "TIMES",
    "WEATHERS",
    "find_setting",
    "find_time",
    "find_weather",
    "ground_contact_y",
    "horizon_y",
    "scenery_layers",
    "scenery_svg",
    "stand_band",
]
