"""The structured formats: logo, sticker, timetable, flyer with sections, certificate, and
the banner that sets several texts in a row.

Each has its own canvas, grid and conventions (see ``understand.rules.KINDS``):

- **logo**: an emblem (the request's subject as an icon in a badge) over a wordmark and a
  tagline, on a transparent canvas; the SVG (``--svg``) is the file to use.
- **sticker**: the subject and the words with a die-cut outline that follows their shape
  (the union of their drawn pixels, grown by the cut margin, as one vector path), on a
  transparent canvas.
- **timetable**: a real table: a header band, row heads, zebra rows and one type size for
  every cell; the cells are the request's own words.
- **flyer**: a title block, then 日時 / 場所 / 料金 / … as labelled rows, the contact in a
  band at the foot.
- **certificate**: a formal frame; Japanese 賞状 are vertical, read right to left (heading,
  award, name, body, date, issuer); English ones are centred with signature lines.
- **banner row**: a wide banner with three or more texts: the title on the left, the
  details in the middle, a call to action as a button on the right.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..scene import Box, IconLayer, Layer, Scene, ShapeLayer, Solid, TextLayer
from ..typography import measure
from ..understand.formats import certificate_parts, is_cta
from ..understand.intent import Intent, Trace
from .base import contrast, fitted_text, is_dark, make_scene, mix, safe_area, title_tracking
from .layouts import _background, _title_with_rule
from .styles import readable, styled_theme
from .themes import THEMES, Theme

__all__ = ["banner_row", "certificate", "flyer", "logo", "sticker", "timetable"]


def _on(color: str, *candidates: str) -> str:
    """The candidate that reads best on ``color``."""
    return max(candidates, key=lambda c: contrast(c, color))


def _emblem_icon(intent: Intent) -> tuple[str, str] | None:
    """(code, emoji) of the request's subject as an icon: the subjects its instruction
    names (the quoted words and a format's data are not read as subjects)."""
    from ..icons import icon_for_emoji
    from .infographic import _icon_for

    for char in list(intent.subjects) + ([intent.subject_icon] if intent.subject_icon else []):
        try:
            icon = icon_for_emoji(char)
        except (KeyError, LookupError, ValueError):
            continue
        return icon.code, icon.emoji
    if intent.plan is not None:
        for s in intent.plan.subjects:
            found = _icon_for(s.word or s.what, [])
            if found is not None:
                return found[0], found[1]
    return None


def _name_icon(name: str) -> tuple[str, str] | None:
    """An icon for a business name's own words ('Kumo Coffee' → ☕, 'Sakura Dental' → 🦷):
    whole words that name a thing, the last (the trade) first; None when none does."""
    from ..icons import find_icon

    words = [w for w in re.split(r"[^\w\u3040-\u30ff\u4e00-\u9fff]+", name) if len(w) >= 3]
    for w in reversed(words):
        icon = find_icon(w.lower())
        if icon is not None and w.lower() not in ("the", "and", "job", "good", "best", "new"):
            return icon.code, icon.emoji
    return None


def _drawn_subject(intent: Intent) -> Any:
    """The request's first named subject the library draws (a shiba inu, a lotus), or None."""
    if intent.plan is None:
        return None
    return next((s for s in intent.plan.subjects if s.asset and not s.motif), None)


def _object(
    subject: Any, intent: Intent, box: Box, *, lid: str = "subject", role: str = "subject", z: int = 20
) -> Layer:
    """The library's artwork of ``subject`` fitted into ``box``."""
    from ..scene import ObjectLayer

    style = intent.plan.style if intent.plan is not None else "flat"
    return ObjectLayer(
        id=lid, name=f"{role} {subject.what}", role=role, z=z, box=box, depicts=subject.what, asset=subject.asset,
        style=style, color=subject.color,
    )  # fmt: skip


def _credit_artwork(scene: Scene, intent: Intent) -> None:
    from .picture import asset_credits

    have = {a.name for a in scene.assets}
    for a in asset_credits(intent.plan.style if intent.plan is not None else "flat"):
        if a.name not in have:
            scene.assets.append(a)


def _theme_icon(theme: Theme) -> tuple[str, str] | None:
    """The theme's first icon; a star when the theme has none (a mark needs something)."""
    from ..icons import icon_for_emoji

    for char in theme.icons + ("⭐",):
        try:
            icon = icon_for_emoji(char)
        except (KeyError, LookupError, ValueError):
            continue
        return icon.code, icon.emoji
    return None


# 1. Logo ---------------------------------------------------------------------------


def logo(intent: Intent, trace: Trace) -> Scene:
    """Emblem over wordmark (and tagline), centred on a transparent square."""
    theme = styled_theme(intent)  # the theme, in the named style's colours when one was named
    W, H = intent.width, intent.height
    short = min(W, H)
    dark = is_dark(theme)
    # the mark sits on any page: a deep ink and one accent, whatever the theme's ground
    ink = theme.bg[-1] if dark else theme.ink
    accent = theme.accent if contrast(theme.accent, "#FFFFFF") >= 2.2 else mix(theme.accent, ink, 0.45)
    layers: list[Layer] = []
    name = intent.texts[0] if intent.texts else None
    tagline = intent.texts[1] if len(intent.texts) > 1 else None
    icon = _emblem_icon(intent)  # the subject the request names, as an icon, else as artwork,
    drawn = _drawn_subject(intent) if icon is None else None  # else the trade in the name
    if icon is None and drawn is None:
        icon = _name_icon(name) if name else _theme_icon(theme)
    if icon is None and drawn is None:  # the initial goes on the badge: white must read on it
        accent = readable(accent, "#FFFFFF", 4.5)
    d = (0.36 if name else 0.62) * short
    top = (0.13 if name else 0.19) * H
    if tagline is None and name:
        top = 0.17 * H
    badge = Box(x=W / 2 - d / 2, y=top, w=d, h=d)
    layers.append(
        ShapeLayer(
            id="emblem-badge",
            name="emblem badge",
            role="emblem",
            z=10,
            shape="ellipse",
            box=badge,
            fill=Solid(color=accent),
        )  # fmt: skip
    )
    layers.append(
        ShapeLayer(
            id="emblem-ring",
            name="emblem ring",
            role="emblem",
            z=11,
            shape="ring",
            box=badge.inset(0.06 * d),
            stroke="#FFFFFF",
            stroke_width=max(2.0, 0.018 * d),
            opacity=0.9,
        )  # fmt: skip
    )
    if icon is not None:
        code, emoji = icon
        inner = badge.inset(0.2 * d)
        layers.append(
            IconLayer(
                id="emblem", name=f"emblem {emoji}", role="emblem", z=12, box=inner, code=code, emoji=emoji
            )  # fmt: skip
        )
        trace.add("compose", f"logo emblem: {emoji} in a {accent} badge", "the request's subject, as an icon")
    elif drawn is not None:
        layers.append(_object(drawn, intent, badge.inset(0.2 * d), lid="emblem", role="emblem", z=12))
        trace.add("compose", f"logo emblem: {drawn.what} from the library in a {accent} badge", "the request's subject")
    else:
        letter = (name or "").strip()[:1]
        if letter:
            layers.append(
                fitted_text("emblem-letter", letter, badge.inset(0.22 * d), "#FFFFFF", max_size=0.5 * d, min_size=12,
                      role="emblem", z=12, max_lines=1)
            )  # fmt: skip
            trace.add("compose", f"logo emblem: the initial {letter!r}", "no subject to draw as an icon")
    y = badge.bottom + 0.06 * H
    if name:
        box = Box(x=0.08 * W, y=y, w=0.84 * W, h=0.2 * H)
        word = fitted_text(
            "wordmark", name, box, ink, max_size=0.15 * short, min_size=0.04 * short, role="title", z=20,
            tracking=title_tracking(name) + 0.02, line_height=1.05,
        )  # fmt: skip
        word.box = Box(x=word.box.x, y=y, w=word.box.w, h=word.box.h)
        layers.append(word)
        trace.add("compose", f"wordmark {name!r}: {word.size:.0f} px display", "the name under its emblem")
        y = word.box.bottom + 0.035 * H
    if tagline:
        box = Box(x=0.14 * W, y=y, w=0.72 * W, h=0.07 * H)
        tag = fitted_text(
            "tagline", tagline, box, mix(ink, "#888888", 0.25), max_size=0.045 * short, min_size=0.025 * short,
            font="text", role="subtitle", z=20, tracking=0.12, max_lines=1,
        )  # fmt: skip
        tag.box = Box(x=tag.box.x, y=y, w=tag.box.w, h=tag.box.h)
        layers.append(tag)
        y = tag.box.bottom + 0.02 * H
    for i, extra in enumerate(intent.texts[2:], start=1):  # (an address, a year: small, under the tagline)
        line = fitted_text(
            f"line-{i}", extra, Box(x=0.14 * W, y=y, w=0.72 * W, h=0.05 * H), mix(ink, "#888888", 0.35),
            max_size=0.032 * short, min_size=0.022 * short, font="text", role="body", z=20, max_lines=1,
        )  # fmt: skip
        line.box = Box(x=line.box.x, y=y, w=line.box.w, h=line.box.h)
        layers.append(line)
        y = line.box.bottom + 0.015 * H
    # the lockup sits in the optical middle: move everything so its block is centred
    top_y = min(layer.box.y for layer in layers)
    bottom = max(layer.box.bottom for layer in layers)
    dy = (H - (bottom - top_y)) / 2 - top_y - 0.02 * H
    for layer in layers:
        layer.box = Box(x=layer.box.x, y=layer.box.y + dy, w=layer.box.w, h=layer.box.h)
    trace.add("compose", "logo: transparent canvas, emblem over wordmark", "a mark is placed on other designs")
    palette_theme = dataclasses.replace(theme, bg=("#FFFFFF",) + theme.bg[1:], ink=ink, accent=accent)
    scene = make_scene(intent, palette_theme, layers)
    if drawn is not None:
        _credit_artwork(scene, intent)
    return scene


# 2. Sticker ------------------------------------------------------------------------


def sticker(intent: Intent, trace: Trace) -> Scene:
    """The subject and the words, with a white die-cut border that follows their outline."""
    theme = styled_theme(intent)  # the theme, in the named style's colours when one was named
    W, H = intent.width, intent.height
    short = min(W, H)
    ink = theme.bg[-1] if is_dark(theme) else theme.ink
    accent = theme.accent
    layers: list[Layer] = []
    words = intent.texts[0] if intent.texts else None
    icon = _emblem_icon(intent)
    drawn = _drawn_subject(intent) if icon is None else None
    if icon is None and drawn is None and not words:
        icon = _theme_icon(theme)
    margin = 0.07 * short  # the cut margin, and room for it inside the canvas
    if drawn is not None:
        d = (0.55 if words else 0.72) * short
        y = 0.08 * H if words else (H - d) / 2
        layers.append(_object(drawn, intent, Box(x=W / 2 - d / 2, y=y, w=d, h=d)))
        trace.add("compose", f"sticker subject: {drawn.what} from the library", "no icon draws it; the artwork does")
    if icon is not None:
        d = (0.5 if words else 0.7) * short
        y = 0.1 * H if words else (H - d) / 2
        code, emoji = icon
        layers.append(
            IconLayer(id="subject", name=f"subject {emoji}", role="subject", z=20,
                      box=Box(x=W / 2 - d / 2, y=y, w=d, h=d), code=code, emoji=emoji, rotate=-6)
        )  # fmt: skip
    extras = intent.texts[1:]
    if words:
        top = layers[0].box.bottom - 0.06 * H if layers else 0.3 * H
        bottom = (H - margin * 1.6) - len(extras) * 0.1 * H
        box = Box(x=margin * 1.6, y=top, w=W - 3.2 * margin, h=max(0.1 * H, bottom - top))
        t = fitted_text(
            "title", words, box, ink, max_size=0.2 * short, min_size=0.05 * short, role="title", z=30,
            max_lines=3, line_height=1.05,
        )  # fmt: skip
        if not layers:
            t.box = Box(x=t.box.x, y=(H - t.box.h) / 2, w=t.box.w, h=t.box.h)
        t.outline = "#FFFFFF"
        t.outline_width = 0.12
        layers.append(t)
        trace.add("compose", f"sticker words {words!r}: {t.size:.0f} px with a white outline", "read on any ground")
        y = t.box.bottom + 0.2 * t.size + 0.01 * H  # clear of the title's white outline
        for i, extra in enumerate(extras, start=1):
            line = fitted_text(
                f"line-{i}", extra, Box(x=margin * 1.6, y=y, w=W - 3.2 * margin, h=0.08 * H), accent,
                max_size=0.07 * short, min_size=0.035 * short, role="body", z=30, max_lines=1,
            )  # fmt: skip
            line.box = Box(x=line.box.x, y=y, w=line.box.w, h=line.box.h)
            line.fill = readable(accent, "#FFFFFF", 4.5)
            line.outline, line.outline_width = "#FFFFFF", 0.12
            layers.append(line)
            y = line.box.bottom + 0.2 * line.size + 0.01 * H
    cut = _die_cut(intent, layers, margin)
    if cut is not None:
        layers.insert(0, cut)
        trace.add("compose", "die-cut outline: the drawn shapes grown by the cut margin, one path", "a sticker's cut")
    bg = dataclasses.replace(theme, bg=("#FFFFFF",) + theme.bg[1:], ink=ink, accent=accent)
    scene = make_scene(intent, bg, layers)
    if drawn is not None:
        _credit_artwork(scene, intent)
    return scene


def _die_cut(intent: Intent, layers: list[Layer], margin: float) -> ShapeLayer | None:
    """A white polygon around the union of what ``layers`` draw, grown by ``margin``."""
    import numpy as np
    from shapely import MultiPolygon, Polygon, box, unary_union

    from ..render.raster import render
    from ..scene import Canvas

    if not layers:
        return None
    W, H = intent.width, intent.height
    probe = Scene(canvas=Canvas(width=W, height=H), layers=[layer.model_copy() for layer in layers])
    alpha = np.asarray(render(probe).image)[..., 3]
    step = max(2, int(min(W, H) / 192))  # a coarse grid is plenty: the margin rounds it
    small = alpha[: H - H % step, : W - W % step].reshape(H // step, step, W // step, step).max(axis=(1, 3)) > 24
    cells = []
    for r in range(small.shape[0]):
        row = small[r]
        c = 0
        while c < row.size:
            if row[c]:
                start = c
                while c < row.size and row[c]:
                    c += 1
                cells.append(box(start * step, r * step, c * step, (r + 1) * step))
            c += 1
    if not cells:
        return None
    shape = unary_union(cells).buffer(margin, quad_segs=8).buffer(-0.35 * margin).buffer(0.35 * margin)
    if isinstance(shape, MultiPolygon):  # parts too far apart for one sticker: their hull
        shape = shape.convex_hull.buffer(0.2 * margin)
    if not isinstance(shape, Polygon):
        return None
    shape = shape.simplify(0.1 * margin)
    x0, y0, x1, y1 = shape.bounds
    x0, y0, x1, y1 = max(0.0, x0), max(0.0, y0), min(float(W), x1), min(float(H), y1)
    pts = [(min(1.0, max(0.0, (x - x0) / (x1 - x0))), min(1.0, max(0.0, (y - y0) / (y1 - y0))))
           for x, y in list(shape.exterior.coords)[:-1]]  # fmt: skip
    return ShapeLayer(
        id="die-cut", name="die-cut outline", role="backdrop", z=5, shape="polygon",
        box=Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0), points=pts, fill=Solid(color="#FFFFFF"),
        stroke="#D6D6D6", stroke_width=max(2.0, 0.004 * min(W, H)),
    )  # fmt: skip


# 3. Timetable ----------------------------------------------------------------------


def timetable(intent: Intent, trace: Trace) -> Scene:
    theme = styled_theme(intent)  # the theme, in the named style's colours when one was named
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    dark = is_dark(theme)
    table = intent.table
    assert table is not None  # (dispatch draws a timetable only with its table)
    layers: list[Layer] = [_background(theme, W, H)]
    top = safe.y + 0.01 * H
    heading = intent.texts[0] if intent.texts else _lead_title(intent.prompt)
    if heading:
        t = _title_with_rule(
            layers, intent, heading, Box(x=safe.x, y=safe.y, w=safe.w, h=0.13 * H), theme, trace,
            max_size=0.085 * short, gap=0.02 * H,
        )  # fmt: skip
        if not intent.texts:
            t.composed = True
            trace.add("compose", f"title {heading!r} from the request's own words", "no title was quoted")
        top = t.box.bottom + 0.06 * H
    for i, extra in enumerate(intent.texts[1:3], start=1):
        sub = fitted_text(f"subtitle-{i}", extra, Box(x=safe.x, y=top - 0.03 * H, w=safe.w, h=0.045 * H), theme.sub_ink,
                    max_size=0.035 * short, min_size=0.02 * short, font="text", role="subtitle", max_lines=1)  # fmt: skip
        layers.append(sub)
        top = sub.box.bottom + 0.035 * H
    header = list(table.header)
    rows = [list(r) for r in table.rows]
    n_cols = max(len(r) for r in rows)
    n_rows = len(rows) + (1 if header else 0)
    area = Box(x=safe.x, y=top, w=safe.w, h=safe.bottom - top)
    row_h = min(area.h / n_rows, 0.13 * H, 0.3 * area.w)
    # column widths follow their content (at 100 px), the head column no wider than it needs
    need = [
        max([measure(r[c], "display" if c == 0 else "text", 100) for r in rows]
            + ([measure(header[c], "display", 100)] if header else []) + [100.0])
        for c in range(n_cols)
    ]  # fmt: skip
    share = [max(n, 0.45 * max(need)) for n in need]
    total = sum(share)
    col_w = [area.w * s / total for s in share]
    pad = 0.22 * row_h
    size = min(0.42 * row_h, 0.065 * short)
    for c in range(n_cols):
        size = min(size, (col_w[c] - 2 * pad) / (need[c] / 100))
    size = max(size, 0.018 * short)
    block_h = n_rows * row_h
    y0 = area.y + max(0.0, (area.h - block_h) * 0.4)
    card = "#FFFFFF" if not dark else mix(theme.bg[0], "#000000", 0.35)
    layers.append(
        ShapeLayer(id="table-card", name="table", role="backdrop", z=8, shape="rect",
                   box=Box(x=area.x, y=y0, w=area.w, h=block_h), fill=Solid(color=card), radius=0.025 * row_h * 4,
                   opacity=0.92)
    )  # fmt: skip
    head_fill = theme.accent if contrast(theme.accent, card) >= 1.6 else theme.ink
    head_ink = _on(head_fill, "#FFFFFF", theme.ink, "#111111")
    cell_ink = _on(card, theme.ink, "#111111", "#FFFFFF")
    stripe = mix(theme.accent, card, 0.9)
    y = y0
    if header:
        layers.append(
            ShapeLayer(id="table-header", name="header band", role="backdrop", z=9, shape="rect",
                       box=Box(x=area.x, y=y, w=area.w, h=row_h), fill=Solid(color=head_fill), radius=0.1 * row_h)
        )  # fmt: skip
    x = area.x
    for c in range(n_cols):
        if header and header[c]:
            layers.append(
                fitted_text(f"head-{c}", header[c], Box(x=x + pad, y=y, w=col_w[c] - 2 * pad, h=row_h), head_ink,
                      max_size=size, min_size=size * 0.6, role="header", z=30, max_lines=1, tight=False)
            )  # fmt: skip
        x += col_w[c]
    if header:
        y += row_h
    for r, row in enumerate(rows):
        if r % 2 == 1:
            layers.append(
                ShapeLayer(id=f"row-{r + 1}-stripe", name=f"row {r + 1} stripe", role="backdrop", z=9, shape="rect",
                           box=Box(x=area.x, y=y, w=area.w, h=row_h), fill=Solid(color=stripe))
            )  # fmt: skip
        x = area.x
        for c, cell in enumerate(row):
            if cell:
                head = c == 0 and table.row_heads
                align = "start" if (table.times and c == n_cols - 1) else "center"
                layers.append(
                    fitted_text(f"cell-{r + 1}-{c + 1}", cell, Box(x=x + pad, y=y, w=col_w[c] - 2 * pad, h=row_h),
                          readable(theme.accent, card, 4.5) if head and table.times else cell_ink, max_size=size, min_size=size * 0.6,
                          font="display" if head else "text", role="cell", z=30, max_lines=1, align=align, tight=False)
                )  # fmt: skip
            x += col_w[c]
        y += row_h
        if r < len(rows) - 1:
            layers.append(
                ShapeLayer(id=f"row-{r + 1}-rule", name=f"rule under row {r + 1}", role="decoration", z=10,
                           shape="rect", box=Box(x=area.x + pad, y=y - 1, w=area.w - 2 * pad, h=2),
                           fill=Solid(color=mix(cell_ink, card, 0.85)))
            )  # fmt: skip
    if table.row_heads and n_cols > 1:
        x = area.x + col_w[0]
        layers.append(
            ShapeLayer(id="head-column-rule", name="rule after the head column", role="decoration", z=10,
                       shape="rect", box=Box(x=x - 1, y=y0 + (row_h if header else 0) + 0.2 * row_h, w=2,
                                             h=block_h - (row_h if header else 0) - 0.4 * row_h),
                       fill=Solid(color=mix(cell_ink, card, 0.75)))
        )  # fmt: skip
    trace.add(
        "compose",
        f"table: {n_rows} rows × {n_cols} columns at {size:.0f} px, columns sized to their content",
        "a header band, zebra rows and one type size for every cell",
    )
    return make_scene(intent, theme, layers)


def _lead_title(prompt: str) -> str | None:
    """The words before a request's data ("Conference schedule: …" → 'Conference
    schedule'), as written, when they are a short name for it; else None."""
    from ..understand.rules import unquoted

    m = re.match(r"\s*([^:：]{2,48}?)\s*(?:(?<!\d)[:：]|[:：](?!\d))", unquoted(prompt))
    if m is None:
        return None
    lead = m.group(1).strip()
    from .style_words import WORDS

    for word in sorted((w for ws in WORDS.values() for w in ws), key=len, reverse=True):  # a style is no title
        lead = re.sub(rf"(?i)(?<![a-z]){re.escape(word)}(?![a-z])(?:な|の)?\s*", "", lead)
    lead = re.sub(r"(?i)^(?:please\s+)?(?:make|create|design|draw|generate|give)\s+(?:me\s+)?(?:an?|the)?\s*", "", lead)
    lead = re.sub(r"(?i)^(?:an?|the)\s+", "", lead)
    lead = re.sub(r"(を|の)?(作って|作成して|ください|お願い)+$", "", lead).strip(" 、。")
    if not lead or len(lead) > 40 or not any(ch.isalpha() for ch in lead):
        return None
    return lead[0].upper() + lead[1:] if lead[0].isascii() else lead  # a heading starts with a capital


# 4. Flyer --------------------------------------------------------------------------


def flyer(intent: Intent, trace: Trace) -> Scene:
    theme = styled_theme(intent)  # the theme, in the named style's colours when one was named
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    dark = is_dark(theme)
    layers: list[Layer] = [_background(theme, W, H)]
    sections = [s for s in intent.sections if s.role != "contact"]
    contact = [s for s in intent.sections if s.role == "contact"]
    # 1. The title block: the title large, the other quoted texts under it.
    title = intent.texts[0] if intent.texts else None
    top = safe.y
    if title:
        t = _title_with_rule(
            layers, intent, title, Box(x=safe.x, y=safe.y + 0.02 * H, w=safe.w, h=0.2 * H), theme, trace,
            max_size=0.15 * short, gap=0.025 * H,
        )  # fmt: skip
        top = t.box.bottom + 0.06 * H
    for i, extra in enumerate(intent.texts[1:], start=1):
        sub = fitted_text(f"text-{i}", extra, Box(x=safe.x + 0.04 * W, y=top, w=safe.w - 0.08 * W, h=0.09 * H),
                    theme.sub_ink, max_size=0.045 * short, min_size=0.022 * short, font="text",
                    role="subtitle" if i == 1 else "body", max_lines=2)  # fmt: skip
        sub.box = Box(x=sub.box.x, y=top, w=sub.box.w, h=sub.box.h)
        layers.append(sub)
        top = sub.box.bottom + 0.025 * H
    # 2. The picture: the request's subject as a badge between the title and the facts.
    band_h = 0.1 * H if contact else 0.0
    rows_h = len(sections) * 0.1 * H
    room = safe.bottom - band_h - top - rows_h - 0.04 * H
    icon = _emblem_icon(intent) or _theme_icon(theme)
    if icon is not None and room > 0.12 * H:
        d = min(room * 0.85, 0.34 * short)
        badge = Box(x=W / 2 - d / 2, y=top + (room - d) / 2, w=d, h=d)
        layers.append(
            ShapeLayer(id="picture-badge", name="picture badge", role="decoration", z=10, shape="ellipse", box=badge,
                       fill=Solid(color=mix(theme.accent, theme.bg[0], 0.75)))
        )  # fmt: skip
        layers.append(
            IconLayer(id="picture", name=f"picture {icon[1]}", role="decoration", z=12, box=badge.inset(0.17 * d),
                      code=icon[0], emoji=icon[1])
        )  # fmt: skip
        top = badge.bottom + 0.04 * H
    else:
        top += max(0.0, room) * 0.5
    # 3. The facts as labelled rows: a label chip on the left, the value beside it.
    card = "#FFFFFF" if not dark else mix(theme.bg[0], "#000000", 0.4)
    if sections:
        row_h = 0.1 * H
        list_box = Box(x=safe.x, y=top, w=safe.w, h=len(sections) * row_h)
        layers.append(
            ShapeLayer(id="facts-card", name="facts card", role="backdrop", z=8, shape="rect",
                       box=list_box.inset(-0.02 * short), fill=Solid(color=card), opacity=0.9, radius=0.02 * short)
        )  # fmt: skip
        chip_w = max(measure(s.label, "display", 100) for s in sections) / 100 * 0.032 * short + 0.05 * short
        chip_w = min(chip_w, 0.3 * safe.w)
        chip_ink = _on(theme.accent, "#FFFFFF", "#111111")
        value_ink = _on(card, theme.ink, "#111111", "#FFFFFF")
        for i, s in enumerate(sections):
            y = top + i * row_h
            chip = Box(x=list_box.x + 0.02 * W, y=y + 0.18 * row_h, w=chip_w, h=0.64 * row_h)
            layers.append(
                ShapeLayer(id=f"{s.role}-{i + 1}-chip", name=f"{s.label} label", role="backdrop", z=10, shape="rect",
                           box=chip, fill=Solid(color=theme.accent), radius=0.32 * chip.h)
            )  # fmt: skip
            layers.append(
                fitted_text(f"{s.role}-{i + 1}-label", s.label, chip.inset(0.14 * chip.h), chip_ink,
                      max_size=0.032 * short, min_size=0.018 * short, role="label", z=30, max_lines=1)
            )  # fmt: skip
            vx = chip.right + 0.035 * W
            layers.append(
                fitted_text(f"{s.role}-{i + 1}", s.value, Box(x=vx, y=y + 0.1 * row_h, w=list_box.right - vx, h=0.8 * row_h),
                      value_ink, max_size=0.05 * short, min_size=0.02 * short,
                      font="display" if s.role == "date" else "text", role=s.role, align="start", max_lines=2)
            )  # fmt: skip
        trace.add(
            "compose",
            f"flyer: {len(sections)} labelled row(s): " + ", ".join(s.label for s in sections),
            "label chips on one column, values aligned on one edge",
        )
    # 4. The contact in a band at the foot.
    if contact:
        band = Box(x=0, y=H - band_h - 0.03 * H, w=W, h=band_h + 0.03 * H)
        layers.append(
            ShapeLayer(id="contact-band", name="contact band", role="backdrop", z=8, shape="rect", box=band,
                       fill=Solid(color=theme.ink if not dark else theme.accent))
        )  # fmt: skip
        band_ink = _on(theme.ink if not dark else theme.accent, "#FFFFFF", "#111111")
        line = "  ".join(f"{s.label} {s.value}" for s in contact)
        layers.append(
            fitted_text("contact", line, Box(x=safe.x, y=band.y, w=safe.w, h=band.h), band_ink,
                  max_size=0.04 * short, min_size=0.02 * short, font="display", role="contact", max_lines=1)
        )  # fmt: skip
    return make_scene(intent, theme, layers)


# 5. Certificate --------------------------------------------------------------------

GOLD = "#A8832E"
PAPER = ("#FFFDF6", "#FBF5E4")
CERT_INK = "#1E1A16"


def _heading_word(intent: Intent) -> str | None:
    """The certificate's own words as the request wrote them (賞状, 感謝状, "Certificate of
    Appreciation"), outside its quotes."""
    from ..understand.rules import unquoted

    said = unquoted(intent.prompt)
    for word in ("表彰状", "感謝状", "修了証", "認定証", "賞状"):
        if word in said:
            return word
    m = re.search(r"\b(certificate|diploma)(\s+of\s+(?!the\b|a\b|an\b)[a-z]+)?", said, re.IGNORECASE)
    if not m:
        return None
    return m.group(1).capitalize() + (" of " + m.group(2).split()[-1].capitalize() if m.group(2) else "")


def certificate(intent: Intent, trace: Trace) -> Scene:
    theme = dataclasses.replace(THEMES[intent.theme], bg=PAPER, ink=CERT_INK, sub_ink="#4A4036", accent=GOLD)
    W, H = intent.width, intent.height
    short = min(W, H)
    layers: list[Layer] = [_background(theme, W, H)]
    # the frame: a gold double rule and a thin inner line, with corner diamonds
    for k, (inset, width) in enumerate(((0.03, 0.012), (0.048, 0.0035), (0.058, 0.0015))):
        m = inset * short
        layers.append(
            ShapeLayer(id=f"frame-{k + 1}", name="frame", role="decoration", z=2 + k, shape="rect",
                       box=Box(x=m, y=m, w=W - 2 * m, h=H - 2 * m), stroke=GOLD, stroke_width=width * short)
        )  # fmt: skip
    c = 0.05 * short
    for k, (cx, cy) in enumerate(((0.03, 0.03), (1, 0.03), (0.03, 1), (1, 1))):
        x = cx * short if cx < 1 else W - 0.03 * short
        y = cy * short if cy < 1 else H - 0.03 * short
        layers.append(
            ShapeLayer(id=f"corner-{k + 1}", name="corner ornament", role="decoration", z=6, shape="polygon",
                       box=Box(x=x - c / 2, y=y - c / 2, w=c, h=c), points=[(0.5, 0), (1, 0.5), (0.5, 1), (0, 0.5)],
                       fill=Solid(color=GOLD))
        )  # fmt: skip
    parts = certificate_parts(intent.texts, intent.prompt)
    heading = _heading_word(intent)
    if heading and any(heading.lower() in p.lower() for p, _ in parts):
        heading = None  # the user's own text already says it
    inner = Box(x=0.12 * short, y=0.12 * short, w=W - 0.24 * short, h=H - 0.24 * short)
    if intent.vertical:
        layers += _certificate_vertical(parts, heading, inner, theme, intent, trace)
    else:
        layers += _certificate_horizontal(parts, heading, inner, theme, intent, trace)
    return make_scene(intent, theme, layers)


def _certificate_vertical(
    parts: list[tuple[str, str]], heading: str | None, inner: Box, theme: Theme, intent: Intent, trace: Trace
) -> list[Layer]:
    """賞状: columns from the right: heading, award, name, body, date, issuer; the heading
    large and spaced, the name near the top, the issuer at the foot, the block centred."""
    order = {"heading": 0, "title": 1, "name": 2, "body": 3, "date": 4, "issuer": 5}
    share = {"heading": 1.0, "title": 0.5, "name": 0.58, "body": 0.36, "date": 0.28, "issuer": 0.34}
    where = {"heading": "center", "title": "start", "name": "start", "body": "start", "date": "start", "issuer": "end"}
    cols = ([(heading, "heading")] if heading else []) + list(parts)
    cols.sort(key=lambda c: order.get(c[1], 3))
    longest_head = max([len(p) for p, r in cols if r in ("heading", "title")] + [2])
    big = min(0.2 * min(intent.width, intent.height), 0.7 * inner.h / (1.35 * longest_head))

    def widths(k: float) -> list[float]:
        out = []
        for p, r in cols:
            size = big * share.get(r, 0.3) * k
            n = max(1, -(-int(len(p) * size * 1.05) // int(0.8 * inner.h))) if r == "body" else 1
            out.append(size * (1 + 1.5 * (n - 1)))
        return out

    k = 1.0
    while k > 0.3 and sum(widths(k)) + 0.03 * inner.w * (len(cols) - 1) > inner.w:
        k -= 0.05
    ws = widths(k)
    gap = min(0.1 * inner.w, (inner.w - sum(ws)) / max(1, len(cols) - 1))
    x = inner.right - (inner.w - sum(ws) - gap * (len(cols) - 1)) / 2
    layers: list[Layer] = []
    for i, ((p, role), w) in enumerate(zip(cols, ws)):
        size = big * share.get(role, 0.3) * k
        y0 = inner.y + (
            0.06 * inner.h if role in ("title", "name") else 0.14 * inner.h if role in ("body", "date") else 0
        )
        box = Box(x=x - w, y=y0, w=w, h=inner.bottom - y0 - (0.02 * inner.h if role == "issuer" else 0))
        layer = fitted_text(
            "heading" if role == "heading" else f"{role}-{i + 1}", p, box, CERT_INK if role != "date" else theme.sub_ink,
            max_size=size, min_size=max(12.0, 0.3 * size), font="serif", role=role, z=20, vertical=True,
            max_lines=6 if role == "body" else 1, align=where.get(role, "start"), line_height=1.5,
            tracking=0.5 if role == "heading" else 0.0,
        )  # fmt: skip
        if role == "heading":
            layer.composed = True
        layers.append(layer)
        x -= w + gap * (1.3 if role == "heading" else 1.0)
    trace.add(
        "compose",
        "certificate: vertical, right to left: " + " / ".join(f"{r} {p!r}" for p, r in cols),
        "a Japanese 賞状 reads from the right; the heading is the request's own word",
    )
    return layers


def _certificate_horizontal(
    parts: list[tuple[str, str]], heading: str | None, inner: Box, theme: Theme, intent: Intent, trace: Trace
) -> list[Layer]:
    W, H = intent.width, intent.height
    short = min(W, H)
    layers: list[Layer] = []
    y = inner.y + 0.04 * H
    if heading:
        h = fitted_text("heading", heading.upper() if intent.language == "en" else heading, Box(x=inner.x, y=y, w=inner.w, h=0.12 * H),
                  readable(GOLD, PAPER[0], 4.5), max_size=0.1 * short, min_size=20, font="serif",
                  role="heading", z=20, max_lines=1, tracking=0.25)  # fmt: skip
        h.composed = True
        h.box = Box(x=h.box.x, y=y, w=h.box.w, h=h.box.h)
        layers.append(h)
        y = h.box.bottom + 0.04 * H
    if not heading and parts and parts[0][1] == "title":  # 'Certificate of Excellence': the heading itself
        p0 = parts.pop(0)[0]
        h = fitted_text("title", p0, Box(x=inner.x, y=y, w=inner.w, h=0.12 * H), readable(GOLD, PAPER[0], 4.5),
                  max_size=0.085 * short, min_size=20, font="serif", role="title", z=20, max_lines=1, tracking=0.12)  # fmt: skip
        h.box = Box(x=h.box.x, y=y, w=h.box.w, h=h.box.h)
        layers.append(h)
        y = h.box.bottom + 0.04 * H
    bottom_parts = [(p, r) for p, r in parts if r in ("date", "issuer")]
    middle = [(p, r) for p, r in parts if r not in ("date", "issuer")]
    est = sum((0.16 if r == "body" else 0.12) * H * 0.7 + 0.05 * H for _, r in middle)
    room = inner.bottom - 0.2 * H - y  # above the signature lines and the seal
    y += max(0.0, (room - est) * 0.35)  # a short certificate's words sit in the page, not at its top
    sizes = {"title": 0.06, "name": 0.085, "body": 0.034}
    for i, (p, role) in enumerate(middle, start=1):
        hbox = Box(x=inner.x + 0.06 * W, y=y, w=inner.w - 0.12 * W, h=(0.16 if role == "body" else 0.12) * H)
        layer = fitted_text(f"{role}-{i}", p, hbox, CERT_INK if role != "body" else theme.sub_ink,
                      max_size=sizes.get(role, 0.04) * short, min_size=14, font="serif" if role != "body" else "text",
                      role=role, z=20, max_lines=3 if role == "body" else 2, line_height=1.3)  # fmt: skip
        layer.box = Box(x=layer.box.x, y=y, w=layer.box.w, h=layer.box.h)
        layers.append(layer)
        if role == "name":  # a gold rule under the name
            layers.append(
                ShapeLayer(id="name-rule", name="rule under the name", role="decoration", z=10, shape="rect",
                           box=Box(x=W / 2 - 0.22 * W, y=layer.box.bottom + 0.015 * H, w=0.44 * W, h=0.003 * short),
                           fill=Solid(color=GOLD))
            )  # fmt: skip
        y = layer.box.bottom + 0.05 * H
    # date and issuer on signature lines at the foot, left and right
    foot = inner.bottom - 0.06 * H
    for k, (p, role) in enumerate(bottom_parts[:2]):
        cx = inner.x + inner.w * (0.25 if k == 0 else 0.75)
        layers.append(
            ShapeLayer(id=f"{role}-line", name=f"{role} line", role="decoration", z=10, shape="rect",
                       box=Box(x=cx - 0.14 * W, y=foot - 0.01 * H, w=0.28 * W, h=max(2.0, 0.0018 * short)),
                       fill=Solid(color=CERT_INK))
        )  # fmt: skip
        layers.append(
            fitted_text(f"{role}", p, Box(x=cx - 0.15 * W, y=foot, w=0.3 * W, h=0.05 * H), theme.sub_ink,
                  max_size=0.03 * short, min_size=12, font="text", role=role, z=20, max_lines=1)
        )  # fmt: skip
    # a gold seal between them
    d = 0.15 * short
    seal = Box(x=W / 2 - d / 2, y=foot - 0.65 * d, w=d, h=d)
    if not any(layer.box.intersects(seal) for layer in layers if isinstance(layer, TextLayer)):
        layers.append(ShapeLayer(id="seal-rays", name="seal", role="decoration", z=8, shape="rays", box=seal,
                                 fill=Solid(color=mix(GOLD, PAPER[0], 0.35)), count=32))  # fmt: skip
        layers.append(ShapeLayer(id="seal", name="seal", role="decoration", z=9, shape="ellipse", box=seal.inset(0.14 * d),
                                 fill=Solid(color=GOLD)))  # fmt: skip
        layers.append(ShapeLayer(id="seal-ring", name="seal ring", role="decoration", z=10, shape="ring",
                                 box=seal.inset(0.22 * d), stroke=PAPER[0], stroke_width=0.012 * d * 4))  # fmt: skip
    trace.add("compose", "certificate: centred, name on a gold rule, date and issuer on signature lines", "formal")
    return layers


# 6. A banner with several texts in a row -------------------------------------------


def banner_row(intent: Intent, trace: Trace) -> Scene:
    """Title left, details stacked in the middle, a call to action as a button on the right."""
    theme = styled_theme(intent)  # the theme, in the named style's colours when one was named
    W, H = intent.width, intent.height
    short = min(W, H)
    safe = safe_area(intent)
    layers: list[Layer] = [_background(theme, W, H)]
    texts = list(intent.texts)
    cta = texts.pop() if len(texts) >= 3 and is_cta(texts[-1]) else None
    title, details = texts[0], texts[1:]
    cta_w = 0.0
    if cta:
        cta_w = min(0.24 * W, measure(cta, "display", 0.3 * short) + 0.2 * short)
    title_w = (safe.w - cta_w) * (0.55 if details else 0.9)
    t = fitted_text("title", title, Box(x=safe.x, y=safe.y, w=title_w, h=safe.h), theme.ink, max_size=0.42 * short,
              min_size=0.12 * short, role="title", align="start", z=20, max_lines=2, line_height=1.08,
              tracking=title_tracking(title))  # fmt: skip
    layers.append(t)
    trace.add(
        "compose", f"banner row: title {title!r} at {t.size:.0f} px on the left", "a wide banner reads left to right"
    )
    x = t.box.right + 0.05 * W
    if details:
        layers.append(
            ShapeLayer(id="divider", name="divider", role="decoration", z=10, shape="rect",
                       box=Box(x=x - 0.025 * W, y=H * 0.3, w=max(2.0, 0.005 * short), h=H * 0.4),
                       fill=Solid(color=theme.accent))
        )  # fmt: skip
        right = safe.right - cta_w - (0.04 * W if cta else 0)
        slot_h = safe.h / max(2, len(details)) * 0.8
        y = H / 2 - slot_h * len(details) / 2
        for i, d in enumerate(details, start=1):
            layers.append(
                fitted_text(f"detail-{i}", d, Box(x=x, y=y, w=max(10.0, right - x), h=slot_h), theme.sub_ink,
                      max_size=0.17 * short, min_size=0.06 * short, font="display" if i == 1 else "text",
                      role="date" if i == 1 else "body", align="start", z=20, max_lines=1)
            )  # fmt: skip
            y += slot_h
    if cta:
        button = Box(x=safe.right - cta_w, y=H / 2 - 0.15 * short, w=cta_w, h=0.3 * short)
        layers.append(
            ShapeLayer(id="cta-button", name="button", role="backdrop", z=15, shape="rect", box=button,
                       fill=Solid(color=theme.accent), radius=0.5 * button.h)
        )  # fmt: skip
        layers.append(
            fitted_text("cta", cta, button.inset(0.22 * button.h), _on(theme.accent, "#FFFFFF", "#111111", theme.ink),
                  max_size=0.12 * short, min_size=0.05 * short, role="cta", z=30, max_lines=1)
        )  # fmt: skip
        trace.add("compose", f"call to action {cta!r} as a button on the right", "it asks the reader to act")
    return make_scene(intent, theme, layers)


def dispatch(intent: Intent, trace: Trace) -> Scene | None:
    """The scene of a structured format, or None when the design path draws it."""
    mode, kind = intent.mode, intent.kind
    if mode == "timetable" and intent.table is not None:
        return timetable(intent, trace)
    if mode == "flyer" and (intent.sections or len(intent.texts) >= 3):
        return flyer(intent, trace)
    if mode == "certificate":
        return certificate(intent, trace)
    if mode == "logo":
        return logo(intent, trace)
    if mode == "sticker":
        return sticker(intent, trace)
    if kind == "banner" and len(intent.texts) >= 3 and not intent.vertical and intent.width >= 2.4 * intent.height:
        return banner_row(intent, trace)
    return None
