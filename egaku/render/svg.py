"""Scene → SVG. Each layer becomes one fragment; the raster path draws text as glyph
outlines (so what is measured is exactly what is drawn), the export keeps live <text>.

All strings from the request are escaped; nothing from the request ever becomes an
attribute that names a resource (no href).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from ..errors import AssetError
from ..scene import (
    BackgroundLayer,
    Box,
    Camera,
    ChartLayer,
    EffectLayer,
    GroupLayer,
    IconLayer,
    Layer,
    ObjectLayer,
    PartLayer,
    RasterLayer,
    Scene,
    SceneryLayer,
    ShapeLayer,
    TextLayer,
)
from ..typography import FACE_FAMILY, TextLayout, face, layout_lines
from .paint import glyph_paths, n, paint

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


def text_layout(layer: TextLayer) -> TextLayout:
    b = layer.box
    return layout_lines(
        layer.lines,
        layer.font,
        layer.size,
        (b.x, b.y, b.w, b.h),
        align=layer.align,
        vertical=layer.vertical,
        line_height=layer.line_height,
        tracking=layer.tracking,
        text=layer.text,
        ruby=[(r.start, r.end, r.reading) for r in layer.ruby],
    )


def backdrop_box(layer: TextLayer, lay: TextLayout) -> Box:
    pad = 0.45 * layer.size
    x, y, w, h = lay.ink
    return Box(x=x - pad, y=y - pad * 0.8, w=w + 2 * pad, h=h + 1.6 * pad)


def _glyphs(layer: TextLayer, lay: TextLayout, dx: float = 0.0, dy: float = 0.0) -> str:
    body = "".join(glyph_paths(layer.font, layer.size, line.glyphs, line.x + dx, line.y + dy) for line in lay.lines)
    # ruby (furigana), placed by the layout engine beside its base
    return body + "".join(glyph_paths(layer.font, lay.ruby_size, r.glyphs, r.x + dx, r.y + dy) for r in lay.ruby)


def _text_outlined(layer: TextLayer) -> str:
    lay = text_layout(layer)
    parts: list[str] = []
    if layer.backdrop and layer.backdrop_opacity > 0:
        bb = backdrop_box(layer, lay)
        parts.append(
            f'<rect x="{n(bb.x)}" y="{n(bb.y)}" width="{n(bb.w)}" height="{n(bb.h)}" '
            f'rx="{n(0.25 * layer.size)}" fill="{layer.backdrop}" fill-opacity="{n(layer.backdrop_opacity)}"/>'
        )
    if layer.shadow:
        off = max(1.0, 0.04 * layer.size)
        parts.append(f'<g fill="{layer.shadow}" fill-opacity="0.35">{_glyphs(layer, lay, off * 0.6, off)}</g>')
    body = _glyphs(layer, lay)
    if layer.outline and layer.outline_width > 0:
        # the stroke is inside each glyph's scaled transform, so its width is in font units
        w = 2 * layer.outline_width * face(layer.font).upem
        parts.append(
            f'<g fill="{layer.outline}" stroke="{layer.outline}" stroke-width="{n(w)}" '
            f'stroke-linejoin="round">{body}</g>'
        )
    parts.append(f'<g fill="{layer.fill}">{body}</g>')
    return "".join(parts)


def _text_live(layer: TextLayer) -> str:
    """Editable text for the exported SVG: one <text> per line (or column)."""
    lay = text_layout(layer)
    family, weight = FACE_FAMILY[layer.font]
    common = f'font-family={quoteattr(family)} font-weight="{weight}" font-size="{n(layer.size)}" fill="{layer.fill}"'
    if layer.tracking:
        common += f' letter-spacing="{n(layer.tracking * layer.size)}"'
    if layer.outline and layer.outline_width > 0:
        common += (
            f' stroke="{layer.outline}" stroke-width="{n(2 * layer.outline_width * layer.size)}" '
            f'stroke-linejoin="round" paint-order="stroke"'
        )
    parts = []
    if layer.backdrop and layer.backdrop_opacity > 0:
        bb = backdrop_box(layer, lay)
        parts.append(
            f'<rect x="{n(bb.x)}" y="{n(bb.y)}" width="{n(bb.w)}" height="{n(bb.h)}" '
            f'rx="{n(0.25 * layer.size)}" fill="{layer.backdrop}" fill-opacity="{n(layer.backdrop_opacity)}"/>'
        )
    for line in lay.lines:
        if layer.vertical:
            parts.append(
                f'<text x="{n(line.x)}" y="{n(line.y)}" writing-mode="vertical-rl" {common}>{escape(line.text)}</text>'
            )
        else:
            parts.append(f'<text x="{n(line.x)}" y="{n(line.y)}" {common}>{escape(line.text)}</text>')
    ruby_common = common.replace(f'font-size="{n(layer.size)}"', f'font-size="{n(lay.ruby_size)}"')
    for r in lay.ruby:  # ruby as small live text beside its base
        mode = ' writing-mode="vertical-rl"' if layer.vertical else ""
        parts.append(f'<text x="{n(r.x)}" y="{n(r.y)}"{mode} {ruby_common}>{escape(r.text)}</text>')
    return "".join(parts)


def _shape(layer: ShapeLayer) -> str:
    b = layer.box
    defs, fill = paint(layer.fill, f"{layer.id}-fill", b) if layer.fill else ("", "none")
    stroke = (
        f' stroke="{layer.stroke}" stroke-width="{n(layer.stroke_width)}"'
        if layer.stroke and layer.stroke_width > 0
        else ""
    )
    attrs = f'fill="{fill}"{stroke}'
    if layer.shape == "rect":
        body = f'<rect x="{n(b.x)}" y="{n(b.y)}" width="{n(b.w)}" height="{n(b.h)}" rx="{n(layer.radius)}" {attrs}/>'
    elif layer.shape in ("ellipse", "ring"):
        if layer.shape == "ring":
            attrs = f'fill="none" stroke="{layer.stroke or "#000000"}" stroke-width="{n(layer.stroke_width or 2)}"'
        body = f'<ellipse cx="{n(b.cx)}" cy="{n(b.cy)}" rx="{n(b.w / 2)}" ry="{n(b.h / 2)}" {attrs}/>'
    elif layer.shape == "rays":
        # wedges from the box centre, clipped to the box in Python (a clip-path costs resvg
        # more than the wedges themselves)
        r = math.hypot(b.w, b.h)
        wedges = []
        for i in range(layer.count):
            a0 = 2 * math.pi * i / layer.count
            a1 = a0 + math.pi / layer.count
            tri = [
                (b.cx, b.cy),
                (b.cx + r * math.cos(a0), b.cy + r * math.sin(a0)),
                (b.cx + r * math.cos(a1), b.cy + r * math.sin(a1)),
            ]
            poly = _clip_to_box(tri, b)
            if len(poly) >= 3:
                wedges.append("M" + "L".join(f"{n(x)} {n(y)}" for x, y in poly) + "Z")
        body = f'<path d="{"".join(wedges)}" {attrs}/>'
    elif layer.shape == "polygon":
        pts = " ".join(f"{n(b.x + px * b.w)},{n(b.y + py * b.h)}" for px, py in layer.points)
        body = f'<polygon points="{pts}" {attrs}/>'
    else:  # line
        dash = (
            f' stroke-dasharray="{n(layer.dash)} {n(layer.dash + 2.2 * (layer.stroke_width or 2))}"'
            if layer.dash
            else ""
        )
        body = (
            f'<line x1="{n(b.x)}" y1="{n(b.y)}" x2="{n(b.right)}" y2="{n(b.bottom)}" '
            f'stroke="{layer.stroke or "#000000"}" stroke-width="{n(layer.stroke_width or 2)}" stroke-linecap="round"{dash}/>'
        )
    if layer.rotate:
        body = f'<g transform="rotate({n(layer.rotate)} {n(b.cx)} {n(b.cy)})">{body}</g>'
    return (f"<defs>{defs}</defs>" if defs else "") + body


def _clip_to_box(poly: list[tuple[float, float]], b: Box) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: clip a convex polygon to an axis-aligned box."""
    edges = [
        (lambda p: p[0] >= b.x, lambda p, q: _cross_x(p, q, b.x)),
        (lambda p: p[0] <= b.right, lambda p, q: _cross_x(p, q, b.right)),
        (lambda p: p[1] >= b.y, lambda p, q: _cross_y(p, q, b.y)),
        (lambda p: p[1] <= b.bottom, lambda p, q: _cross_y(p, q, b.bottom)),
    ]
    out = poly
    for inside, cross in edges:
        pts, out = out, []
        for i, cur in enumerate(pts):
            prev = pts[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        if not out:
            break
    return out


def _cross_x(p: tuple[float, float], q: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _cross_y(p: tuple[float, float], q: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def _object_style(layer: ObjectLayer) -> str:
    """The layer's style when its subject has that artwork, else the subject's own first
    style (as the composer chooses for a subject that shares no style with the rest): an
    object added by an edit, or a scene from elsewhere, still draws. An unknown subject is
    an AssetError, not a KeyError."""
    from .. import assets

    try:
        styles = assets.subject(layer.asset).styles
    except KeyError:
        raise AssetError(
            f"layer {layer.id!r} draws library subject {layer.asset[:40]!r}, which egaku does not have; "
            "remove the layer or choose another subject"
        ) from None
    return layer.style if layer.style in styles else styles[0]


def fragment(layer: Layer, live_text: bool = False, camera: Camera | None = None) -> str:
    """The SVG for one layer (no root element), with its opacity. Parts and scenery are
    drawn through ``camera`` (the scene's; eye level when None)."""
    cam = camera or Camera()
    if isinstance(layer, BackgroundLayer):
        defs, fill = paint(layer.fill, f"{layer.id}-fill", layer.box)
        b = layer.box
        body = (f"<defs>{defs}</defs>" if defs else "") + (
            f'<rect x="{n(b.x)}" y="{n(b.y)}" width="{n(b.w)}" height="{n(b.h)}" fill="{fill}"/>'
        )
    elif isinstance(layer, ShapeLayer):
        body = _shape(layer)
    elif isinstance(layer, TextLayer):
        body = _text_live(layer) if live_text else _text_outlined(layer)
    elif isinstance(layer, IconLayer):
        from ..icons import icon_fragment

        b = layer.box
        body = icon_fragment(layer.code, b.x, b.y, b.w, b.h, layer.rotate)
    elif isinstance(layer, ObjectLayer):
        from ..assets import fragment as asset_fragment

        b = layer.box
        body = asset_fragment(
            layer.asset,
            _object_style(layer),
            (b.x, b.y, b.w, b.h),
            color=layer.color,
            flip=layer.flip,
            rotate=layer.rotate,
        )
    elif isinstance(layer, EffectLayer):
        from .effects import effect_svg

        body = effect_svg(layer)
    elif isinstance(layer, PartLayer):
        from .figures import part_svg

        body = part_svg(layer, cam)
    elif isinstance(layer, SceneryLayer):
        from .scenery import scenery_svg

        body = scenery_svg(layer, cam)
    elif isinstance(layer, ChartLayer):
        from .charts import chart_svg

        body = chart_svg(layer)
    elif isinstance(layer, RasterLayer):
        # the painted pixels inline, as data: never a reference to a file
        b = layer.box
        body = (
            f'<image x="{n(b.x)}" y="{n(b.y)}" width="{n(b.w)}" height="{n(b.h)}" preserveAspectRatio="none" '
            f'href="data:image/png;base64,{layer.png}"/>'
        )
    elif isinstance(layer, GroupLayer):
        kids = sorted(enumerate(layer.children), key=lambda p: (p[1].z, p[0]))
        body = "".join(f'<g id="{k.id}">{fragment(k, live_text, cam)}</g>' for _, k in kids)
    else:  # pragma: no cover - the Layer union is closed
        raise TypeError(type(layer))
    if layer.opacity < 1:
        body = f'<g opacity="{n(layer.opacity)}">{body}</g>'
    return body


def bounds(layer: Layer, camera: Camera | None = None) -> Box:
    """Where a layer may put paint, in canvas px (before clipping to the canvas)."""
    if isinstance(layer, PartLayer):
        from .figures import part_bounds

        return part_bounds(layer, camera or Camera())
    if isinstance(layer, TextLayer):
        lay = text_layout(layer)
        x, y, w, h = lay.ink
        m = 0.35 * layer.size + 2 * layer.outline_width * layer.size
        box = Box(x=x - m, y=y - m, w=w + 2 * m, h=h + 2 * m)
        if layer.backdrop and layer.backdrop_opacity > 0:
            bb = backdrop_box(layer, lay)
            box = _union(box, bb.inset(-2))
        return box
    if isinstance(layer, GroupLayer):
        out = layer.box
        for k in layer.children:
            out = _union(out, bounds(k, camera))
        return out
    b = layer.box
    if isinstance(layer, (ShapeLayer, IconLayer, ObjectLayer)) and layer.rotate:
        r = math.hypot(b.w, b.h) / 2
        b = Box(x=b.cx - r, y=b.cy - r, w=2 * r, h=2 * r)
    if isinstance(layer, ShapeLayer) and layer.stroke_width:
        b = b.inset(-layer.stroke_width)
    return b


def _union(a: Box, b: Box) -> Box:
    x0, y0 = min(a.x, b.x), min(a.y, b.y)
    x1, y1 = max(a.right, b.right), max(a.bottom, b.bottom)
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)


def document(width: int, height: int, body: str, viewbox: tuple[int, int, int, int] | None = None) -> str:
    vb = viewbox or (0, 0, width, height)
    return f'<svg {SVG_NS} width="{vb[2]}" height="{vb[3]}" viewBox="{vb[0]} {vb[1]} {vb[2]} {vb[3]}">{body}</svg>'


def scene_svg(scene: Scene, live_text: bool = True, metadata: str = "") -> str:
    """The whole scene as one SVG; each layer an Inkscape layer named by its id."""
    parts = []
    for layer in scene.ordered():
        label = quoteattr(layer.name or layer.id)
        parts.append(
            f'<g id="{layer.id}" inkscape:groupmode="layer" inkscape:label={label}>{fragment(layer, live_text, scene.camera)}</g>'
        )
    meta = f"<metadata>{escape(metadata)}</metadata>" if metadata else ""
    w, h = scene.canvas.width, scene.canvas.height
    return (
        f'<svg {SVG_NS} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        f'width="{w}" height="{h}" viewBox="0 0 {w} {h}">{meta}{"".join(parts)}</svg>'
    )
