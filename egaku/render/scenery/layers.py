"""A setting as three :class:`~egaku.scene.SceneryLayer` s (sky, ground, props), and any
one of them as SVG: :func:`scenery_layers` and :func:`scenery_svg`, dispatching to the
setting modules (:mod:`.outdoor`, :mod:`.indoor`) and the sky (:mod:`.sky`).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ...scene import Box, Camera, SceneryLayer
from .indoor import _room_ground, _room_props, _stage_ground, _stage_props
from .light import _SKY_WEATHER, _grader, _sky_colors
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
from .sky import _sky
from .view import _Ctx, _View
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
}
_PROPS: dict[str, Callable[[_Ctx], str]] = {
    "meadow": _meadow_props,
    "beach": _beach_props,
    "city": _city_props,
    "forest": _forest_props,
    "room": _room_props,
    "snowfield": _snow_props,
    "stage": _stage_props,
    "ice": _ice_props,
}

_GROUND_NAMES = {
    "meadow": "meadow",
    "beach": "beach and sea",
    "city": "street",
    "forest": "forest floor",
    "room": "wall and floor",
    "snowfield": "snowfield",
    "stage": "stage floor and backdrop",
    "ice": "ice",
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
    if setting in ("room", "stage"):
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
        return _sky(ctx)
    if layer.scenery == "ground":
        return _GROUND[layer.setting](ctx)
    return _PROPS[layer.setting](ctx)
