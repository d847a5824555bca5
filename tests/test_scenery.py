"""Settings drawn through the camera (egaku.render.scenery)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from egaku.render.raster import render_layer
from egaku.render.scenery import (
    SETTINGS,
    TIMES,
    WEATHERS,
    find_setting,
    find_time,
    find_weather,
    ground_contact_y,
    horizon_y,
    scenery_layers,
    scenery_svg,
)
from egaku.render.svg import fragment
from egaku.scene import Box, Camera, Scene, SceneryLayer

W = H = 256
ANGLES = ("high", "eye", "low")
INDOOR = ("room", "stage", "kitchen", "classroom")  # their ground layer also draws the wall above the floor
# the windowsill's wall has a hole for the sky; space has no ground at all
OUTDOOR = tuple(s for s in SETTINGS if s not in (*INDOOR, "windowsill", "space"))


def layers(
    setting: str = "meadow", *, time_of_day: str = "day", weather: str = "clear", seed: int = 0
) -> dict[str, SceneryLayer]:
    ls = scenery_layers(setting, width=W, height=H, time_of_day=time_of_day, weather=weather, seed=seed)
    return {layer.id: layer for layer in ls}


def raster(layer: SceneryLayer, angle: str = "eye", shot: str = "medium") -> np.ndarray:
    cam = Camera(angle=angle, shot=shot)
    return np.asarray(render_layer(layer, W, H, cam).full((W, H))).astype(np.int32)


def luminance(img: np.ndarray) -> float:
    return float((0.2126 * img[..., 0] + 0.7152 * img[..., 1] + 0.0722 * img[..., 2]).mean())


# --------------------------------------------------------------------------- words


def test_tables_cover_the_scene_vocabulary():
    assert set(SETTINGS) == set(SceneryLayer.model_fields["setting"].annotation.__args__)
    assert set(TIMES) == set(SceneryLayer.model_fields["time_of_day"].annotation.__args__)
    weathers = set(SceneryLayer.model_fields["weather"].annotation.__args__)
    assert {"downpour", "rain", "snow", "cloudy"} <= set(WEATHERS) <= weathers


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("a penguin standing on ice", "ice"),
        ("氷の上に立つペンギン", "ice"),
        ("流氷の上", "ice"),
        ("at sunset on the beach", "beach"),
        ("海辺のコアラ", "beach"),
        ("浜辺を走る柴犬", "beach"),
        ("a koala standing in a meadow", "meadow"),
        ("草原に立つコアラ", "meadow"),
        ("a cat in a snow field", "snowfield"),
        ("雪山のきつね", "snowfield"),
        ("a dog in the city at night", "city"),
        ("森の中のくま", "forest"),
        ("部屋の中のねこ", "room"),
        ("singing on stage", "stage"),
    ],
)
def test_find_setting(text, want):
    found = find_setting(text)
    assert found is not None and found[0] == want


def test_latin_words_stand_alone():
    assert find_setting("a cat in the office") is None  # not 'ice'
    assert find_setting("spiced tea") is None
    assert find_setting("a parking lot") is None  # not 'park'
    assert find_setting("two penguins on the ICE") == ("ice", "ice")
    assert find_setting("walking in parks") == ("park", "park")
    assert find_time("today") is None and find_time("Sunday") is None
    assert find_weather("brain") is None  # not 'rain'
    # Japanese false friends: 林檎 (apple) is no forest, いつも通り (as usual) no street
    assert find_setting("林檎をいつも通りに描いて") is None


def test_find_earliest_match():
    assert find_setting("a beach party, then a forest walk") == ("beach", "beach")
    assert find_setting("a forest walk, then a beach party") == ("forest", "forest")
    assert find_setting("a snowy field")[0] == "snowfield"


def test_find_time_and_weather():
    assert find_time("at sunset on the beach") == ("sunset", "sunset")
    assert find_time("夕焼けの海") is not None and find_time("夕焼けの海")[0] == "sunset"
    assert find_time("夜空の下")[0] == "night"
    assert find_time("early morning")[0] == "morning"
    assert find_weather("背景だけ土砂降りにして") == ("downpour", "土砂降り")
    assert find_weather("大雨の街")[0] == "downpour"
    assert find_weather("in heavy rain")[0] == "downpour"
    assert find_weather("a rainy street")[0] == "rain"
    assert find_weather("雨の日")[0] == "rain"
    assert find_weather("雪が降る夜")[0] == "snow"
    assert find_weather("曇りの朝")[0] == "cloudy"
    assert find_weather("a koala in a meadow") is None


# --------------------------------------------------------------------------- camera


def test_horizon_and_contact_lines():
    assert horizon_y(Camera(angle="eye"), 1000) == pytest.approx(580)
    assert horizon_y(Camera(angle="high"), 1000) == pytest.approx(220)
    assert horizon_y(Camera(angle="low"), 1000) == pytest.approx(860)
    assert ground_contact_y(Camera(angle="eye"), 1000) == pytest.approx(860)
    assert ground_contact_y(Camera(angle="high"), 1000) == pytest.approx(720)
    assert ground_contact_y(Camera(angle="low"), 1000) == pytest.approx(950)
    for shot in ("close", "medium", "wide"):
        hs = [horizon_y(Camera(angle=a, shot=shot), 1000) for a in ANGLES]
        assert hs[0] < hs[1] < hs[2]
        for a in ANGLES:
            cam = Camera(angle=a, shot=shot)
            assert horizon_y(cam, 1000) < ground_contact_y(cam, 1000) < 1000
    # a close shot is a little more extreme, a wide one a little milder
    assert (
        horizon_y(Camera(angle="high", shot="close"), 1000) < 220 < horizon_y(Camera(angle="high", shot="wide"), 1000)
    )
    assert horizon_y(Camera(angle="low", shot="close"), 1000) > 860 > horizon_y(Camera(angle="low", shot="wide"), 1000)


@pytest.mark.parametrize("setting", OUTDOOR)
def test_ground_starts_at_the_horizon(setting):
    ground = layers(setting)["ground"]
    tops = {}
    for angle in ANGLES:
        alpha = raster(ground, angle)[..., 3]
        rows = np.nonzero(alpha.max(axis=1) > 0)[0]
        tops[angle] = int(rows[0])
        assert abs(tops[angle] - horizon_y(Camera(angle=angle), H)) <= 0.02 * H
        assert (alpha[tops[angle] + 2 :] == 255).all()  # solid from just under the horizon down
    assert tops["high"] < tops["eye"] < tops["low"]


@pytest.mark.parametrize("setting", INDOOR)
def test_indoor_ground_is_wall_and_floor(setting):
    for angle in ANGLES:
        assert (raster(layers(setting)["ground"], angle)[..., 3] == 255).all()


@pytest.mark.parametrize("setting", SETTINGS)
def test_sky_and_ground_cover_the_canvas(setting):
    ls = layers(setting, time_of_day="night", weather="rain")
    for angle in ANGLES:
        sky = raster(ls["sky"], angle)
        ground = raster(ls["ground"], angle)
        assert (sky[..., 3] == 255).all()  # the sky is opaque, also behind the ground
        assert (np.maximum(sky[..., 3], ground[..., 3]) == 255).all()


def test_camera_angle_changes_how_much_sky_shows():
    sky_rows = {}
    for angle in ANGLES:
        alpha = raster(layers("meadow")["ground"], angle)[..., 3]
        sky_rows[angle] = int((alpha.max(axis=1) == 0).sum())
    assert sky_rows["high"] < 0.3 * H and sky_rows["low"] > 0.8 * H
    assert sky_rows["high"] < sky_rows["eye"] < sky_rows["low"]


@pytest.mark.parametrize("setting", ["meadow", "beach", "city", "forest", "snowfield", "ice"])
def test_props_loom_from_below_and_shrink_from_above(setting):
    """Props standing on the ground reach higher above the horizon (in px) the lower
    the camera: small seen from above, looming seen from below."""
    props = layers(setting, seed=3)["props"]
    reach = {}
    for angle in ANGLES:
        alpha = raster(props, angle)[..., 3]
        rows = np.nonzero(alpha.max(axis=1) > 0)[0]
        reach[angle] = horizon_y(Camera(angle=angle), H) - rows[0]
    assert reach["high"] < reach["eye"] < reach["low"]


def test_texture_rows_crowd_toward_the_horizon():
    """Texture rows (grass tufts, sand ripples, ice cracks) sit at even steps of depth,
    so on screen they get closer together toward the horizon; each row lies below it."""
    from egaku.render.scenery import view as scenery

    for angle in ANGLES:
        cam = Camera(angle=angle)
        view = scenery._View.of(Box(x=0, y=0, w=1024, h=1024), cam)
        ys = [view.gy(z) for z in scenery._rows(view, 12, 0.3)]
        gaps = -np.diff(ys)  # rows go up the screen
        assert len(gaps) > 5 and (gaps > 0).all() and (np.diff(gaps) < 0).all()
        assert min(ys) > horizon_y(cam, 1024) and max(ys) <= 1024


# --------------------------------------------------------------------------- determinism and format


def test_same_layer_same_string():
    for setting in SETTINGS:
        for layer in scenery_layers(setting, width=W, height=H, seed=7):
            cam = Camera(angle="low")
            assert scenery_svg(layer, cam) == scenery_svg(layer.model_copy(), cam)
            assert fragment(layer, camera=cam) == scenery_svg(layer, cam)


@pytest.mark.parametrize("setting", SETTINGS)
def test_seed_changes_props(setting):
    a = scenery_svg(layers(setting, seed=1)["props"], Camera())
    b = scenery_svg(layers(setting, seed=2)["props"], Camera())
    assert a != b


def test_camera_changes_every_layer():
    for layer in scenery_layers("meadow", width=W, height=H):
        assert scenery_svg(layer, Camera(angle="high")) != scenery_svg(layer, Camera(angle="low"))


@pytest.mark.parametrize("setting", SETTINGS)
def test_fragments_are_well_formed_and_short(setting):
    for layer in scenery_layers(setting, width=W, height=H, time_of_day="sunset", weather="downpour"):
        svg = scenery_svg(layer, Camera())
        ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>')
        # ids (defs) are prefixed with the layer id; OpenMoji's own ids start with om-
        for ident in re.findall(r'\bid="([^"]+)"', svg):
            assert ident.startswith((layer.id, "om-"))
        assert "href" not in svg
        # numbers have at most two decimals, except inside OpenMoji icons (the room's
        # picture and plant), which icon_fragment places and scales itself
        if not (setting == "room" and layer.id == "props"):
            assert not re.search(r"\d\.\d{3}", svg)


def test_scenery_layers_shape():
    ls = scenery_layers("ice", width=640, height=480, time_of_day="sunset", weather="snow", seed=4, z=10)
    assert [(layer.id, layer.scenery, layer.z) for layer in ls] == [
        ("sky", "sky", 10),
        ("ground", "ground", 11),
        ("props", "props", 12),
    ]
    for layer in ls:
        assert layer.role == "background"
        assert (layer.box.x, layer.box.y, layer.box.w, layer.box.h) == (0, 0, 640, 480)
        assert (layer.setting, layer.time_of_day, layer.weather, layer.seed) == ("ice", "sunset", "snow", 4)
    assert [layer.name for layer in ls] == ["snowy sunset sky", "ice", "icebergs"]
    assert scenery_layers("meadow", width=W, height=H, time_of_day="sunset")[0].name == "sunset sky"
    # they travel in a scene document
    scene = Scene.model_validate({"canvas": {"width": 640, "height": 480}, "layers": [x.model_dump() for x in ls]})
    assert Scene.from_json(scene.to_json()) == scene
    with pytest.raises(ValueError):
        scenery_layers("mars", width=W, height=H)
    with pytest.raises(ValueError):
        scenery_layers("meadow", width=W, height=H, weather="hail")
    with pytest.raises(ValueError):
        scenery_layers("meadow", width=W, height=H, time_of_day="noon")


# --------------------------------------------------------------------------- looks


def test_weather_and_time_change_the_sky():
    day = raster(layers("meadow")["sky"])
    downpour = raster(layers("meadow", weather="downpour")["sky"])
    rain = raster(layers("meadow", weather="rain")["sky"])
    night = raster(layers("meadow", time_of_day="night")["sky"])
    sunset = raster(layers("meadow", time_of_day="sunset")["sky"])
    assert luminance(downpour) < luminance(rain) < luminance(day)
    assert luminance(night) < 0.4 * luminance(day)

    def warmth(img: np.ndarray) -> float:
        return float((img[..., 0] - img[..., 2]).mean())

    assert warmth(sunset) > warmth(day) + 40
    # rain greys the sky: less colourful than a clear day
    assert np.abs(downpour[..., 2] - downpour[..., 0]).mean() < np.abs(day[..., 2] - day[..., 0]).mean()


def test_weather_changes_the_ground():
    clear = raster(layers("meadow")["ground"])
    wet = raster(layers("meadow", weather="downpour")["ground"])
    snowy = raster(layers("meadow", weather="snow")["ground"])
    night = raster(layers("meadow", time_of_day="night")["ground"])
    under = clear[..., 3] == 255
    assert luminance(wet[under]) < luminance(clear[under])  # wet and dull
    assert luminance(snowy[under]) > luminance(clear[under]) + 40  # covered in snow
    assert luminance(night[under]) < 0.5 * luminance(clear[under])


def test_a_room_keeps_its_lights_on_at_night():
    day = raster(layers("room")["ground"])
    night = raster(layers("room", time_of_day="night")["ground"])
    assert 0.55 * luminance(day) < luminance(night) < luminance(day)


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_and_angle_renders_props(setting):
    """Every setting has props (none is empty), at every camera angle."""
    for angle in ANGLES:
        for layer in scenery_layers(setting, width=W, height=H, time_of_day="night", weather="snow", seed=5):
            img = raster(layer, angle)
            painted = (img[..., 3] > 0).mean()
            assert painted > (0.99 if layer.id == "sky" else 0.01), (setting, angle, layer.id)
