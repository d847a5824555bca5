"""A setting as three :class:`~egaku.scene.SceneryLayer` s (sky, ground, props), and any
one of them as SVG: :func:`scenery_layers` and :func:`scenery_svg`, dispatching to the
setting modules (:mod:`.outdoor`, :mod:`.indoor`, :mod:`.water`, :mod:`.mountain`,
:mod:`.lunar`, :mod:`.places`, :mod:`.rooms`, :mod:`.open_air`) and the sky (:mod:`.sky`,
or the setting's own sky where it replaces it: :data:`_SKY_OVERRIDE`).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ...scene import Box, Camera, SceneryLayer
from .indoor import _room_ground, _room_props, _stage_ground, _stage_props
from .light import _SKY_WEATHER, _grader, _sky_colors
from .lunar import _moon_ground, _moon_props, _moon_sky, _space_ground, _space_props, _space_sky
from .mountain import _mountain_ground, _mountain_props
from .open_air import _desert_ground, _desert_props, _desert_sky, _sky_ground, _sky_props
from .outdoor import (
    _beach_ground,
    _beach_props,
    _city_ground,
    _city_props,
    _forest_ground,
    _forest_props,
    _ice_ground,
    _ice_props,
    _meadow_ground,
    _meadow_props,
    _snow_ground,
    _snow_props,
)
from .places import _park_ground, _park_props, _shrine_ground, _shrine_props
from .rooms import (
    _classroom_ground,
    _classroom_props,
    _kitchen_ground,
    _kitchen_props,
    _windowsill_ground,
    _windowsill_props,
)
from .sky import _sky
from .view import _Ctx, _View
from .water import _sea_ground, _sea_props, _underwater_ground, _underwater_props, _underwater_sky
from .words import SETTINGS, TIMES

_GROUND: dict[str, Callable[[_Ctx], str]] = {
    "meadow": _meadow_ground,
    "beach": _beach_ground,
    "city": _city_ground,
    "forest": _forest_ground,
    "room": _room_ground,
    "snowfield": _snow_ground,
    "stage": _stage_ground,
    "ice": _ice_ground,
    "sea": _sea_ground,
    "mountain": _mountain_ground,
    "moon": _moon_ground,
    "space": _space_ground,
    "park": _park_ground,
    "shrine": _shrine_ground,
    "kitchen": _kitchen_ground,
    "classroom": _classroom_ground,
    "windowsill": _windowsill_ground,
    "sky": _sky_ground,
    "desert": _desert_ground,
    "underwater": _underwater_ground,
}
"""Setting → its ground layer's drawing."""
_PROPS: dict[str, Callable[[_Ctx], str]] = {
    "meadow": _meadow_props,
    "beach": _beach_props,
    "city": _city_props,
    "forest": _forest_props,
    "room": _room_props,
    "snowfield": _snow_props,
    "stage": _stage_props,
    "ice": _ice_props,
    "sea": _sea_props,
    "mountain": _mountain_props,
    "moon": _moon_props,
    "space": _space_props,
    "park": _park_props,
    "shrine": _shrine_props,
    "kitchen": _kitchen_props,
    "classroom": _classroom_props,
    "windowsill": _windowsill_props,
    "sky": _sky_props,
    "desert": _desert_props,
    "underwater": _underwater_props,
}
"""Setting → its props layer's drawing."""
_SKY_OVERRIDE: dict[str, Callable[[_Ctx], str]] = {
    "moon": _moon_sky,
    "space": _space_sky,
    "desert": _desert_sky,
    "underwater": _underwater_sky,
}
"""Settings that replace the sky layer's drawing (the others use :func:`~.sky._sky`)."""

_GROUND_NAMES = {
    "meadow": "meadow",
    "beach": "beach and sea",
    "city": "street",
    "forest": "forest floor",
    "room": "wall and floor",
    "snowfield": "snowfield",
    "stage": "stage floor and backdrop",
    "ice": "ice",
    "sea": "open sea",
    "mountain": "fields and lake before Mt. Fuji",
    "moon": "lunar surface with craters",
    "space": "starfield",
    "park": "lawn and footpath",
    "shrine": "gravel and stone path",
    "kitchen": "tiled wall and counter",
    "classroom": "blackboard wall and floor",
    "windowsill": "window wall and sill",
    "sky": "sea of clouds",
    "desert": "sand",
    "underwater": "seabed",
}
_PROP_NAMES = {
    "meadow": "hills, trees and flowers",
    "beach": "palms and waves",
    "city": "buildings",
    "forest": "trees",
    "room": "window, picture and plant",
    "snowfield": "snowy hills and pines",
    "stage": "curtains and spotlights",
    "ice": "icebergs",
    "sea": "island or sail, glitter and gulls",
    "mountain": "Mt. Fuji, foothills and trees",
    "moon": "ridges and boulders",
    "space": "ringed planet and small planet",
    "park": "trees, lamp post and buildings",
    "shrine": "torii, lanterns, hall and cedars",
    "kitchen": "window, cabinets, jars and kettle",
    "classroom": "windows, desks and chairs",
    "windowsill": "window frame, curtains and plant",
    "sky": "clouds and birds",
    "desert": "dunes, cacti and heat haze",
    "underwater": "light rays, rocks, seaweed, fish and bubbles",
}
_WEATHER_WORD = {"clear": "", "cloudy": "cloudy ", "rain": "rainy ", "downpour": "stormy ", "snow": "snowy "}


def scenery_layers(
    setting: str,
    *,
    width: int,
    height: int,
    time_of_day: str = "day",
    weather: str = "clear",
    seed: int = 0,
    z: int = 0,
) -> list[SceneryLayer]:
    """The three layers of a setting, covering the canvas: ``sky`` (z), ``ground`` (z+1)
    and ``props`` (z+2), all with role ``background``. ValueError for an unknown setting,
    time or weather."""
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r}; one of {', '.join(SETTINGS)}")
    if time_of_day not in TIMES:
        raise ValueError(f"unknown time of day {time_of_day!r}; one of {', '.join(TIMES)}")
    if weather not in _SKY_WEATHER:
        raise ValueError(f"unknown weather {weather!r}; one of {', '.join(_SKY_WEATHER)}")
    box = Box(x=0, y=0, w=width, h=height)
    sky_name = f"{_WEATHER_WORD[weather]}{time_of_day} sky"
    if setting in ("room", "stage", "kitchen", "classroom"):
        sky_name += " (behind the wall)"
    common = {
        "box": box,
        "role": "background",
        "setting": setting,
        "time_of_day": time_of_day,
        "weather": weather,
        "seed": seed,
    }
    return [
        SceneryLayer(id="sky", name=sky_name, z=z, scenery="sky", **common),
        SceneryLayer(id="ground", name=_GROUND_NAMES[setting], z=z + 1, scenery="ground", **common),
        SceneryLayer(id="props", name=_PROP_NAMES[setting], z=z + 2, scenery="props", **common),
    ]


def scenery_svg(layer: SceneryLayer, camera: Camera) -> str:
    """The layer as an SVG fragment (no root) in canvas px inside ``layer.box``, seen
    through ``camera``. Same layer and camera → the same string."""
    b = layer.box
    if b.w <= 0 or b.h <= 0:
        return ""
    view = _View.of(b, camera)
    rng = random.Random(f"egaku-scenery:{layer.scenery}:{layer.setting}:{layer.seed}")
    ctx = _Ctx(
        layer=layer,
        view=view,
        rng=rng,
        grade=_grader(layer.setting, layer.time_of_day, layer.weather),
        sky=_sky_colors(layer.time_of_day, layer.weather),
    )
    if layer.scenery == "sky":
        return _SKY_OVERRIDE.get(layer.setting, _sky)(ctx)
    if layer.scenery == "ground":
        return _GROUND[layer.setting](ctx)
    return _PROPS[layer.setting](ctx)
