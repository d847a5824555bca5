"""Behaviours checked against expectations written down here, not derived from the code
under test: literal texts, the values a loopback server served, pixels compared directly,
the bytes a user received. (Issue 9: deliberate small bugs went through tests that read
their expectations from the module they test.)"""

from __future__ import annotations

import numpy as np
import pytest

import egaku
from egaku.edit import Move, Recolor, ReplaceText, Resize, apply, interpret
from egaku.render import render
from egaku.scene import BackgroundLayer, Box, Canvas, EffectLayer, Scene, ShapeLayer, Solid, TextLayer
from egaku.typography import measure
from egaku.understand import understand
from egaku.verify import normalize, verify

from .servers import daily_payload, ground_env, open_meteo, searxng

FIXTURES = (ground_env, open_meteo, searxng)

# --------------------------------------------------------------------------- quoted text, exactly


def test_quoted_text_keeps_its_edge_spaces_from_prompt_to_scene():
    prompt = 'Poster saying "  HELLO " big'
    assert understand(prompt).texts == ["  HELLO "]
    gen = egaku.generate(prompt, ocr=False)
    title = gen.scene.layer("title")
    assert title.text == "  HELLO "  # character for character
    assert [line.strip() for line in title.lines] == ["HELLO"]  # edge spaces draw nothing
    present = [c for c in gen.report.checks if c.name == "present"]
    assert [(c.target, c.ok) for c in present] == [("  HELLO ", True)]


@pytest.mark.parametrize(
    "instruction,new",
    [("change the title to ' NEW DAY '", " NEW DAY "), ("タイトルを『 新しい日 』にして", " 新しい日 ")],
)
def test_replaced_text_keeps_its_edge_spaces(instruction, new):
    scene = _poster()
    ops = interpret(scene, instruction, recent=[])
    assert ops == [ReplaceText(targets=["title"], text=new)]
    after = apply(scene, ops)
    assert after.layer("title").text == new
    assert normalize("".join(after.layer("title").lines)) == normalize(new)
    assert scene.layer("title").text == "OPEN HOUSE"  # the input scene is not modified


# --------------------------------------------------------------------------- edits, by hand-made scenes

W, H = 1000, 800


def _poster() -> Scene:
    """A poster with a title, its accent rule, and decorations well away from the top band."""
    layers = [
        BackgroundLayer(id="background", z=0, box=Box(x=0, y=0, w=W, h=H), fill=Solid(color="#FDF7EE")),
        ShapeLayer(
            id="dot",
            role="decoration",
            z=2,
            shape="ellipse",
            box=Box(x=40, y=620, w=120, h=120),
            fill=Solid(color="#E76F51"),
        ),
        ShapeLayer(
            id="bar",
            role="decoration",
            z=3,
            shape="rect",
            box=Box(x=820, y=600, w=140, h=40),
            fill=Solid(color="#2A9D8F"),
        ),
        EffectLayer(id="sparkle", role="decoration", z=4, box=Box(x=0, y=0, w=W, h=H), effect="dots", seed=3),
        ShapeLayer(
            id="rule",
            role="decoration",
            z=5,
            shape="rect",
            box=Box(x=400, y=470, w=200, h=8),
            fill=Solid(color="#264653"),
        ),
        TextLayer(
            id="title",
            role="title",
            z=10,
            box=Box(x=200, y=360, w=600, h=100),
            text="OPEN HOUSE",
            lines=["OPEN HOUSE"],
            size=80,
            fill="#1B1B1B",
        ),
    ]
    return Scene(canvas=Canvas(width=W, height=H), layers=layers)


def _raster_box(rendering, layer_id: str) -> tuple[int, int, int, int]:
    r = rendering.layer(layer_id)
    return r.x, r.y, r.x + r.image.width, r.y + r.image.height


def test_moving_the_title_changes_no_pixel_outside_the_title_and_its_rule():
    before = _poster()
    after = apply(before, [Move(targets=["title"], to="top")])
    # where it went: the top margin is 8 % of the short side (64 px); x and size kept
    t0, t1 = before.layer("title").box, after.layer("title").box
    assert (t1.x, t1.y, t1.w, t1.h) == (t0.x, 64.0, t0.w, t0.h)
    # the decorations out of its way stay exactly where they were
    for lid in ("dot", "bar", "sparkle"):
        assert after.layer(lid).box == before.layer(lid).box, lid
    r0, r1 = render(before), render(after)
    a, b = np.asarray(r0.image).astype(int), np.asarray(r1.image).astype(int)
    allowed = np.zeros((H, W), dtype=bool)
    for r in (r0, r1):  # old and new places of the title and the rule, as drawn
        for lid in ("title", "rule"):
            x0, y0, x1, y1 = _raster_box(r, lid)
            allowed[max(0, y0) : y1, max(0, x0) : x1] = True
    changed = np.any(a != b, axis=-1)
    assert changed.any()  # the title did move
    assert not (changed & ~allowed).any(), int((changed & ~allowed).sum())
    # and every decoration's own pixels are the same bytes at the same place
    for lid in ("dot", "bar", "sparkle"):
        assert _raster_box(r0, lid) == _raster_box(r1, lid), lid
        assert r0.layer(lid).image.tobytes() == r1.layer(lid).image.tobytes(), lid


@pytest.mark.parametrize(
    "to,edge",
    [
        ("top", ("y0", 64.0)),  # margin: 8 % of the short side, 800 px
        ("bottom", ("y1", H - 64.0)),
        ("left", ("x0", 64.0)),
        ("right", ("x1", W - 64.0)),
        ("center", ("c", (W / 2, H * 0.45))),
    ],
)
def test_move_puts_the_title_block_where_it_was_asked(to, edge):
    """The title and its accent rule move as one block, the rule 110 px under the title's top."""
    before = _poster()
    after = apply(before, [Move(targets=["title"], to=to)])
    t, r = after.layer("title").box, after.layer("rule").box
    assert (t.w, t.h, r.w, r.h) == (600.0, 100.0, 200.0, 8.0)  # nothing resized
    assert (r.x - t.x, r.y - t.y) == pytest.approx((200.0, 110.0))  # the rule kept its place under the title
    x0, y0, x1, y1 = min(t.x, r.x), min(t.y, r.y), max(t.right, r.right), max(t.bottom, r.bottom)
    side, want = edge
    got = {"y0": y0, "y1": y1, "x0": x0, "x1": x1, "c": ((x0 + x1) / 2, (y0 + y1) / 2)}[side]
    assert got == pytest.approx(want)
    # the other coordinate is kept
    if to in ("top", "bottom"):
        assert t.x == before.layer("title").box.x
    elif to in ("left", "right"):
        assert t.y == before.layer("title").box.y


def test_instructions_turn_into_the_asked_change():
    scene = _poster()
    assert interpret(scene, "change the title from red to blue", recent=[]) == [
        Recolor(targets=["title"], color="#1D4ED8")
    ]
    assert interpret(scene, "make the title bigger", recent=[]) == [Resize(targets=["title"], factor=1.25)]
    assert interpret(scene, "make the title smaller", recent=[]) == [Resize(targets=["title"], factor=0.8)]
    assert interpret(scene, "move the title to the bottom", recent=[]) == [Move(targets=["title"], to="bottom")]


@pytest.mark.parametrize("factor,size", [(1.25, 100.0), (0.8, 64.0)])
def test_resizing_text_scales_its_type_about_its_centre(factor, size):
    """80 px type made bigger (there is room for 100 px) or smaller, in place."""
    after = apply(_poster(), [Resize(targets=["title"], factor=factor)])
    title = after.layer("title")
    assert title.size == pytest.approx(size)
    assert (title.box.cx, title.box.cy) == pytest.approx((500.0, 410.0))
    r = render(after)
    x, _, w, _ = r.layouts["title"].ink
    assert w == pytest.approx(measure("OPEN HOUSE", "display", size), abs=1)  # drawn at that size
    rep = verify(after, r, ["OPEN HOUSE"], ocr=False)
    assert rep.ok, rep.to_dict()


def test_recolouring_the_title_changes_its_fill_only():
    before = _poster()
    after = apply(before, [Recolor(targets=["title"], color="#1D4ED8")])
    assert after.layer("title").fill == "#1D4ED8"
    assert [x.model_dump() for x in after.layers if x.id != "title"] == [
        x.model_dump() for x in before.layers if x.id != "title"
    ]


# --------------------------------------------------------------------------- the 7-day strip shows the served values

OSAKA = "Make a desktop wallpaper showing this week's forecast for Osaka"
# served (max, min) °C per day, and what each card must say: rounded to whole degrees
SERVED = [(21.2, 11.4), (18.7, 9.3), (12.1, 3.8), (15.6, 6.2), (16.9, 7.1), (8.8, -2.3), (4.2, -6.7)]
HIGHS = ["21°", "19°", "12°", "16°", "17°", "9°", "4°"]
LOWS = ["11°", "9°", "4°", "6°", "7°", "-2°", "-7°"]


def test_week_strip_draws_the_served_highs_and_lows(ground_env):
    daily = daily_payload(7)
    daily["temperature_2m_max"] = [hi for hi, _ in SERVED]
    daily["temperature_2m_min"] = [lo for _, lo in SERVED]
    ground_env.open_meteo.daily = daily
    gen = egaku.generate(OSAKA)
    assert any(r.startswith("/v1/forecast") for r in ground_env.open_meteo.requests)
    highs = [gen.scene.layer(f"day-{i}-high").text for i in range(1, 8)]
    lows = [gen.scene.layer(f"day-{i}-low").text for i in range(1, 8)]
    assert highs == HIGHS and lows == LOWS
    # and the pixels say so: OCR read each card's numbers back
    ocr = {c.target: c for c in gen.report.checks if c.name == "ocr"}
    for i in range(1, 8):
        for part, want in (("high", HIGHS[i - 1]), ("low", LOWS[i - 1])):
            c = ocr[f"day-{i}-{part}"]
            assert c.ok and normalize(str(c.value)) == normalize(want), (i, part, c)


# --------------------------------------------------------------------------- undo gives back what the user received


def test_undo_gives_back_the_file_the_user_received(tmp_path):
    from egaku.session import Session

    session = Session("u", home=tmp_path / "home")
    first = session.generate("Poster saying 'OPEN HOUSE' big", ocr=False)
    received = first.save(tmp_path / "first.png").read_bytes()
    session.edit("make the title blue")
    back = session.undo()
    assert back.turn == first.turn == 1
    assert back.save(tmp_path / "undone.png").read_bytes() == received  # byte for byte


def test_week_strip_rounds_halves_away_from_zero(ground_env):
    """16.5 reads 17°, 17.5 reads 18°, -2.5 reads -3° (Python's round() gives 16 and -2)."""
    daily = daily_payload(7)
    daily["temperature_2m_max"] = [16.5, 17.5, 0.5, 10.49, 3.0, 8.5, 1.5]
    daily["temperature_2m_min"] = [-2.5, 6.5, -0.5, 2.51, -1.0, 4.5, -4.5]
    ground_env.open_meteo.daily = daily
    gen = egaku.generate(OSAKA, ocr=False)
    highs = [gen.scene.layer(f"day-{i}-high").text for i in range(1, 8)]
    lows = [gen.scene.layer(f"day-{i}-low").text for i in range(1, 8)]
    assert highs == ["17°", "18°", "1°", "10°", "3°", "9°", "2°"]
    assert lows == ["-3°", "7°", "-1°", "3°", "-1°", "5°", "-5°"]
