"""Effects: determinism, placement rules (inside the box, clear of avoid boxes), counts,
and what actually lands on the pixels when the fragment is rasterised."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import resvg_py
from PIL import Image

from egaku.render.effects import MAX_PARTICLES, effect_svg, particle_boxes
from egaku.scene import Box, EffectLayer

PARTICLE_EFFECTS = ["confetti", "petals", "snow", "sparkles", "rain", "dots", "leaves"]
# Offset from the canvas origin so nothing silently assumes the box starts at (0, 0).
BOX = Box(x=40, y=24, w=1024, h=1024)
CANVAS = (1104, 1072)
AVOID = [Box(x=252, y=424, w=600, h=180), Box(x=700, y=100, w=200, h=120)]


def make(effect: str, **kw: object) -> EffectLayer:
    args: dict[str, object] = {"id": "fx", "box": BOX, "effect": effect, "seed": 3, "avoid": AVOID}
    args.update(kw)
    return EffectLayer.model_validate(args)


def rasterise(frag: str, size: tuple[int, int] = CANVAS) -> np.ndarray:
    w, h = size
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">{frag}</svg>'
    png = resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True)
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGBA"))


def overlaps(a: tuple[float, float, float, float], b: Box) -> bool:
    x, y, w, h = a
    return not (b.x >= x + w or b.right <= x or b.y >= y + h or b.bottom <= y)


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS + ["vignette"])
def test_deterministic(effect: str) -> None:
    layer = make(effect)
    assert effect_svg(layer) == effect_svg(make(effect))
    assert particle_boxes(layer) == particle_boxes(make(effect))


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS)
def test_seed_changes_the_layout(effect: str) -> None:
    assert effect_svg(make(effect, seed=1)) != effect_svg(make(effect, seed=2))


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS + ["vignette"])
def test_fragment_is_well_formed_and_compact(effect: str) -> None:
    frag = effect_svg(make(effect, id="hero-fx"))
    root = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{frag}</svg>')
    assert len(root) == 1  # one group per layer
    ids = re.findall(r'\bid="([^"]+)"', frag)
    assert all(i.startswith("hero-fx-") for i in ids)
    for ref in re.findall(r"#(hero-fx-[^\")]+)", frag):  # every reference resolves
        assert ref in ids
    assert not re.search(r"\d\.\d{3,}", frag)  # at most two decimals


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS)
def test_particles_inside_box_and_clear_of_avoid(effect: str) -> None:
    for density in (1.0, 4.0):
        boxes = particle_boxes(make(effect, density=density))
        assert boxes
        margin = 0.019 * min(BOX.w, BOX.h)  # the rule is 2 %; allow float slack
        grown = [Box(x=a.x - margin, y=a.y - margin, w=a.w + 2 * margin, h=a.h + 2 * margin) for a in AVOID]
        for bb in boxes:
            x, y, w, h = bb
            assert w > 0 and h > 0
            assert x >= BOX.x and y >= BOX.y and x + w <= BOX.right and y + h <= BOX.bottom, bb
            assert not any(overlaps(bb, a) for a in grown), bb


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS)
def test_count_scales_with_density_and_is_capped(effect: str) -> None:
    layer = make(effect, avoid=[])
    n1 = len(particle_boxes(layer))
    n_more = len(particle_boxes(make(effect, avoid=[], density=2.5)))
    n_max = len(particle_boxes(make(effect, avoid=[], density=10)))
    assert 0 < n1 < n_more <= n_max <= MAX_PARTICLES
    assert len(particle_boxes(make(effect, density=0))) == 0
    # Half the area, about half the particles: count follows the area.
    half = make(effect, avoid=[], box=Box(x=BOX.x, y=BOX.y, w=BOX.w, h=BOX.h / 2))
    assert 0.3 * n1 <= len(particle_boxes(half)) <= 0.7 * n1


def test_sparkles_are_few() -> None:
    n = len(particle_boxes(make("sparkles", avoid=[])))
    assert 5 <= n <= 20
    # A small box still gets a deliberate handful, not one or two stray glints.
    small = make("sparkles", avoid=[], box=Box(x=0, y=0, w=600, h=400))
    assert len(particle_boxes(small)) >= 5


def test_confetti_frames_the_content() -> None:
    """Denser at the top and edges than in the middle (per unit area, over seeds)."""
    top = middle = 0
    for seed in range(12):
        for x, y, w, h in particle_boxes(make("confetti", avoid=[], seed=seed, density=2)):
            u, v = (x + w / 2 - BOX.x) / BOX.w, (y + h / 2 - BOX.y) / BOX.h
            if v < 0.2:
                top += 1
            elif 0.3 < u < 0.7 and 0.3 < v < 0.7:
                middle += 1
    # The top band has 0.2 of the area, the middle square 0.16.
    assert top / 0.2 > 1.5 * (middle / 0.16)


def test_rain_becomes_a_downpour() -> None:
    light = particle_boxes(make("rain", avoid=[], density=1))
    heavy = particle_boxes(make("rain", avoid=[], density=3))
    mean_h = lambda bs: sum(b[3] for b in bs) / len(bs)  # noqa: E731
    assert len(heavy) > 3 * len(light)
    assert mean_h(heavy) > 1.5 * mean_h(light)


def test_custom_colours_are_used() -> None:
    frag = effect_svg(make("confetti", colors=["#123456", "#ABCDEF"]))
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', frag))
    assert used == {"#123456", "#abcdef"}


def test_nothing_fits_means_nothing_drawn() -> None:
    assert particle_boxes(make("confetti", avoid=[BOX])) == []
    assert particle_boxes(make("snow", box=Box(x=0, y=0, w=0, h=300))) == []


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS)
def test_pixels_respect_avoid_boxes(effect: str) -> None:
    img = rasterise(effect_svg(make(effect)))
    alpha = img[..., 3]
    for a in AVOID:
        assert alpha[int(a.y) : int(a.bottom), int(a.x) : int(a.right)].max() == 0
    assert (alpha > 0).sum() > 200
    # Nothing is drawn outside the layer box.
    assert alpha[: int(BOX.y)].max() == 0 and alpha[:, int(BOX.right) + 1 :].max() == 0


@pytest.mark.parametrize("effect", PARTICLE_EFFECTS)
def test_particle_boxes_cover_every_drawn_pixel(effect: str) -> None:
    layer = make(effect)
    alpha = rasterise(effect_svg(layer))[..., 3]
    covered = np.zeros_like(alpha, dtype=bool)
    for x, y, w, h in particle_boxes(layer):  # one pixel of slack for anti-aliasing
        covered[max(0, int(y) - 1) : int(y + h) + 2, max(0, int(x) - 1) : int(x + w) + 2] = True
    assert alpha[~covered].max() == 0


def test_vignette_darkens_edges_not_centre() -> None:
    layer = make("vignette")
    assert particle_boxes(layer) == [(BOX.x, BOX.y, BOX.w, BOX.h)]  # avoid is ignored
    img = rasterise(effect_svg(layer))
    alpha = img[..., 3].astype(int)
    cx, cy = int(BOX.cx), int(BOX.cy)
    corner = alpha[int(BOX.y) + 2, int(BOX.x) + 2]
    edge = alpha[cy, int(BOX.x) + 2]
    assert alpha[cy, cx] == 0
    assert 0 < edge < corner
    assert 0.25 * 255 <= corner <= 0.5 * 255  # ~35 % shading, not a black frame
    assert img[int(BOX.y) + 2, int(BOX.x) + 2, :3].max() < 10  # default colour is black
    stronger = rasterise(effect_svg(make("vignette", density=2)))[..., 3]
    assert stronger[int(BOX.y) + 2, int(BOX.x) + 2] > corner
