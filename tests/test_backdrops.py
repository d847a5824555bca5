"""The settings drawn in egaku.render.scenery's water, mountain, lunar, places, rooms and open_air
(sea, Mt. Fuji, the moon, space, ...), stand_band, and the words that name them."""

from __future__ import annotations

import numpy as np
import pytest

from egaku.render.raster import render_layer
from egaku.render.scenery import (
    SETTINGS,
    find_setting,
    find_time,
    ground_contact_y,
    horizon_y,
    scenery_layers,
    stand_band,
)
from egaku.render.scenery.layers import _GROUND, _PROPS, _SKY_OVERRIDE
from egaku.scene import Camera, SceneryLayer

W, H = 320, 240
ANGLES = ("high", "eye", "low")
NEW = (
    "sea",
    "mountain",
    "moon",
    "space",
    "park",
    "shrine",
    "kitchen",
    "classroom",
    "windowsill",
    "sky",
    "desert",
    "underwater",
)
INDOOR = ("kitchen", "classroom", "windowsill")
FLOATING = ("space", "sky", "underwater")
# outdoor settings whose ground is solid from the horizon down
SURFACE = ("sea", "mountain", "moon", "park", "shrine", "desert", "sky", "underwater")


def layers(setting: str, **kw) -> dict[str, SceneryLayer]:
    return {layer.id: layer for layer in scenery_layers(setting, width=W, height=H, **kw)}


def raster(layer: SceneryLayer, angle: str = "eye", shot: str = "medium") -> np.ndarray:
    cam = Camera(angle=angle, shot=shot)
    return np.asarray(render_layer(layer, W, H, cam).full((W, H))).astype(np.int32)


def test_every_new_setting_is_registered():
    assert set(_GROUND) == set(_PROPS) == set(SETTINGS)
    assert set(NEW) <= set(_GROUND)
    assert set(_SKY_OVERRIDE) == {"moon", "space", "desert", "underwater"}
    assert set(NEW) <= set(SceneryLayer.model_fields["setting"].annotation.__args__)


@pytest.mark.parametrize("setting", NEW)
def test_layers_render_at_every_angle(setting):
    ls = layers(setting, time_of_day="sunset", weather="cloudy", seed=2)
    for angle in ANGLES:
        sky, ground, props = (raster(ls[k], angle) for k in ("sky", "ground", "props"))
        assert (sky[..., 3] == 255).all(), (setting, angle)  # the sky is opaque
        assert (np.maximum(sky[..., 3], ground[..., 3]) == 255).all()
        assert (ground[..., 3] > 0).mean() > 0.01 and (props[..., 3] > 0).mean() > 0.005, (setting, angle)
        if setting in ("kitchen", "classroom"):
            assert (ground[..., 3] == 255).all()  # wall and floor: the sky is hidden
        if setting in SURFACE:
            top = round(horizon_y(Camera(angle=angle), H))
            assert (ground[top + 3 :, :, 3] == 255).all(), (setting, angle)
            assert (ground[: max(0, top - 6), :, 3] == 0).all(), (setting, angle)


def test_windowsill_shows_the_sky_through_its_window():
    ls = layers("windowsill", time_of_day="night")
    for angle in ANGLES:
        alpha = raster(ls["ground"], angle)[..., 3]
        hole = alpha == 0  # the sky shows there; below the horizon the view outside is drawn
        assert (0.08 if angle == "high" else 0.25) < hole.mean() < 0.7  # a big window
        assert not hole[0].all()  # the wall above the window
        assert not hole[-3:].any()  # the sill and the wall below it are solid
        assert hole[:, W // 2].any()
    # the sky through it follows the hour
    day = raster(layers("windowsill")["sky"])
    night = raster(layers("windowsill", time_of_day="night")["sky"])
    assert night[..., :3].mean() < 0.5 * day[..., :3].mean()


@pytest.mark.parametrize("setting", ["sea", "desert", "moon", "park", "shrine", "mountain", "underwater"])
def test_the_horizon_moves_with_the_camera(setting):
    tops = {}
    for angle in ANGLES:
        alpha = raster(layers(setting)["ground"], angle)[..., 3]
        tops[angle] = int(np.nonzero(alpha.max(axis=1) > 0)[0][0])
        assert abs(tops[angle] - horizon_y(Camera(angle=angle), H)) <= 0.03 * H
    assert tops["high"] < tops["eye"] < tops["low"]


def test_sea_meets_the_sky_at_the_horizon():
    """Measured in colour, on sky + ground: the first row (down a column) that is sea-blue
    rather than pale horizon sky is where the camera puts the horizon."""
    ls = layers("sea")
    for angle in ANGLES:
        sky, ground = raster(ls["sky"], angle), raster(ls["ground"], angle)
        a = ground[..., 3:4] / 255
        img = ground[..., :3] * a + sky[..., :3] * (1 - a)
        col, bare = img[:, 3], sky[:, 3, :3]
        sea = (np.abs(col - bare).sum(axis=1) > 40) & (col[:, 2] > col[:, 0] + 30)  # bluer than the sky there
        first = int(np.nonzero(sea)[0][0])
        assert abs(first - horizon_y(Camera(angle=angle), H)) <= 0.03 * H
        assert sea[first + 3 :].all()


def test_fuji_has_a_snowcap():
    """The peak is the highest thing in the middle of the props, and it is white."""
    for angle in ("eye", "low"):
        props = raster(layers("mountain", seed=1)["props"], angle)
        mid = props[:, W // 4 : 3 * W // 4]
        rows = np.nonzero(mid[..., 3].max(axis=1) > 0)[0]
        peak = int(rows[0])
        assert peak < horizon_y(Camera(angle=angle), H) - 0.15 * H  # it stands tall
        cap = mid[peak : peak + int(0.06 * H)]
        white = (cap[..., :3].min(axis=2) > 215) & (cap[..., 3] == 255)
        assert white.sum() > 40
        # lower down the slopes are not snow
        body = mid[peak + int(0.16 * H) : peak + int(0.2 * H)]
        assert (body[..., :3].min(axis=2) > 215).mean() < 0.2


@pytest.mark.parametrize("setting", ["moon", "space"])
def test_moon_and_space_are_always_dark(setting):
    skies = [
        raster(layers(setting, time_of_day=t, weather=w)["sky"]) for t, w in (("day", "clear"), ("sunset", "rain"))
    ]
    assert (skies[0] == skies[1]).all()
    assert skies[0][..., :3].mean() < 45


def test_time_of_day_changes_the_new_settings():
    for setting in ("sea", "mountain", "park", "shrine", "desert", "sky", "underwater", "kitchen"):
        day = raster(layers(setting)["ground"])
        night = raster(layers(setting, time_of_day="night")["ground"])
        mask = (day[..., 3] == 255) & (night[..., 3] == 255)
        assert night[mask][:, :3].mean() < 0.8 * day[mask][:, :3].mean(), setting


@pytest.mark.parametrize("setting", NEW)
def test_stand_band(setting):
    for angle in ANGLES:
        for shot in ("close", "medium", "wide"):
            cam = Camera(angle=angle, shot=shot)
            band = stand_band(setting, cam, W, H)
            if setting in FLOATING:
                assert band is None
                continue
            assert band is not None
            top, bottom = band
            assert 0 < top < bottom <= H
            if setting not in INDOOR:
                assert top > horizon_y(cam, H) + 2
                assert bottom <= max(ground_contact_y(cam, H), H * 0.98) + 1
    # the kitchen's band is the counter top: the counter is painted there
    cam = Camera()
    top, bottom = stand_band("kitchen", cam, W, H)
    ground = raster(layers("kitchen")["ground"])
    counter = ground[int(top) : int(bottom), :, :3].reshape(-1, 3)
    assert counter.std(axis=0).max() < 25  # one calm surface, not tiles or doors
    with pytest.raises(ValueError):
        stand_band("mars", cam, W, H)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("海を泳ぐペンギン", "sea"),
        ("夕焼けの海", "sea"),
        ("a whale in the ocean", "sea"),
        ("富士山とねこ", "mountain"),
        ("a fox with Mt. Fuji behind", "mountain"),
        ("a goat on a mountain", "mountain"),
        ("月面に立つうさぎ", "moon"),
        ("a rabbit standing on the moon", "moon"),
        ("宇宙に浮かぶねこ", "space"),
        ("an astronaut cat in outer space", "space"),
        ("公園で遊ぶ犬", "park"),
        ("a dog in the park", "park"),
        ("神社の狐", "shrine"),
        ("鳥居の前のきつね", "shrine"),
        ("キッチンのくま", "kitchen"),
        ("台所で料理するねこ", "kitchen"),
        ("教室のうさぎ", "classroom"),
        ("a classroom with a panda", "classroom"),
        ("窓辺で眠るねこ", "windowsill"),
        ("a cat sleeping on the windowsill", "windowsill"),
        ("a cat by the window", "windowsill"),
        ("空を飛ぶペンギン", "sky"),
        ("雲の上のドラゴン", "sky"),
        ("a bird flying above the clouds", "sky"),
        ("砂漠のらくだ", "desert"),
        ("a camel in the desert", "desert"),
        ("海の中のかめ", "underwater"),
        ("水中のペンギン", "underwater"),
        ("a turtle under the sea", "underwater"),
        ("海辺のコアラ", "beach"),  # still the beach
        ("宇宙を飛ぶ宇宙飛行士", "space"),
        ("宇宙の猫", "space"),
        ("雪山のきつね", "snowfield"),  # still snowy hills
        ("草原に立つコアラ", "meadow"),
    ],
)
def test_find_setting_new_words(text, want):
    found = find_setting(text)
    assert found is not None and found[0] == want, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "moonlight over a cat",
        "月夜のねこ",
        "12月のカレンダー",
        "a cat under the moon",
        "海老フライ",
        "沢山の花",
        "夜空を見上げるねこ",
        "leave space for the title",
        "a lunar new year poster",
        "宇宙飛行士",  # an astronaut is no place: not space
        "宇宙飛行士のねこ",
        "宇宙人と宇宙船",
        "学校のお知らせ",  # a notice from school, not a classroom
    ],
)
def test_find_setting_false_friends(text):
    found = find_setting(text)
    assert found is None, (text, found)


def test_a_moonlit_night_stays_night():
    assert find_setting("月夜の海")[0] == "sea"
    assert find_setting("a moonlit night at sea")[0] == "sea"
    assert find_time("a moonlit night at sea")[0] == "night"
    assert find_setting("公園")[0] == "park" and find_setting("park")[0] == "park"
