"""Charts: exact proportions, only the given numbers, everything inside the box, OCR."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from egaku.errors import GlyphError, LayoutError
from egaku.render.charts import MIN_TEXT_PX, chart_geometry, chart_svg, format_value
from egaku.render.raster import render_layer
from egaku.render.svg import fragment
from egaku.scene import Box, ChartLayer
from egaku.verify import normalize, ocr_line

W, H = 1024, 768
BOX = Box(x=64, y=64, w=896, h=640)
NS = "{http://www.w3.org/2000/svg}"


def chart(**kw: object) -> ChartLayer:
    kw.setdefault("box", BOX)
    return ChartLayer(id="sales", **kw)


def svg_root(layer: ChartLayer) -> ET.Element:
    return ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{chart_svg(layer)}</svg>')


def bar_rects(layer: ChartLayer) -> list[ET.Element]:
    rects = {r.get("id"): r for r in svg_root(layer).iter(f"{NS}rect") if r.get("id")}
    return [rects[f"{layer.id}-bar-{i}"] for i in range(len(layer.values))]


def inside(inner: Box, outer: Box, eps: float = 1e-6) -> bool:
    return (
        inner.x >= outer.x - eps
        and inner.y >= outer.y - eps
        and inner.right <= outer.right + eps
        and inner.bottom <= outer.bottom + eps
    )


CASES = [
    dict(chart="bar", labels=["A組", "B組", "C組"], values=[12, 9, 15]),
    dict(chart="bar", labels=["4月", "5月", "6月", "7月"], values=[3, 0, 7.5, -2], unit="万円"),
    dict(chart="bar", labels=["月", "火", "水", "木", "金", "土", "日"], values=[120, 98, 143, 110, 160, 210, 185]),
    dict(chart="line", labels=["1月", "2月", "3月", "4月", "5月"], values=[-3.5, -1, 2.5, 8, 6], unit="℃"),
    dict(chart="line", labels=["春", "夏", "秋", "冬"], values=[12, 30, 15, 22], unit="kg"),
    dict(chart="pie", labels=["りんご", "みかん", "ぶどう", "もも"], values=[35, 25, 0, 12.5], unit="票"),
    dict(chart="bar", labels=["北海道エリアの店舗", "東北エリアの店舗", "九州・沖縄エリアの店舗"], values=[4, 3, 9]),
]


# --------------------------------------------------------------------------- exact proportions


@pytest.mark.parametrize("values", [[12, 9, 15], [3, 0, 7.5, -2], [0.25, 1000, 333.3], [-5, -1.5]])
def test_bar_heights_in_the_svg_are_proportional_to_the_data(values):
    layer = chart(labels=[f"L{i}" for i in range(len(values))], values=values)
    rects = bar_rects(layer)
    heights = [float(r.get("height")) for r in rects]
    scale = max(heights) / max(abs(v) for v in values)
    assert max(heights) > 300  # the tallest bar takes most of the box
    for h, v, r in zip(heights, values, rects):
        assert abs(h - abs(v) * scale) <= 0.5, (h, v, scale)
        assert float(r.get("data-value")) == v
    geo = chart_geometry(layer)
    for bar, v in zip(geo.bars, values):
        assert bar.h == pytest.approx(abs(v) * scale, abs=0.05)
        # positive bars stand on the zero line, negative ones hang from it
        edge = bar.bottom if v >= 0 else bar.y
        assert edge == pytest.approx(geo.zero)


def test_bars_are_evenly_spaced_and_equally_wide():
    geo = chart_geometry(chart(labels=list("abcde"), values=[1, 2, 3, 4, 5]))
    centres = [b.cx for b in geo.bars]
    steps = {round(b - a, 6) for a, b in zip(centres, centres[1:])}
    assert len(steps) == 1
    assert len({round(b.w, 6) for b in geo.bars}) == 1
    assert geo.bars[0].w == pytest.approx(0.6 * steps.pop())


def test_line_points_sit_at_value_times_scale_from_the_zero_line():
    values = [12, 30, 15, 22, -4]
    geo = chart_geometry(chart(chart="line", labels=list("abcde"), values=values))
    assert geo.zero is not None
    heights = [geo.zero - y for _, y in geo.points]
    scale = heights[1] / 30
    for h, v in zip(heights, values):
        assert h == pytest.approx(v * scale, abs=1e-6)
    xs = [x for x, _ in geo.points]
    assert len({round(b - a, 6) for a, b in zip(xs, xs[1:])}) == 1


def test_pie_sweeps_sum_to_360_and_are_proportional():
    values = [35, 25, 0, 12.5]
    layer = chart(chart="pie", labels=["a", "b", "c", "d"], values=values)
    geo = chart_geometry(layer)
    assert sum(s for _, s in geo.wedges) == pytest.approx(360)
    for (_, sweep), v in zip(geo.wedges, values):
        assert sweep == pytest.approx(360 * v / sum(values))
    starts = [s for s, _ in geo.wedges]
    assert starts[0] == 0  # 12 o'clock
    for (s0, w0), s1 in zip(geo.wedges, starts[1:]):
        assert s1 == pytest.approx(s0 + w0)  # clockwise, no gaps
    # the drawn wedge ends where its sweep says (0° at 12 o'clock, clockwise)
    p = geo.plot
    path = next(e for e in svg_root(layer).iter(f"{NS}path") if e.get("id") == "sales-wedge-0")
    end = [float(t) for t in re.findall(r"-?[\d.]+", path.get("d", ""))[-2:]]
    a = math.radians(geo.wedges[0][1])
    assert end == pytest.approx([p.cx + p.w / 2 * math.sin(a), p.cy - p.w / 2 * math.cos(a)], abs=0.01)


def test_a_single_pie_value_is_a_full_circle():
    layer = chart(chart="pie", labels=["all", "none"], values=[4, 0])
    assert chart_geometry(layer).wedges == [(0.0, 360.0), (360.0, 0.0)]
    assert any(e.get("id") == "sales-wedge-0" for e in svg_root(layer).iter(f"{NS}circle"))


# --------------------------------------------------------------------------- only the given numbers


def test_format_value_prints_numbers_exactly_as_given():
    assert format_value(12.0) == "12"
    assert format_value(12.5) == "12.5"
    assert format_value(-2.0) == "-2"
    assert format_value(-0.0) == "0"
    assert format_value(0.1) == "0.1"
    assert format_value(1234567.0) == "1234567"
    assert format_value(550.0, "円") == "550円"
    assert format_value(12.0, "%") == "12%"
    assert format_value(3.0, "kg") == "3 kg"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['chart']}-{len(c['values'])}")
def test_the_only_numbers_printed_are_the_given_values(case):
    layer = chart(**case)
    geo = chart_geometry(layer)
    given = [format_value(v, layer.unit) for v in layer.values]
    label_lines = [t.text for t in geo.texts if t.font == "text"]
    values = [t.text for t in geo.texts if t.font == "display"]
    assert sorted(values) == sorted(given)  # each value printed once
    assert "".join(label_lines) == "".join(layer.labels)  # labels (maybe broken in two lines), in order
    for t in geo.texts:
        if re.search(r"\d", t.text):
            assert t.text in given or any(t.text in label for label in layer.labels), t.text
    # and nothing is drawn as live text that could say anything else
    root = svg_root(layer)
    assert not list(root.iter(f"{NS}text"))


@pytest.mark.parametrize(
    "labels,values,unit,printed",
    [
        (["A組", "B組", "C組"], [12, 9, 15], "", ["12", "9", "15"]),
        (["4月", "5月", "6月", "7月"], [3, 0, 7.5, -2], "万円", ["3万円", "0万円", "7.5万円", "-2万円"]),
        (["a", "b", "c"], [0.25, 1000, 3.0], "kg", ["0.25 kg", "1000 kg", "3 kg"]),
    ],
)
def test_each_bar_carries_its_own_value_and_label(labels, values, unit, printed):
    """Written out by hand: bar i is labelled labels[i] and shows printed[i], centred on it."""
    geo = chart_geometry(chart(labels=labels, values=values, unit=unit))
    for bar, label, value in zip(geo.bars, labels, printed):
        at = [t for t in geo.texts if t.x == pytest.approx(bar.cx)]
        assert sorted(t.text for t in at) == sorted([label, value]), (bar, at)
        assert [t.text for t in at if t.font == "display"] == [value]


# --------------------------------------------------------------------------- inside the box


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['chart']}-{len(c['values'])}")
@pytest.mark.parametrize("box", [BOX, Box(x=300, y=40, w=420, h=700), Box(x=10, y=500, w=1000, h=260)])
def test_every_text_is_inside_the_box_and_the_data_inside_the_plot(case, box):
    layer = chart(box=box, **case)
    geo = chart_geometry(layer)
    assert inside(geo.plot, box)
    for t in geo.texts:
        assert inside(t.box, box), (t, box)
        assert MIN_TEXT_PX <= t.size <= layer.label_size
    for bar in geo.bars:
        assert inside(bar, geo.plot)
    for x, y in geo.points:
        assert inside(Box(x=x, y=y, w=0, h=0), geo.plot)
    for s in geo.swatches:
        assert inside(s, box)
    # texts never overlap one another
    boxes = [t.box for t in geo.texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b), (a, b)


def test_values_and_labels_clear_the_bars():
    geo = chart_geometry(chart(**CASES[1]))
    for t in geo.texts:
        for bar in geo.bars:
            assert not t.box.intersects(bar), (t, bar)


def test_long_labels_shrink_to_their_slot_or_break_at_a_phrase():
    labels = ["Alpha Centauri", "Beta Pictoris", "Gamma Draconis", "Delta Scuti", "Epsilon Eridani"]
    layer = chart(box=Box(x=0, y=0, w=600, h=400), labels=labels, values=[1, 2, 3, 4, 5])
    geo = chart_geometry(layer)
    slot = (geo.plot.w) / len(labels)
    label_texts = [t for t in geo.texts if t.font == "text"]
    assert all(t.width <= slot for t in label_texts)
    assert all(t.size >= MIN_TEXT_PX for t in label_texts)
    assert len(label_texts) > len(labels)  # two-line labels beat tiny type
    assert {t.text for t in label_texts} >= {"Alpha", "Centauri"}


def test_labels_that_cannot_fit_even_at_the_minimum_size_raise():
    with pytest.raises(LayoutError, match="labels need 14 px"):
        chart_geometry(chart(box=Box(x=0, y=0, w=300, h=400), labels=["とても長いカテゴリー名"] * 6, values=[1] * 6))


def test_a_box_too_short_for_the_data_raises():
    with pytest.raises(LayoutError, match="taller"):
        chart_geometry(chart(box=Box(x=0, y=0, w=600, h=60), labels=["a", "b"], values=[1, -1]))


# --------------------------------------------------------------------------- bad data


def test_bad_data_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="≥ 0"):
        chart_geometry(chart(chart="pie", labels=["a", "b"], values=[3, -1]))
    with pytest.raises(ValueError, match="positive total"):
        chart_geometry(chart(chart="pie", labels=["a", "b"], values=[0, 0]))
    with pytest.raises(ValueError, match="2 labels but 3 values"):
        chart_geometry(chart(labels=["a", "b"], values=[1, 2, 3]))


def test_characters_no_shipped_font_covers_raise_glyph_error():
    with pytest.raises(GlyphError):
        chart_svg(chart(labels=["A\u2212B", "C"], values=[1, 2]))  # U+2212 MINUS SIGN
    with pytest.raises(GlyphError):
        chart_svg(chart(labels=["A", "C"], values=[1, 2], unit="\U0001f600"))


# --------------------------------------------------------------------------- colours


def test_the_largest_bar_takes_the_accent():
    layer = chart(labels=list("abc"), values=[12, 9, 15], colors=["#C0392B", "#E8B4A0"])
    fills = [r.get("fill") for r in bar_rects(layer)]
    assert fills == ["#E8B4A0", "#E8B4A0", "#C0392B"]
    one = chart(labels=list("abc"), values=[12, 9, 15], colors=["#123456"])
    assert {r.get("fill") for r in bar_rects(one)} == {"#123456"}


def test_pie_wedges_never_repeat_a_colour_next_to_each_other():
    geo = chart_geometry(chart(chart="pie", labels=list("abcdefg"), values=[1] * 7, colors=["#C0392B", "#2E86C1"]))
    ring = list(geo.colors) + [geo.colors[0]]
    assert all(a != b for a, b in zip(ring, ring[1:]))
    assert geo.colors[:2] == ("#C0392B", "#2E86C1")


# --------------------------------------------------------------------------- rendering


def rendered(layer: ChartLayer) -> Image.Image:
    img = Image.new("RGBA", (W, H), (255, 255, 255, 255))
    img.alpha_composite(render_layer(layer, W, H).full((W, H)))
    return img.convert("RGB")


def test_ocr_reads_every_label_and_value_back():
    layer = chart(labels=["A組", "B組", "C組"], values=[12, 9, 15])
    img = rendered(layer)
    geo = chart_geometry(layer)
    assert sorted(t.text for t in geo.texts) == sorted(["A組", "B組", "C組", "12", "9", "15"])
    for t in geo.texts:
        b, pad = t.box, 0.3 * t.size
        crop = img.crop((int(b.x - pad), int(b.y - pad), math.ceil(b.right + pad), math.ceil(b.bottom + pad)))
        k = 48 / t.size  # PP-OCR reads lines ~48 px high
        crop = crop.resize((round(crop.width * k), round(crop.height * k)), Image.Resampling.LANCZOS)
        assert normalize(ocr_line(crop)) == normalize(t.text)


def test_bars_are_painted_where_the_geometry_says():
    layer = chart(labels=["A組", "B組", "C組"], values=[12, 9, 15], colors=["#C0392B", "#2E86C1"])
    img = rendered(layer)
    for bar, fill in zip(chart_geometry(layer).bars, ["#2E86C1", "#2E86C1", "#C0392B"]):
        want = tuple(int(fill[i : i + 2], 16) for i in (1, 3, 5))
        assert img.getpixel((int(bar.cx), int(bar.cy))) == want
        assert img.getpixel((int(bar.cx), int(bar.y) - 3)) == (255, 255, 255)  # nothing above the bar top


def test_charts_are_deterministic():
    for case in CASES:
        layer = chart(**case)
        assert chart_svg(layer) == chart_svg(chart(**case))
        assert fragment(layer) == chart_svg(layer)
    layer = chart(**CASES[0])
    a = render_layer(layer, W, H).image.tobytes()
    b = render_layer(chart(**CASES[0]), W, H).image.tobytes()
    assert a == b


def test_verify_reads_the_chart_pixels_back():
    """verify's OCR of a chart compares the pixels with what the scene says: a label the
    scene changed after rendering is caught; the ones left alone pass."""
    from egaku.render import render
    from egaku.scene import BackgroundLayer, Canvas, Scene, Solid
    from egaku.verify import verify

    bg = BackgroundLayer(id="background", z=0, box=Box(x=0, y=0, w=W, h=H), fill=Solid(color="#FFFFFF"))
    scene = Scene(
        canvas=Canvas(width=W, height=H), layers=[bg, chart(z=10, labels=["A組", "B組", "C組"], values=[12, 9, 15])]
    )
    rendering = render(scene)
    rep = verify(scene, rendering, [])
    got = {c.target: (c.ok, c.value) for c in rep.checks if c.name == "ocr"}
    assert got == {f"sales:{t}": (True, t) for t in ["A組", "B組", "C組", "12", "9", "15"]}
    scene.layers[1].labels = ["A組", "D組", "C組"]  # same length: the texts stay where they were drawn
    rep = verify(scene, rendering, [])
    failed = [(c.target, c.value) for c in rep.failed()]
    assert failed == [("sales:D組", "B組")]
