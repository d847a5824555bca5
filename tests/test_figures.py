"""Characters built from parts: vocabulary, rig, camera, bounds, recolouring, pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from egaku.render.figures import (
    ACCESSORIES,
    CLOTHING,
    OUTLINE,
    SPECIES,
    UNIT_H,
    UNIT_W,
    build_character,
    find_accessories,
    find_clothing,
    find_species,
    oklab_shift,
    part_bounds,
    part_svg,
    rig,
)
from egaku.render.raster import composite, rasterize_svg, render_layer
from egaku.render.svg import document, fragment
from egaku.scene import Box, Camera, GroupLayer, PartLayer

W, H = 300, 460
BOX = Box(x=25, y=20, w=250, h=400)


def leaves(group: GroupLayer) -> list[PartLayer]:
    out = [c for c in sorted(group.children, key=lambda c: c.z)]
    assert all(isinstance(c, PartLayer) for c in out)
    return out  # type: ignore[return-value]


def most_common_opaque(img: Image.Image) -> tuple[int, int, int]:
    a = np.asarray(img.convert("RGBA")).reshape(-1, 4)
    opaque = a[a[:, 3] == 255][:, :3]
    colours, counts = np.unique(opaque, axis=0, return_counts=True)
    r, g, b = colours[counts.argmax()]
    return int(r), int(g), int(b)


def full_canvas_alpha(layer: PartLayer, camera: Camera, w: int = W, h: int = H) -> np.ndarray:
    """The layer rasterised on the whole canvas (no crop to its bounds): its alpha."""
    img = rasterize_svg(document(w, h, fragment(layer, camera=camera)))
    return np.asarray(img)[:, :, 3]


def koala() -> GroupLayer:
    return build_character("koala", "koala", BOX, clothing=[("aloha_shirt", "#D62828", "floral")])


# --------------------------------------------------------------------------- the koala


def test_koala_in_a_red_aloha_shirt_is_a_group_of_parts():
    g = koala()
    assert g.id == "koala" and g.role == "character"
    assert [c.id for c in leaves(g)] == ["koala-shadow", "koala-body", "koala-aloha-shirt"]
    shadow, body, shirt = leaves(g)
    assert (shadow.role, body.role, shirt.role) == ("shadow", "body", "clothing")
    assert body.part == "koala/body" and shirt.part == "clothing/aloha_shirt"
    assert shirt.pattern == "floral" and shirt.species == "koala"
    assert body.name == "koala body" and shirt.name == "red aloha shirt"
    assert all(c.box == BOX for c in g.children)

    shirt_px = render_layer(shirt, W, H, Camera())
    r, gr, b = most_common_opaque(shirt_px.image)
    assert r > 150 and gr < 90 and b < 90, (r, gr, b)
    body_px = render_layer(body, W, H, Camera())
    r, gr, b = most_common_opaque(body_px.image)
    assert abs(r - gr) < 20 and abs(gr - b) < 20 and 110 < r < 190, (r, gr, b)
    # the shirt covers the torso: the middle of the figure, between the arms, is shirt
    a = np.asarray(shirt_px.full((W, H)))[:, :, 3]
    rg = rig("koala", "standing", "eye")
    s = min(BOX.w / UNIT_W, BOX.h / UNIT_H)
    x0, y0 = BOX.cx - UNIT_W / 2 * s, BOX.bottom - UNIT_H * s
    belly = (int(x0 + 50 * s), int(y0 + (rg.shoulder_y + rg.hip_y) / 2 * s))
    assert a[belly[1], belly[0]] == 255


def test_the_aloha_shirt_defaults_to_a_floral_pattern():
    g = build_character("k", "koala", BOX, clothing=[("aloha_shirt", "#D62828", ""), ("scarf", "#F5C400", "")])
    shirt, scarf = (c for c in g.children if c.role == "clothing")
    assert shirt.pattern == "floral" and scarf.pattern == "none"
    svg = part_svg(shirt, Camera())
    assert 'id="k-aloha-shirt-pattern"' in svg and "url(#k-aloha-shirt-pattern)" in svg
    plain = shirt.model_copy(update={"pattern": "none"})
    assert "<pattern" not in part_svg(plain, Camera())


def test_recolouring_the_shirt_changes_only_the_shirt_and_keeps_its_shading():
    g = koala()
    cam = Camera()
    before = [render_layer(c, W, H, cam) for c in leaves(g)]
    old_shirt = next(r for r in before if r.id == "koala-aloha-shirt")
    shirt = next(c for c in g.children if c.id == "koala-aloha-shirt")
    assert isinstance(shirt, PartLayer)
    blue = shirt.model_copy(update={"color": "#1D4ED8"})
    new_shirt = render_layer(blue, W, H, cam)
    after = [new_shirt if r.id == blue.id else r for r in before]

    a = np.asarray(composite(before, (W, H))).astype(int)
    b = np.asarray(composite(after, (W, H))).astype(int)
    changed = np.any(a != b, axis=-1)
    footprint = (np.asarray(old_shirt.full((W, H)))[:, :, 3] > 0) | (np.asarray(new_shirt.full((W, H)))[:, :, 3] > 0)
    assert changed.sum() > 1000
    assert not (changed & ~footprint).any()
    # the same geometry, the same shading, derived from the new colour: never a flood fill
    pix = {tuple(p) for p in np.asarray(new_shirt.image.convert("RGB")).reshape(-1, 3)}
    for hex_color in ("#1D4ED8", oklab_shift("#1D4ED8", -0.10)):
        rgb = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in pix, hex_color
    assert np.array_equal(
        np.asarray(old_shirt.image)[:, :, 3] > 0, np.asarray(new_shirt.image)[:, :, 3] > 0
    )  # recolouring moves no pixel


# --------------------------------------------------------------------------- every part fits


def all_parts(species: str, pose: str) -> list[PartLayer]:
    g = build_character(
        "c",
        species,
        BOX,
        clothing=[(c, "#3A86FF", "stripes") for c in CLOTHING],
        accessories=[(a, "#FF006E") for a in ACCESSORIES],
        pose=pose,
    )
    return leaves(g)


@pytest.mark.parametrize("species", sorted(SPECIES))
def test_every_part_paints_inside_its_bounds_and_its_box(species):
    s = min(BOX.w / UNIT_W, BOX.h / UNIT_H)
    slack = OUTLINE * s + 1  # the outline may overhang the box; 1 px of anti-aliasing
    for pose in ("standing", "sitting"):
        for angle in ("eye", "high", "low"):
            cam = Camera(angle=angle)
            for layer in all_parts(species, pose):
                alpha = full_canvas_alpha(layer, cam)
                ys, xs = np.nonzero(alpha)
                assert len(xs), (layer.part, pose, angle)
                x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
                b = part_bounds(layer, cam)
                where = (layer.part, pose, angle)
                assert b.x <= x0 and b.y <= y0 and x1 <= b.right and y1 <= b.bottom, (where, b, (x0, y0, x1, y1))
                box = layer.box
                assert box.x - slack <= x0 and x1 <= box.right + slack, where
                assert box.y - slack <= y0 and y1 <= box.bottom + slack, where


def test_the_feet_stand_on_the_bottom_of_the_box_centred():
    for species in SPECIES:
        body = next(c for c in build_character("c", species, BOX).children if c.role == "body")
        assert isinstance(body, PartLayer)
        ys, xs = np.nonzero(full_canvas_alpha(body, Camera()))
        assert BOX.bottom - 0.06 * BOX.h < ys.max() + 1 <= BOX.bottom, species
        rows = np.nonzero(full_canvas_alpha(body, Camera())[ys.max()])[0]
        assert abs((rows.min() + rows.max()) / 2 - BOX.cx) < 0.05 * BOX.w, species


def test_clothing_follows_the_rig_of_each_species():
    """The scarf sits at each species' chin; the shirt spans each species' torso."""
    s = min(BOX.w / UNIT_W, BOX.h / UNIT_H)
    y0 = BOX.bottom - UNIT_H * s
    for species in SPECIES:
        g = build_character("c", species, BOX, clothing=[("scarf", "#F5C400", "none"), ("t_shirt", "#2A9D4A", "none")])
        r = rig(species, "standing", "eye")
        scarf = next(c for c in leaves(g) if c.part == "clothing/scarf")
        ys, _ = np.nonzero(full_canvas_alpha(scarf, Camera()))
        chin = y0 + r.chin * s
        assert ys.min() < chin < ys.max(), species
        shirt = next(c for c in leaves(g) if c.part == "clothing/t_shirt")
        a = full_canvas_alpha(shirt, Camera())
        mid = int(y0 + (r.shoulder_y + r.hip_y) / 2 * s)
        cols = np.nonzero(a[mid])[0]
        half = r.torso_half((r.shoulder_y + r.hip_y) / 2) * s
        assert cols.min() <= BOX.cx - half and cols.max() >= BOX.cx + half, species


# --------------------------------------------------------------------------- camera


@pytest.mark.parametrize("pose", ["standing", "sitting"])
def test_camera_angle_changes_head_ratio_and_height(pose):
    for species in SPECIES:
        high, eye, low = (rig(species, pose, a) for a in ("high", "eye", "low"))
        assert high.head_ratio > eye.head_ratio > low.head_ratio, species
        assert high.height < eye.height < low.height, species  # from below the figure looks taller
        body = next(c for c in build_character("c", species, BOX, pose=pose).children if c.role == "body")
        assert isinstance(body, PartLayer)
        tops = {}
        images = {}
        for angle in ("high", "eye", "low"):
            alpha = full_canvas_alpha(body, Camera(angle=angle))
            # the head's top: the first row as wide as a head (long ears are narrower)
            tops[angle] = np.nonzero((alpha > 0).sum(axis=1) > 0.35 * BOX.w)[0].min()
            images[angle] = alpha
        # measured on pixels: seen from below the figure reaches higher in its box
        assert tops["high"] > tops["eye"] > tops["low"], (species, tops)
        assert not np.array_equal(images["high"], images["eye"])
        assert not np.array_equal(images["low"], images["eye"])


def test_camera_moves_the_shadow():
    g = koala()
    shadow = next(c for c in leaves(g) if c.role == "shadow")
    heights = {}
    for angle in ("high", "eye", "low"):
        ys, _ = np.nonzero(full_canvas_alpha(shadow, Camera(angle=angle)))
        heights[angle] = ys.max() - ys.min()
    assert heights["high"] > heights["eye"] > heights["low"]


def test_sitting_puts_the_body_lower_in_the_box():
    for species in SPECIES:
        lower = 10 if SPECIES[species].legs > 0.5 else 1  # a penguin has hardly any legs to fold
        assert rig(species, "sitting", "eye").top > rig(species, "standing", "eye").top + lower


# --------------------------------------------------------------------------- words


def test_find_species_in_japanese_and_english():
    ja = "2足歩行のコアラを描いてください。コアラは、赤色のアロハシャツを着ています。"
    assert find_species(ja) == ("koala", "コアラ")
    assert find_clothing(ja) == [("aloha_shirt", "アロハシャツ")]
    en = "a penguin wearing a yellow scarf, standing on ice, seen from below"
    assert find_species(en) == ("penguin", "penguin")
    assert find_clothing(en) == [("scarf", "scarf")]
    assert find_species("ねこと犬") == ("cat", "ねこ")  # the earliest one
    assert find_species("a category of dogs") == ("dog", "dog")  # not "cat" inside a word
    assert find_species("うさぎのパン屋") == ("rabbit", "うさぎ")
    assert find_species("a teapot") is None


def test_find_clothing_prefers_the_longer_name_and_keeps_text_order():
    assert find_clothing("a fox in an aloha shirt and a hat") == [("aloha_shirt", "aloha shirt"), ("hat", "hat")]
    assert find_clothing("Ｔシャツとマフラー") == [("t_shirt", "Tシャツ"), ("scarf", "マフラー")]
    assert find_clothing("a shirt") == [("shirt", "shirt")]
    assert find_clothing("what is that") == []  # not "hat" inside words
    assert find_accessories("傘をさしたパンダ、メガネとバッグ") == [
        ("umbrella", "傘"),
        ("glasses", "メガネ"),
        ("bag", "バッグ"),
    ]


# --------------------------------------------------------------------------- colour, errors, determinism


def test_oklab_shift():
    assert oklab_shift("#9EA3A8", 0.0) == "#9EA3A8"
    dark, light = oklab_shift("#D62828", -0.10), oklab_shift("#D62828", 0.08)
    lum = [sum(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (dark, "#D62828", light)]
    assert lum[0] < lum[1] < lum[2]
    assert oklab_shift("#FFFFFF", 0.08) == "#FFFFFF"  # clamped
    assert oklab_shift("#000000", -0.1) == "#000000"
    with pytest.raises(ValueError, match="#rrggbb"):
        oklab_shift("red", 0.1)


def test_unknown_species_and_parts_are_refused():
    with pytest.raises(ValueError, match="unicorn"):
        build_character("u", "unicorn", BOX)
    with pytest.raises(ValueError, match="cape"):
        build_character("k", "koala", BOX, clothing=[("cape", "#000000", "none")])
    with pytest.raises(ValueError, match="sword"):
        build_character("k", "koala", BOX, accessories=[("sword", "#000000")])
    with pytest.raises(ValueError, match="unicorn"):
        rig("unicorn", "standing", "eye")
    bad = PartLayer(id="x", box=BOX, part="clothing/cape", species="koala", color="#000000")
    with pytest.raises(ValueError, match="clothing/cape"):
        part_svg(bad, Camera())


def test_part_svg_is_deterministic_and_small():
    for layer in all_parts("koala", "standing") + all_parts("penguin", "sitting"):
        for angle in ("eye", "high", "low"):
            a, b = part_svg(layer, Camera(angle=angle)), part_svg(layer, Camera(angle=angle))
            assert a == b
            assert len(a) < 40_000, (layer.part, len(a))  # resvg draws a part in milliseconds


def test_z_order_and_ids():
    g = build_character(
        "kid",
        "bear",
        BOX,
        clothing=[("scarf", "#F5C400", "none"), ("t_shirt", "#2A9D4A", "dots")],
        accessories=[("glasses", "#111111"), ("umbrella", "#D62828")],
        z=5,
    )
    assert g.z == 5
    z = {c.id: c.z for c in g.children}
    assert z["kid-shadow"] < z["kid-body"] < z["kid-t-shirt"] < z["kid-scarf"] < z["kid-glasses"]
    assert z["kid-shadow"] < z["kid-umbrella"] < z["kid-body"]  # held behind the body
    with pytest.raises(ValueError, match="twice"):
        build_character("k", "koala", BOX, clothing=[("scarf", "#000000", ""), ("scarf", "#FFFFFF", "")])
